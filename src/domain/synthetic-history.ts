import type { Route } from './appraisal/routes.js';
import { addDays, type CalendarDate } from './calendar-date.js';
import type { DeclineReason } from './decline-reasons.js';
import { LOCAL_AUTHORITIES, NORTH_WEST_AUTHORITIES, type LocalAuthority } from './local-authorities.js';
import { LOTS, type Lot, type NeedCode } from './reference-data.js';

/**
 * A made-up but believable history of the regional FPS, for demos and for measuring the dashboards at
 * the region's real scale. Seeded: the same options give the same history. Nothing here is about a real
 * child; the rows it describes are flagged synthetic when stored (councils, providers and requests).
 *
 * Fees: a weekly core fee per lot (2024 prices, rising 4% a year), scaled by the primary need, a
 * provider's own price level and a log-normal spread, so each lot × need has a median, quartiles and a
 * long upper tail like real INMSS fees. Add-ons (1:1 staffing, therapies) on about a third of offers.
 */

export const GENERATOR_VERSION = 'demo-history/1';

/** A small, fast, seedable generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

function pickWeighted<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((n, [, w]) => n + w, 0);
  let r = rng() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items.at(-1)![0];
}

function normal(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

const intBetween = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** Weekly core fee medians by lot, pounds, at 2024 prices. */
const LOT_WEEKLY_POUNDS: Record<Lot, number> = { 1: 1650, 2: 4300, 3: 6200, 4: 1150, 5: 3900, 6: 900, 7: 650 };
const NEED_FACTOR: Record<NeedCode, number> = { SPLD: 0.85, MLD: 0.85, SLD: 1.1, PMLD: 1.3, SEMH: 1.05, SLCN: 0.95, HI: 1.0, VI: 1.05, MSI: 1.35, PD: 1.15, ASD: 1.0, OTH: 0.95 };
const LOT_MIX: ReadonlyArray<readonly [Lot, number]> = [[1, 45], [2, 12], [3, 8], [4, 18], [5, 7], [6, 7], [7, 3]];
const NEED_MIX: ReadonlyArray<readonly [NeedCode, number]> = [
  ['ASD', 35], ['SEMH', 30], ['SLCN', 8], ['SLD', 6], ['MLD', 5], ['OTH', 5], ['SPLD', 3], ['PMLD', 2], ['PD', 2], ['HI', 1.5], ['VI', 1], ['MSI', 0.5],
];
const ROUTE_MIX: ReadonlyArray<readonly [Route, number]> = [
  ['fps_call_off', 75], ['maintained_special', 7], ['resourced_provision', 4], ['mainstream', 3], ['spot_purchase', 8], ['other', 3],
];
const DECLINE_MIX: ReadonlyArray<readonly [DeclineReason, number]> = [['no_place', 45], ['needs_not_met', 30], ['peer_group', 12], ['age_or_sex', 5], ['other', 8]];
export const DECLINE_TEXTS: Record<DeclineReason, string> = {
  no_place: 'Thank you for the referral. Unfortunately we have no places available for the requested start date.',
  needs_not_met: 'Having read the referral carefully, we do not feel we could meet his needs as described in Section F.',
  peer_group: 'We have considered the referral but the current peer group would not be a good match at this time.',
  age_or_sex: 'I am sorry, the young person is outside our registered age range.',
  other: 'We are not able to offer a place on this occasion.',
};
const RESIDENTIAL_WEEKS: Partial<Record<Lot, ReadonlyArray<readonly [number, number]>>> = { 3: [[52, 1]], 5: [[38, 7], [52, 3]] };

/** Postcode districts by LA code, for addresses that look like the place they name. */
const DISTRICTS: Record<string, readonly string[]> = {
  '340': ['L34', 'L36'], '341': ['L4', 'L8', 'L15'], '342': ['WA9', 'WA10'], '343': ['L20', 'PR8'], '344': ['CH41', 'CH44', 'CH47'],
  '350': ['BL1', 'BL3'], '351': ['BL9', 'BL8'], '352': ['M9', 'M14', 'M40'], '353': ['OL1', 'OL8'], '354': ['OL11', 'OL12'], '355': ['M6', 'M27'],
  '356': ['SK4', 'SK8'], '357': ['OL6', 'SK14'], '358': ['M33', 'M41'], '359': ['WN1', 'WN6'], '876': ['WA7', 'WA8'], '877': ['WA1', 'WA4'],
  '888': ['PR1', 'PR7', 'BB7', 'LA1', 'FY8'], '889': ['BB1', 'BB2'], '890': ['FY1', 'FY4'], '895': ['CW1', 'SK10', 'CW5'], '896': ['CH2', 'CH64', 'CW9'],
  '942': ['CA1', 'CA3', 'CA14'], '943': ['LA9', 'LA14', 'CA11'], '370': ['S70'], '373': ['S10'], '380': ['BD5'], '381': ['HX1'], '382': ['HD1'],
  '383': ['LS6'], '815': ['BD23', 'YO7'], '830': ['DE4', 'SK17'], '860': ['ST5', 'ST16'], '861': ['ST4'], '893': ['SY1'],
};
/** Relative size of each council's placement numbers (roughly its population of children with EHCPs). */
const COUNCIL_SIZE: Record<string, number> = { '888': 4, '352': 2.2, '341': 2, '895': 1.4, '896': 1.3, '359': 1.3, '343': 1.1, '344': 1.3 };

const NAME_PARTS = ['Ash', 'Bram', 'Cedar', 'Dale', 'Elm', 'Fern', 'Glen', 'Holly', 'Ivy', 'Juniper', 'Kestrel', 'Lark', 'Maple', 'Oak', 'Pine', 'Rowan', 'Sorrel', 'Thorn', 'Willow', 'Yarrow'];
const NAME_ENDS = ['field', 'brook', 'wood', 'side', 'mere', 'moor', 'dene', 'gate', 'holme', 'ridge'];
const PROVIDER_KINDS = ['School', 'House School', 'Academy', 'College', 'Learning Centre'];

export interface SyntheticCouncil {
  code: string;
  name: string;
  areaCodes: string[];
  /** An existing (demo) council: its row is kept, only history is added. */
  existing: boolean;
  weight: number;
}

export interface SyntheticProvider {
  id: string;
  name: string;
  providerType: string;
  lots: Lot[];
  needs: NeedCode[];
  ageFrom: number;
  ageTo: number;
  postcode: string;
  hostAuthority: string;
  ofstedUrn: string;
  ofstedGrade: 'Outstanding' | 'Good' | 'Requires improvement' | 'Inadequate';
  inspectionDate: CalendarDate;
  /** The provider's price level relative to the region (log-normal around 1). */
  priceLevel: number;
  /** How often it answers a referral. */
  answerRate: number;
  contactEmail: string;
}

export interface SyntheticOffer {
  providerIndex: number;
  sentOn: CalendarDate;
  /** Null: never answered. */
  answeredOn: CalendarDate | null;
  /** When answered: an offer, or a decline with its reason. */
  outcome: { kind: 'offer'; weeklyFeePence: number; weeksPerYear: number; addOnsWeeklyPence: number; startDate: CalendarDate; qualityMark: number } | { kind: 'decline'; reason: DeclineReason } | null;
}

export interface SyntheticRequest {
  councilIndex: number;
  lot: Lot;
  need: NeedCode;
  sex: 'male' | 'female';
  ageAtStart: number;
  homeDistrict: string;
  initials: string;
  submittedOn: CalendarDate;
  requiredStartDate: CalendarDate;
  route: Route;
  /** The chosen route's whole-public-purse annual cost (pence). */
  routeAnnualCostPence: number;
  /** Decided on: the appraisal confirmation (and the closure, off the FPS route). */
  appraisedOn: CalendarDate;
  /** FPS call-off only. */
  callOff: {
    sentOn: CalendarDate;
    closedOn: CalendarDate;
    referrals: SyntheticOffer[];
    /** Index into referrals of the awarded offer. */
    awarded: number;
    awardedOn: CalendarDate;
    startDate: CalendarDate;
  } | null;
}

export interface HistoryPlan {
  councils: SyntheticCouncil[];
  providers: SyntheticProvider[];
  placements: number;
  /** Every request, generated on demand so a large history is never all in memory. */
  requests(): Generator<SyntheticRequest>;
}

export interface HistoryOptions {
  seed: number;
  today: CalendarDate;
  placements: number;
  councils: number;
  years: number;
  /** Demo councils already in the database, with their areas: they take part first. */
  existingCouncils?: ReadonlyArray<{ code: string; name: string; areaCodes: string[] }>;
  providers?: number;
  /** Referrals per FPS request, on average (about 80% are answered). */
  referralsPerRequest?: number;
}

export const MAX_COUNCILS = NORTH_WEST_AUTHORITIES.length;

function providerName(rng: Rng, used: Set<string>): string {
  for (;;) {
    const name = `${NAME_PARTS[intBetween(rng, 0, NAME_PARTS.length - 1)]}${NAME_ENDS[intBetween(rng, 0, NAME_ENDS.length - 1)]} ${PROVIDER_KINDS[intBetween(rng, 0, PROVIDER_KINDS.length - 1)]}`;
    const full = used.has(name) ? `${name} ${used.size}` : name;
    if (!used.has(full)) {
      used.add(full);
      return `${full} (synthetic)`;
    }
  }
}

function district(rng: Rng, la: string): string {
  const list = DISTRICTS[la] ?? ['M1'];
  return list[intBetween(rng, 0, list.length - 1)]!;
}

function planProviders(rng: Rng, count: number): SyntheticProvider[] {
  const used = new Set<string>();
  const neighbours = LOCAL_AUTHORITIES.filter((a) => a.region === 'neighbouring');
  return Array.from({ length: count }, (_, i): SyntheticProvider => {
    const host: LocalAuthority = rng() < 0.8 ? NORTH_WEST_AUTHORITIES[intBetween(rng, 0, NORTH_WEST_AUTHORITIES.length - 1)]! : neighbours[intBetween(rng, 0, neighbours.length - 1)]!;
    const post16 = rng() < 0.3;
    const lots = new Set<Lot>();
    const lotCount = intBetween(rng, 1, 3);
    while (lots.size < lotCount) {
      const lot = pickWeighted(rng, LOT_MIX);
      if (post16 === (lot === 4 || lot === 5) || lot >= 6) lots.add(lot);
      else if (lots.size === 0 && rng() < 0.3) lots.add(lot);
    }
    const needs = new Set<NeedCode>();
    const needCount = intBetween(rng, 2, 5);
    while (needs.size < needCount) needs.add(pickWeighted(rng, NEED_MIX));
    const id = `SYN-${String(i + 1).padStart(4, '0')}`;
    const year = intBetween(rng, 2021, 2025);
    return {
      id,
      name: providerName(rng, used),
      providerType: post16 ? 'post-16 ISP' : rng() < 0.8 ? 'INMSS' : 'NMSS',
      lots: [...lots].sort(),
      needs: [...needs],
      ageFrom: post16 ? 16 : pickWeighted(rng, [[5, 3], [7, 1], [11, 2]] as const),
      ageTo: post16 ? 25 : pickWeighted(rng, [[16, 2], [18, 2], [19, 1]] as const),
      postcode: `${district(rng, host.code)} ${intBetween(rng, 1, 9)}${'ABDEFGHJLNPQRSTUWXYZ'[intBetween(rng, 0, 19)]}${'ABDEFGHJLNPQRSTUWXYZ'[intBetween(rng, 0, 19)]}`,
      hostAuthority: host.name,
      ofstedUrn: String(700000 + i),
      ofstedGrade: pickWeighted(rng, [['Outstanding', 2], ['Good', 6], ['Requires improvement', 1.5], ['Inadequate', 0.3]] as const),
      inspectionDate: `${year}-${String(intBetween(rng, 1, 12)).padStart(2, '0')}-${String(intBetween(rng, 1, 28)).padStart(2, '0')}`,
      priceLevel: Math.exp(0.12 * normal(rng)),
      answerRate: Math.min(0.98, Math.max(0.4, 0.82 + 0.12 * normal(rng))),
      contactEmail: `admissions@${id.toLowerCase()}.synthetic.invalid`,
    };
  });
}

export function planHistory(options: HistoryOptions): HistoryPlan {
  const rng = seededRandom(options.seed);
  const existing = (options.existingCouncils ?? []).slice(0, options.councils);
  const takenAreas = new Set(existing.flatMap((c) => c.areaCodes));
  const freeAreas = NORTH_WEST_AUTHORITIES.filter((a) => !takenAreas.has(a.code));
  const councils: SyntheticCouncil[] = [
    ...existing.map((c) => ({ code: c.code, name: c.name, areaCodes: [...c.areaCodes], existing: true, weight: 1.5 })),
    ...freeAreas.slice(0, Math.max(0, options.councils - existing.length)).map((a) => ({
      code: `SYN-${a.code}`,
      name: `${a.name} (synthetic)`,
      areaCodes: [a.code],
      existing: false,
      weight: COUNCIL_SIZE[a.code] ?? 1,
    })),
  ];
  const providers = planProviders(rng, options.providers ?? Math.max(60, Math.min(400, Math.round(options.placements / 250))));
  const byLot = new Map<Lot, number[]>(LOTS.map((lot) => [lot, providers.flatMap((p, i) => (p.lots.includes(lot) ? [i] : []))]));
  const referralsMean = options.referralsPerRequest ?? 16;
  const councilWeights = councils.map((c, i) => [i, c.weight] as const);
  const startMs = Date.parse(`${addDays(options.today, -Math.round(options.years * 365.25))}T00:00:00Z`);
  const endMs = Date.parse(`${addDays(options.today, -75)}T00:00:00Z`);
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  function* requests(): Generator<SyntheticRequest> {
    for (let n = 0; n < options.placements; n++) {
      // Demand grows over the years: the density of submission dates rises linearly to twice its start.
      const u = rng();
      const t = Math.sqrt(1 + 3 * u) - 1; // inverse CDF of the density ∝ (1 + x) on [0, 1]
      const submittedMs = startMs + Math.min(1, t) * (endMs - startMs);
      const submittedOn = dayOf(submittedMs);
      const councilIndex = pickWeighted(rng, councilWeights);
      const lot = pickWeighted(rng, LOT_MIX);
      const need = pickWeighted(rng, NEED_MIX);
      const post16 = lot === 4 || lot === 5;
      const ageAtStart = post16 ? intBetween(rng, 16, 19) : intBetween(rng, 5, 15);
      const route = pickWeighted(rng, ROUTE_MIX);
      const yearsSince2024 = (submittedMs - Date.parse('2024-01-01T00:00:00Z')) / (365.25 * 86_400_000);
      const inflation = Math.pow(1.04, yearsSince2024);
      const baseWeekly = LOT_WEEKLY_POUNDS[lot] * NEED_FACTOR[need] * inflation;
      const appraisedOn = addDays(submittedOn, intBetween(rng, 2, 10));
      const weeksChoices = RESIDENTIAL_WEEKS[lot] ?? [[38, 1]];
      const requiredStartDate = addDays(submittedOn, intBetween(rng, 30, 150));
      const request: SyntheticRequest = {
        councilIndex,
        lot,
        need,
        sex: rng() < 0.7 ? 'male' : 'female',
        ageAtStart,
        homeDistrict: district(rng, councils[councilIndex]!.areaCodes[0] ?? '888'),
        initials: `${String.fromCharCode(65 + intBetween(rng, 0, 25))}${String.fromCharCode(65 + intBetween(rng, 0, 25))}`,
        submittedOn,
        requiredStartDate,
        route,
        routeAnnualCostPence: 0,
        appraisedOn,
        callOff: null,
      };
      if (route !== 'fps_call_off') {
        const factor = route === 'spot_purchase' ? 1.15 : route === 'other' ? 0.9 : route === 'mainstream' ? 0.35 : 0.6;
        request.routeAnnualCostPence = Math.round(baseWeekly * factor * 38 * Math.exp(0.25 * normal(rng))) * 100;
        yield request;
        continue;
      }
      const eligible = byLot.get(lot)!;
      const wanted = Math.max(3, Math.min(eligible.length, Math.round(referralsMean + (referralsMean / 3) * normal(rng))));
      const chosen = new Set<number>();
      // Providers registered for the need first, then others on the lot.
      const needFirst = [...eligible].sort((a, b) => Number(providers[b]!.needs.includes(need)) - Number(providers[a]!.needs.includes(need)) || rng() - 0.5);
      for (const i of needFirst) {
        if (chosen.size >= wanted) break;
        if (rng() < 0.85) chosen.add(i);
      }
      const sentOn = addDays(appraisedOn, intBetween(rng, 1, 10));
      const weeksPerYear = pickWeighted(rng, weeksChoices);
      const referrals: SyntheticOffer[] = [...chosen].map((providerIndex) => {
        const p = providers[providerIndex]!;
        if (rng() > p.answerRate) return { providerIndex, sentOn, answeredOn: null, outcome: null };
        const answeredOn = addDays(sentOn, Math.max(0, Math.round(5 + 3 * normal(rng) + (rng() < 0.1 ? intBetween(rng, 5, 20) : 0))));
        if (rng() < 0.18 || !p.needs.includes(need) && rng() < 0.4) return { providerIndex, sentOn, answeredOn, outcome: { kind: 'decline', reason: pickWeighted(rng, DECLINE_MIX) } };
        const weekly = Math.round(baseWeekly * p.priceLevel * Math.exp(0.2 * normal(rng)));
        const addOns = rng() < 0.33 ? pickWeighted(rng, [[intBetween(rng, 450, 900), 2], [intBetween(rng, 120, 250), 2], [intBetween(rng, 100, 200), 1]] as const) : 0;
        return {
          providerIndex,
          sentOn,
          answeredOn,
          outcome: { kind: 'offer', weeklyFeePence: weekly * 100, weeksPerYear, addOnsWeeklyPence: addOns * 100, startDate: addDays(requiredStartDate, intBetween(rng, -5, 30)), qualityMark: intBetween(rng, 45, 95) },
        };
      });
      const offers = referrals.map((r, i) => [r, i] as const).filter(([r]) => r.outcome?.kind === 'offer');
      if (!offers.length) {
        // No offer came: the council placed the child another way (recorded as a spot purchase).
        request.route = 'spot_purchase';
        request.routeAnnualCostPence = Math.round(baseWeekly * 1.2 * 38) * 100;
        yield request;
        continue;
      }
      const closedOn = addDays(sentOn, intBetween(rng, 10, 16));
      const lastAnswer = referrals.reduce((d, r) => (r.answeredOn && r.answeredOn > d ? r.answeredOn : d), sentOn);
      // Mostly the best value (lowest annual cost scaled by quality), sometimes another with a reason.
      const scored = offers
        .map(([r, i]) => {
          const o = r.outcome as Extract<SyntheticOffer['outcome'], { kind: 'offer' }>;
          return { i, score: ((o.weeklyFeePence + o.addOnsWeeklyPence) * o.weeksPerYear) / (o.qualityMark + 20) };
        })
        .sort((a, b) => a.score - b.score);
      const awarded = rng() < 0.85 || scored.length === 1 ? scored[0]!.i : scored[1]!.i;
      const awardedOn = addDays(lastAnswer > closedOn ? lastAnswer : closedOn, intBetween(rng, 3, 25));
      const offer = referrals[awarded]!.outcome as Extract<SyntheticOffer['outcome'], { kind: 'offer' }>;
      const startDate = offer.startDate > awardedOn ? offer.startDate : addDays(awardedOn, intBetween(rng, 7, 30));
      request.routeAnnualCostPence = (offer.weeklyFeePence + offer.addOnsWeeklyPence) * offer.weeksPerYear;
      request.callOff = { sentOn, closedOn, referrals, awarded, awardedOn, startDate };
      yield request;
    }
  }

  return { councils, providers, placements: options.placements, requests };
}

