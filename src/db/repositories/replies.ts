import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { inboundMessages, offers, providerReplies, type ReplyStatus } from '../schema/inbound.js';

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

/**
 * The provider's latest answer on the reply page for this referral (the one a new submission corrects),
 * with the submission as stored; undefined before the first.
 */
export function findLatestReplyPageReply(db: DbOrTx, scope: CouncilScope, referralId: number): { reply: ProviderReplyRow; raw: Buffer; receivedAt: string } | undefined {
  const row = db
    .select({ reply: providerReplies, raw: inboundMessages.raw, receivedAt: inboundMessages.receivedAt })
    .from(providerReplies)
    .innerJoin(inboundMessages, eq(inboundMessages.id, providerReplies.inboundMessageId))
    .where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.referralId, referralId), eq(inboundMessages.routeMethod, 'reply_page')))
    .orderBy(desc(providerReplies.id))
    .limit(1)
    .get();
  return row ?? undefined;
}

/** How a reply's message reached us (its route method) and when. */
export function findReplyArrival(db: DbOrTx, reply: Pick<ProviderReplyRow, 'inboundMessageId'>): { routeMethod: string | null; receivedAt: string } | undefined {
  return db.select({ routeMethod: inboundMessages.routeMethod, receivedAt: inboundMessages.receivedAt }).from(inboundMessages).where(eq(inboundMessages.id, reply.inboundMessageId)).get();
}

/** The correction that replaced this reply, if the provider made one on the reply page. */
export function findReplySuperseding(db: DbOrTx, scope: CouncilScope, replyId: number): ProviderReplyRow | undefined {
  return db.select().from(providerReplies).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.supersedesReplyId, replyId))).get();
}

export function listRepliesForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): ProviderReplyRow[] {
  return db.select().from(providerReplies).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.requestId, requestId))).orderBy(providerReplies.id).all();
}

export function setReplyStatus(tx: DbOrTx, scope: CouncilScope, id: number, status: ReplyStatus): void {
  tx.update(providerReplies).set({ status }).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.id, id))).run();
}

/** The provider's current offer for the request (the version not superseded). */
export function findCurrentOffer(db: DbOrTx, scope: CouncilScope, requestId: number, providerId: string): OfferRow | undefined {
  return db
    .select()
    .from(offers)
    .where(withinCouncil(offers.councilId, scope, and(eq(offers.requestId, requestId), eq(offers.providerId, providerId), isNull(offers.supersededAt))))
    .get();
}

export function findOfferById(db: DbOrTx, scope: CouncilScope, id: number): OfferRow | undefined {
  return db.select().from(offers).where(withinCouncil(offers.councilId, scope, eq(offers.id, id))).get();
}

/** Each provider's current offer for the request, most recently confirmed first. */
export function listCurrentOffersForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): OfferRow[] {
  return db
    .select()
    .from(offers)
    .where(withinCouncil(offers.councilId, scope, and(eq(offers.requestId, requestId), isNull(offers.supersededAt))))
    .orderBy(desc(offers.updatedAt))
    .all();
}

/** Every version of every offer for the request, oldest first: the evidence keeps them all. */
export function listOfferVersionsForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): OfferRow[] {
  return db.select().from(offers).where(withinCouncil(offers.councilId, scope, eq(offers.requestId, requestId))).orderBy(asc(offers.id)).all();
}

type OfferFigures = Omit<typeof offers.$inferInsert, 'councilId' | 'id' | 'version' | 'supersededAt' | 'qualityMark' | 'qualityReason' | 'qualityMarkedByStaffId' | 'withdrawn'>;

/**
 * A confirmation of a provider's figures: a new version of its offer, never an edit of the old one (the
 * database refuses that). The previous version is marked superseded; its quality mark carries forward.
 */
export function confirmOfferVersion(tx: DbOrTx, scope: CouncilScope, values: OfferFigures): OfferRow {
  const previous = findCurrentOffer(tx, scope, values.requestId, values.providerId);
  if (previous) tx.update(offers).set({ supersededAt: values.updatedAt }).where(eq(offers.id, previous.id)).run();
  return tx
    .insert(offers)
    .values({
      ...values,
      councilId: scope.councilId,
      version: (previous?.version ?? 0) + 1,
      qualityMark: previous?.qualityMark ?? null,
      qualityReason: previous?.qualityReason ?? null,
      qualityMarkedByStaffId: previous?.qualityMarkedByStaffId ?? null,
    })
    .returning()
    .get();
}

/** The officer's quality mark on the current version of an offer; undefined when that version was superseded meanwhile. */
export function setOfferQualityMark(
  tx: DbOrTx,
  scope: CouncilScope,
  id: number,
  mark: { qualityMark: number; qualityReason: string; qualityMarkedByStaffId: number; updatedAt: string },
): OfferRow | undefined {
  return tx
    .update(offers)
    .set(mark)
    .where(withinCouncil(offers.councilId, scope, and(eq(offers.id, id), isNull(offers.supersededAt))))
    .returning()
    .get();
}
