import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { awardProposals, awards, type ProposalStatus } from '../schema/awards.js';

export type AwardProposalRow = typeof awardProposals.$inferSelect;
export type AwardRow = typeof awards.$inferSelect;

export async function findProposal(db: DbOrTx, scope: CouncilScope, id: number): Promise<AwardProposalRow | undefined> {
  return (await db.select().from(awardProposals).where(withinCouncil(awardProposals.councilId, scope, eq(awardProposals.id, id))))[0];
}

export async function listProposals(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<AwardProposalRow[]> {
  return (await db.select().from(awardProposals).where(withinCouncil(awardProposals.councilId, scope, eq(awardProposals.requestId, requestId))).orderBy(awardProposals.id));
}

export async function findPendingProposal(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<AwardProposalRow | undefined> {
  return (await db
    .select()
    .from(awardProposals)
    .where(withinCouncil(awardProposals.councilId, scope, and(eq(awardProposals.requestId, requestId), eq(awardProposals.status, 'pending'))))
    .orderBy(desc(awardProposals.id)))[0];
}

export async function insertProposal(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof awardProposals.$inferInsert, 'id' | 'councilId'>): Promise<AwardProposalRow> {
  return (await tx.insert(awardProposals).values({ ...values, councilId: scope.councilId }).returning())[0]!;
}

/**
 * Records a decision only if the proposal is still pending at the version the approver saw: of two
 * approvers clicking at once, exactly one wins; the other finds it decided.
 */
export async function decideProposalIfPending(
  tx: DbOrTx,
  scope: CouncilScope,
  id: number,
  expectedVersion: number,
  decision: { status: Exclude<ProposalStatus, 'pending'>; decisionByStaffId: number; decisionRole: string; decisionAt: string; decisionReason: string | null; decisionAuthority: string },
): Promise<AwardProposalRow | undefined> {
  return (await tx
    .update(awardProposals)
    .set({ ...decision, decisionRole: decision.decisionRole as AwardProposalRow['decisionRole'], updatedAt: decision.decisionAt, version: expectedVersion + 1 })
    .where(withinCouncil(awardProposals.councilId, scope, and(eq(awardProposals.id, id), eq(awardProposals.status, 'pending'), eq(awardProposals.version, expectedVersion))))
    .returning())[0]!;
}

export async function insertAward(tx: DbOrTx, scope: CouncilScope, values: Omit<typeof awards.$inferInsert, 'id' | 'councilId'>): Promise<AwardRow> {
  return (await tx.insert(awards).values({ ...values, councilId: scope.councilId }).returning())[0]!;
}

export async function findAwardForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<AwardRow | undefined> {
  return (await db.select().from(awards).where(withinCouncil(awards.councilId, scope, eq(awards.requestId, requestId))))[0];
}

export async function findAwardById(db: DbOrTx, scope: CouncilScope, id: number): Promise<AwardRow | undefined> {
  return (await db.select().from(awards).where(withinCouncil(awards.councilId, scope, eq(awards.id, id))))[0];
}
