import Holidays from 'date-holidays';
import {
  type CalendarDate,
  addDays,
  dateParts,
  dayOfWeek,
  formatUkDate,
  isCalendarDate,
  toCalendarDate,
} from './calendar-date.js';
import type { RequestDraft } from './placement-request/fields.js';

/**
 * Working days in England & Wales: Monday to Friday, less the bank holidays of England (which are also
 * those of Wales). Every function takes an instant (read as the date in England) or a 'YYYY-MM-DD'
 * calendar date, and returns calendar dates.
 */

// date-holidays also lists observances (Mother's Day, Easter Sunday); only days the offices close count.
const CLOSED_DAY_TYPES: ReadonlySet<string> = new Set(['public', 'bank']);

const englandHolidays = new Holidays('GB', 'ENG');
const bankHolidaysByYear = new Map<number, ReadonlySet<CalendarDate>>();

/** England & Wales bank holidays in a year, including substitute days (26 Dec 2026 is a Saturday, so 28 Dec). */
export function bankHolidays(year: number): ReadonlySet<CalendarDate> {
  let days = bankHolidaysByYear.get(year);
  if (!days) {
    // `date` is the local date in England ('2026-12-28 00:00:00'); `start` is an instant and must not be used.
    days = new Set(
      englandHolidays
        .getHolidays(year)
        .filter((h) => CLOSED_DAY_TYPES.has(h.type))
        .map((h) => h.date.slice(0, 10)),
    );
    bankHolidaysByYear.set(year, days);
  }
  return days;
}

export function isBankHoliday(date: Date | CalendarDate): boolean {
  const d = toCalendarDate(date);
  return bankHolidays(dateParts(d).year).has(d);
}

export function isWorkingDay(date: Date | CalendarDate): boolean {
  const d = toCalendarDate(date);
  const weekday = dayOfWeek(d);
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(d);
}

/**
 * The date `n` working days after `date` (before it when `n` is negative). The start day itself is never
 * counted, so 10 working days from a referral sent on a Saturday ends on the second Friday after it.
 * `n = 0` returns the date unchanged, even if it is not a working day.
 */
export function addWorkingDays(date: Date | CalendarDate, n: number): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`Whole working days only: ${n}`);
  let d = toCalendarDate(date);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (isWorkingDay(d)) left -= 1;
  }
  return d;
}

/**
 * Working days after `a` up to and including `b`: `a` excluded, `b` included, so it is the inverse of
 * `addWorkingDays` (workingDaysBetween(a, addWorkingDays(a, n)) === n). Negative when `b` is before `a`
 * (then it counts the working days after `b` up to and including `a`). Zero for the same day.
 */
export function workingDaysBetween(a: Date | CalendarDate, b: Date | CalendarDate): number {
  const from = toCalendarDate(a);
  const to = toCalendarDate(b);
  if (to < from) return -workingDaysBetween(to, from);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count += 1;
  return count;
}

export const DEFAULT_RESPONSE_WORKING_DAYS = 10;

/** The last day a provider may reply to a referral sent on `from`: the council's default is 10 working days. */
export function responseDeadline(from: Date | CalendarDate, workingDays = DEFAULT_RESPONSE_WORKING_DAYS): CalendarDate {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError(`A response period is at least 1 working day: ${workingDays}`);
  return addWorkingDays(from, workingDays);
}

export const DEADLINE_KINDS = ['ehcp_20_week', 'phase_transfer', 'required_start'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export const DEADLINE_STATUSES = ['ok', 'soon', 'missed'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** A deadline this many working days away or fewer (including today) is flagged as `soon`. */
export const SOON_WORKING_DAYS = 10;
/** SEND Regulations 2014 reg 13: the final EHC plan is due 20 weeks after the request for assessment. */
export const EHCP_WEEKS = 20;

export interface RequestDeadline {
  kind: DeadlineKind;
  label: string;
  date: CalendarDate;
  /** How the date was worked out, in words a caseworker can check. */
  basis: string;
  status: DeadlineStatus;
  /** Working days after today up to and including the deadline; 0 when due today, negative once missed. */
  workingDaysLeft: number;
}

export function deadlineStatus(date: CalendarDate, today: CalendarDate): { status: DeadlineStatus; workingDaysLeft: number } {
  const workingDaysLeft = workingDaysBetween(today, date);
  if (date < today) return { status: 'missed', workingDaysLeft };
  return { status: workingDaysLeft <= SOON_WORKING_DAYS ? 'soon' : 'ok', workingDaysLeft };
}

/**
 * SEND Regulations 2014 reg 18: when a child moves between phases (e.g. primary to secondary) the amended
 * plan must be final by 15 February of the calendar year of the transfer, and by 31 March for a move into
 * post-16 education. Transfers happen in September, so a September 2027 start gives 15 February 2027.
 * For the rare start in January to mid-February the literal "calendar year of the transfer" date would
 * fall after the move itself; we take the latest such date on or before the start date instead, which
 * is the same rule for every other start date.
 */
export function phaseTransferDeadline(requiredStartDate: CalendarDate, transfer: 'phase' | 'post16'): CalendarDate {
  const start = toCalendarDate(requiredStartDate);
  const monthDay = transfer === 'post16' ? '03-31' : '02-15';
  const sameYear = `${start.slice(0, 4)}-${monthDay}`;
  return sameYear <= start ? sameYear : `${String(dateParts(start).year - 1).padStart(4, '0')}-${monthDay}`;
}

/** Statutory and practical deadlines for a request, earliest first. Fields not yet given produce no deadline. */
export function computeRequestDeadlines(draft: RequestDraft, today: Date | CalendarDate): RequestDeadline[] {
  const now = toCalendarDate(today);
  const deadlines: Array<Omit<RequestDeadline, 'status' | 'workingDaysLeft'>> = [];

  const assessmentRequestDate = draft.needs?.assessmentRequestDate;
  // Once the plan is final the 20-week duty has been met (or missed and overtaken); showing it would be a false alarm.
  if (isCalendarDate(assessmentRequestDate) && draft.needs?.ehcpStatus !== 'final') {
    deadlines.push({
      kind: 'ehcp_20_week',
      label: 'Final EHC plan due (20 weeks)',
      date: addDays(assessmentRequestDate, EHCP_WEEKS * 7),
      basis: `${EHCP_WEEKS} calendar weeks (${EHCP_WEEKS * 7} days) from the request for an EHC needs assessment on ${formatUkDate(assessmentRequestDate)}.`,
    });
  }

  const start = isCalendarDate(draft.placement?.requiredStartDate) ? draft.placement?.requiredStartDate : undefined;
  const transfer = draft.needs?.phaseTransfer;
  if (start && (transfer === 'phase' || transfer === 'post16')) {
    const date = phaseTransferDeadline(start, transfer);
    deadlines.push({
      kind: 'phase_transfer',
      label: transfer === 'post16' ? 'Amended plan final (move to post-16)' : 'Amended plan final (phase transfer)',
      date,
      basis:
        transfer === 'post16'
          ? `A move into post-16 education needs the amended plan finalised by 31 March of the year of the move; the placement starts ${formatUkDate(start)}.`
          : `A phase transfer needs the amended plan finalised by 15 February of the year of the transfer; the placement starts ${formatUkDate(start)}.`,
    });
  }

  if (start) {
    deadlines.push({
      kind: 'required_start',
      label: 'Required start date',
      date: start,
      basis: 'The start date given in the request.',
    });
  }

  return deadlines
    .map((d) => ({ ...d, ...deadlineStatus(d.date, now) }))
    .sort((a, b) => a.date.localeCompare(b.date) || DEADLINE_KINDS.indexOf(a.kind) - DEADLINE_KINDS.indexOf(b.kind));
}

/** A request that is placed, closed or cancelled has nothing left to count down to. */
const FINISHED_STATUSES: readonly string[] = ['placed', 'closed', 'cancelled'];

/** The deadlines still running for a request: none once it is placed, closed or cancelled. */
export function runningRequestDeadlines(request: { status: string; draft: RequestDraft }, today: Date | CalendarDate): RequestDeadline[] {
  return FINISHED_STATUSES.includes(request.status) ? [] : computeRequestDeadlines(request.draft, today);
}
