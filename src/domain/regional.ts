import { daysBetween } from './calendar-date.js';
import type { Lot, NeedCode } from './reference-data.js';

/**
 * Regional intelligence: what the councils asked for (placements by lot, need and council; fees by lot
 * and need; routes used; how long each stage takes; provider response; in-area or not; declines), from
 * facts about each request. Aggregates only: any group of fewer than SMALL_NUMBER_THRESHOLD placements is
 * suppressed, as official statistics do, so no child can be picked out from another council's figures.
 */

export const SMALL_NUMBER_THRESHOLD = 3;

export interface RequestFacts {
  council: string;
  lot: Lot | null;
  need: NeedCode | null;
  /** The route the confirmed appraisal chose, if any. */
  route: string | null;
  submittedOn: string | null;
  referralsSentOn: string | null;
  firstOfferOn: string | null;
  awardedOn: string | null;
  award: { weeklyFeePence: number; annualValuePence: number; startDate: string; inArea: boolean } | null;
  providersReferred: number;
  providersReplied: number;
  /** Days from referral to each provider's first answer. */
  responseDays: number[];
  /** Offers recorded as unable to meet the needs. */
  declines: number;
}

/** A count that may be suppressed: null when the group is too small to publish. */
export type Count = number | null;

export interface FeeStats {
  lot: Lot;
  need: NeedCode;
  placements: Count;
  meanWeeklyPence: number | null;
  medianWeeklyPence: number | null;
  meanAnnualPence: number | null;
  medianAnnualPence: number | null;
}

export interface StageTiming {
  stage: 'referral' | 'first_offer' | 'award' | 'start';
  label: string;
  requests: number;
  medianDays: number | null;
}

export interface RegionalFigures {
  requests: number;
  placements: number;
  placementsByLot: Array<{ lot: Lot; placements: Count }>;
  placementsByNeed: Array<{ need: NeedCode; placements: Count }>;
  placementsByCouncil: Array<{ council: string; placements: Count }>;
  fees: FeeStats[];
  routes: Array<{ route: string; requests: Count }>;
  timings: StageTiming[];
  providerResponse: { referred: number; replied: number; rate: number | null; medianDays: number | null };
  inArea: Count;
  outOfArea: Count;
  declines: number;
}

export function suppress(n: number): Count {
  return n > 0 && n < SMALL_NUMBER_THRESHOLD ? null : n;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function mean(values: readonly number[]): number | null {
  return values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

function countBy<K>(items: readonly RequestFacts[], key: (f: RequestFacts) => K | null): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function days(from: string | null, to: string | null): number | null {
  return from && to ? daysBetween(from, to) : null;
}

export function computeRegionalFigures(facts: readonly RequestFacts[]): RegionalFigures {
  const placed = facts.filter((f) => f.award !== null);
  const byLot = countBy(placed, (f) => f.lot);
  const byNeed = countBy(placed, (f) => f.need);
  const byCouncil = countBy(placed, (f) => f.council);
  const byRoute = countBy(facts, (f) => f.route);

  const feeGroups = new Map<string, RequestFacts[]>();
  for (const f of placed) {
    if (f.lot === null || f.need === null) continue;
    const key = `${f.lot}|${f.need}`;
    feeGroups.set(key, [...(feeGroups.get(key) ?? []), f]);
  }
  const fees: FeeStats[] = [...feeGroups.entries()]
    .map(([key, group]) => {
      const [lot, need] = key.split('|') as [string, NeedCode];
      const shown = group.length >= SMALL_NUMBER_THRESHOLD;
      const weekly = group.map((g) => g.award!.weeklyFeePence);
      const annual = group.map((g) => g.award!.annualValuePence);
      return {
        lot: Number(lot) as Lot,
        need,
        placements: suppress(group.length),
        meanWeeklyPence: shown ? mean(weekly) : null,
        medianWeeklyPence: shown ? median(weekly) : null,
        meanAnnualPence: shown ? mean(annual) : null,
        medianAnnualPence: shown ? median(annual) : null,
      };
    })
    .sort((a, b) => a.lot - b.lot || a.need.localeCompare(b.need));

  const stage = (s: StageTiming['stage'], label: string, to: (f: RequestFacts) => string | null): StageTiming => {
    const values = facts.map((f) => days(f.submittedOn, to(f))).filter((d): d is number => d !== null);
    return { stage: s, label, requests: values.length, medianDays: median(values) };
  };
  const referred = facts.reduce((n, f) => n + f.providersReferred, 0);
  const replied = facts.reduce((n, f) => n + f.providersReplied, 0);
  const inArea = placed.filter((f) => f.award!.inArea).length;

  return {
    requests: facts.length,
    placements: placed.length,
    placementsByLot: [...byLot.entries()].sort((a, b) => a[0] - b[0]).map(([lot, n]) => ({ lot, placements: suppress(n) })),
    placementsByNeed: [...byNeed.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([need, n]) => ({ need, placements: suppress(n) })),
    placementsByCouncil: [...byCouncil.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([council, n]) => ({ council, placements: suppress(n) })),
    fees,
    routes: [...byRoute.entries()].sort((a, b) => b[1] - a[1]).map(([route, n]) => ({ route, requests: suppress(n) })),
    timings: [
      stage('referral', 'Request to referrals sent', (f) => f.referralsSentOn),
      stage('first_offer', 'Request to first offer', (f) => f.firstOfferOn),
      stage('award', 'Request to award', (f) => f.awardedOn),
      stage('start', 'Request to placement start', (f) => f.award?.startDate ?? null),
    ],
    providerResponse: {
      referred,
      replied,
      rate: referred ? Math.round((replied / referred) * 1000) / 10 : null,
      medianDays: median(facts.flatMap((f) => f.responseDays)),
    },
    inArea: suppress(inArea),
    outOfArea: suppress(placed.length - inArea),
    declines: facts.reduce((n, f) => n + f.declines, 0),
  };
}
