import { appendStaffAudit } from '../../db/repositories/audit.js';
import { insertStaff } from '../../db/repositories/staff-admin.js';
import { findCouncilStaffMember, findStaffByIdentity, listCouncilStaff, type Actor, type CouncilStaffRow } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { formatUkDate, calendarDateOf } from '../../domain/calendar-date.js';
import { validateStaffMember, type StaffMemberField, type StaffMemberInput } from '../../domain/staff-register.js';
import type { ServiceDeps } from '../deps.js';
import { councilOf, requireCouncilAdmin } from './council-staff.js';

export type StaffFormResult =
  | { outcome: 'saved'; member: CouncilStaffRow }
  | { outcome: 'invalid'; errors: Partial<Record<StaffMemberField, string>> };

/**
 * An administrator adds a person to their own council: validated with the staff file's rules, their
 * tenant the council's own, their Entra identity not anyone else's already, audited.
 */
export async function addStaffMember(deps: ServiceDeps, input: { actor: Actor; member: StaffMemberInput }): Promise<StaffFormResult> {
  const { actor } = input;
  requireCouncilAdmin(actor);
  const council = (await councilOf(deps, actor));
  const checked = validateStaffMember(input.member, council);
  if (!checked.ok) return { outcome: 'invalid', errors: checked.errors };
  const record = checked.record;
  const now = deps.clock.now();
  const scope = { councilId: actor.councilId };
  return writeTransaction(deps.db, async (tx): Promise<StaffFormResult> => {
    const holder = (await findStaffByIdentity(tx, record.aadObjectId, record.tenantId));
    if (holder) {
      const message =
        holder.councilId !== actor.councilId
          ? 'This Entra object id is already someone of another council on Placement Desk. Check the id; if the person has moved council, ask the regional operator.'
          : holder.active
            ? `This Entra object id is already ${holder.name}'s.`
            : `This Entra object id is ${holder.name}'s, who was deactivated${holder.deactivatedAt ? ` on ${formatUkDate(calendarDateOf(new Date(holder.deactivatedAt)))}` : ''}: open them on the staff card and reactivate them instead.`;
      return { outcome: 'invalid', errors: { aadObjectId: message } };
    }
    const sameEmail = (await listCouncilStaff(tx, scope)).find((m) => m.email.toLowerCase() === record.email);
    if (sameEmail) return { outcome: 'invalid', errors: { email: `${sameEmail.name} already has this e-mail address.` } };
    const staffId = (await insertStaff(
      tx,
      { councilId: actor.councilId, name: record.name, email: record.email, aadObjectId: record.aadObjectId, tenantId: record.tenantId, roles: record.roles, approvalLimit: record.approvalLimit },
      now,
    ));
    const { councilName: _, ...staff } = record;
    (await appendStaffAudit(tx, now, actor, { action: 'staff.created', entityType: 'staff', entityId: staffId, details: { staff, via: 'teams' } }));
    return { outcome: 'saved', member: (await findCouncilStaffMember(tx, scope, staffId))! };
  });
}
