import { findCouncilById, findCouncilStaffMember, type Actor, type CouncilStaffRow } from '../../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { parseId } from '../../domain/ids.js';
import type { StaffMemberCouncil } from '../../domain/staff-register.js';
import { registrationForCouncil } from '../councils/bot-registrations.js';
import type { ServiceDeps } from '../deps.js';

/**
 * Shared by the administrator's staff use cases (add, change, deactivate, reactivate, settings): who may,
 * and which council and tenant a person joins.
 */
export const ADMIN_ONLY = "Managing your council's staff is for its Placement Desk administrators.";

export function requireCouncilAdmin(actor: Actor): void {
  if (!actor.roles.includes('admin')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, ADMIN_ONLY);
}

/**
 * The tenant a council's people sign in from: its own registration's (or the environment registration's
 * that serves it). Anyone else could never reach the council's bot, so a card never asks for it. Without
 * any registration (dev mode, anonymous) it is the administrator's own tenant.
 */
export async function councilTenantOf(deps: ServiceDeps, actor: Actor): Promise<string> {
  return (await registrationForCouncil(deps, actor.councilId))?.tenantId ?? actor.tenantId;
}

export async function councilOf(deps: ServiceDeps, actor: Actor): Promise<StaffMemberCouncil & { reminderWorkingDays: number; escalationWorkingDays: number }> {
  const council = (await findCouncilById(deps.db, actor.councilId));
  if (!council) throw new AppError(ErrorCodes.NOT_FOUND);
  return {
    code: council.code,
    name: council.name,
    tenantId: (await councilTenantOf(deps, actor)),
    reminderWorkingDays: council.approvalReminderWorkingDays,
    escalationWorkingDays: council.approvalEscalationWorkingDays,
  };
}

export const MEMBER_NOT_FOUND = 'I could not find that person on your council\'s staff list. Type **staff** to see it.';

/** A person of the administrator's own council (another council's is simply not found), by the id a card sent. */
export async function loadCouncilMember(deps: ServiceDeps, actor: Actor, staffId: unknown): Promise<CouncilStaffRow> {
  const id = parseId(staffId);
  const member = id === undefined ? undefined : (await findCouncilStaffMember(deps.db, { councilId: actor.councilId }, id));
  if (!member) throw new AppError(ErrorCodes.NOT_FOUND, MEMBER_NOT_FOUND);
  return member;
}
