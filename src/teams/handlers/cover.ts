import type { Actor } from '../../db/repositories/staff.js';
import { coverOverview } from '../../services/cover/cover-overview.js';
import { endCover } from '../../services/cover/end-cover.js';
import { giveCover } from '../../services/cover/give-cover.js';
import type { ServiceDeps } from '../../services/deps.js';
import { formatUkDate } from '../../domain/calendar-date.js';
import { md, type AdaptiveCard } from '../cards/card.js';
import { coverCard } from '../cards/cover.js';
import { sendCard } from '../turn.js';
import type { CardAction } from './card-actions.js';
import type { TextRoute } from './messages.js';

const COVER_INPUTS = ['cover_delegate', 'cover_startsOn', 'cover_endsOn', 'cover_limit'] as const;

async function card(deps: ServiceDeps, actor: Actor, options: Parameters<typeof coverCard>[1] = {}): Promise<AdaptiveCard> {
  return coverCard((await coverOverview(deps, actor)), options);
}

export function coverCardActions(deps: ServiceDeps, afterCommit: () => void): CardAction[] {
  return [
    { verb: 'cover.open', handle: async ({ actor }) => card(deps, actor) },
    {
      verb: 'cover.give',
      handle: async ({ actor, data }) => {
        const result = (await giveCover(deps, { actor, delegateStaffId: data.cover_delegate, startsOn: data.cover_startsOn, endsOn: data.cover_endsOn, limit: data.cover_limit }));
        if (result.outcome === 'invalid') {
          const kept = Object.fromEntries(COVER_INPUTS.map((k) => [k, typeof data[k] === 'string' ? (data[k] as string) : '']));
          return card(deps, actor, { errors: result.errors, kept, notice: { text: 'No cover was arranged: please check the details marked below.', style: 'attention' } });
        }
        afterCommit();
        const c = result.cover;
        return card(deps, actor, { notice: { text: md`${c.delegate.name} covers for you from ${formatUkDate(c.startsOn)} to ${formatUkDate(c.endsOn)}. I have told them.`, style: 'good' } });
      },
    },
    {
      verb: 'cover.end',
      handle: async ({ actor, data }) => {
        const result = (await endCover(deps, { actor, coverId: data.coverId }));
        if (result.outcome === 'ended') afterCommit();
        return card(deps, actor, { notice: result.outcome === 'ended' ? { text: 'The cover has ended.', style: 'good' } : { text: 'That cover had already ended.', style: 'accent' } });
      },
    },
  ];
}

export function coverTextRoutes(deps: ServiceDeps): TextRoute[] {
  return [
    {
      match: (c) => c === 'cover' || c === 'my cover' || c === 'cover while away',
      handle: async ({ context, actor }) => void (await sendCard(context, (await card(deps, actor)))),
    },
  ];
}
