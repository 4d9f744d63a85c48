import { isAllowed, REQUEST_STATUSES } from '../../domain/request-lifecycle.js';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { placementRequests } from '../schema/placement-requests.js';
import { referrals, shortlists, type ReferralStatus } from '../schema/referrals.js';

export type ShortlistRow = typeof shortlists.$inferSelect;
export type ReferralRow = typeof referrals.$inferSelect;
export type ShortlistChanges = Partial<Omit<ShortlistRow, 'id' | 'councilId' | 'requestId' | 'version' | 'createdAt' | 'updatedAt'>> & { updatedAt: string };

export function findShortlistForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): ShortlistRow | undefined {
  return db.select().from(shortlists).where(withinCouncil(shortlists.councilId, scope, eq(shortlists.requestId, requestId))).get();
}

export function findShortlistById(db: DbOrTx, scope: CouncilScope, id: number): ShortlistRow | undefined {
  return db.select().from(shortlists).where(withinCouncil(shortlists.councilId, scope, eq(shortlists.id, id))).get();
}

export function insertShortlist(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof shortlists.$inferInsert, 'councilId' | 'id'>): ShortlistRow {
  return tx.insert(shortlists).values({ ...values, councilId: scope.councilId }).returning().get();
}

export function updateShortlistIfVersion(tx: DbOrTx, scope: CouncilScope, id: number, expectedVersion: number, changes: ShortlistChanges): ShortlistRow | undefined {
  return tx
    .update(shortlists)
    .set({ ...changes, version: expectedVersion + 1 })
    .where(withinCouncil(shortlists.councilId, scope, eq(shortlists.id, id), eq(shortlists.version, expectedVersion)))
    .returning()
    .get();
}

/** Shortlists whose referrals are out and whose responses are still open: the timers look at these. */
export function listOpenShortlists(db: DbOrTx): ShortlistRow[] {
  return db.select().from(shortlists).where(eq(shortlists.status, 'sent')).all();
}

export function insertReferral(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof referrals.$inferInsert, 'councilId' | 'id'>): ReferralRow {
  return tx.insert(referrals).values({ ...values, councilId: scope.councilId }).returning().get();
}

export function listReferralsForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): ReferralRow[] {
  return db.select().from(referrals).where(withinCouncil(referrals.councilId, scope, eq(referrals.requestId, requestId))).orderBy(asc(referrals.id)).all();
}

export function findReferralById(db: DbOrTx, scope: CouncilScope, id: number): ReferralRow | undefined {
  return db.select().from(referrals).where(withinCouncil(referrals.councilId, scope, eq(referrals.id, id))).get();
}

/**
 * Mail routing works before the council is known (the reply address names a referral, not a council),
 * so these lookups are not council-scoped; everything after routing is.
 */
export function findReferralForRouting(db: DbOrTx, id: number): ReferralRow | undefined {
  return db.select().from(referrals).where(eq(referrals.id, id)).get();
}

export function findReferralsByMessageIds(db: DbOrTx, messageIds: string[]): ReferralRow[] {
  if (!messageIds.length) return [];
  return db.select().from(referrals).where(inArray(referrals.messageId, messageIds)).all();
}

export function updateReferral(tx: DbOrTx, scope: CouncilScope, id: number, changes: Partial<Omit<ReferralRow, 'id' | 'councilId'>> & { updatedAt: string }): void {
  tx.update(referrals).set(changes).where(withinCouncil(referrals.councilId, scope, eq(referrals.id, id))).run();
}

export function setReferralStatus(tx: DbOrTx, scope: CouncilScope, id: number, status: ReferralStatus, at: Date, lastError?: string): void {
  updateReferral(tx, scope, id, { status, updatedAt: at.toISOString(), ...(lastError !== undefined ? { lastError } : {}) });
}

/** Referrals sent, not answered, and not yet reminded: candidates for the one polite reminder. */
export function listReferralsToRemind(db: DbOrTx, scope: CouncilScope, shortlistId: number): ReferralRow[] {
  return db
    .select()
    .from(referrals)
    .where(
      withinCouncil(
        referrals.councilId,
        scope,
        and(eq(referrals.shortlistId, shortlistId), eq(referrals.status, 'sent'), isNull(referrals.respondedAt), isNull(referrals.reminderQueuedAt)),
      ),
    )
    .all();
}

const STATUSES_TAKING_REPLIES = REQUEST_STATUSES.filter((status) => isAllowed(status, 'record_reply'));

/** Referrals of requests whose lifecycle still records replies: what a triaged message may be attached to. */
export function listOpenReferrals(db: DbOrTx, scope: CouncilScope): Array<ReferralRow & { reference: string | null }> {
  return db
    .select({ referral: referrals, reference: placementRequests.reference })
    .from(referrals)
    .innerJoin(placementRequests, eq(placementRequests.id, referrals.requestId))
    .where(withinCouncil(referrals.councilId, scope, inArray(placementRequests.status, STATUSES_TAKING_REPLIES)))
    .orderBy(asc(referrals.id))
    .all()
    .map((r) => ({ ...r.referral, reference: r.reference }));
}
