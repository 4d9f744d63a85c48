import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { affectedRows, type Db, type DbOrTx, type Tx } from '../client.js';
import { outbox, type OutboxKind, type OutboxStatus } from '../schema/outbox.js';
import { jsonSql } from '../raw-sql.js';
import { writeTransaction } from '../transaction.js';

export type OutboxRow = typeof outbox.$inferSelect;

/**
 * Writes an effect to deliver after commit. The same dedup key twice is one effect. An e-mail's
 * Message-ID is fixed here, once, so every attempt (and a repeat after a crash) carries the same id.
 */
export async function enqueueOutbox(
  tx: DbOrTx,
  item: {
    councilId: number;
    dedupKey: string;
    payload: Record<string, unknown>;
    at: Date;
    sequenceKey?: string;
  } & ({ kind: 'email'; messageId: string } | { kind: Exclude<OutboxKind, 'email'>; messageId?: undefined }),
): Promise<void> {
  const at = item.at.toISOString();
  (await tx.insert(outbox)
    .values({
      councilId: item.councilId,
      kind: item.kind,
      dedupKey: item.dedupKey,
      payload: item.payload,
      nextAttemptAt: at,
      messageId: item.messageId ?? null,
      sequenceKey: item.sequenceKey ?? sequenceKeyOf(item),
      createdAt: at,
    })
    .onConflictDoNothing({ target: outbox.dedupKey }));
}

/** The posts of one request's thread, and the messages to one person, are delivered in the order they were queued. */
function sequenceKeyOf(item: { councilId: number; kind: OutboxKind; payload: Record<string, unknown> }): string | null {
  if ((item.kind === 'teams.channel_post' || item.kind === 'teams.channel_update') && typeof item.payload.requestId === 'number') return `thread:${item.councilId}:${item.payload.requestId}`;
  if (item.kind === 'teams.personal_message' && typeof item.payload.staffId === 'number') return `chat:${item.payload.staffId}`;
  return null;
}

/**
 * Claims up to `limit` due items for one process, atomically (BEGIN IMMEDIATE), so two processes on one
 * database never deliver the same item. An item is due when it is pending, its next attempt has come, and
 * no live claim holds it; an item whose earlier claim expired was being delivered by a process that died,
 * and that interrupted attempt is counted. Of the items sharing a sequence key only the oldest pending one
 * is due, so the posts of one thread go out in order. The attempt is counted here, before delivery starts.
 */
export async function claimDueOutboxItems(db: Db, claim: { holder: string; now: Date; claimUntil: Date; limit: number; kinds: readonly OutboxKind[] }): Promise<OutboxRow[]> {
  const now = claim.now.toISOString();
  return writeTransaction(db, async (tx) => {
    const due = (await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          inArray(outbox.kind, [...claim.kinds]),
          lte(outbox.nextAttemptAt, now),
          sql`(${outbox.claimExpiresAt} IS NULL OR ${outbox.claimExpiresAt} <= ${now})`,
          sql`(${outbox.sequenceKey} IS NULL OR NOT EXISTS (SELECT 1 FROM outbox AS earlier WHERE earlier.sequence_key = ${outbox.sequenceKey} AND earlier.status = 'pending' AND earlier.id < ${outbox.id}))`,
        ),
      )
      .orderBy(asc(outbox.id))
      .limit(claim.limit));
    if (!due.length) return [];
    return (await tx
      .update(outbox)
      .set({
        claimedBy: claim.holder,
        claimExpiresAt: claim.claimUntil.toISOString(),
        attempts: sql`${outbox.attempts} + 1`,
        interruptedAttempts: sql`${outbox.interruptedAttempts} + CASE WHEN ${outbox.claimedBy} IS NULL THEN 0 ELSE 1 END`,
      })
      .where(inArray(outbox.id, due.map((d) => d.id)))
      .returning())
      .sort((a, b) => a.id - b.id);
  });
}

/** Extends the claims a working process holds, so a long delivery is not taken over by another process. */
export async function renewOutboxClaims(db: Db, holder: string, ids: number[], claimUntil: Date): Promise<void> {
  if (!ids.length) return;
  (await writeTransaction(db, async (tx) =>
    (await tx.update(outbox).set({ claimExpiresAt: claimUntil.toISOString() }).where(and(inArray(outbox.id, ids), eq(outbox.claimedBy, holder)))),
  ));
}

/**
 * Records deliveries as done, in the caller's transaction, in one statement however many they are;
 * returns the ids whose claim was still ours (the others are left as they are).
 */
export async function markOutboxItemsSent(tx: Tx, holder: string, at: Date, sent: ReadonlyArray<{ id: number; result: Record<string, unknown> }>): Promise<Set<number>> {
  if (!sent.length) return new Set();
  const result = sql`CASE ${outbox.id} ${sql.join(sent.map((s) => sql`WHEN ${s.id} THEN ${jsonSql.value(tx, s.result)}`), sql` `)} END`;
  const rows = (await tx
    .update(outbox)
    .set({ status: 'sent', sentAt: at.toISOString(), result, lastError: null, lastErrorTransient: false, claimedBy: null, claimExpiresAt: null })
    .where(and(inArray(outbox.id, sent.map((s) => s.id)), eq(outbox.claimedBy, holder), eq(outbox.status, 'pending')))
    .returning({ id: outbox.id }));
  return new Set(rows.map((r) => r.id));
}

/** Records a failed attempt, in the caller's transaction: retried at `retryAt`, or dead when it is null. */
export async function markOutboxFailed(tx: Tx, id: number, holder: string, failure: { error: string; transient: boolean; retryAt: Date | null }): Promise<boolean> {
  const row = (await tx
    .update(outbox)
    .set({
      lastError: failure.error.slice(0, 1000),
      lastErrorTransient: failure.transient,
      status: failure.retryAt ? 'pending' : 'dead',
      ...(failure.retryAt ? { nextAttemptAt: failure.retryAt.toISOString() } : {}),
      claimedBy: null,
      claimExpiresAt: null,
    })
    .where(and(eq(outbox.id, id), eq(outbox.claimedBy, holder), eq(outbox.status, 'pending')))
    .returning({ id: outbox.id }))[0]!;
  return row !== undefined;
}

/** A graceful stop hands back what it had claimed but not started, so another process takes it at once. */
export async function releaseOutboxClaims(db: Db, holder: string, ids: number[]): Promise<void> {
  if (!ids.length) return;
  (await writeTransaction(db, async (tx) =>
    (await tx
      .update(outbox)
      .set({ claimedBy: null, claimExpiresAt: null, attempts: sql`${outbox.attempts} - 1` })
      .where(and(inArray(outbox.id, ids), eq(outbox.claimedBy, holder), eq(outbox.status, 'pending')))),
  ));
}

/** The service answers again: every item that was waiting for it is due now, not at its own backoff. */
export async function pullForwardWaiting(db: Db, kinds: readonly OutboxKind[], now: Date): Promise<number> {
  return writeTransaction(db, async (tx) =>
    (await tx
      .update(outbox)
      .set({ nextAttemptAt: now.toISOString() })
      .where(and(eq(outbox.status, 'pending'), eq(outbox.lastErrorTransient, true), inArray(outbox.kind, [...kinds]), gt(outbox.nextAttemptAt, now.toISOString())))
      .returning({ id: outbox.id })).length,
  );
}

/**
 * During an outage, makes the item waiting longest for the service due now: one probe, so the dispatcher
 * notices within a probe interval that the service is back (and then pulls the rest forward).
 */
export async function probeWaiting(db: Db, kinds: readonly OutboxKind[], now: Date): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const next = (await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), eq(outbox.lastErrorTransient, true), inArray(outbox.kind, [...kinds]), gt(outbox.nextAttemptAt, now.toISOString())))
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(1))[0];
    if (!next) return false;
    (await tx.update(outbox).set({ nextAttemptAt: now.toISOString() }).where(eq(outbox.id, next.id)));
    return true;
  });
}

/** A person is back in their chat: the messages held for them are due now. */
export async function pullForwardHeldMessages(tx: DbOrTx, staffId: number, now: Date): Promise<number> {
  return affectedRows(
    await tx
      .update(outbox)
      .set({ nextAttemptAt: now.toISOString() })
      .where(and(eq(outbox.status, 'pending'), eq(outbox.kind, 'teams.personal_message'), eq(outbox.sequenceKey, `chat:${staffId}`), gt(outbox.nextAttemptAt, now.toISOString()))),
  );
}

export async function findOutboxByDedupKey(db: DbOrTx, dedupKey: string): Promise<OutboxRow | undefined> {
  return (await db.select().from(outbox).where(eq(outbox.dedupKey, dedupKey)))[0];
}

export async function findOutboxItem(db: DbOrTx, id: number): Promise<OutboxRow | undefined> {
  return (await db.select().from(outbox).where(eq(outbox.id, id)))[0];
}

/** For the operator and tests: items by status, newest first. */
export async function listOutbox(db: DbOrTx, filter: { statuses?: readonly OutboxStatus[]; councilId?: number; limit?: number } = {}): Promise<OutboxRow[]> {
  return (await db
    .select()
    .from(outbox)
    .where(and(filter.statuses ? inArray(outbox.status, [...filter.statuses]) : undefined, filter.councilId !== undefined ? eq(outbox.councilId, filter.councilId) : undefined))
    .orderBy(desc(outbox.id))
    .limit(filter.limit ?? 50));
}

export async function countOutboxByStatus(db: DbOrTx): Promise<Record<OutboxStatus, number>> {
  const rows = (await db.select({ status: outbox.status, n: sql<number>`count(*)`.mapWith(Number) }).from(outbox).groupBy(outbox.status));
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, dead: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** A dead item sent again: pending now, with a fresh retry period; its Message-ID stays the same. */
export async function requeueDeadOutboxItem(tx: Tx, id: number, now: Date, giveUp: Date): Promise<OutboxRow | undefined> {
  return (await tx
    .update(outbox)
    .set({ status: 'pending', nextAttemptAt: now.toISOString(), giveUpAt: giveUp.toISOString(), lastErrorTransient: false, claimedBy: null, claimExpiresAt: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'dead')))
    .returning())[0]!;
}
