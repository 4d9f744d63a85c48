import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, rawExecute, rawRows } from '../../src/db/client.js';
import { recordAudit, verifyAuditChain } from '../../src/db/repositories/audit.js';
import { tablesInCopyOrder } from '../../src/db/copy-database.js';
import { getTableName } from 'drizzle-orm';
import { runCliAsync } from '../support/cli.js';
import { expectDbError } from '../support/db.js';
import { seedPeople } from '../support/people.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { historyProvider, seedEarlierPlacements } from '../support/regional-history.js';
import { exited, waitUntil } from '../support/production.js';

/**
 * The operations of a PostgreSQL deployment, on a real PostgreSQL of their own (whichever backend the rest
 * of the suite runs on): moving a SQLite pilot across, migrating explicitly, the probes a load balancer uses.
 */
let server: TestPostgres;
let dir: string;
beforeAll(async () => {
  server = await startTestPostgres();
  dir = mkdtempSync(join(tmpdir(), 'placement-desk-pgops-'));
}, 60_000);
afterAll(() => {
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let databases = 0;
async function emptyDatabase(): Promise<string> {
  const name = `ops_${++databases}`;
  const admin = new pg.Client({ connectionString: `${server.baseUrl}postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return `${server.baseUrl}${name}`;
}

const countsOf = async (location: string) => {
  const db = await openDatabase(location);
  try {
    const counts: Record<string, number> = {};
    for (const table of tablesInCopyOrder().map(getTableName)) counts[table] = Number((await rawRows<{ n: number | string }>(db, sql.raw(`SELECT count(*) AS n FROM "${table}"`)))[0]!.n);
    return counts;
  } finally {
    await closeDatabase(db);
  }
};

describe('copy-database: a council pilot moved from SQLite to PostgreSQL', { timeout: 120_000 }, () => {
  it('copies every row in one pass with progress, counts each table on both sides, keeps the audit chain and the frozen records, and continues the ids', async () => {
    const file = join(dir, 'pilot.db');
    const pilot = await openDatabase(file);
    await seedPeople(pilot);
    await seedEarlierPlacements(pilot, 'NWDEMO', [
      { lot: 1, need: 'ASD', weeklyPounds: 3_300, awardedOn: '2026-03-02', declines: ['no_place'] },
      { lot: 2, need: 'SEMH', weeklyPounds: 5_100, weeks: 52, awardedOn: '2026-05-11' },
    ], [historyProvider('HIST-1', 'Lancashire'), historyProvider('HIST-2', 'Wigan')]);
    for (const action of ['request.submitted', 'appraisal.confirmed', 'award.approved']) {
      await recordAudit(pilot, new Date('2026-11-26T10:00:00Z'), { councilId: 1, actorStaffId: 2, actorLabel: 'staff:2', action, entityType: 'placement_request', entityId: '1', details: { annualValuePence: 12_540_000, note: 'ünïcode £' } });
    }
    await closeDatabase(pilot);
    const expected = await countsOf(file);
    expect(expected.awards).toBe(2);

    const target = await emptyDatabase();
    const copied = await runCliAsync(['copy-database', '--from', `sqlite:${file}`, '--to', target], {});
    expect(copied.status, copied.stderr).toBe(0);
    expect(copied.stderr).toMatch(/awards: 2\/2 \(100%\)/);
    for (const [table, n] of Object.entries(expected)) expect(copied.stdout).toMatch(new RegExp(`^${table} +${n} → +${n}  ok$`, 'm'));
    expect(copied.stderr).toMatch(/every table has the same number of rows on both sides/);
    expect(await countsOf(target)).toEqual(expected);
    expect(copied.stdout + copied.stderr).not.toContain(new URL(target).password || 'never-a-password');

    const db = await openDatabase(target);
    try {
      expect(await verifyAuditChain(db)).toEqual({ checked: expected.audit_log, problems: [] });
      // The ids continue after the copied ones, and the chain goes on from the last copied entry.
      await recordAudit(db, new Date('2026-12-01T10:00:00Z'), { councilId: 1, actorStaffId: null, actorLabel: 'test', action: 'after.copy', entityType: 'thing', entityId: '1', details: {} });
      expect(await verifyAuditChain(db)).toEqual({ checked: expected.audit_log! + 1, problems: [] });
      // The frozen-record triggers are on again.
      await expectDbError(() => rawExecute(db, sql`UPDATE awards SET weekly_fee_pence = 1`), /awards are frozen/);
    } finally {
      await closeDatabase(db);
    }
    const verified = await runCliAsync(['verify-audit'], { DATABASE_URL: target });
    expect(verified.status, verified.stderr).toBe(0);

    const again = await runCliAsync(['copy-database', '--from', `sqlite:${file}`, '--to', target], {});
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty .* copy-database only fills a new, empty database/);
    expect(await countsOf(target)).toEqual({ ...expected, audit_log: expected.audit_log! + 1 });
  });

  it('explains a missing file and wrong addresses, and copies nothing', async () => {
    const target = await emptyDatabase();
    const missing = await runCliAsync(['copy-database', '--from', `sqlite:${join(dir, 'no-such.db')}`, '--to', target], {});
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('There is no SQLite file at');
    const usage = await runCliAsync(['copy-database', '--from', join(dir, 'pilot.db'), '--to', target], {});
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--from sqlite:FILE');
    const notPg = await runCliAsync(['copy-database', '--from', `sqlite:${join(dir, 'pilot.db')}`, '--to', 'mysql://x'], {});
    expect(notPg.status).toBe(2);
  });
});

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ALLOW_ANONYMOUS_LOCAL: 'true', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  return { child, output: () => output };
}

describe('migrations and probes on PostgreSQL', { timeout: 120_000 }, () => {
  it('an instance set not to migrate refuses an old schema; `migrate` applies it once; then /healthz and /readyz answer and SIGTERM stops it cleanly', async () => {
    const url = await emptyDatabase();
    const refused = startMain({ DATABASE_URL: url, MIGRATE_ON_START: 'false' });
    await exited(refused.child);
    expect(refused.child.exitCode).toBe(2);
    expect(refused.output()).toMatch(/needs \d+ migration\(s\) this version brings, and MIGRATE_ON_START is false: run `npm run cli -- migrate` first/);

    const migrated = await runCliAsync(['migrate'], { DATABASE_URL: url });
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stderr).toMatch(/Applied \d+ migration\(s\); the schema is current/);
    const again = await runCliAsync(['migrate'], { DATABASE_URL: url });
    expect(again.stderr).toContain('The database schema is current: nothing to apply.');

    const running = startMain({ DATABASE_URL: url, MIGRATE_ON_START: 'false' });
    await waitUntil(() => /"url":"(http:[^"]+)"/.test(running.output()) || running.child.exitCode !== null, 60_000, 'the instance to listen');
    const base = /"url":"(http:[^"]+)"/.exec(running.output())![1]!;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    running.child.kill('SIGTERM');
    await exited(running.child);
    expect(running.child.exitCode).toBe(0);
    expect(running.output()).toContain('shutting down');
  });

  it('/readyz says not ready, without detail of the database, while the database cannot be reached', async () => {
    const url = await emptyDatabase();
    const running = startMain({ DATABASE_URL: url });
    await waitUntil(() => /"url":"(http:[^"]+)"/.test(running.output()) || running.child.exitCode !== null, 60_000, 'the instance to listen');
    const base = /"url":"(http:[^"]+)"/.exec(running.output())![1]!;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const admin = new pg.Client({ connectionString: `${server.baseUrl}postgres` });
    admin.on('error', () => undefined);
    await admin.connect();
    // The database goes away under the instance (as in a failover): connections are cut and new ones refused.
    await admin.query(`ALTER DATABASE ${new URL(url).pathname.slice(1)} WITH ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [new URL(url).pathname.slice(1)]);
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'not ready', reason: 'database unreachable' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await admin.query(`ALTER DATABASE ${new URL(url).pathname.slice(1)} WITH ALLOW_CONNECTIONS true`);
    await admin.end();
    await waitUntil(async () => (await fetch(`${base}/readyz`)).status === 200, 20_000, 'ready again');
    running.child.kill('SIGTERM');
    await exited(running.child);
  });
});
