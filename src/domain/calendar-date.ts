import * as chrono from 'chrono-node';

/**
 * A day on the calendar in England, written 'YYYY-MM-DD'.
 *
 * Dates of birth, plan dates and deadlines are days, not instants. Keeping them as strings (and doing
 * arithmetic on UTC midnights internally) means a deadline never shifts by a day because a process runs
 * in another time zone or a Date crosses a BST change. An instant (a `Date` from the clock) becomes a
 * calendar date only through `calendarDateOf`, which reads the wall-clock date in Europe/London.
 */
export type CalendarDate = string;

export const ENGLAND_TIME_ZONE = 'Europe/London';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const londonDateParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ENGLAND_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function fromParts(year: number, month: number, day: number): CalendarDate | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  const utc = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March; a real date survives the round trip unchanged.
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** True for a real date written 'YYYY-MM-DD' (so '2027-02-29' is false). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  return m !== null && fromParts(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/** The date in England at this instant (00:30 BST on 1 June is 1 June, although it is still 31 May in UTC). */
export function calendarDateOf(instant: Date): CalendarDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
  const parts = londonDateParts.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const date = fromParts(part('year'), part('month'), part('day'));
  if (date === null) throw new RangeError(`Date out of range: ${instant.toISOString()}`);
  return date;
}

/** Accepts an instant (read in England) or a 'YYYY-MM-DD' string; throws RangeError for anything else. */
export function toCalendarDate(value: Date | CalendarDate): CalendarDate {
  if (value instanceof Date) return calendarDateOf(value);
  if (!isCalendarDate(value)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return value;
}

function utcMs(date: CalendarDate): number {
  const d = toCalendarDate(date);
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}

function fromUtcMs(ms: number): CalendarDate {
  const d = new Date(ms);
  const date = fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  if (date === null) throw new RangeError('Date out of range');
  return date;
}

export function dateParts(date: CalendarDate): { year: number; month: number; day: number } {
  const d = toCalendarDate(date);
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new RangeError(`Whole days only: ${days}`);
  return fromUtcMs(utcMs(date) + days * DAY_MS);
}

/** Same day and month `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  const { year, month, day } = dateParts(date);
  return fromParts(year + years, month, day) ?? (fromParts(year + years, month, day - 1) as CalendarDate);
}

/** Calendar days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((utcMs(b) - utcMs(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return new Date(utcMs(date)).getUTCDay();
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** '7 September 2027', or 'Tuesday 7 September 2027' with `weekday`. */
export function formatUkDate(date: CalendarDate, options: { weekday?: boolean } = {}): string {
  const { year, month, day } = dateParts(date);
  const text = `${day} ${MONTH_NAMES[month - 1]} ${year}`;
  return options.weekday ? `${DAY_NAMES[dayOfWeek(date)]} ${text}` : text;
}

const londonTime = new Intl.DateTimeFormat('en-GB', { timeZone: ENGLAND_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * An instant (an ISO timestamp from the database) as people in England read it: its date in England
 * ('15 June 2027', not the UTC date) and, with `time`, the wall-clock time there ('15 June 2027 at 10:30',
 * British Summer Time in summer). Times are never shown in UTC.
 */
export function formatUkInstant(iso: string | Date, options: { time?: boolean; weekday?: boolean } = {}): string {
  const instant = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Not an instant: ${String(iso)}`);
  const day = formatUkDate(calendarDateOf(instant), { weekday: options.weekday });
  return options.time ? `${day} at ${londonTime.format(instant)}` : day;
}

/** The 1 September that opens the English academic year containing `date`. */
export function academicYearStart(date: CalendarDate): CalendarDate {
  const { year, month } = dateParts(date);
  return `${pad(month >= 9 ? year : year - 1, 4)}-09-01`;
}

/** '2027/28' for any date from 1 September 2027 to 31 August 2028. */
export function academicYearLabel(date: CalendarDate): string {
  const start = Number(academicYearStart(date).slice(0, 4));
  return `${start}/${pad((start + 1) % 100)}`;
}

export type DateParseFailure = 'empty' | 'unrecognised' | 'not_real' | 'incomplete' | 'ambiguous';
export type DateParse = { ok: true; date: CalendarDate } | { ok: false; reason: DateParseFailure };

export interface DateParseOptions {
  today: CalendarDate;
  /** Which way to resolve a date typed without a year ("7 Sept"): the next one, or the last one. */
  prefer: 'future' | 'past';
  /** A date of birth without a year is meaningless, so the caller can insist on one. */
  requireYear?: boolean;
}

const MAX_TYPED_DATE_LENGTH = 100;
const NUMERIC_DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;
const NUMERIC_YMD = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/;

/**
 * Reads a date as a caseworker in England would type it. Input.Date sends 'YYYY-MM-DD'; typed answers
 * may be '07/09/2027' (always day first: 7 September), '7/9/27', '7 Sept 2027' or 'start date 7 Sept 2027'.
 * All-numeric forms are parsed strictly here so that '31/02/2027' is reported as not a real date
 * instead of being silently ignored; everything else goes to chrono's en-GB parser.
 */
export function parseTypedDate(text: string, options: DateParseOptions): DateParse {
  const input = text.trim();
  if (input === '') return { ok: false, reason: 'empty' };
  // A date, even with a few words around it, is short; a forged megabyte must not reach chrono.
  if (input.length > MAX_TYPED_DATE_LENGTH) return { ok: false, reason: 'unrecognised' };

  const ymd = NUMERIC_YMD.exec(input);
  if (ymd) return strict(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const dmy = NUMERIC_DMY.exec(input);
  if (dmy) {
    const yearText = dmy[3] ?? '';
    // Two-digit years only make sense this century for people aged 0-25 and plans of the last decade.
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    return strict(year, Number(dmy[2]), Number(dmy[1]));
  }

  const today = dateParts(options.today);
  // chrono reads the reference in the process's local time; build it from local parts so it is `today`.
  const reference = new Date(today.year, today.month - 1, today.day, 12);
  const results = chrono.en.GB.parse(input, reference, { forwardDate: options.prefer === 'future' });
  if (results.length === 0) return { ok: false, reason: 'unrecognised' };
  const [first] = results;
  if (results.length > 1 || first === undefined || first.end) return { ok: false, reason: 'ambiguous' };
  const start = first.start;
  if (!start.isCertain('day') || !start.isCertain('month')) return { ok: false, reason: 'incomplete' };
  if (options.requireYear && !start.isCertain('year')) return { ok: false, reason: 'incomplete' };
  let date = fromParts(start.get('year') ?? NaN, start.get('month') ?? NaN, start.get('day') ?? NaN);
  if (date === null) return { ok: false, reason: 'not_real' };
  if (options.prefer === 'past' && !start.isCertain('year') && date > options.today) date = addYears(date, -1);
  return { ok: true, date };
}

function strict(year: number, month: number, day: number): DateParse {
  const date = fromParts(year, month, day);
  return date === null ? { ok: false, reason: 'not_real' } : { ok: true, date };
}
