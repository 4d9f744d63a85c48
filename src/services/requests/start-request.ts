import { scopeOf } from '../../db/council-scope.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { insertRequest } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { canRaiseRequests } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';

/** A caseworker starts a new draft request; it exists (and survives restarts) from the first click. */
export function startRequest(deps: ServiceDeps, actor: Actor) {
  if (!canRaiseRequests(actor)) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'Placement requests are raised by caseworkers and placements officers. Your roles do not include either.');
  }
  const now = deps.clock.now();
  return writeTransaction(deps.db, async (tx) => {
    const row = (await insertRequest(tx, scopeOf(actor), { caseworkerStaffId: actor.staffId, at: now }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'request.draft_created',
      entityType: 'placement_request',
      entityId: row.id,
      details: {},
    }));
    return row;
  });
}
