import { spawnSync } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEntriesFor, verifyAuditChain } from '../../src/db/repositories/audit.js';
import { findProvider, listProviders } from '../../src/db/repositories/providers.js';
import { auditLog, providerContacts, providers } from '../../src/db/schema/index.js';
import type { Db } from '../../src/db/client.js';
import { fixedClock } from '../../src/domain/clock.js';
import { LOTS, NEED_CODES } from '../../src/domain/reference-data.js';
import { PROVIDER_COLUMNS } from '../../src/domain/provider-register.js';
import { formatRowError } from '../../src/domain/register-csv.js';
import { importProvidersCsv, type ProviderImportSummary } from '../../src/services/import-providers.js';
import { createTempDb } from '../support/db.js';

const fixture = (name: string) => readFileSync(join('test/fixtures', name), 'utf8');
const clock = fixedClock('2026-11-26T10:00:00Z');

let cleanup: (() => Promise<void> | void) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function freshDb(): Promise<Db> {
  const t = (await createTempDb());
  cleanup = t.cleanup;
  return t.db;
}

async function importOk(db: Db, csv: string): Promise<ProviderImportSummary> {
  const result = (await importProvidersCsv(db, csv, { clock }));
  if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'));
  return result.summary;
}

const providerCount = async (db: Db) => (await db.select({ n: count() }).from(providers))[0]?.n ?? 0;
const auditCount = async (db: Db) => (await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

describe('import-providers', () => {
  it('imports a valid register: every provider with its lots, needs, contacts, domains and fees, each audited', async () => {
    const db = (await freshDb());
    const summary = (await importOk(db, fixture('providers-valid.csv')));

    expect(summary).toMatchObject({ created: 5, updated: 0, unchanged: 0, notInFile: [] });
    expect(summary.changes.map((c) => `${c.action} ${c.providerId}`)).toEqual([
      'created FPS-9001', 'created FPS-9002', 'created FPS-9003', 'created FPS-9004', 'created FPS-9005',
    ]);
    expect((await findProvider(db, 'FPS-9003'))).toEqual({
      id: 'FPS-9003',
      name: 'Curlew Edge School',
      providerType: 'NMSS',
      lots: [3],
      needs: ['PMLD', 'SEMH'],
      ageFrom: 8,
      ageTo: 18,
      sex: 'male',
      ofstedUrn: '300003',
      ofstedGrade: 'Requires improvement',
      inspectionDate: '2022-11-09',
      postcode: 'CA3 9PE',
      hostAuthority: 'Cumberland',
      vacancies: 1,
      contacts: [
        { kind: 'primary', name: 'Business Manager', email: 'admissions@curlewedge.example.org' },
        { kind: 'other', name: null, email: 'head@curlewedge.example.org' },
        { kind: 'other', name: null, email: 'office@curlewedge.example.org' },
      ],
      emailDomains: ['curlewedge.example.org'],
      weeklyFeeFromPence: 540000,
      weeklyFeeToPence: 760000,
      status: 'active',
    });
    expect((await findProvider(db, 'FPS-9004'))).toMatchObject({ ofstedUrn: null, ofstedGrade: null, inspectionDate: null, weeklyFeeFromPence: 66700, weeklyFeeToPence: 125050 });
    expect((await findProvider(db, 'FPS-0000'))).toBeUndefined();
    expect((await listProviders(db)).map((p) => p.id)).toEqual(['FPS-9001', 'FPS-9002', 'FPS-9003', 'FPS-9004', 'FPS-9005']);

    const [created] = (await auditEntriesFor(db, 'provider', 'FPS-9001'));
    expect(created).toMatchObject({
      action: 'provider.created',
      councilId: null,
      actorStaffId: null,
      actorLabel: 'cli:import-providers',
      at: '2026-11-26T10:00:00.000Z',
    });
    expect(created!.details).toMatchObject({ provider: { id: 'FPS-9001', status: 'active', lots: [1, 2] } });
    expect((await auditCount(db))).toBe(5);
    expect((await verifyAuditChain(db)).problems).toEqual([]);
  });

  it('reads a file saved with a BOM and Windows line ends the same way', async () => {
    const db = (await freshDb());
    const windows = `\uFEFF${fixture('providers-valid.csv').replaceAll('\n', '\r\n')}`;
    expect((await importOk(db, windows)).created).toBe(5);
    expect((await findProvider(db, 'FPS-9001'))?.contacts.map((c) => c.email)).toEqual(['admissions@alderbrook.example.org', 'head@alderbrook.example.org']);
  });

  it('rejects a wrong header with one error naming the columns, and writes nothing', async () => {
    const db = (await freshDb());
    const result = (await importProvidersCsv(db, fixture('providers-wrong-header.csv'), { clock }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('REGISTER_INVALID');
    expect(result.errors.map(formatRowError)).toEqual([
      `row 1: wrong header (missing columns: sex, weekly_fee_to; unexpected columns: gender); expected ${PROVIDER_COLUMNS.join(',')}`,
    ]);
    expect((await providerCount(db))).toBe(0);
  });

  it('reports every broken row by row and column and imports nothing, not even the good rows', async () => {
    const db = (await freshDb());
    const result = (await importProvidersCsv(db, fixture('providers-broken-rows.csv'), { clock }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe('The provider register has 11 problem(s); nothing was imported.');
    expect(result.errors.map(formatRowError)).toEqual([
      'row 3, column lots: "8" is not an FPS lot (1–7)',
      'row 3, column needs: "ADHD" is not an SEN2 need code (SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH)',
      'row 4, column age_to: 16 is below age_from 19',
      'row 4, column ofsted_grade: "Great" is not one of: Outstanding, Good, Requires improvement, Inadequate',
      'row 4, column inspection_date: "2024-02-30" is not a real date written YYYY-MM-DD',
      'row 5, column postcode: "NOT A POSTCODE" is not a UK postcode',
      'row 5, column vacancies: "-1" is not a whole number of places (0 or more)',
      'row 5, column contact_email: "not-an-email" is not an e-mail address',
      'row 6, column weekly_fee_from: "1,528 pounds" is not an amount of money (e.g. £1,528 or 1528.50)',
      'row 6, column status: "closed" is not one of: active, suspended, withdrawn',
      'row 7, column provider_id: FPS-9101 already appears on row 2',
    ]);
    expect((await providerCount(db))).toBe(0);
    expect((await auditCount(db))).toBe(0);
  });

  it('leaves an existing register exactly as it was when a new file has a bad row', async () => {
    const db = (await freshDb());
    (await importOk(db, fixture('providers-valid.csv')));
    const before = (await listProviders(db));
    const bad = fixture('providers-reimport.csv').replace('FPS-9006,Fieldfare House School,NMSS,1,', 'FPS-9006,Fieldfare House School,NMSS,9,');
    const result = (await importProvidersCsv(db, bad, { clock }));
    expect(result.ok ? [] : result.errors.map(formatRowError)).toEqual(['row 6, column lots: "9" is not an FPS lot (1–7)']);
    expect((await listProviders(db))).toEqual(before);
    expect((await auditCount(db))).toBe(5);
  });

  it('re-import upserts by provider id, audits each change with a field-level diff, and keeps providers missing from the file', async () => {
    const db = (await freshDb());
    (await importOk(db, fixture('providers-valid.csv')));
    const primaryContactId = (await db.select({ id: providerContacts.id }).from(providerContacts).where(eq(providerContacts.email, 'admissions@bexleyfold.example.org')))[0]?.id;
    clock.set('2026-12-26T09:00:00Z');

    const summary = (await importOk(db, fixture('providers-reimport.csv')));

    expect(summary.created).toBe(1);
    expect(summary.updated).toBe(3);
    expect(summary.unchanged).toBe(1);
    expect(summary.notInFile).toEqual([{ providerId: 'FPS-9005', name: 'Eskdale Grange School' }]);
    expect(summary.changes).toEqual([
      { providerId: 'FPS-9001', name: 'Alderbrook School', action: 'updated', changes: ['status active → suspended'] },
      { providerId: 'FPS-9002', name: 'Bexley Fold College', action: 'updated', changes: ['contact added: referrals@bexleyfold.example.org'] },
      {
        providerId: 'FPS-9003',
        name: 'Curlew Edge School',
        action: 'updated',
        changes: [
          'grade Requires improvement → Inadequate',
          'inspection date 2022-11-09 → 2025-09-30',
          'weekly fee from £5,400 → £5,600',
          'lots added: 2',
          'contact removed: office@curlewedge.example.org',
        ],
      },
      { providerId: 'FPS-9006', name: 'Fieldfare House School', action: 'created', changes: [] },
    ]);

    const suspended = (await auditEntriesFor(db, 'provider', 'FPS-9001'));
    expect(suspended.map((a) => a.action)).toEqual(['provider.created', 'provider.updated']);
    expect(suspended[1]).toMatchObject({
      at: '2026-12-26T09:00:00.000Z',
      councilId: null,
      actorLabel: 'cli:import-providers',
      details: { changes: { status: { from: 'active', to: 'suspended' } } },
    });
    expect((await auditEntriesFor(db, 'provider', 'FPS-9002'))[1]!.details).toEqual({
      changes: { contacts: { added: [{ kind: 'other', name: null, email: 'referrals@bexleyfold.example.org' }], removed: [], changed: [] } },
    });
    expect((await auditEntriesFor(db, 'provider', 'FPS-9003'))[1]!.details).toEqual({
      changes: {
        ofstedGrade: { from: 'Requires improvement', to: 'Inadequate' },
        inspectionDate: { from: '2022-11-09', to: '2025-09-30' },
        weeklyFeeFromPence: { from: 540000, to: 560000 },
        lots: { added: [2], removed: [] },
        contacts: { added: [], removed: [{ kind: 'other', name: null, email: 'office@curlewedge.example.org' }], changed: [] },
      },
    });
    expect((await auditEntriesFor(db, 'provider', 'FPS-9004'))).toHaveLength(1);
    expect((await auditCount(db))).toBe(5 + 4);

    expect((await findProvider(db, 'FPS-9001'))?.status).toBe('suspended');
    expect((await findProvider(db, 'FPS-9003'))).toMatchObject({ ofstedGrade: 'Inadequate', lots: [2, 3] });
    expect((await findProvider(db, 'FPS-9005'))).toMatchObject({ name: 'Eskdale Grange School', status: 'active' });
    const samePrimary = (await db.select({ id: providerContacts.id }).from(providerContacts).where(eq(providerContacts.email, 'admissions@bexleyfold.example.org')))[0]?.id;
    expect(samePrimary).toBe(primaryContactId);
    expect((await verifyAuditChain(db)).problems).toEqual([]);
  });

  it('importing the same file again changes nothing and writes no audit rows', async () => {
    const db = (await freshDb());
    (await importOk(db, fixture('providers-valid.csv')));
    const again = (await importOk(db, fixture('providers-valid.csv')));
    expect(again).toEqual({ created: 0, updated: 0, unchanged: 5, notInFile: [], changes: [] });
    expect((await auditCount(db))).toBe(5);
  });

  it('rolls back everything when the import fails part-way through the transaction', async () => {
    const db = (await freshDb());
    const onProgress = (_label: string, done: number) => {
      if (done === 3) throw new Error('interrupted');
    };
    await expect(importProvidersCsv(db, fixture('providers-valid.csv'), { clock, onProgress })).rejects.toThrow('interrupted');
    expect((await providerCount(db))).toBe(0);
    expect((await auditCount(db))).toBe(0);
  });

  it('imports a large generated register in one go and reports progress along the way', async () => {
    const db = (await freshDb());
    const total = 2000;
    const lines = [PROVIDER_COLUMNS.join(',')];
    for (let i = 0; i < total; i++) {
      const id = `FPS-${10000 + i}`;
      const lot = LOTS[i % LOTS.length]!;
      const need = NEED_CODES[i % NEED_CODES.length]!;
      const domain = `p${i}.example.org`;
      lines.push(`${id},Generated Provider ${i},INMSS,${lot},${need};ASD,5,19,mixed,${400000 + i},Good,2024-01-15,PR4 2AB,Lancashire,${i % 7},Admissions,admissions@${domain},head@${domain},${domain},"£1,${String(i % 1000).padStart(3, '0')}","£9,999",active`);
    }
    const calls: [string, number, number][] = [];
    const started = Date.now();
    const result = (await importProvidersCsv(db, lines.join('\n'), { clock, onProgress: (label, done, n) => calls.push([label, done, n]) }));
    const elapsedMs = Date.now() - started;

    expect(result.ok && result.summary.created).toBe(total);
    expect((await providerCount(db))).toBe(total);
    expect((await auditCount(db))).toBe(total);
    expect((await findProvider(db, 'FPS-11234'))).toMatchObject({ lots: [LOTS[1234 % 7]], weeklyFeeFromPence: 123400 });
    expect(calls.length).toBeGreaterThanOrEqual(100);
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls.every(([label, , n]) => label === 'Importing providers' && n === total)).toBe(true);
    expect(calls.map(([, done]) => done)).toEqual([...calls.map(([, done]) => done)].sort((a, b) => a - b));
    expect(calls.at(-1)).toEqual(['Importing providers', total, total]);
    expect(elapsedMs).toBeLessThan(15_000);
  });

  it('ships a demo register that covers every lot and need, with an Inadequate and a suspended provider', async () => {
    const db = (await freshDb());
    const summary = (await importOk(db, readFileSync('seed/demo-providers.csv', 'utf8')));
    expect(summary.created).toBeGreaterThanOrEqual(25);
    const all = (await listProviders(db));
    expect(new Set(all.flatMap((p) => p.lots))).toEqual(new Set(LOTS));
    expect(new Set(all.flatMap((p) => p.needs))).toEqual(new Set(NEED_CODES));
    expect(all.filter((p) => p.ofstedGrade === 'Inadequate')).toHaveLength(1);
    expect(all.filter((p) => p.status === 'suspended')).toHaveLength(1);
    expect(all.some((p) => p.ofstedGrade === null)).toBe(true);
    expect(all.every((p) => p.emailDomains.every((d) => d.endsWith('.example.org')))).toBe(true);
  });
});

describe('import-providers command (child process)', () => {
  function runCli(args: string[], dbPath: string) {
    const env = { ...process.env, ...databaseEnv(dbPath), LOG_LEVEL: 'warn' };
    return spawnSync('npx', ['tsx', 'src/cli/index.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  }

  it('prints progress and a summary, and on a bad file prints row errors, exits 1 and writes nothing', { timeout: 90_000 }, async () => {
    const t = (await createTempDb());
    cleanup = t.cleanup;

    const ok = runCli(['import-providers', 'test/fixtures/providers-valid.csv'], t.path);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('created FPS-9001 Alderbrook School');
    expect(ok.stdout.trim().split('\n').at(-1)).toBe('Providers: 5 created, 0 updated, 0 unchanged, 0 not in this file.');
    expect(ok.stderr).toContain('Importing providers: 5/5 (100%)');

    const again = runCli(['import-providers', 'test/fixtures/providers-reimport.csv'], t.path);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('updated FPS-9001 Alderbrook School: status active → suspended');
    expect(again.stdout).toContain('not in this file (kept): FPS-9005 Eskdale Grange School');
    expect(again.stdout).toContain('Providers: 1 created, 3 updated, 1 unchanged, 1 not in this file.');

    const bad = runCli(['import-providers', 'test/fixtures/providers-broken-rows.csv'], t.path);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('row 3, column lots: "8" is not an FPS lot (1–7)');
    expect(bad.stdout).toContain('row 7, column provider_id: FPS-9101 already appears on row 2');
    expect(bad.stderr).toContain('nothing was imported');
    expect((await t.db.select({ n: count() }).from(providers))[0]?.n).toBe(6);
    expect((await findProvider(t.db, 'FPS-9101'))).toBeUndefined();

    const missing = runCli(['import-providers', 'test/fixtures/no-such-file.csv'], t.path);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('File not found: test/fixtures/no-such-file.csv');
  });
});
