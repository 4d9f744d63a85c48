import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { inboundMessages, type InboundStatus, type RouteMethod } from '../schema/inbound.js';

export type InboundMessageRow = typeof inboundMessages.$inferSelect;

/** Reading a stored message to route it happens before its council is known. */
export function loadInboundForProcessing(db: DbOrTx, id: number): InboundMessageRow | undefined {
  return db.select().from(inboundMessages).where(eq(inboundMessages.id, id)).get();
}

/** A message waiting in a council's triage (a person decides where it belongs). */
export function findTriagedMessage(db: DbOrTx, scope: CouncilScope, id: number): InboundMessageRow | undefined {
  return db
    .select()
    .from(inboundMessages)
    .where(withinCouncil(inboundMessages.councilId, scope, and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'triage'))))
    .get();
}

export function listTriage(db: DbOrTx, scope: CouncilScope | null, limit = 50): InboundMessageRow[] {
  const where = scope ? withinCouncil(inboundMessages.councilId, scope, eq(inboundMessages.status, 'triage')) : eq(inboundMessages.status, 'triage');
  return db.select().from(inboundMessages).where(where).orderBy(desc(inboundMessages.id)).limit(limit).all();
}

export function setInboundOutcome(
  tx: DbOrTx,
  id: number,
  outcome: { status: InboundStatus; councilId?: number | null; referralId?: number | null; routeMethod?: RouteMethod | null; problem?: string | null; handledByStaffId?: number | null; handledAt?: string | null },
): void {
  tx.update(inboundMessages).set(outcome).where(eq(inboundMessages.id, id)).run();
}
