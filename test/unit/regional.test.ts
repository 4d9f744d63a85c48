import { describe, expect, it } from 'vitest';
import { computeRegionalFigures, median, suppress, type RequestFacts } from '../../src/domain/regional.js';

function facts(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    council: 'Northshire',
    lot: 1,
    need: 'ASD',
    route: 'fps_call_off',
    submittedOn: '2026-11-02',
    referralsSentOn: '2026-11-12',
    firstOfferOn: '2026-11-19',
    awardedOn: '2026-12-01',
    award: { weeklyFeePence: 300_000, annualValuePence: 11_400_000, startDate: '2027-09-07', inArea: true },
    providersReferred: 2,
    providersReplied: 1,
    responseDays: [7],
    declines: 0,
    ...overrides,
  };
}

describe('regional figures', () => {
  it('medians and small-number suppression', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 3, 4])).toBe(3); // (2 + 3) / 2 rounded
    expect(suppress(0)).toBe(0);
    expect(suppress(1)).toBeNull();
    expect(suppress(2)).toBeNull();
    expect(suppress(3)).toBe(3);
  });

  it('counts placements, fees, routes, timings and responses, hiding groups under 3', () => {
    const all = [
      facts({ award: { weeklyFeePence: 300_000, annualValuePence: 11_400_000, startDate: '2027-09-07', inArea: true } }),
      facts({ council: 'Westbay', award: { weeklyFeePence: 340_000, annualValuePence: 12_920_000, startDate: '2027-09-07', inArea: false } }),
      facts({ award: { weeklyFeePence: 320_000, annualValuePence: 12_160_000, startDate: '2027-09-07', inArea: true }, declines: 1 }),
      facts({ lot: 3, need: 'SEMH', award: { weeklyFeePence: 600_000, annualValuePence: 31_200_000, startDate: '2027-09-07', inArea: true } }),
      facts({ route: 'maintained_special', referralsSentOn: null, firstOfferOn: null, awardedOn: null, award: null, providersReferred: 0, providersReplied: 0, responseDays: [] }),
    ];
    const f = computeRegionalFigures(all);
    expect(f.requests).toBe(5);
    expect(f.placements).toBe(4);
    expect(f.placementsByLot).toEqual([{ lot: 1, placements: 3 }, { lot: 3, placements: null }]);
    expect(f.placementsByCouncil).toEqual([{ council: 'Northshire', placements: 3 }, { council: 'Westbay', placements: null }]);
    const asd = f.fees.find((x) => x.lot === 1 && x.need === 'ASD')!;
    expect(asd).toMatchObject({ placements: 3, meanWeeklyPence: 320_000, medianWeeklyPence: 320_000, medianAnnualPence: 12_160_000 });
    const semh = f.fees.find((x) => x.lot === 3)!;
    expect(semh).toMatchObject({ placements: null, meanWeeklyPence: null, medianAnnualPence: null });
    expect(f.routes).toEqual([{ route: 'fps_call_off', requests: 4 }, { route: 'maintained_special', requests: null }]);
    expect(f.timings.find((t) => t.stage === 'referral')).toMatchObject({ requests: 4, medianDays: 10 });
    expect(f.timings.find((t) => t.stage === 'award')).toMatchObject({ requests: 4, medianDays: 29 });
    expect(f.providerResponse).toEqual({ referred: 8, replied: 4, rate: 50, medianDays: 7 });
    expect(f.inArea).toBe(3);
    expect(f.outOfArea).toBeNull();
    expect(f.declines).toBe(1);
  });

  it('copes with no data at all', () => {
    const f = computeRegionalFigures([]);
    expect(f).toMatchObject({ requests: 0, placements: 0, placementsByLot: [], fees: [], inArea: 0, outOfArea: 0 });
    expect(f.providerResponse.rate).toBeNull();
  });
});
