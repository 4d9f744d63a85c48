import { findWeeksBasis, type FeePeriod, type MoneyMention } from './reply-money.js';
import { daysPerWeek, describeCount, hoursPerWeek, sessionsPerWeek, termsPerYear } from './reply-rates.js';
import { formatPounds, roundPence, sentenceSpans, spanAt, type Finding, type Span } from './reply-scan.js';

/**
 * From the amounts found in a reply to the figures an offer is judged on. When the reply is unclear
 * the figure stays null and a finding says why: a wrong fee silently recorded is worse than a question.
 * A rate for another period becomes weekly only with what the reply itself states (days a week, terms
 * and weeks a year, sessions or hours a week), and the finding shows the sum.
 */

export interface AddOn {
  label: string;
  weeklyAmount: number;
}

export interface FeeSources {
  /** Offsets in the text of the amounts each figure was read from. */
  weeklyFee: number[];
  feeWeeksPerYear: number[];
  additionalWeeklyCosts: number[];
}

export interface FeeResolution {
  weeklyFee: number | null;
  feeWeeksPerYear: 38 | 52 | null;
  additionalWeeklyCosts: number | null;
  addOns: AddOn[];
  findings: Finding[];
  sources: FeeSources;
}

export interface FeeInput {
  mentions: MoneyMention[];
  /** The (masked) text the mentions were found in: weeks, frequencies and "no additional costs" are read from it. */
  text: string;
  /** Weeks per year of the referral's lot: used only when the reply itself does not say. */
  expectedWeeksPerYear: 38 | 52 | null;
  /** Weeks per year read from the reply's structure (a table's weeks column), with their offsets. */
  structuredWeeks?: Array<{ weeks: number; start: number }>;
}

const PLAUSIBLE_WEEKLY = { min: 50, max: 50_000 };
const ANNUAL_RATHER_THAN_WEEKLY = 20_000;
const RATIO_TOLERANCE = 0.01;
const SAME_AMOUNT = 0.5;
const MONTHS_A_YEAR = 12;
const NO_ADDITIONAL_COSTS =
  /\bno\s+(?:additional|extra|further|other)\s+(?:costs?|charges?|fees?|add-?ons?)\b|\bno\s+extras\b|\bthere\s+are\s+no\s+(?:additional|extra)\b|\bnothing\s+(?:extra|on top|else to pay)\b|\ball[- ]inclusive\b|\ball[- ]in\b|\b(?:additional\s+costs?|extras?|add-?ons?)\b[^\n]*:\s*(?:none|nil|n\/a|no|0|£\s?0(?:\.00)?)\s*\.?\s*$/im;

const distinct = (values: number[]) => [...new Set(values)];
const list = (values: number[]) => values.map(formatPounds).join(', ');

function isFeeWeeks(n: number | null): n is 38 | 52 {
  return n === 38 || n === 52;
}

interface WeeksContext {
  stated: number | null;
  statedAt: number[];
  expected: 38 | 52 | null;
}

interface Context {
  weeks: WeeksContext;
  text: string;
  spans: Span[];
  findings: Finding[];
}

function statedWeeks(input: FeeInput, findings: Finding[]): WeeksContext {
  const found = [...findWeeksBasis(input.text).map((b) => ({ weeks: b.weeks, start: b.start })), ...(input.structuredWeeks ?? [])];
  const weeks = distinct(found.map((b) => b.weeks));
  if (weeks.length > 1) findings.push({ message: `The reply mentions several fee bases (${weeks.join(' and ')} weeks): weeks a year left empty.`, penalty: 0.15 });
  return { stated: weeks.length === 1 ? weeks[0]! : null, statedAt: weeks.length === 1 ? found.map((b) => b.start) : [], expected: input.expectedWeeksPerYear };
}

/** Core amounts with no period: small ones read as weekly, large ones as annual, both with a warning. */
function assumePeriods(core: MoneyMention[], findings: Finding[]): MoneyMention[] {
  return core.map((m) => {
    if (m.period) return m;
    const period = m.value >= ANNUAL_RATHER_THAN_WEEKLY ? 'year' : 'week';
    findings.push({ message: `${formatPounds(m.value)} is not said to be per week or per year; read as per ${period}.`, penalty: 0.25 });
    return { ...m, period };
  });
}

function sentenceOf(ctx: Context, m: MoneyMention): string {
  const span = spanAt(ctx.spans, m.start);
  return span ? ctx.text.slice(span.start, span.end) : '';
}

function only(values: number[]): number | null {
  return values.length === 1 ? values[0]! : null;
}

interface Conversion {
  weekly: number;
  how: string;
}

type ConversionResult = Conversion | { reason: string };

/** A rate for another period as a weekly amount, from what the reply states; or why it cannot be. */
function toWeekly(m: MoneyMention, ctx: Context, weeks: number | null, scope: 'message' | 'sentence'): ConversionResult {
  const where = scope === 'message' ? ctx.text : sentenceOf(ctx, m);
  const amount = formatPounds(m.value);
  const weeksNote = (w: number) => (w === ctx.weeks.stated || m.weeksBasis === w ? 'stated in the reply' : "taken from the referral's lot");
  switch (m.period as FeePeriod) {
    case 'day': {
      const days = only(daysPerWeek(where));
      if (days === null) return { reason: `${amount} a day is quoted but not how many days a week` };
      return { weekly: roundPence(m.value * days), how: `${amount} a day × ${describeCount(days)} days a week (stated in the reply)` };
    }
    case 'session': {
      const sessions = only(sessionsPerWeek(where));
      if (sessions === null) return { reason: `${amount} a session is quoted but not how many sessions a week` };
      return { weekly: roundPence(m.value * sessions), how: `${amount} a session × ${describeCount(sessions)} a week (stated in the reply)` };
    }
    case 'hour': {
      const hours = only(hoursPerWeek(where));
      if (hours === null) return { reason: `${amount} an hour is quoted but not how many hours a week` };
      return { weekly: roundPence(m.value * hours), how: `${amount} an hour × ${describeCount(hours)} hours a week (stated in the reply)` };
    }
    case 'term': {
      const terms = only(termsPerYear(ctx.text));
      if (terms === null) return { reason: `${amount} a term is quoted but not how many terms the fee year has` };
      if (!weeks) return { reason: `${amount} a term is quoted but not the weeks a year` };
      return { weekly: roundPence((m.value * terms) / weeks), how: `${amount} a term × ${terms} terms ÷ ${weeks} weeks (${weeksNote(weeks)})` };
    }
    case 'month':
      if (!weeks) return { reason: `${amount} a month is quoted but not the weeks a year` };
      return { weekly: roundPence((m.value * MONTHS_A_YEAR) / weeks), how: `${amount} a month × 12 months ÷ ${weeks} weeks (${weeksNote(weeks)})` };
    case 'year':
      if (!weeks) return { reason: `${amount} a year is quoted but not the weeks a year` };
      return { weekly: roundPence(m.value / weeks), how: `${amount} a year ÷ ${weeks} weeks (${weeksNote(weeks)})` };
    case 'week':
      return { weekly: m.value, how: '' };
    default:
      return { reason: `${amount}${m.period ? ` per ${m.period}` : ''} is not a weekly amount` };
  }
}

const isConversion = (r: ConversionResult): r is Conversion => 'weekly' in r;

interface Picked {
  value: number;
  weeks: number | null;
  from: MoneyMention[];
}

function pickWeekly(weekly: MoneyMention[], ctx: Context): Picked | null | 'conflict' {
  const values = distinct(weekly.map((m) => m.value));
  const picked = (value: number): Picked => {
    const from = weekly.filter((m) => m.value === value);
    const weeks = distinct(from.filter((m) => m.weeksBasis !== null).map((m) => m.weeksBasis!));
    return { value, weeks: weeks.length === 1 ? weeks[0]! : ctx.weeks.stated, from };
  };
  if (values.length <= 1) return values.length ? picked(values[0]!) : null;
  const expected = ctx.weeks.expected;
  const matching = expected ? distinct(weekly.filter((m) => m.weeksBasis === expected).map((m) => m.value)) : [];
  if (matching.length === 1) {
    ctx.findings.push({ message: `Several weekly fees (${list(values)}); took the ${expected}-week one the referral asked for.`, penalty: 0.15 });
    return picked(matching[0]!);
  }
  ctx.findings.push({ message: `Conflicting weekly fees in the reply (${list(values)}): weekly fee left empty, please confirm the fee.`, penalty: 0.45 });
  return 'conflict';
}

/** Core fees quoted by the day, term or month become weekly when the reply says enough; otherwise a finding says why not. */
function convertCoreRates(core: MoneyMention[], ctx: Context): MoneyMention[] {
  return core.map((m) => {
    if (m.period !== 'day' && m.period !== 'term' && m.period !== 'month') return m;
    const result = toWeekly(m, ctx, m.weeksBasis ?? ctx.weeks.stated ?? ctx.weeks.expected, 'message');
    if (!isConversion(result)) {
      ctx.findings.push({ message: `${result.reason}: no weekly fee derived from it.`, penalty: 0.3 });
      return { ...m, role: 'ignored' };
    }
    ctx.findings.push({ message: `Weekly fee ${formatPounds(result.weekly)} worked out as ${result.how}.`, penalty: ctx.weeks.stated || m.period === 'day' ? 0.05 : 0.15 });
    return { ...m, value: result.weekly, period: 'week' };
  });
}

function fromAnnual(annual: MoneyMention[], ctx: Context): { weekly: number | null; weeks: number | null; from: MoneyMention[] } {
  const values = distinct(annual.map((m) => m.value));
  if (values.length > 1) {
    ctx.findings.push({ message: `Conflicting annual fees in the reply (${list(values)}): weekly fee left empty, please confirm the fee.`, penalty: 0.45 });
    return { weekly: null, weeks: null, from: [] };
  }
  const mention = annual[0]!;
  const weeks = mention.weeksBasis ?? ctx.weeks.stated ?? ctx.weeks.expected;
  if (!weeks) {
    ctx.findings.push({ message: `Only an annual fee (${formatPounds(mention.value)}) is given, without the weeks per year: weekly fee not derived.`, penalty: 0.3 });
    return { weekly: null, weeks: null, from: [] };
  }
  const weekly = roundPence(mention.value / weeks);
  const stated = (mention.weeksBasis ?? ctx.weeks.stated) !== null;
  ctx.findings.push({
    message: `Weekly fee ${formatPounds(weekly)} derived from the annual fee ${formatPounds(mention.value)} ÷ ${weeks} weeks (${stated ? 'stated in the reply' : "taken from the referral's lot"}).`,
    penalty: stated ? 0.1 : 0.2,
  });
  return { weekly, weeks, from: [mention] };
}

/** An annual figure next to a weekly one must agree with it; the ratio can also reveal the weeks per year. */
function checkAnnualAgainstWeekly(weekly: number, annual: MoneyMention[], ctx: Context): number | null {
  let inferred: number | null = null;
  for (const a of annual) {
    const weeks = a.weeksBasis ?? ctx.weeks.stated;
    const ratio = a.value / weekly;
    if (weeks && Math.abs(ratio - weeks) / weeks <= RATIO_TOLERANCE) continue;
    const match = [38, 52].find((w) => Math.abs(ratio - w) / w <= RATIO_TOLERANCE);
    if (!weeks && match) {
      inferred = match;
      continue;
    }
    ctx.findings.push({
      message: `The annual figure ${formatPounds(a.value)} does not match the weekly fee ${formatPounds(weekly)}${weeks ? ` × ${weeks} weeks` : ''}: please confirm.`,
      penalty: 0.3,
    });
  }
  return inferred;
}

interface AddOnReading {
  mention: MoneyMention;
  label: string;
  weekly: number | null;
  /** Why the weekly amount is unknown, when it is. */
  reason: string | null;
}

function readAddOn(m: MoneyMention, weeks: number | null, ctx: Context): AddOnReading | null {
  const label = m.label || 'add-on';
  if (m.period === 'one-off') {
    ctx.findings.push({ message: `Add-on ${label} (${formatPounds(m.value)} one-off) is not a weekly cost: not counted in the weekly add-ons.`, penalty: 0.05 });
    return null;
  }
  if (m.period === null) return { mention: m, label, weekly: null, reason: `${label} (${formatPounds(m.value)}) has no period` };
  const result = toWeekly(m, ctx, m.weeksBasis ?? weeks, 'sentence');
  if (!isConversion(result)) return { mention: m, label, weekly: null, reason: `${label}: ${result.reason}` };
  if (result.how) ctx.findings.push({ message: `Add-on ${label} worked out as ${result.how} = ${formatPounds(result.weekly)} a week.`, penalty: 0.05 });
  return { mention: m, label, weekly: result.weekly, reason: null };
}

/** The weekly add-ons; a restated amount ("£140 a session (so £70 a week)") is the same add-on, counted once. */
function weeklyAddOns(addons: MoneyMention[], weeks: number | null, ctx: Context): { addOns: AddOn[]; unknown: string[]; from: MoneyMention[] } {
  const readings: AddOnReading[] = [];
  for (const m of addons) {
    const reading = readAddOn(m, weeks, ctx);
    if (!reading) continue;
    const previous = readings[readings.length - 1];
    const sameSentence = previous && spanAt(ctx.spans, previous.mention.start) === spanAt(ctx.spans, m.start);
    if (m.restates && previous && sameSentence) {
      if (previous.weekly === null) readings[readings.length - 1] = { ...reading, label: previous.label };
      else if (reading.weekly !== null && Math.abs(reading.weekly - previous.weekly) > SAME_AMOUNT) {
        readings[readings.length - 1] = { ...previous, weekly: null, reason: `${previous.label}: two different weekly amounts (${list([previous.weekly, reading.weekly])})` };
      }
      continue;
    }
    readings.push(reading);
  }
  const seen = new Set<string>();
  const addOns: AddOn[] = [];
  const from: MoneyMention[] = [];
  for (const r of readings) {
    if (r.weekly === null) continue;
    const key = `${r.label.toLowerCase()}|${r.weekly}`;
    if (seen.has(key)) continue;
    seen.add(key);
    addOns.push({ label: r.label, weeklyAmount: r.weekly });
    from.push(r.mention);
  }
  return { addOns, unknown: readings.filter((r) => r.weekly === null).map((r) => r.reason!), from };
}

function checkTotals(totals: MoneyMention[], weekly: number | null, addOnSum: number, ctx: Context): number | null {
  const weeklyTotals = distinct(totals.filter((t) => t.period === 'week').map((t) => t.value));
  if (weeklyTotals.length !== 1) return null;
  const total = weeklyTotals[0]!;
  if (weekly === null) {
    const derived = roundPence(total - addOnSum);
    if (addOnSum > 0) ctx.findings.push({ message: `Core weekly fee ${formatPounds(derived)} derived from the total ${formatPounds(total)} less add-ons.`, penalty: 0.15 });
    return derived;
  }
  if (Math.abs(total - weekly - addOnSum) > SAME_AMOUNT && Math.abs(total - weekly) > SAME_AMOUNT) {
    ctx.findings.push({ message: `The stated total ${formatPounds(total)} per week does not add up to the fee and add-ons: please confirm.`, penalty: 0.2 });
  }
  return null;
}

function otherPeriodFindings(core: MoneyMention[], ctx: Context): void {
  for (const m of core) {
    if (m.period === 'hour' || m.period === 'session') {
      ctx.findings.push({ message: `A fee of ${formatPounds(m.value)} per ${m.period} is quoted: no weekly fee derived from it.`, penalty: 0.3 });
    }
  }
}

export function resolveFees(input: FeeInput): FeeResolution {
  const findings: Finding[] = [];
  const ctx: Context = { weeks: statedWeeks(input, findings), text: input.text, spans: sentenceSpans(input.text), findings };
  const { mentions } = input;
  if (mentions.some((m) => m.role !== 'ignored' && !m.currencyMarked)) {
    findings.push({ message: 'An amount was read without a £ sign next to it.', penalty: 0.1 });
  }
  const core = convertCoreRates(assumePeriods(mentions.filter((m) => m.role === 'core'), findings), ctx).filter((m) => m.role === 'core');
  const weeklyCore = core.filter((m) => m.period === 'week');
  const annualCore = core.filter((m) => m.period === 'year');

  const picked = pickWeekly(weeklyCore, ctx);
  let weeks: number | null = picked && picked !== 'conflict' ? picked.weeks : ctx.weeks.stated;
  let weeklyFee: number | null = picked && picked !== 'conflict' ? picked.value : null;
  let feeFrom: MoneyMention[] = picked && picked !== 'conflict' ? picked.from : [];
  let weeksFrom = ctx.weeks.statedAt;
  if (weeklyFee !== null && annualCore.length) {
    const inferred = checkAnnualAgainstWeekly(weeklyFee, annualCore, ctx);
    if (inferred !== null && weeks === null) {
      weeks = inferred;
      weeksFrom = [...feeFrom, ...annualCore].map((m) => m.start);
    }
  }
  if (picked === null && annualCore.length) {
    const derived = fromAnnual(annualCore, ctx);
    weeklyFee = derived.weekly;
    feeFrom = derived.from;
    if (derived.weeks !== null && weeks === null) {
      weeks = derived.weeks;
      if (derived.from[0]?.weeksBasis) weeksFrom = derived.from.map((m) => m.start);
    }
  }
  if (weeklyFee === null && picked !== 'conflict') otherPeriodFindings(core, ctx);

  const addOnWeeks = weeks ?? ctx.weeks.expected;
  const { addOns, unknown, from: addOnFrom } = weeklyAddOns(mentions.filter((m) => m.role === 'addon'), addOnWeeks, ctx);
  const addOnSum = roundPence(addOns.reduce((sum, a) => sum + a.weeklyAmount, 0));
  if (picked !== 'conflict') {
    const fromTotal = checkTotals(mentions.filter((m) => m.role === 'total'), weeklyFee, addOnSum, ctx);
    if (fromTotal !== null) {
      weeklyFee = fromTotal;
      feeFrom = mentions.filter((m) => m.role === 'total');
    }
  }
  if (weeklyFee !== null && (weeklyFee < PLAUSIBLE_WEEKLY.min || weeklyFee > PLAUSIBLE_WEEKLY.max)) {
    findings.push({ message: `A weekly fee of ${formatPounds(weeklyFee)} is unusual: please confirm.`, penalty: 0.25 });
  }
  if (weeks !== null && !isFeeWeeks(weeks)) {
    findings.push({ message: `The fee basis of ${weeks} weeks is neither 38 nor 52 weeks.`, penalty: 0.1 });
  }
  let additionalWeeklyCosts: number | null = addOns.length ? addOnSum : null;
  if (unknown.length) {
    findings.push({
      message: `Add-ons a week left empty: ${unknown.join('; ')}${addOns.length ? ` (the weekly add-ons found come to ${formatPounds(addOnSum)})` : ''}.`,
      penalty: 0.15,
    });
    additionalWeeklyCosts = null;
  } else if (!addOns.length && NO_ADDITIONAL_COSTS.test(input.text)) additionalWeeklyCosts = 0;
  const noneAt = additionalWeeklyCosts === 0 ? [NO_ADDITIONAL_COSTS.exec(input.text)!.index] : [];

  return {
    weeklyFee,
    feeWeeksPerYear: isFeeWeeks(weeks) ? weeks : null,
    additionalWeeklyCosts,
    addOns,
    findings,
    sources: {
      weeklyFee: weeklyFee === null ? [] : feeFrom.map((m) => m.start),
      feeWeeksPerYear: isFeeWeeks(weeks) ? weeksFrom : [],
      additionalWeeklyCosts: additionalWeeklyCosts === null ? [] : addOns.length ? addOnFrom.map((m) => m.start) : noneAt,
    },
  };
}
