import { appendAudit } from '../../db/repositories/audit.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { findInboundMessage, markInbound } from '../../db/repositories/inbound.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { findRequestById } from '../../db/repositories/placement-requests.js';
import { findReplyForMessage } from '../../db/repositories/replies.js';
import { findReferralsByMessageIds, findShortlistById, setReferralStatus } from '../../db/repositories/referrals.js';
import { understandReply, type UnderstoodReply } from '../../mail/inbound/understand-reply.js';
import type { ServiceDeps } from '../deps.js';
import { recordReply } from './record-reply.js';
import { routeReply, type RouteDecision } from './route-reply.js';
import { writeTransaction } from '../../db/transaction.js';
import { isAllowed, STATUS_DESCRIPTIONS } from '../../domain/request-lifecycle.js';

/** Weeks a year the lot normally bills: used only when a reply gives an annual figure without weeks. */
function lotWeeks(lot: number | null | undefined): 38 | 52 | null {
  if (lot === 3) return 52;
  if (lot === 1 || lot === 2 || lot === 4) return 38;
  return null;
}

function ownDomains(deps: ServiceDeps): string[] {
  const from = /@([^>\s]+)>?\s*$/.exec(deps.config.MAIL_FROM)?.[1];
  return [deps.config.REPLY_DOMAIN, ...(from ? [from] : [])].map((d) => d.toLowerCase());
}

export type ProcessOutcome = 'routed' | 'bounce' | 'triage' | 'already';

/**
 * What happens to a stored message: understood, then routed to its referral (or a bounce marks the
 * referral undelivered), or parked for a person in triage. One transaction per message, so a crash
 * leaves it "stored" and it is simply processed again; the unique reply per message prevents doubles.
 */
export async function processInboundMessage(deps: ServiceDeps, inboundId: number, afterCommit: () => void): Promise<ProcessOutcome> {
  const row = findInboundMessage(deps.db, inboundId);
  if (!row || row.status !== 'stored') return 'already';
  if (findReplyForMessage(deps.db, inboundId)) return 'already';
  const now = deps.clock.now();
  let understood: UnderstoodReply = await understandReply(row.raw, { now, ownDomains: ownDomains(deps) });
  const { message } = understood;

  if (understood.understanding.kind === 'bounce') {
    const [referral] = findReferralsByMessageIds(deps.db, [message.bounce.originalMessageId, message.inReplyTo, ...message.references].filter((v): v is string => !!v));
    const bounced = referral && findRequestById(deps.db, { councilId: referral.councilId }, referral.requestId);
    if (referral && bounced && isAllowed(bounced.status, 'record_reply')) {
      const scope = { councilId: referral.councilId };
      const shortlist = findShortlistById(deps.db, scope, referral.shortlistId);
      writeTransaction(deps.db, (tx) => {
        recordReply(tx, { inboundId, referral, understood, method: 'in_reply_to', byStaffId: null, now });
        setReferralStatus(tx, scope, referral.id, 'undelivered', now, `bounced: ${message.bounce.reasons.join(', ').slice(0, 200)}`);
        if (shortlist?.sentByStaffId) {
          enqueueOutbox(tx, {
            councilId: referral.councilId,
            kind: 'teams.personal_message',
            dedupKey: `referral-bounced:${referral.id}`,
            payload: { staffId: shortlist.sentByStaffId, requestId: referral.requestId, referralId: referral.id, template: 'referral_bounced' },
            at: now,
          });
        }
      });
      afterCommit();
      return 'bounce';
    }
  }

  const routed = routeReply(deps, message);
  const request = routed.routed ? findRequestById(deps.db, { councilId: routed.referral.councilId }, routed.referral.requestId) : undefined;
  // A request that no longer takes replies (cancelled, or sent back before referrals) gets its mail looked at by a person.
  const route: RouteDecision =
    routed.routed && request && !isAllowed(request.status, 'record_reply')
      ? { routed: false, councilId: request.councilId, problem: `Request ${request.reference} is ${STATUS_DESCRIPTIONS[request.status]}, so the reply was not attached by itself.`, candidates: [routed.referral] }
      : routed;
  if (route.routed) {
    const weeks = lotWeeks(request?.lot);
    if (weeks) understood = await understandReply(row.raw, { now, ownDomains: ownDomains(deps), expectedWeeksPerYear: weeks });
    writeTransaction(deps.db, (tx) => {
      recordReply(tx, { inboundId, referral: route.referral, understood, method: route.method, byStaffId: null, now });
    });
    afterCommit();
    return 'routed';
  }

  writeTransaction(deps.db, (tx) => {
    markInbound(tx, inboundId, { status: 'triage', councilId: route.councilId, problem: route.problem });
    appendAudit(tx, now, {
      councilId: route.councilId,
      actorStaffId: null,
      actorLabel: 'system:mailbox',
      action: 'reply.triage',
      entityType: 'inbound_message',
      entityId: String(inboundId),
      details: { problem: route.problem, candidates: route.candidates.map((c) => c.id) },
    });
    // Triage goes to a council's channel only when the message can belong to just that council.
    if (route.councilId !== null && findApprovalsChannel(tx, route.councilId)) {
      enqueueOutbox(tx, { councilId: route.councilId, kind: 'teams.channel_post', dedupKey: `triage:${inboundId}`, payload: { inboundId, template: 'reply_triage' }, at: now });
    }
  });
  afterCommit();
  deps.log.info({ inboundId, councilKnown: route.councilId !== null }, 'message sent to triage');
  return 'triage';
}
