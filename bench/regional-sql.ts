import { performance } from 'node:perf_hooks';
import { closeDatabase, openDatabase, type Db } from '../src/db/client.js';
import { computeDashboard, defaultFilters, periodOptions, type DashboardFigures } from '../src/domain/dashboard.js';
import { protectedCount } from '../src/domain/disclosure.js';
import { benchmarkPeriod } from '../src/domain/fee-benchmark.js';
import { LOTS, NEED_CODES } from '../src/domain/reference-data.js';
import { buildDashboardInput } from '../src/services/regional/dashboard.js';
import { feeBenchmarkFor } from '../src/services/regional/fee-benchmark.js';
import { median, sideBySide, type Comparison, type ComparisonBenchmark, type Figures, type Progress } from './harness.js';
import { dashboardDeps, prepareRegionalDatabase, REFERRALS_PER_REQUEST, REGIONAL_TODAY } from './regional.js';
import { generateDemoHistory } from '../src/services/regional/demo-history.js';
import { dropTestDatabase, newTestDatabase } from '../test/support/test-database.js';

/**
 * The regional dashboard and the fee benchmark side by side with the same aggregates written as one
 * hand-tuned SQL statement each (window functions for the quartiles, the indexes the product has), on
 * the same synthetic database (SQLite), in interleaved rounds. The product's side is what a Teams click
 * runs: its repository queries, then computeDashboard / computeFeeBenchmark in JavaScript. Each baseline
 * is checked against the product's figures before it is timed, so it cannot be fast by computing less
 * than it claims.
 */

const PLACEMENTS = { full: 100_000, quick: 5_000 };
/** A click must come back well within Teams' 5 s; the issue asks these reads for under 300 ms. */
const TARGET_MS = 300;

/** What the hand-tuned statements spell differently on SQLite and PostgreSQL. */
interface Dialect {
  /** The n-th parameter (1-based). */
  param(n: number): string;
  /** Whole days from one date (YYYY-MM-DD) to another. */
  days(from: string, to: string): string;
  atLeastZero(x: string): string;
  /** Rounds a non-negative number down to an integer. */
  floorInt(x: string): string;
  object: string;
  groupObject: string;
  groupArray: string;
  /** A JSON value made by a subquery, embedded as JSON (not as a string). */
  embed(x: string): string;
  isFalse(column: string): string;
  /** A column compared without letting SQLite drive the query by its index. */
  noIndex(column: string): string;
}

const SQLITE: Dialect = {
  param: () => '?',
  days: (from, to) => `CAST(julianday(${to}) - julianday(${from}) AS INTEGER)`,
  atLeastZero: (x) => `max(0, ${x})`,
  floorInt: (x) => `CAST(${x} AS INTEGER)`,
  object: 'json_object',
  groupObject: 'json_group_object',
  groupArray: 'json_group_array',
  embed: (x) => `json(${x})`,
  isFalse: (column) => `${column} = 0`,
  noIndex: (column) => `+${column}`,
};

const POSTGRES: Dialect = {
  param: (n) => `$${n}`,
  days: (from, to) => `(${to}::date - ${from}::date)`,
  atLeastZero: (x) => `GREATEST(0, ${x})`,
  floorInt: (x) => `CAST(floor(${x}) AS INTEGER)`,
  object: 'json_build_object',
  groupObject: 'json_object_agg',
  groupArray: 'json_agg',
  embed: (x) => x,
  isFalse: (column) => `${column} = false`,
  noIndex: (column) => column,
};

/**
 * The type-7 (Excel QUARTILE.INC) quantile p of `v` over rows numbered `i` = 0… within a group of `c`,
 * rounded half away from zero: src/domain/statistics.ts in SQL, for an aggregate over the group's rows
 * (grouped by `c` too, which is the same on every row of a group).
 */
function quantile(d: Dialect, v: string, i: string, c: string, p: number): string {
  const pos = `((${c} - 1) * ${p})`;
  const lo = d.floorInt(pos);
  const below = `max(CASE WHEN ${i} = ${lo} THEN ${v} END)`;
  const above = `max(CASE WHEN ${i} = ${lo} + CAST(${pos} > ${lo} AS INTEGER) THEN ${v} END)`;
  return `CAST(round(${below} + (${above} - ${below}) * (${pos} - ${lo})) AS INTEGER)`;
}
const quartileJson = (d: Dialect, v: string, i: string, c: string) =>
  `${d.object}('q1', ${quantile(d, v, i, c, 0.25)}, 'median', ${quantile(d, v, i, c, 0.5)}, 'q3', ${quantile(d, v, i, c, 0.75)})`;

/** Every figure of the dashboard that SQL can make, for the requests submitted in [from, before) (parameters 1 and 2), as one JSON row. */
function dashboardSql(d: Dialect): string {
  const [from, before] = d === SQLITE ? ['?', '?'] : ['$1', '$2'];
  const day = (x: string) => `substr(${x}, 1, 10)`;
  return `
WITH req AS MATERIALIZED (
  SELECT pr.id, pr.council_id, pr.lot, pr.primary_need AS need, pr.chosen_route AS route, pr.status, ${day('pr.submitted_at')} AS submitted_on,
         ${day('s.sent_at')} AS sent_on, a.id AS award_id, ${day('a.created_at')} AS awarded_on, a.start_date, a.weekly_fee_pence AS weekly, a.annual_value_pence AS annual,
         a.provider_id AS award_provider,
         (SELECT ${day('min(r.created_at)')} FROM provider_replies r WHERE r.request_id = pr.id AND r.kind = 'offer') AS first_offer_on
    FROM placement_requests pr
    LEFT JOIN shortlists s ON s.request_id = pr.id
    LEFT JOIN awards a ON a.request_id = pr.id
   WHERE pr.status NOT IN ('draft', 'cancelled') AND pr.submitted_at IS NOT NULL AND pr.submitted_at >= ${from} AND pr.submitted_at < ${before}),
placed AS (SELECT * FROM req WHERE award_id IS NOT NULL OR (status = 'closed' AND route IS NOT NULL AND route <> 'fps_call_off')),
fees AS (
  SELECT lot, need, weekly, annual, count(*) OVER g AS c,
         row_number() OVER (g ORDER BY weekly) - 1 AS wi, row_number() OVER (g ORDER BY annual) - 1 AS ai
    FROM req WHERE award_id IS NOT NULL AND lot IS NOT NULL AND need IS NOT NULL
  WINDOW g AS (PARTITION BY lot, need)),
stage_days AS (
  SELECT 'referral' AS stage, ${d.days('submitted_on', 'sent_on')} AS d FROM req WHERE sent_on IS NOT NULL
  UNION ALL SELECT 'first_offer', ${d.days('submitted_on', 'first_offer_on')} FROM req WHERE first_offer_on IS NOT NULL
  UNION ALL SELECT 'award', ${d.days('submitted_on', 'awarded_on')} FROM req WHERE awarded_on IS NOT NULL
  UNION ALL SELECT 'start', ${d.days('submitted_on', 'start_date')} FROM req WHERE start_date IS NOT NULL),
stages AS (SELECT stage, d, count(*) OVER (PARTITION BY stage) AS c, row_number() OVER (PARTITION BY stage ORDER BY d) - 1 AS i FROM stage_days),
answers AS MATERIALIZED (
  SELECT r.provider_id, CASE WHEN min(r.responded_at) IS NULL THEN NULL ELSE ${d.atLeastZero(d.days(day('min(r.sent_at)'), day('min(r.responded_at)')))} END AS d
    FROM placement_requests pr JOIN referrals r ON r.request_id = pr.id
   -- SQLite: +submitted_at reads the requests in id order (not through the date index), so the GROUP BY streams without a sort
   WHERE pr.status NOT IN ('draft', 'cancelled') AND pr.submitted_at IS NOT NULL AND ${d.noIndex('pr.submitted_at')} >= ${from} AND ${d.noIndex('pr.submitted_at')} < ${before} AND r.sent_at IS NOT NULL
   GROUP BY pr.id, r.provider_id),
answered AS (SELECT d, count(*) OVER () AS c, row_number() OVER (ORDER BY d) - 1 AS i FROM answers WHERE d IS NOT NULL),
by_provider AS (SELECT provider_id, count(*) AS referred, count(d) AS answered FROM answers GROUP BY provider_id),
declines AS (
  SELECT rp.reply_text AS text, o.conditions, count(*) AS n
    FROM req JOIN offers o ON o.request_id = req.id AND ${d.isFalse('o.can_meet_needs')} AND ${d.isFalse('o.withdrawn')} AND o.superseded_at IS NULL
    JOIN provider_replies rp ON rp.id = o.reply_id
   GROUP BY rp.reply_text, o.conditions)
SELECT ${d.object}(
  'requests', (SELECT count(*) FROM req),
  'placements', (SELECT count(*) FROM placed),
  'byLot', (SELECT ${d.groupObject}(lot, n) FROM (SELECT lot, count(*) AS n FROM placed WHERE lot IS NOT NULL GROUP BY lot) x),
  'byNeed', (SELECT ${d.groupObject}(need, n) FROM (SELECT need, count(*) AS n FROM placed WHERE need IS NOT NULL GROUP BY need) x),
  'byCouncil', (SELECT ${d.groupObject}(c.name, n) FROM (SELECT council_id, count(*) AS n FROM placed GROUP BY council_id) p JOIN councils c ON c.id = p.council_id),
  'byRoute', (SELECT ${d.groupObject}(coalesce(route, 'fps'), n) FROM (SELECT route, count(*) AS n FROM placed GROUP BY route) x),
  'fees', (SELECT ${d.groupArray}(${d.object}('lot', lot, 'need', need, 'n', c, 'weekly', ${d.embed('weekly')}, 'annual', ${d.embed('annual')})) FROM (
     SELECT lot, need, c, ${quartileJson(d, 'weekly', 'wi', 'c')} AS weekly, ${quartileJson(d, 'annual', 'ai', 'c')} AS annual FROM fees GROUP BY lot, need, c) x),
  'stages', (SELECT ${d.groupObject}(stage, ${d.object}('n', c, 'median', m)) FROM (SELECT stage, c, ${quantile(d, 'd', 'i', 'c', 0.5)} AS m FROM stages GROUP BY stage, c) x),
  'referred', (SELECT count(*) FROM answers),
  'answered', (SELECT count(*) FROM answers WHERE d IS NOT NULL),
  'answerMedianDays', (SELECT ${quantile(d, 'd', 'i', 'c', 0.5)} FROM answered GROUP BY c),
  'providers', (SELECT ${d.groupArray}(${d.object}('provider', p.name, 'referred', b.referred, 'answered', b.answered)) FROM by_provider b JOIN providers p ON p.id = b.provider_id),
  'areas', (SELECT ${d.groupArray}(${d.object}('council', council_id, 'host', host, 'n', n)) FROM (
     SELECT req.council_id, p.host_authority AS host, count(*) AS n FROM req JOIN providers p ON p.id = req.award_provider GROUP BY req.council_id, p.host_authority) x),
  'declines', (SELECT ${d.groupArray}(${d.object}('text', text, 'conditions', conditions, 'n', n)) FROM declines)
) AS figures`;
}

/** The fee benchmark's distribution reduced in SQL (parameters: lot, from, before, need): how many awards, and their weekly and annual quartiles. */
function feeSql(d: Dialect): string {
  return `
WITH f AS (
  SELECT a.weekly_fee_pence AS weekly, a.annual_value_pence AS annual
    FROM awards a JOIN placement_requests pr ON pr.id = a.request_id
   WHERE a.lot = ${d.param(1)} AND a.created_at >= ${d.param(2)} AND a.created_at < ${d.param(3)} AND pr.primary_need = ${d.param(4)}),
ranked AS (SELECT weekly, annual, count(*) OVER () AS c, row_number() OVER (ORDER BY weekly) - 1 AS wi, row_number() OVER (ORDER BY annual) - 1 AS ai FROM f)
SELECT c AS n, ${quartileJson(d, 'weekly', 'wi', 'c')} AS weekly, ${quartileJson(d, 'annual', 'ai', 'c')} AS annual FROM ranked GROUP BY c`;
}

interface SqlDashboard {
  requests: number;
  placements: number;
  fees: Array<{ lot: number; need: string; n: number; weekly: { q1: number; median: number; q3: number }; annual: { q1: number; median: number; q3: number } }>;
  stages: Record<string, { n: number; median: number }>;
  referred: number;
  answered: number;
  answerMedianDays: number | null;
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The baseline must give the product's figures (after the regional rounding) before either is timed. */
function checkDashboard(ours: DashboardFigures, sql: SqlDashboard): void {
  const fail = (what: string, a: unknown, b: unknown) => {
    throw new Error(`regional dashboard baseline disagrees with the product on ${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  };
  if (ours.requests !== protectedCount(sql.requests)) fail('requests', ours.requests, sql.requests);
  if (ours.placements !== protectedCount(sql.placements)) fail('placements', ours.placements, sql.placements);
  for (const group of ours.fees) {
    const theirs = sql.fees.find((f) => f.lot === group.lot && f.need === group.need);
    if (!theirs || group.placements !== protectedCount(theirs.n)) fail(`fees ${group.lot} ${group.need}`, group.placements, theirs?.n);
    if (group.weekly && JSON.stringify(group.weekly) !== JSON.stringify(theirs!.weekly)) fail(`weekly quartiles ${group.lot} ${group.need}`, group.weekly, theirs!.weekly);
    if (group.annual && JSON.stringify(group.annual) !== JSON.stringify(theirs!.annual)) fail(`annual quartiles ${group.lot} ${group.need}`, group.annual, theirs!.annual);
  }
  for (const t of ours.timings) if (t.medianDays !== null && t.medianDays !== sql.stages[t.stage]?.median) fail(`median days to ${t.stage}`, t.medianDays, sql.stages[t.stage]);
  if (ours.providerResponse.referred !== protectedCount(sql.referred)) fail('providers referred', ours.providerResponse.referred, sql.referred);
  if (ours.providerResponse.answered !== protectedCount(sql.answered)) fail('providers answered', ours.providerResponse.answered, sql.answered);
  if (ours.providerResponse.medianDays !== sql.answerMedianDays) fail('median days to answer', ours.providerResponse.medianDays, sql.answerMedianDays);
}

/** Times `times` calls of fn; the figures are calls per second and the median call in milliseconds. */
async function timed(times: number, fn: (i: number) => Promise<unknown> | unknown): Promise<Figures> {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return { throughput: (times * 1000) / (performance.now() - started), ms: median(samples) };
}

const metrics = (unit: string) => [
  { metric: 'throughput', unit, better: 'higher' as const, targetRatio: 0.5 },
  { metric: 'ms', unit: 'ms', better: 'lower' as const },
];

/** A history of this size on PostgreSQL, built in each run (the bench's PostgreSQL server lives for one run). */
const PG_PLACEMENTS = { full: 5_000, quick: 1_000 };

/** The demo history in a new database on the bench's PostgreSQL server; dropped when the row is done. */
async function preparePgHistory(progress: Progress, placements: number): Promise<string> {
  const location = await newTestDatabase('');
  const db = await openDatabase(location);
  try {
    progress.note(`building the benchmark history on PostgreSQL (${placements.toLocaleString('en-GB')} placements; built in every run)`);
    const result = await generateDemoHistory(dashboardDeps(db), { councils: 23, placements, years: 6, seed: 16, referralsPerRequest: REFERRALS_PER_REQUEST, progress });
    if (!result.ok) throw new Error(result.message);
    await db.$pool!.query('ANALYZE');
    progress.note(`built in ${result.seconds.toFixed(0)} s: ${result.offers.toLocaleString('en-GB')} offers`);
  } finally {
    await closeDatabase(db);
  }
  return location;
}

/** The two baselines as statements prepared once on the database, whichever backend it is. */
function baselineStatements(db: Db) {
  const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  if (db.$dialect === 'pg') {
    const pool = db.$pool!;
    const dashboard = dashboardSql(POSTGRES);
    const fee = feeSql(POSTGRES);
    return {
      dashboard: async (from: string, before: string) => parsed<SqlDashboard>((await pool.query({ name: 'bench-dashboard', text: dashboard, values: [from, before] })).rows[0].figures),
      fee: async (lot: number, from: string, before: string, need: string) => {
        const row = (await pool.query({ name: 'bench-fee', text: fee, values: [lot, from, before, need] })).rows[0] as { n: string | number; weekly: unknown } | undefined;
        return { n: Number(row?.n ?? 0), weeklyMedian: row ? parsed<{ median: number }>(row.weekly).median : null };
      },
    };
  }
  const dashboard = db.$client.prepare(dashboardSql(SQLITE)).pluck();
  const fee = db.$client.prepare(feeSql(SQLITE));
  return {
    dashboard: (from: string, before: string) => Promise.resolve(parsed<SqlDashboard>(dashboard.get(from, before, from, before))),
    fee: (lot: number, from: string, before: string, need: string) => {
      const row = fee.get(lot, from, before, need) as { n: number; weekly: string } | undefined;
      return Promise.resolve({ n: row?.n ?? 0, weeklyMedian: row ? parsed<{ median: number }>(row.weekly).median : null });
    },
  };
}

export const regionalSql: ComparisonBenchmark = {
  title: 'Dashboards and fee benchmark against one hand-tuned SQL statement',
  usesDatabase: true,
  async run({ quick, backend, progress }): Promise<Comparison[]> {
    const pg = backend === 'pg';
    const placements = pg ? (quick ? PG_PLACEMENTS.quick : PG_PLACEMENTS.full) : quick ? PLACEMENTS.quick : PLACEMENTS.full;
    const location = pg ? await preparePgHistory(progress, placements) : await prepareRegionalDatabase(progress, placements);
    const db: Db = await openDatabase(location);
    const d = dashboardDeps(db);
    const size = `${placements.toLocaleString('en-GB')} placements`;
    const out: Comparison[] = [];
    try {
      const statements = baselineStatements(db);
      const filters = { ...defaultFilters(REGIONAL_TODAY), period: periodOptions(REGIONAL_TODAY).find((p) => p.key === '24m')! };
      const from = filters.period.from!;
      const before = nextDay(filters.period.to);
      const ours = async () => computeDashboard(await buildDashboardInput(d, { kind: 'regional' }, filters));
      const baseline = () => statements.dashboard(from, before);
      checkDashboard(await ours(), await baseline());
      const perRound = quick ? 2 : 3;
      out.push(
        ...(await sideBySide({
          path: `regional dashboard, 24 months, ${size}`,
          baselineLabel: 'one SQL statement (CTEs, window-function quartiles) → JSON',
          rounds: 5,
          metrics: metrics('dashboards/s'),
          ours: () => timed(perRound, ours),
          baseline: () => timed(perRound, baseline),
          progress,
        })),
      );

      const period = benchmarkPeriod(REGIONAL_TODAY);
      const groups = LOTS.flatMap((lot) => NEED_CODES.map((need) => ({ lot, need })));
      const oursFee = (i: number) => {
        const g = groups[i % groups.length]!;
        return feeBenchmarkFor(d, { lot: g.lot, need: g.need, weeklyFeePence: 350_000, annualCostPence: 13_300_000, asOf: REGIONAL_TODAY });
      };
      const baselineFee = (i: number) => {
        const g = groups[i % groups.length]!;
        return statements.fee(g.lot, period.from, nextDay(period.to), g.need);
      };
      for (let i = 0; i < groups.length; i++) {
        const product = (await oursFee(i))!;
        const sql = await baselineFee(i);
        if (product.status === 'ok' && (product.weekly.median !== sql.weeklyMedian || product.placementsRounded !== protectedCount(sql.n))) {
          throw new Error(`fee benchmark baseline disagrees with the product for lot ${groups[i]!.lot} ${groups[i]!.need}`);
        }
      }
      out.push(
        ...(await sideBySide({
          path: `fee benchmark, one offer (each lot × need in turn), ${size}`,
          baselineLabel: 'one SQL statement (window-function quartiles)',
          rounds: 5,
          metrics: metrics('benchmarks/s'),
          ours: () => timed(groups.length * 2, oursFee),
          baseline: () => timed(groups.length * 2, baselineFee),
          progress,
        })),
      );
      for (const c of out.filter((o) => o.metric === 'ms')) progress.note(`${c.path}: ours ${c.ours.toFixed(1)} ms (median), ${c.ours < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target`);
      return out;
    } finally {
      await closeDatabase(db);
      if (pg) await dropTestDatabase(location);
    }
  },
};
