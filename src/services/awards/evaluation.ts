import { scopeOf, type CouncilScope } from '../../db/council-scope.js';
import { parseId } from '../../domain/ids.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { listProposals, type AwardProposalRow } from '../../db/repositories/awards.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { findProvider } from '../../db/repositories/providers.js';
import { findShortlistForRequest, listReferralsForRequest, type ShortlistRow } from '../../db/repositories/referrals.js';
import { findOfferById, listCurrentOffersForRequest, setOfferQualityMark, type OfferRow } from '../../db/repositories/replies.js';
import { writeTransaction } from '../../db/transaction.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { advanceRequest } from '../requests/advance-request.js';
import type { Actor } from '../../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { evaluateOffers, validateQualityMark, type EvaluatedOffer, type OfferForEvaluation } from '../../domain/evaluation.js';
import type { ProviderRecord } from '../../domain/provider-register.js';
import type { ServiceDeps } from '../deps.js';
import { loadVisibleRequest } from '../requests/load-request.js';

export interface Evaluation {
  request: PlacementRequestRow;
  shortlist: ShortlistRow;
  offers: EvaluatedOffer[];
  proposals: AwardProposalRow[];
  /** Providers (not contacts) referred, and how many of them have replied. */
  providers: { referred: number; replied: number };
}

/** An offer as the evaluation rules see it: its figures, its mark, and what the register says of the provider. */
export function offerForEvaluation(o: OfferRow, provider: ProviderRecord | undefined): OfferForEvaluation {
  return {
    offerId: o.id,
    providerId: o.providerId,
    providerName: provider?.name ?? o.providerId,
    canMeetNeeds: o.canMeetNeeds,
    weeklyFeePence: o.weeklyFeePence,
    weeksPerYear: o.weeksPerYear,
    addOnsWeeklyPence: o.addOnsWeeklyPence,
    startDate: o.startDate,
    qualityMark: o.qualityMark,
    ofstedGrade: provider?.ofstedGrade ?? null,
    inspectionDate: provider?.inspectionDate ?? null,
    providerPostcode: provider?.postcode ?? '',
  };
}

/** The comparison of confirmed offers, scored with the weighting fixed when the referrals went out. */
export async function buildEvaluation(deps: ServiceDeps, scope: CouncilScope, request: PlacementRequestRow): Promise<Evaluation> {
  requireAction(request, 'view_offers');
  const shortlist = (await findShortlistForRequest(deps.db, scope, request.id));
  if (!shortlist) throw new AppError(ErrorCodes.NOT_FOUND, `Request ${request.reference} has no call-off.`);
  const offers = (await Promise.all((await listCurrentOffersForRequest(deps.db, scope, request.id))
    .filter((o) => !o.withdrawn)
    .map(async (o) => offerForEvaluation(o, (await findProvider(deps.db, o.providerId))))));
  const home = request.draft.child?.homePostcodeDistrict ?? '';
  const repliedByProvider = new Map<string, boolean>();
  for (const r of (await listReferralsForRequest(deps.db, scope, request.id))) repliedByProvider.set(r.providerId, (repliedByProvider.get(r.providerId) ?? false) || r.respondedAt !== null);
  return {
    request,
    shortlist,
    providers: { referred: repliedByProvider.size, replied: [...repliedByProvider.values()].filter(Boolean).length },
    offers: evaluateOffers(offers, { priceWeight: shortlist.priceWeight, qualityWeight: shortlist.qualityWeight }, home),
    proposals: (await listProposals(deps.db, scope, request.id)),
  };
}

export async function evaluationFor(deps: ServiceDeps, actor: Actor, key: { id?: unknown; reference?: string }): Promise<Evaluation> {
  return buildEvaluation(deps, scopeOf(actor), (await loadVisibleRequest(deps, actor, key)));
}

/** The placements officer marks an offer's quality (0–100) with a reason; the evaluation notes must be kept. */
export async function setQualityMark(deps: ServiceDeps, input: { actor: Actor; offerId: unknown; mark: unknown; reason: unknown }): Promise<{ ok: true; evaluation: Evaluation } | { ok: false; errors: Record<string, string>; evaluation: Evaluation }> {
  const { actor } = input;
  if (!actor.roles.includes('placements_officer')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'Quality marks are given by a placements officer.');
  const scope = scopeOf(actor);
  const id = parseId(input.offerId);
  const offer = id === undefined ? undefined : (await findOfferById(deps.db, scope, id));
  if (!offer) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that offer.');
  const request = (await loadVisibleRequest(deps, actor, { id: offer.requestId }));
  requireAction(request, 'mark_quality');
  if (offer.supersededAt !== null) throw new AppError(ErrorCodes.STALE_CARD, 'Those figures were corrected since this card was drawn; mark the current offer. Nothing was changed.');
  const checked = validateQualityMark({ mark: input.mark, reason: input.reason });
  if (!checked.ok) return { ok: false, errors: checked.errors, evaluation: (await buildEvaluation(deps, scope, request)) };
  const now = deps.clock.now();
  (await writeTransaction(deps.db, async (tx) => {
    (await advanceRequest(tx, scope, request.id, 'mark_quality', { now }));
    const marked = (await setOfferQualityMark(tx, scope, offer.id, { qualityMark: checked.mark, qualityReason: checked.reason, qualityMarkedByStaffId: actor.staffId, updatedAt: now.toISOString() }));
    if (!marked) throw new AppError(ErrorCodes.CONFLICT);
    (await appendStaffAudit(tx, now, actor, {
      action: 'offer.quality_marked',
      entityType: 'placement_request',
      entityId: request.id,
      details: { offerId: offer.id, providerId: offer.providerId, mark: checked.mark, reason: checked.reason, previousMark: offer.qualityMark },
    }));
  }));
  return { ok: true, evaluation: (await buildEvaluation(deps, scope, request)) };
}
