import { spawnSync } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEntriesFor, verifyAuditChain } from '../../src/db/repositories/audit.js';
import { findActorByIdentity, findCouncilByCode } from '../../src/db/repositories/staff.js';
import { listCouncils, listStaffForAdmin } from '../../src/db/repositories/staff-admin.js';
import { auditLog, councils, staff } from '../../src/db/schema/index.js';
import type { Db } from '../../src/db/client.js';
import { fixedClock } from '../../src/domain/clock.js';
import { formatRowError } from '../../src/domain/register-csv.js';
import { STAFF_COLUMNS } from '../../src/domain/staff-register.js';
import { importStaffCsv, type StaffImportSummary } from '../../src/services/import-staff.js';
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

async function importOk(db: Db, csv: string): Promise<StaffImportSummary> {
  const result = (await importStaffCsv(db, csv, { clock }));
  if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'));
  return result.summary;
}

const staffCount = async (db: Db) => (await db.select({ n: count() }).from(staff))[0]?.n ?? 0;
const councilCount = async (db: Db) => (await db.select({ n: count() }).from(councils))[0]?.n ?? 0;
const auditCount = async (db: Db) => (await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

describe('import-staff', () => {
  it('creates the councils and staff of a valid file, each audited under its council', async () => {
    const db = (await freshDb());
    const summary = (await importOk(db, fixture('staff-valid.csv')));

    expect(summary).toMatchObject({ councilsCreated: ['NWTEST', 'WBTEST'], councilsRenamed: [], created: 5, updated: 0, unchanged: 0, notInFile: [] });
    expect((await listCouncils(db)).map((c) => [c.code, c.name])).toEqual([
      ['NWTEST', 'Northshire Test Council'],
      ['WBTEST', 'Westbay Test Council'],
    ]);
    const nw = (await findCouncilByCode(db, 'NWTEST'))!;
    expect((await findActorByIdentity(db, 'aad-12', 'tenant-1'))).toMatchObject({
      name: 'Cara Manager',
      email: 'cara.manager@northshire-test.example',
      councilId: nw.id,
      councilCode: 'NWTEST',
      roles: ['service_manager'],
      approvalLimit: 250000,
    });
    expect((await findActorByIdentity(db, 'aad-11', 'tenant-1'))).toMatchObject({ roles: ['placements_officer'], approvalLimit: 0 });
    expect((await findActorByIdentity(db, 'aad-13', 'tenant-1'))?.roles).toEqual(['head_of_service', 'admin']);
    expect((await findActorByIdentity(db, '2c1f4b9e-6f0a-4c4e-9a57-1f1b2f0c8a11', '8d3e7a52-1b4c-4f7e-a0a2-5c6d7e8f9a01'))?.name).toBe('Ada Caseworker');

    expect((await auditEntriesFor(db, 'council', String(nw.id)))).toMatchObject([
      { action: 'council.created', councilId: nw.id, actorLabel: 'cli:import-staff', details: { code: 'NWTEST', name: 'Northshire Test Council' } },
    ]);
    const cara = (await findActorByIdentity(db, 'aad-12', 'tenant-1'))!;
    expect((await auditEntriesFor(db, 'staff', String(cara.staffId)))).toMatchObject([
      {
        action: 'staff.created',
        councilId: nw.id,
        actorStaffId: null,
        actorLabel: 'cli:import-staff',
        at: '2026-11-26T10:00:00.000Z',
        details: { staff: { councilCode: 'NWTEST', aadObjectId: 'aad-12', roles: ['service_manager'], approvalLimit: 250000 } },
      },
    ]);
    expect((await auditCount(db))).toBe(2 + 5);
    expect((await verifyAuditChain(db)).problems).toEqual([]);
  });

  it('rejects a wrong header with one error naming the columns, and writes nothing', async () => {
    const db = (await freshDb());
    const result = (await importStaffCsv(db, fixture('staff-wrong-header.csv'), { clock }));
    expect(result.ok ? [] : result.errors.map(formatRowError)).toEqual([
      `row 1: wrong header (missing columns: council_code; unexpected columns: council, phone); expected ${STAFF_COLUMNS.join(',')}`,
    ]);
    expect((await councilCount(db))).toBe(0);
  });

  it('reports every broken row by row and column and writes nothing, not even the good row or its council', async () => {
    const db = (await freshDb());
    const result = (await importStaffCsv(db, fixture('staff-broken-rows.csv'), { clock }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('STAFF_REGISTER_INVALID');
    expect(result.errors.map(formatRowError)).toEqual([
      'row 3, column email: "not-an-email" is not an e-mail address',
      'row 3, column aad_object_id: "aad 16" is not an Entra id (a GUID, letters, digits and hyphens)',
      'row 3, column roles: "janitor" is not a staff role (caseworker, placements_officer, service_manager, head_of_service, admin, regional_analyst, regional_admin)',
      'row 4, column approval_limit: a service_manager needs an approval limit above £0',
      'row 5, column approval_limit: "£1,000.50" is not a whole number of pounds (e.g. £250,000 or 250000)',
      'row 6, column aad_object_id: aad-10 (tenant tenant-1) already appears on row 2',
    ]);
    expect((await councilCount(db))).toBe(0);
    expect((await staffCount(db))).toBe(0);
    expect((await auditCount(db))).toBe(0);
  });

  it('re-import upserts by Entra identity, creates new councils, audits each change, and keeps people missing from the file', async () => {
    const db = (await freshDb());
    (await importOk(db, fixture('staff-valid.csv')));
    const eveBefore = (await findActorByIdentity(db, 'aad-14', 'tenant-1'))!;
    clock.set('2026-12-01T09:00:00Z');

    const summary = (await importOk(db, fixture('staff-reimport.csv')));

    expect(summary).toMatchObject({ councilsCreated: ['SBTEST'], created: 1, updated: 3, unchanged: 1 });
    expect(summary.notInFile).toEqual([{ councilCode: 'NWTEST', name: 'Dev Head', email: 'dev.head@northshire-test.example' }]);
    expect(summary.changes.map((c) => [c.action, c.name, c.changes])).toEqual([
      ['updated', 'Ben Officer', ['roles added: service_manager', 'approval limit £0 → £100,000']],
      ['updated', 'Cara Manager', ['approval limit £250,000 → £300,000']],
      ['updated', 'Eve Analyst', ['council WBTEST → NWTEST', 'e-mail eve.analyst@westbay-test.example → eve.analyst@northshire-test.example']],
      ['created', 'Fay Newcomer', []],
    ]);

    const nw = (await findCouncilByCode(db, 'NWTEST'))!;
    const eve = (await findActorByIdentity(db, 'aad-14', 'tenant-1'))!;
    expect(eve.staffId).toBe(eveBefore.staffId);
    expect(eve).toMatchObject({ councilCode: 'NWTEST', email: 'eve.analyst@northshire-test.example' });
    expect((await auditEntriesFor(db, 'staff', String(eve.staffId)))[1]).toMatchObject({
      action: 'staff.updated',
      councilId: nw.id,
      at: '2026-12-01T09:00:00.000Z',
      details: {
        changes: {
          councilCode: { from: 'WBTEST', to: 'NWTEST' },
          email: { from: 'eve.analyst@westbay-test.example', to: 'eve.analyst@northshire-test.example' },
        },
      },
    });
    const ben = (await findActorByIdentity(db, 'aad-11', 'tenant-1'))!;
    expect(ben).toMatchObject({ roles: ['placements_officer', 'service_manager'], approvalLimit: 100000 });
    expect((await auditEntriesFor(db, 'staff', String(ben.staffId)))[1]!.details).toEqual({
      changes: { approvalLimit: { from: 0, to: 100000 }, roles: { added: ['service_manager'], removed: [] } },
    });
    const ada = (await findActorByIdentity(db, '2c1f4b9e-6f0a-4c4e-9a57-1f1b2f0c8a11', '8d3e7a52-1b4c-4f7e-a0a2-5c6d7e8f9a01'))!;
    expect((await auditEntriesFor(db, 'staff', String(ada.staffId)))).toHaveLength(1);
    expect((await findActorByIdentity(db, 'aad-13', 'tenant-1'))?.name).toBe('Dev Head');
    expect((await staffCount(db))).toBe(6);
    expect((await auditCount(db))).toBe(7 + 1 + 3 + 1);
    expect((await verifyAuditChain(db)).problems).toEqual([]);
  });

  it('renames a council whose name changed in the file, with an audit row', async () => {
    const db = (await freshDb());
    (await importOk(db, fixture('staff-valid.csv')));
    const summary = (await importOk(db, fixture('staff-valid.csv').replaceAll('Westbay Test Council', 'Westbay Borough Council')));
    expect(summary).toMatchObject({ councilsCreated: [], councilsRenamed: ['WBTEST'], created: 0, updated: 0, unchanged: 5 });
    const wb = (await findCouncilByCode(db, 'WBTEST'))!;
    expect(wb.name).toBe('Westbay Borough Council');
    expect((await auditEntriesFor(db, 'council', String(wb.id))).at(-1)).toMatchObject({
      action: 'council.renamed',
      councilId: wb.id,
      details: { name: { from: 'Westbay Test Council', to: 'Westbay Borough Council' } },
    });
  });

  it('reports progress through the callback', async () => {
    const db = (await freshDb());
    const calls: [string, number, number][] = [];
    (await importStaffCsv(db, fixture('staff-valid.csv'), { clock, onProgress: (label, done, total) => calls.push([label, done, total]) }));
    expect(calls).toEqual([1, 2, 3, 4, 5].map((done) => ['Importing staff', done, 5]));
  });

  it('ships demo staff matching the local Teams client users', async () => {
    const db = (await freshDb());
    const summary = (await importOk(db, readFileSync('seed/demo-staff.csv', 'utf8')));
    expect(summary.councilsCreated).toEqual(['NWDEMO', 'WESTBAY']);
    expect((await listCouncils(db)).map((c) => [c.code, c.name])).toEqual([
      ['NWDEMO', 'Northshire Borough Council (demo)'],
      ['WESTBAY', 'Westbay Council (demo)'],
    ]);
    expect((await listStaffForAdmin(db)).map((s) => [s.aadObjectId, s.tenantId, s.name, s.councilCode, s.roles, s.approvalLimit])).toEqual([
      ['aad-0', 'tenant-1', 'Alex Wilber', 'NWDEMO', ['caseworker'], 0],
      ['aad-1', 'tenant-1', 'Priya Shah', 'NWDEMO', ['placements_officer'], 0],
      ['aad-2', 'tenant-1', 'Sam Okafor', 'NWDEMO', ['service_manager'], 150000],
      ['aad-3', 'tenant-1', 'Helen Brooks', 'NWDEMO', ['head_of_service', 'admin'], 0],
      ['aad-4', 'tenant-1', 'Tom Reilly', 'WESTBAY', ['caseworker'], 0],
      ['aad-5', 'tenant-1', 'Wendy Clarke', 'WESTBAY', ['admin'], 0],
    ]);
    expect((await listStaffForAdmin(db)).every((s) => s.email.endsWith(s.councilCode === 'NWDEMO' ? '@northshire.example' : '@westbay.example'))).toBe(true);
  });
});

describe('import-staff command (child process)', () => {
  it('prints a summary, and on a bad file prints row errors and exits 1', { timeout: 90_000 }, async () => {
    const t = (await createTempDb());
    cleanup = t.cleanup;
    const env = { ...process.env, ...databaseEnv(t.path), LOG_LEVEL: 'warn' };
    const run = (file: string) => spawnSync('npx', ['tsx', 'src/cli/index.ts', 'import-staff', file], { env, encoding: 'utf8', timeout: 60_000 });

    const ok = run('test/fixtures/staff-valid.csv');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('council created NWTEST');
    expect(ok.stdout).toContain('created NWTEST Cara Manager <cara.manager@northshire-test.example>');
    expect(ok.stdout.trim().split('\n').at(-1)).toBe('Staff: 5 created, 0 updated, 0 unchanged, 0 not in this file; 2 council(s) created.');

    const bad = run('test/fixtures/staff-broken-rows.csv');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('row 4, column approval_limit: a service_manager needs an approval limit above £0');
    expect(bad.stderr).toContain('The staff file has 6 problem(s); nothing was imported.');
    expect((await t.db.select({ n: count() }).from(staff))[0]?.n).toBe(5);
  });
});
