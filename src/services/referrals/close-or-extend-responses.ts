import { scopeOf } from '../../db/council-scope.js';
import { parseId } from '../../domain/ids.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { findRequestById, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { loadVisibleRequest } from '../requests/load-request.js';
import { findShortlistById, updateShortlistIfVersion, type ShortlistRow } from '../../db/repositories/referrals.js';
import type { Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { calendarDateOf, parseTypedDate } from '../../domain/calendar-date.js';
import { isWorkingDay } from '../../domain/deadlines.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { requireAction, type RequestAction } from '../../domain/request-lifecycle.js';
import type { ServiceDeps } from '../deps.js';
import { advanceRequest } from '../requests/advance-request.js';
import { SHORTLIST_ROLE_MESSAGE } from './open-shortlist.js';

async function loadOpenShortlist(deps: ServiceDeps, actor: Actor, shortlistId: unknown, action: RequestAction) {
  if (!actor.roles.includes('placements_officer')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, SHORTLIST_ROLE_MESSAGE);
  const scope = scopeOf(actor);
  const id = parseId(shortlistId);
  const shortlist = id === undefined ? undefined : (await findShortlistById(deps.db, scope, id));
  const request = shortlist ? (await findRequestById(deps.db, scope, shortlist.requestId)) : undefined;
  if (!shortlist || !request) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that call-off. Type **my requests** to find the request.');
  if (shortlist.status === 'closed') throw new AppError(ErrorCodes.RECORD_FROZEN, `Responses for ${request.reference} are already closed.`);
  requireAction(request, action);
  return { scope, shortlist, request };
}

/** A call-off the actor may see, with its request (for drawing its card again). */
export async function loadCallOff(deps: ServiceDeps, actor: Actor, shortlistId: unknown): Promise<{ shortlist: ShortlistRow; request: PlacementRequestRow }> {
  const id = parseId(shortlistId);
  const shortlist = id === undefined ? undefined : (await findShortlistById(deps.db, scopeOf(actor), id));
  if (!shortlist) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that call-off. Type **my requests** to find the request.');
  return { shortlist, request: (await loadVisibleRequest(deps, actor, { id: shortlist.requestId })) };
}

export type ExtendResult =
  | { outcome: 'extended' | 'stale'; shortlist: ShortlistRow }
  | { outcome: 'invalid'; shortlist: ShortlistRow; errors: { deadline: string } };

/** Gives providers longer to reply. Providers already reminded are not reminded again. */
export async function extendResponses(deps: ServiceDeps, input: { actor: Actor; shortlistId: unknown; version: number; deadline: unknown }): Promise<ExtendResult> {
  const { actor } = input;
  const { scope, shortlist, request } = (await loadOpenShortlist(deps, actor, input.shortlistId, 'extend_responses'));
  if (shortlist.version !== input.version) return { outcome: 'stale', shortlist };
  const now = deps.clock.now();
  const today = calendarDateOf(now);
  const parsed = parseTypedDate(typeof input.deadline === 'string' ? input.deadline : '', { today, prefer: 'future' });
  if (!parsed.ok || parsed.date <= shortlist.responseDeadline || parsed.date <= today || !isWorkingDay(parsed.date)) {
    return { outcome: 'invalid', shortlist, errors: { deadline: 'Choose a new deadline: a working day after the current deadline and after today.' } };
  }
  const updated = (await writeTransaction(deps.db, async (tx) => {
    const row = (await updateShortlistIfVersion(tx, scope, shortlist.id, shortlist.version, { responseDeadline: parsed.date, deadlineNoticeFor: null, updatedAt: now.toISOString() }));
    if (!row) return undefined;
    (await advanceRequest(tx, scope, request.id, 'extend_responses', { now, seenVersion: request.version }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'responses.extended',
      entityType: 'placement_request',
      entityId: request.id,
      details: { shortlistId: shortlist.id, from: shortlist.responseDeadline, to: parsed.date },
    }));
    return row;
  }));
  return updated ? { outcome: 'extended', shortlist: updated } : { outcome: 'stale', shortlist };
}

/** Closes responses: the request moves to evaluation of the offers received. */
export async function closeResponses(deps: ServiceDeps, input: { actor: Actor; shortlistId: unknown; version: number }): Promise<{ outcome: 'closed' | 'stale'; shortlist: ShortlistRow }> {
  const { actor } = input;
  const { scope, shortlist, request } = (await loadOpenShortlist(deps, actor, input.shortlistId, 'close_responses'));
  if (shortlist.version !== input.version) return { outcome: 'stale', shortlist };
  const now = deps.clock.now();
  const updated = (await writeTransaction(deps.db, async (tx) => {
    const row = (await updateShortlistIfVersion(tx, scope, shortlist.id, shortlist.version, { status: 'closed', closedAt: now.toISOString(), closedByStaffId: actor.staffId, updatedAt: now.toISOString() }));
    if (!row) return undefined;
    (await advanceRequest(tx, scope, request.id, 'close_responses', { now, seenVersion: request.version }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'responses.closed',
      entityType: 'placement_request',
      entityId: request.id,
      details: { shortlistId: shortlist.id, responseDeadline: shortlist.responseDeadline },
    }));
    if ((await findApprovalsChannel(tx, actor.councilId))) {
      (await enqueueOutbox(tx, {
        councilId: actor.councilId,
        kind: 'teams.channel_post',
        dedupKey: `responses-closed:${shortlist.id}`,
        payload: { requestId: request.id, shortlistId: shortlist.id, template: 'responses_closed' },
        at: now,
      }));
    }
    return row;
  }));
  return updated ? { outcome: 'closed', shortlist: updated } : { outcome: 'stale', shortlist };
}
