import { appendStaffAudit } from '../../db/repositories/audit.js';
import { insertCover, listCurrentCoversOf, type CoverRow } from '../../db/repositories/covers.js';
import { findCover } from '../../db/repositories/covers.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { findCouncilStaffMember, type Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { isApprover, validateCover, type CoverField } from '../../domain/approval-authority.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { parseId } from '../../domain/ids.js';
import type { DbOrTx } from '../../db/client.js';
import type { ServiceDeps } from '../deps.js';

export type GiveCoverResult = { outcome: 'given'; cover: CoverRow } | { outcome: 'invalid'; errors: Partial<Record<CoverField, string>> };

export const COVER_ROLES_ONLY = 'Cover is arranged by a Service Manager or the Head of Service, for their own delegated authority.';

const given = async (db: DbOrTx, councilId: number, staffId: number, today: string) =>
  (await listCurrentCoversOf(db, { councilId }, staffId, today))
    .filter((c) => c.delegator.staffId === staffId)
    .map((c) => ({ startsOn: c.startsOn, endsOn: c.endsOn, endedAt: c.endedAt, delegateName: c.delegate.name }));

/**
 * A Service Manager or the Head of Service hands their approval authority to a named colleague for a
 * date range (never above their own limit); checked against the database in the transaction that
 * records it, audited, and the colleague told by a personal message.
 */
export async function giveCover(deps: ServiceDeps, input: { actor: Actor; delegateStaffId: unknown; startsOn: unknown; endsOn: unknown; limit: unknown }): Promise<GiveCoverResult> {
  const { actor } = input;
  if (!isApprover(actor)) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, COVER_ROLES_ONLY);
  const now = deps.clock.now();
  const today = calendarDateOf(now);
  const scope = { councilId: actor.councilId };
  return writeTransaction(deps.db, async (tx): Promise<GiveCoverResult> => {
    const delegateId = parseId(input.delegateStaffId);
    const delegate = delegateId === undefined ? undefined : (await findCouncilStaffMember(tx, scope, delegateId));
    const checked = validateCover({
      delegator: actor,
      delegate,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      limit: input.limit,
      today,
      coversGiven: (await given(tx, actor.councilId, actor.staffId, today)),
      coversGivenByDelegate: delegate ? (await given(tx, actor.councilId, delegate.staffId, today)) : [],
    });
    if (!checked.ok) return { outcome: 'invalid', errors: checked.errors };
    const { terms } = checked;
    const coverId = (await insertCover(tx, scope, { delegatorStaffId: actor.staffId, delegateStaffId: terms.delegateStaffId, startsOn: terms.startsOn, endsOn: terms.endsOn, limitPounds: terms.limitPounds, createdAt: now.toISOString() }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'cover.given',
      entityType: 'approval_cover',
      entityId: coverId,
      details: { delegateStaffId: terms.delegateStaffId, startsOn: terms.startsOn, endsOn: terms.endsOn, limitPounds: terms.limitPounds, delegatorRoles: actor.roles, delegatorLimit: actor.approvalLimit },
    }));
    (await enqueueOutbox(tx, { councilId: actor.councilId, kind: 'teams.personal_message', dedupKey: `cover-given:${coverId}`, payload: { staffId: terms.delegateStaffId, coverId, template: 'cover_given' }, at: now }));
    return { outcome: 'given', cover: (await findCover(tx, scope, coverId))! };
  });
}
