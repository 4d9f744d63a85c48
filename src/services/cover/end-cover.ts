import { appendStaffAudit } from '../../db/repositories/audit.js';
import { endCoverIfOpen, findCover, type CoverRow } from '../../db/repositories/covers.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import type { Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { coverState } from '../../domain/approval-authority.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { parseId } from '../../domain/ids.js';
import type { ServiceDeps } from '../deps.js';

/**
 * Ends a cover before its last day (the delegator is back early, or the colleague cannot cover): by
 * either of the two (an administrator who deactivates one of them ends it too). Audited; the other is told.
 */
export async function endCover(deps: ServiceDeps, input: { actor: Actor; coverId: unknown }): Promise<{ outcome: 'ended' | 'already_ended'; cover: CoverRow }> {
  const { actor } = input;
  const scope = { councilId: actor.councilId };
  const id = parseId(input.coverId);
  const cover = id === undefined ? undefined : (await findCover(deps.db, scope, id));
  if (!cover) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that cover for your council.');
  const involved = cover.delegator.staffId === actor.staffId || cover.delegate.staffId === actor.staffId;
  if (!involved) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that cover for your council.');
  const now = deps.clock.now();
  if (coverState(cover, calendarDateOf(now)) === 'ended') return { outcome: 'already_ended', cover };
  const ended = (await writeTransaction(deps.db, async (tx) => {
    if (!(await endCoverIfOpen(tx, scope, cover.coverId, now, actor.staffId))) return false;
    (await appendStaffAudit(tx, now, actor, { action: 'cover.ended', entityType: 'approval_cover', entityId: cover.coverId, details: { delegatorStaffId: cover.delegator.staffId, delegateStaffId: cover.delegate.staffId, endsOn: cover.endsOn } }));
    for (const staffId of [cover.delegator.staffId, cover.delegate.staffId].filter((s) => s !== actor.staffId)) {
      (await enqueueOutbox(tx, { councilId: actor.councilId, kind: 'teams.personal_message', dedupKey: `cover-ended:${cover.coverId}:${staffId}`, payload: { staffId, coverId: cover.coverId, template: 'cover_ended' }, at: now }));
    }
    return true;
  }));
  return { outcome: ended ? 'ended' : 'already_ended', cover: (await findCover(deps.db, scope, cover.coverId))! };
}
