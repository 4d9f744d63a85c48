import { scopeOf } from '../../db/council-scope.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import type { ServiceDeps } from '../deps.js';
import { advanceRequest } from './advance-request.js';
import { loadOwnDraft } from './load-request.js';

/** The caseworker abandons a draft. It is kept (cancelled) for the record, never deleted. */
export async function cancelRequest(
  deps: ServiceDeps,
  input: { actor: Actor; requestId: unknown; version: number },
): Promise<{ outcome: 'cancelled' | 'stale'; request: PlacementRequestRow }> {
  const { actor } = input;
  const request = (await loadOwnDraft(deps, actor, input.requestId));
  requireAction(request, 'cancel_draft');
  if (request.version !== input.version) return { outcome: 'stale', request };
  const now = deps.clock.now();
  const cancelled = (await writeTransaction(deps.db, async (tx) => {
    const row = (await advanceRequest(tx, scopeOf(actor), request.id, 'cancel_draft', { now, seenVersion: request.version }));
    (await appendStaffAudit(tx, now, actor, { action: 'request.draft_cancelled', entityType: 'placement_request', entityId: request.id, details: {} }));
    return row;
  }));
  return { outcome: 'cancelled', request: cancelled };
}
