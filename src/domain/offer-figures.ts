import { parseTypedDate, toCalendarDate, type CalendarDate } from './calendar-date.js';
import { parsePounds } from './money.js';

export interface OfferFigures {
  canMeetNeeds: boolean;
  weeklyFeePence: number;
  weeksPerYear: number;
  addOnsWeeklyPence: number;
  startDate: CalendarDate | null;
  conditions: string | null;
}

export const WEEKLY_FEE_MAX_PENCE = 5_000_000; // £50,000 a week: far above any real placement
export const CONDITIONS_MAX = 1000;

export type OfferFiguresResult = { ok: true; values: OfferFigures } | { ok: false; errors: Record<string, string> };

/**
 * The officer's confirmation (or correction) of what a provider offered. A decline needs no figures;
 * an offer needs a weekly fee and weeks a year, the rest is optional.
 */
export function validateOfferFigures(input: Record<string, unknown>, ctx: { today: Date | CalendarDate }): OfferFiguresResult {
  const errors: Record<string, string> = {};
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string).trim() : typeof input[k] === 'number' ? String(input[k]) : '');
  const can = str('canMeetNeeds');
  if (can !== 'true' && can !== 'false') errors.canMeetNeeds = 'Say whether the provider can meet the needs.';
  const canMeetNeeds = can === 'true';

  let weeklyFeePence = 0;
  let weeksPerYear = 0;
  let addOnsWeeklyPence = 0;
  if (canMeetNeeds) {
    const fee = parsePounds(str('weeklyFee'));
    if (fee === null || fee <= 0 || fee > WEEKLY_FEE_MAX_PENCE) errors.weeklyFee = 'Give the core weekly fee in pounds, e.g. 3450 or £3,450.';
    else weeklyFeePence = fee;
    const weeks = Number(str('weeksPerYear'));
    if (!/^\d{1,2}$/.test(str('weeksPerYear')) || weeks < 1 || weeks > 52) errors.weeksPerYear = 'Give the weeks a year the fee is charged for (38 or 52, or the agreed number).';
    else weeksPerYear = weeks;
    const addOnsText = str('addOnsWeekly');
    if (addOnsText) {
      const addOns = parsePounds(addOnsText);
      if (addOns === null || addOns > WEEKLY_FEE_MAX_PENCE) errors.addOnsWeekly = 'Give the add-ons per week in pounds, or leave it empty.';
      else addOnsWeeklyPence = addOns;
    }
  }
  let startDate: CalendarDate | null = null;
  const startText = str('startDate');
  if (startText) {
    const parsed = parseTypedDate(startText, { today: toCalendarDate(ctx.today), prefer: 'future' });
    if (!parsed.ok) errors.startDate = 'Give the earliest start date as a date, or leave it empty.';
    else startDate = parsed.date;
  }
  const conditions = str('conditions');
  if (conditions.length > CONDITIONS_MAX) errors.conditions = `Keep the conditions under ${CONDITIONS_MAX} characters.`;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, values: { canMeetNeeds, weeklyFeePence, weeksPerYear, addOnsWeeklyPence, startDate, conditions: conditions || null } };
}

/** Annual cost of an offer: (weekly fee + weekly add-ons) × weeks a year. */
export function annualCostPence(offer: Pick<OfferFigures, 'weeklyFeePence' | 'addOnsWeeklyPence' | 'weeksPerYear'>): number {
  return (offer.weeklyFeePence + offer.addOnsWeeklyPence) * offer.weeksPerYear;
}
