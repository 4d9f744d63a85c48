import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { inboundMessages, offers, providerReplies, type ReplyStatus } from '../schema/inbound.js';

export type ProviderReplyRow = typeof providerReplies.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;

export async function insertProviderReply(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof providerReplies.$inferInsert, 'councilId' | 'id'>): Promise<ProviderReplyRow> {
  return (await tx.insert(providerReplies).values({ ...values, councilId: scope.councilId }).returning())[0]!;
}

export async function findProviderReply(db: DbOrTx, scope: CouncilScope, id: number): Promise<ProviderReplyRow | undefined> {
  return (await db.select().from(providerReplies).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.id, id))))[0];
}

export async function findReplyForMessage(db: DbOrTx, inboundMessageId: number): Promise<ProviderReplyRow | undefined> {
  return (await db.select().from(providerReplies).where(eq(providerReplies.inboundMessageId, inboundMessageId)))[0];
}

/**
 * The provider's latest answer on the reply page for this referral (the one a new submission corrects),
 * with the submission as stored; undefined before the first.
 */
export async function findLatestReplyPageReply(db: DbOrTx, scope: CouncilScope, referralId: number): Promise<{ reply: ProviderReplyRow; raw: Buffer; receivedAt: string } | undefined> {
  const row = (await db
    .select({ reply: providerReplies, raw: inboundMessages.raw, receivedAt: inboundMessages.receivedAt })
    .from(providerReplies)
    .innerJoin(inboundMessages, eq(inboundMessages.id, providerReplies.inboundMessageId))
    .where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.referralId, referralId), eq(inboundMessages.routeMethod, 'reply_page')))
    .orderBy(desc(providerReplies.id))
    .limit(1))[0];
  return row ?? undefined;
}

/** How a reply's message reached us (its route method) and when. */
export async function findReplyArrival(db: DbOrTx, reply: Pick<ProviderReplyRow, 'inboundMessageId'>): Promise<{ routeMethod: string | null; receivedAt: string } | undefined> {
  return (await db.select({ routeMethod: inboundMessages.routeMethod, receivedAt: inboundMessages.receivedAt }).from(inboundMessages).where(eq(inboundMessages.id, reply.inboundMessageId)))[0];
}

/** The correction that replaced this reply, if the provider made one on the reply page. */
export async function findReplySuperseding(db: DbOrTx, scope: CouncilScope, replyId: number): Promise<ProviderReplyRow | undefined> {
  return (await db.select().from(providerReplies).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.supersedesReplyId, replyId))))[0];
}

export async function listRepliesForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<ProviderReplyRow[]> {
  return (await db.select().from(providerReplies).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.requestId, requestId))).orderBy(providerReplies.id));
}

export async function setReplyStatus(tx: DbOrTx, scope: CouncilScope, id: number, status: ReplyStatus): Promise<void> {
  (await tx.update(providerReplies).set({ status }).where(withinCouncil(providerReplies.councilId, scope, eq(providerReplies.id, id))));
}

/** The provider's current offer for the request (the version not superseded). */
export async function findCurrentOffer(db: DbOrTx, scope: CouncilScope, requestId: number, providerId: string): Promise<OfferRow | undefined> {
  return (await db
    .select()
    .from(offers)
    .where(withinCouncil(offers.councilId, scope, and(eq(offers.requestId, requestId), eq(offers.providerId, providerId), isNull(offers.supersededAt)))))[0];
}

export async function findOfferById(db: DbOrTx, scope: CouncilScope, id: number): Promise<OfferRow | undefined> {
  return (await db.select().from(offers).where(withinCouncil(offers.councilId, scope, eq(offers.id, id))))[0];
}

/** Each provider's current offer for the request, most recently confirmed first. */
export async function listCurrentOffersForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<OfferRow[]> {
  return (await db
    .select()
    .from(offers)
    .where(withinCouncil(offers.councilId, scope, and(eq(offers.requestId, requestId), isNull(offers.supersededAt))))
    .orderBy(desc(offers.updatedAt)));
}

/** Every version of every offer for the request, oldest first: the evidence keeps them all. */
export async function listOfferVersionsForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<OfferRow[]> {
  return (await db.select().from(offers).where(withinCouncil(offers.councilId, scope, eq(offers.requestId, requestId))).orderBy(asc(offers.id)));
}

type OfferFigures = Omit<typeof offers.$inferInsert, 'councilId' | 'id' | 'version' | 'supersededAt' | 'qualityMark' | 'qualityReason' | 'qualityMarkedByStaffId' | 'withdrawn'>;

/**
 * A confirmation of a provider's figures: a new version of its offer, never an edit of the old one (the
 * database refuses that). The previous version is marked superseded; its quality mark carries forward.
 */
export async function confirmOfferVersion(tx: DbOrTx, scope: CouncilScope, values: OfferFigures): Promise<OfferRow> {
  const previous = (await findCurrentOffer(tx, scope, values.requestId, values.providerId));
  if (previous) (await tx.update(offers).set({ supersededAt: values.updatedAt }).where(eq(offers.id, previous.id)));
  return (await tx
    .insert(offers)
    .values({
      ...values,
      councilId: scope.councilId,
      version: (previous?.version ?? 0) + 1,
      qualityMark: previous?.qualityMark ?? null,
      qualityReason: previous?.qualityReason ?? null,
      qualityMarkedByStaffId: previous?.qualityMarkedByStaffId ?? null,
    })
    .returning())[0]!;
}

/** The officer's quality mark on the current version of an offer; undefined when that version was superseded meanwhile. */
export async function setOfferQualityMark(
  tx: DbOrTx,
  scope: CouncilScope,
  id: number,
  mark: { qualityMark: number; qualityReason: string; qualityMarkedByStaffId: number; updatedAt: string },
): Promise<OfferRow | undefined> {
  return (await tx
    .update(offers)
    .set(mark)
    .where(withinCouncil(offers.councilId, scope, and(eq(offers.id, id), isNull(offers.supersededAt))))
    .returning())[0]!;
}
