import { scopeOf } from '../../db/council-scope.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { findRequestById, nextReferenceSequence, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Actor } from '../../db/repositories/staff.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { formatRequestReference } from '../../domain/placement-request/reference.js';
import { isComplete, type MissingItem } from '../../domain/placement-request/completeness.js';
import { REQUEST_STEPS } from '../../domain/placement-request/fields.js';
import { stepInputFromDraft, validateStep } from '../../domain/placement-request/steps.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import type { ServiceDeps } from '../deps.js';
import { advanceRequest } from './advance-request.js';
import { loadOwnDraft } from './load-request.js';

export type SubmitResult =
  | { outcome: 'submitted'; request: PlacementRequestRow; channelNotified: boolean }
  | { outcome: 'already_submitted'; request: PlacementRequestRow }
  | { outcome: 'incomplete'; request: PlacementRequestRow; missing: MissingItem[] }
  | { outcome: 'stale'; request: PlacementRequestRow };

/**
 * Submit: the draft must be complete and every step still valid today (a start date can slip into the
 * past while a draft waits). Then, in one transaction: the reference, the status, the audit entry and
 * the approvals-channel notification in the outbox. A double click finds it already submitted, whichever click
 * reads first: the check is made again inside the transaction.
 */
export async function submitRequest(deps: ServiceDeps, input: { actor: Actor; requestId: unknown; version: number }): Promise<SubmitResult> {
  const { actor } = input;
  const request = (await loadOwnDraft(deps, actor, input.requestId));
  if (request.status !== 'draft' && request.reference) return { outcome: 'already_submitted', request };
  requireAction(request, 'submit');
  if (request.version !== input.version) return { outcome: 'stale', request };

  const now = deps.clock.now();
  const completeness = isComplete(request.draft);
  if (!completeness.complete) return { outcome: 'incomplete', request, missing: completeness.missing };
  const stillValid: MissingItem[] = [];
  for (const step of REQUEST_STEPS) {
    const check = validateStep(step, stepInputFromDraft(step, request.draft), { today: now, draft: request.draft });
    if (!check.ok) for (const [field, message] of Object.entries(check.errors)) stillValid.push({ step, field: field as MissingItem['field'], message });
  }
  if (stillValid.length) return { outcome: 'incomplete', request, missing: stillValid };

  const complete = completeness.request;
  const scope = scopeOf(actor);
  const submitted = (await writeTransaction(deps.db, async (tx) => {
    // Read again under the write lock: a double click's twin may have read the same draft and committed first.
    const current = (await findRequestById(tx, scope, request.id));
    if (current && current.status !== 'draft' && current.reference) return { done: 'already' as const, request: current };
    const year = Number(calendarDateOf(now).slice(0, 4));
    // A lost race rolls back the whole transaction, so the reference number is not used up.
    const reference = formatRequestReference(year, (await nextReferenceSequence(tx, scope, year)));
    const row = (await advanceRequest(tx, scope, request.id, 'submit', {
      now,
      seenVersion: request.version,
      changes: {
        reference,
        position: 'summary',
        lot: complete.placement.lot,
        primaryNeed: complete.needs.primaryNeed,
        requiredStartDate: complete.placement.requiredStartDate,
        submittedAt: now.toISOString(),
        submittedByStaffId: actor.staffId,
      },
    }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'request.submitted',
      entityType: 'placement_request',
      entityId: request.id,
      details: { reference, lot: complete.placement.lot, primaryNeed: complete.needs.primaryNeed, urgency: complete.risks.urgency },
    }));
    const channel = (await findApprovalsChannel(tx, actor.councilId));
    if (channel) {
      (await enqueueOutbox(tx, {
        councilId: actor.councilId,
        kind: 'teams.channel_post',
        dedupKey: `request-submitted:${request.id}`,
        payload: { requestId: request.id, template: 'request_submitted' },
        at: now,
      }));
    }
    return { done: 'submitted' as const, row, channelNotified: channel !== undefined };
  }));
  if (submitted.done === 'already') return { outcome: 'already_submitted', request: submitted.request };
  return { outcome: 'submitted', request: submitted.row, channelNotified: submitted.channelNotified };
}
