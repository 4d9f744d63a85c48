import type { Tx } from '../../db/client.js';
import type { CouncilScope } from '../../db/council-scope.js';
import { findRequestById, updateRequestIfVersion, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { AppError } from '../../domain/errors.js';
import { requireAction, type RequestAction } from '../../domain/request-lifecycle.js';
import { REQUEST_NOT_FOUND } from './load-request.js';

type RequestChanges = Parameters<typeof updateRequestIfVersion>[4];

/**
 * Inside a write transaction (which holds the write lock): re-reads the request, asks the lifecycle whether
 * the action is still allowed, and moves the request on to the action's next status with a compare-and-set
 * on its version. Every action on a request goes through here, so two writers (two clicks, two processes)
 * can never both act on the same state: the second finds the version moved on and its whole transaction
 * rolls back. `seenVersion` is the version the person's card was drawn from, when the card carries one.
 */
export async function advanceRequest(
  tx: Tx,
  scope: CouncilScope,
  requestId: number,
  action: RequestAction,
  opts: { now: Date; seenVersion?: number; changes?: Omit<RequestChanges, 'updatedAt' | 'status'> },
): Promise<PlacementRequestRow> {
  const current = (await findRequestById(tx, scope, requestId));
  if (!current) throw new AppError('NOT_FOUND', REQUEST_NOT_FOUND);
  if (opts.seenVersion !== undefined && current.version !== opts.seenVersion) throw new AppError('CONFLICT');
  const next = requireAction(current, action);
  const moved = (await updateRequestIfVersion(tx, scope, current.id, current.version, { ...opts.changes, status: next, updatedAt: opts.now.toISOString() }));
  if (!moved) throw new AppError('CONFLICT');
  return moved;
}
