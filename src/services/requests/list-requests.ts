import { scopeOf } from '../../db/council-scope.js';
import { listRequests, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import { seesWholeCouncil } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';

/**
 * `my requests`: a caseworker's own drafts and requests; placements officers and approvers also get the
 * council's submitted requests that are still in progress.
 */
export function listRequestsFor(deps: ServiceDeps, actor: Actor): { mine: PlacementRequestRow[]; council: PlacementRequestRow[] } {
  const scope = scopeOf(actor);
  const mine = listRequests(deps.db, scope, { caseworkerStaffId: actor.staffId, statuses: ['draft', 'submitted', 'appraisal', 'referrals', 'evaluation', 'awaiting_approval', 'placed', 'closed'] }, 25);
  const council = seesWholeCouncil(actor)
    ? listRequests(deps.db, scope, { statuses: ['submitted', 'appraisal', 'referrals', 'evaluation', 'awaiting_approval'] }, 25).filter(
        (r) => r.caseworkerStaffId !== actor.staffId,
      )
    : [];
  return { mine, council };
}
