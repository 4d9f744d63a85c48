import { and, asc, eq, lte } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { outbox, type OutboxKind } from '../schema/outbox.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** Writes an effect to deliver after commit. The same dedup key twice is one effect. */
export function enqueueOutbox(
  tx: DbOrTx,
  item: { councilId: number; kind: OutboxKind; dedupKey: string; payload: Record<string, unknown>; at: Date },
): void {
  const at = item.at.toISOString();
  tx.insert(outbox)
    .values({ councilId: item.councilId, kind: item.kind, dedupKey: item.dedupKey, payload: item.payload, nextAttemptAt: at, createdAt: at })
    .onConflictDoNothing({ target: outbox.dedupKey })
    .run();
}

export function dueOutboxItems(db: DbOrTx, now: Date, limit: number): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now.toISOString())))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .all();
}

export function markOutboxSent(db: DbOrTx, id: number, at: Date, result: Record<string, unknown>): void {
  db.update(outbox).set({ status: 'sent', sentAt: at.toISOString(), result, lastError: null }).where(eq(outbox.id, id)).run();
}

export function markOutboxFailed(db: DbOrTx, id: number, attempts: number, error: string, retryAt: Date | null): void {
  db.update(outbox)
    .set({
      attempts,
      lastError: error.slice(0, 1000),
      status: retryAt ? 'pending' : 'dead',
      ...(retryAt ? { nextAttemptAt: retryAt.toISOString() } : {}),
    })
    .where(eq(outbox.id, id))
    .run();
}

export function findOutboxByDedupKey(db: DbOrTx, dedupKey: string): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.dedupKey, dedupKey)).get();
}
