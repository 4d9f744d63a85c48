import { writeFileSync } from 'node:fs';
import { cpus, freemem, release, totalmem, type as osType } from 'node:os';
import { performance } from 'node:perf_hooks';
import { approvalDecision } from './approval-decision.js';
import { cardClick } from './card-click.js';
import {
  accuracyTables,
  comparisonTable,
  judge,
  judgeAccuracy,
  judgeComparison,
  ratioOf,
  stderrProgress,
  table,
  type AccuracyRow,
  type Benchmark,
  type Comparison,
  type ComparisonBenchmark,
  type Row,
} from './harness.js';
import { mailIn } from './mail-in.js';
import { mailOut } from './mail-out.js';
import { registerImport } from './register-import.js';
import { startUp } from './start-up.js';
import { turns } from './turns.js';
import { providerImport } from './provider-import.js';
import { regionalBench } from './regional.js';
import { regionalSql } from './regional-sql.js';
import { replyUnderstanding } from './reply-understanding.js';
import { smtpOutbox } from './smtp-outbox.js';
import { startPostgresForTests } from '../test/support/pg-template.js';
import { postgresBinDir } from '../test/support/postgres.js';
import type { TestBackend } from '../test/support/test-database.js';

/**
 * `npm run bench [-- [--quick] [--backend sqlite|pg|both] id…]`: first the side-by-side rows (each figure
 * next to its baseline), then the budget rows; runs the benchmarks one after another (never in parallel, so they do not
 * slow each other down), prints the table and one verdict per row on stdout, progress on stderr, and
 * exits 0 only when every budget is met. A benchmark whose checks fail counts as a missed budget.
 */

/** Benchmarks whose work goes through the database: run on each backend, side by side. */
const ON_EACH_BACKEND = new Set(['card-click', 'approval-decision', 'provider-import']);
const BACKEND_LABEL = { sqlite: 'SQLite', pg: 'PostgreSQL' } as const;

const BENCHMARKS: Record<string, Benchmark> = {
  'card-click': cardClick,
  'approval-decision': approvalDecision,
  'provider-import': providerImport,
  'reply-understanding': replyUnderstanding,
  'smtp-outbox': smtpOutbox,
  regional: regionalBench,
};

/** Side by side with a baseline, each in the same run. */
const COMPARISONS: Record<string, ComparisonBenchmark> = {
  turns,
  'mail-in': mailIn,
  'mail-out': mailOut,
  'register-import': registerImport,
  'start-up': startUp,
  'regional-sql': regionalSql,
};

/** A last resort against a hang (a server that never answers); preparing a benchmark database is outside it. */
const WHOLE_RUN_LIMIT_MS = { full: 1_500_000, quick: 150_000 };
const RESULTS_FILE = new URL('./results.json', import.meta.url);

interface Options {
  ids: string[];
  quick: boolean;
  backends: TestBackend[] | 'auto';
}

function parseArgs(argv: readonly string[]): Options | string {
  const options: Options = { ids: [], quick: false, backends: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--backend' || arg.startsWith('--backend=')) {
      const value = arg.includes('=') ? arg.slice('--backend='.length) : argv[++i];
      if (value === 'sqlite') options.backends = ['sqlite'];
      else if (value === 'pg') options.backends = ['pg'];
      else if (value === 'both') options.backends = ['sqlite', 'pg'];
      else return `--backend takes sqlite, pg or both, not ${String(value)}`;
    } else if (arg.startsWith('--')) return `Unknown option ${arg}`;
    else options.ids.push(arg);
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`${options}\nUsage: npm run bench -- [--quick] [--backend sqlite|pg|both] [id…]\n`);
    return 2;
  }
  const known = [...Object.keys(COMPARISONS), ...Object.keys(BENCHMARKS)];
  const unknown = options.ids.filter((id) => !known.includes(id));
  if (unknown.length) {
    process.stderr.write(`Unknown benchmark ${unknown.join(', ')}. Known: ${known.join(', ')}\n`);
    return 2;
  }
  const wanted = (id: string, comparison: boolean) => (options.ids.length ? options.ids.includes(id) : comparison || !options.quick);
  // --quick without ids: the side-by-side rows only, at small sizes (the budget rows and the regional database take minutes).
  const selected = Object.entries(BENCHMARKS).filter(([id]) => wanted(id, false));
  const compared = Object.entries(COMPARISONS).filter(([id]) => wanted(id, true));

  for (const [id, bench] of selected) {
    if (!bench.prepare) continue;
    process.stderr.write(`> preparing ${bench.title}\n`);
    await bench.prepare(stderrProgress(id));
  }

  const limitMs = options.quick ? WHOLE_RUN_LIMIT_MS.quick : WHOLE_RUN_LIMIT_MS.full;
  const watchdog = setTimeout(() => {
    process.stderr.write(`\nThe benchmarks did not finish within ${limitMs / 1000} s: stopped.\n`);
    process.exit(1);
  }, limitMs);

  const rows: Row[] = [];
  const comparisons: Array<Comparison & { backend?: TestBackend }> = [];
  const accuracy: AccuracyRow[] = [];
  const failures: string[] = [];
  const notes: string[] = [];
  const runStart = performance.now();
  const needsDatabase = selected.some(([id]) => ON_EACH_BACKEND.has(id)) || compared.some(([, c]) => c.usesDatabase);
  const wantsPg = options.backends === 'auto' ? postgresBinDir() !== undefined : options.backends.includes('pg');
  if (wantsPg && !postgresBinDir()) {
    process.stderr.write('--backend pg: PostgreSQL is not installed (apt-get install postgresql).\n');
    return 2;
  }
  // PostgreSQL when asked for or installed: a real server of the benchmarks' own (as the test suite starts one).
  const postgres = wantsPg && needsDatabase ? await startPostgresForTests() : undefined;
  const backends: TestBackend[] = options.backends === 'auto' ? (postgres ? ['sqlite', 'pg'] : ['sqlite']) : options.backends;
  if (options.backends === 'auto' && !postgres && needsDatabase) notes.push('PostgreSQL is not installed: the database rows ran on SQLite only (apt-get install postgresql for both).');

  const ctxFor = (id: string, deadline: number, backend: TestBackend | undefined) => ({
    progress: stderrProgress(id),
    deadline,
    quick: options.quick,
    ...(backend ? { backend } : {}),
    accuracy: (row: AccuracyRow) => accuracy.push(row),
  });
  const attempt = async (title: string, label: string, work: () => Promise<void>) => {
    process.stderr.write(`> ${title}${label}\n`);
    const started = performance.now();
    try {
      await work();
      process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.push(`FAIL  ${title}${label}: could not complete: ${message}`);
      process.stderr.write(`  failed: ${message}\n`);
    }
  };
  try {
    for (const [id, bench] of compared) {
      for (const backend of bench.usesDatabase ? backends : [undefined]) {
        if (backend) process.env.TEST_DATABASE = backend;
        const label = backend ? ` [${BACKEND_LABEL[backend]}]` : '';
        await attempt(bench.title, label, async () => {
          const measured = await bench.run(ctxFor(id, Infinity, backend));
          comparisons.push(...measured.map((c) => ({ ...c, path: `${c.path}${label}`, ...(backend ? { backend } : {}) })));
        });
      }
    }
    for (const [id, bench] of selected) {
      for (const backend of ON_EACH_BACKEND.has(id) ? backends : [undefined]) {
        if (backend) process.env.TEST_DATABASE = backend;
        const label = backend ? ` [${BACKEND_LABEL[backend]}]` : '';
        await attempt(bench.title, label, async () => {
          const measured = await bench.run(ctxFor(id, performance.now() + bench.timeCapMs, backend));
          rows.push(...measured.map((row) => ({ ...row, name: `${row.name}${label}` })));
        });
      }
    }
  } finally {
    delete process.env.TEST_DATABASE;
    postgres?.stop();
  }
  clearTimeout(watchdog);

  const cpu = cpus();
  const machine = {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryBytes: totalmem(),
    freeMemoryBytesAtEnd: freemem(),
    os: `${osType()} ${release()} (${process.platform}/${process.arch})`,
  };
  const seconds = (performance.now() - runStart) / 1000;
  const out: string[] = [
    `Placement Desk benchmarks: Node ${process.version}, ${machine.cores} CPU${machine.cores === 1 ? '' : 's'} (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${machine.os}, loopback only${options.quick ? ', --quick' : ''}, ${seconds.toFixed(1)} s in all`,
    '',
  ];
  if (comparisons.length) out.push('Side by side with a baseline (ratio = ours / baseline; median of interleaved rounds):', '', comparisonTable(comparisons), '');
  if (rows.length) out.push('Budgets:', '', table(rows), '');
  if (accuracy.length) out.push(accuracyTables(accuracy), '');
  out.push(...notes);
  let ok = failures.length === 0;
  for (const c of comparisons) if (judgeComparison(c) === 'miss') out.push(`MISS  ${c.path} ${c.metric}: ratio ${ratioOf(c).toFixed(2)}, target ${c.better === 'higher' ? '≥' : '≤'} ${c.targetRatio}`);
  for (const row of rows) {
    const verdict = judge(row);
    ok &&= verdict.ok;
    out.push(`${verdict.ok ? 'PASS' : 'FAIL'}  ${row.name}: ${verdict.text}`);
  }
  for (const row of accuracy) {
    const verdict = judgeAccuracy(row);
    ok &&= verdict.ok;
    out.push(`${verdict.ok ? 'PASS' : 'FAIL'}  reply reading, ${row.name}: ${verdict.text}`);
  }
  out.push(...failures, '', ok ? 'All budgets met.' : 'Some budgets were missed.');
  process.stdout.write(`${out.join('\n')}\n`);

  const results = {
    timestamp: new Date().toISOString(),
    quick: options.quick,
    machine,
    node: process.version,
    backends: needsDatabase ? backends : [],
    seconds: Number(seconds.toFixed(1)),
    comparisons: comparisons.map((c) => ({ ...c, ratio: ratioOf(c), verdict: judgeComparison(c) })),
    budgets: rows.map((r) => ({ ...r, verdict: judge(r) })),
    failures,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write(`results written to bench/results.json\n`);
  // The ratios are reported, not enforced: the exit status stays the budgets' (a missed ratio is printed as MISS).
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
