import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { auditLog } from '../schema/audit.js';
import { awardProposals, awards } from '../schema/awards.js';
import { inboundMessages } from '../schema/inbound.js';
import { outbox } from '../schema/outbox.js';
import { jsonSql } from '../raw-sql.js';

/**
 * Read-only queries behind the evidence pack ("why was this placement secured"). Every one is scoped to
 * the council: a request of another council yields nothing, whatever ids are passed in.
 */

export type AwardProposalRow = typeof awardProposals.$inferSelect;
export type AwardRow = typeof awards.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;

/** An inbound message as the evidence shows it: its headers and outcome, never its raw bytes. */
export interface InboundMessageSummary {
  id: number;
  referralId: number | null;
  fromAddress: string | null;
  subject: string | null;
  receivedAt: string;
  status: (typeof inboundMessages.$inferSelect)['status'];
  routeMethod: (typeof inboundMessages.$inferSelect)['routeMethod'];
  problem: string | null;
  handledByStaffId: number | null;
  handledAt: string | null;
}

/** Every e-mail queued for these referrals (referral, reminder, answers, award and "not selected" letters), oldest first. */
export async function listEmailsForReferrals(db: DbOrTx, scope: CouncilScope, referralIds: readonly number[]) {
  if (!referralIds.length) return [];
  return (await db
    .select()
    .from(outbox)
    .where(withinCouncil(outbox.councilId, scope, eq(outbox.kind, 'email'), inArray(jsonSql.integerField(db, outbox.payload, 'referralId'), [...referralIds])))
    .orderBy(asc(outbox.id)));
}

/** Messages routed (automatically or by hand) to these referrals, oldest first. */
export async function listInboundForReferrals(db: DbOrTx, scope: CouncilScope, referralIds: readonly number[]): Promise<InboundMessageSummary[]> {
  if (!referralIds.length) return [];
  return (await db
    .select({
      id: inboundMessages.id,
      referralId: inboundMessages.referralId,
      fromAddress: inboundMessages.fromAddress,
      subject: inboundMessages.subject,
      receivedAt: inboundMessages.receivedAt,
      status: inboundMessages.status,
      routeMethod: inboundMessages.routeMethod,
      problem: inboundMessages.problem,
      handledByStaffId: inboundMessages.handledByStaffId,
      handledAt: inboundMessages.handledAt,
    })
    .from(inboundMessages)
    .where(withinCouncil(inboundMessages.councilId, scope, inArray(inboundMessages.referralId, [...referralIds])))
    .orderBy(asc(inboundMessages.receivedAt), asc(inboundMessages.id)));
}

/** Every award proposal of a request, revisions included, oldest first. */
export async function listProposalsForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<AwardProposalRow[]> {
  return (await db
    .select()
    .from(awardProposals)
    .where(withinCouncil(awardProposals.councilId, scope, eq(awardProposals.requestId, requestId)))
    .orderBy(asc(awardProposals.createdAt), asc(awardProposals.id)));
}

export async function findAwardForRequest(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<AwardRow | undefined> {
  return (await db.select().from(awards).where(withinCouncil(awards.councilId, scope, eq(awards.requestId, requestId))))[0];
}

/** The request's audit entries and those of the messages routed to it, in the order they were written. */
export async function listAuditForRequest(db: DbOrTx, scope: CouncilScope, requestId: number, inboundMessageIds: readonly number[]): Promise<AuditRow[]> {
  const ofRequest = and(eq(auditLog.entityType, 'placement_request'), eq(auditLog.entityId, String(requestId)));
  const ofMessages = inboundMessageIds.length
    ? and(eq(auditLog.entityType, 'inbound_message'), inArray(auditLog.entityId, inboundMessageIds.map(String)))
    : undefined;
  return (await db
    .select()
    .from(auditLog)
    .where(withinCouncil(auditLog.councilId, scope, ofMessages ? or(ofRequest, ofMessages) : ofRequest))
    .orderBy(asc(auditLog.id)));
}
