import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { placementRequests, requestReferenceCounters, type RequestStatus } from '../schema/placement-requests.js';

export type PlacementRequestRow = typeof placementRequests.$inferSelect;
type RequestChanges = Partial<Omit<PlacementRequestRow, 'id' | 'councilId' | 'version' | 'createdAt'>>;

export function findRequestById(db: DbOrTx, scope: CouncilScope, id: number): PlacementRequestRow | undefined {
  return db.select().from(placementRequests).where(withinCouncil(placementRequests.councilId, scope, eq(placementRequests.id, id))).get();
}

export function findRequestByReference(db: DbOrTx, scope: CouncilScope, reference: string): PlacementRequestRow | undefined {
  return db
    .select()
    .from(placementRequests)
    .where(withinCouncil(placementRequests.councilId, scope, eq(placementRequests.reference, reference.toUpperCase())))
    .get();
}

export function listRequests(
  db: DbOrTx,
  scope: CouncilScope,
  filter: { caseworkerStaffId?: number; statuses?: readonly RequestStatus[] } = {},
  limit = 50,
): PlacementRequestRow[] {
  return db
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
    .limit(limit)
    .all();
}

export function insertRequest(
  tx: DbOrTx,
  scope: CouncilScope,
  values: { caseworkerStaffId: number; at: Date },
): PlacementRequestRow {
  const at = values.at.toISOString();
  return tx
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
    .returning()
    .get();
}

/**
 * Compare-and-set on the version the caller read: an old card, a double click or a concurrent change
 * finds the version moved on and changes nothing. Returns the updated row, or undefined if it lost.
 */
export function updateRequestIfVersion(
  tx: DbOrTx,
  scope: CouncilScope,
  id: number,
  expectedVersion: number,
  changes: RequestChanges & { updatedAt: string },
): PlacementRequestRow | undefined {
  return tx
    .update(placementRequests)
    .set({ ...changes, version: expectedVersion + 1 })
    .where(withinCouncil(placementRequests.councilId, scope, and(eq(placementRequests.id, id), eq(placementRequests.version, expectedVersion))))
    .returning()
    .get();
}

/** Records where the request's approval thread starts; set once, by the first post. */
export function setApprovalThread(tx: DbOrTx, scope: CouncilScope, id: number, threadId: string): void {
  tx.update(placementRequests)
    .set({ approvalThreadId: threadId })
    .where(withinCouncil(placementRequests.councilId, scope, eq(placementRequests.id, id)))
    .run();
}

/** Forgets a request's thread, so its next post starts a new one (dev mode: the Playground keeps no threads). */
export function clearApprovalThread(tx: DbOrTx, scope: CouncilScope, id: number): void {
  tx.update(placementRequests)
    .set({ approvalThreadId: null })
    .where(withinCouncil(placementRequests.councilId, scope, eq(placementRequests.id, id)))
    .run();
}

/** The next sequence number for this council and year, inside the caller's transaction. */
export function nextReferenceSequence(tx: DbOrTx, scope: CouncilScope, year: number): number {
  const row = tx
    .insert(requestReferenceCounters)
    .values({ councilId: scope.councilId, year, lastSequence: 1 })
    .onConflictDoUpdate({
      target: [requestReferenceCounters.councilId, requestReferenceCounters.year],
      set: { lastSequence: sql`${requestReferenceCounters.lastSequence} + 1` },
    })
    .returning({ lastSequence: requestReferenceCounters.lastSequence })
    .get();
  return row.lastSequence;
}

/**
 * Operator tools (the CLI runs with the whole database) look a reference up across councils; references
 * are unique per council only, so the caller must resolve more than one match.
 */
export function findRequestsByReferenceAcrossCouncils(db: DbOrTx, reference: string): PlacementRequestRow[] {
  return db.select().from(placementRequests).where(eq(placementRequests.reference, reference.toUpperCase())).all();
}
