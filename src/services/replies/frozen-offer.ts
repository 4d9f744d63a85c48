import type { DbOrTx } from '../../db/client.js';
import type { CouncilScope } from '../../db/council-scope.js';
import { findAwardForRequest, findPendingProposal } from '../../db/repositories/awards.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { findActorById } from '../../db/repositories/staff.js';
import { awardMadeMessage, offerUnderProposalMessage, requestClosedMessage } from '../../domain/decided-records.js';

/**
 * Why a provider's offer for this request can no longer get new figures, in the words of what was decided;
 * null while it can. The database refuses the same changes (triggers), so this is what people are told,
 * not the only guard.
 */
export async function frozenOfferReason(db: DbOrTx, scope: CouncilScope, request: PlacementRequestRow, providerId: string): Promise<string | null> {
  if (request.status === 'placed') {
    const award = (await findAwardForRequest(db, scope, request.id));
    if (award) return awardMadeMessage(request.reference, award);
  }
  if (request.status === 'closed' || request.status === 'cancelled') return requestClosedMessage(request.reference, request.status, request.closedAt);
  const pending = (await findPendingProposal(db, scope, request.id));
  if (pending && pending.providerId === providerId) {
    return offerUnderProposalMessage(pending.providerName, { createdAt: pending.createdAt, proposerName: (await findActorById(db, pending.proposedByStaffId))?.name ?? 'a colleague' });
  }
  return null;
}
