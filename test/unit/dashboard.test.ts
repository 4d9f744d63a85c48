import { describe, expect, it } from 'vitest';
import { computeDashboard, parseDashboardFilters, periodOptions, type DashboardInput, type DashboardRequestFact } from '../../src/domain/dashboard.js';
import { declineReason } from '../../src/domain/decline-reasons.js';
import { computeFeeBenchmark, benchmarkPeriod } from '../../src/domain/fee-benchmark.js';
import { laCodeForAuthorityName } from '../../src/domain/local-authorities.js';
import { median, medianOfHistogram, quartiles } from '../../src/domain/statistics.js';

function fact(overrides: Partial<DashboardRequestFact> = {}): DashboardRequestFact {
  return {
    councilId: 1,
    lot: 1,
    need: 'ASD',
    route: 'fps_call_off',
    status: 'placed',
    synthetic: false,
    submittedOn: '2026-01-05',
    referralsSentOn: '2026-01-15',
    firstOfferOn: '2026-01-22',
    award: { awardedOn: '2026-02-04', weeklyFeePence: 300_000, annualValuePence: 11_400_000, startDate: '2026-04-20', providerLaCode: '888' },
    ...overrides,
  };
}

const award = (weeklyPounds: number, la = '888') => ({ awardedOn: '2026-02-04', weeklyFeePence: weeklyPounds * 100, annualValuePence: weeklyPounds * 100 * 38, startDate: '2026-04-20', providerLaCode: la });
const noDeclines = { no_place: 0, needs_not_met: 0, peer_group: 0, age_or_sex: 0, other: 0 };

function input(requests: DashboardRequestFact[], kind: 'council' | 'regional' = 'council', extra: Partial<DashboardInput> = {}): DashboardInput {
  return {
    scope: kind === 'council' ? { kind: 'council', councilId: 1, councilName: 'Northshire' } : { kind: 'regional' },
    councils: new Map([
      [1, { name: 'Northshire', areaCodes: ['888'] }],
      [2, { name: 'Westbay', areaCodes: ['344'] }],
      [3, { name: 'Eastmere', areaCodes: [] }],
    ]),
    requests,
    providerResponses: [],
    declines: noDeclines,
    ...extra,
  };
}

describe('order statistics', () => {
  it('quartiles by the inclusive method, hand-computed', () => {
    // Sorted 100, 200, 300, 400, 500, 600: positions 1.25, 2.5, 3.75.
    expect(quartiles([600, 100, 400, 200, 500, 300])).toEqual({ q1: 225, median: 350, q3: 475 });
    expect(quartiles([7])).toEqual({ q1: 7, median: 7, q3: 7 });
    expect(quartiles([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 3, 4])).toBe(3); // 2.5 rounded half up
  });

  it('the median of a histogram equals the median of the values it counts', () => {
    const values = [0, 2, 2, 3, 5, 5, 5, 9];
    const histogram = [{ value: 0, count: 1 }, { value: 2, count: 2 }, { value: 3, count: 1 }, { value: 5, count: 3 }, { value: 9, count: 1 }];
    expect(medianOfHistogram(histogram)).toBe(median(values));
    expect(medianOfHistogram([{ value: 4, count: 3 }])).toBe(4);
    expect(medianOfHistogram([])).toBeNull();
  });
});

describe('council dashboard (exact figures)', () => {
  it('placements, fees, routes, timings, area and responses against hand-computed figures', () => {
    const f = computeDashboard(
      input(
        [
          fact({ award: award(3000) }),
          fact({ award: award(3200, '344') }),
          fact({ award: award(3400) }),
          fact({ lot: 3, need: 'SEMH', award: award(6000, '830'), submittedOn: '2026-01-01', referralsSentOn: '2026-01-21' }),
          fact({ route: 'maintained_special', status: 'closed', award: null, referralsSentOn: null, firstOfferOn: null }),
          fact({ route: 'spot_purchase', status: 'closed', award: null, referralsSentOn: null, firstOfferOn: null }),
          fact({ route: 'fps_call_off', status: 'evaluation', award: null }),
        ],
        'council',
        {
          providerResponses: [
            { providerId: 'P1', providerName: 'Larkfield', referred: 4, answered: 3, daysToAnswer: [{ value: 2, count: 1 }, { value: 6, count: 2 }] },
            { providerId: 'P2', providerName: 'Moorside', referred: 2, answered: 1, daysToAnswer: [{ value: 10, count: 1 }] },
          ],
          declines: { ...noDeclines, no_place: 2, needs_not_met: 1 },
        },
      ),
    );
    expect(f.protected).toBe(false);
    expect(f.requests).toBe(7);
    expect(f.placements).toBe(6); // 4 awards + 2 closed on other routes; the one in evaluation is not placed
    expect(f.placementsByLot).toEqual([{ lot: 1, placements: 5 }, { lot: 3, placements: 1 }]);
    expect(f.placementsByNeed).toEqual([{ need: 'ASD', placements: 5 }, { need: 'SEMH', placements: 1 }]);
    expect(f.placementsByCouncil).toEqual([]);
    const asd = f.fees.find((g) => g.lot === 1 && g.need === 'ASD')!;
    expect(asd).toEqual({ lot: 1, need: 'ASD', placements: 3, weekly: { q1: 310_000, median: 320_000, q3: 330_000 }, annual: { q1: 11_780_000, median: 12_160_000, q3: 12_540_000 } });
    // A council sees its own single SEMH placement's fee: it is its own data.
    expect(f.fees.find((g) => g.lot === 3)!.weekly).toEqual({ q1: 600_000, median: 600_000, q3: 600_000 });
    expect(f.routes).toEqual([{ family: 'fps', requests: 4 }, { family: 'spot', requests: 1 }, { family: 'maintained', requests: 1 }]);
    // Referral: 10, 10, 10, 20, 10 (the four placed and the one in evaluation) → 10.
    expect(f.timings.find((t) => t.stage === 'referral')).toEqual({ stage: 'referral', requests: 5, medianDays: 10 });
    // Award: 30 days for each of the four awards.
    expect(f.timings.find((t) => t.stage === 'award')).toEqual({ stage: 'award', requests: 4, medianDays: 30 });
    // In area: Northshire's area is 888; 344 and 830 are elsewhere.
    expect(f.area).toEqual({ inArea: 2, outOfArea: 2, areaNotSet: 0 });
    // 4 of 6 answered = 67%; days 2, 6, 6, 10 → median 6.
    expect(f.providerResponse).toMatchObject({ referred: 6, answered: 4, ratePct: 67, medianDays: 6 });
    expect(f.providerResponse.providers.map((p) => [p.providerName, p.referred, p.ratePct, p.medianDays])).toEqual([['Larkfield', 4, 75, 6], ['Moorside', 2, 50, 10]]);
    expect(f.declines).toEqual({ total: 3, byReason: [{ reason: 'no_place', label: 'No place or vacancy', offers: 2 }, { reason: 'needs_not_met', label: 'Cannot meet the needs', offers: 1 }] });
  });
});

describe('regional dashboard (protected figures)', () => {
  it('rounds counts to 5, suppresses under 5, and hides statistics of small groups', () => {
    const requests = [
      ...Array.from({ length: 12 }, (_, i) => fact({ councilId: 1, award: award(3000 + i * 100) })),
      ...Array.from({ length: 2 }, () => fact({ councilId: 2, lot: 3, need: 'SEMH', award: award(6000, '344') })),
      fact({ councilId: 3, award: award(2500) }),
    ];
    const f = computeDashboard(input(requests, 'regional'));
    expect(f.protected).toBe(true);
    expect(f.placements).toBe(15);
    expect(f.placementsByLot).toEqual([{ lot: 1, placements: 15 }, { lot: 3, placements: null }]); // 13 → 15, 2 → suppressed
    expect(f.placementsByCouncil).toEqual([
      { council: 'Eastmere', placements: null },
      { council: 'Northshire', placements: 10 }, // 12 → 10
      { council: 'Westbay', placements: null },
    ]);
    const asd = f.fees.find((g) => g.need === 'ASD')!;
    expect(asd.placements).toBe(15);
    expect(asd.weekly!.median).toBe(350_000); // 13 values 2500, 3000…4100: the 7th is 3500
    expect(f.fees.find((g) => g.need === 'SEMH')).toEqual({ lot: 3, need: 'SEMH', placements: null, weekly: null, annual: null });
    // In area: Northshire's 12 (888) and Westbay's 2 (344, its own area) = 14 → 15; Eastmere has no area set: 1 → suppressed.
    expect(f.area).toEqual({ inArea: 15, outOfArea: 0, areaNotSet: null });
  });
});

describe('dashboard filters (card answers are untrusted)', () => {
  const today = '2026-11-26';
  it('accepts the offered periods, lots and needs', () => {
    const keys = periodOptions(today).map((p) => p.key);
    expect(keys).toEqual(['12m', '24m', '36m', 'ay2026', 'ay2025', 'ay2024', 'all']);
    const ok = parseDashboardFilters({ period: 'ay2025', lot: '2', need: 'semh' }, today);
    expect(ok).toEqual({ ok: true, filters: { period: { key: 'ay2025', label: 'Academic year 2025/26', from: '2025-09-01', to: '2026-08-31' }, lot: 2, need: 'SEMH' } });
    expect(parseDashboardFilters({}, today)).toMatchObject({ ok: true, filters: { period: { key: '24m', from: '2024-11-27', to: today }, lot: null, need: null } });
  });
  it('refuses anything else with a message per field', () => {
    const bad = parseDashboardFilters({ period: '99y', lot: '9', need: 'XYZ' }, today);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['lot', 'need', 'period']);
    expect(parseDashboardFilters({ lot: '1; DROP TABLE' }, today).ok).toBe(false);
  });
});

describe('fee benchmark', () => {
  const distribution = { lot: 2 as const, need: 'SEMH' as const, from: '2024-11-27', to: '2026-11-26', weeklyPence: [300_000, 310_000, 320_000, 330_000, 340_000, 350_000], annualPence: [300_000, 310_000, 320_000, 330_000, 340_000, 350_000].map((w) => w * 38) };
  it('says where the offer stands against the regional median, with quartiles and a rounded n', () => {
    const b = computeFeeBenchmark(distribution, { weeklyFeePence: 370_000, annualCostPence: 370_000 * 38 });
    // Median (320,000 + 330,000) / 2 = 325,000; 370,000 is 13.8% above → 14%.
    expect(b).toMatchObject({ status: 'ok', placementsRounded: 5, weekly: { q1: 312_500, median: 325_000, q3: 337_500 }, weeklyDifferencePct: 14, annualDifferencePct: 14 });
    expect(b.text).toBe('£3,700/wk is 14% above the regional median for SEMH, 38-week residential (n ≈ 5, last 24 months): median £3,250/wk, middle half £3,125–£3,375. Annual cost £140,600 is 14% above the median of £123,500.');
    expect(computeFeeBenchmark(distribution, { weeklyFeePence: 300_000, annualCostPence: null }).text).toMatch(/^£3,000\/wk is 8% below the regional median/);
  });
  it('gives no figure under 5 placements', () => {
    const b = computeFeeBenchmark({ ...distribution, weeklyPence: [1, 2, 3, 4], annualPence: [1, 2, 3, 4] }, { weeklyFeePence: 370_000, annualCostPence: null });
    expect(b).toEqual({ status: 'insufficient', lot: 2, need: 'SEMH', from: distribution.from, to: distribution.to, text: 'Not enough regional data yet for SEMH, 38-week residential (fewer than 5 placements in the last 24 months).' });
  });
  it('covers the 24 months up to the day', () => {
    expect(benchmarkPeriod('2026-11-26')).toEqual({ from: '2024-11-27', to: '2026-11-26' });
  });
});

describe('reference rules', () => {
  it('maps a host authority named in the register to its DfE LA code, districts to their county', () => {
    expect(laCodeForAuthorityName('Cheshire West & Chester Council')).toBe('896');
    expect(laCodeForAuthorityName('St. Helens')).toBe('342');
    expect(laCodeForAuthorityName('Metropolitan Borough of Wigan')).toBe('359');
    expect(laCodeForAuthorityName('Lancaster')).toBe('888');
    expect(laCodeForAuthorityName('Westmorland and Furness')).toBe('943');
    expect(laCodeForAuthorityName('Northshire')).toBeNull();
    expect(laCodeForAuthorityName('')).toBeNull();
  });
  it('reads why a provider declined', () => {
    expect(declineReason('Sorry, we are full for September.')).toBe('no_place');
    expect(declineReason('We do not feel we could meet her needs.')).toBe('needs_not_met');
    expect(declineReason('The current peer group would not suit him.')).toBe('peer_group');
    expect(declineReason('She is outside our registered age range.')).toBe('age_or_sex');
    expect(declineReason('Thank you for thinking of us.')).toBe('other');
  });
});
