import { scopeOf } from '../../db/council-scope.js';
import { writeTransaction } from '../../db/transaction.js';
import { updateAppraisalIfVersion, type AppraisalRow } from '../../db/repositories/appraisals.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import type { Actor } from '../../db/repositories/staff.js';
import { appraisalGaps } from '../../domain/appraisal/recommendation.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { advanceRequest } from '../requests/advance-request.js';
import { canAnswerAppraisal } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';
import { loadAppraisal } from './load-appraisal.js';

/**
 * The caseworker has answered every route: the recommendation goes to the request's approvals thread,
 * where a Service Manager or the Head of Service confirms the route (the bot only recommends).
 */
export async function askForConfirmation(
  deps: ServiceDeps,
  input: { actor: Actor; appraisalId: unknown; version: number },
): Promise<{ outcome: 'asked' | 'stale'; appraisal: AppraisalRow; channelNotified: boolean }> {
  const { actor } = input;
  const { appraisal, request, options } = (await loadAppraisal(deps, actor, input.appraisalId));
  if (!canAnswerAppraisal(actor, request)) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, "The options appraisal is answered by the request's caseworker or a placements officer.");
  }
  if (appraisal.status !== 'in_progress') throw new AppError(ErrorCodes.RECORD_FROZEN, 'This appraisal has already been confirmed.');
  requireAction(request, 'ask_for_confirmation');
  if (appraisal.version !== input.version) return { outcome: 'stale', appraisal, channelNotified: false };
  const gaps = appraisalGaps(options, appraisal.preference ?? undefined);
  if (gaps.length) throw new AppError(ErrorCodes.ACTION_NOT_ALLOWED, `The appraisal is not finished yet: ${gaps.map((g) => g.message).join(' ')}`);

  const now = deps.clock.now();
  const channel = (await findApprovalsChannel(deps.db, actor.councilId));
  const updated = (await writeTransaction(deps.db, async (tx) => {
    (await advanceRequest(tx, scopeOf(actor), request.id, 'ask_for_confirmation', { now }));
    const row = (await updateAppraisalIfVersion(tx, scopeOf(actor), appraisal.id, appraisal.version, {
      confirmationRequestedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }));
    if (!row) return undefined;
    (await appendStaffAudit(tx, now, actor, {
      action: 'appraisal.confirmation_requested',
      entityType: 'placement_request',
      entityId: request.id,
      details: { appraisalId: appraisal.id, revision: appraisal.revision },
    }));
    if (channel) {
      (await enqueueOutbox(tx, {
        councilId: actor.councilId,
        kind: 'teams.channel_post',
        dedupKey: `appraisal-ready:${appraisal.id}:${row.version}`,
        payload: { requestId: request.id, appraisalId: appraisal.id, template: 'appraisal_ready' },
        at: now,
      }));
    }
    return row;
  }));
  return updated ? { outcome: 'asked', appraisal: updated, channelNotified: channel !== undefined } : { outcome: 'stale', appraisal, channelNotified: false };
}
