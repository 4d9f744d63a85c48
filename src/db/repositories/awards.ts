import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { approvalEscalations, awardProposals, awards, type ApprovalEscalationStage, type ProposalStatus } from '../schema/awards.js';
import { councils } from '../schema/councils.js';

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
  decision: {
    status: Exclude<ProposalStatus, 'pending'>;
    decisionByStaffId: number;
    decisionRole: string;
    decisionAt: string;
    decisionReason: string | null;
    decisionAuthority: string;
    decisionCoverId?: number | null;
    decisionCoveringForStaffId?: number | null;
    decisionCoveringForName?: string | null;
    decisionCoverEndsOn?: string | null;
  },
): Promise<AwardProposalRow | undefined> {
  return (await tx
    .update(awardProposals)
    .set({ ...decision, decisionRole: decision.decisionRole as AwardProposalRow['decisionRole'], updatedAt: decision.decisionAt, version: expectedVersion + 1 })
    .where(withinCouncil(awardProposals.councilId, scope, and(eq(awardProposals.id, id), eq(awardProposals.status, 'pending'), eq(awardProposals.version, expectedVersion))))
    .returning())[0];
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

export type ApprovalEscalationRow = typeof approvalEscalations.$inferSelect;

/** A proposal waiting for a decision, with its council's reminder and escalation periods: what the clock looks at. */
export interface WaitingProposal {
  proposalId: number;
  councilId: number;
  requestId: number;
  proposedByStaffId: number;
  annualValuePence: number;
  createdAt: string;
  reminderWorkingDays: number;
  escalationWorkingDays: number;
}

/** Every pending proposal of an active council, across councils (a system job, no person's view). */
export async function listWaitingProposals(db: DbOrTx): Promise<WaitingProposal[]> {
  return (await db
    .select({
      proposalId: awardProposals.id,
      councilId: awardProposals.councilId,
      requestId: awardProposals.requestId,
      proposedByStaffId: awardProposals.proposedByStaffId,
      annualValuePence: awardProposals.annualValuePence,
      createdAt: awardProposals.createdAt,
      reminderWorkingDays: councils.approvalReminderWorkingDays,
      escalationWorkingDays: councils.approvalEscalationWorkingDays,
    })
    .from(awardProposals)
    .innerJoin(councils, eq(councils.id, awardProposals.councilId))
    .where(and(eq(awardProposals.status, 'pending'), eq(councils.status, 'active')))
    .orderBy(asc(awardProposals.id)));
}

export async function listEscalations(db: DbOrTx, proposalIds: number[]): Promise<ApprovalEscalationRow[]> {
  if (!proposalIds.length) return [];
  return (await db.select().from(approvalEscalations).where(inArray(approvalEscalations.proposalId, proposalIds)).orderBy(asc(approvalEscalations.id)));
}

export async function listEscalationsForProposal(db: DbOrTx, scope: CouncilScope, proposalId: number): Promise<ApprovalEscalationRow[]> {
  return (await db.select().from(approvalEscalations).where(withinCouncil(approvalEscalations.councilId, scope, eq(approvalEscalations.proposalId, proposalId))).orderBy(asc(approvalEscalations.id)));
}

/** Records a reminder or escalation once: false when this stage was already recorded (by another run or process). */
export async function insertEscalationOnce(
  tx: DbOrTx,
  scope: CouncilScope,
  values: { proposalId: number; stage: ApprovalEscalationStage; recipientStaffIds: number[]; workingDaysWaited: number; at: string },
): Promise<boolean> {
  return (await tx.insert(approvalEscalations).values({ ...values, councilId: scope.councilId }).onConflictDoNothing().returning({ id: approvalEscalations.id }))[0] !== undefined;
}
