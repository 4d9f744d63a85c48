import { appendAudit } from '../../db/repositories/audit.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { findInboundMessage, findInboundStatus, markInbound } from '../../db/repositories/inbound.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { findRequestById } from '../../db/repositories/placement-requests.js';
import { findProvider } from '../../db/repositories/providers.js';
import { findReplyForMessage } from '../../db/repositories/replies.js';
import { findReferralsByMessageIds, findShortlistById, setReferralStatus, type ReferralRow } from '../../db/repositories/referrals.js';
import { listStaffWithRole } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Tx } from '../../db/client.js';
import type { InboundStatus } from '../../db/schema/inbound.js';
import { authenticationProblem, bounceIsTrusted } from '../../domain/mail-trust.js';
import { isAllowed, STATUS_DESCRIPTIONS } from '../../domain/request-lifecycle.js';
import { understandParsedReply } from '../../mail/inbound/understand-reply.js';
import { parseMessage, type ParsedMessage } from '../../mail/inbound/parse-message.js';
import type { ServiceDeps } from '../deps.js';
import { recordReply } from './record-reply.js';
import { routeReply, type RouteDecision } from './route-reply.js';

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
 * What happens to a stored message: understood, then routed to its referral (or a trusted bounce marks the
 * referral undelivered), or held for a person in triage. Every message ends attached, noted, applied as a
 * bounce, or waiting where someone sees it (its council, the councils it could belong to, or the regional
 * administrators). One transaction per message, so a crash leaves it "stored" and it is simply processed
 * again; the unique reply per message prevents doubles.
 */
export async function processInboundMessage(deps: ServiceDeps, inboundId: number, afterCommit: () => void, parsed?: ParsedMessage): Promise<ProcessOutcome> {
  // `parsed`: the mailbox reader's parse of these very bytes, so they are neither read back nor parsed again.
  const stored = parsed ? { status: await findInboundStatus(deps.db, inboundId), message: parsed } : await storedMessage(deps, inboundId);
  if (stored?.status !== 'stored') return 'already';
  if ((await findReplyForMessage(deps.db, inboundId))) return 'already';
  const now = deps.clock.now();
  const { message } = stored;
  // Understood once, when it is known where the message goes: a routed reply with its lot's weeks, a bounce
  // without, a message for triage not at all (a person reads it; attaching it understands it then).
  const understand = (expectedWeeksPerYear: 38 | 52 | null) => understandParsedReply(message, { now, ownDomains: ownDomains(deps), expectedWeeksPerYear });

  // The council's own mail server found the sender unconfirmed: never attached by itself, whatever it claims.
  const unauthenticated = authenticationProblem(message.headers['authentication-results'] ?? [], deps.config.TRUSTED_AUTHSERV_IDS);

  // A bounce by its headers, as the understanding reads one (its kind is 'bounce' exactly then).
  const bounced = !unauthenticated && message.bounce.detected ? (await trustedBounceOf(deps, message)) : undefined;
  if (bounced) {
    const { referral } = bounced;
    const scope = { councilId: referral.councilId };
    const shortlist = (await findShortlistById(deps.db, scope, referral.shortlistId));
    const understood = understand(null);
    (await writeTransaction(deps.db, async (tx) => {
      (await recordReply(tx, { inboundId, referral, understood, method: 'in_reply_to', byStaffId: null, now }));
      (await setReferralStatus(tx, scope, referral.id, 'undelivered', now, `bounced: ${message.bounce.reasons.join(', ').slice(0, 200)}`));
      if (shortlist?.sentByStaffId) {
        (await enqueueOutbox(tx, {
          councilId: referral.councilId,
          kind: 'teams.personal_message',
          dedupKey: `referral-bounced:${referral.id}`,
          payload: { staffId: shortlist.sentByStaffId, requestId: referral.requestId, referralId: referral.id, template: 'referral_bounced' },
          at: now,
        }));
      }
    }));
    afterCommit();
    return 'bounce';
  }

  const routed = (await routeReply(deps, message));
  const request = routed.routed ? (await findRequestById(deps.db, { councilId: routed.referral.councilId }, routed.referral.requestId)) : undefined;
  const route: RouteDecision =
    routed.routed && unauthenticated
      ? { routed: false, councilId: routed.referral.councilId, problem: unauthenticated, candidates: [routed.referral] }
      : // A request that no longer takes replies (cancelled, or sent back before referrals) gets its mail looked at by a person.
        routed.routed && request && !isAllowed(request.status, 'record_reply')
        ? { routed: false, councilId: request.councilId, problem: `Request ${request.reference} is ${STATUS_DESCRIPTIONS[request.status]}, so the reply was not attached by itself.`, candidates: [routed.referral] }
        : routed.routed || !unauthenticated
          ? routed
          : { ...routed, problem: `${unauthenticated}; and ${routed.problem}` };
  if (route.routed) {
    const understood = understand(lotWeeks(request?.lot));
    (await writeTransaction(deps.db, async (tx) => {
      (await recordReply(tx, { inboundId, referral: route.referral, understood, method: route.method, byStaffId: null, now }));
    }));
    afterCommit();
    return 'routed';
  }

  (await writeTransaction(deps.db, (tx) => holdForAPerson(tx, { inboundId, route, now })));
  afterCommit();
  deps.log.info({ inboundId, councilKnown: route.councilId !== null, candidateCouncils: new Set(route.candidates.map((c) => c.councilId)).size }, 'message sent to triage');
  return 'triage';
}

/** A stored message read back and parsed (when the caller has not parsed it already). */
async function storedMessage(deps: ServiceDeps, inboundId: number): Promise<{ status: InboundStatus; message: ParsedMessage } | undefined> {
  const row = (await findInboundMessage(deps.db, inboundId));
  return row && { status: row.status, message: await parseMessage(row.raw) };
}

/**
 * A bounce may act only when it is a real one (a delivery status notification, or a bounce from the
 * provider's own mail system or our relay), for a Message-ID we sent, about a referral still taking replies;
 * when it names the recipients that failed, one of them must be the referral's contact.
 */
async function trustedBounceOf(deps: ServiceDeps, message: ParsedMessage): Promise<{ referral: ReferralRow } | undefined> {
  const [referral] = (await findReferralsByMessageIds(deps.db, [message.bounce.originalMessageId, message.inReplyTo, ...message.references].filter((v): v is string => !!v)));
  if (!referral) return undefined;
  const provider = (await findProvider(deps.db, referral.providerId));
  const relay = deps.config.BOUNCE_RELAY_DOMAINS.length ? deps.config.BOUNCE_RELAY_DOMAINS : ownDomains(deps);
  if (!bounceIsTrusted(message.bounce, message.from?.address ?? null, { provider: provider?.emailDomains ?? [], relay })) return undefined;
  const failed = message.bounce.failedRecipients.map((r) => r.toLowerCase());
  if (failed.length && !failed.includes(referral.contactEmail.toLowerCase())) return undefined;
  const request = (await findRequestById(deps.db, { councilId: referral.councilId }, referral.requestId));
  return request && isAllowed(request.status, 'record_reply') ? { referral } : undefined;
}

/**
 * Parks a message for a person and makes sure someone will see it: the council it belongs to gets the triage
 * card in its approvals channel; a message that could belong to several councils is announced to each of
 * them without its content, and to the regional administrators, who see every message without a council.
 */
async function holdForAPerson(tx: Tx, input: { inboundId: number; route: Extract<RouteDecision, { routed: false }>; now: Date }): Promise<void> {
  const { inboundId, route, now } = input;
  const candidates = route.councilId === null ? [...new Set(route.candidates.map((c) => c.councilId))] : [];
  (await markInbound(tx, inboundId, { status: 'triage', councilId: route.councilId, candidateCouncilIds: candidates, problem: route.problem }));
  (await appendAudit(tx, now, {
    councilId: route.councilId,
    actorStaffId: null,
    actorLabel: 'system:mailbox',
    action: 'reply.triage',
    entityType: 'inbound_message',
    entityId: String(inboundId),
    details: { problem: route.problem, candidates: route.candidates.map((c) => c.id), candidateCouncilIds: candidates },
  }));
  if (route.councilId !== null) {
    if ((await findApprovalsChannel(tx, route.councilId))) {
      (await enqueueOutbox(tx, { councilId: route.councilId, kind: 'teams.channel_post', dedupKey: `triage:${inboundId}`, payload: { inboundId, template: 'reply_triage' }, at: now }));
    }
    return;
  }
  for (const councilId of candidates) {
    if ((await findApprovalsChannel(tx, councilId))) {
      (await enqueueOutbox(tx, { councilId, kind: 'teams.channel_post', dedupKey: `triage-waiting:${inboundId}:${councilId}`, payload: { inboundId, template: 'triage_waiting' }, at: now }));
    }
  }
  for (const admin of (await listStaffWithRole(tx, 'regional_admin'))) {
    (await enqueueOutbox(tx, {
      councilId: admin.councilId,
      kind: 'teams.personal_message',
      dedupKey: `triage-regional:${inboundId}:${admin.staffId}`,
      payload: { staffId: admin.staffId, inboundId, template: 'triage_waiting_regional' },
      at: now,
    }));
  }
}
