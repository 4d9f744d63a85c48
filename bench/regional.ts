import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeDatabase, MIGRATIONS_FOLDER, openDatabase, type Db } from '../src/db/client.js';
import { fixedClock } from '../src/domain/clock.js';
import { computeDashboard, defaultFilters, periodOptions } from '../src/domain/dashboard.js';
import { GENERATOR_VERSION } from '../src/domain/synthetic-history.js';
import { LOTS, NEED_CODES } from '../src/domain/reference-data.js';
import { buildDashboardInput } from '../src/services/regional/dashboard.js';
import { generateDemoHistory } from '../src/services/regional/demo-history.js';
import { feeBenchmarkFor } from '../src/services/regional/fee-benchmark.js';
import type { ServiceDeps } from '../src/services/deps.js';
import { createLogger } from '../src/logger.js';
import { loadConfig } from '../src/config.js';
import { rowOf, type Benchmark, type Progress, type Row } from './harness.js';

/**
 * The dashboards and the fee benchmark at the region's scale: 100,000 placements and about a million
 * offers, made by demo-history (seeded, so every run measures the same data). Building that database
 * takes a few minutes, so it is kept between runs in the system's temp folder, named after the generator
 * version and the migrations: a change to either builds it again.
 */

const PLACEMENTS = 100_000;
export const REFERRALS_PER_REQUEST = 19;
const TODAY = '2026-11-26';
export const REGIONAL_TODAY = TODAY;
/** A filter click is a Teams invoke: the new card must be back within Teams' 5 seconds. */
const DASHBOARD_BUDGET_MS = 5000;
/** Each row's own time cap, so one slow row cannot starve the next. */
const ROW_CAP_MS = 25_000;
const clock = fixedClock(`${TODAY}T10:00:00Z`);

function cachePath(placements = PLACEMENTS): string {
  const migrations = createHash('sha256').update(readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).sort().join('|')).digest('hex').slice(0, 12);
  return join(tmpdir(), 'placement-desk-bench', `regional-${GENERATOR_VERSION.replace(/\W/g, '-')}-${placements}-${migrations}.db`);
}

export function dashboardDeps(db: Db): ServiceDeps {
  return { db, clock, config: loadConfig({ LOG_LEVEL: 'silent' }), log: createLogger('silent') };
}

export async function prepareRegionalDatabase(progress: Progress, placements = PLACEMENTS): Promise<string> {
  const path = cachePath(placements);
  if (existsSync(path)) return path;
  mkdirSync(join(tmpdir(), 'placement-desk-bench'), { recursive: true });
  const building = `${path}.building`;
  rmSync(building, { force: true });
  const db = (await openDatabase(building));
  progress.note(`building the benchmark database (${placements.toLocaleString('en-GB')} placements), kept at ${path}`);
  const result = (await generateDemoHistory(dashboardDeps(db), { councils: 23, placements, years: 6, seed: 16, referralsPerRequest: REFERRALS_PER_REQUEST, progress }));
  if (!result.ok) throw new Error(result.message);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.exec('ANALYZE');
  (await closeDatabase(db));
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, path);
  progress.note(`built in ${result.seconds.toFixed(0)} s: ${result.placements.toLocaleString('en-GB')} placements, ${result.offers.toLocaleString('en-GB')} offers`);
  return path;
}

async function time(samples: number[], fn: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await fn();
  samples.push(performance.now() - started);
}

export const regionalBench: Benchmark = {
  title: `Dashboards and fee benchmark on ${PLACEMENTS.toLocaleString('en-GB')} placements / ~1,000,000 offers`,
  timeCapMs: 100_000,
  prepare: (progress) => prepareRegionalDatabase(progress),
  async run({ progress, deadline }) {
    const db = (await openDatabase(cachePath()));
    const d = dashboardDeps(db);
    try {
      const offers = db.$client.prepare('SELECT count(*) FROM offers').pluck().get() as number;
      const placed = db.$client.prepare('SELECT count(*) FROM placement_requests WHERE synthetic = 1').pluck().get() as number;
      if (placed !== PLACEMENTS || offers < 900_000) throw new Error(`benchmark database has ${placed} placements and ${offers} offers`);
      progress.note(`${placed.toLocaleString('en-GB')} placements, ${offers.toLocaleString('en-GB')} offers`);
      const largest = db.$client.prepare('SELECT council_id FROM placement_requests GROUP BY council_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as number;
      const rows: Row[] = [];
      const dashboardRow = async (name: string, scope: { kind: 'council'; councilId: number } | { kind: 'regional' }, period: string, iterations: number, check: (placements: number | null) => boolean) => {
        const filters = { ...defaultFilters(TODAY), period: periodOptions(TODAY).find((p) => p.key === period)! };
        const samples: number[] = [];
        let figures = computeDashboard((await buildDashboardInput(d, scope, filters))); // warm-up
        if (!check(figures.placements)) throw new Error(`${name}: unexpected placements ${figures.placements}`);
        const started = performance.now();
        const rowDeadline = Math.min(deadline, started + ROW_CAP_MS);
        for (let i = 0; i < iterations && performance.now() < rowDeadline; i++) {
          await time(samples, async () => (figures = computeDashboard((await buildDashboardInput(d, scope, filters)))));
          progress(i + 1, iterations);
        }
        rows.push(rowOf({ name, samplesMs: samples, units: samples.length, wallMs: performance.now() - started, throughputUnit: 'dashboards/s', budget: { kind: 'p95-below', ms: DASHBOARD_BUDGET_MS }, planned: iterations }));
      };
      (await dashboardRow('regional dashboard, last 24 months', { kind: 'regional' }, '24m', 5, (n) => (n ?? 0) > 20_000));
      (await dashboardRow('regional dashboard, all time', { kind: 'regional' }, 'all', 3, (n) => (n ?? 0) > 90_000));
      (await dashboardRow('largest council dashboard, last 24 months', { kind: 'council', councilId: largest }, '24m', 10, (n) => (n ?? 0) > 1_000));

      const samples: number[] = [];
      const started = performance.now();
      const iterations = 200;
      for (let i = 0; i < iterations && performance.now() < deadline; i++) {
        const lot = LOTS[i % LOTS.length]!;
        const need = NEED_CODES[i % NEED_CODES.length]!;
        let status = '';
        await time(samples, async () => (status = (await feeBenchmarkFor(d, { lot, need, weeklyFeePence: 350_000, annualCostPence: 13_300_000, asOf: TODAY }))!.status));
        if (status !== 'ok' && status !== 'insufficient') throw new Error('fee benchmark gave no answer');
      }
      const asd = (await feeBenchmarkFor(d, { lot: 1, need: 'ASD', weeklyFeePence: 350_000, annualCostPence: 13_300_000, asOf: TODAY }))!;
      if (asd.status !== 'ok') throw new Error('lot 1 ASD should have a benchmark');
      rows.push(rowOf({ name: 'fee benchmark (one offer, any lot × need)', samplesMs: samples, units: samples.length, wallMs: performance.now() - started, throughputUnit: 'benchmarks/s', budget: { kind: 'p95-below', ms: 200 }, planned: iterations }));
      return rows;
    } finally {
      (await closeDatabase(db));
    }
  },
};
