import { scopeOf } from '../../db/council-scope.js';
import type { InboundMessageRow, TriageViewer } from '../../db/repositories/inbound.js';
import { listCouncils } from '../../db/repositories/staff-admin.js';
import { findRequestById } from '../../db/repositories/placement-requests.js';
import { findProvider } from '../../db/repositories/providers.js';
import { listOpenReferrals } from '../../db/repositories/referrals.js';
import { findCurrentOffer, listRepliesForRequest, type OfferRow, type ProviderReplyRow } from '../../db/repositories/replies.js';
import { replyArrival } from '../../services/replies/reply-arrival.js';
import type { CouncilScope } from '../../db/council-scope.js';
import type { ServiceDeps } from '../../services/deps.js';
import { answerProvider, confirmReplyFigures, loadReply, markReplyAsQuery } from '../../services/replies/handle-reply.js';
import { assignTriagedMessage, attachTriagedMessage, dismissTriagedMessage, triageFor, triageViewerOf } from '../../services/replies/triage.js';
import { loadVisibleRequest } from '../../services/requests/load-request.js';
import { feeBenchmarkFor } from '../../services/regional/fee-benchmark.js';
import { annualCostPence } from '../../domain/offer-figures.js';
import { extractReplyText } from '../../mail/inbound/reply-text.js';
import { parseMessage } from '../../mail/inbound/parse-message.js';
import { md, adaptiveCard, heading, notice, scopedInputs, text, type AdaptiveCard, type CardNotice } from '../cards/card.js';
import { replyCard, replyScope, triageCard } from '../cards/replies.js';
import { weeksFixedByLot } from '../../domain/reference-data.js';
import type { CardAction } from './card-actions.js';
import type { TextRoute } from './messages.js';
import { sendCard } from '../turn.js';


/** The card for one reply, as it stands (with the confirmed offer, if any). */
export async function replyCardFor(deps: ServiceDeps, scope: CouncilScope, reply: ProviderReplyRow, options: { notice?: CardNotice; errors?: Record<string, string>; kept?: Record<string, string> } = {}): Promise<AdaptiveCard> {
  const request = (await findRequestById(deps.db, scope, reply.requestId))!;
  const provider = (await findProvider(deps.db, reply.providerId));
  const found = (await findCurrentOffer(deps.db, scope, reply.requestId, reply.providerId));
  const offer = found?.replyId === reply.id ? found : undefined;
  const lotWeeks = weeksFixedByLot(request.lot);
  return replyCard(
    request,
    reply,
    { name: provider?.name ?? reply.providerId, ofstedGrade: provider?.ofstedGrade ?? null, inspectionDate: provider?.inspectionDate ?? null },
    { ...options, offer, lot: request.lot, lotWeeks, benchmark: await benchmarkOfReply(deps, request, reply, offer, lotWeeks), arrival: (await replyArrival(deps, scope, reply)) },
  );
}

/** The benchmark of the confirmed figures, or of the figures as read while they wait for confirmation. */
async function benchmarkOfReply(deps: ServiceDeps, request: { lot: number | null; primaryNeed: string | null }, reply: ProviderReplyRow, offer: OfferRow | undefined, lotWeeks: number | undefined) {
  const read = reply.extracted as { weeklyFee?: number | null; feeWeeksPerYear?: number | null; additionalWeeklyCosts?: number | null };
  if (offer) return offer.canMeetNeeds ? (await feeBenchmarkFor(deps, { lot: request.lot, need: request.primaryNeed, weeklyFeePence: offer.weeklyFeePence, annualCostPence: annualCostPence(offer) })) : null;
  if (reply.kind !== 'offer' || typeof read.weeklyFee !== 'number') return null;
  const weeklyFeePence = Math.round(read.weeklyFee * 100);
  const addOnsWeeklyPence = Math.round((read.additionalWeeklyCosts ?? 0) * 100);
  const weeks = typeof read.feeWeeksPerYear === 'number' && read.feeWeeksPerYear > 0 ? read.feeWeeksPerYear : lotWeeks;
  const annual = weeks ? annualCostPence({ weeklyFeePence, addOnsWeeklyPence, weeksPerYear: weeks }) : null;
  return feeBenchmarkFor(deps, { lot: request.lot, need: request.primaryNeed, weeklyFeePence, annualCostPence: annual });
}

/**
 * The triage card for the person looking at it: the message's new text (plain), the open referrals of their
 * council to attach it to, and for a regional administrator the councils to give a message without one to.
 */
export async function triageCardFor(deps: ServiceDeps, viewer: TriageViewer, message: InboundMessageRow, notice?: CardNotice): Promise<AdaptiveCard> {
  const parsed = await parseMessage(message.raw);
  const body = extractReplyText({ text: parsed.text, html: parsed.html, subject: parsed.subject, ownDomains: [deps.config.REPLY_DOMAIN] }).text;
  const referrals = (await Promise.all((viewer.councilId === null ? [] : await listOpenReferrals(deps.db, { councilId: viewer.councilId })).map(async (r) => ({
    title: `${r.reference} · ${(await findProvider(deps.db, r.providerId))?.name ?? r.providerId} (${r.contactEmail})`,
    value: String(r.id),
  }))));
  const councils = viewer.regional && message.councilId === null ? (await listCouncils(deps.db)).filter((c) => c.status === 'active').map((c) => ({ title: c.name, value: String(c.id) })) : [];
  return triageCard(message, { referrals, councils }, body, { notice });
}

export function replyCardActions(deps: ServiceDeps, afterCommit: () => void): CardAction[] {
  /** A refused click on a reply card (a decided offer, a request that moved on) redraws the card as it stands, with why. */
  const redrawReplyCard: CardAction['onRefusal'] = async ({ actor, data }, refusal) =>
    replyCardFor(deps, scopeOf(actor), (await loadReply(deps, actor, data.replyId)).reply, { notice: { text: refusal.userMessage, style: 'attention' } });
  return [
    {
      verb: 'reply.confirm',
      handle: async ({ actor, data }) => {
        const input = scopedInputs(data, replyScope(Number(data.replyId)));
        const result = (await confirmReplyFigures(deps, { actor, replyId: data.replyId, input }));
        const scope = scopeOf(actor);
        if (result.outcome === 'invalid') {
          const kept = Object.fromEntries(['canMeetNeeds', 'weeklyFee', 'weeksPerYear', 'addOnsWeekly', 'startDate', 'conditions'].map((k) => [k, typeof input[k] === 'string' ? (input[k] as string) : '']));
          return replyCardFor(deps, scope, result.reply, { errors: result.errors, kept, notice: { text: 'Please check the figures marked below.', style: 'attention' } });
        }
        return replyCardFor(deps, scope, result.reply, { notice: { text: md`Confirmed by ${actor.name}. ${result.offer.canMeetNeeds ? 'The offer will be in the evaluation.' : 'Recorded as unable to meet the needs.'}`, style: 'good' } });
      },
      onRefusal: redrawReplyCard,
    },
    {
      verb: 'reply.query',
      handle: async ({ actor, data }) => replyCardFor(deps, scopeOf(actor), (await markReplyAsQuery(deps, { actor, replyId: data.replyId })), { notice: { text: 'Marked as a question. Use "Reply to the provider" to answer it.', style: 'accent' } }),
      onRefusal: redrawReplyCard,
    },
    {
      verb: 'reply.answer',
      handle: async ({ actor, data }) => {
        const message = scopedInputs(data, replyScope(Number(data.replyId))).message;
        const result = (await answerProvider(deps, { actor, replyId: data.replyId, message }));
        if (result.outcome === 'invalid') {
          return replyCardFor(deps, scopeOf(actor), result.reply, { errors: result.errors, kept: { message: typeof message === 'string' ? message : '' }, notice: { text: result.errors.message, style: 'attention' } });
        }
        afterCommit();
        return replyCardFor(deps, scopeOf(actor), result.reply, { notice: { text: 'Your answer is on its way to the provider by e-mail.', style: 'good' } });
      },
      onRefusal: redrawReplyCard,
    },
    {
      verb: 'triage.attach',
      handle: async ({ actor, data }) => {
        const result = await attachTriagedMessage(deps, { actor, inboundId: data.inboundId, referralId: data[`referralId_${String(data.inboundId)}`], afterCommit });
        if (result.outcome === 'invalid') return triageCardFor(deps, triageViewerOf(actor), result.message, { text: result.errors.referralId, style: 'attention' });
        return replyCardFor(deps, scopeOf(actor), result.reply, { notice: { text: md`Attached by ${actor.name}. The reply is now in the request's thread.`, style: 'good' } });
      },
    },
    {
      verb: 'triage.assign',
      handle: async ({ actor, data }) => {
        const result = (await assignTriagedMessage(deps, { actor, inboundId: data.inboundId, councilId: data[`councilId_${String(data.inboundId)}`] }));
        if (result.outcome === 'invalid') return triageCardFor(deps, triageViewerOf(actor), result.message, { text: result.errors.councilId, style: 'attention' });
        afterCommit();
        return adaptiveCard([...heading('Message given to a council'), notice(md`Given by ${actor.name} to the council it is for: it now waits in that council's triage.`, 'good')]);
      },
    },
    {
      verb: 'triage.dismiss',
      handle: async ({ actor, data }) => {
        const result = (await dismissTriagedMessage(deps, { actor, inboundId: data.inboundId, reason: data[`reason_${String(data.inboundId)}`] }));
        if (result.outcome === 'invalid') return triageCardFor(deps, triageViewerOf(actor), result.message, { text: result.errors.reason, style: 'attention' });
        return adaptiveCard([...heading('Message dismissed'), text(md`Dismissed by ${actor.name}. It is kept for the record.`)]);
      },
    },
  ];
}

export function replyTextRoutes(deps: ServiceDeps): TextRoute[] {
  return [
    {
      match: (c) => /^replies\s+pr-\d{4}-\d+$/.test(c),
      handle: async ({ context, actor, command }) => {
        const request = (await loadVisibleRequest(deps, actor, { reference: command.replace(/^replies\s+/, '') }));
        const replies = (await listRepliesForRequest(deps.db, scopeOf(actor), request.id));
        if (!replies.length) {
          await context.sendActivity(md`No provider has replied to ${request.reference} yet.`);
          return;
        }
        for (const reply of replies.slice(-10)) await sendCard(context, (await replyCardFor(deps, scopeOf(actor), reply)));
      },
    },
    {
      match: (c) => c === 'triage',
      handle: async ({ context, actor }) => {
        const waiting = (await triageFor(deps, actor, 10));
        if (!waiting.length) {
          await context.sendActivity(actor.roles.includes('regional_admin') ? 'No messages are waiting in triage for your council or the region.' : 'No messages are waiting in triage for your council.');
          return;
        }
        for (const message of waiting) await sendCard(context, await triageCardFor(deps, triageViewerOf(actor), message));
      },
    },
  ];
}
