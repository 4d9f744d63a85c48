import { scopeOf } from '../../db/council-scope.js';
import { updateRequestIfVersion, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import type { DraftPosition } from '../../db/schema/placement-requests.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { canEditDraft } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';
import { loadVisibleRequest } from './load-request.js';

/** Opens a section of a draft for editing (the summary's Edit buttons); an old card changes nothing. */
export function moveRequestTo(
  deps: ServiceDeps,
  input: { actor: Actor; requestId: unknown; version: number; position: DraftPosition },
): { outcome: 'moved' | 'stale'; request: PlacementRequestRow } {
  const request = loadVisibleRequest(deps, input.actor, { id: input.requestId });
  if (!canEditDraft(input.actor, request)) {
    throw new AppError(ErrorCodes.STALE_CARD, request.reference ? `Request ${request.reference} has been submitted and can no longer be edited.` : 'This request can no longer be edited.');
  }
  if (request.version !== input.version) return { outcome: 'stale', request };
  if (request.position === input.position) return { outcome: 'moved', request };
  const updated = updateRequestIfVersion(deps.db, scopeOf(input.actor), request.id, request.version, {
    position: input.position,
    updatedAt: deps.clock.now().toISOString(),
  });
  return updated ? { outcome: 'moved', request: updated } : { outcome: 'stale', request };
}
