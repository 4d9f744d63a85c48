import { scopeOf } from '../../db/council-scope.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { updateRequestIfVersion, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { canEditDraft } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';
import { loadVisibleRequest } from './load-request.js';

/** The caseworker abandons a draft. It is kept (cancelled) for the record, never deleted. */
export function cancelRequest(
  deps: ServiceDeps,
  input: { actor: Actor; requestId: unknown; version: number },
): { outcome: 'cancelled' | 'stale'; request: PlacementRequestRow } {
  const { actor } = input;
  const request = loadVisibleRequest(deps, actor, { id: input.requestId });
  if (!canEditDraft(actor, request)) {
    throw new AppError(ErrorCodes.STALE_CARD, request.reference ? `Request ${request.reference} has been submitted; a submitted request cannot be cancelled from its draft card.` : 'This draft has already been cancelled.');
  }
  if (request.version !== input.version) return { outcome: 'stale', request };
  const now = deps.clock.now();
  const updated = deps.db.transaction((tx) => {
    const row = updateRequestIfVersion(tx, scopeOf(actor), request.id, request.version, { status: 'cancelled', updatedAt: now.toISOString() });
    if (!row) return undefined;
    appendStaffAudit(tx, now, actor, {
      action: 'request.draft_cancelled',
      entityType: 'placement_request',
      entityId: request.id,
      details: {},
    });
    return row;
  });
  return updated ? { outcome: 'cancelled', request: updated } : { outcome: 'stale', request };
}
