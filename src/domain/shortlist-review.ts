import { addDays, isCalendarDate, parseTypedDate, toCalendarDate, type CalendarDate } from './calendar-date.js';
import { isWorkingDay, workingDaysBetween } from './deadlines.js';
import type { ShortlistEntry } from './shortlist.js';

/**
 * The officer's decision on one provider: `included` is what the rules proposed, `selected` what the
 * officer decided; where they differ, `officerReason` says why.
 */
export interface ShortlistDecision extends ShortlistEntry {
  selected: boolean;
  officerReason?: string;
}

export function decisionsFromProposal(proposal: readonly ShortlistEntry[]): ShortlistDecision[] {
  return proposal.map((e) => ({ ...e, selected: e.included }));
}

export interface ShortlistReview {
  entries: ShortlistDecision[];
  responseDeadline: CalendarDate;
  priceWeight: number;
  qualityWeight: number;
}

export const PRICE_WEIGHT_CHOICES = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;
export const DEFAULT_PRICE_WEIGHT = 40;
/** A reminder goes out 2 working days before the deadline, so the deadline must leave room for it. */
export const MIN_RESPONSE_WORKING_DAYS = 3;
export const MAX_RESPONSE_CALENDAR_DAYS = 60;
export const CHANGE_REASON_MIN = 10;
export const CHANGE_REASON_MAX = 500;

/** Card input id for a provider's toggle. */
export const includeFieldId = (providerId: string) => `include_${providerId}`;

export type ShortlistReviewResult = { ok: true; values: ShortlistReview } | { ok: false; errors: Record<string, string> };

/**
 * Checks the officer's review of the proposed shortlist. Every provider id comes from the proposal (a
 * forged id is ignored); any change from the proposal needs a reason, recorded on each changed entry.
 */
export function validateShortlistReview(
  input: Record<string, unknown>,
  ctx: { proposal: readonly ShortlistDecision[]; today: Date | CalendarDate },
): ShortlistReviewResult {
  const errors: Record<string, string> = {};
  const today = toCalendarDate(ctx.today);
  const reason = typeof input.changeReason === 'string' ? input.changeReason.trim() : '';

  const entries: ShortlistDecision[] = ctx.proposal.map((entry) => {
    const raw = input[includeFieldId(entry.providerId)];
    // A toggle that was not sent keeps the last decision.
    const selected = raw === undefined ? entry.selected : raw === true || raw === 'true';
    if (selected === entry.included) return { ...entry, selected, officerReason: undefined };
    return { ...entry, selected, officerReason: reason || entry.officerReason };
  });
  if (entries.some((e) => e.selected !== e.included && (!e.officerReason || e.officerReason.length < CHANGE_REASON_MIN))) {
    errors.changeReason = `You changed the proposed shortlist: give the reason (at least ${CHANGE_REASON_MIN} characters). It is recorded against each provider you added or removed.`;
  } else if (reason.length > CHANGE_REASON_MAX) errors.changeReason = `Keep the reason under ${CHANGE_REASON_MAX} characters.`;
  if (!entries.some((e) => e.selected)) errors.shortlist = 'Include at least one provider.';

  const deadlineText = typeof input.responseDeadline === 'string' ? input.responseDeadline : '';
  const parsed = parseTypedDate(deadlineText, { today, prefer: 'future' });
  let responseDeadline: CalendarDate | undefined;
  if (!parsed.ok) errors.responseDeadline = 'Give the response deadline as a date.';
  else if (!isWorkingDay(parsed.date)) errors.responseDeadline = 'The deadline must be a working day (not a weekend or bank holiday).';
  else if (workingDaysBetween(today, parsed.date) < MIN_RESPONSE_WORKING_DAYS) {
    errors.responseDeadline = `Give providers at least ${MIN_RESPONSE_WORKING_DAYS} working days to reply.`;
  } else if (parsed.date > addDays(today, MAX_RESPONSE_CALENDAR_DAYS)) {
    errors.responseDeadline = `The deadline must be within ${MAX_RESPONSE_CALENDAR_DAYS} days.`;
  } else responseDeadline = parsed.date;

  const weightText = typeof input.priceWeight === 'string' || typeof input.priceWeight === 'number' ? String(input.priceWeight) : '';
  const priceWeight = Number(weightText);
  if (!/^\d{1,3}$/.test(weightText) || !(PRICE_WEIGHT_CHOICES as readonly number[]).includes(priceWeight)) {
    errors.priceWeight = 'Choose the price/quality weighting.';
  }

  if (Object.keys(errors).length || !responseDeadline || !isCalendarDate(responseDeadline)) return { ok: false, errors };
  return { ok: true, values: { entries, responseDeadline, priceWeight, qualityWeight: 100 - priceWeight } };
}
