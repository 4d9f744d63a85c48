import type { Expected } from './clients.js';

/**
 * Expected readings, by what a placements officer would record from the reply:
 * - offer: a place offered (conditions allowed); canMeetNeeds true unless the reply says otherwise.
 * - decline: no place or needs cannot be met; canMeetNeeds false unless the reply says the needs could be met.
 * - query / acknowledgement / auto-reply / bounce / unknown: no figures, canMeetNeeds null.
 * - weeklyFee: the core weekly fee, converted when the reply gives what is needed (annual ÷ weeks stated,
 *   day rate × days a week, termly × terms ÷ weeks, monthly × 12 ÷ weeks); null when two fees conflict or
 *   a conversion would need a guess.
 * - feeWeeksPerYear: 38 or 52 when the reply states it (or its weekly and annual figures imply it).
 * - additionalWeeklyCosts: the weekly add-ons summed (converted when their frequency is stated); 0 when the
 *   reply says there are none (or the fee is all in); null when none are mentioned or one cannot be converted.
 * - startDate: the earliest start offered (a month alone is its 1st day); never a date in a question,
 *   a deadline, a visit or a meeting.
 */

interface OfferFigures {
  fee: number | null;
  weeks?: 38 | 52 | null;
  addOns?: number | null;
  start?: string | null;
  needs?: boolean | null;
}

export function offer(f: OfferFigures): Expected {
  return { kind: 'offer', canMeetNeeds: f.needs === undefined ? true : f.needs, weeklyFee: f.fee, feeWeeksPerYear: f.weeks ?? null, additionalWeeklyCosts: f.addOns ?? null, startDate: f.start ?? null };
}

const none = { weeklyFee: null, feeWeeksPerYear: null, additionalWeeklyCosts: null, startDate: null } as const;

export const decline = (canMeetNeeds = false): Expected => ({ kind: 'decline', canMeetNeeds, ...none });
export const query = (): Expected => ({ kind: 'query', canMeetNeeds: null, ...none });
export const acknowledgement = (): Expected => ({ kind: 'acknowledgement', canMeetNeeds: null, ...none });
export const autoReply = (): Expected => ({ kind: 'auto-reply', canMeetNeeds: null, ...none });
export const bounced = (): Expected => ({ kind: 'bounce', canMeetNeeds: null, ...none });
export const unknown = (): Expected => ({ kind: 'unknown', canMeetNeeds: null, ...none });
