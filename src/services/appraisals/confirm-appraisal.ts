import { scopeOf } from '../../db/council-scope.js';
import { writeTransaction } from '../../db/transaction.js';
import { findAppraisalById, listAppraisalRevisions, updateAppraisalIfVersion, type AppraisalRow } from '../../db/repositories/appraisals.js';
import { appendStaffAudit, recordStaffAudit } from '../../db/repositories/audit.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import type { Actor } from '../../db/repositories/staff.js';
import { APPRAISAL_CONFIRMER_ROLES, totalAnnualCostPence, validateConfirmation } from '../../domain/appraisal/answers.js';
import { appraisalGaps, recommendRoute, type Recommendation } from '../../domain/appraisal/recommendation.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { advanceRequest } from '../requests/advance-request.js';
import type { ServiceDeps } from '../deps.js';
import { loadAppraisal } from './load-appraisal.js';

export type ConfirmResult =
  | { outcome: 'confirmed'; appraisal: AppraisalRow; recommendation: Recommendation; warnings: string[] }
  | { outcome: 'invalid'; appraisal: AppraisalRow; errors: Record<string, string>; kept: Record<string, string> }
  | { outcome: 'already_confirmed'; appraisal: AppraisalRow }
  | { outcome: 'stale'; appraisal: AppraisalRow };

/**
 * A named person with the right role confirms the route (UK GDPR Art 22: the recommendation is advisory).
 * The role is read from the database; the recommendation is recomputed from the stored answers. FPS
 * call-off moves the request on to referrals; any other route closes it with its reason and cost.
 */
export async function confirmAppraisal(
  deps: ServiceDeps,
  input: { actor: Actor; appraisalId: unknown; version: number; route: unknown; reason: unknown },
): Promise<ConfirmResult> {
  const { actor } = input;
  const { appraisal, request, options } = (await loadAppraisal(deps, actor, input.appraisalId));
  const scope = scopeOf(actor);
  const now = deps.clock.now();
  const role = actor.roles.find((r) => (APPRAISAL_CONFIRMER_ROLES as readonly string[]).includes(r));
  if (!role) {
    (await recordStaffAudit(deps.db, now, actor, {
      action: 'appraisal.confirmation_refused',
      entityType: 'placement_request',
      entityId: request.id,
      details: { appraisalId: appraisal.id, reason: 'role' },
    }));
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'Only a Service Manager or the Head of Service can confirm the route of an options appraisal.');
  }
  if (appraisal.status !== 'in_progress') return { outcome: 'already_confirmed', appraisal };
  if (appraisal.version !== input.version) return { outcome: 'stale', appraisal };
  const gaps = appraisalGaps(options, appraisal.preference ?? undefined);
  if (gaps.length) throw new AppError(ErrorCodes.ACTION_NOT_ALLOWED, `The appraisal is not finished yet: ${gaps.map((g) => g.message).join(' ')}`);

  const recommendation = recommendRoute(options, appraisal.preference ?? undefined);
  const check = validateConfirmation({ route: input.route, reason: input.reason }, recommendation);
  if (!check.ok) return { outcome: 'invalid', appraisal, errors: check.errors, kept: check.kept };
  const { route, reason } = check.values;
  const { overridesRecommendation } = check;
  const chosen = options.find((o) => o.route === route);
  const isCallOff = route === 'fps_call_off';
  const action = isCallOff ? 'confirm_fps_call_off' : 'confirm_other_route';
  requireAction(request, action);

  const confirmed = (await writeTransaction(deps.db, async (tx) => {
      // Read again under the write lock: a second approver may have read the same appraisal and confirmed first.
      const current = (await findAppraisalById(tx, scope, appraisal.id));
      if (current && current.status !== 'in_progress') return { already: current };
      const row = (await updateAppraisalIfVersion(tx, scope, appraisal.id, appraisal.version, {
        status: 'confirmed',
        position: 'review',
        recommendation,
        confirmedRoute: route,
        confirmedByStaffId: actor.staffId,
        confirmedRole: role,
        confirmedAt: now.toISOString(),
        confirmationReason: reason,
        overridesRecommendation,
        updatedAt: now.toISOString(),
      }));
      if (!row) throw new AppError(ErrorCodes.CONFLICT);
      for (const earlier of (await listAppraisalRevisions(tx, scope, request.id))) {
        if (earlier.id !== appraisal.id && earlier.status === 'confirmed') {
          (await updateAppraisalIfVersion(tx, scope, earlier.id, earlier.version, { status: 'superseded', updatedAt: now.toISOString() }));
        }
      }
      (await advanceRequest(tx, scope, request.id, action, {
        now,
        changes: {
          chosenRoute: route,
          annualCostPence: chosen ? totalAnnualCostPence(chosen) : null,
          closedReason: isCallOff ? null : reason,
          closedAt: isCallOff ? null : now.toISOString(),
        },
      }));
      (await appendStaffAudit(tx, now, actor, {
        action: 'appraisal.confirmed',
        entityType: 'placement_request',
        entityId: request.id,
        details: {
          appraisalId: appraisal.id,
          revision: appraisal.revision,
          route,
          recommendedRoute: recommendation.route,
          rule: recommendation.rule,
          overridesRecommendation,
          role,
          reason,
        },
      }));
      (await enqueueOutbox(tx, {
        councilId: actor.councilId,
        kind: 'teams.channel_post',
        dedupKey: `appraisal-confirmed:${appraisal.id}`,
        payload: { requestId: request.id, appraisalId: appraisal.id, template: 'appraisal_confirmed' },
        at: now,
      }));
      (await enqueueOutbox(tx, {
        councilId: actor.councilId,
        kind: 'teams.personal_message',
        dedupKey: `appraisal-confirmed-caseworker:${appraisal.id}`,
        payload: { staffId: request.caseworkerStaffId, requestId: request.id, appraisalId: appraisal.id, template: 'appraisal_confirmed_caseworker' },
        at: now,
      }));
      return row;
  }));
  if ('already' in confirmed) return { outcome: 'already_confirmed', appraisal: confirmed.already };
  return { outcome: 'confirmed', appraisal: confirmed, recommendation, warnings: check.warnings };
}
