import { performance } from 'node:perf_hooks';
import { closeDatabase, openDatabase, type Db } from '../src/db/client.js';
import { computeDashboard, defaultFilters, periodOptions, type DashboardFigures } from '../src/domain/dashboard.js';
import { protectedCount } from '../src/domain/disclosure.js';
import { benchmarkPeriod } from '../src/domain/fee-benchmark.js';
import { LOTS, NEED_CODES } from '../src/domain/reference-data.js';
import { buildDashboardInput } from '../src/services/regional/dashboard.js';
import { feeBenchmarkFor } from '../src/services/regional/fee-benchmark.js';
import { median, sideBySide, type Comparison, type ComparisonBenchmark, type Figures } from './harness.js';
import { dashboardDeps, prepareRegionalDatabase, REGIONAL_TODAY } from './regional.js';

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

/**
 * The type-7 (Excel QUARTILE.INC) quantile p of `v` over rows numbered `i` = 0… within a group of `c`,
 * rounded half away from zero: src/domain/statistics.ts in SQL, for an aggregate over the group's rows.
 */
function quantile(v: string, i: string, c: string, p: number): string {
  const pos = `((${c} - 1) * ${p})`;
  const lo = `CAST(${pos} AS INTEGER)`;
  const below = `max(CASE WHEN ${i} = ${lo} THEN ${v} END)`;
  const above = `max(CASE WHEN ${i} = ${lo} + (${pos} > ${lo}) THEN ${v} END)`;
  return `CAST(round(${below} + (${above} - ${below}) * (${pos} - ${lo})) AS INTEGER)`;
}
const quartileJson = (v: string, i: string, c: string) => `json_object('q1', ${quantile(v, i, c, 0.25)}, 'median', ${quantile(v, i, c, 0.5)}, 'q3', ${quantile(v, i, c, 0.75)})`;

/** Every figure of the dashboard that SQL can make, for the requests submitted in [from, before), as one JSON row. */
const DASHBOARD_SQL = `
WITH req AS MATERIALIZED (
  SELECT pr.id, pr.council_id, pr.lot, pr.primary_need AS need, pr.chosen_route AS route, pr.status, substr(pr.submitted_at, 1, 10) AS submitted_on,
         substr(s.sent_at, 1, 10) AS sent_on, a.id AS award_id, substr(a.created_at, 1, 10) AS awarded_on, a.start_date, a.weekly_fee_pence AS weekly, a.annual_value_pence AS annual,
         a.provider_id AS award_provider,
         (SELECT substr(min(r.created_at), 1, 10) FROM provider_replies r WHERE r.request_id = pr.id AND r.kind = 'offer') AS first_offer_on
    FROM placement_requests pr
    LEFT JOIN shortlists s ON s.request_id = pr.id
    LEFT JOIN awards a ON a.request_id = pr.id
   WHERE pr.status NOT IN ('draft', 'cancelled') AND pr.submitted_at IS NOT NULL AND pr.submitted_at >= ? AND pr.submitted_at < ?),
placed AS (SELECT * FROM req WHERE award_id IS NOT NULL OR (status = 'closed' AND route IS NOT NULL AND route <> 'fps_call_off')),
fees AS (
  SELECT lot, need, weekly, annual, count(*) OVER g AS c,
         row_number() OVER (g ORDER BY weekly) - 1 AS wi, row_number() OVER (g ORDER BY annual) - 1 AS ai
    FROM req WHERE award_id IS NOT NULL AND lot IS NOT NULL AND need IS NOT NULL
  WINDOW g AS (PARTITION BY lot, need)),
stage_days AS (
  SELECT 'referral' AS stage, CAST(julianday(sent_on) - julianday(submitted_on) AS INTEGER) AS d FROM req WHERE sent_on IS NOT NULL
  UNION ALL SELECT 'first_offer', CAST(julianday(first_offer_on) - julianday(submitted_on) AS INTEGER) FROM req WHERE first_offer_on IS NOT NULL
  UNION ALL SELECT 'award', CAST(julianday(awarded_on) - julianday(submitted_on) AS INTEGER) FROM req WHERE awarded_on IS NOT NULL
  UNION ALL SELECT 'start', CAST(julianday(start_date) - julianday(submitted_on) AS INTEGER) FROM req WHERE start_date IS NOT NULL),
stages AS (SELECT stage, d, count(*) OVER (PARTITION BY stage) AS c, row_number() OVER (PARTITION BY stage ORDER BY d) - 1 AS i FROM stage_days),
answers AS MATERIALIZED (
  SELECT r.provider_id, CASE WHEN min(r.responded_at) IS NULL THEN NULL ELSE max(0, CAST(julianday(substr(min(r.responded_at), 1, 10)) - julianday(substr(min(r.sent_at), 1, 10)) AS INTEGER)) END AS d
    FROM placement_requests pr JOIN referrals r ON r.request_id = pr.id
   -- +submitted_at: requests in id order (not through the date index), so the GROUP BY streams without a sort
   WHERE pr.status NOT IN ('draft', 'cancelled') AND pr.submitted_at IS NOT NULL AND +pr.submitted_at >= ? AND +pr.submitted_at < ? AND r.sent_at IS NOT NULL
   GROUP BY pr.id, r.provider_id),
answered AS (SELECT d, count(*) OVER () AS c, row_number() OVER (ORDER BY d) - 1 AS i FROM answers WHERE d IS NOT NULL),
by_provider AS (SELECT provider_id, count(*) AS referred, count(d) AS answered FROM answers GROUP BY provider_id),
declines AS (
  SELECT rp.reply_text AS text, o.conditions, count(*) AS n
    FROM req JOIN offers o ON o.request_id = req.id AND o.can_meet_needs = 0 AND o.withdrawn = 0 AND o.superseded_at IS NULL
    JOIN provider_replies rp ON rp.id = o.reply_id
   GROUP BY rp.reply_text, o.conditions)
SELECT json_object(
  'requests', (SELECT count(*) FROM req),
  'placements', (SELECT count(*) FROM placed),
  'byLot', (SELECT json_group_object(lot, n) FROM (SELECT lot, count(*) AS n FROM placed WHERE lot IS NOT NULL GROUP BY lot)),
  'byNeed', (SELECT json_group_object(need, n) FROM (SELECT need, count(*) AS n FROM placed WHERE need IS NOT NULL GROUP BY need)),
  'byCouncil', (SELECT json_group_object(c.name, n) FROM (SELECT council_id, count(*) AS n FROM placed GROUP BY council_id) p JOIN councils c ON c.id = p.council_id),
  'byRoute', (SELECT json_group_object(coalesce(route, 'fps'), n) FROM (SELECT route, count(*) AS n FROM placed GROUP BY route)),
  'fees', (SELECT json_group_array(json_object('lot', lot, 'need', need, 'n', c, 'weekly', json(weekly), 'annual', json(annual))) FROM (
     SELECT lot, need, c, ${quartileJson('weekly', 'wi', 'c')} AS weekly, ${quartileJson('annual', 'ai', 'c')} AS annual FROM fees GROUP BY lot, need)),
  'stages', (SELECT json_group_object(stage, json_object('n', c, 'median', m)) FROM (SELECT stage, c, ${quantile('d', 'i', 'c', 0.5)} AS m FROM stages GROUP BY stage)),
  'referred', (SELECT count(*) FROM answers),
  'answered', (SELECT count(*) FROM answers WHERE d IS NOT NULL),
  'answerMedianDays', (SELECT ${quantile('d', 'i', 'c', 0.5)} FROM answered),
  'providers', (SELECT json_group_array(json_object('provider', p.name, 'referred', b.referred, 'answered', b.answered)) FROM by_provider b JOIN providers p ON p.id = b.provider_id),
  'areas', (SELECT json_group_array(json_object('council', council_id, 'host', host, 'n', n)) FROM (
     SELECT req.council_id, p.host_authority AS host, count(*) AS n FROM req JOIN providers p ON p.id = req.award_provider GROUP BY req.council_id, p.host_authority)),
  'declines', (SELECT json_group_array(json_object('text', text, 'conditions', conditions, 'n', n)) FROM declines)
) AS figures`;

/** The fee benchmark's distribution reduced in SQL: how many awards, and their weekly and annual quartiles. */
const FEE_SQL = `
WITH f AS (
  SELECT a.weekly_fee_pence AS weekly, a.annual_value_pence AS annual
    FROM awards a JOIN placement_requests pr ON pr.id = a.request_id
   WHERE a.lot = ? AND a.created_at >= ? AND a.created_at < ? AND pr.primary_need = ?),
ranked AS (SELECT weekly, annual, count(*) OVER () AS c, row_number() OVER (ORDER BY weekly) - 1 AS wi, row_number() OVER (ORDER BY annual) - 1 AS ai FROM f)
SELECT count(*) AS n, ${quartileJson('weekly', 'wi', 'c')} AS weekly, ${quartileJson('annual', 'ai', 'c')} AS annual FROM ranked`;

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

export const regionalSql: ComparisonBenchmark = {
  title: 'Dashboards and fee benchmark against one hand-tuned SQL statement [SQLite]',
  usesDatabase: false,
  async run({ quick, progress }): Promise<Comparison[]> {
    const placements = quick ? PLACEMENTS.quick : PLACEMENTS.full;
    const path = await prepareRegionalDatabase(progress, placements);
    const db: Db = await openDatabase(path);
    const d = dashboardDeps(db);
    const size = `${placements.toLocaleString('en-GB')} placements`;
    const out: Comparison[] = [];
    try {
      const filters = { ...defaultFilters(REGIONAL_TODAY), period: periodOptions(REGIONAL_TODAY).find((p) => p.key === '24m')! };
      const dashboardStatement = db.$client.prepare(DASHBOARD_SQL).pluck();
      const between = [filters.period.from, nextDay(filters.period.to)];
      const ours = async () => computeDashboard(await buildDashboardInput(d, { kind: 'regional' }, filters));
      const baseline = () => JSON.parse(dashboardStatement.get(...between, ...between) as string) as SqlDashboard;
      checkDashboard(await ours(), baseline());
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

      const { from, to } = benchmarkPeriod(REGIONAL_TODAY);
      const feeStatement = db.$client.prepare(FEE_SQL);
      const groups = LOTS.flatMap((lot) => NEED_CODES.map((need) => ({ lot, need })));
      const oursFee = (i: number) => {
        const g = groups[i % groups.length]!;
        return feeBenchmarkFor(d, { lot: g.lot, need: g.need, weeklyFeePence: 350_000, annualCostPence: 13_300_000, asOf: REGIONAL_TODAY });
      };
      const baselineFee = (i: number) => {
        const g = groups[i % groups.length]!;
        return feeStatement.get(g.lot, from, nextDay(to), g.need) as { n: number; weekly: string; annual: string };
      };
      for (let i = 0; i < groups.length; i++) {
        const product = (await oursFee(i))!;
        const sql = baselineFee(i);
        if (product.status === 'ok' && (product.weekly.median !== (JSON.parse(sql.weekly) as { median: number }).median || product.placementsRounded !== protectedCount(sql.n))) {
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
    }
  },
};
