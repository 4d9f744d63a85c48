import { md } from '../cards/card.js';
import { scopeOf } from '../../db/council-scope.js';
import { findShortlistForRequest, type ShortlistRow } from '../../db/repositories/referrals.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import type { ServiceDeps } from '../../services/deps.js';
import { closeResponses, extendResponses, loadCallOff } from '../../services/referrals/close-or-extend-responses.js';
import { openShortlist } from '../../services/referrals/open-shortlist.js';
import { referralStatusByProvider } from '../../services/referrals/referral-status.js';
import { saveShortlist } from '../../services/referrals/save-shortlist.js';
import { loadVisibleRequest } from '../../services/requests/load-request.js';
import { scopedInputs, type AdaptiveCard, type CardNotice } from '../cards/card.js';
import { referralsStatusCard, shortlistReviewCard, shortlistScope } from '../cards/referrals.js';
import { includeFieldId } from '../../domain/shortlist-review.js';
import { cardVersion, type CardAction } from './card-actions.js';
import type { TextRoute } from './messages.js';
import { sendCard } from '../turn.js';
import { findRequestById } from '../../db/repositories/placement-requests.js';

const STALE: CardNotice = { text: 'That card was out of date, so nothing was changed. This is the call-off as it is now.', style: 'warning' };

export function providerNames(shortlist: ShortlistRow): Map<string, string> {
  return new Map(shortlist.entries.map((e) => [e.providerId, e.providerName]));
}

export async function referralsCardFor(deps: ServiceDeps, actor: Actor, request: PlacementRequestRow, shortlist: ShortlistRow, notice?: CardNotice): Promise<AdaptiveCard> {
  if (shortlist.status === 'draft' && actor.roles.includes('placements_officer')) return shortlistReviewCard(request, shortlist, { notice });
  const statuses = (await referralStatusByProvider(deps, scopeOf(actor), request.id, providerNames(shortlist)));
  return referralsStatusCard(request, shortlist, statuses, calendarDateOf(deps.clock.now()), { notice, withActions: actor.roles.includes('placements_officer') });
}

async function currentCard(deps: ServiceDeps, actor: Actor, shortlist: ShortlistRow, notice?: CardNotice): Promise<AdaptiveCard> {
  const request = (await findRequestById(deps.db, scopeOf(actor), shortlist.requestId))!;
  return referralsCardFor(deps, actor, request, shortlist, notice);
}

export function referralCardActions(deps: ServiceDeps, afterCommit: () => void): CardAction[] {
  const save = (send: boolean): CardAction['handle'] => async ({ actor, data }) => {
    const input = scopedInputs(data, shortlistScope(Number(data.shortlistId)));
    const result = (await saveShortlist(deps, { actor, shortlistId: data.shortlistId, version: cardVersion(data), input, send }));
    const request = (await findRequestById(deps.db, scopeOf(actor), result.shortlist.requestId))!;
    switch (result.outcome) {
      case 'invalid': {
        // Shown again with what the officer ticked and typed, so nothing is lost.
        const kept = {
          ...result.shortlist,
          entries: result.shortlist.entries.map((e) => {
            const ticked = input[includeFieldId(e.providerId)];
            return ticked === undefined ? e : { ...e, selected: ticked === true || ticked === 'true' };
          }),
          ...(typeof input.responseDeadline === 'string' && input.responseDeadline ? { responseDeadline: input.responseDeadline } : {}),
        };
        return shortlistReviewCard(request, kept, { errors: result.errors, changeReason: typeof input.changeReason === 'string' ? input.changeReason : undefined });
      }
      case 'stale':
        return currentCard(deps, actor, result.shortlist, STALE);
      case 'saved':
        return shortlistReviewCard(request, result.shortlist, { notice: { text: 'Shortlist saved. Nothing has been sent yet.', style: 'good' } });
      case 'sent':
        afterCommit();
        return currentCard(deps, actor, result.shortlist, {
          text: md`Referrals are on their way: ${result.referralCount} e-mail(s) to ${result.providerCount} provider(s), pseudonymised, each with its own reply address. The weighting is now fixed.`,
          style: 'good',
        });
    }
  };
  return [
    {
      verb: 'shortlist.open',
      handle: async ({ actor, data }) => {
        const { shortlist, request } = (await openShortlist(deps, { actor, requestId: data.requestId }));
        return referralsCardFor(deps, actor, request, shortlist);
      },
    },
    { verb: 'shortlist.save', handle: save(false) },
    { verb: 'shortlist.send', handle: save(true) },
    {
      verb: 'responses.extend',
      handle: async ({ actor, data }) => {
        const deadline = scopedInputs(data, shortlistScope(Number(data.shortlistId))).deadline;
        const result = (await extendResponses(deps, { actor, shortlistId: data.shortlistId, version: cardVersion(data), deadline }));
        if (result.outcome === 'invalid') {
          const request = (await findRequestById(deps.db, scopeOf(actor), result.shortlist.requestId))!;
          const statuses = (await referralStatusByProvider(deps, scopeOf(actor), request.id, providerNames(result.shortlist)));
          return referralsStatusCard(request, result.shortlist, statuses, calendarDateOf(deps.clock.now()), { withActions: true, extendError: result.errors.deadline, notice: { text: result.errors.deadline, style: 'attention' } });
        }
        return currentCard(deps, actor, result.shortlist, result.outcome === 'stale' ? STALE : { text: 'Deadline extended. Providers who have not replied yet can still answer.', style: 'good' });
      },
    },
    {
      verb: 'responses.close',
      handle: async ({ actor, data }) => {
        // Closing cannot be undone: a click that was not the answer to "Close responses now?" asks it first.
        if (data.confirmed !== true) {
          const { shortlist, request } = (await loadCallOff(deps, actor, data.shortlistId));
          const statuses = (await referralStatusByProvider(deps, scopeOf(actor), request.id, providerNames(shortlist)));
          return referralsStatusCard(request, shortlist, statuses, calendarDateOf(deps.clock.now()), { withActions: true, askToClose: true });
        }
        const result = (await closeResponses(deps, { actor, shortlistId: data.shortlistId, version: cardVersion(data) }));
        if (result.outcome === 'closed') afterCommit();
        return currentCard(deps, actor, result.shortlist, result.outcome === 'stale' ? STALE : { text: 'Responses closed. The request moves on to the evaluation of the offers.', style: 'good' });
      },
    },
  ];
}

export function referralTextRoutes(deps: ServiceDeps): TextRoute[] {
  return [
    {
      match: (c) => /^(?:shortlist|referrals)\s+pr-\d{4}-\d+$/.test(c),
      handle: async ({ context, actor, command }) => {
        const reference = command.replace(/^(?:shortlist|referrals)\s+/, '');
        const request = (await loadVisibleRequest(deps, actor, { reference }));
        const existing = (await findShortlistForRequest(deps.db, scopeOf(actor), request.id));
        const { shortlist } = existing ? { shortlist: existing } : (await openShortlist(deps, { actor, requestId: request.id }));
        await sendCard(context, (await referralsCardFor(deps, actor, request, shortlist)));
      },
    },
  ];
}
