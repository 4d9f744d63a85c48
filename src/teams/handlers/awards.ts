import { scopeOf } from '../../db/council-scope.js';
import { listEscalationsForProposal, type AwardProposalRow } from '../../db/repositories/awards.js';
import { findRequestById } from '../../db/repositories/placement-requests.js';
import { findProvider } from '../../db/repositories/providers.js';
import { findActorById, type Actor } from '../../db/repositories/staff.js';
import type { CouncilScope } from '../../db/council-scope.js';
import type { ServiceDeps } from '../../services/deps.js';
import { decideProposal, ProposalRefusal } from '../../services/awards/decide-proposal.js';
import { evaluationFor, setQualityMark, type Evaluation } from '../../services/awards/evaluation.js';
import { proposeAward } from '../../services/awards/propose-award.js';
import { scopedInputs, type AdaptiveCard, type CardNotice } from '../cards/card.js';
import { approvalCard, evaluationCard, proposalScope } from '../cards/awards.js';
import type { CardAction } from './card-actions.js';
import type { TextRoute } from './messages.js';
import { ERRORS } from '../../domain/errors.js';
import { sendCard } from '../turn.js';
import { evidenceSummaryCard } from '../cards/evidence.js';
import { documentOffer } from './documents.js';
import type { DocumentLinkBase } from '../features.js';
import { buildEvidenceRecord } from '../../services/evidence/evidence-record.js';
import { loadVisibleRequest } from '../../services/requests/load-request.js';
import { feeBenchmarkFor } from '../../services/regional/fee-benchmark.js';

async function evaluationCardFor(deps: ServiceDeps, actor: Actor, evaluation: Evaluation, options: { notice?: CardNotice; errors?: Record<string, string> } = {}): Promise<AdaptiveCard> {
  const open = evaluation.request.status === 'evaluation';
  const { lot, primaryNeed } = evaluation.request;
  const benchmarks = new Map(
    await Promise.all(
      evaluation.offers
        .filter((o) => o.canMeetNeeds)
        .map(async (o) => [o.offerId, await feeBenchmarkFor(deps, { lot, need: primaryNeed, weeklyFeePence: o.weeklyFeePence, annualCostPence: o.annualCostPence })] as const),
    ),
  );
  return evaluationCard(evaluation, {
    ...options,
    benchmarks,
    canMark: open && actor.roles.includes('placements_officer'),
    canPropose: open && (actor.roles.includes('placements_officer') || evaluation.request.caseworkerStaffId === actor.staffId),
  });
}

/** The approval card for a proposal, as it stands. */
export async function approvalCardFor(deps: ServiceDeps, scope: CouncilScope, proposal: AwardProposalRow, options: { notice?: CardNotice; reasonError?: string } = {}): Promise<AdaptiveCard> {
  const request = (await findRequestById(deps.db, scope, proposal.requestId))!;
  const nameOf = async (id: number | null) => (id === null ? undefined : (await findActorById(deps.db, id))?.name);
  return approvalCard(
    request,
    proposal,
    { provider: (await findProvider(deps.db, proposal.providerId))?.name ?? proposal.providerId, proposer: (await nameOf(proposal.proposedByStaffId)) ?? 'a colleague', decider: (await nameOf(proposal.decisionByStaffId)) },
    {
      ...options,
      escalations: proposal.status === 'pending' ? (await listEscalationsForProposal(deps.db, scope, proposal.id)) : [],
      currentBenchmark: proposal.feeBenchmark
        ? undefined
        : await feeBenchmarkFor(deps, { lot: request.lot, need: request.primaryNeed, weeklyFeePence: proposal.weeklyFeePence, annualCostPence: proposal.annualValuePence }),
    },
  );
}

export function awardCardActions(deps: ServiceDeps, afterCommit: () => void): CardAction[] {
  return [
    {
      verb: 'evaluation.open',
      handle: async ({ actor, data }) => evaluationCardFor(deps, actor, (await evaluationFor(deps, actor, { id: data.requestId }))),
    },
    {
      verb: 'evaluation.mark',
      handle: async ({ actor, data }) => {
        const offerId = data.offerId;
        const result = (await setQualityMark(deps, { actor, offerId, mark: data[`mark_${String(offerId)}`], reason: data[`reason_${String(offerId)}`] }));
        return result.ok
          ? (await evaluationCardFor(deps, actor, result.evaluation, { notice: { text: 'Quality mark saved.', style: 'good' } }))
          : (await evaluationCardFor(deps, actor, result.evaluation, { errors: result.errors }));
      },
    },
    {
      verb: 'award.propose',
      handle: async ({ actor, data }) => {
        const offerId = data.offerId;
        const result = (await proposeAward(deps, {
          actor,
          requestId: data.requestId,
          offerId,
          rationale: data[`rationale_${String(offerId)}`],
          lowerRankReason: data[`lowerRankReason_${String(offerId)}`],
        }));
        const evaluation = (await evaluationFor(deps, actor, { id: data.requestId }));
        if (result.outcome === 'invalid') return evaluationCardFor(deps, actor, evaluation, { errors: result.errors });
        afterCommit();
        return evaluationCardFor(deps, actor, evaluation, {
          notice: {
            text: result.channelNotified
              ? 'Proposal sent to the approvals channel, in this request\'s thread, for an approver with enough delegated authority.'
              : 'Proposal recorded. Your council has no approvals channel registered: ask an approver to type **evaluate ' + evaluation.request.reference + '**.',
            style: 'good',
          },
        });
      },
    },
    {
      verb: 'approval.decide',
      handle: async ({ actor, data }) => {
        const reason = scopedInputs(data, proposalScope(Number(data.proposalId))).reason;
        const result = (await decideProposal(deps, { actor, proposalId: data.proposalId, version: data.version, decision: data.decision, reason }));
        const scope = scopeOf(actor);
        switch (result.outcome) {
          case 'decided':
            afterCommit();
            return approvalCardFor(deps, scope, result.proposal);
          case 'stale':
            return approvalCardFor(deps, scope, result.proposal, { notice: { text: ERRORS.STALE_CARD, style: 'accent' } });
          case 'invalid':
            return approvalCardFor(deps, scope, result.proposal, { reasonError: result.message, notice: { text: result.message, style: 'attention' } });
        }
      },
      // The card is drawn again only for someone who may see the request: a forged click by anyone else (a
      // regional role, another council) gets the bare refusal, not the proposal's request, provider and fee.
      onRefusal: async ({ actor }, refusal) => {
        if (!(refusal instanceof ProposalRefusal)) return undefined;
        (await loadVisibleRequest(deps, actor, { id: refusal.proposal.requestId }));
        return approvalCardFor(deps, scopeOf(actor), refusal.proposal, { notice: { text: refusal.userMessage, style: 'attention' } });
      },
    },
  ];
}

export function awardTextRoutes(deps: ServiceDeps, documents: DocumentLinkBase): TextRoute[] {
  return [
    {
      match: (c) => /^evidence\s+pr-\d{4}-\d+$/.test(c),
      handle: async ({ context, actor, command }) => {
        const request = (await loadVisibleRequest(deps, actor, { reference: command.replace(/^evidence\s+/, '') }));
        await sendCard(context, evidenceSummaryCard((await buildEvidenceRecord(deps, scopeOf(actor), request, actor.councilName)), (await documentOffer(deps, documents, context, actor, request, 'evidence'))));
      },
    },
    {
      match: (c) => /^(?:evaluate|evaluation)\s+pr-\d{4}-\d+$/.test(c),
      handle: async ({ context, actor, command }) => {
        const reference = command.replace(/^(?:evaluate|evaluation)\s+/, '');
        await sendCard(context, (await evaluationCardFor(deps, actor, (await evaluationFor(deps, actor, { reference })))));
      },
    },
  ];
}

