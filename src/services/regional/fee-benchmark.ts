import { loadFeeDistribution } from '../../db/repositories/regional.js';
import { calendarDateOf, type CalendarDate } from '../../domain/calendar-date.js';
import { protectedCount, publishable } from '../../domain/disclosure.js';
import { benchmarkPeriod, computeFeeBenchmark, type FeeBenchmark } from '../../domain/fee-benchmark.js';
import { isLot, isNeedCode, type Lot, type NeedCode } from '../../domain/reference-data.js';
import { quartiles } from '../../domain/statistics.js';
import type { ServiceDeps } from '../deps.js';

/**
 * An offer's fee against the region's awards for the same lot and primary need in the last 24 months.
 * Null when the request has no lot or need yet (nothing to compare with).
 */
export async function feeBenchmarkFor(
  deps: ServiceDeps,
  input: { lot: number | null; need: string | null; weeklyFeePence: number | null; annualCostPence: number | null; asOf?: CalendarDate },
): Promise<FeeBenchmark | null> {
  if (input.lot === null || input.need === null || !isLot(input.lot) || !isNeedCode(input.need)) return null;
  const { from, to } = benchmarkPeriod(input.asOf ?? calendarDateOf(deps.clock.now()));
  const distribution = (await loadFeeDistribution(deps.db, input.lot, input.need, from, to));
  return computeFeeBenchmark({ lot: input.lot, need: input.need, from, to, ...distribution }, { weeklyFeePence: input.weeklyFeePence, annualCostPence: input.annualCostPence });
}

export interface RegionalFeeEstimate {
  lot: Lot;
  need: NeedCode;
  from: CalendarDate;
  to: CalendarDate;
  medianWeeklyPence: number;
  medianAnnualPence: number;
  /** Placements behind the medians, rounded to the nearest 5 (regional figures are never exact). */
  placementsRounded: number;
}

/**
 * The regional median fee for a lot and need over the 24 months to `asOf`, for the appraisal's FPS
 * estimate; null when fewer than 5 placements would be behind it.
 */
export async function regionalFeeEstimate(deps: ServiceDeps, lot: Lot, need: NeedCode, asOf: CalendarDate): Promise<RegionalFeeEstimate | null> {
  const { from, to } = benchmarkPeriod(asOf);
  const { weeklyPence, annualPence } = (await loadFeeDistribution(deps.db, lot, need, from, to));
  if (!publishable(weeklyPence.length)) return null;
  return {
    lot,
    need,
    from,
    to,
    medianWeeklyPence: quartiles(weeklyPence)!.median,
    medianAnnualPence: quartiles(annualPence)!.median,
    placementsRounded: protectedCount(weeklyPence.length)!,
  };
}
