import { spawnSync } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { closeDatabase, openDatabase, rawExecute } from '../../src/db/client.js';
import { recordAudit } from '../../src/db/repositories/audit.js';
import { createTempDb } from '../support/db.js';

let cleanup: (() => Promise<void> | void) | undefined;
afterEach(() => cleanup?.());

function verify(dbPath: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'verify-audit'], { env: { ...process.env, ...databaseEnv(dbPath), LOG_LEVEL: 'silent' }, encoding: 'utf8' });
}

describe('npm run cli -- verify-audit', () => {
  it('passes an intact chain and names the entry an attacker edited below the triggers', { timeout: 60_000 }, async () => {
    const t = (await createTempDb());
    cleanup = t.cleanup;
    for (const action of ['request.submitted', 'appraisal.confirmed', 'award.approved']) {
      (await recordAudit(t.db, new Date('2026-11-26T10:00:00Z'), { councilId: 1, actorStaffId: 2, actorLabel: 'staff:2', action, entityType: 'placement_request', entityId: '1', details: { annualValuePence: 12_540_000 } }));
    }
    (await closeDatabase(t.db));
    const ok = verify(t.path);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('Audit log intact: 3 entries checked.');

    const db = (await openDatabase(t.path));
    await rawExecute(db, db.$dialect === 'pg' ? sql`DROP TRIGGER audit_log_no_update ON audit_log` : sql`DROP TRIGGER audit_log_no_update`);
    await rawExecute(db, sql`UPDATE audit_log SET details = '{"annualValuePence":99}' WHERE action = 'award.approved'`);
    (await closeDatabase(db));
    const bad = verify(t.path);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('entry 3: content does not match its hash');
    expect(bad.stderr).toContain('Audit log FAILED');
  });
});
