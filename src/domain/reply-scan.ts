/**
 * Text scanning shared by the reply rules. Masks keep every offset intact (same length, newlines kept),
 * so a match found in masked text can be reported against the original wording.
 */

export interface Span {
  start: number;
  end: number;
}

const MASK_CHAR = '#';

/** A fresh global copy of a pattern, so callers never share `lastIndex` state. */
export function globalCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
}

/** Replaces the given ranges with mask characters (line breaks kept). */
export function maskRanges(text: string, ranges: readonly Span[]): string {
  let out = text;
  for (const { start, end } of ranges) out = out.slice(0, start) + out.slice(start, end).replace(/[^\n]/g, MASK_CHAR) + out.slice(end);
  return out;
}

/** Replaces each match with mask characters, keeping line breaks so sentences and lines stay where they were. */
export function maskMatches(text: string, pattern: RegExp, keep: (match: RegExpExecArray) => boolean = () => true): string {
  const re = globalCopy(pattern);
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (!keep(m)) continue;
    out += text.slice(last, m.index) + m[0].replace(/[^\n]/g, MASK_CHAR);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

const EMAIL = /[\w.+'-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>]+/gi;
/** Case references such as PR-2026-0042 or ABC/12/345. */
const REFERENCE = /\b[A-Z]{1,6}[-/]\d{2,4}[-/]\d{1,6}\b/g;
const LABELLED_REFERENCE = /\b(?:our|your)?[ \t]*ref(?:erence)?\b\.?[ \t]*(?:no\.?|number)?[ \t]*[:#]?[ \t]*(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{2,}/gi;
/** Charity, company, URN, UKPRN, DfE, VAT and similar registration numbers ("Charity SC012345" included). */
const REGISTRATION_NUMBER =
  /\b(?:registered[ \t]+)?(?:charity|company|companies[ \t]+house|registration|reg\.?|urn|ukprn|upin|dfe|laestab|estab(?:lishment)?|vat|ofsted)\b[ \t]*(?:registration[ \t]*)?(?:no\.?|number|num\.?|#)?[ \t]*[:.]?[ \t]*(?:[A-Z]{2})?\d[\d \t/-]{2,14}\d/gi;
/** UK telephone numbers: a leading 0 or +44 and 9–11 further digits in groups. */
const PHONE = /(?:\+44[ \t]?(?:\(0\)[ \t]?)?|\(?\b0)\d{2,5}\)?(?:[ \t-]?\d{2,4}){1,3}\b/g;
const LABELLED_PHONE = /\b(?:tel|telephone|phone|mob|mobile|fax|direct(?:[ \t]line)?|dd|call)\b\.?[ \t]*(?:no\.?|number)?[ \t]*[:.]?[ \t]*\+?[\d(][\d ()-]{6,}\d/gi;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b/g;
const POSTCODE_DISTRICT = /\b[A-Z]{1,2}\d{1,2}[A-Z]?\b(?![:.]\d)/g;
/** 09:30, 4.30pm: a valid hour and minute only, so an amount such as "95.00" is never taken for a time. */
const CLOCK_TIME = /(?<![£\d.,])\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[ \t]?[ap]\.?m\.?)?\b(?![.,]?\d)/gi;

function digitCount(s: string): number {
  return s.replace(/\D/g, '').length;
}

/**
 * Hides everything that looks like a number but is never a fee or a start date: addresses, links,
 * references, registration numbers, phone numbers, postcodes and clock times.
 */
export function maskIdentifiers(text: string): string {
  let t = maskMatches(text, EMAIL);
  t = maskMatches(t, URL);
  t = maskMatches(t, REFERENCE);
  t = maskMatches(t, LABELLED_REFERENCE);
  t = maskMatches(t, REGISTRATION_NUMBER);
  t = maskMatches(t, LABELLED_PHONE);
  t = maskMatches(t, PHONE, (m) => digitCount(m[0]) >= 10 && digitCount(m[0]) <= 13);
  t = maskMatches(t, POSTCODE);
  t = maskMatches(t, POSTCODE_DISTRICT);
  return maskMatches(t, CLOCK_TIME);
}

const NUMERIC_DATE = /\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b/g;

/** Hides numeric dates so a fee scan never reads "07/09/2027" as an amount. */
export function maskNumericDates(text: string): string {
  return maskMatches(text, NUMERIC_DATE);
}

/** Abbreviations whose full stop does not end a sentence: "(e.g. 1:1, therapies)", "approx. £3,000". */
const ABBREVIATION = /\b(?:e\.g|i\.e|etc|approx|incl|excl|inc|exc|no|nos|tel|vs|cf|ref|p\.a|p\.w)$/i;

/** "A.K. a place": the full stop of dotted initials does not end a sentence. */
const INITIALS = /(?:^|[^A-Za-z])[A-Z]\.[A-Z]$/;

/**
 * Sentence spans: a line break, or a full stop/!/?/; followed by white space, ends a sentence.
 * A decimal point ("£3,125.00") is followed by a digit and so never splits.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const boundary = /\n|[.!?;](?=\s|$)/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const before = text.slice(Math.max(start, m.index - 8), m.index);
    if (m[0] === '.' && (ABBREVIATION.test(before) || INITIALS.test(before))) continue;
    const end = m.index + m[0].length;
    if (text.slice(start, end).trim()) spans.push({ start, end });
    start = end;
  }
  if (text.slice(start).trim()) spans.push({ start, end: text.length });
  return spans;
}

export function spanAt(spans: readonly Span[], pos: number): Span | undefined {
  return spans.find((s) => pos >= s.start && pos < s.end);
}

/** The last match of `pattern` in `text`, or undefined. */
export function lastMatch(text: string, pattern: RegExp): RegExpExecArray | undefined {
  const re = globalCopy(pattern);
  let found: RegExpExecArray | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    found = m;
    if (m[0].length === 0) re.lastIndex++;
  }
  return found;
}

/**
 * Straight quotes, plain single spaces and no endless digit runs, so patterns need not list every
 * typographic variant and no pattern can backtrack over a long run of blanks or digits.
 */
export function normaliseTypography(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    // A tab separates table cells (Outlook's plain text of a table); runs of spaces are only layout.
    .replace(/[ \t]*\t[ \t]*/g, '\t')
    .replace(/ {2,}/g, ' ')
    .replace(/\d{16,}/g, (run) => MASK_CHAR.repeat(run.length));
}

const SENTENCE_END = /[.!?:;]["')\]]*\s*$/;
/** A line that starts a new item: a bullet, a number, a "Label:" line, a table row. */
const ITEM_START = /^\s*(?:[-*\u2022>]|\d{1,2}[.)]\s|[A-Za-z][\w ()/&'-]{0,40}:\s)/;
const TABLE_LINE = /\t| \| /;
/** Lines at least this long that end mid-sentence were wrapped by the mail client (Outlook plain text wraps at 76). */
const WRAPPED_LINE_MIN = 50;

/**
 * Joins lines a mail client wrapped in the middle of a sentence, keeping every offset (a line break
 * becomes a space): "we are unable\nto offer a place" reads as one sentence. Short lines, lines that
 * end a sentence, list items, labelled lines and table rows keep their line breaks.
 */
export function unwrapSoftBreaks(text: string): string {
  const lines = text.split('\n');
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    out += line;
    if (next === undefined) break;
    const soft =
      line.trimEnd().length >= WRAPPED_LINE_MIN &&
      !SENTENCE_END.test(line) &&
      next.trim() !== '' &&
      !ITEM_START.test(next) &&
      !TABLE_LINE.test(line) &&
      !TABLE_LINE.test(next);
    out += soft ? ' ' : '\n';
  }
  return out;
}

/** Something the reader of an understood reply should know; each one lowers the confidence by its penalty. */
export interface Finding {
  message: string;
  penalty: number;
}

export function formatPounds(value: number): string {
  return `£${value.toLocaleString('en-GB', { minimumFractionDigits: Number.isInteger(value) ? 0 : 2, maximumFractionDigits: 2 })}`;
}

export function roundPence(value: number): number {
  return Math.round(value * 100) / 100;
}
