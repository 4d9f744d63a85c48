import { describe, expect, it } from 'vitest';
import { computeDashboard, periodOptions, type DashboardFilters, type DashboardInput, type DashboardRequestFact } from '../../src/domain/dashboard.js';
import { protectedCount, SUPPRESSION_THRESHOLD, type Count } from '../../src/domain/disclosure.js';
import type { Lot, NeedCode } from '../../src/domain/reference-data.js';

/**
 * The differencing attack, run for real. An analyst at Northshire (council 1) knows Northshire's exact
 * figures and reads every regional dashboard the product offers for a set of filters (two periods, each
 * lot, each need, and their combinations). They combine them the standard ways: a table's cells add up to
 * its total; a lot's cells add up to the all-lots figure; a need's to the all-needs figure; a longer
 * period holds a shorter one plus the months between. The attacker narrows each cell's possible range
 * from those relations until nothing changes (interval propagation). A suppressed cell of another council
 * is recovered if its range shrinks to one value.
 */

const TODAY = '2026-11-26';
const RECENT = '2026-06-01'; // inside the last 12 months
const OLDER = '2025-06-01'; // inside the last 24, not the last 12

const COUNCILS = [1, 2, 3] as const;
const LOTS_USED: Lot[] = [1, 2, 3];
const NEEDS_USED: NeedCode[] = ['ASD', 'SEMH'];

/** council, lot, need, submitted on, how many placements */
const PLACEMENTS: Array<[number, Lot, NeedCode, string, number]> = [
  [1, 1, 'ASD', RECENT, 7], [1, 1, 'ASD', OLDER, 5], [1, 2, 'SEMH', RECENT, 6], [1, 3, 'SEMH', OLDER, 5],
  [2, 1, 'ASD', RECENT, 4], [2, 1, 'ASD', OLDER, 3], [2, 3, 'SEMH', RECENT, 2],
  [3, 1, 'SEMH', RECENT, 8], [3, 2, 'ASD', OLDER, 3],
];

function facts(): DashboardRequestFact[] {
  return PLACEMENTS.flatMap(([councilId, lot, need, submittedOn, n]) =>
    Array.from({ length: n }, (_, i) => ({
      councilId, lot, need, route: 'fps_call_off' as const, status: 'placed', synthetic: false, submittedOn, referralsSentOn: null, firstOfferOn: null,
      award: { awardedOn: submittedOn, weeklyFeePence: 300_000 + i * 1000, annualValuePence: (300_000 + i * 1000) * 38, startDate: submittedOn, providerLaCode: null },
    })),
  );
}

type Period = '12m' | '24m';
type LotKey = Lot | 'any';
type NeedKey = NeedCode | 'any';
type CouncilKey = number | 'all';
const key = (p: Period, l: LotKey, n: NeedKey, c: CouncilKey) => `${p}|${l}|${n}|${c}`;

interface Interval { lo: number; hi: number }

/** What a published count tells the attacker. */
function intervalOf(published: Count, rounded: boolean): Interval {
  if (published === null) return { lo: 1, hi: SUPPRESSION_THRESHOLD - 1 };
  if (!rounded || published === 0) return { lo: published, hi: published };
  return { lo: Math.max(SUPPRESSION_THRESHOLD, published - 2), hi: published + 2 };
}

function filtersFor(p: Period, l: LotKey, n: NeedKey): DashboardFilters {
  return { period: periodOptions(TODAY).find((x) => x.key === p)!, lot: l === 'any' ? null : l, need: n === 'any' ? null : n };
}

function inFilter(f: DashboardRequestFact, filters: DashboardFilters): boolean {
  return (filters.period.from === null || f.submittedOn >= filters.period.from) && f.submittedOn <= filters.period.to && (filters.lot === null || f.lot === filters.lot) && (filters.need === null || f.need === filters.need);
}

const councils = new Map(COUNCILS.map((c) => [c, { name: `Council ${c}`, areaCodes: [] as string[] }]));

/** Everything the attacker reads, as one interval per cell. */
function publishedKnowledge(publish: (filters: DashboardFilters, requests: DashboardRequestFact[]) => { total: Count; byCouncil: Map<number, Count> }, rounded: boolean): Map<string, Interval> {
  const all = facts();
  const known = new Map<string, Interval>();
  for (const p of ['12m', '24m'] as const)
    for (const l of ['any', ...LOTS_USED] as LotKey[])
      for (const n of ['any', ...NEEDS_USED] as NeedKey[]) {
        const filters = filtersFor(p, l, n);
        const requests = all.filter((f) => inFilter(f, filters));
        const table = publish(filters, requests);
        known.set(key(p, l, n, 'all'), intervalOf(table.total, rounded));
        for (const c of COUNCILS) known.set(key(p, l, n, c), intervalOf(table.byCouncil.has(c) ? table.byCouncil.get(c)! : 0, rounded));
        // The attacker's own council, exactly (its own dashboard).
        const own = requests.filter((f) => f.councilId === 1).length;
        known.set(key(p, l, n, 1), { lo: own, hi: own });
      }
  return known;
}

/** The attacker: interval propagation over every additive relation between the published cells. */
function attack(known: Map<string, Interval>): Map<string, Interval> {
  const iv = new Map([...known].map(([k, v]) => [k, { ...v }]));
  const relations: Array<{ total: string; parts: string[] }> = [];
  for (const p of ['12m', '24m'] as const) {
    for (const l of ['any', ...LOTS_USED] as LotKey[])
      for (const n of ['any', ...NEEDS_USED] as NeedKey[]) relations.push({ total: key(p, l, n, 'all'), parts: COUNCILS.map((c) => key(p, l, n, c)) });
    for (const c of ['all', ...COUNCILS] as CouncilKey[]) {
      for (const n of ['any', ...NEEDS_USED] as NeedKey[]) relations.push({ total: key(p, 'any', n, c), parts: LOTS_USED.map((l) => key(p, l, n, c)) });
      for (const l of ['any', ...LOTS_USED] as LotKey[]) relations.push({ total: key(p, l, 'any', c), parts: NEEDS_USED.map((n) => key(p, l, n, c)) });
    }
  }
  // The months between the two periods are never published: an unknown, non-negative cell each.
  for (const l of ['any', ...LOTS_USED] as LotKey[])
    for (const n of ['any', ...NEEDS_USED] as NeedKey[])
      for (const c of ['all', ...COUNCILS] as CouncilKey[]) {
        const between = `between|${l}|${n}|${c}`;
        iv.set(between, { lo: 0, hi: 10_000 });
        relations.push({ total: key('24m', l, n, c), parts: [key('12m', l, n, c), between] });
      }
  for (let changed = true, rounds = 0; changed && rounds < 200; rounds++) {
    changed = false;
    const tighten = (k: string, lo: number, hi: number) => {
      const cur = iv.get(k)!;
      if (lo > cur.lo || hi < cur.hi) {
        iv.set(k, { lo: Math.max(cur.lo, lo), hi: Math.min(cur.hi, hi) });
        changed = true;
      }
    };
    for (const { total, parts } of relations) {
      const t = iv.get(total)!;
      const ps = parts.map((p) => iv.get(p)!);
      const sumLo = ps.reduce((s, x) => s + x.lo, 0);
      const sumHi = ps.reduce((s, x) => s + x.hi, 0);
      tighten(total, sumLo, sumHi);
      parts.forEach((p, i) => tighten(p, t.lo - (sumHi - ps[i]!.hi), t.hi - (sumLo - ps[i]!.lo)));
    }
  }
  return iv;
}

/** Cells of other councils that were suppressed (1 to 4 placements), with their true values. */
function suppressedCells(): Array<{ cell: string; truth: number }> {
  const all = facts();
  const cells: Array<{ cell: string; truth: number }> = [];
  for (const p of ['12m', '24m'] as const)
    for (const l of ['any', ...LOTS_USED] as LotKey[])
      for (const n of ['any', ...NEEDS_USED] as NeedKey[])
        for (const c of [2, 3]) {
          const truth = all.filter((f) => f.councilId === c && inFilter(f, filtersFor(p, l, n))).length;
          if (truth > 0 && truth < SUPPRESSION_THRESHOLD) cells.push({ cell: key(p, l, n, c), truth });
        }
  return cells;
}

describe('protection against differencing', () => {
  it('primary suppression alone is not enough: the attacker recovers suppressed cells from exact totals', () => {
    const naive = publishedKnowledge((_filters, requests) => {
      const suppress = (n: number): Count => (n > 0 && n < SUPPRESSION_THRESHOLD ? null : n);
      return { total: suppress(requests.length), byCouncil: new Map(COUNCILS.map((c) => [c, suppress(requests.filter((f) => f.councilId === c).length)])) };
    }, false);
    const result = attack(naive);
    const recovered = suppressedCells().filter(({ cell, truth }) => result.get(cell)!.lo === truth && result.get(cell)!.hi === truth);
    // e.g. council 2's lot 3 SEMH placements (2): its total minus its lot 1 figure, both exact.
    expect(recovered.map((r) => r.cell)).toContain(key('24m', 3, 'SEMH', 2));
    expect(recovered.length).toBeGreaterThan(3);
  });

  it('with the regional dashboard as published, no suppressed cell of another council can be pinned down', () => {
    const published = publishedKnowledge((filters, requests) => {
      const input: DashboardInput = { scope: { kind: 'regional' }, councils, requests, providerResponses: [], declines: { no_place: 0, needs_not_met: 0, peer_group: 0, age_or_sex: 0, other: 0 } };
      const figures = computeDashboard(input);
      expect(filters.period.to).toBe(TODAY);
      return { total: figures.placements, byCouncil: new Map(figures.placementsByCouncil.map((c) => [Number(c.council.replace('Council ', '')), c.placements])) };
    }, true);
    const result = attack(published);
    const cells = suppressedCells();
    expect(cells.length).toBeGreaterThan(5);
    for (const { cell, truth } of cells) {
      const range = result.get(cell)!;
      expect(range.lo, cell).toBeLessThanOrEqual(truth);
      expect(range.hi, cell).toBeGreaterThanOrEqual(truth);
      expect(range.hi - range.lo, `${cell} narrowed to ${range.lo}..${range.hi}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('rounding: 0 stays 0, 1–4 are suppressed, the rest go to the nearest 5', () => {
    expect([0, 1, 4, 5, 7, 8, 12, 13, 41].map(protectedCount)).toEqual([0, null, null, 5, 5, 10, 10, 15, 40]);
  });
});
