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
