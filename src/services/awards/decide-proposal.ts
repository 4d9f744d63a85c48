import { TransactionRollbackError } from 'drizzle-orm';
import { parseId } from '../../domain/ids.js';
import { scopeOf } from '../../db/council-scope.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { decideProposalIfPending, findProposal, insertAward, type AwardProposalRow, type AwardRow } from '../../db/repositories/awards.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { findRequestById, updateRequestIfVersion } from '../../db/repositories/placement-requests.js';
import { listReferralsForRequest } from '../../db/repositories/referrals.js';
import { findOfferById } from '../../db/repositories/replies.js';
import type { Actor } from '../../db/repositories/staff.js';
import { APPROVAL_DECISIONS, checkApprovalAuthority, placementEndDate, validateDecisionReason, type ApprovalDecision } from '../../domain/approval-authority.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';

export type DecideResult =
  | { outcome: 'decided'; proposal: AwardProposalRow; award?: AwardRow }
  | { outcome: 'already_decided'; proposal: AwardProposalRow }
  | { outcome: 'refused'; proposal: AwardProposalRow; message: string }
  | { outcome: 'invalid'; proposal: AwardProposalRow; message: string };

const STATUS_OF: Record<ApprovalDecision, 'approved' | 'rejected' | 'info_requested'> = { approve: 'approved', reject: 'rejected', ask: 'info_requested' };

/**
 * An approver decides on a proposal. Authority is read from the database (role, limit, council), never
 * from the card; a refusal is audited. The decision is a compare-and-set on the pending proposal, so two
 * approvers clicking together produce exactly one decision, one award and one set of e-mails.
 */
export function decideProposal(
  deps: ServiceDeps,
  input: { actor: Actor; proposalId: unknown; version: unknown; decision: unknown; reason: unknown },
): DecideResult {
  const { actor } = input;
  const scope = scopeOf(actor);
  const now = deps.clock.now();
  const id = parseId(input.proposalId);
  const proposal = id === undefined ? undefined : findProposal(deps.db, scope, id);
  if (!proposal) {
    // Not in this person's council (or no such proposal): refused without saying whether it exists.
    appendStaffAudit(deps.db, now, actor, {
      action: 'award.decision_refused',
      entityType: 'award_proposal',
      entityId: id ?? 'unknown',
      details: { reason: 'not found in the approver\'s council' },
    });
    throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that proposal for your council, so you cannot decide on it.');
  }
  const decision = (APPROVAL_DECISIONS as readonly unknown[]).includes(input.decision) ? (input.decision as ApprovalDecision) : undefined;
  if (!decision) throw new AppError(ErrorCodes.INVALID_INPUT, 'That card is missing information. Open the request again.');
  if (proposal.status !== 'pending') return { outcome: 'already_decided', proposal };

  const authority = checkApprovalAuthority(actor, proposal, decision);
  if (!authority.ok) {
    appendStaffAudit(deps.db, now, actor, {
      action: 'award.decision_refused',
      entityType: 'placement_request',
      entityId: proposal.requestId,
      details: { proposalId: proposal.id, decision, code: authority.code, annualValuePence: proposal.annualValuePence, approvalLimit: actor.approvalLimit, roles: actor.roles },
    });
    return { outcome: 'refused', proposal, message: authority.message };
  }
  const reason = validateDecisionReason(decision, input.reason);
  if (!reason.ok) return { outcome: 'invalid', proposal, message: reason.message };
  const version = parseId(input.version);

  const request = findRequestById(deps.db, scope, proposal.requestId);
  const offer = findOfferById(deps.db, scope, proposal.offerId);
  if (!request || !offer) throw new AppError(ErrorCodes.CONFLICT, 'The request or offer behind this proposal is missing.');
  try {
    return deps.db.transaction((tx): DecideResult => {
      const decided = decideProposalIfPending(tx, scope, proposal.id, version ?? proposal.version, {
        status: STATUS_OF[decision],
        decisionByStaffId: actor.staffId,
        decisionRole: authority.role,
        decisionAt: now.toISOString(),
        decisionReason: reason.reason,
        decisionAuthority: authority.authority,
      });
      if (!decided) tx.rollback();
      const moved = updateRequestIfVersion(tx, scope, request.id, request.version, {
        status: decision === 'approve' ? 'placed' : 'evaluation',
        ...(decision === 'approve' ? { annualCostPence: proposal.annualValuePence, closedAt: now.toISOString() } : {}),
        updatedAt: now.toISOString(),
      });
      if (!moved) tx.rollback();
      let award: AwardRow | undefined;
      if (decision === 'approve') {
        const startDate = proposal.startDate ?? request.requiredStartDate ?? now.toISOString().slice(0, 10);
        award = insertAward(tx, scope, {
          requestId: request.id,
          proposalId: proposal.id,
          offerId: offer.id,
          providerId: proposal.providerId,
          childReference: `${request.reference} (case ${request.draft.child?.caseReference ?? '–'}, ${request.draft.child?.childInitials ?? ''})`,
          lot: request.lot ?? 0,
          weeklyFeePence: proposal.weeklyFeePence,
          weeksPerYear: proposal.weeksPerYear,
          addOnsWeeklyPence: proposal.addOnsWeeklyPence,
          addOns: offer.addOns,
          annualValuePence: proposal.annualValuePence,
          startDate,
          endDate: placementEndDate(startDate, proposal.weeksPerYear),
          approverStaffId: actor.staffId,
          approverRole: authority.role,
          authority: authority.authority,
          createdAt: now.toISOString(),
        });
        // One award letter to the winner and one courteous letter to every other provider referred, first contact each.
        const firstReferralPerProvider = new Map<string, number>();
        for (const r of listReferralsForRequest(tx, scope, request.id)) if (!firstReferralPerProvider.has(r.providerId) && r.status === 'sent') firstReferralPerProvider.set(r.providerId, r.id);
        for (const [providerId, referralId] of firstReferralPerProvider) {
          const won = providerId === proposal.providerId;
          enqueueOutbox(tx, {
            councilId: actor.councilId,
            kind: 'email',
            dedupKey: `${won ? 'award' : 'not-selected'}:${award.id}:${providerId}`,
            payload: { template: won ? 'award' : 'not_selected', referralId, awardId: award.id },
            at: now,
          });
        }
        enqueueOutbox(tx, {
          councilId: actor.councilId,
          kind: 'teams.personal_message',
          dedupKey: `award-caseworker:${award.id}`,
          payload: { staffId: request.caseworkerStaffId, requestId: request.id, proposalId: proposal.id, template: 'award_made' },
          at: now,
        });
      } else {
        enqueueOutbox(tx, {
          councilId: actor.councilId,
          kind: 'teams.personal_message',
          dedupKey: `proposal-decided:${proposal.id}`,
          payload: { staffId: proposal.proposedByStaffId, requestId: request.id, proposalId: proposal.id, template: decision === 'ask' ? 'proposal_question' : 'proposal_rejected' },
          at: now,
        });
      }
      if (findApprovalsChannel(tx, actor.councilId)) {
        // Every copy of the approval card shows the decision, not only the one that was clicked.
        enqueueOutbox(tx, { councilId: actor.councilId, kind: 'teams.channel_update', dedupKey: `approval-decided:${proposal.id}`, payload: { requestId: request.id, proposalId: proposal.id, template: 'approval_decided' }, at: now });
      }
      appendStaffAudit(tx, now, actor, {
        action: decision === 'approve' ? 'award.approved' : decision === 'reject' ? 'award.rejected' : 'award.information_requested',
        entityType: 'placement_request',
        entityId: request.id,
        details: { proposalId: proposal.id, awardId: award?.id ?? null, role: authority.role, authority: authority.authority, reason: reason.reason, annualValuePence: proposal.annualValuePence, providerId: proposal.providerId },
      });
      return { outcome: 'decided', proposal: decided!, award };
    });
  } catch (err) {
    if (err instanceof TransactionRollbackError) {
      const current = findProposal(deps.db, scope, proposal.id)!;
      return { outcome: 'already_decided', proposal: current };
    }
    throw err;
  }
}
