import { isAllowed, REQUEST_STATUSES } from '../../domain/request-lifecycle.js';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { placementRequests } from '../schema/placement-requests.js';
import { referrals, shortlists, type ReferralStatus } from '../schema/referrals.js';

export type ShortlistRow = typeof shortlists.$inferSelect;
export type ReferralRow = typeof referrals.$inferSelect;
export type ShortlistChanges = Partial<Omit<ShortlistRow, 'id' | 'councilId' | 'requestId' | 'version' | 'createdAt' | 'updatedAt'>> & { updatedAt: string };

export async function findShortlistForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<ShortlistRow | undefined> {
  return (await db.select().from(shortlists).where(withinCouncil(shortlists.councilId, scope, eq(shortlists.requestId, requestId))))[0];
}

export async function findShortlistById(db: DbOrTx, scope: CouncilScope, id: number): Promise<ShortlistRow | undefined> {
  return (await db.select().from(shortlists).where(withinCouncil(shortlists.councilId, scope, eq(shortlists.id, id))))[0];
}

export async function insertShortlist(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof shortlists.$inferInsert, 'councilId' | 'id'>): Promise<ShortlistRow> {
  return (await tx.insert(shortlists).values({ ...values, councilId: scope.councilId }).returning())[0]!;
}

export async function updateShortlistIfVersion(tx: DbOrTx, scope: CouncilScope, id: number, expectedVersion: number, changes: ShortlistChanges): Promise<ShortlistRow | undefined> {
  return (await tx
    .update(shortlists)
    .set({ ...changes, version: expectedVersion + 1 })
    .where(withinCouncil(shortlists.councilId, scope, eq(shortlists.id, id), eq(shortlists.version, expectedVersion)))
    .returning())[0]!;
}

/** Shortlists whose referrals are out and whose responses are still open: the timers look at these. */
export async function listOpenShortlists(db: DbOrTx): Promise<ShortlistRow[]> {
  return (await db.select().from(shortlists).where(eq(shortlists.status, 'sent')));
}

export async function insertReferral(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof referrals.$inferInsert, 'councilId' | 'id'>): Promise<ReferralRow> {
  return (await tx.insert(referrals).values({ ...values, councilId: scope.councilId }).returning())[0]!;
}

export async function listReferralsForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<ReferralRow[]> {
  return (await db.select().from(referrals).where(withinCouncil(referrals.councilId, scope, eq(referrals.requestId, requestId))).orderBy(asc(referrals.id)));
}

export async function findReferralById(db: DbOrTx, scope: CouncilScope, id: number): Promise<ReferralRow | undefined> {
  return (await db.select().from(referrals).where(withinCouncil(referrals.councilId, scope, eq(referrals.id, id))))[0];
}

/**
 * Mail routing works before the council is known (the reply address names a referral, not a council),
 * so these lookups are not council-scoped; everything after routing is.
 */
export async function findReferralForRouting(db: DbOrTx, id: number): Promise<ReferralRow | undefined> {
  return (await db.select().from(referrals).where(eq(referrals.id, id)))[0];
}

export async function findReferralsByMessageIds(db: DbOrTx, messageIds: string[]): Promise<ReferralRow[]> {
  if (!messageIds.length) return [];
  return (await db.select().from(referrals).where(inArray(referrals.messageId, messageIds)));
}

type ReferralChanges = Partial<Omit<ReferralRow, 'id' | 'councilId'>> & { updatedAt: string };

export async function updateReferral(tx: DbOrTx, scope: CouncilScope, id: number, changes: ReferralChanges): Promise<void> {
  (await updateReferrals(tx, scope, [id], changes));
}

/** The same change to several referrals of one council, in one statement. */
export async function updateReferrals(tx: DbOrTx, scope: CouncilScope, ids: readonly number[], changes: ReferralChanges): Promise<void> {
  if (!ids.length) return;
  (await tx.update(referrals).set(changes).where(withinCouncil(referrals.councilId, scope, inArray(referrals.id, [...ids]))));
}

export async function setReferralStatus(tx: DbOrTx, scope: CouncilScope, id: number, status: ReferralStatus, at: Date, lastError?: string): Promise<void> {
  (await updateReferral(tx, scope, id, { status, updatedAt: at.toISOString(), ...(lastError !== undefined ? { lastError } : {}) }));
}

/** Referrals sent, not answered, and not yet reminded: candidates for the one polite reminder. */
export async function listReferralsToRemind(db: DbOrTx, scope: CouncilScope, shortlistId: number): Promise<ReferralRow[]> {
  return (await db
    .select()
    .from(referrals)
    .where(
      withinCouncil(
        referrals.councilId,
        scope,
        and(eq(referrals.shortlistId, shortlistId), eq(referrals.status, 'sent'), isNull(referrals.respondedAt), isNull(referrals.reminderQueuedAt)),
      ),
    ));
}

const STATUSES_TAKING_REPLIES = REQUEST_STATUSES.filter((status) => isAllowed(status, 'record_reply'));

/** Referrals of requests whose lifecycle still records replies: what a triaged message may be attached to. */
export async function listOpenReferrals(db: DbOrTx, scope: CouncilScope): Promise<Array<ReferralRow & { reference: string | null }>> {
  return (await db
    .select({ referral: referrals, reference: placementRequests.reference })
    .from(referrals)
    .innerJoin(placementRequests, eq(placementRequests.id, referrals.requestId))
    .where(withinCouncil(referrals.councilId, scope, inArray(placementRequests.status, STATUSES_TAKING_REPLIES)))
    .orderBy(asc(referrals.id)))
    .map((r) => ({ ...r.referral, reference: r.reference }));
}
