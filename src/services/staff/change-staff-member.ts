import { appendStaffAudit } from '../../db/repositories/audit.js';
import { updateStaffIfVersion } from '../../db/repositories/staff-admin.js';
import { findCouncilStaffMember, listCouncilStaff, type Actor, type CouncilStaffRow } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { parseId } from '../../domain/ids.js';
import { describeStaffChanges, diffStaff, isRegionalRole, validateStaffMember, type StaffMemberInput } from '../../domain/staff-register.js';
import type { ServiceDeps } from '../deps.js';
import type { StaffFormResult } from './add-staff-member.js';
import { councilOf, loadCouncilMember, requireCouncilAdmin } from './council-staff.js';

export type ChangeStaffResult = StaffFormResult | { outcome: 'unchanged'; member: CouncilStaffRow } | { outcome: 'stale'; member: CouncilStaffRow };

/**
 * An administrator changes a person's name, e-mail, roles or approval limit. Checked like a new person
 * (the staff file's rules); the identity never changes; regional roles are kept as the regional staff file
 * gave them; nobody removes their own administrator role. A card drawn before another change is stale.
 */
export async function changeStaffMember(deps: ServiceDeps, input: { actor: Actor; staffId: unknown; version: unknown; member: Omit<StaffMemberInput, 'aadObjectId'> }): Promise<ChangeStaffResult> {
  const { actor } = input;
  requireCouncilAdmin(actor);
  const member = (await loadCouncilMember(deps, actor, input.staffId));
  if (parseId(input.version) !== member.version) return { outcome: 'stale', member };
  if (!member.active) throw new AppError(ErrorCodes.ACTION_NOT_ALLOWED, `${member.name} is deactivated: reactivate them first.`);
  const council = (await councilOf(deps, actor));
  const checked = validateStaffMember(input.member, { ...council, tenantId: member.tenantId }, { keptRoles: member.roles.filter(isRegionalRole), existingAadObjectId: member.aadObjectId });
  if (!checked.ok) return { outcome: 'invalid', errors: checked.errors };
  const record = checked.record;
  if (member.staffId === actor.staffId && !record.roles.includes('admin')) {
    return { outcome: 'invalid', errors: { roles: 'You cannot remove your own administrator role: ask another administrator of your council.' } };
  }
  const changes = diffStaff({ ...member, councilCode: council.code }, record);
  if (Object.keys(changes).length === 0) return { outcome: 'unchanged', member };
  const now = deps.clock.now();
  const scope = { councilId: actor.councilId };
  return writeTransaction(deps.db, async (tx): Promise<ChangeStaffResult> => {
    const sameEmail = (await listCouncilStaff(tx, scope)).find((m) => m.staffId !== member.staffId && m.email.toLowerCase() === record.email);
    if (sameEmail) return { outcome: 'invalid', errors: { email: `${sameEmail.name} already has this e-mail address.` } };
    const saved = (await updateStaffIfVersion(tx, scope, member.staffId, member.version, { name: record.name, email: record.email, roles: record.roles, approvalLimit: record.approvalLimit }, now));
    if (!saved) return { outcome: 'stale', member: (await findCouncilStaffMember(tx, scope, member.staffId))! };
    (await appendStaffAudit(tx, now, actor, { action: 'staff.updated', entityType: 'staff', entityId: member.staffId, details: { changes, summary: describeStaffChanges(changes), via: 'teams' } }));
    return { outcome: 'saved', member: (await findCouncilStaffMember(tx, scope, member.staffId))! };
  });
}
