import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { approvalDecision } from './approval-decision.js';
import { cardClick } from './card-click.js';
import { accuracyTables, judge, judgeAccuracy, stderrProgress, table, type AccuracyRow, type Benchmark, type Row } from './harness.js';
import { providerImport } from './provider-import.js';
import { regionalBench } from './regional.js';
import { replyUnderstanding } from './reply-understanding.js';
import { smtpOutbox } from './smtp-outbox.js';
import { startPostgresForTests } from '../test/support/pg-template.js';
import { postgresBinDir } from '../test/support/postgres.js';
import type { TestBackend } from '../test/support/test-database.js';

/**
 * `npm run bench [-- id…]`: runs the benchmarks one after another (never in parallel, so they do not
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

/** A last resort against a hang (a server that never answers): the whole run must end within 8 minutes (preparing a benchmark database is outside it). */
const WHOLE_RUN_LIMIT_MS = 480_000;

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !(id in BENCHMARKS));
  if (unknown.length) {
    process.stderr.write(`Unknown benchmark ${unknown.join(', ')}. Known: ${Object.keys(BENCHMARKS).join(', ')}\n`);
    return 2;
  }
  const selected = Object.entries(BENCHMARKS).filter(([id]) => !wanted.length || wanted.includes(id));

  for (const [id, bench] of selected) {
    if (!bench.prepare) continue;
    process.stderr.write(`> preparing ${bench.title}\n`);
    await bench.prepare(stderrProgress(id));
  }

  const watchdog = setTimeout(() => {
    process.stderr.write(`\nThe benchmarks did not finish within ${WHOLE_RUN_LIMIT_MS / 1000} s: stopped.\n`);
    process.exit(1);
  }, WHOLE_RUN_LIMIT_MS);

  const rows: Row[] = [];
  const accuracy: AccuracyRow[] = [];
  const failures: string[] = [];
  const runStart = performance.now();
  // PostgreSQL when it is installed: a real server of the benchmarks' own (as the test suite starts one).
  const postgres = postgresBinDir() && selected.some(([id]) => ON_EACH_BACKEND.has(id)) ? await startPostgresForTests() : undefined;
  const notes: string[] = [];
  if (!postgres) notes.push('PostgreSQL is not installed: the database rows ran on SQLite only (apt-get install postgresql for both).');
  try {
    for (const [id, bench] of selected) {
      const backends: Array<TestBackend | undefined> = ON_EACH_BACKEND.has(id) ? (postgres ? ['sqlite', 'pg'] : ['sqlite']) : [undefined];
      for (const backend of backends) {
        if (backend) process.env.TEST_DATABASE = backend;
        const label = backend ? ` [${BACKEND_LABEL[backend]}]` : '';
        process.stderr.write(`> ${bench.title}${label}\n`);
        const started = performance.now();
        try {
          const measured = await bench.run({ progress: stderrProgress(id), deadline: started + bench.timeCapMs, accuracy: (row) => accuracy.push(row) });
          rows.push(...measured.map((row) => ({ ...row, name: `${row.name}${label}` })));
          process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          failures.push(`FAIL  ${bench.title}${label}: could not complete: ${message}`);
          process.stderr.write(`  failed: ${message}\n`);
        }
      }
    }
  } finally {
    delete process.env.TEST_DATABASE;
    postgres?.stop();
  }
  clearTimeout(watchdog);

  const cpu = cpus();
  const out: string[] = [
    `Placement Desk benchmarks: Node ${process.version}, ${cpu.length} CPU${cpu.length === 1 ? '' : 's'} (${cpu[0]?.model.trim() ?? 'unknown'}), loopback only, ${((performance.now() - runStart) / 1000).toFixed(1)} s in all`,
    '',
    table(rows),
    '',
    ...(accuracy.length ? [accuracyTables(accuracy), ''] : []),
    ...notes,
  ];
  let ok = failures.length === 0;
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
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
