import { spawn, spawnSync } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase } from '../../src/db/client.js';
import { createTempDb } from '../support/db.js';

let cleanup: (() => Promise<void> | void) | undefined;
afterEach(() => cleanup?.());

function runWriter(dbPath: string, count: number, label: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/processes/audit-writer.ts', dbPath, String(count), label], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('the audit hash chain with several writers', () => {
  it('stays one linear chain when two processes append 1,000 entries each at the same time', { timeout: 120_000 }, async () => {
    const t = (await createTempDb());
    cleanup = t.cleanup;
    (await closeDatabase(t.db));
    const results = await Promise.all([runWriter(t.path, 1000, 'a'), runWriter(t.path, 1000, 'b')]);
    for (const r of results) expect(r.stderr, r.stderr).toBe('');
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'verify-audit'], { env: { ...process.env, ...databaseEnv(t.path), LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    expect(verify.stdout).toBe('');
    expect(verify.stderr).toContain('Audit log intact: 2000 entries checked.');
    expect(verify.status).toBe(0);
  });
});
