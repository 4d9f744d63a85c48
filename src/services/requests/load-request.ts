import { scopeOf } from '../../db/council-scope.js';
import { parseId } from '../../domain/ids.js';
import { formatRequestReference, parseRequestReference } from '../../domain/placement-request/reference.js';
import { findRequestById, findRequestByReference, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { canViewRequest, ownsDraft } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';

/** The one message for "not yours, another council's, or not there": existence is not revealed. */
export const REQUEST_NOT_FOUND = 'I could not find that request. Type **my requests** to see the ones you can open.';

/** Loads a request the actor may see, by id (from a card) or reference (typed); otherwise "not found". */
export async function loadVisibleRequest(deps: ServiceDeps, actor: Actor, key: { id?: unknown; reference?: string }): Promise<PlacementRequestRow> {
  const scope = scopeOf(actor);
  const id = parseId(key.id);
  // Typed references are forgiving ("pr-2026-42" is PR-2026-0042); anything else is not a reference.
  const typed = key.reference ? parseRequestReference(key.reference) : null;
  const row =
    id !== undefined
      ? (await findRequestById(deps.db, scope, id))
      : typed
        ? (await findRequestByReference(deps.db, scope, formatRequestReference(typed.year, typed.sequence)))
        : undefined;
  if (!row || !canViewRequest(actor, row)) throw new AppError(ErrorCodes.NOT_FOUND, REQUEST_NOT_FOUND);
  return row;
}

/** A draft the actor may change: only its own caseworker edits, submits or cancels it. */
export async function loadOwnDraft(deps: ServiceDeps, actor: Actor, requestId: unknown): Promise<PlacementRequestRow> {
  const request = (await loadVisibleRequest(deps, actor, { id: requestId }));
  if (!ownsDraft(actor, request)) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'Only the caseworker who raised this request can change its draft.');
  return request;
}
