import { appendStaffAudit } from '../../db/repositories/audit.js';
import { endCoverIfOpen, listCurrentCoversOf } from '../../db/repositories/covers.js';
import { updateStaffIfVersion } from '../../db/repositories/staff-admin.js';
import { findCouncilStaffMember, type Actor, type CouncilStaffRow } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { parseId } from '../../domain/ids.js';
import type { ServiceDeps } from '../deps.js';
import { loadCouncilMember, requireCouncilAdmin } from './council-staff.js';

export type StaffActiveResult =
  | { outcome: 'saved'; member: CouncilStaffRow; coversEnded: number }
  | { outcome: 'stale'; member: CouncilStaffRow }
  | { outcome: 'invalid'; member: CouncilStaffRow; errors: { reason: string } };

export const DEACTIVATION_REASON = { min: 5, max: 500 } as const;

/**
 * An administrator deactivates someone who left or no longer needs access: from the next click every
 * card of theirs is refused (each check reads the database), they get no more messages, and any cover
 * they give or hold ends now. Nothing of what they did is removed. Nobody deactivates themselves.
 */
export async function deactivateStaffMember(deps: ServiceDeps, input: { actor: Actor; staffId: unknown; version: unknown; reason: unknown }): Promise<StaffActiveResult> {
  const { actor } = input;
  requireCouncilAdmin(actor);
  const member = (await loadCouncilMember(deps, actor, input.staffId));
  if (parseId(input.version) !== member.version) return { outcome: 'stale', member };
  if (!member.active) return { outcome: 'stale', member };
  if (member.staffId === actor.staffId) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'You cannot deactivate yourself: ask another administrator of your council.');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < DEACTIVATION_REASON.min || reason.length > DEACTIVATION_REASON.max) {
    return { outcome: 'invalid', member, errors: { reason: 'Say why their access ends (e.g. left the council on 30 November).' } };
  }
  const now = deps.clock.now();
  const scope = { councilId: actor.councilId };
  return writeTransaction(deps.db, async (tx): Promise<StaffActiveResult> => {
    const saved = (await updateStaffIfVersion(tx, scope, member.staffId, member.version, { active: false, deactivatedAt: now.toISOString(), deactivatedByStaffId: actor.staffId, deactivationReason: reason }, now));
    if (!saved) return { outcome: 'stale', member: (await findCouncilStaffMember(tx, scope, member.staffId))! };
    const ended: number[] = [];
    for (const cover of (await listCurrentCoversOf(tx, scope, member.staffId, calendarDateOf(now)))) {
      if ((await endCoverIfOpen(tx, scope, cover.coverId, now, actor.staffId))) ended.push(cover.coverId);
    }
    (await appendStaffAudit(tx, now, actor, { action: 'staff.deactivated', entityType: 'staff', entityId: member.staffId, details: { reason, coversEnded: ended, via: 'teams' } }));
    return { outcome: 'saved', member: (await findCouncilStaffMember(tx, scope, member.staffId))!, coversEnded: ended.length };
  });
}

/** Undoes a deactivation (someone came back): their roles and limit are as they were; audited. */
export async function reactivateStaffMember(deps: ServiceDeps, input: { actor: Actor; staffId: unknown; version: unknown }): Promise<StaffActiveResult> {
  const { actor } = input;
  requireCouncilAdmin(actor);
  const member = (await loadCouncilMember(deps, actor, input.staffId));
  if (parseId(input.version) !== member.version || member.active) return { outcome: 'stale', member };
  const now = deps.clock.now();
  const scope = { councilId: actor.councilId };
  return writeTransaction(deps.db, async (tx): Promise<StaffActiveResult> => {
    const saved = (await updateStaffIfVersion(tx, scope, member.staffId, member.version, { active: true, deactivatedAt: null, deactivatedByStaffId: null, deactivationReason: null }, now));
    if (!saved) return { outcome: 'stale', member: (await findCouncilStaffMember(tx, scope, member.staffId))! };
    (await appendStaffAudit(tx, now, actor, { action: 'staff.reactivated', entityType: 'staff', entityId: member.staffId, details: { deactivatedAt: member.deactivatedAt, previousReason: member.deactivationReason, via: 'teams' } }));
    return { outcome: 'saved', member: (await findCouncilStaffMember(tx, scope, member.staffId))!, coversEnded: 0 };
  });
}
