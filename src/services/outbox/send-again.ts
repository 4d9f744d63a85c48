import { appendAudit, appendStaffAudit } from '../../db/repositories/audit.js';
import { findAwardById } from '../../db/repositories/awards.js';
import { findOutboxItem, listOutbox, requeueDeadOutboxItem, type OutboxRow } from '../../db/repositories/outbox.js';
import { setReferralStatus } from '../../db/repositories/referrals.js';
import type { Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Tx } from '../../db/client.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { parseId } from '../../domain/ids.js';
import { giveUpAt } from '../../domain/retry.js';
import type { ServiceDeps } from '../deps.js';

/** Puts a dead delivery back in the queue, with a fresh retry period; an e-mail keeps its Message-ID. */
async function requeue(deps: ServiceDeps, tx: Tx, item: OutboxRow): Promise<OutboxRow | undefined> {
  const now = deps.clock.now();
  const row = (await requeueDeadOutboxItem(tx, item.id, now, giveUpAt(now, deps.config.OUTBOX_GIVE_UP_HOURS)));
  const payload = item.payload as { template?: string; referralId?: number };
  // A referral given up was marked failed: it is queued again with its e-mail.
  if (row && payload.template === 'referral' && payload.referralId !== undefined) (await setReferralStatus(tx, { councilId: item.councilId }, payload.referralId, 'queued', now));
  return row;
}

/**
 * "Send again" on a failure card: a placements officer of the council (for an award letter, its approver
 * too) puts a dead e-mail back in the queue once the cause is fixed. Audited; nothing is sent twice, since
 * only a dead item can be requeued.
 */
export async function sendAgain(deps: ServiceDeps, input: { actor: Actor; outboxId: unknown }): Promise<OutboxRow> {
  const { actor } = input;
  const id = parseId(input.outboxId);
  const item = id === undefined ? undefined : (await findOutboxItem(deps.db, id));
  if (!item || item.councilId !== actor.councilId) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that delivery for your council.');
  const payload = item.payload as { template?: string; awardId?: number };
  const approverOfAward =
    payload.template === 'award' && payload.awardId !== undefined && (await findAwardById(deps.db, { councilId: actor.councilId }, payload.awardId))?.approverStaffId === actor.staffId;
  if (!actor.roles.includes('placements_officer') && !approverOfAward) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'A failed e-mail is sent again by a placements officer (or, for an award letter, by its approver).');
  if (item.status !== 'dead') throw new AppError(ErrorCodes.STALE_CARD, item.status === 'sent' ? 'That e-mail has been sent since.' : 'That e-mail is already queued to be sent again.');
  const now = deps.clock.now();
  const requeued = (await writeTransaction(deps.db, async (tx) => {
    const row = (await requeue(deps, tx, item));
    if (!row) throw new AppError(ErrorCodes.CONFLICT);
    (await appendStaffAudit(tx, now, actor, { action: 'delivery.requeued', entityType: 'outbox', entityId: item.id, details: { kind: item.kind, template: payload.template ?? null, messageId: item.messageId } }));
    return row;
  }));
  return requeued;
}

/** The operator's `outbox retry ID` / `retry-dead`: dead items back in the queue, each audited. */
export async function operatorRequeue(deps: ServiceDeps, which: { id: number } | { allDead: true }, actorLabel: string): Promise<OutboxRow[]> {
  const now = deps.clock.now();
  const items = 'id' in which ? [(await findOutboxItem(deps.db, which.id))].filter((i): i is OutboxRow => i !== undefined) : (await listOutbox(deps.db, { statuses: ['dead'], limit: 100_000 }));
  return writeTransaction(deps.db, async (tx) =>
    (await Promise.all(items.map(async (item) => {
      const row = item.status === 'dead' ? (await requeue(deps, tx, item)) : undefined;
      if (!row) return [];
      (await appendAudit(tx, now, { councilId: item.councilId, actorStaffId: null, actorLabel, action: 'delivery.requeued', entityType: 'outbox', entityId: String(item.id), details: { kind: item.kind, messageId: item.messageId } }));
      return [row];
    }))).flat(),
  );
}
