import { scopeOf } from '../../db/council-scope.js';
import { parseId } from '../../domain/ids.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { findTriagedMessage, markInbound, type InboundMessageRow } from '../../db/repositories/inbound.js';
import { findReferralById } from '../../db/repositories/referrals.js';
import type { Actor } from '../../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { understandReply } from '../../mail/inbound/understand-reply.js';
import type { ServiceDeps } from '../deps.js';
import { recordReply } from './record-reply.js';
import type { ProviderReplyRow } from '../../db/repositories/replies.js';
import { writeTransaction } from '../../db/transaction.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { loadVisibleRequest } from '../requests/load-request.js';

const OFFICER_ONLY = 'Messages in triage are handled by a placements officer.';
const ALREADY_HANDLED = "That message has already been dealt with, or is not one of your council's.";

function loadTriaged(deps: ServiceDeps, actor: Actor, inboundId: unknown): InboundMessageRow {
  if (!actor.roles.includes('placements_officer')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, OFFICER_ONLY);
  const id = parseId(inboundId);
  const message = id === undefined ? undefined : findTriagedMessage(deps.db, scopeOf(actor), id);
  if (!message) throw new AppError(ErrorCodes.STALE_CARD, ALREADY_HANDLED);
  return message;
}

export type AttachResult = { outcome: 'attached'; reply: ProviderReplyRow } | { outcome: 'invalid'; message: InboundMessageRow; errors: { referralId: string } };

/** A person decides which referral a message answers; it is then recorded like any routed reply, and audited as manual. */
export async function attachTriagedMessage(deps: ServiceDeps, input: { actor: Actor; inboundId: unknown; referralId: unknown; afterCommit: () => void }): Promise<AttachResult> {
  const { actor } = input;
  const message = loadTriaged(deps, actor, input.inboundId);
  const referralId = parseId(input.referralId);
  const referral = referralId === undefined ? undefined : findReferralById(deps.db, scopeOf(actor), referralId);
  if (!referral) return { outcome: 'invalid', message, errors: { referralId: 'Choose the referral this message answers.' } };
  const request = loadVisibleRequest(deps, actor, { id: referral.requestId });
  requireAction(request, 'record_reply');
  const now = deps.clock.now();
  const understood = await understandReply(message.raw, { now, ownDomains: [deps.config.REPLY_DOMAIN] });
  const reply = writeTransaction(deps.db, (tx) => {
    // The message may have been dealt with by a colleague while it was being read.
    if (!findTriagedMessage(tx, scopeOf(actor), message.id)) throw new AppError(ErrorCodes.STALE_CARD, ALREADY_HANDLED);
    const row = recordReply(tx, { inboundId: message.id, referral, understood, method: 'manual', byStaffId: actor.staffId, now });
    appendStaffAudit(tx, now, actor, {
      action: 'triage.attached',
      entityType: 'inbound_message',
      entityId: message.id,
      details: { referralId: referral.id, requestId: referral.requestId, problem: message.problem },
    });
    return row;
  });
  input.afterCommit();
  return { outcome: 'attached', reply };
}

export type DismissResult = { outcome: 'dismissed'; message: InboundMessageRow } | { outcome: 'invalid'; message: InboundMessageRow; errors: { reason: string } };

export function dismissTriagedMessage(deps: ServiceDeps, input: { actor: Actor; inboundId: unknown; reason: unknown }): DismissResult {
  const { actor } = input;
  const message = loadTriaged(deps, actor, input.inboundId);
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < 5 || reason.length > 500) return { outcome: 'invalid', message, errors: { reason: 'Say why the message is dismissed (e.g. spam, not about a referral).' } };
  const now = deps.clock.now();
  writeTransaction(deps.db, (tx) => {
    if (!findTriagedMessage(tx, scopeOf(actor), message.id)) throw new AppError(ErrorCodes.STALE_CARD, ALREADY_HANDLED);
    markInbound(tx, message.id, { status: 'dismissed', handledByStaffId: actor.staffId, handledAt: now.toISOString() });
    appendStaffAudit(tx, now, actor, {
      action: 'triage.dismissed',
      entityType: 'inbound_message',
      entityId: message.id,
      details: { reason, problem: message.problem },
    });
  });
  return { outcome: 'dismissed', message: { ...message, status: 'dismissed' } };
}
