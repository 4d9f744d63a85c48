import type { Tx } from '../../db/client.js';
import { appendAudit } from '../../db/repositories/audit.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { markInbound } from '../../db/repositories/inbound.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { insertProviderReply, type ProviderReplyRow } from '../../db/repositories/replies.js';
import { updateReferral, type ReferralRow } from '../../db/repositories/referrals.js';
import type { ReplyStatus, RouteMethod } from '../../db/schema/inbound.js';
import type { ReplyUnderstanding } from '../../domain/reply-understanding.js';
import { advanceRequest } from '../requests/advance-request.js';

/**
 * Replies that need a person: an offer's figures are only a proposal until confirmed; a query wants an answer.
 * An acknowledgement ("we will come back to you by Friday") is only noted: the answer is still to come.
 */
export function initialReplyStatus(kind: string): ReplyStatus {
  if (kind === 'query') return 'query';
  if (kind === 'offer' || kind === 'unknown') return 'needs_confirmation';
  return 'noted';
}

/** What is recorded of a message: its understanding, its new text and its attachments (an e-mail's, or a reply-page submission's). */
export interface ReplyToRecord {
  understanding: ReplyUnderstanding;
  reply: { text: string };
  message: { attachments: ReadonlyArray<{ filename?: string | null; contentType: string; size: number }> };
}

/**
 * Attaches an understood message to its referral, in the caller's transaction: the reply row, the
 * referral's answered/out-of-office marks, the audit entry (no text), and the Teams relays in the outbox.
 * The caller has checked that the request's lifecycle still records replies (else the message goes to triage).
 * A correction made on the reply page names the reply it replaces (`supersedesReplyId`).
 */
export async function recordReply(
  tx: Tx,
  input: {
    inboundId: number;
    referral: ReferralRow;
    understood: ReplyToRecord;
    method: RouteMethod;
    byStaffId: number | null;
    now: Date;
    /** Who the audit names when no staff member acted; the mailbox unless said. */
    systemActor?: string;
    supersedesReplyId?: number | null;
  },
): Promise<ProviderReplyRow> {
  const { referral, understood, now } = input;
  const scope = { councilId: referral.councilId };
  const u = understood.understanding;
  const request = (await advanceRequest(tx, scope, referral.requestId, 'record_reply', { now }));
  (await markInbound(tx, input.inboundId, {
    status: 'routed',
    councilId: referral.councilId,
    referralId: referral.id,
    routeMethod: input.method,
    problem: null,
    ...(input.byStaffId !== null ? { handledByStaffId: input.byStaffId, handledAt: now.toISOString() } : {}),
  }));
  const reply = (await insertProviderReply(tx, scope, {
    requestId: referral.requestId,
    referralId: referral.id,
    providerId: referral.providerId,
    inboundMessageId: input.inboundId,
    supersedesReplyId: input.supersedesReplyId ?? null,
    kind: u.kind,
    status: initialReplyStatus(u.kind),
    extracted: { ...u },
    confidence: Math.round(u.confidence * 100),
    replyText: understood.reply.text.slice(0, 20_000),
    attachments: understood.message.attachments.map((a) => ({ filename: a.filename ?? '(unnamed)', contentType: a.contentType, size: a.size })),
    createdAt: now.toISOString(),
  }));
  // A holding reply is not the provider's answer: the referral still counts as unanswered (reminder, deadline card, response rate).
  const answers = u.kind !== 'bounce' && u.kind !== 'acknowledgement';
  if (u.kind === 'auto-reply') (await updateReferral(tx, scope, referral.id, { autoReplyAt: now.toISOString(), updatedAt: now.toISOString() }));
  else if (answers && !referral.respondedAt) (await updateReferral(tx, scope, referral.id, { respondedAt: now.toISOString(), updatedAt: now.toISOString() }));
  (await appendAudit(tx, now, {
    councilId: referral.councilId,
    actorStaffId: input.byStaffId,
    actorLabel: input.byStaffId !== null ? `staff:${input.byStaffId}` : (input.systemActor ?? 'system:mailbox'),
    action: u.kind === 'auto-reply' ? 'reply.auto_reply_noted' : u.kind === 'acknowledgement' ? 'reply.acknowledgement_noted' : 'reply.received',
    entityType: 'placement_request',
    entityId: String(referral.requestId),
    details: { replyId: reply.id, referralId: referral.id, providerId: referral.providerId, kind: u.kind, routeMethod: input.method, confidence: u.confidence, inboundMessageId: input.inboundId, ...(input.supersedesReplyId ? { supersedesReplyId: input.supersedesReplyId } : {}) },
  }));
  // An out-of-office changes nothing and is only noted; an acknowledgement is shown in the request's thread only;
  // everything else is relayed to the thread and to the request's caseworker.
  if (u.kind !== 'auto-reply') {
    if ((await findApprovalsChannel(tx, referral.councilId))) {
      (await enqueueOutbox(tx, { councilId: referral.councilId, kind: 'teams.channel_post', dedupKey: `reply:${reply.id}`, payload: { requestId: referral.requestId, replyId: reply.id, template: 'reply_received' }, at: now }));
    }
    if (u.kind !== 'acknowledgement') {
      (await enqueueOutbox(tx, {
        councilId: referral.councilId,
        kind: 'teams.personal_message',
        dedupKey: `reply-caseworker:${reply.id}`,
        payload: { staffId: request.caseworkerStaffId, requestId: request.id, replyId: reply.id, template: 'reply_received_caseworker' },
        at: now,
      }));
    }
  }
  return reply;
}
