import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * What every benchmark shares: how samples become a row of the table, how a row is judged against
 * its budget, and how progress reaches stderr (stdout carries only the results).
 */

export type Budget =
  /** 95th percentile of the per-iteration times must be below this many milliseconds. */
  | { kind: 'p95-below'; ms: number }
  /** Throughput (count / wall-clock time of the whole run) must be above this many per second. */
  | { kind: 'throughput-above'; perSecond: number };

export interface Row {
  name: string;
  /** Per-iteration times in milliseconds (timed iterations only, warm-up excluded). */
  samplesMs: number[];
  /** Units processed per second over the wall-clock time of the timed part. */
  throughput: number;
  throughputUnit: string;
  budget: Budget;
  /** The run stopped at its time cap before doing all its planned iterations. */
  cappedAfter?: { planned: number };
}

export interface Progress {
  (done: number, total: number): void;
  note(text: string): void;
}

export interface BenchContext {
  progress: Progress;
  /** `--quick`: smaller sizes and fewer rounds, for a look in under two minutes. */
  quick: boolean;
  /** The backend this run is on (TEST_DATABASE is set to it), or undefined for a benchmark that has no database. */
  backend?: 'sqlite' | 'pg';
  /** performance.now() after which a benchmark starts no new iteration. */
  deadline: number;
  /** Reports how right a reader is on a set of examples (not a timing: judged against its own minimum). */
  accuracy(row: AccuracyRow): void;
}

export interface Tally {
  right: number;
  total: number;
}

/** How many answers were right, per field and per kind, on one set of examples. */
export interface AccuracyRow {
  name: string;
  messages: number;
  fields: Tally;
  perField: Record<string, Tally>;
  perKind: Record<string, Tally>;
  /** Every field and every kind must reach this share (0–1). */
  minimum: number;
}

export interface Benchmark {
  title: string;
  /** The longest this benchmark may run before it stops starting iterations (milliseconds). */
  timeCapMs: number;
  /** One-time setup before the timed run (e.g. building a large database), outside the whole-run limit. */
  prepare?(progress: Progress): Promise<unknown>;
  run(ctx: BenchContext): Promise<Row[]>;
}

/** A benchmark of figures side by side with their baselines (`sideBySide`), not judged against budgets. */
export interface ComparisonBenchmark {
  title: string;
  /** Runs once per backend (rows marked with it) when true; once without a database otherwise. */
  usesDatabase: boolean;
  run(ctx: BenchContext): Promise<Comparison[]>;
}

/** Nearest-rank percentile: always one of the measured values, never an interpolation. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(samples: readonly number[]): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Verdict {
  ok: boolean;
  text: string;
}

export function judge(row: Row): Verdict {
  const p95 = percentile(row.samplesMs, 95);
  let ok: boolean;
  let text: string;
  if (row.budget.kind === 'p95-below') {
    ok = p95 < row.budget.ms;
    text = `p95 ${fmt(p95)} ms ${ok ? '<' : '>='} budget ${row.budget.ms} ms`;
  } else {
    ok = row.throughput > row.budget.perSecond;
    text = `${fmt(row.throughput)} ${row.throughputUnit} ${ok ? '>' : '<='} budget ${row.budget.perSecond} ${row.throughputUnit}`;
  }
  if (row.cappedAfter) {
    ok = false;
    text += `; stopped at its time cap after ${row.samplesMs.length} of ${row.cappedAfter.planned} iterations`;
  }
  return { ok, text };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 100) return Math.round(n).toLocaleString('en-GB');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** Plain fixed-width text, so it reads the same in a terminal, a CI log and a pasted report. */
export function table(rows: Row[]): string {
  const header = ['benchmark', 'iterations', 'median ms', 'p95 ms', 'throughput'];
  const lines = rows.map((r) => [
    r.name,
    String(r.samplesMs.length),
    fmt(median(r.samplesMs)),
    fmt(percentile(r.samplesMs, 95)),
    `${fmt(r.throughput)} ${r.throughputUnit}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}

const share = (t: Tally) => (t.total ? t.right / t.total : 1);
const pct = (t: Tally) => `${(share(t) * 100).toFixed(1)}%`;

function grid(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map((l) => render(header.map((_, i) => l[i] ?? '')))].join('\n');
}

/** Two tables: accuracy per field, then per kind, one line per set of examples. */
export function accuracyTables(rows: AccuracyRow[]): string {
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r.perField)))];
  const kinds = [...new Set(rows.flatMap((r) => Object.keys(r.perKind)))].sort();
  const byField = grid(
    ['reply reading: per field', 'messages', 'all fields', ...fields],
    rows.map((r) => [r.name, String(r.messages), pct(r.fields), ...fields.map((f) => (r.perField[f]?.total ? pct(r.perField[f]!) : '–'))]),
  );
  const byKind = grid(
    ['reply reading: per kind', ...kinds],
    rows.map((r) => [r.name, ...kinds.map((k) => (r.perKind[k] ? `${r.perKind[k]!.right}/${r.perKind[k]!.total}` : '–'))]),
  );
  return `${byField}\n\n${byKind}`;
}

export function judgeAccuracy(row: AccuracyRow): Verdict {
  const weakest = [...Object.entries(row.perField), ...Object.entries(row.perKind)]
    .filter(([, t]) => t.total > 0)
    .sort(([, a], [, b]) => share(a) - share(b))[0];
  const ok = !weakest || share(weakest[1]) >= row.minimum;
  const text = `all fields ${pct(row.fields)}; weakest ${weakest ? `${weakest[0]} ${pct(weakest[1])}` : 'n/a'} ${ok ? '>=' : '<'} minimum ${(row.minimum * 100).toFixed(0)}%`;
  return { ok, text };
}

/**
 * Progress on stderr: one line rewritten in place on a terminal, otherwise a line every 25 %, so a
 * CI log shows the run is alive without thousands of lines.
 */
export function stderrProgress(label: string): Progress {
  const tty = process.stderr.isTTY === true;
  let lastQuarter = -1;
  const progress = ((done: number, total: number) => {
    if (tty) {
      process.stderr.write(`\r  ${label}: ${done}/${total}${done === total ? '\n' : ''}`);
      return;
    }
    const quarter = Math.floor((done / total) * 4);
    if (quarter !== lastQuarter) {
      lastQuarter = quarter;
      process.stderr.write(`  ${label}: ${done}/${total}\n`);
    }
  }) as Progress;
  progress.note = (text: string) => {
    lastQuarter = -1;
    process.stderr.write(`${tty ? '\r\x1b[K' : ''}  ${label}: ${text}\n`);
  };
  return progress;
}

/** Per-iteration samples → a row, with throughput over the given wall-clock time. */
export function rowOf(options: {
  name: string;
  samplesMs: number[];
  units: number;
  wallMs: number;
  throughputUnit: string;
  budget: Budget;
  planned: number;
}): Row {
  return {
    name: options.name,
    samplesMs: options.samplesMs,
    throughput: options.wallMs > 0 ? (options.units * 1000) / options.wallMs : NaN,
    throughputUnit: options.throughputUnit,
    budget: options.budget,
    ...(options.samplesMs.length < options.planned ? { cappedAfter: { planned: options.planned } } : {}),
  };
}

/**
 * A figure measured side by side with its baseline: the same work done by the product and by the bare
 * libraries it is built on, in the same process run, in interleaved rounds (product, baseline, baseline,
 * product, …) so a machine that gets busier halfway slows both alike. Each side's figure is the median of
 * its rounds.
 */
export interface Comparison {
  /** What is measured ("turns: help, 20 concurrent"). */
  path: string;
  /** Which figure ("throughput", "p99"). */
  metric: string;
  unit: string;
  /** Throughput-like figures are better higher; latencies lower. The ratio is always ours / baseline. */
  better: 'higher' | 'lower';
  ours: number;
  baseline: number;
  /** What the baseline is, in a few words. */
  baselineLabel: string;
  /** ours / baseline must be ≥ this (better higher) or ≤ this (better lower); absent: reported only. */
  targetRatio?: number;
  rounds: number;
  oursRounds: number[];
  baselineRounds: number[];
}

export type Figures = Record<string, number>;

export interface ComparedMetric {
  metric: string;
  unit: string;
  better: 'higher' | 'lower';
  targetRatio?: number;
}

/**
 * Runs `rounds` interleaved rounds of both sides (the order alternates each round) and turns each metric
 * into a Comparison of the two sides' medians.
 */
export async function sideBySide(options: {
  path: string;
  baselineLabel: string;
  rounds: number;
  metrics: readonly ComparedMetric[];
  ours: (round: number) => Promise<Figures>;
  baseline: (round: number) => Promise<Figures>;
  progress?: Progress;
}): Promise<Comparison[]> {
  const ours: Figures[] = [];
  const base: Figures[] = [];
  const oursRound = (round: number) => profiled(`${options.path}-round-${round + 1}`, () => options.ours(round));
  for (let round = 0; round < options.rounds; round++) {
    if (round % 2 === 0) {
      ours.push(await oursRound(round));
      base.push(await options.baseline(round));
    } else {
      base.push(await options.baseline(round));
      ours.push(await oursRound(round));
    }
    options.progress?.(round + 1, options.rounds);
  }
  return options.metrics.map((m) => {
    const oursRounds = ours.map((f) => f[m.metric] ?? NaN);
    const baselineRounds = base.map((f) => f[m.metric] ?? NaN);
    const o = median(oursRounds);
    const b = median(baselineRounds);
    return {
      path: options.path,
      metric: m.metric,
      unit: m.unit,
      better: m.better,
      ours: o,
      baseline: b,
      baselineLabel: options.baselineLabel,
      ...(m.targetRatio !== undefined ? { targetRatio: m.targetRatio } : {}),
      rounds: options.rounds,
      oursRounds,
      baselineRounds,
    };
  });
}

/**
 * With BENCH_PROFILE_DIR set, each round of the product's side is recorded as a V8 CPU profile (the same
 * format as `node --cpu-prof`, opened by Chrome DevTools), so a profile shows the measured work alone and
 * not the start-up, the data preparation or the baseline. The profiler slows the figures: compare none.
 */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name.replace(/[^a-z0-9.]+/gi, '-')}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

export function ratioOf(c: Comparison): number {
  return c.baseline > 0 ? c.ours / c.baseline : NaN;
}

export type ComparisonVerdict = 'pass' | 'miss' | 'reported';

export function judgeComparison(c: Comparison): ComparisonVerdict {
  if (c.targetRatio === undefined) return 'reported';
  const ratio = ratioOf(c);
  if (!Number.isFinite(ratio)) return 'miss';
  return (c.better === 'higher' ? ratio >= c.targetRatio : ratio <= c.targetRatio) ? 'pass' : 'miss';
}

function fmtRatio(n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(n >= 10 ? 1 : 2)}×` : 'n/a';
}

/** The side-by-side table: path, metric, our figure, baseline, ratio, target, verdict. */
export function comparisonTable(rows: readonly Comparison[]): string {
  return grid(
    ['path', 'metric', 'ours', 'baseline', 'ratio', 'target', 'verdict'],
    rows.map((c) => [
      c.path,
      c.metric,
      `${fmt(c.ours)} ${c.unit}`,
      `${fmt(c.baseline)} ${c.unit}`,
      fmtRatio(ratioOf(c)),
      c.targetRatio === undefined ? '–' : `${c.better === 'higher' ? '≥' : '≤'} ${c.targetRatio}×`,
      judgeComparison(c),
    ]),
  );
}

/** Throughput, p50 and p99 of one batch of timed operations. */
export function latencyFigures(samplesMs: readonly number[], wallMs: number): Figures {
  return { throughput: wallMs > 0 ? (samplesMs.length * 1000) / wallMs : NaN, p50: percentile(samplesMs, 50), p99: percentile(samplesMs, 99) };
}

/** Runs `total` operations with `concurrency` of them in flight; each sample is one operation's time. */
export async function concurrently(total: number, concurrency: number, op: (i: number, lane: number) => Promise<void>): Promise<Figures> {
  const samples: number[] = [];
  let next = 0;
  const lane = async (l: number) => {
    while (next < total) {
      const i = next++;
      const start = performance.now();
      await op(i, l);
      samples.push(performance.now() - start);
    }
  };
  const wallStart = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, l) => lane(l)));
  return latencyFigures(samples, performance.now() - wallStart);
}
