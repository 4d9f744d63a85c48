import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { offers, providerReplies, type ReplyStatus } from '../schema/inbound.js';

export type ProviderReplyRow = typeof providerReplies.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;

export function insertProviderReply(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof providerReplies.$inferInsert, 'councilId' | 'id'>): ProviderReplyRow {
  return tx.insert(providerReplies).values({ ...values, councilId: scope.councilId }).returning().get();
}

export function findProviderReply(db: DbOrTx, scope: CouncilScope, id: number): ProviderReplyRow | undefined {
  return db.select().from(providerReplies).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.id, id))).get();
}

export function findReplyForMessage(db: DbOrTx, inboundMessageId: number): ProviderReplyRow | undefined {
  return db.select().from(providerReplies).where(eq(providerReplies.inboundMessageId, inboundMessageId)).get();
}

export function listRepliesForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): ProviderReplyRow[] {
  return db.select().from(providerReplies).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.requestId, requestId))).orderBy(providerReplies.id).all();
}

export function setReplyStatus(tx: DbOrTx, scope: CouncilScope, id: number, status: ReplyStatus): void {
  tx.update(providerReplies).set({ status }).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.id, id))).run();
}

export function findOffer(db: DbOrTx, scope: CouncilScope, requestId: number, providerId: string): OfferRow | undefined {
  return db.select().from(offers).where(withinCouncil(offers.councilId, scope, and(eq(offers.requestId, requestId), eq(offers.providerId, providerId)))).get();
}

export function findOfferById(db: DbOrTx, scope: CouncilScope, id: number): OfferRow | undefined {
  return db.select().from(offers).where(withinCouncil(offers.councilId, scope, eq(offers.id, id))).get();
}

export function listOffersForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): OfferRow[] {
  return db.select().from(offers).where(withinCouncil(offers.councilId, scope, eq(offers.requestId, requestId))).orderBy(desc(offers.updatedAt)).all();
}

/** One offer per provider and request: a new confirmation replaces the figures (the replies keep the history). */
export function upsertOffer(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof offers.$inferInsert, 'councilId' | 'id' | 'version'>): OfferRow {
  const existing = findOffer(tx, scope, values.requestId, values.providerId);
  if (!existing) return tx.insert(offers).values({ ...values, councilId: scope.councilId }).returning().get();
  return tx
    .update(offers)
    .set({ ...values, version: existing.version + 1 })
    .where(eq(offers.id, existing.id))
    .returning()
    .get();
}

export function updateOffer(tx: DbOrTx, scope: CouncilScope, id: number, expectedVersion: number, changes: Partial<Omit<OfferRow, 'id' | 'councilId' | 'version'>>): OfferRow | undefined {
  return tx
    .update(offers)
    .set({ ...changes, version: expectedVersion + 1 })
    .where(withinCouncil(offers.councilId, scope, and(eq(offers.id, id), eq(offers.version, expectedVersion))))
    .returning()
    .get();
}
