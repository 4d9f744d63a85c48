import { scopeOf } from '../../db/council-scope.js';
import { findProposal, type AwardProposalRow } from '../../db/repositories/awards.js';
import type { Actor } from '../../db/repositories/staff.js';
import { parseId } from '../../domain/ids.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { loadVisibleRequest } from '../requests/load-request.js';

/** An award proposal of a request this person may see (the approval card in personal chat); "not found" otherwise. */
export async function loadVisibleProposal(deps: ServiceDeps, actor: Actor, proposalId: unknown): Promise<AwardProposalRow> {
  const id = parseId(proposalId);
  const proposal = id === undefined ? undefined : (await findProposal(deps.db, scopeOf(actor), id));
  if (!proposal) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that proposal. Type **my work** to see what is waiting for you.');
  (await loadVisibleRequest(deps, actor, { id: proposal.requestId }));
  return proposal;
}
