import { appendStaffAudit } from '../../db/repositories/audit.js';
import { updateEscalationSettings } from '../../db/repositories/staff-admin.js';
import type { Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { validateEscalationSettings, type EscalationSettings } from '../../domain/approval-escalation.js';
import type { ServiceDeps } from '../deps.js';
import { councilOf, requireCouncilAdmin } from './council-staff.js';

export type EscalationSettingsResult = { outcome: 'saved'; settings: EscalationSettings } | { outcome: 'invalid'; errors: Partial<Record<keyof EscalationSettings, string>> };

/** The council's administrator sets how long a proposal may wait before its approvers are reminded, and then before it goes to the Head of Service. */
export async function setApprovalEscalation(deps: ServiceDeps, input: { actor: Actor; reminderWorkingDays: unknown; escalationWorkingDays: unknown }): Promise<EscalationSettingsResult> {
  const { actor } = input;
  requireCouncilAdmin(actor);
  const checked = validateEscalationSettings(input);
  if (!checked.ok) return { outcome: 'invalid', errors: checked.errors };
  const before = (await councilOf(deps, actor));
  const now = deps.clock.now();
  (await writeTransaction(deps.db, async (tx) => {
    (await updateEscalationSettings(tx, actor.councilId, checked.settings));
    (await appendStaffAudit(tx, now, actor, {
      action: 'council.approval_escalation_set',
      entityType: 'council',
      entityId: actor.councilId,
      details: { from: { reminderWorkingDays: before.reminderWorkingDays, escalationWorkingDays: before.escalationWorkingDays }, to: checked.settings },
    }));
  }));
  return { outcome: 'saved', settings: checked.settings };
}
