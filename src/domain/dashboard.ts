import type { Route } from './appraisal/routes.js';
import { academicYearLabel, academicYearStart, addDays, addYears, daysBetween, formatUkDate, type CalendarDate } from './calendar-date.js';
import { DECLINE_REASONS, DECLINE_REASON_LABELS, type DeclineReason } from './decline-reasons.js';
import { exactCount, protectedCount, publishable, type Count, type CountPolicy } from './disclosure.js';
import { isLot, isNeedCode, LOTS, NEED_CODES, type Lot, type NeedCode } from './reference-data.js';
import { median, medianOfHistogram, quartiles, type Quartiles } from './statistics.js';

/**
 * The dashboards: a council's own view (its own data, exact) and the regional view (all councils,
 * aggregates only, protected by src/domain/disclosure.ts). Both are computed here from facts the data
 * layer loads for one scope and one set of filters; nothing here does I/O.
 *
 * The population is the requests submitted in the period (and matching the lot and need filters); every
 * figure follows those requests: which became placements, by which route, at what fee, how long each
 * stage took, how providers answered their referrals, and why providers declined.
 */

// ---------------------------------------------------------------------------------------------------
// Filters

export type PeriodKey = '12m' | '24m' | '36m' | 'all' | `ay${number}`;

export interface Period {
  key: PeriodKey;
  label: string;
  /** Inclusive; null = from the beginning. */
  from: CalendarDate | null;
  to: CalendarDate;
}

export interface DashboardFilters {
  period: Period;
  lot: Lot | null;
  need: NeedCode | null;
}

export const DEFAULT_PERIOD: PeriodKey = '24m';
const ACADEMIC_YEARS_OFFERED = 3;

/** The periods a dashboard offers on `today`: rolling windows and the last few academic years. */
export function periodOptions(today: CalendarDate): Period[] {
  const rolling = ([
    ['12m', 'Last 12 months', 1],
    ['24m', 'Last 24 months', 2],
    ['36m', 'Last 36 months', 3],
  ] as const).map(([key, label, years]): Period => ({ key, label, from: addDays(addYears(today, -years), 1), to: today }));
  const years: Period[] = [];
  let start = academicYearStart(today);
  for (let i = 0; i < ACADEMIC_YEARS_OFFERED; i++) {
    const end = addDays(addYears(start, 1), -1);
    years.push({ key: `ay${start.slice(0, 4)}` as PeriodKey, label: `Academic year ${academicYearLabel(start)}${end > today ? ' (so far)' : ''}`, from: start, to: end > today ? today : end });
    start = addYears(start, -1);
  }
  return [...rolling, ...years, { key: 'all', label: 'All time', from: null, to: today }];
}

export type FilterResult = { ok: true; filters: DashboardFilters } | { ok: false; errors: Record<string, string> };

/** Card answers are untrusted: every filter is checked against the lists the card offered. */
export function parseDashboardFilters(input: Record<string, unknown>, today: CalendarDate): FilterResult {
  const text = (key: string) => (typeof input[key] === 'string' ? (input[key] as string).trim() : typeof input[key] === 'number' ? String(input[key]) : '');
  const errors: Record<string, string> = {};
  const periodKey = text('period') || DEFAULT_PERIOD;
  const period = periodOptions(today).find((p) => p.key === periodKey);
  if (!period) errors.period = 'Choose one of the periods offered.';
  const lotText = text('lot');
  let lot: Lot | null = null;
  if (lotText && lotText !== 'any') {
    const n = Number(lotText);
    if (/^\d$/.test(lotText) && isLot(n)) lot = n;
    else errors.lot = `Choose a lot from ${LOTS[0]} to ${LOTS.at(-1)}, or all lots.`;
  }
  const needText = text('need').toUpperCase();
  let need: NeedCode | null = null;
  if (needText && needText !== 'ANY') {
    if (isNeedCode(needText)) need = needText;
    else errors.need = `Choose an SEN2 primary need (${NEED_CODES.join(', ')}), or all needs.`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, filters: { period: period!, lot, need } };
}

export function defaultFilters(today: CalendarDate): DashboardFilters {
  return { period: periodOptions(today).find((p) => p.key === DEFAULT_PERIOD)!, lot: null, need: null };
}

export function describeFilters(f: DashboardFilters): string {
  const range = f.period.from ? `${formatUkDate(f.period.from)} to ${formatUkDate(f.period.to)}` : `up to ${formatUkDate(f.period.to)}`;
  return [`${f.period.label} (requests submitted ${range})`, f.lot ? `lot ${f.lot}` : 'all lots', f.need ? f.need : 'all needs'].join(' · ');
}

// ---------------------------------------------------------------------------------------------------
// Facts (loaded by the data layer)

export interface DashboardRequestFact {
  councilId: number;
  lot: Lot | null;
  need: NeedCode | null;
  /** The route the confirmed appraisal chose. */
  route: Route | null;
  status: string;
  synthetic: boolean;
  submittedOn: CalendarDate;
  referralsSentOn: CalendarDate | null;
  firstOfferOn: CalendarDate | null;
  award: { awardedOn: CalendarDate; weeklyFeePence: number; annualValuePence: number; startDate: CalendarDate; providerLaCode: string | null } | null;
}

export interface ProviderResponseFact {
  providerId: string;
  providerName: string;
  /** Requests the provider was sent a referral for. */
  referred: number;
  /** Of those, how many it answered. */
  answered: number;
  /** Whole days from the referral to the first answer, as a histogram. */
  daysToAnswer: ReadonlyArray<{ value: number; count: number }>;
}

export interface DashboardInput {
  scope: { kind: 'council'; councilId: number; councilName: string } | { kind: 'regional' };
  councils: ReadonlyMap<number, { name: string; areaCodes: readonly string[] }>;
  requests: readonly DashboardRequestFact[];
  providerResponses: readonly ProviderResponseFact[];
  declines: Readonly<Record<DeclineReason, number>>;
}

// ---------------------------------------------------------------------------------------------------
// Figures

export const ROUTE_FAMILIES = ['fps', 'spot', 'maintained', 'other'] as const;
export type RouteFamily = (typeof ROUTE_FAMILIES)[number];
export const ROUTE_FAMILY_LABELS: Record<RouteFamily, string> = {
  fps: 'FPS call-off',
  spot: 'Spot purchase',
  maintained: 'Maintained (mainstream, resourced, special)',
  other: 'Other (block place, EOTAS…)',
};
const FAMILY_OF: Record<Route, RouteFamily> = {
  fps_call_off: 'fps',
  spot_purchase: 'spot',
  mainstream: 'maintained',
  resourced_provision: 'maintained',
  maintained_special: 'maintained',
  other: 'other',
};

export const STAGES = ['referral', 'first_offer', 'award', 'start'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  referral: 'Request to referrals sent',
  first_offer: 'Request to first offer',
  award: 'Request to award',
  start: 'Request to placement start',
};

export interface FeeGroup {
  lot: Lot;
  need: NeedCode;
  placements: Count;
  /** Null when the group is too small to publish (regional view). */
  weekly: Quartiles | null;
  annual: Quartiles | null;
}

export interface ProviderResponseFigure {
  providerId: string;
  providerName: string;
  referred: Count;
  ratePct: number | null;
  medianDays: number | null;
}

export interface DashboardFigures {
  scope: DashboardInput['scope'];
  /** Counts are rounded to the nearest 5 and small ones suppressed (regional view). */
  protected: boolean;
  includesSynthetic: boolean;
  requests: Count;
  placements: Count;
  placementsByLot: Array<{ lot: Lot; placements: Count }>;
  placementsByNeed: Array<{ need: NeedCode; placements: Count }>;
  /** Regional view only. */
  placementsByCouncil: Array<{ council: string; placements: Count }>;
  fees: FeeGroup[];
  routes: Array<{ family: RouteFamily; requests: Count }>;
  timings: Array<{ stage: Stage; requests: Count; medianDays: number | null }>;
  providerResponse: { referred: Count; answered: Count; ratePct: number | null; medianDays: number | null; providers: ProviderResponseFigure[] };
  area: { inArea: Count; outOfArea: Count; areaNotSet: Count };
  declines: { total: Count; byReason: Array<{ reason: DeclineReason; label: string; offers: Count }> };
}

/** The providers listed by name on a dashboard (most referrals first); the exports carry all of them. */
export const PROVIDERS_LISTED = 10;

export function isPlacement(f: DashboardRequestFact): boolean {
  return f.award !== null || (f.status === 'closed' && f.route !== null && f.route !== 'fps_call_off');
}

function countBy<T, K>(items: readonly T[], key: (item: T) => K | null): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export function computeDashboard(input: DashboardInput): DashboardFigures {
  const regional = input.scope.kind === 'regional';
  const count: CountPolicy = regional ? protectedCount : exactCount;
  /** Statistics of a group: always for a council's own data, only for groups of 5 or more regionally. */
  const shows = (n: number) => n > 0 && (!regional || publishable(n));

  const placed = input.requests.filter(isPlacement);
  const awarded = placed.filter((f) => f.award !== null);

  const byLot = countBy(placed, (f) => f.lot);
  const byNeed = countBy(placed, (f) => f.need);
  const byCouncil = countBy(placed, (f) => f.councilId);

  const feeGroups = new Map<string, DashboardRequestFact[]>();
  for (const f of awarded) {
    if (f.lot === null || f.need === null) continue;
    const key = `${f.lot}|${f.need}`;
    let group = feeGroups.get(key);
    if (!group) feeGroups.set(key, (group = []));
    group.push(f);
  }
  const fees: FeeGroup[] = [...feeGroups.values()]
    .map((group) => {
      const visible = shows(group.length);
      return {
        lot: group[0]!.lot!,
        need: group[0]!.need!,
        placements: count(group.length),
        weekly: visible ? quartiles(group.map((g) => g.award!.weeklyFeePence)) : null,
        annual: visible ? quartiles(group.map((g) => g.award!.annualValuePence)) : null,
      };
    })
    .sort((a, b) => a.lot - b.lot || NEED_CODES.indexOf(a.need) - NEED_CODES.indexOf(b.need));

  const byFamily = countBy(placed, (f) => (f.route ? FAMILY_OF[f.route] : f.award ? 'fps' : null));

  const timings = STAGES.map((stage) => {
    const days = input.requests
      .map((f) => {
        const to = stage === 'referral' ? f.referralsSentOn : stage === 'first_offer' ? f.firstOfferOn : stage === 'award' ? (f.award?.awardedOn ?? null) : (f.award?.startDate ?? null);
        return to ? daysBetween(f.submittedOn, to) : null;
      })
      .filter((d): d is number => d !== null);
    return { stage, requests: count(days.length), medianDays: shows(days.length) ? median(days) : null };
  });

  const referred = input.providerResponses.reduce((n, p) => n + p.referred, 0);
  const answered = input.providerResponses.reduce((n, p) => n + p.answered, 0);
  const allDays = new Map<number, number>();
  for (const p of input.providerResponses) for (const b of p.daysToAnswer) allDays.set(b.value, (allDays.get(b.value) ?? 0) + b.count);
  const rate = (yes: number, of: number) => (shows(of) ? Math.round((yes / of) * 100) : null);
  const providers: ProviderResponseFigure[] = [...input.providerResponses]
    .sort((a, b) => b.referred - a.referred || a.providerName.localeCompare(b.providerName))
    .slice(0, PROVIDERS_LISTED)
    .map((p) => ({
      providerId: p.providerId,
      providerName: p.providerName,
      referred: count(p.referred),
      ratePct: rate(p.answered, p.referred),
      medianDays: shows(p.answered) ? medianOfHistogram(p.daysToAnswer) : null,
    }));

  let inArea = 0;
  let outOfArea = 0;
  let areaNotSet = 0;
  for (const f of awarded) {
    const area = input.councils.get(f.councilId)?.areaCodes ?? [];
    if (!area.length) areaNotSet++;
    else if (f.award!.providerLaCode !== null && area.includes(f.award!.providerLaCode)) inArea++;
    else outOfArea++;
  }

  const declineTotal = DECLINE_REASONS.reduce((n, r) => n + input.declines[r], 0);

  return {
    scope: input.scope,
    protected: regional,
    includesSynthetic: input.requests.some((f) => f.synthetic),
    requests: count(input.requests.length),
    placements: count(placed.length),
    placementsByLot: [...byLot.entries()].sort((a, b) => a[0] - b[0]).map(([lot, n]) => ({ lot, placements: count(n) })),
    placementsByNeed: [...byNeed.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([need, n]) => ({ need, placements: count(n) })),
    placementsByCouncil: regional
      ? [...byCouncil.entries()]
          .map(([id, n]) => ({ council: input.councils.get(id)?.name ?? `council ${id}`, placements: count(n) }))
          .sort((a, b) => a.council.localeCompare(b.council))
      : [],
    fees,
    routes: ROUTE_FAMILIES.filter((f) => byFamily.has(f)).map((family) => ({ family, requests: count(byFamily.get(family)!) })),
    timings,
    providerResponse: {
      referred: count(referred),
      answered: count(answered),
      ratePct: rate(answered, referred),
      medianDays: shows(answered) ? medianOfHistogram([...allDays.entries()].map(([value, n]) => ({ value, count: n }))) : null,
      providers,
    },
    area: { inArea: count(inArea), outOfArea: count(outOfArea), areaNotSet: count(areaNotSet) },
    declines: {
      total: count(declineTotal),
      byReason: DECLINE_REASONS.filter((r) => input.declines[r] > 0).map((reason) => ({ reason, label: DECLINE_REASON_LABELS[reason], offers: count(input.declines[reason]) })),
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Who sees what

/** The regional dashboard and regional exports are for regional analysts and Heads of Service. */
export const REGIONAL_VIEWER_ROLES = ['regional_analyst', 'head_of_service'] as const;

export function canSeeRegional(roles: readonly string[]): boolean {
  return REGIONAL_VIEWER_ROLES.some((r) => roles.includes(r));
}

/**
 * A council's own dashboard is exact (small numbers and all), so it is for the people who work its cases:
 * anyone with a council role. Regional roles alone (an analyst, the deployment's administrator, listed on
 * the lead council's staff) see only the protected regional aggregates.
 */
export const COUNCIL_DASHBOARD_ROLES = ['caseworker', 'placements_officer', 'service_manager', 'head_of_service', 'admin'] as const;

export function canSeeCouncilDashboard(roles: readonly string[]): boolean {
  return COUNCIL_DASHBOARD_ROLES.some((r) => roles.includes(r));
}
