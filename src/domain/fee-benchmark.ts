import { formatPounds } from './money.js';
import { addDays, addYears, type CalendarDate } from './calendar-date.js';
import { protectedCount, publishable, SUPPRESSION_THRESHOLD } from './disclosure.js';
import { LOT_LABELS, type Lot, type NeedCode } from './reference-data.js';
import { quartiles, type Quartiles } from './statistics.js';

/**
 * The fee benchmark shown beside an offer: its weekly fee and annual cost against the fees of the
 * placements the region's councils awarded for the same lot and primary need over the last 24 months.
 * Regional figures follow the disclosure rules (src/domain/disclosure.ts): below 5 placements there is
 * no figure, and the number of placements is shown rounded to the nearest 5.
 */

export const BENCHMARK_MONTHS = 24;

export interface FeeDistribution {
  lot: Lot;
  need: NeedCode;
  /** Awards made from `from` to `to` inclusive. */
  from: CalendarDate;
  to: CalendarDate;
  /** Core weekly fees of those awards, pence. */
  weeklyPence: readonly number[];
  /** Annual values ((fee + add-ons) × weeks), pence. */
  annualPence: readonly number[];
}

interface BenchmarkBase {
  lot: Lot;
  need: NeedCode;
  from: CalendarDate;
  to: CalendarDate;
  /** The one-line statement shown on cards and recorded in the evidence pack. */
  text: string;
}

export type FeeBenchmark =
  | (BenchmarkBase & { status: 'insufficient' })
  | (BenchmarkBase & {
      status: 'ok';
      /** Placements in the distribution, rounded to the nearest 5. */
      placementsRounded: number;
      weekly: Quartiles;
      annual: Quartiles;
      offerWeeklyPence: number | null;
      offerAnnualPence: number | null;
      /** Offer against the median, whole per cent (positive = above). */
      weeklyDifferencePct: number | null;
      annualDifferencePct: number | null;
    });

/** The 24 months up to and including `asOf`. */
export function benchmarkPeriod(asOf: CalendarDate): { from: CalendarDate; to: CalendarDate } {
  return { from: addDays(addYears(asOf, -BENCHMARK_MONTHS / 12), 1), to: asOf };
}

export function groupLabel(lot: Lot, need: NeedCode): string {
  return `${need}, ${LOT_LABELS[lot].charAt(0).toLowerCase()}${LOT_LABELS[lot].slice(1)}`;
}

function differencePct(value: number, median: number): number {
  return Math.round(((value - median) / median) * 100);
}

function comparison(pct: number): string {
  if (pct === 0) return 'at';
  return `${Math.abs(pct)}% ${pct > 0 ? 'above' : 'below'}`;
}

/** Rounded down to whole pounds for the statement; the figures keep their pence. */
const pounds = (pence: number) => formatPounds(Math.round(pence / 100) * 100);

export function computeFeeBenchmark(distribution: FeeDistribution, offer: { weeklyFeePence: number | null; annualCostPence: number | null }): FeeBenchmark {
  const { lot, need, from, to } = distribution;
  const group = groupLabel(lot, need);
  const n = distribution.weeklyPence.length;
  if (!publishable(n)) {
    return { status: 'insufficient', lot, need, from, to, text: `Not enough regional data yet for ${group} (fewer than ${SUPPRESSION_THRESHOLD} placements in the last ${BENCHMARK_MONTHS} months).` };
  }
  const weekly = quartiles(distribution.weeklyPence)!;
  const annual = quartiles(distribution.annualPence)!;
  const weeklyDifference = offer.weeklyFeePence !== null && weekly.median > 0 ? differencePct(offer.weeklyFeePence, weekly.median) : null;
  const annualDifference = offer.annualCostPence !== null && annual.median > 0 ? differencePct(offer.annualCostPence, annual.median) : null;
  const rounded = protectedCount(n)!;
  const context = `regional median for ${group} (n ≈ ${rounded}, last ${BENCHMARK_MONTHS} months)`;
  const parts: string[] = [];
  if (offer.weeklyFeePence !== null && weeklyDifference !== null) {
    parts.push(`${pounds(offer.weeklyFeePence)}/wk is ${comparison(weeklyDifference)} the ${context}: median ${pounds(weekly.median)}/wk, middle half ${pounds(weekly.q1)}–${pounds(weekly.q3)}.`);
  } else {
    parts.push(`The ${context} weekly fee is ${pounds(weekly.median)}/wk, middle half ${pounds(weekly.q1)}–${pounds(weekly.q3)}.`);
  }
  if (offer.annualCostPence !== null && annualDifference !== null) {
    parts.push(`Annual cost ${pounds(offer.annualCostPence)} is ${comparison(annualDifference)} the median of ${pounds(annual.median)}.`);
  }
  return {
    status: 'ok',
    lot,
    need,
    from,
    to,
    text: parts.join(' '),
    placementsRounded: rounded,
    weekly,
    annual,
    offerWeeklyPence: offer.weeklyFeePence,
    offerAnnualPence: offer.annualCostPence,
    weeklyDifferencePct: weeklyDifference,
    annualDifferencePct: annualDifference,
  };
}
