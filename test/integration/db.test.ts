import { afterEach, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { appendAudit, recordAudit, verifyAuditChain } from '../../src/db/repositories/audit.js';
import { writeTransaction } from '../../src/db/transaction.js';
import { auditLog, councils, staff } from '../../src/db/schema/index.js';
import { createTempDb, expectDbError } from '../support/db.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, migrationsPending, openDatabase, rawExecute, rawRows } from '../../src/db/client.js';

let cleanup: (() => Promise<void> | void) | undefined;
afterEach(() => cleanup?.());

describe('database', () => {
  it('opens with all migrations applied', async () => {
    const t = (await createTempDb());
    cleanup = t.cleanup;
    const tables = (
      await rawRows<{ name: string }>(
        t.db,
        t.db.$dialect === 'pg' ? sql`select table_name as name from information_schema.tables where table_schema = 'public'` : sql`select name from sqlite_master where type='table'`,
      )
    ).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['councils', 'staff', 'providers', 'provider_contacts', 'audit_log', 'conversation_references']));
    expect(await migrationsPending(t.db)).toBe(0);
  });

  // SQLite's own settings, whichever backend the rest of the suite runs on.
  it('SQLite: a file opens in WAL mode with foreign keys on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'placement-desk-sqlite-'));
    const db = await openDatabase(join(dir, 'placements.db'));
    cleanup = async () => {
      await closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    };
    expect(db.$dialect).toBe('sqlite');
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('SQLite: commits wait for the disk only at checkpoints (synchronous NORMAL) unless SQLITE_SYNCHRONOUS=full', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'placement-desk-sqlite-'));
    const byDefault = await openDatabase(join(dir, 'default.db'));
    const full = await openDatabase({ DB_PATH: join(dir, 'full.db'), SQLITE_SYNCHRONOUS: 'full' });
    cleanup = async () => {
      await closeDatabase(byDefault);
      await closeDatabase(full);
      rmSync(dir, { recursive: true, force: true });
    };
    // SQLite's numbers: 1 is NORMAL, 2 is FULL.
    expect(byDefault.$client.pragma('synchronous', { simple: true })).toBe(1);
    expect(full.$client.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('SQLite: a prepared statement is kept and reused, always in its default result mode, and never shared while it iterates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'placement-desk-sqlite-'));
    const db = await openDatabase(join(dir, 'placements.db'));
    cleanup = async () => {
      await closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    };
    (await db.insert(councils).values([{ code: 'AAA', name: 'Council A' }, { code: 'BBB', name: 'Council B' }]));
    const text = 'select code from councils order by code';
    const first = db.$client.prepare(text);
    expect(db.$client.prepare(text)).toBe(first);
    // Left in raw mode (as drizzle leaves its selects), the next caller still gets rows as objects.
    expect(first.raw().all()).toEqual([['AAA'], ['BBB']]);
    expect(db.$client.prepare(text).all()).toEqual([{ code: 'AAA' }, { code: 'BBB' }]);
    // While one caller iterates, the same query runs on a statement of its own.
    const codes: string[] = [];
    for (const row of first.iterate() as IterableIterator<{ code: string }>) {
      const inner = db.$client.prepare(text);
      expect(inner).not.toBe(first);
      codes.push(`${row.code}:${(inner.all() as { code: string }[]).length}`);
    }
    expect(codes).toEqual(['AAA:2', 'BBB:2']);
    // Drizzle's own queries through the kept statements give the same answers every time.
    for (let i = 0; i < 3; i++) expect((await db.select({ code: councils.code }).from(councils).orderBy(councils.code)).map((r) => r.code)).toEqual(['AAA', 'BBB']);
  });

  it('a failed transaction leaves nothing behind', async () => {
    const t = (await createTempDb());
    cleanup = t.cleanup;
    await expectDbError(() =>
      writeTransaction(t.db, async (tx) => {
        const c = (await tx.insert(councils).values({ code: 'HALTON', name: 'Halton' }).returning())[0]!;
        (await appendAudit(tx, new Date('2026-11-26T10:00:00Z'), {
          councilId: c.id, actorStaffId: null, actorLabel: 'test', action: 'council.created', entityType: 'council', entityId: String(c.id), details: {},
        }));
        // Violates the foreign key: no council 999.
        (await tx.insert(staff).values({ councilId: 999, name: 'X', email: 'x@example.org', aadObjectId: 'a', tenantId: 't', roles: ['caseworker'] }));
      }),
      /FOREIGN KEY|foreign key constraint/,
    );
    expect((await t.db.select({ n: count() }).from(councils))[0]?.n).toBe(0);
    expect((await t.db.select({ n: count() }).from(auditLog))[0]?.n).toBe(0);
  });

  it('refuses to change or delete audit entries, and the chain detects tampering below the triggers', async () => {
    const t = (await createTempDb());
    cleanup = t.cleanup;
    for (const action of ['a', 'b', 'c']) {
      (await recordAudit(t.db, new Date('2026-11-26T10:00:00Z'), {
        councilId: null, actorStaffId: null, actorLabel: 'test', action, entityType: 'thing', entityId: '1', details: { n: action },
      }));
    }
    expect((await verifyAuditChain(t.db))).toEqual({ checked: 3, problems: [] });
    await expectDbError(() => rawExecute(t.db, sql`update audit_log set action = 'x' where id = 2`), /append-only/);
    await expectDbError(() => rawExecute(t.db, sql`delete from audit_log where id = 2`), /append-only/);
    await rawExecute(t.db, t.db.$dialect === 'pg' ? sql`drop trigger audit_log_no_update on audit_log` : sql`drop trigger audit_log_no_update`);
    await rawExecute(t.db, sql`update audit_log set details = '{"n":"forged"}' where id = 2`);
    expect((await verifyAuditChain(t.db)).problems).toEqual([{ id: 2, problem: 'content does not match its hash' }]);
  });
});
