import { md, notice } from './cards/card.js';
import type { OutboxRow } from '../db/repositories/outbox.js';
import { findRequestById } from '../db/repositories/placement-requests.js';
import { findActorById } from '../db/repositories/staff.js';
import { calendarDateOf } from '../domain/calendar-date.js';
import type { ServiceDeps } from '../services/deps.js';
import { PermanentDeliveryError } from '../services/outbox/dispatcher.js';
import type { TeamsMessage } from '../services/ports.js';
import { requestChannelCard } from './cards/request-view.js';
import { appraisalConfirmationCard, appraisalConfirmedCard } from './cards/appraisal.js';
import { findAppraisalById, listAppraisalOptions } from '../db/repositories/appraisals.js';
import { recommendRoute } from '../domain/appraisal/recommendation.js';
import { formatUkDate } from '../domain/calendar-date.js';
import { findReferralById, findShortlistForRequest } from '../db/repositories/referrals.js';
import { referralStatusByProvider } from '../services/referrals/referral-status.js';
import { referralsStatusCard } from './cards/referrals.js';
import { providerNames } from './handlers/referrals.js';
import { replyCardFor, triageCardFor } from './handlers/replies.js';
import { findTriagedMessage } from '../db/repositories/inbound.js';
import { findProviderReply } from '../db/repositories/replies.js';
import { findProvider } from '../db/repositories/providers.js';
import { findAwardForRequest, findProposal } from '../db/repositories/awards.js';
import { approvalCardFor } from './handlers/awards.js';
import { findCover } from '../db/repositories/covers.js';
import { coverLimitText } from '../domain/approval-authority.js';
import { awardSummaryCard } from './cards/awards.js';
import { failedEmailCard } from './handlers/deliveries.js';

const REPLY_SUMMARY: Record<string, string> = {
  offer: 'an offer of a place',
  decline: 'they cannot offer a place',
  query: 'a question',
  acknowledgement: 'an acknowledgement (they will answer later)',
  unknown: 'a message I could not classify',
  bounce: 'a delivery failure',
  'auto-reply': 'an automatic reply',
};

/** Renders an outbox item's message when it is delivered, from the database as it is then. */
export function createOutboxRenderer(deps: ServiceDeps) {
  return async (item: OutboxRow): Promise<TeamsMessage> => {
    const payload = item.payload as { template?: string; requestId?: number; appraisalId?: number; replyId?: number; inboundId?: number };
    const scope = { councilId: item.councilId };
    const today = calendarDateOf(deps.clock.now());
    if (payload.template === 'reply_triage') {
      const viewer = { councilId: item.councilId, regional: false };
      const message = payload.inboundId !== undefined ? (await findTriagedMessage(deps.db, viewer, payload.inboundId)) : undefined;
      if (!message) return { text: 'A message that was waiting in triage has already been dealt with.' };
      return { card: await triageCardFor(deps, viewer, message) };
    }
    if (payload.template === 'triage_waiting' || payload.template === 'triage_waiting_regional') {
      // Said without the message's content: it may belong to another council.
      return {
        text:
          payload.template === 'triage_waiting'
            ? 'An e-mail that may be about one of your requests is waiting for a placements officer, but it could belong to another council too. Type **triage** to look at it and attach it, or dismiss it if it is not yours.'
            : 'An e-mail that belongs to no single council is waiting in the regional triage queue. Type **triage** to give it to the right council or dismiss it.',
      };
    }
    if (payload.template === 'cover_given' || payload.template === 'cover_ended') {
      const coverId = (item.payload as { coverId?: number }).coverId;
      const cover = coverId !== undefined ? (await findCover(deps.db, scope, coverId)) : undefined;
      if (!cover) throw new PermanentDeliveryError('cover not found');
      const dates = `from ${formatUkDate(cover.startsOn)} to ${formatUkDate(cover.endsOn)}`;
      if (payload.template === 'cover_given') {
        return {
          text: md`${cover.delegator.name} has asked you to cover their award approvals ${dates} (${coverLimitText(cover, cover.delegator)}). Approval cards you decide in that time record that you acted for them. Type **cover** to see it or end it.`,
        };
      }
      return { text: md`The cover of ${cover.delegator.name}'s award approvals by ${cover.delegate.name} (${dates}) has been ended.` };
    }
    if (payload.template === 'approvals_channel_gone') {
      return {
        text:
          '⚠️ Your council\'s approvals channel can no longer be reached in Teams (the channel was deleted, the team archived, or Placement Desk removed from it). ' +
          'Nothing is posted there any more. An administrator can choose another channel: add Placement Desk to it, mention it and type **use this channel for approvals**; until then, type **my work** here to see what waits for you.',
      };
    }
    const request = payload.requestId !== undefined ? (await findRequestById(deps.db, scope, payload.requestId)) : undefined;
    if (!request) throw new PermanentDeliveryError('request not found');
    const nameOf = async (staffId: number | null) => (staffId === null ? 'someone' : ((await findActorById(deps.db, staffId))?.name ?? 'a colleague'));
    const appraisal = async () => {
      const found = payload.appraisalId !== undefined ? (await findAppraisalById(deps.db, scope, payload.appraisalId)) : undefined;
      if (!found) throw new PermanentDeliveryError('appraisal not found');
      return { appraisal: found, options: (await listAppraisalOptions(deps.db, scope, found.id)) };
    };
    switch (payload.template) {
      case 'request_submitted':
        return { card: requestChannelCard(request, (await nameOf(request.caseworkerStaffId)), today) };
      case 'thread_restarted': {
        // The root of a thread started again because Teams lost the earlier one: the request as it is now.
        const card = requestChannelCard(request, (await nameOf(request.caseworkerStaffId)), today);
        card.body.unshift(notice(md`The earlier thread for ${request.reference} can no longer be reached in Teams (deleted, or its first message removed). The request carries on in this thread: what was waiting is posted below.`, 'warning'));
        return { card };
      }
      case 'appraisal_ready': {
        const { appraisal: a, options } = (await appraisal());
        if (a.status !== 'in_progress') return { text: md`The options appraisal of ${request.reference} has already been decided.` };
        return { card: appraisalConfirmationCard(request, a, options, recommendRoute(options, a.preference ?? undefined), (await nameOf(a.createdByStaffId))) };
      }
      case 'appraisal_confirmed':
      case 'appraisal_confirmed_caseworker': {
        const { appraisal: a } = (await appraisal());
        if (!a.confirmedRoute || !a.confirmedRole || !a.confirmedAt) throw new PermanentDeliveryError('appraisal not confirmed');
        return {
          card: appraisalConfirmedCard(request, a, {
            route: a.confirmedRoute,
            byName: (await nameOf(a.confirmedByStaffId)),
            role: a.confirmedRole,
            at: a.confirmedAt,
            reason: a.confirmationReason ?? '',
            overridesRecommendation: a.overridesRecommendation ?? false,
          }),
        };
      }
      case 'referrals_sent':
      case 'responses_closed':
      case 'responses_deadline': {
        const shortlist = (await findShortlistForRequest(deps.db, scope, request.id));
        if (!shortlist) throw new PermanentDeliveryError('shortlist not found');
        const statuses = (await referralStatusByProvider(deps, scope, request.id, providerNames(shortlist)));
        if (payload.template === 'referrals_sent') {
          const names = shortlist.entries.filter((e) => e.selected).map((e) => e.providerName);
          return {
            text: md`Referrals for ${request.reference} sent to ${names.length} provider(s): ${names.join(', ')}. Replies due by ${formatUkDate(shortlist.responseDeadline, { weekday: true })}; weighting price ${shortlist.priceWeight}% / quality ${shortlist.qualityWeight}%.`,
          };
        }
        if (payload.template === 'responses_closed') {
          return { text: md`Responses for ${request.reference} closed: ${statuses.filter((s) => s.respondedAt).length} of ${statuses.length} providers replied. Next: evaluation of the offers.` };
        }
        return {
          card: referralsStatusCard(request, shortlist, statuses, today, {
            withActions: true,
            notice: { text: md`The response deadline for ${request.reference} has passed. Extend it, or close responses to evaluate the offers.`, style: 'warning' },
          }),
        };
      }
      case 'reply_received':
      case 'reply_received_caseworker': {
        const reply = payload.replyId !== undefined ? (await findProviderReply(deps.db, scope, payload.replyId)) : undefined;
        if (!reply) throw new PermanentDeliveryError('reply not found');
        if (payload.template === 'reply_received') return { card: (await replyCardFor(deps, scope, reply)) };
        const provider = (await findProvider(deps.db, reply.providerId));
        return { text: md`${provider?.name ?? reply.providerId} replied to request ${request.reference}: ${REPLY_SUMMARY[reply.kind] ?? reply.kind}. The placements officer will confirm the details; type **replies ${request.reference}** to see it.` };
      }
      case 'referral_bounced': {
        const referralId = (item.payload as { referralId?: number }).referralId;
        const referral = referralId !== undefined ? (await findReferralById(deps.db, scope, referralId)) : undefined;
        if (!referral) throw new PermanentDeliveryError('referral not found');
        return { text: md`⚠️ The referral for ${request.reference} to ${referral.contactEmail} (${referral.providerId}) bounced: the address did not accept it. Check the provider register, or reach the provider another way.` };
      }
      case 'approval_reminder':
      case 'approval_escalated':
      case 'approval_unattended': {
        const { proposalId, workingDaysWaited } = item.payload as { proposalId?: number; workingDaysWaited?: number };
        const proposal = proposalId !== undefined ? (await findProposal(deps.db, scope, proposalId)) : undefined;
        if (!proposal) throw new PermanentDeliveryError('proposal not found');
        if (proposal.status !== 'pending') return { text: md`The award proposal for ${request.reference} has been decided meanwhile: nothing is waiting for you.` };
        const since = `since ${formatUkDate(calendarDateOf(new Date(proposal.createdAt)))} (${workingDaysWaited ?? '?'} working days)`;
        const words = {
          approval_reminder: `This award proposal has been waiting for a decision ${since}, and you have the authority to decide it.`,
          approval_escalated: `Escalated to you: this award proposal has been waiting for a decision ${since}, and its approvers were reminded.`,
          approval_unattended: `Nobody can decide this award proposal, waiting ${since}: no one on your council's staff list has enough delegated authority today. Check the staff roles and limits, or arrange cover.`,
        }[payload.template];
        return { card: (await approvalCardFor(deps, scope, proposal, { notice: { text: words, style: 'warning' } })) };
      }
      case 'approval_request':
      case 'approval_decided':
      case 'award_made':
      case 'proposal_rejected':
      case 'proposal_question': {
        const proposalId = (item.payload as { proposalId?: number }).proposalId;
        const proposal = proposalId !== undefined ? (await findProposal(deps.db, scope, proposalId)) : undefined;
        if (!proposal) throw new PermanentDeliveryError('proposal not found');
        if (payload.template === 'approval_request' || payload.template === 'approval_decided') return { card: (await approvalCardFor(deps, scope, proposal)) };
        const decider = (await nameOf(proposal.decisionByStaffId));
        if (payload.template === 'proposal_rejected') {
          return { text: md`Your award proposal for ${request.reference} was rejected by ${decider}: ${proposal.decisionReason ?? ''} Type **evaluate ${request.reference}** to propose again.` };
        }
        if (payload.template === 'proposal_question') {
          return { text: md`${decider} asks for more information about your award proposal for ${request.reference}: "${proposal.decisionReason ?? ''}". Type **evaluate ${request.reference}** and send a revised proposal.` };
        }
        const award = (await findAwardForRequest(deps.db, scope, request.id));
        if (!award) throw new PermanentDeliveryError('award not found');
        return { card: awardSummaryCard(request, award, { provider: (await findProvider(deps.db, award.providerId))?.name ?? award.providerId, approver: (await nameOf(award.approverStaffId)) }) };
      }
      case 'referral_failed': {
        const referralId = (item.payload as { referralId?: number }).referralId;
        const referral = referralId !== undefined ? (await findReferralById(deps.db, scope, referralId)) : undefined;
        if (!referral) throw new PermanentDeliveryError('referral not found');
        return {
          text:
            md`⚠️ The referral for ${request.reference} to ${referral.contactEmail} (${referral.providerId}) could not be sent after several attempts` +
            `${referral.lastError ? ` (${referral.lastError})` : ''}. Check the address in the provider register, or contact the provider another way.`,
        };
      }
      case 'email_failed':
        return { card: (await failedEmailCard(deps, scope, request, (item.payload as { outboxId?: number }).outboxId)) };
      default:
        throw new PermanentDeliveryError(`unknown message template ${String(payload.template)}`);
    }
  };
}
