import * as chrono from 'chrono-node';
import { lastMatch, sentenceSpans, spanAt, type Finding } from './reply-scan.js';

/**
 * Start dates in a provider's reply, read in UK day/month order. A date counts as a start date only
 * when the words next to it say so; "reply by", "out of the office until" and the like rule it out.
 */

export type DateRole = 'start' | 'other' | 'unlabelled';

export interface DateMention {
  iso: string;
  start: number;
  role: DateRole;
  /** 'month' when only a month was given ("from September 2027"). */
  precision: 'day' | 'month';
}

const START_WORDS =
  /\b(?:start(?:s|ing)?|commenc\w*|begin(?:s|ning)?|available|availability|from|admission|admit\w*|join(?:s|ing)?|entry|intake|w\/c|week commencing|transition|earliest)\b/gi;
const OTHER_WORDS =
  /\b(?:reply|respond|response|deadline|until|till|(?<!\b(?:go|goes|going|come|comes|get|gets)\s)back|return\w*|received|dated|sent|wrote|meeting|visit|tour|assessment|review|interview|open day|call|birth|born|dob|closing|closed|holiday|half[- ]term|expir\w*|valid|no later than|ends?|ending)\b|\b(?:i am|i'm|i'll be|i will be|we are|we're|we'll be|we will be)\s+(?:free|available)\b/gi;
/** Concrete calendar words: relative phrases such as "1 hour" or "the week" are not dates. */
const CALENDAR_TEXT =
  /\d{1,4}[/.-]\d{1,2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\b/i;
/** "No places for September, but from January…": a date in a refused clause is not a start date. */
const NEGATED_CLAUSE = /\b(?:no|not|cannot|unable|unfortunately|full)\b|n't\b/i;
const CONTRAST = /\b(?:however|but|although|though|whereas|instead)\b/gi;
/** "from April 2027 our fee will be…": the date belongs to the fee, not to the start. */
const FEE_FOLLOWS = /^\s*(?:,\s*)?(?:our|the)\s+(?:\w+\s+)?(?:fees?|costs?|rates?|prices?|charges?)\b/i;
const LEFT_REACH = 60;
const RIGHT_REACH = 25;
const MAX_YEARS_AHEAD = 5;

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function roleOf(leftWindow: string, right: string): DateRole {
  const contrast = lastMatch(leftWindow, CONTRAST);
  const left = contrast ? leftWindow.slice(contrast.index + contrast[0].length) : leftWindow;
  if (NEGATED_CLAUSE.test(left) || FEE_FOLLOWS.test(right)) return 'other';
  const start = lastMatch(left, START_WORDS);
  const other = lastMatch(left, OTHER_WORDS);
  const endOf = (m: RegExpExecArray) => m.index + m[0].length;
  // Ties go to "other": in "I am available on …" the person, not the place, is available.
  if (start && (!other || endOf(start) > endOf(other))) return 'start';
  if (other) return 'other';
  if (new RegExp(START_WORDS.source, 'i').test(right)) return 'start';
  return 'unlabelled';
}

/**
 * Text as chrono should see it (same length, so offsets hold): "13.09.2027" with slashes, which it reads as
 * a date rather than a clock time, and "from" blanked before "6 Jan", which it would read as 6 o'clock.
 */
function forChrono(text: string): string {
  return text
    .replace(/\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b/g, '$1/$2/$3')
    .replace(/\bfrom(?=\s+\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)/gi, '    ');
}

/** Dates in the (masked) text, each with what the surrounding words say it is. */
export function findDateMentions(text: string, referenceDate: Date): DateMention[] {
  const spans = sentenceSpans(text);
  const mentions: DateMention[] = [];
  for (const result of chrono.en.GB.parse(forChrono(text), referenceDate, { forwardDate: true })) {
    const s = result.start;
    if (!CALENDAR_TEXT.test(result.text)) continue;
    const dayKnown = s.isCertain('day') || s.isCertain('weekday');
    if (!dayKnown && !s.isCertain('month')) continue;
    const year = s.get('year') ?? referenceDate.getUTCFullYear();
    if (year > referenceDate.getUTCFullYear() + MAX_YEARS_AHEAD || year < 2000) continue;
    const span = spanAt(spans, result.index);
    const left = text.slice(Math.max(span?.start ?? 0, result.index - LEFT_REACH), result.index);
    const rightEnd = Math.min(span?.end ?? text.length, result.index + result.text.length + RIGHT_REACH);
    const right = text.slice(result.index + result.text.length, rightEnd);
    // A date in a question ("could she start on 7 September?") is asked about, not offered.
    const question = /\?\s*$/.test(text.slice(span?.start ?? 0, span?.end ?? text.length).trim());
    mentions.push({
      iso: isoDate(year, s.get('month') ?? 1, dayKnown ? s.get('day') ?? 1 : 1),
      start: result.index,
      role: question ? 'other' : roleOf(left, right),
      precision: dayKnown ? 'day' : 'month',
    });
  }
  return mentions;
}

export interface StartDateResolution {
  startDate: string | null;
  /** The mention the start date was read from. */
  from: DateMention | null;
  findings: Finding[];
}

/** The earliest stated start date; an unlabelled date is only used for an offer, and says so. */
export function resolveStartDate(mentions: DateMention[], referenceDate: Date, isOffer: boolean): StartDateResolution {
  const findings: Finding[] = [];
  const starts = mentions.filter((m) => m.role === 'start');
  let chosen = earliest(starts);
  if (!chosen && isOffer) {
    const today = isoDate(referenceDate.getUTCFullYear(), referenceDate.getUTCMonth() + 1, referenceDate.getUTCDate());
    const candidates = mentions.filter((m) => m.role === 'unlabelled' && m.iso >= today);
    if (candidates.length === 1) {
      chosen = candidates[0];
      findings.push({ message: `The date ${chosen!.iso} is not called a start date; taken as the start date.`, penalty: 0.2 });
    }
  }
  if (!chosen) return { startDate: null, from: null, findings };
  const distinctStarts = [...new Set(starts.map((m) => m.iso))];
  if (distinctStarts.length > 1) {
    findings.push({ message: `Several start dates are mentioned (${distinctStarts.join(', ')}); the earliest is taken.`, penalty: 0.15 });
  }
  if (chosen.precision === 'month') {
    findings.push({ message: `The start date gives a month only; ${chosen.iso} (the 1st) is assumed.`, penalty: 0.15 });
  }
  if (chosen.iso < isoDate(referenceDate.getUTCFullYear(), referenceDate.getUTCMonth() + 1, referenceDate.getUTCDate())) {
    findings.push({ message: `The start date ${chosen.iso} is before the reply was sent: please confirm.`, penalty: 0.25 });
  }
  return { startDate: chosen.iso, from: chosen, findings };
}

/** The earliest date, preferring a full date over a month-only one. */
function earliest(mentions: DateMention[]): DateMention | undefined {
  const precise = mentions.filter((m) => m.precision === 'day');
  return [...(precise.length ? precise : mentions)].sort((a, b) => (a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0))[0];
}
