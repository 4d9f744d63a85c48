import { appendAudit } from '../../db/repositories/audit.js';
import { findProposal, insertEscalationOnce, listEscalations, listWaitingProposals } from '../../db/repositories/awards.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { listCouncilStaff } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Tx } from '../../db/client.js';
import { headsOfServiceFor, reminderRecipientsFor, type ProposalForAuthority } from '../../domain/approval-authority.js';
import { escalationDue } from '../../domain/approval-escalation.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import type { ApprovalEscalationStage } from '../../db/schema/awards.js';
import type { ServiceDeps } from '../deps.js';
import { authorityContextFor } from '../cover/authority-context.js';

/**
 * What the clock triggers for proposals waiting for a decision: after the council's reminder period
 * (working days), a personal message with the approval card to each person who has the authority to
 * approve it today, own or as cover (the Service Managers; the Head of Service when nobody else can); after the further escalation period, the same to the Head of
 * Service (or whoever covers for them). When nobody can decide, the council's administrators are told.
 * Each stage happens once per proposal (a unique row and dedup keys), so running this again, or in two
 * processes, does nothing more.
 */
export async function runApprovalEscalations(deps: ServiceDeps): Promise<{ reminders: number; escalations: number }> {
  const now = deps.clock.now();
  const today = calendarDateOf(now);
  const waiting = (await listWaitingProposals(deps.db));
  const done = new Map<number, Set<ApprovalEscalationStage>>();
  for (const row of (await listEscalations(deps.db, waiting.map((p) => p.proposalId)))) {
    done.set(row.proposalId, (done.get(row.proposalId) ?? new Set()).add(row.stage));
  }
  let reminders = 0;
  let escalations = 0;
  for (const waitingProposal of waiting) {
    const stages = done.get(waitingProposal.proposalId) ?? new Set();
    const due = escalationDue(
      calendarDateOf(new Date(waitingProposal.createdAt)),
      today,
      { reminderWorkingDays: waitingProposal.reminderWorkingDays, escalationWorkingDays: waitingProposal.escalationWorkingDays },
      { reminder: stages.has('reminder'), escalation: stages.has('escalation') },
    );
    if (!due.reminder && !due.escalation) continue;
    const scope = { councilId: waitingProposal.councilId };
    (await writeTransaction(deps.db, async (tx) => {
      // Decided since the list was read: nothing to chase.
      const proposal = (await findProposal(tx, scope, waitingProposal.proposalId));
      if (!proposal || proposal.status !== 'pending') return;
      const people = (await listCouncilStaff(tx, scope));
      const context = (await authorityContextFor(tx, scope, today));
      const heads = due.escalation ? headsOfServiceFor(people, proposal, context) : [];
      const send = async (stage: ApprovalEscalationStage, recipients: number[]) => {
        // Nobody can decide (no Head of Service, nobody with a high enough limit): the administrators are told instead.
        const admins = recipients.length ? [] : people.filter((p) => p.roles.includes('admin') && p.staffId !== proposal.proposedByStaffId).map((p) => p.staffId);
        const to = recipients.length ? recipients : admins;
        if (!(await insertEscalationOnce(tx, scope, { proposalId: proposal.id, stage, recipientStaffIds: to, workingDaysWaited: due.workingDaysWaited, at: now.toISOString() }))) return false;
        const template = recipients.length ? (stage === 'reminder' ? 'approval_reminder' : 'approval_escalated') : 'approval_unattended';
        for (const staffId of to) {
          (await enqueueOutbox(tx, {
            councilId: scope.councilId,
            kind: 'teams.personal_message',
            dedupKey: `approval-${stage}:${proposal.id}:${staffId}`,
            payload: { staffId, requestId: proposal.requestId, proposalId: proposal.id, template, workingDaysWaited: due.workingDaysWaited },
            at: now,
          }));
        }
        (await audit(tx, proposal, stage, { recipients, administrators: admins, workingDaysWaited: due.workingDaysWaited }));
        return true;
      };
      if (due.reminder) {
        // Escalated in the same run (the clock was stopped for a while): the Heads of Service get the escalation only.
        const approvers = reminderRecipientsFor(people, proposal, context).filter((p) => !heads.includes(p));
        if ((await send('reminder', approvers.map((p) => p.staffId)))) reminders += 1;
      }
      if (due.escalation && (await send('escalation', heads.map((p) => p.staffId)))) escalations += 1;
    }));
  }

  async function audit(tx: Tx, proposal: ProposalForAuthority & { id: number; requestId: number }, stage: ApprovalEscalationStage, details: Record<string, unknown>) {
    (await appendAudit(tx, now, {
      councilId: proposal.councilId,
      actorStaffId: null,
      actorLabel: 'system:timers',
      action: stage === 'reminder' ? 'award.approval_reminded' : 'award.approval_escalated',
      entityType: 'placement_request',
      entityId: String(proposal.requestId),
      details: { proposalId: proposal.id, annualValuePence: proposal.annualValuePence, ...details },
    }));
  }
  return { reminders, escalations };
}
