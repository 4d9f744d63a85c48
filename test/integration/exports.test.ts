import { readFileSync } from 'node:fs';
import { databaseEnv } from '../support/test-database.js';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { closeDatabase, openDatabase, rawRows } from '../../src/db/client.js';
import { EXPORT_COLUMNS } from '../../src/domain/export-columns.js';
import { runCliAsync } from '../support/cli.js';
import { createTempDb } from '../support/db.js';
import { seedPeople } from '../support/people.js';
import { historyProvider, seedEarlierPlacements } from '../support/regional-history.js';

/** Each CLI call is a new Node process: several seconds apiece on a busy 2-core machine. */
const CLI_TEST_TIMEOUT = 120_000;

let t: Awaited<ReturnType<typeof createTempDb>>;
const cli = (...args: string[]) => runCliAsync(args, { ...databaseEnv(t.path) });

beforeEach(async () => {
  t = (await createTempDb());
});
afterEach(() => t.cleanup());

async function seedHistory() {
  (await seedPeople(t.db));
  const providers = [historyProvider('HIST-1', 'Lancashire', '=HYPERLINK("http://evil.example","Click")'), historyProvider('HIST-2', 'Wirral', '@SUM(1+1)'), historyProvider('HIST-3', 'Wigan', 'Plain School')];
  (await seedEarlierPlacements(t.db, 'NWDEMO', [2000, 2100, 2200, 2300, 2400, 2500].map((weeklyPounds, i) => ({ lot: 2, need: 'SEMH', weeklyPounds, awardedOn: `2026-0${i + 1}-10`, declines: i === 0 ? ['no_place', 'peer_group'] : [] })), providers));
  (await seedEarlierPlacements(t.db, 'WESTBAY', [{ lot: 1, need: 'ASD', weeklyPounds: 1800, awardedOn: '2026-03-01', provider: 2 }], providers));
  // The exports must not depend on the test's clock: the CLI runs on the real one, so the period is all time.
  (await closeDatabase(t.db));
}

describe('export', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('a council export as XLSX: real typed cells under the documented headers, the own council only', async () => {
    (await seedHistory());
    const out = join(t.dir, 'placements.xlsx');
    const result = await cli('export', 'placements', '--format', 'xlsx', '--as', 'aad-1@example.org', '--period', 'all', '--out', out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('Wrote 6 row(s)');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(EXPORT_COLUMNS.council.placements.map((c) => c.header));
    expect(sheet.rowCount).toBe(7);
    const col = (name: string) => header.indexOf(name) + 1;
    const first = sheet.getRow(2);
    expect(first.getCell(col('council_code')).value).toBe('NWDEMO');
    expect(first.getCell(col('weekly_fee')).value).toBe(2000);
    expect(first.getCell(col('weekly_fee')).numFmt).toBe('"£"#,##0.00');
    expect(first.getCell(col('annual_cost')).value).toBe(76_000);
    expect(first.getCell(col('lot')).value).toBe(2);
    expect(first.getCell(col('residential')).value).toBe(true);
    expect(first.getCell(col('synthetic')).value).toBe(true);
    expect(first.getCell(col('start_date')).value).toEqual(new Date('2026-02-09T00:00:00Z'));
    expect(first.getCell(col('primary_need')).value).toBe('SEMH');
    expect(first.getCell(col('setting_la_code')).value).toBe('888');
    // The formula-looking provider name is text with its apostrophe, never a formula.
    const name = first.getCell(col('setting_name'));
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe('\'=HYPERLINK("http://evil.example","Click")');
    const councils = new Set<unknown>();
    sheet.eachRow((row, i) => i > 1 && councils.add(row.getCell(col('council_code')).value));
    expect([...councils]).toEqual(['NWDEMO']);
  });

  it('CSV: formula-looking text neutralised, numbers left as numbers; refusals by role; every export audited', async () => {
    (await seedHistory());
    const out = join(t.dir, 'offers.csv');
    const ok = await cli('export', 'offers', '--format', 'csv', '--as', 'AAD-1@example.org', '--council', 'nwdemo', '--period', 'all', '--out', out);
    expect(ok.status, ok.stderr).toBe(0);
    const raw = readFileSync(out, 'utf8');
    expect(raw.startsWith('\uFEFF"request_reference","synthetic",')).toBe(true);
    expect(raw).toContain('\r\n');
    const rows = parse(readFileSync(out, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(8); // 6 offers awarded + 2 declines
    const names = new Set(rows.map((r) => r.provider_name));
    expect(names).toEqual(new Set(['\'=HYPERLINK("http://evil.example","Click")', "'@SUM(1+1)", 'Plain School']));
    const awarded = rows.find((r) => r.awarded === 'TRUE')!;
    expect(awarded.weekly_fee).toBe('2000');
    expect(rows.filter((r) => r.can_meet_needs === 'FALSE').map((r) => r.decline_reason).sort()).toEqual(['No place or vacancy', 'Peer group or compatibility']);

    const caseworker = await cli('export', 'offers', '--format', 'csv', '--as', 'aad-0@example.org', '--out', join(t.dir, 'x.csv'));
    expect(caseworker.status).toBe(1);
    expect(caseworker.stderr).toContain('Council exports are for placements officers, approvers and administrators');
    const otherCouncil = await cli('export', 'offers', '--format', 'csv', '--as', 'aad-1@example.org', '--council', 'WESTBAY', '--out', join(t.dir, 'y.csv'));
    expect(otherCouncil.status).toBe(2);
    expect(otherCouncil.stderr).toContain('a council export can only be of their own council');
    const regionalRefused = await cli('export', 'offers', '--format', 'csv', '--as', 'aad-1@example.org', '--regional', '--out', join(t.dir, 'z.csv'));
    expect(regionalRefused.status).toBe(1);
    expect(regionalRefused.stderr).toContain('The regional dashboard is for regional analysts and Heads of Service');

    const regionalOut = join(t.dir, 'regional.csv');
    const regional = await cli('export', 'placements', '--format', 'csv', '--as', 'aad-3@example.org', '--regional', '--period', 'all', '--out', regionalOut);
    expect(regional.status, regional.stderr).toBe(0);
    const aggregates = parse(readFileSync(regionalOut, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(aggregates).toEqual([
      { council: 'Northshire Borough Council', la_codes: '', lot: '2', primary_need: 'SEMH', placements: '5', suppressed: 'FALSE' },
      { council: 'Westbay Council', la_codes: '', lot: '1', primary_need: 'ASD', placements: '', suppressed: 'TRUE' },
    ]);

    const db = (await openDatabase(t.path));
    const audit = await rawRows<{ staff: number; details: string }>(db, sql`SELECT actor_staff_id AS staff, details FROM audit_log WHERE action = 'export.written' ORDER BY id`);
    (await closeDatabase(db));
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ format: 'csv', rows: 8, file: out });
    expect(JSON.parse(audit[1]!.details).description).toMatch(/^All councils \(aggregates\), placements/);
  });

  it('report: the dashboard as one HTML page with SVG charts', async () => {
    (await seedHistory());
    const out = join(t.dir, 'report.html');
    const result = await cli('report', '--out', out, '--regional', '--as', 'aad-3@example.org', '--period', 'all');
    expect(result.status, result.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h1>Regional placement dashboard: all councils</h1>');
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(5);
    expect(html).toContain('Placements by lot');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/SYN-CASE|SYN-20/);
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;'); // escaped, as text
  });
});

describe('demo-history', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('is refused on a database holding real data, and nothing is written', async () => {
    (await seedPeople(t.db));
    (await closeDatabase(t.db));
    const result = await cli('demo-history', '--councils', '3', '--placements', '50');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Refused: this database holds real data (2 council(s)');
    const db = (await openDatabase(t.path));
    const [counts] = await rawRows(db, sql`SELECT (SELECT CAST(count(*) AS INTEGER) FROM placement_requests) AS requests, (SELECT CAST(count(*) AS INTEGER) FROM councils WHERE origin <> 'real') AS councils, (SELECT CAST(count(*) AS INTEGER) FROM synthetic_datasets) AS datasets`);
    (await closeDatabase(db));
    expect(counts).toEqual({ requests: 0, councils: 0, datasets: 0 });
  });

  it('fills an empty database with flagged synthetic history, once', async () => {
    (await closeDatabase(t.db));
    const made = await cli('demo-history', '--councils', '3', '--placements', '120', '--seed', '7');
    expect(made.status, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/Synthetic placements: 120\/120/);
    expect(made.stderr).toMatch(/Made a synthetic history: 120 placements across 3 councils \(3 synthetic\)/);
    const db = (await openDatabase(t.path));
    const [summary] = await rawRows(
      db,
      sql`SELECT (SELECT CAST(count(*) AS INTEGER) FROM councils WHERE origin = 'synthetic') AS councils, (SELECT CAST(count(*) AS INTEGER) FROM placement_requests WHERE synthetic) AS requests, (SELECT CAST(count(*) AS INTEGER) FROM placement_requests WHERE reference NOT LIKE 'SYN-%') AS others, (SELECT CAST(count(*) AS INTEGER) FROM staff WHERE active) AS "activeStaff", (SELECT CAST(count(*) AS INTEGER) FROM providers WHERE origin <> 'synthetic') AS "realProviders", (SELECT placements FROM synthetic_datasets) AS recorded`,
    );
    (await closeDatabase(db));
    expect(summary).toEqual({ councils: 3, requests: 120, others: 0, activeStaff: 0, realProviders: 0, recorded: 120 });
    const again = await cli('demo-history', '--councils', '3', '--placements', '10');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already holds a synthetic history');
  });
});
