import { scopeOf } from '../../db/council-scope.js';
import { writeTransaction } from '../../db/transaction.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { listProviders } from '../../db/repositories/providers.js';
import { findShortlistForRequest, insertShortlist, type ShortlistRow } from '../../db/repositories/referrals.js';
import type { Actor } from '../../db/repositories/staff.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { responseDeadline } from '../../domain/deadlines.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { ageOn } from '../../domain/placement-request/age.js';
import { decisionsFromProposal, DEFAULT_PRICE_WEIGHT } from '../../domain/shortlist-review.js';
import { proposeShortlist, type ShortlistNeed } from '../../domain/shortlist.js';
import type { ServiceDeps } from '../deps.js';
import { loadVisibleRequest } from '../requests/load-request.js';

export const SHORTLIST_ROLE_MESSAGE = 'The shortlist and referrals are handled by a placements officer.';

/** What the shortlist rules need to know about the child, from the submitted request. */
export function shortlistNeedOf(request: PlacementRequestRow): ShortlistNeed {
  const { child, needs, placement } = request.draft;
  if (!child?.dateOfBirth || !child.sex || !needs?.primaryNeed || !placement?.lot || !placement.requiredStartDate) {
    throw new AppError(ErrorCodes.CONFLICT, 'This request is missing details the shortlist needs.');
  }
  return {
    lot: placement.lot,
    primaryNeed: needs.primaryNeed,
    secondaryNeeds: needs.secondaryNeeds ?? [],
    ageAtStart: ageOn(child.dateOfBirth, placement.requiredStartDate),
    sex: child.sex,
  };
}

/**
 * Opens the request's call-off: the proposed shortlist from the register (every provider with its
 * reasons), a default deadline of 10 working days and a default weighting, saved as a draft so the
 * officer's review is never lost. Once referrals are out it is shown as it was sent.
 */
export async function openShortlist(
  deps: ServiceDeps,
  input: { actor: Actor; requestId?: unknown; reference?: string },
): Promise<{ shortlist: ShortlistRow; request: PlacementRequestRow }> {
  const { actor } = input;
  const request = (await loadVisibleRequest(deps, actor, { id: input.requestId, reference: input.reference }));
  const scope = scopeOf(actor);
  const existing = (await findShortlistForRequest(deps.db, scope, request.id));
  if (existing) return { shortlist: existing, request };
  if (request.status === 'submitted' || request.status === 'appraisal') {
    throw new AppError(ErrorCodes.ACTION_NOT_ALLOWED, `Request ${request.reference} needs a confirmed options appraisal choosing the FPS call-off before referrals can be sent.`);
  }
  requireAction(request, 'prepare_shortlist');
  if (!actor.roles.includes('placements_officer')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, SHORTLIST_ROLE_MESSAGE);

  const now = deps.clock.now();
  const proposal = proposeShortlist(shortlistNeedOf(request), (await listProviders(deps.db)));
  return writeTransaction(deps.db, async (tx) => {
    const shortlist = (await insertShortlist(tx, scope, {
      requestId: request.id,
      status: 'draft',
      entries: decisionsFromProposal(proposal),
      responseDeadline: responseDeadline(calendarDateOf(now)),
      priceWeight: DEFAULT_PRICE_WEIGHT,
      qualityWeight: 100 - DEFAULT_PRICE_WEIGHT,
      createdByStaffId: actor.staffId,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'shortlist.proposed',
      entityType: 'placement_request',
      entityId: request.id,
      details: {
        shortlistId: shortlist.id,
        included: proposal.filter((e) => e.included).map((e) => e.providerId),
        excluded: proposal.filter((e) => !e.included).map((e) => ({ providerId: e.providerId, reasons: e.reasons })),
      },
    }));
    return { shortlist, request };
  });
}
