import { scopeOf } from '../../db/council-scope.js';
import { findLatestAppraisal, insertAppraisal, type AppraisalRow } from '../../db/repositories/appraisals.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Actor } from '../../db/repositories/staff.js';
import { ROUTES } from '../../domain/appraisal/routes.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { canAnswerAppraisal } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';
import { advanceRequest } from '../requests/advance-request.js';
import { loadVisibleRequest } from '../requests/load-request.js';

/**
 * Opens the request's appraisal: the latest revision if there is one (in progress or confirmed), or a
 * first revision for a newly submitted request, which moves the request to "appraisal".
 */
export async function startAppraisal(
  deps: ServiceDeps,
  input: { actor: Actor; requestId?: unknown; reference?: string },
): Promise<{ appraisal: AppraisalRow; request: PlacementRequestRow; created: boolean }> {
  const { actor } = input;
  const request = (await loadVisibleRequest(deps, actor, { id: input.requestId, reference: input.reference }));
  const scope = scopeOf(actor);
  const latest = (await findLatestAppraisal(deps.db, scope, request.id));
  if (latest) return { appraisal: latest, request, created: false };
  requireAction(request, 'start_appraisal');
  if (!canAnswerAppraisal(actor, request)) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, "The options appraisal is answered by the request's caseworker or a placements officer.");
  }
  const now = deps.clock.now();
  return writeTransaction(deps.db, async (tx) => {
    const moved = (await advanceRequest(tx, scope, request.id, 'start_appraisal', { now, seenVersion: request.version }));
    const appraisal = (await insertAppraisal(tx, scope, { requestId: request.id, revision: 1, position: ROUTES[0], createdByStaffId: actor.staffId, at: now }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'appraisal.started',
      entityType: 'placement_request',
      entityId: request.id,
      details: { appraisalId: appraisal.id, revision: 1, reference: request.reference },
    }));
    return { appraisal, request: moved, created: true };
  });
}
