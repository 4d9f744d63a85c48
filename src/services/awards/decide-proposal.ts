import { parseId } from '../../domain/ids.js';
import { scopeOf, type CouncilScope } from '../../db/council-scope.js';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { appendStaffAudit, recordStaffAudit } from '../../db/repositories/audit.js';
import { decideProposalIfPending, findProposal, insertAward, type AwardProposalRow, type AwardRow } from '../../db/repositories/awards.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { listReferralsForRequest } from '../../db/repositories/referrals.js';
import { findActorById, type Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { APPROVAL_DECISIONS, checkApprovalAuthority, placementEndDate, validateDecisionReason, type ApprovalDecision, type AuthorityCheck, type CoverUsed } from '../../domain/approval-authority.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { authorityContextFor } from '../cover/authority-context.js';
import { proposalDecidedMessage } from '../../domain/decided-records.js';
import { messageIdFor } from '../../domain/reply-token.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { isAllowed, requireAction, type RequestAction } from '../../domain/request-lifecycle.js';
import type { ServiceDeps } from '../deps.js';
import { advanceRequest } from '../requests/advance-request.js';
import { loadVisibleRequest } from '../requests/load-request.js';

export type DecideResult =
  | { outcome: 'decided'; proposal: AwardProposalRow; award?: AwardRow }
  | { outcome: 'stale'; proposal: AwardProposalRow }
  | { outcome: 'invalid'; proposal: AwardProposalRow; message: string };

const STATUS_OF: Record<ApprovalDecision, 'approved' | 'rejected' | 'info_requested'> = { approve: 'approved', reject: 'rejected', ask: 'info_requested' };
const ACTION_OF: Record<ApprovalDecision, RequestAction> = { approve: 'approve_award', reject: 'reject_award', ask: 'ask_for_information' };

/** A refusal that belongs to one proposal: its card is drawn again with the refusal on it. */
export class ProposalRefusal extends AppError {
  constructor(
    readonly proposal: AwardProposalRow,
    cause: AppError,
  ) {
    super(cause.code, cause.userMessage, cause.details);
  }
}

/** "This proposal has already been decided: it was rejected on … by …". */
export async function decidedRefusal(db: DbOrTx, proposal: AwardProposalRow): Promise<ProposalRefusal> {
  const decider = proposal.decisionByStaffId === null ? undefined : (await findActorById(db, proposal.decisionByStaffId));
  const message = proposalDecidedMessage({
    status: proposal.status as Exclude<AwardProposalRow['status'], 'pending'>,
    decidedAt: proposal.decisionAt ?? proposal.updatedAt,
    deciderName: decider?.name ?? 'a colleague',
    deciderRole: proposal.decisionRole,
    coveringFor: proposal.decisionCoveringForName,
  });
  return new ProposalRefusal(proposal, new AppError(ErrorCodes.RECORD_FROZEN, message));
}

/**
 * The approver's authority over this proposal today, read from the database: their own roles and limit
 * as the turn found them, and the covers they hold for colleagues (each delegator as they are now).
 */
async function authorityOver(db: DbOrTx, actor: Actor, proposal: AwardProposalRow, decision: ApprovalDecision, now: Date): Promise<AuthorityCheck> {
  const today = calendarDateOf(now);
  return checkApprovalAuthority(actor, proposal, decision, (await authorityContextFor(db, scopeOf(actor), today)));
}

/**
 * An approver decides on a proposal. Authority is read from the database (role, limit, council, cover),
 * never from the card; a refusal is audited. The decision is a compare-and-set on the pending proposal at the
 * version the approver's card showed, so two approvers clicking together produce exactly one decision, one
 * award and one set of e-mails, and a card with a made-up version decides nothing.
 */
export async function decideProposal(
  deps: ServiceDeps,
  input: { actor: Actor; proposalId: unknown; version: unknown; decision: unknown; reason: unknown },
): Promise<DecideResult> {
  const { actor } = input;
  const scope = scopeOf(actor);
  const now = deps.clock.now();
  const id = parseId(input.proposalId);
  const proposal = id === undefined ? undefined : (await findProposal(deps.db, scope, id));
  if (!proposal) {
    // Not in this person's council (or no such proposal): refused without saying whether it exists.
    (await recordStaffAudit(deps.db, now, actor, {
      action: 'award.decision_refused',
      entityType: 'award_proposal',
      entityId: id ?? 'unknown',
      details: { reason: 'not found in the approver\'s council' },
    }));
    throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that proposal for your council, so you cannot decide on it.');
  }
  const decision = (APPROVAL_DECISIONS as readonly unknown[]).includes(input.decision) ? (input.decision as ApprovalDecision) : undefined;
  if (!decision) throw new ProposalRefusal(proposal, new AppError(ErrorCodes.INVALID_INPUT));
  if (proposal.status !== 'pending') throw (await decidedRefusal(deps.db, proposal));
  if (parseId(input.version) !== proposal.version) return { outcome: 'stale', proposal };

  const authority = (await authorityOver(deps.db, actor, proposal, decision, now));
  if (!authority.ok) {
    (await recordStaffAudit(deps.db, now, actor, {
      action: 'award.decision_refused',
      entityType: 'placement_request',
      entityId: proposal.requestId,
      details: { proposalId: proposal.id, decision, code: authority.code, annualValuePence: proposal.annualValuePence, approvalLimit: actor.approvalLimit, roles: actor.roles, message: authority.message },
    }));
    throw new ProposalRefusal(proposal, new AppError(ErrorCodes.FORBIDDEN_ROLE, authority.message));
  }
  const reason = validateDecisionReason(decision, input.reason);
  if (!reason.ok) return { outcome: 'invalid', proposal, message: reason.message };
  const request = (await loadVisibleRequest(deps, actor, { id: proposal.requestId }));
  if (!isAllowed(request.status, ACTION_OF[decision])) {
    // The proposal and the request are read one after the other: a colleague's decision can commit in between.
    // Then the approver is told who decided, not only that the request has moved on.
    const current = (await findProposal(deps.db, scope, proposal.id));
    if (current && current.status !== 'pending') throw (await decidedRefusal(deps.db, current));
  }
  requireAction(request, ACTION_OF[decision]);

  let result: DecideResult | undefined;
  try {
    result = (await writeTransaction(deps.db, async (tx): Promise<DecideResult | undefined> => {
      // Checked under the write lock: a deactivation or a cover ended since the check above wins.
      const fresh = (await findActorById(tx, actor.staffId));
      const confirmed = fresh ? (await authorityOver(tx, { ...actor, roles: fresh.roles, approvalLimit: fresh.approvalLimit, active: fresh.active }, proposal, decision, now)) : undefined;
      if (!confirmed?.ok) throw new ProposalRefusal(proposal, new AppError(ErrorCodes.FORBIDDEN_ROLE, confirmed?.message ?? 'Your authority changed just now; nothing was decided.'));
      const cover: CoverUsed | undefined = confirmed.cover;
      const decided = (await decideProposalIfPending(tx, scope, proposal.id, proposal.version, {
        status: STATUS_OF[decision],
        decisionByStaffId: actor.staffId,
        decisionRole: confirmed.role,
        decisionAt: now.toISOString(),
        decisionReason: reason.reason,
        decisionAuthority: confirmed.authority,
        decisionCoverId: cover?.coverId ?? null,
        decisionCoveringForStaffId: cover?.delegatorStaffId ?? null,
        decisionCoveringForName: cover?.delegatorName ?? null,
        decisionCoverEndsOn: cover?.endsOn ?? null,
      }));
      // Another approver was quicker: nothing has been written, and the caller says who decided.
      if (!decided) return undefined;
      const moved = (await advanceRequest(tx, scope, request.id, ACTION_OF[decision], {
        now,
        changes: decision === 'approve' ? { annualCostPence: proposal.annualValuePence, closedAt: now.toISOString() } : {},
      }));
      let award: AwardRow | undefined;
      if (decision === 'approve') {
        award = (await makeAward(tx, scope, { actor, proposal, request: moved, authority: { ...confirmed, cover }, reason: reason.reason, now }));
        (await enqueueAwardLetters(tx, scope, { actor, proposal, award, caseworkerStaffId: moved.caseworkerStaffId, replyDomain: deps.config.REPLY_DOMAIN, now }));
      } else {
        (await enqueueOutbox(tx, {
          councilId: actor.councilId,
          kind: 'teams.personal_message',
          dedupKey: `proposal-decided:${proposal.id}`,
          payload: { staffId: proposal.proposedByStaffId, requestId: request.id, proposalId: proposal.id, template: decision === 'ask' ? 'proposal_question' : 'proposal_rejected' },
          at: now,
        }));
      }
      if ((await findApprovalsChannel(tx, actor.councilId))) {
        // Every copy of the approval card shows the decision, not only the one that was clicked.
        (await enqueueOutbox(tx, { councilId: actor.councilId, kind: 'teams.channel_update', dedupKey: `approval-decided:${proposal.id}`, payload: { requestId: request.id, proposalId: proposal.id, template: 'approval_decided' }, at: now }));
      }
      (await appendStaffAudit(tx, now, actor, {
        action: decision === 'approve' ? 'award.approved' : decision === 'reject' ? 'award.rejected' : 'award.information_requested',
        entityType: 'placement_request',
        entityId: request.id,
        details: {
          proposalId: proposal.id,
          awardId: award?.id ?? null,
          role: confirmed.role,
          authority: confirmed.authority,
          reason: reason.reason,
          annualValuePence: proposal.annualValuePence,
          providerId: proposal.providerId,
          coveringFor: cover ? { coverId: cover.coverId, staffId: cover.delegatorStaffId, name: cover.delegatorName, until: cover.endsOn } : null,
        },
      }));
      return { outcome: 'decided', proposal: decided, award };
    }));
  } catch (err) {
    if (err instanceof ProposalRefusal && err.code === ErrorCodes.FORBIDDEN_ROLE) {
      (await recordStaffAudit(deps.db, now, actor, { action: 'award.decision_refused', entityType: 'placement_request', entityId: proposal.requestId, details: { proposalId: proposal.id, decision, code: 'authority_changed', message: err.userMessage } }));
    }
    throw err;
  }
  if (result) return result;
  const current = (await findProposal(deps.db, scope, proposal.id))!;
  if (current.status !== 'pending') throw (await decidedRefusal(deps.db, current));
  return { outcome: 'stale', proposal: current };
}

/** The award record, made from the proposal's own copy of the offer: never from the live offer. */
async function makeAward(
  tx: Tx,
  scope: CouncilScope,
  input: { actor: Actor; proposal: AwardProposalRow; request: PlacementRequestRow; authority: { role: AwardRow['approverRole']; authority: string; cover?: CoverUsed }; reason: string | null; now: Date },
): Promise<AwardRow> {
  const { actor, proposal, request, now } = input;
  const startDate = proposal.startDate ?? request.requiredStartDate ?? now.toISOString().slice(0, 10);
  return insertAward(tx, scope, {
    requestId: request.id,
    proposalId: proposal.id,
    offerId: proposal.offerId,
    providerId: proposal.providerId,
    providerName: proposal.providerName,
    childReference: `${request.reference} (case ${request.draft.child?.caseReference ?? '–'}, ${request.draft.child?.childInitials ?? ''})`,
    lot: request.lot ?? 0,
    primaryNeed: request.primaryNeed,
    weeklyFeePence: proposal.weeklyFeePence,
    weeksPerYear: proposal.weeksPerYear,
    addOnsWeeklyPence: proposal.addOnsWeeklyPence,
    addOns: proposal.addOns,
    annualValuePence: proposal.annualValuePence,
    startDate,
    endDate: placementEndDate(startDate, proposal.weeksPerYear),
    conditions: proposal.conditions,
    approverStaffId: actor.staffId,
    approverName: actor.name,
    approverRole: input.authority.role,
    authority: input.authority.authority,
    coverId: input.authority.cover?.coverId ?? null,
    coveringForStaffId: input.authority.cover?.delegatorStaffId ?? null,
    coveringForName: input.authority.cover?.delegatorName ?? null,
    coverEndsOn: input.authority.cover?.endsOn ?? null,
    decisionReason: input.reason,
    createdAt: now.toISOString(),
  });
}

/** One award letter to the winner and one courteous letter to every other provider referred (first contact each), and the caseworker told. */
async function enqueueAwardLetters(tx: Tx, scope: CouncilScope, input: { actor: Actor; proposal: AwardProposalRow; award: AwardRow; caseworkerStaffId: number; replyDomain: string; now: Date }): Promise<void> {
  const { actor, proposal, award, now } = input;
  const firstReferralPerProvider = new Map<string, number>();
  for (const r of (await listReferralsForRequest(tx, scope, award.requestId))) if (!firstReferralPerProvider.has(r.providerId) && r.status === 'sent') firstReferralPerProvider.set(r.providerId, r.id);
  for (const [providerId, referralId] of firstReferralPerProvider) {
    const won = providerId === proposal.providerId;
    (await enqueueOutbox(tx, {
      councilId: actor.councilId,
      kind: 'email',
      messageId: messageIdFor(won ? 'award' : 'regret', award.requestId, input.replyDomain),
      dedupKey: `${won ? 'award' : 'not-selected'}:${award.id}:${providerId}`,
      payload: { template: won ? 'award' : 'not_selected', referralId, awardId: award.id },
      at: now,
    }));
  }
  (await enqueueOutbox(tx, {
    councilId: actor.councilId,
    kind: 'teams.personal_message',
    dedupKey: `award-caseworker:${award.id}`,
    payload: { staffId: input.caseworkerStaffId, requestId: award.requestId, proposalId: proposal.id, template: 'award_made' },
    at: now,
  }));
}
