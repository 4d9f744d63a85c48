import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { awardProposals, awards, type ProposalStatus } from '../schema/awards.js';

export type AwardProposalRow = typeof awardProposals.$inferSelect;
export type AwardRow = typeof awards.$inferSelect;

export function findProposal(db: DbOrTx, scope: CouncilScope, id: number): AwardProposalRow | undefined {
  return db.select().from(awardProposals).where(withinCouncil(awardProposals.councilId, scope, eq(awardProposals.id, id))).get();
}

export function listProposals(db: DbOrTx, scope: CouncilScope, requestId: number): AwardProposalRow[] {
  return db.select().from(awardProposals).where(withinCouncil(awardProposals.councilId, scope, eq(awardProposals.requestId, requestId))).orderBy(awardProposals.id).all();
}

export function findPendingProposal(db: DbOrTx, scope: CouncilScope, requestId: number): AwardProposalRow | undefined {
  return db
    .select()
    .from(awardProposals)
    .where(withinCouncil(awardProposals.councilId, scope, and(eq(awardProposals.requestId, requestId), eq(awardProposals.status, 'pending'))))
    .orderBy(desc(awardProposals.id))
    .get();
}

export function insertProposal(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof awardProposals.$inferInsert, 'id' | 'councilId'>): AwardProposalRow {
  return tx.insert(awardProposals).values({ ...values, councilId: scope.councilId }).returning().get();
}

/**
 * Records a decision only if the proposal is still pending at the version the approver saw: of two
 * approvers clicking at once, exactly one wins; the other finds it decided.
 */
export function decideProposalIfPending(
  tx: DbOrTx,
  scope: CouncilScope,
  id: number,
  expectedVersion: number,
  decision: { status: Exclude<ProposalStatus, 'pending'>; decisionByStaffId: number; decisionRole: string; decisionAt: string; decisionReason: string | null; decisionAuthority: string },
): AwardProposalRow | undefined {
  return tx
    .update(awardProposals)
    .set({ ...decision, decisionRole: decision.decisionRole as AwardProposalRow['decisionRole'], updatedAt: decision.decisionAt, version: expectedVersion + 1 })
    .where(withinCouncil(awardProposals.councilId, scope, and(eq(awardProposals.id, id), eq(awardProposals.status, 'pending'), eq(awardProposals.version, expectedVersion))))
    .returning()
    .get();
}

export function insertAward(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof awards.$inferInsert, 'id' | 'councilId'>): AwardRow {
  return tx.insert(awards).values({ ...values, councilId: scope.councilId }).returning().get();
}

export function findAwardForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): AwardRow | undefined {
  return db.select().from(awards).where(withinCouncil(awards.councilId, scope, eq(awards.requestId, requestId))).get();
}

export function findAwardById(db: DbOrTx, scope: CouncilScope, id: number): AwardRow | undefined {
  return db.select().from(awards).where(withinCouncil(awards.councilId, scope, eq(awards.id, id))).get();
}
