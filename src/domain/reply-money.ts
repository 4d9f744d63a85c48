import { globalCopy, lastMatch, maskRanges, sentenceSpans, spanAt, type Span } from './reply-scan.js';

/**
 * Finding amounts of money in a provider's reply and working out what each one is: the core fee,
 * an add-on, a total, or something to ignore (a budget, a deposit). Works on text whose identifiers
 * and numeric dates are already masked (see reply-scan.ts).
 */

export type FeePeriod = 'week' | 'year' | 'day' | 'term' | 'month' | 'hour' | 'session' | 'one-off';
export type AmountRole = 'core' | 'addon' | 'total' | 'ignored';

export interface MoneyMention {
  value: number;
  start: number;
  period: FeePeriod | null;
  role: AmountRole;
  /** Short wording before the amount (e.g. "1:1 support"), for add-on labels and messages. */
  label: string;
  /** Weeks per year stated next to the amount or else in its sentence ("a 38-week placement"), when exactly one is. */
  weeksBasis: number | null;
  /** False when the amount carried no £/GBP and was only taken because a fee label preceded it. */
  currencyMarked: boolean;
  /** Where the amount ends (the sentence it stands in is the evidence for what is read from it). */
  end: number;
  /** The amount restates the one before it in other terms: "£3,600 (£187,200 a year)", "(so £70 a week)". */
  restates: boolean;
}

const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const CURRENCY_BEFORE = new RegExp(String.raw`(?:£|\bGBP|&pound;)[ \t]?${AMOUNT}(?:[ \t]?(k)\b)?`, 'gi');
const CURRENCY_AFTER = new RegExp(String.raw`\b${AMOUNT}[ \t]?(?:GBP|pounds?)\b`, 'gi');
/** A bare number straight after a fee label ("Weekly fee: 3450"), never one followed by a unit. */
const LABELLED_BARE = new RegExp(
  String.raw`\b(?:fees?|costs?|price|rate|charges?)\b[ \t]*(?:is|of|would be|will be|at|:|=|-)?[ \t]*` +
    String.raw`(\d{1,3}(?:,\d{3})+|\d{3,7})(?:\.(\d{1,2}))?(?![\d/:.,]?\d)` +
    String.raw`(?![ \t]*(?:weeks?|wks?|hours?|hrs?|days?|%|years?|months?|pupils?|places?|students?|children|mins?|minutes?|-))`,
  'gi',
);

/** "3450/wk", "3,450 per week": a bare number with a weekly period after it reads as pounds (without a £, so with a warning). */
const BARE_WEEKLY = /(?<![\d.,/£#])\b(\d{1,3}(?:,\d{3})+|\d{3,6})(?:\.(\d{1,2}))?(?=[ \t]?(?:\/[ \t]?(?:wk|week)\b|p\/?w\b|p\.w\.|per[ \t]+week\b|a[ \t]+week\b))/gi;

/** A reply-form line that declares pounds in its label: "Weekly fee (£): 3,450", "Additional costs (£): 620 (1:1), 95". */
const POUNDS_FORM_LINE = /\(\s*(?:£|gbp)[^)\n]{0,20}\)\s*[:=]([^\n]*)$/gim;
const FORM_NUMBER = /\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\b(?![ \t]*(?:weeks?|wks?|hours?|hrs?|days?|%|years?|months?|mins?|minutes?))/g;
const RATIO = /\b\d[ \t]*:[ \t]*\d\b/g;
/** "September 2027", "from 2027": a year, not an amount. */
const YEAR_CONTEXT = /(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\b(?:in|from|since|until|by|year))\s*$/i;

/** "38-week", "52 weeks per year", "38 wks": the fee basis, never a period of an amount. */
const WEEKS_BASIS = /\b(\d{2})[ \t]*(?:-[ \t]*)?(?:weeks?|wks?)\b(?:[ \t]*(?:per|a|each|of the)[ \t]*(?:year|annum|academic year))?/gi;
/** The reply form's "Weeks per year (38/52): 52", and a labelled "Weeks: 38" or "Fee basis: 52". */
const WEEKS_FORM = /\b(?:weeks(?:[ \t]+(?:per|a|each)[ \t]+(?:year|annum))?|(?:fee[ \t]+)?basis)\b(?:[ \t]*\([^)\n]*\))?[ \t]*[:=-][ \t]*(\d{2})\b/gi;
/** "Term time only": the fee is charged for the 38 weeks of the school year. */
const TERM_TIME = /\bterm[- ]time(?:[- ]only)?\b(?!\s+(?:and|plus|\+)\s+(?:holiday|school holiday))/gi;
const TERM_TIME_WEEKS = 38;
const MIN_WEEKS_BASIS = 36;
const MAX_WEEKS_BASIS = 52;

const PERIOD_PHRASES: ReadonlyArray<readonly [RegExp, FeePeriod]> = [
  [/\b(?:per|a|each|every)[ \t]+(?:week|wk)\b|\/[ \t]?(?:week|wk)\b|\bp\/?w\b|\bp\.w\.?|\bweekly\b|\bwkly\b/i, 'week'],
  [/\b(?:per|a|each|every)[ \t]+(?:year|annum|academic year|school year)\b|\/[ \t]?(?:year|yr|annum)\b|\bp\.a\.?|\bpa\b|\bannual(?:ly)?\b|\byearly\b/i, 'year'],
  [/\b(?:per|a|each)[ \t]+(?:day|school day)\b|\/[ \t]?day\b|\bdaily\b|\bper diem\b|\bday[ \t]+rate\b/i, 'day'],
  [/\b(?:per|a|each)[ \t]+(?:session|lesson|visit)\b|\/[ \t]?session\b/i, 'session'],
  [/\b(?:per|a|each)[ \t]+term\b|\btermly\b/i, 'term'],
  [/\b(?:per|a|each)[ \t]+(?:calendar[ \t]+)?month\b|\/[ \t]?month\b|\bmonthly\b|\bpcm\b/i, 'month'],
  [/\b(?:per|an|each)[ \t]+(?:hour|hr)\b|\/[ \t]?(?:hour|hr)\b|\bhourly\b/i, 'hour'],
  [/\bone[- ]?off\b|\bone[- ]time\b|\bsingle payment\b/i, 'one-off'],
];
const ANY_PERIOD = new RegExp(PERIOD_PHRASES.map(([re]) => `(?:${re.source})`).join('|'), 'gi');

/** Amounts quoted for something other than the provider's price. */
const IGNORED_LABEL =
  /\b(?:budget|guide price|deposit|registration fee|application fee|assessment fee|interview fee|refundable|previous(?:ly)?|last year|discount|saving|(?:increase|uplift|rise|reduction|decrease)[ \t]+(?:of|by)|up to|maximum|minimum|cap(?:ped)? at|insurance|excess)\b/i;
/** "fees start from £2,900", "from as little as £…": a price list's lower bound, not a quoted fee. */
const LOWER_BOUND_TAIL = /\b(?:from|as little as|as low as)\s*$/i;
const TOTAL_LABEL = /\b(?:total|overall|in total|all[- ]in(?:clusive)?|combined|altogether|package)\b/i;
const CORE_LABEL =
  /\b(?:core|base|basic|standard|placement|tuition|education(?:al)?|residential|day|school|weekly|annual)[ \t]+(?:fees?|costs?|rates?|prices?|charges?)\b/i;
const ADDON_LABEL =
  /(?:\b[12][ \t]*:[ \t]*[12]\b|\b(?:one|two)[- ]to[- ]one\b|\b1-1\b|\badditional\b|\bin addition\b|\badditionally\b|\bplus\b|\bextra\b|\badd[- ]?ons?\b|\bsupplement\w*|\benhance(?:d|ment)\b|\bSALT\b|\bSLT\b|\bspeech(?:[ \t]+and[ \t]+|[ \t]*&[ \t]*)language\b|\bOT\b|\boccupational[ \t]+therap\w*|\bphysio\w*|\bnursing\b|\bnurse\b|\btransport\b|\bescort\b|\btherap(?:y|ies|ist)\b|\bstaffing\b|\bsupport[ \t]+(?:worker|assistant)s?\b|\bLSA\b|\bkey[ \t-]?workers?\b|\bmentor(?:ing|s)?\b|\bwaking[ \t]+nights?\b|\bcounsell?ing\b|\bpsycholog\w*|\bequipment\b)/i;
const INCLUSIVE = /\b(?:includ\w*|inclusive[ \t]+of|covers?)\b/i;
const FEE_LABEL = /\b(?:fees?|costs?|prices?|rates?|charges?)\b/i;

function isWeeksBasis(n: number): boolean {
  return n >= MIN_WEEKS_BASIS && n <= MAX_WEEKS_BASIS;
}

/** Every weeks-per-year figure in `text` with its position. */
export function findWeeksBasis(text: string): Array<{ weeks: number; start: number; end: number }> {
  const found: Array<{ weeks: number; start: number; end: number }> = [];
  for (const m of [...text.matchAll(WEEKS_BASIS), ...text.matchAll(WEEKS_FORM)]) {
    const weeks = Number(m[1]);
    if (isWeeksBasis(weeks)) found.push({ weeks, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(TERM_TIME)) found.push({ weeks: TERM_TIME_WEEKS, start: m.index, end: m.index + m[0].length });
  return found.sort((a, b) => a.start - b.start);
}

function toNumber(whole: string, fraction: string | undefined, thousands: string | undefined): number {
  const value = Number(whole.replace(/,/g, '')) + (fraction ? Number(`0.${fraction}`) : 0);
  return Math.round((thousands ? value * 1000 : value) * 100) / 100;
}

interface RawAmount {
  value: number;
  start: number;
  end: number;
  currencyMarked: boolean;
}

function rawAmounts(text: string): RawAmount[] {
  const found: RawAmount[] = [];
  const overlaps = (start: number, end: number) => found.some((a) => start < a.end && end > a.start);
  for (const m of text.matchAll(CURRENCY_BEFORE)) {
    found.push({ value: toNumber(m[1]!, m[2], m[3]), start: m.index, end: m.index + m[0].length, currencyMarked: true });
  }
  for (const m of text.matchAll(CURRENCY_AFTER)) {
    const end = m.index + m[0].length;
    if (!overlaps(m.index, end)) found.push({ value: toNumber(m[1]!, m[2], undefined), start: m.index, end, currencyMarked: true });
  }
  for (const a of formLineAmounts(text)) if (!overlaps(a.start, a.end)) found.push(a);
  for (const m of text.matchAll(LABELLED_BARE)) {
    const start = m.index + m[0].lastIndexOf(m[1]!);
    const end = m.index + m[0].length;
    if (!overlaps(start, end)) found.push({ value: toNumber(m[1]!, m[2], undefined), start, end, currencyMarked: false });
  }
  for (const m of text.matchAll(BARE_WEEKLY)) {
    const end = m.index + m[0].length;
    if (!overlaps(m.index, end)) found.push({ value: toNumber(m[1]!, m[2], undefined), start: m.index, end, currencyMarked: false });
  }
  return found.filter((a) => a.value > 0).sort((a, b) => a.start - b.start);
}

/** Every number after a "(£):" label is in pounds, except ratios ("1:1"), quantities with a unit and years. */
function formLineAmounts(text: string): RawAmount[] {
  const found: RawAmount[] = [];
  for (const line of text.matchAll(POUNDS_FORM_LINE)) {
    const answer = line[1]!;
    const offset = line.index + line[0].length - answer.length;
    const numbers = answer.replace(RATIO, (r) => '#'.repeat(r.length));
    for (const m of numbers.matchAll(FORM_NUMBER)) {
      const isYear = /^(?:19|20)\d{2}$/.test(m[0]) && YEAR_CONTEXT.test(numbers.slice(0, m.index));
      if (isYear) continue;
      found.push({ value: toNumber(m[1]!, m[2], undefined), start: offset + m.index, end: offset + m.index + m[0].length, currencyMarked: true });
    }
  }
  return found;
}

function blankOut(text: string, pattern: RegExp): string {
  return text.replace(globalCopy(pattern), (s) => ' '.repeat(s.length));
}

/** What may sit between an amount and its period: pence, VAT wording, an opening bracket. */
const BEFORE_PERIOD = /^[\s(,]*(?:(?:inc|incl|including|exc|excl|excluding|exclusive of|plus|\+)\.?\s*vat\b[\s),]*)?/i;
/** A period phrase directly followed by another amount labels that amount: "£3,600 (annual £187,200)". */
const LABELS_NEXT = /^[\s:=(-]*(?:of|is|at|fee|cost)?[\s:=(-]*$/i;

const PERIOD_ADJECTIVE = /^(?:weekly|wkly|annual(?:ly)?|yearly|daily|termly|monthly|hourly)$/i;
/** "£4,500 budget", "£5,000 cap": the words right after an amount say it is not a price. */
const IGNORED_AFTER = /^[\s)]*(?:(?:weekly|annual|per week)\s+)?(?:budget|cap|ceiling|limit|guide(?: price)?|maximum|deposit)\b/i;

/** The period phrase straight after an amount ("£2,980 per week", "£3,100 pw"), and how much text it covers. */
function periodAfter(right: string, endsAtNextAmount: boolean): { period: FeePeriod; consumed: number } | undefined {
  const blanked = blankOut(right, WEEKS_BASIS);
  const lead = BEFORE_PERIOD.exec(blanked)?.[0].length ?? 0;
  const m = new RegExp(`^(?:${ANY_PERIOD.source})`, 'i').exec(blanked.slice(lead));
  if (!m) return undefined;
  const consumed = lead + m[0].length;
  // "£3,600 (annual £187,200)": an adjective before the next amount labels that amount; "per week" always belongs to this one.
  if (endsAtNextAmount && PERIOD_ADJECTIVE.test(m[0]) && LABELS_NEXT.test(blanked.slice(consumed))) return undefined;
  return { period: periodOf(m[0])!, consumed };
}

function periodOf(phrase: string): FeePeriod | undefined {
  return PERIOD_PHRASES.find(([re]) => re.test(phrase))?.[1];
}

/** The last period phrase in a piece of wording ("Weekly (£)", "Annual fee", "per term"). */
export function periodBefore(label: string): FeePeriod | undefined {
  const m = lastMatch(blankOut(label, WEEKS_BASIS), ANY_PERIOD);
  return m ? periodOf(m[0]) : undefined;
}

/** "£450 per week for transport": what an amount is for, when the words before it do not say. */
const PURPOSE_AFTER = /^\s*(?:\(|(?:for|towards|to cover|covering)\s+)([^.,;()\n£]{2,40})/i;
/** Words running straight into the next amount label that amount ("£3,600 (annual £187,200)"), not this one. */
function purposeAfter(rest: string, endsAtNextAmount: boolean): RegExpExecArray | null {
  const m = PURPOSE_AFTER.exec(rest);
  return m && !(endsAtNextAmount && m.index + m[0].length === rest.length) ? m : null;
}

/** A label that only says "additional costs": the words after the amount name the add-on better. */
const GENERIC_ADDON_LABEL = /\b(?:additional|extra)\s+(?:costs?|charges?|fees?)\b|\badd-?ons?\b/i;

/** What an amount is for, from the words before it, its sentence so far and the words after it. */
export function roleOf(label: string, sentencePrefix: string, purpose: string): AmountRole {
  if (IGNORED_LABEL.test(label) || LOWER_BOUND_TAIL.test(label)) return 'ignored';
  if (TOTAL_LABEL.test(label)) return 'total';
  if (CORE_LABEL.test(label) && !ADDON_LABEL.test(label.replace(CORE_LABEL, ''))) return 'core';
  const addon = ADDON_LABEL.exec(label);
  if (addon && !INCLUSIVE.test(label.slice(0, addon.index))) return 'addon';
  if (/^\s*(?:in addition|additionally|plus|also|on top of (?:this|that)|extra)\b/i.test(sentencePrefix)) return 'addon';
  if (!FEE_LABEL.test(label) && ADDON_LABEL.test(purpose)) return 'addon';
  return 'core';
}

/** "In addition, 1:1 support at" → "1:1 support". */
export function cleanLabel(label: string): string {
  const cleaned = label
    .replace(/\|/g, ' ')
    .replace(/^[\s,;:()+&\-–]*(?:(?:and|plus|with|also|in addition|additionally|on top of (?:this|that)|then|(?:we|i)(?:\s+(?:would|will|also))*\s+(?:need|require|charge|recommend))\b[\s,]*)*/i, '')
    .replace(/\(\s*(?:£|gbp)[^)]*\)[\s:=]*$/i, '')
    .replace(/\s+(?:is|are|would be|will be|costs?)?\s*(?:an?\s+)?(?:additional|extra|further)(?:\s+(?:cost|charge|fee))?(?:\s+of)?[\s:]*$/i, '')
    .replace(/[\s,;:()\-–=@]*(?:\b(?:at|of|is|are|costs?|would be|will be|charged at|priced at|for|=)\b[\s:]*)*$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > 60 ? `${cleaned.slice(0, 57)}...` : cleaned;
}

/** In a "label | value" row, the header cell above this column tells what the number is. */
function tableHeaderFor(text: string, lineStart: number, amountPos: number): string {
  const line = text.slice(lineStart, text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart));
  if (!line.includes('|')) return '';
  const column = text.slice(lineStart, amountPos).split('|').length - 1;
  const cells = line.split('|').length;
  let cursor = lineStart - 1;
  while (cursor > 0) {
    const prevStart = text.lastIndexOf('\n', cursor - 1) + 1;
    const prev = text.slice(prevStart, cursor);
    if (!prev.includes('|')) return '';
    if (rawAmounts(prev).length === 0 && prev.split('|').length === cells) return prev.split('|')[column] ?? '';
    cursor = prevStart - 1;
  }
  return '';
}

function singleWeeks(text: string): number | null {
  const weeks = new Set(findWeeksBasis(text).map((b) => b.weeks));
  return weeks.size === 1 ? [...weeks][0]! : null;
}

/** The weeks basis next to an amount ("a 52 week place at £4,100"), else the one its sentence states. */
function weeksFor(text: string, around: Span, sentence: Span | undefined): number | null {
  return singleWeeks(text.slice(around.start, around.end)) ?? (sentence ? singleWeeks(text.slice(sentence.start, sentence.end)) : null);
}

/** Between two amounts, wording that makes the second a restatement of the first: "(", "which is", "so", "i.e.". */
const RESTATEMENT = /(?:\((?![^)]*\))|\b(?:so|i\.?e\.?|that is|which is|which equates to|equating to|equates to|equivalent to|works out (?:at|as))\b)[^£\n)]{0,20}$/i;
const MAX_RESTATEMENT_GAP = 45;

function restatesPrevious(between: string): boolean {
  return between.length <= MAX_RESTATEMENT_GAP && RESTATEMENT.test(between);
}

/** One amount read in its surroundings; `cursor` is where the wording that belongs to this amount ends. */
function mentionAt(text: string, spans: readonly Span[], amounts: readonly RawAmount[], i: number, cursor: number): { mention: MoneyMention; cursor: number } {
  const a = amounts[i]!;
  const span = spanAt(spans, a.start);
  const sentenceStart = span?.start ?? 0;
  const sentenceEnd = span?.end ?? text.length;
  const labelStart = Math.max(sentenceStart, cursor);
  const nextStart = amounts[i + 1]?.start ?? text.length;
  const endsAtNextAmount = nextStart <= sentenceEnd;
  const right = text.slice(a.end, Math.min(sentenceEnd, nextStart));
  const after = periodAfter(right, endsAtNextAmount);
  const purposeMatch = purposeAfter(right.slice(after?.consumed ?? 0), endsAtNextAmount);
  const purpose = purposeMatch?.[1] ?? '';
  const lineStart = text.lastIndexOf('\n', a.start - 1) + 1;
  const header = tableHeaderFor(text, lineStart, a.start);
  const label = (header && text.slice(lineStart, a.start).split('|')[0]) || text.slice(labelStart, a.start);
  const context = `${header} ${label}`;
  const mention: MoneyMention = {
    value: a.value,
    start: a.start,
    period: after?.period ?? periodBefore(context) ?? null,
    role: IGNORED_AFTER.test(right) ? 'ignored' : roleOf(context, text.slice(sentenceStart, a.start), purpose),
    label: (GENERIC_ADDON_LABEL.test(label) && cleanLabel(purpose)) || cleanLabel(label) || cleanLabel(purpose),
    weeksBasis: weeksFor(text, { start: labelStart, end: Math.min(sentenceEnd, nextStart) }, span),
    currencyMarked: a.currencyMarked,
    end: a.end,
    restates: i > 0 && amounts[i - 1]!.start >= sentenceStart && restatesPrevious(text.slice(amounts[i - 1]!.end, a.start)),
  };
  // The period and the purpose after an amount belong to it, not to the label of the next one.
  return { mention, cursor: a.end + (after?.consumed ?? 0) + (purposeMatch?.[0].length ?? 0) };
}

/** Every amount of money in the (masked) text, classified. Periods are shared along a list: "£620 and £95 per week". */
export function findMoneyMentions(text: string): MoneyMention[] {
  const spans = sentenceSpans(text);
  const amounts = rawAmounts(text);
  const mentions: MoneyMention[] = [];
  let cursor = 0;
  for (let i = 0; i < amounts.length; i++) {
    const read = mentionAt(text, spans, amounts, i, cursor);
    mentions.push(read.mention);
    cursor = read.cursor;
  }
  return shareListPeriods(continueAddOnLists(mentions, spans), spans);
}

/** "Additional costs: £620 (1:1), £95 (SALT)": an amount with no wording of its own continues the add-on list it is in. */
function continueAddOnLists(mentions: MoneyMention[], spans: readonly Span[]): MoneyMention[] {
  return mentions.map((m, i) => {
    const prev = mentions[i - 1];
    const continues = prev && prev.role === 'addon' && m.role === 'core' && spanAt(spans, prev.start) === spanAt(spans, m.start);
    return continues && !FEE_LABEL.test(m.label) && !CORE_LABEL.test(m.label) ? { ...m, role: 'addon' } : m;
  });
}

/** An amount with no period of its own takes the period of its neighbours in the same sentence. */
function shareListPeriods(mentions: MoneyMention[], spans: readonly Span[]): MoneyMention[] {
  const result = mentions.map((m) => ({ ...m }));
  const sentence = (m: MoneyMention) => spanAt(spans, m.start);
  // Right to left first: in "£620 and £95 per week" the period comes last.
  for (let i = result.length - 2; i >= 0; i--) {
    const [m, next] = [result[i]!, result[i + 1]!];
    if (!m.period && sentence(m) === sentence(next)) m.period = next.period;
  }
  for (let i = 1; i < result.length; i++) {
    const [m, prev] = [result[i]!, result[i - 1]!];
    if (!m.period && sentence(m) === sentence(prev)) m.period = prev.period;
  }
  return result;
}

/** Hides amounts of money so a date scan never reads part of "£3,450" as a day. */
export function maskMoney(text: string): string {
  return maskRanges(text, rawAmounts(text));
}
