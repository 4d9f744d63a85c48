import { scopeOf } from '../../db/council-scope.js';
import { writeTransaction } from '../../db/transaction.js';
import { findLatestAppraisal, insertAppraisal, listAppraisalOptions, saveAppraisalOption, type AppraisalRow } from '../../db/repositories/appraisals.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import type { Actor } from '../../db/repositories/staff.js';
import { totalAnnualCostPence } from '../../domain/appraisal/answers.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { advanceRequest } from '../requests/advance-request.js';
import { canAnswerAppraisal } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';
import { loadVisibleRequest } from '../requests/load-request.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';

export const REVISION_REASON_MIN = 10;

/**
 * A confirmed appraisal is never edited: a revision copies its answers into a new, audited revision that
 * must be confirmed again. The request returns to "appraisal" until then. Not possible once referrals
 * have gone to providers: the procurement has started on the confirmed route.
 */
export type ReviseResult = { outcome: 'revised'; revision: AppraisalRow } | { outcome: 'invalid'; request: PlacementRequestRow; errors: { reason: string } };

export async function reviseAppraisal(deps: ServiceDeps, input: { actor: Actor; requestId?: unknown; reference?: string; reason: unknown }): Promise<ReviseResult> {
  const { actor } = input;
  const request = (await loadVisibleRequest(deps, actor, { id: input.requestId, reference: input.reference }));
  if (!canAnswerAppraisal(actor, request)) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, "The options appraisal is answered by the request's caseworker or a placements officer.");
  }
  const scope = scopeOf(actor);
  const latest = (await findLatestAppraisal(deps.db, scope, request.id));
  if (!latest || latest.status !== 'confirmed') {
    throw new AppError(ErrorCodes.CONFLICT, latest ? 'The latest revision is not confirmed yet: carry on with it instead.' : 'This request has no confirmed appraisal to revise.');
  }
  if (request.status === 'responses') {
    throw new AppError(ErrorCodes.ACTION_NOT_ALLOWED, `Referrals for ${request.reference} have gone to providers on the confirmed route, so the appraisal can no longer be revised.`);
  }
  requireAction(request, 'revise_appraisal');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < REVISION_REASON_MIN || reason.length > 1000) {
    return { outcome: 'invalid', request, errors: { reason: `Give the reason for revising the appraisal (at least ${REVISION_REASON_MIN} characters).` } };
  }

  const now = deps.clock.now();
  const options = (await listAppraisalOptions(deps.db, scope, latest.id));
  const revision = (await writeTransaction(deps.db, async (tx) => {
    (await advanceRequest(tx, scope, request.id, 'revise_appraisal', {
      now,
      seenVersion: request.version,
      changes: { chosenRoute: null, closedReason: null, closedAt: null, annualCostPence: null },
    }));
    const revision = (await insertAppraisal(tx, scope, {
      requestId: request.id,
      revision: latest.revision + 1,
      revisionReason: reason,
      position: 'review',
      preference: latest.preference,
      entered: latest.entered,
      createdByStaffId: actor.staffId,
      at: now,
    }));
    for (const option of options) (await saveAppraisalOption(tx, scope, revision.id, option, totalAnnualCostPence(option)));
    (await appendStaffAudit(tx, now, actor, {
      action: 'appraisal.revision_started',
      entityType: 'placement_request',
      entityId: request.id,
      details: { appraisalId: revision.id, revision: revision.revision, fromRevision: latest.revision, reason },
    }));
    return revision;
  }));
  return { outcome: 'revised', revision };
}
