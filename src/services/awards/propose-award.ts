import { scopeOf } from '../../db/council-scope.js';
import { parseId } from '../../domain/ids.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { findPendingProposal, insertProposal, type AwardProposalRow } from '../../db/repositories/awards.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { findOfferById } from '../../db/repositories/replies.js';
import { writeTransaction } from '../../db/transaction.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { advanceRequest } from '../requests/advance-request.js';
import type { Actor } from '../../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { annualCostPence } from '../../domain/offer-figures.js';
import type { ServiceDeps } from '../deps.js';
import { feeBenchmarkFor } from '../regional/fee-benchmark.js';
import { evaluationFor } from './evaluation.js';

export const RATIONALE_MIN = 20;

export type ProposeResult = { outcome: 'proposed'; proposal: AwardProposalRow; channelNotified: boolean } | { outcome: 'invalid'; errors: Record<string, string> };

/**
 * The placements officer (or the request's caseworker) proposes one offer for award, with a rationale;
 * proposing an offer that is not ranked first needs a reason too. The proposal goes to the approvals
 * thread, where an approver with enough delegated authority decides.
 */
export async function proposeAward(
  deps: ServiceDeps,
  input: { actor: Actor; requestId: unknown; offerId: unknown; rationale: unknown; lowerRankReason: unknown },
): Promise<ProposeResult> {
  const { actor } = input;
  const evaluation = (await evaluationFor(deps, actor, { id: input.requestId }));
  const { request } = evaluation;
  if (!actor.roles.includes('placements_officer') && request.caseworkerStaffId !== actor.staffId) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, "An award is proposed by a placements officer or the request's caseworker.");
  }
  const scope = scopeOf(actor);
  if ((await findPendingProposal(deps.db, scope, request.id))) throw new AppError(ErrorCodes.ACTION_NOT_ALLOWED, `Request ${request.reference} already has a proposal waiting for a decision.`);
  requireAction(request, 'propose_award');
  const offerId = parseId(input.offerId);
  const offer = evaluation.offers.find((o) => o.offerId === offerId);
  const errors: Record<string, string> = {};
  if (!offer) errors.offerId = 'Choose one of the confirmed offers.';
  else if (!offer.canMeetNeeds) errors.offerId = 'That provider cannot meet the needs, so its offer cannot be awarded.';
  const rationale = typeof input.rationale === 'string' ? input.rationale.trim() : '';
  if (rationale.length < RATIONALE_MIN || rationale.length > 2000) errors.rationale = `Explain why this offer should be awarded (at least ${RATIONALE_MIN} characters).`;
  const lowerRankReason = typeof input.lowerRankReason === 'string' ? input.lowerRankReason.trim() : '';
  if (offer && offer.rank !== 1 && lowerRankReason.length < RATIONALE_MIN) {
    errors.lowerRankReason =
      offer.rank === null
        ? `This offer is not ranked yet (no quality mark): say why it is proposed anyway (at least ${RATIONALE_MIN} characters).`
        : `This offer is ranked ${offer.rank}, not first: say why it is proposed over the higher-ranked offer (at least ${RATIONALE_MIN} characters).`;
  }
  if (!offer || Object.keys(errors).length) return { outcome: 'invalid', errors };

  const now = deps.clock.now();
  const channel = (await findApprovalsChannel(deps.db, actor.councilId));
  // What the approval card will show the approver, fixed now so the evidence pack records what they saw.
  const feeBenchmark = await feeBenchmarkFor(deps, { lot: request.lot, need: request.primaryNeed, weeklyFeePence: offer.weeklyFeePence, annualCostPence: annualCostPence(offer) });
  const proposal = (await writeTransaction(deps.db, async (tx) => {
    (await advanceRequest(tx, scope, request.id, 'propose_award', { now, seenVersion: request.version }));
    // The proposal keeps its own copy of the offer version it was made on.
    const offerRow = (await findOfferById(tx, scope, offer.offerId));
    if (!offerRow || offerRow.supersededAt !== null) throw new AppError(ErrorCodes.CONFLICT);
    const row = (await insertProposal(tx, scope, {
      requestId: request.id,
      offerId: offer.offerId,
      providerId: offer.providerId,
      providerName: offer.providerName,
      addOns: offerRow.addOns,
      conditions: offerRow.conditions,
      proposedByStaffId: actor.staffId,
      rationale,
      lowerRankReason: offer.rank === 1 ? null : lowerRankReason,
      rank: offer.rank,
      weeklyFeePence: offer.weeklyFeePence,
      weeksPerYear: offer.weeksPerYear,
      addOnsWeeklyPence: offer.addOnsWeeklyPence,
      annualValuePence: annualCostPence(offer),
      startDate: offer.startDate,
      feeBenchmark,
      // A proposal made after "ask for more information" is the revision of that one.
      revisionOf: evaluation.proposals.filter((p) => p.status === 'info_requested').at(-1)?.id ?? null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'award.proposed',
      entityType: 'placement_request',
      entityId: request.id,
      details: { proposalId: row.id, offerId: offer.offerId, providerId: offer.providerId, rank: offer.rank, annualValuePence: row.annualValuePence, rationale, lowerRankReason: row.lowerRankReason, revisionOf: row.revisionOf },
    }));
    if (channel) {
      (await enqueueOutbox(tx, { councilId: actor.councilId, kind: 'teams.channel_post', dedupKey: `approval:${row.id}`, payload: { requestId: request.id, proposalId: row.id, template: 'approval_request' }, at: now }));
    }
    return row;
  }));
  return { outcome: 'proposed', proposal, channelNotified: channel !== undefined };
}
