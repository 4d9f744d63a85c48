import { scopeOf } from '../../db/council-scope.js';
import { listRequests, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { findShortlistForRequest, listReferralsForRequest } from '../../db/repositories/referrals.js';
import type { Actor } from '../../db/repositories/staff.js';
import { seesWholeCouncil } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';
import { REQUEST_STATUSES } from '../../domain/request-lifecycle.js';
import { workOnRequest, type WorkItem } from '../work/my-work.js';

/**
 * `my requests`: a caseworker's own drafts and requests; placements officers and approvers also get the
 * council's submitted requests that are still in progress.
 */
/** Where a request's call-off stands: "sent to 3 providers, 1 replied, replies due …". */
export interface CallOffProgress {
  providers: number;
  replied: number;
  responseDeadline: string;
  closed: boolean;
}

export interface RequestLists {
  mine: PlacementRequestRow[];
  council: PlacementRequestRow[];
  /** For requests whose referrals have gone out. */
  progress: Map<number, CallOffProgress>;
  /** What waits for this person on each request ("waiting for your confirmation"). */
  work: Map<number, WorkItem[]>;
}

/** Submitted requests not yet placed, closed or cancelled: the council's work in progress. */
const IN_PROGRESS = REQUEST_STATUSES.filter((s) => !['draft', 'placed', 'closed', 'cancelled'].includes(s));

export async function listRequestsFor(deps: ServiceDeps, actor: Actor): Promise<RequestLists> {
  const scope = scopeOf(actor);
  const mine = (await listRequests(deps.db, scope, { caseworkerStaffId: actor.staffId, statuses: REQUEST_STATUSES.filter((s) => s !== 'cancelled') }, 25));
  const council = seesWholeCouncil(actor)
    ? (await listRequests(deps.db, scope, { statuses: IN_PROGRESS }, 25)).filter(
        (r) => r.caseworkerStaffId !== actor.staffId,
      )
    : [];
  const progress = new Map<number, CallOffProgress>();
  for (const request of [...mine, ...council]) {
    const shortlist = (await findShortlistForRequest(deps.db, scope, request.id));
    if (!shortlist || shortlist.status === 'draft') continue;
    const byProvider = new Map<string, boolean>();
    for (const r of (await listReferralsForRequest(deps.db, scope, request.id))) byProvider.set(r.providerId, (byProvider.get(r.providerId) ?? false) || r.respondedAt !== null);
    progress.set(request.id, {
      providers: byProvider.size,
      replied: [...byProvider.values()].filter(Boolean).length,
      responseDeadline: shortlist.responseDeadline,
      closed: shortlist.status === 'closed',
    });
  }
  const work = new Map<number, WorkItem[]>();
  for (const request of [...mine, ...council]) {
    const items = (await workOnRequest(deps, actor, request));
    if (items.length) work.set(request.id, items);
  }
  return { mine, council, progress, work };
}
