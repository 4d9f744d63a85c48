import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startDriver, type Driver } from '../support/driver.js';

let d: Driver | undefined;
afterEach(async () => {
  await d?.stop();
  d = undefined;
});

const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT_ID = '66666666-7777-4888-9999-000000000000';

describe('Bot Framework authentication', () => {
  it('with an app registration, a request without a valid token gets 401 and nothing is answered', async () => {
    d = await startDriver({ env: { BOT_ID: APP_ID, BOT_PASSWORD: 'secret', BOT_TENANT_ID: TENANT_ID } });
    const activity = {
      type: 'message', id: 'm1', channelId: 'msteams', serviceUrl: d.connector.url, text: 'whoami',
      from: { id: '29:aad-0', aadObjectId: 'aad-0' }, recipient: { id: '28:bot' },
      conversation: { id: 'a:1', conversationType: 'personal', tenantId: 'tenant-1' },
    };
    const missing = await d.post(activity);
    expect(missing.status).toBe(401);
    const forged = await d.post(activity, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
    expect(forged.status).toBe(401);
    expect(d.connector.sent).toHaveLength(0);
  });
});

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', DB_PATH: ':memory:', LOG_LEVEL: 'silent', PORT: '0', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += String(b)));
    const timer = setTimeout(() => child.kill('SIGTERM'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('npm start (production entry point)', () => {
  it('refuses to start without an app registration unless anonymous local mode is explicitly allowed', async () => {
    const r = await runMain({});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('BOT_ID/BOT_PASSWORD/BOT_TENANT_ID are not set');
  });

  it('refuses anonymous mode on a non-loopback address', async () => {
    const r = await runMain({ ALLOW_ANONYMOUS_LOCAL: 'true', HOST: '0.0.0.0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('loopback');
  });

  it('names a broken config value', async () => {
    const r = await runMain({ BOT_ID: 'not-a-guid', BOT_PASSWORD: 'x', BOT_TENANT_ID: TENANT_ID });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('BOT_ID must be the Microsoft App ID');
  });
});
