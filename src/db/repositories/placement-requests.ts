import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { placementRequests, requestReferenceCounters, type RequestStatus } from '../schema/placement-requests.js';

export type PlacementRequestRow = typeof placementRequests.$inferSelect;
type RequestChanges = Partial<Omit<PlacementRequestRow, 'id' | 'councilId' | 'version' | 'createdAt'>>;

export async function findRequestById(db: DbOrTx, scope: CouncilScope, id: number): Promise<PlacementRequestRow | undefined> {
  return (await db.select().from(placementRequests).where(withinCouncil(placementRequests.councilId, scope, eq(placementRequests.id, id))))[0];
}

export async function findRequestByReference(db: DbOrTx, scope: CouncilScope, reference: string): Promise<PlacementRequestRow | undefined> {
  return (await db
    .select()
    .from(placementRequests)
    .where(withinCouncil(placementRequests.councilId, scope, eq(placementRequests.reference, reference.toUpperCase()))))[0];
}

export async function listRequests(
  db: DbOrTx,
  scope: CouncilScope,
  filter: { caseworkerStaffId?: number; statuses?: readonly RequestStatus[] } = {},
  limit = 50,
): Promise<PlacementRequestRow[]> {
  return (await db
    .select()
    .from(placementRequests)
    .where(
      withinCouncil(
        placementRequests.councilId,
        scope,
        filter.caseworkerStaffId !== undefined ? eq(placementRequests.caseworkerStaffId, filter.caseworkerStaffId) : undefined,
        filter.statuses ? inArray(placementRequests.status, [...filter.statuses]) : undefined,
      ),
    )
    .orderBy(desc(placementRequests.updatedAt), desc(placementRequests.id))
    .limit(limit));
}

export async function insertRequest(
  tx: DbOrTx,
  scope: CouncilScope,
  values: { caseworkerStaffId: number; at: Date },
): Promise<PlacementRequestRow> {
  const at = values.at.toISOString();
  return (await tx
    .insert(placementRequests)
    .values({
      councilId: scope.councilId,
      caseworkerStaffId: values.caseworkerStaffId,
      status: 'draft',
      position: 'child',
      draft: {},
      entered: {},
      version: 1,
      createdAt: at,
      updatedAt: at,
    })
    .returning())[0]!;
}

/**
 * Compare-and-set on the version the caller read: an old card, a double click or a concurrent change
 * finds the version moved on and changes nothing. Returns the updated row, or undefined if it lost.
 */
export async function updateRequestIfVersion(
  tx: DbOrTx,
  scope: CouncilScope,
  id: number,
  expectedVersion: number,
  changes: RequestChanges & { updatedAt: string },
): Promise<PlacementRequestRow | undefined> {
  return (await tx
    .update(placementRequests)
    .set({ ...changes, version: expectedVersion + 1 })
    .where(withinCouncil(placementRequests.councilId, scope, and(eq(placementRequests.id, id), eq(placementRequests.version, expectedVersion))))
    .returning())[0]!;
}

/** Records where the request's approval thread starts; set once, by the first post. */
export async function setApprovalThread(tx: DbOrTx, scope: CouncilScope, id: number, threadId: string): Promise<void> {
  (await tx.update(placementRequests)
    .set({ approvalThreadId: threadId })
    .where(withinCouncil(placementRequests.councilId, scope, eq(placementRequests.id, id))));
}

/** Forgets a request's thread, so its next post starts a new one (dev mode: the Playground keeps no threads). */
export async function clearApprovalThread(tx: DbOrTx, scope: CouncilScope, id: number): Promise<void> {
  (await tx.update(placementRequests)
    .set({ approvalThreadId: null })
    .where(withinCouncil(placementRequests.councilId, scope, eq(placementRequests.id, id))));
}

/** The next sequence number for this council and year, inside the caller's transaction. */
export async function nextReferenceSequence(tx: DbOrTx, scope: CouncilScope, year: number): Promise<number> {
  const row = (await tx
    .insert(requestReferenceCounters)
    .values({ councilId: scope.councilId, year, lastSequence: 1 })
    .onConflictDoUpdate({
      target: [requestReferenceCounters.councilId, requestReferenceCounters.year],
      set: { lastSequence: sql`${requestReferenceCounters.lastSequence} + 1` },
    })
    .returning({ lastSequence: requestReferenceCounters.lastSequence }))[0]!;
  return row.lastSequence;
}

/**
 * Operator tools (the CLI runs with the whole database) look a reference up across councils; references
 * are unique per council only, so the caller must resolve more than one match.
 */
export async function findRequestsByReferenceAcrossCouncils(db: DbOrTx, reference: string): Promise<PlacementRequestRow[]> {
  return (await db.select().from(placementRequests).where(eq(placementRequests.reference, reference.toUpperCase())));
}
