import { spawnSync } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { findProvider } from '../../src/db/repositories/providers.js';
import { findActorByIdentity } from '../../src/db/repositories/staff.js';
import { auditLog, providers, staff } from '../../src/db/schema/index.js';
import type { Db } from '../../src/db/client.js';
import { fixedClock } from '../../src/domain/clock.js';
import { formatRowError } from '../../src/domain/register-csv.js';
import { importProvidersCsv } from '../../src/services/import-providers.js';
import { importStaffCsv } from '../../src/services/import-staff.js';
import { createTempDb } from '../support/db.js';

/**
 * Register files as councils save them from Excel, and hostile ones, through the real import (SQLite
 * with the real migrations) and the real CLI as a child process. The reader's own cases, one by one,
 * are in test/unit/register-csv-hostile.test.ts.
 */

const fixtureBytes = (name: string) => readFileSync(join('test/fixtures', name));
const clock = fixedClock('2026-11-26T10:00:00Z');
const SAVE_AS = 'Save it as CSV UTF-8 from Excel (File → Save As → CSV UTF-8 (Comma delimited)) and import that file.';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

async function tempDb() {
  const t = (await createTempDb());
  cleanups.push(t.cleanup);
  return t;
}

const providerCount = async (db: Db) => (await db.select({ n: count() }).from(providers))[0]?.n ?? 0;
const staffCount = async (db: Db) => (await db.select({ n: count() }).from(staff))[0]?.n ?? 0;
const auditCount = async (db: Db) => (await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

/** A valid register in UTF-8 with the given extra lines after two good rows. */
function providerFile(extraLines: string[] = []): string {
  const text = readFileSync('test/fixtures/providers-valid.csv', 'utf8').trim().split('\n').slice(0, 3);
  return [...text, ...extraLines].join('\n') + '\n';
}

/** A register line for provider `id` whose name (a cell of its own) is `name`. */
const providerLine = (id: string, name: string) =>
  `${id},${name},INMSS,1,ASD,5,16,mixed,,,,PR4 2AB,Lancashire,1,Admissions,admissions@${id.toLowerCase()}.example.org,,${id.toLowerCase()}.example.org,£900,"£1,000",active`;

describe('import of files as Excel saves them (service, real SQLite)', () => {
  it('Excel plain "CSV" (Windows-1252) imports every fee and name; it used to fail on every fee cell ("�1,528 is not an amount of money")', async () => {
    const { db } = (await tempDb());
    const result = (await importProvidersCsv(db, fixtureBytes('providers-excel-windows-1252.csv'), { clock }));
    if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'));
    expect(result.source).toEqual({ encoding: 'windows-1252', delimiter: 'comma' });
    expect(result.summary.created).toBe(3);
    expect((await findProvider(db, 'FPS-9301'))).toMatchObject({
      name: 'St Bride’s School – Ysgol Santes Ffraid',
      contacts: [{ kind: 'primary', name: 'Siân Hughes', email: 'admissions@stbrides.example.org' }],
      weeklyFeeFromPence: 152800,
      weeklyFeeToPence: 201450,
    });
    expect((await findProvider(db, 'FPS-9302'))).toMatchObject({ name: 'Café Côte Learning Centre', weeklyFeeFromPence: 66700 });
    expect((await findProvider(db, 'FPS-9303'))?.name).toBe('Müller Grange “Residential” College');
  });

  it('Excel "Unicode Text" (UTF-16 LE, tab-separated) staff file imports; it used to be unreadable', async () => {
    const { db } = (await tempDb());
    const result = (await importStaffCsv(db, fixtureBytes('staff-excel-unicode-text.txt'), { clock }));
    if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'));
    expect(result.source).toEqual({ encoding: 'utf-16le-bom', delimiter: 'tab' });
    expect(result.summary.created).toBe(5);
    expect((await findActorByIdentity(db, '2c1f4b9e-6f0a-4c4e-9a57-1f1b2f0c8a11', '8d3e7a52-1b4c-4f7e-a0a2-5c6d7e8f9a01'))?.name).toBe('Zoë Ó Briain');
    expect((await findActorByIdentity(db, 'aad-12', 'tenant-1'))?.approvalLimit).toBe(250000);
  });

  it('a NUL byte and a megabyte name in a file of good rows: both named, nothing imported, nothing audited', async () => {
    const { db } = (await tempDb());
    const file = providerFile([providerLine('FPS-9801', 'Nul\u0000School'), providerLine('FPS-9802', 'M'.repeat(1024 * 1024))]);
    const result = (await importProvidersCsv(db, Buffer.from(file, 'utf8'), { clock }));
    expect(result.ok ? [] : result.errors.map(formatRowError)).toEqual([
      'row 4, column name: contains an invisible or control character, U+0000 (NUL), at character 4; delete it',
      'row 5, column name: is 1,048,576 characters long; this column takes at most 200',
    ]);
    expect((await providerCount(db))).toBe(0);
    expect((await auditCount(db))).toBe(0);
  });

  it('formula-looking cells are stored as the text given, never evaluated or altered', async () => {
    const { db } = (await tempDb());
    const formula = '=HYPERLINK("https://evil.example/login","Open")';
    const file = providerFile([providerLine('FPS-9803', `"${formula.replaceAll('"', '""')}"`), providerLine('FPS-9804', '@SUM(1+1)*cmd')]);
    const result = (await importProvidersCsv(db, Buffer.from(file, 'utf8'), { clock }));
    if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'));
    expect((await findProvider(db, 'FPS-9803'))?.name).toBe(formula);
    expect((await findProvider(db, 'FPS-9804'))?.name).toBe('@SUM(1+1)*cmd');
  });
});

describe('import commands on hostile files (child process)', () => {
  function runCli(args: string[], dbPath: string) {
    const env = { ...process.env, ...databaseEnv(dbPath), LOG_LEVEL: 'warn' };
    return spawnSync('npx', ['tsx', 'src/cli/index.ts', ...args], { env, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  }

  it('import-providers reads Excel plain "CSV" and says it read Windows-1252', { timeout: 90_000 }, async () => {
    const t = (await tempDb());
    const run = runCli(['import-providers', 'test/fixtures/providers-excel-windows-1252.csv'], t.path);
    expect(run.stderr).not.toContain('problem');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'Read test/fixtures/providers-excel-windows-1252.csv as Windows-1252 (Excel plain "CSV"), comma-separated.',
      'created FPS-9301 St Bride’s School – Ysgol Santes Ffraid',
      'created FPS-9302 Café Côte Learning Centre',
      'created FPS-9303 Müller Grange “Residential” College',
    ]);
    expect((await findProvider(t.db, 'FPS-9301'))?.weeklyFeeFromPence).toBe(152800);
  });

  it('import-staff reads Excel "Unicode Text" and says it read tab-separated UTF-16', { timeout: 90_000 }, async () => {
    const t = (await tempDb());
    const run = runCli(['import-staff', 'test/fixtures/staff-excel-unicode-text.txt'], t.path);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Read test/fixtures/staff-excel-unicode-text.txt as UTF-16 LE with byte-order mark (Excel "Unicode Text"), tab-separated.');
    expect(run.stdout).toContain('created NWTEST Zoë Ó Briain <ada.caseworker@northshire-test.example>');
    expect((await staffCount(t.db))).toBe(5);
  });

  it('a PNG renamed .csv is refused with the Save As advice, exit 1, nothing imported', { timeout: 90_000 }, async () => {
    const t = (await tempDb());
    const path = join(t.dir, 'register.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(256, 0)]));
    const run = runCli(['import-providers', path], t.path);
    expect(run.status).toBe(1);
    expect(run.stdout.trim()).toBe(`The file is a PNG image, not a CSV file. ${SAVE_AS}`);
    expect(run.stderr).toContain(`${path}: The provider register has 1 problem(s); nothing was imported.`);
    expect((await providerCount(t.db))).toBe(0);
  });

  it('a NUL byte and a megabyte name are named by row and column, the megabyte is not echoed, nothing imported', { timeout: 90_000 }, async () => {
    const t = (await tempDb());
    const path = join(t.dir, 'register.csv');
    writeFileSync(path, providerFile([providerLine('FPS-9801', 'Nul\u0000School'), providerLine('FPS-9802', 'M'.repeat(1024 * 1024))]));
    const run = runCli(['import-providers', path], t.path);
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      `Read ${path} as UTF-8, comma-separated.`,
      'row 4, column name: contains an invisible or control character, U+0000 (NUL), at character 4; delete it',
      'row 5, column name: is 1,048,576 characters long; this column takes at most 200',
    ]);
    expect(run.stdout.length + run.stderr.length).toBeLessThan(2000);
    expect((await providerCount(t.db))).toBe(0);
  });

  it('a file over 16 MB is refused before it is read, exit 2', { timeout: 90_000 }, async () => {
    const t = (await tempDb());
    const path = join(t.dir, 'huge.csv');
    writeFileSync(path, Buffer.alloc(17 * 1024 * 1024, 0x41));
    const run = runCli(['import-providers', path], t.path);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${path} is 17 MB; an import takes at most 16 MB, so nothing was imported. Is this the right file?`);
    expect((await providerCount(t.db))).toBe(0);
  });

  it('three hundred broken rows: the first 200 problems are shown, then how many more', { timeout: 90_000 }, async () => {
    const t = (await tempDb());
    const path = join(t.dir, 'register.csv');
    writeFileSync(path, providerFile(Array.from({ length: 300 }, (_, i) => providerLine(`FPS-${7000 + i}`, `Bad\u0007Name ${i}`))));
    const run = runCli(['import-providers', path], t.path);
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1 + 200 + 1);
    expect(lines[1]).toBe('row 4, column name: contains an invisible or control character, U+0007, at character 4; delete it');
    expect(lines.at(-1)).toBe('… and 100 more problem(s) not shown.');
    expect(run.stderr).toContain('The provider register has 300 problem(s); nothing was imported.');
  });
});
