import { findWeeksBasis, type MoneyMention } from './reply-money.js';
import { formatPounds, roundPence, type Finding } from './reply-scan.js';

/**
 * From the amounts found in a reply to the figures an offer is judged on. When the reply is unclear
 * the figure stays null and a finding says why: a wrong fee silently recorded is worse than a question.
 */

export interface AddOn {
  label: string;
  weeklyAmount: number;
}

export interface FeeResolution {
  weeklyFee: number | null;
  feeWeeksPerYear: 38 | 52 | null;
  additionalWeeklyCosts: number | null;
  addOns: AddOn[];
  findings: Finding[];
}

const PLAUSIBLE_WEEKLY = { min: 50, max: 50_000 };
const ANNUAL_RATHER_THAN_WEEKLY = 20_000;
const RATIO_TOLERANCE = 0.01;
const NO_ADDITIONAL_COSTS =
  /\bno\s+(?:additional|extra|further|other)\s+(?:costs?|charges?|fees?|add-?ons?)\b|\bthere\s+are\s+no\s+(?:additional|extra)\b|\ball[- ]inclusive\b|\badditional\s+costs?\b[^\n]*:\s*(?:none|nil|n\/a|no|0|£\s?0(?:\.00)?)\s*\.?\s*$/im;

const distinct = (values: number[]) => [...new Set(values)];
const list = (values: number[]) => values.map(formatPounds).join(', ');

function isFeeWeeks(n: number | null): n is 38 | 52 {
  return n === 38 || n === 52;
}

interface WeeksContext {
  stated: number | null;
  expected: 38 | 52 | null;
}

function statedWeeks(text: string, findings: Finding[]): number | null {
  const weeks = distinct(findWeeksBasis(text).map((b) => b.weeks));
  if (weeks.length > 1) findings.push({ message: `The reply mentions several fee bases (${weeks.join(' and ')} weeks).`, penalty: 0.15 });
  return weeks.length === 1 ? weeks[0]! : null;
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

interface Picked {
  value: number;
  weeks: number | null;
}

function pickWeekly(weekly: MoneyMention[], ctx: WeeksContext, findings: Finding[]): Picked | null | 'conflict' {
  const values = distinct(weekly.map((m) => m.value));
  const picked = (value: number): Picked => {
    const weeks = distinct(weekly.filter((m) => m.value === value && m.weeksBasis !== null).map((m) => m.weeksBasis!));
    return { value, weeks: weeks.length === 1 ? weeks[0]! : ctx.stated };
  };
  if (values.length <= 1) return values.length ? picked(values[0]!) : null;
  const matching = ctx.expected ? distinct(weekly.filter((m) => m.weeksBasis === ctx.expected).map((m) => m.value)) : [];
  if (matching.length === 1) {
    findings.push({ message: `Several weekly fees (${list(values)}); took the ${ctx.expected}-week one the referral asked for.`, penalty: 0.15 });
    return picked(matching[0]!);
  }
  findings.push({ message: `Conflicting weekly fees in the reply (${list(values)}): please confirm the fee.`, penalty: 0.45 });
  return 'conflict';
}

function fromAnnual(annual: MoneyMention[], ctx: WeeksContext, findings: Finding[]): { weekly: number | null; weeks: number | null } {
  const values = distinct(annual.map((m) => m.value));
  if (values.length > 1) {
    findings.push({ message: `Conflicting annual fees in the reply (${list(values)}): please confirm the fee.`, penalty: 0.45 });
    return { weekly: null, weeks: null };
  }
  const mention = annual[0]!;
  const weeks = mention.weeksBasis ?? ctx.stated ?? ctx.expected;
  if (!weeks) {
    findings.push({ message: `Only an annual fee (${formatPounds(mention.value)}) is given, without the weeks per year: weekly fee not derived.`, penalty: 0.3 });
    return { weekly: null, weeks: null };
  }
  const weekly = roundPence(mention.value / weeks);
  const source = mention.weeksBasis ?? ctx.stated ? 'stated in the reply' : "taken from the referral's lot";
  findings.push({
    message: `Weekly fee ${formatPounds(weekly)} derived from the annual fee ${formatPounds(mention.value)} ÷ ${weeks} weeks (${source}).`,
    penalty: mention.weeksBasis ?? ctx.stated ? 0.1 : 0.2,
  });
  return { weekly, weeks };
}

/** An annual figure next to a weekly one must agree with it; the ratio can also reveal the weeks per year. */
function checkAnnualAgainstWeekly(weekly: number, annual: MoneyMention[], ctx: WeeksContext, findings: Finding[]): number | null {
  let inferred: number | null = null;
  for (const a of annual) {
    const weeks = a.weeksBasis ?? ctx.stated;
    const ratio = a.value / weekly;
    if (weeks && Math.abs(ratio - weeks) / weeks <= RATIO_TOLERANCE) continue;
    const match = [38, 52].find((w) => Math.abs(ratio - w) / w <= RATIO_TOLERANCE);
    if (!weeks && match) {
      inferred = match;
      continue;
    }
    findings.push({
      message: `The annual figure ${formatPounds(a.value)} does not match the weekly fee ${formatPounds(weekly)}${weeks ? ` × ${weeks} weeks` : ''}: please confirm.`,
      penalty: 0.3,
    });
  }
  return inferred;
}

function weeklyAddOns(addons: MoneyMention[], weeks: number | null, findings: Finding[]): AddOn[] {
  const result: AddOn[] = [];
  const seen = new Set<string>();
  for (const m of addons) {
    const label = m.label || 'add-on';
    const weeklyAmount = addOnWeekly(m, label, weeks, findings);
    const key = `${label.toLowerCase()}|${weeklyAmount}`;
    if (weeklyAmount === null || seen.has(key)) continue;
    seen.add(key);
    result.push({ label, weeklyAmount });
  }
  return result;
}

function addOnWeekly(m: MoneyMention, label: string, weeks: number | null, findings: Finding[]): number | null {
  if (m.period === 'week') return m.value;
  const what = `${label} (${formatPounds(m.value)}${m.period ? ` per ${m.period}` : ''})`;
  if (m.period === 'year' && weeks) {
    findings.push({ message: `Add-on ${what} converted to a weekly amount over ${weeks} weeks.`, penalty: 0.05 });
    return roundPence(m.value / weeks);
  }
  if (m.period === null) {
    findings.push({ message: `Add-on ${what} has no period: not counted in the weekly costs, please confirm.`, penalty: 0.15 });
  } else {
    findings.push({ message: `Add-on ${what} is not a weekly cost: not counted in the weekly costs.`, penalty: 0.05 });
  }
  return null;
}

function checkTotals(totals: MoneyMention[], weekly: number | null, addOnSum: number, findings: Finding[]): number | null {
  const weeklyTotals = distinct(totals.filter((t) => t.period === 'week').map((t) => t.value));
  if (weeklyTotals.length !== 1) return null;
  const total = weeklyTotals[0]!;
  if (weekly === null) {
    const derived = roundPence(total - addOnSum);
    if (addOnSum > 0) findings.push({ message: `Core weekly fee ${formatPounds(derived)} derived from the total ${formatPounds(total)} less add-ons.`, penalty: 0.15 });
    return derived;
  }
  if (Math.abs(total - weekly - addOnSum) > 0.5 && Math.abs(total - weekly) > 0.5) {
    findings.push({ message: `The stated total ${formatPounds(total)} per week does not add up to the fee and add-ons: please confirm.`, penalty: 0.2 });
  }
  return null;
}

function otherPeriodFindings(core: MoneyMention[], findings: Finding[]): void {
  for (const m of core) {
    if (m.period && m.period !== 'week' && m.period !== 'year') {
      findings.push({ message: `A fee of ${formatPounds(m.value)} per ${m.period} is quoted: no weekly fee derived from it.`, penalty: 0.3 });
    }
  }
}

export function resolveFees(mentions: MoneyMention[], text: string, expectedWeeksPerYear: 38 | 52 | null): FeeResolution {
  const findings: Finding[] = [];
  const ctx: WeeksContext = { stated: statedWeeks(text, findings), expected: expectedWeeksPerYear };
  const core = assumePeriods(mentions.filter((m) => m.role === 'core'), findings);
  const weeklyCore = core.filter((m) => m.period === 'week');
  const annualCore = core.filter((m) => m.period === 'year');
  if (mentions.some((m) => m.role !== 'ignored' && !m.currencyMarked)) {
    findings.push({ message: 'An amount was read without a £ sign next to it.', penalty: 0.1 });
  }

  const picked = pickWeekly(weeklyCore, ctx, findings);
  let weeks: number | null = picked && picked !== 'conflict' ? picked.weeks : ctx.stated;
  let weeklyFee: number | null = picked && picked !== 'conflict' ? picked.value : null;
  if (weeklyFee !== null && annualCore.length) weeks = checkAnnualAgainstWeekly(weeklyFee, annualCore, ctx, findings) ?? weeks;
  if (picked === null && annualCore.length) {
    const derived = fromAnnual(annualCore, ctx, findings);
    weeklyFee = derived.weekly;
    weeks = derived.weeks ?? weeks;
  }
  if (weeklyFee === null && picked !== 'conflict') otherPeriodFindings(core, findings);

  const addOns = weeklyAddOns(mentions.filter((m) => m.role === 'addon'), weeks ?? expectedWeeksPerYear, findings);
  const addOnSum = roundPence(addOns.reduce((sum, a) => sum + a.weeklyAmount, 0));
  if (picked !== 'conflict') weeklyFee = checkTotals(mentions.filter((m) => m.role === 'total'), weeklyFee, addOnSum, findings) ?? weeklyFee;
  if (weeklyFee !== null && (weeklyFee < PLAUSIBLE_WEEKLY.min || weeklyFee > PLAUSIBLE_WEEKLY.max)) {
    findings.push({ message: `A weekly fee of ${formatPounds(weeklyFee)} is unusual: please confirm.`, penalty: 0.25 });
  }
  if (weeks !== null && !isFeeWeeks(weeks)) {
    findings.push({ message: `The fee basis of ${weeks} weeks is neither 38 nor 52 weeks.`, penalty: 0.1 });
  }

  const noAddOnsStated = addOns.length === 0 && NO_ADDITIONAL_COSTS.test(text);
  return {
    weeklyFee,
    feeWeeksPerYear: isFeeWeeks(weeks) ? weeks : null,
    additionalWeeklyCosts: addOns.length ? addOnSum : noAddOnsStated ? 0 : null,
    addOns,
    findings,
  };
}
