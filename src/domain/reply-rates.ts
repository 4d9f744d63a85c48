/**
 * How often something is bought, as a reply states it: days a week, sessions or hours a week, terms a
 * year. A rate (per day, per session, per term…) becomes a weekly figure only with such a statement;
 * without one the reader says why it could not convert, and never assumes a number.
 */

const COUNT_WORDS: Record<string, number> = { one: 1, once: 1, two: 2, twice: 2, three: 3, thrice: 3, four: 4, five: 5, six: 6, seven: 7 };
const COUNT = String.raw`(\d{1,2}(?:\.\d{1,2})?|one|two|three|four|five|six|seven)`;
const PER_WEEK = String.raw`(?:a|per|each|every|in\s+a|in\s+the)\s+week\b|\/\s?(?:week|wk)\b|weekly\b`;

function countOf(word: string): number {
  return COUNT_WORDS[word.toLowerCase()] ?? Number(word);
}

function distinct(values: number[]): number[] {
  return [...new Set(values.filter((v) => Number.isFinite(v) && v > 0))];
}

const DAYS_PER_WEEK = new RegExp(String.raw`\b${COUNT}\s*(?:full\s+|school\s+)?days?\s*(?:of\s+(?:attendance|provision)\s+)?(?:${PER_WEEK})`, 'gi');
/** "attend 5 days" without "a week" is still days a week when the reply talks about attendance. */
const ATTEND_DAYS = new RegExp(String.raw`\battend(?:s|ing)?\s+(?:for\s+)?${COUNT}\s+days?\b`, 'gi');

/** Days of attendance a week the reply states ("5 days a week", "four days per week"), each distinct value once. */
export function daysPerWeek(text: string): number[] {
  const found = [...text.matchAll(DAYS_PER_WEEK), ...text.matchAll(ATTEND_DAYS)].map((m) => countOf(m[1]!));
  return distinct(found).filter((d) => d <= 7);
}

const SESSIONS_PER_WEEK = new RegExp(String.raw`\b${COUNT}\s*(?:[\w-]+\s+){0,2}?(?:sessions?|lessons?|visits?)\s*(?:${PER_WEEK})`, 'gi');
const TIMES_A_WEEK = new RegExp(String.raw`\b(once|twice|thrice|${COUNT}\s+times)\s+(?:${PER_WEEK})`, 'gi');
const WEEKLY_SESSION = /\b(?:a|one)\s+weekly\s+(?:session|lesson|visit)\b|\bweekly\s+(?:session|lesson|visit)\b(?!s)/i;
const FORTNIGHTLY = /\bfortnightly\b|\bonce\s+a\s+fortnight\b|\bevery\s+(?:other|two|2)\s+weeks\b/i;

/** Sessions a week stated in a sentence: "two sessions a week", "twice weekly", "fortnightly" (½). */
export function sessionsPerWeek(sentence: string): number[] {
  const found = [
    ...[...sentence.matchAll(SESSIONS_PER_WEEK)].map((m) => countOf(m[1]!)),
    ...[...sentence.matchAll(TIMES_A_WEEK)].map((m) => countOf(m[1]!.replace(/\s+times$/i, ''))),
  ];
  if (WEEKLY_SESSION.test(sentence)) found.push(1);
  if (FORTNIGHTLY.test(sentence)) found.push(0.5);
  return distinct(found);
}

const HOURS_PER_WEEK = new RegExp(String.raw`\b(\d{1,2}(?:\.\d{1,2})?)\s*(?:hours?|hrs?)\s*(?:of\s+[\w:-]+\s+)?(?:${PER_WEEK})`, 'gi');

/** Hours a week stated in a sentence: "10 hours per week", "7.5 hrs a week". */
export function hoursPerWeek(sentence: string): number[] {
  return distinct([...sentence.matchAll(HOURS_PER_WEEK)].map((m) => Number(m[1])));
}

const TERMS_PER_YEAR = /\b(three|3|six|6)\s+(?:(?:school|academic)\s+)?terms?\b(?!\s*(?:time|ago))/gi;
const THREE_TERM_YEAR = /\bthree[- ]term\s+(?:school\s+|academic\s+)?year\b/i;

/** Terms in the fee year stated anywhere in the reply ("three terms in our 38-week year"). */
export function termsPerYear(text: string): number[] {
  const found = [...text.matchAll(TERMS_PER_YEAR)].map((m) => countOf(m[1]!));
  if (THREE_TERM_YEAR.test(text)) found.push(3);
  return distinct(found);
}

export function describeCount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}
