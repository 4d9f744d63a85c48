import { scopeOf } from '../../db/council-scope.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import type { DraftPosition } from '../../db/schema/placement-requests.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import type { ServiceDeps } from '../deps.js';
import { advanceRequest } from './advance-request.js';
import { loadOwnDraft } from './load-request.js';

/** Opens a section of a draft for editing (the summary's Edit buttons); an old card changes nothing. */
export async function moveRequestTo(
  deps: ServiceDeps,
  input: { actor: Actor; requestId: unknown; version: number; position: DraftPosition },
): Promise<{ outcome: 'moved' | 'stale'; request: PlacementRequestRow }> {
  const request = (await loadOwnDraft(deps, input.actor, input.requestId));
  requireAction(request, 'edit_draft');
  if (request.version !== input.version) return { outcome: 'stale', request };
  if (request.position === input.position) return { outcome: 'moved', request };
  const now = deps.clock.now();
  const moved = (await writeTransaction(deps.db, (tx) =>
    advanceRequest(tx, scopeOf(input.actor), request.id, 'edit_draft', { now, seenVersion: request.version, changes: { position: input.position } }),
  ));
  return { outcome: 'moved', request: moved };
}
