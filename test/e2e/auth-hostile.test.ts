import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { databaseEnv, newTestDatabase } from '../support/test-database.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { startBotIdentity, type BotIdentity } from '../support/bot-identity.js';
import { cast, importCastStaff, WESTBAY } from '../support/councils.js';
import { startDriver, type Driver } from '../support/driver.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';
import { INTERNALS, MALFORMED_ACTIVITIES, type HostileCase } from '../support/hostile-http.js';
import type { TestPerson } from '../support/people.js';

/** Issue 11, finding 9: malformed activities get a 400 with a generic message, in dev mode and with real authentication. */

const ENV_APP = '0e0e0e0e-4444-4444-8444-0000000000ee';

function validMessage(p: TestPerson, serviceUrl: string, recipientId: string): Record<string, any> {
  return {
    type: 'message', id: 'hostile-1', timestamp: new Date().toISOString(), channelId: 'msteams', serviceUrl, text: 'whoami', textFormat: 'plain',
    from: { id: p.teamsId, name: p.name, aadObjectId: p.aadObjectId }, recipient: { id: recipientId, name: 'Placement Desk' },
    conversation: { id: `a:personal-${p.aadObjectId}`, conversationType: 'personal', tenantId: p.tenantId },
    channelData: { tenant: { id: p.tenantId } },
  };
}

async function sendRaw(url: string, c: HostileCase, valid: Record<string, any>, authorization?: string) {
  const headers: Record<string, string> = { ...(c.headers ?? {}), ...(authorization ? { authorization } : {}) };
  if (c.contentType !== null) headers['content-type'] = c.contentType ?? 'application/json';
  const body = c.body(valid);
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, text: await res.text() };
}

interface Mode {
  name: string;
  start(): Promise<{ d: Driver; person: TestPerson; recipientId: string; authorize(serviceUrl: string): string | undefined; stop(): Promise<void> }>;
}

const MODES: Mode[] = [
  {
    name: 'anonymous dev mode',
    async start() {
      const d = await startDriver();
      return { d, person: d.people.caseworker, recipientId: '28:placement-desk-bot', authorize: () => undefined, stop: () => d.stop() };
    },
  },
  {
    name: 'production authentication',
    async start() {
      const identity = await startBotIdentity();
      identity.setAppSecret(WESTBAY.tenantId, ENV_APP, 'environment-secret');
      const d = await startDriver({
        env: { ALLOW_ANONYMOUS_LOCAL: 'false', BOT_ID: ENV_APP, BOT_PASSWORD: 'environment-secret', BOT_TENANT_ID: WESTBAY.tenantId, ...identity.env },
        seedWith: importCastStaff,
      });
      return {
        d,
        person: cast.westCaseworker,
        recipientId: `28:${ENV_APP}`,
        authorize: (serviceUrl) => identity.channelAuthorization({ appId: ENV_APP, serviceUrl }),
        stop: async () => {
          await d.stop();
          await identity.close();
        },
      };
    },
  },
];

describe.each(MODES)('hostile HTTP in $name', (mode) => {
  let env: Awaited<ReturnType<Mode['start']>>;
  beforeAll(async () => {
    env = await mode.start();
  });
  afterAll(async () => {
    await env.stop();
  });
  const valid = () => validMessage(env.person, env.d.connector.url, env.recipientId);

  it('has at least 15 named malformed cases', () => {
    expect(new Set(MALFORMED_ACTIVITIES.map((c) => c.name)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(MALFORMED_ACTIVITIES)('answers "$name" with 400 and a generic message', async (c) => {
    const before = env.d.connector.sent.length;
    const r = await sendRaw(env.d.app.server.url, c, valid(), env.authorize(env.d.connector.url));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toEqual({ error: 'Bad request' });
    expect(env.d.connector.sent.length).toBe(before);
  });

  it('still answers a good request after all of them', async () => {
    const r = await sendRaw(env.d.app.server.url, { name: 'good', body: (v) => JSON.stringify(v) }, valid(), env.authorize(env.d.connector.url));
    expect(r.status).toBe(200);
    expect(env.d.connector.sent.at(-1)?.activity.attachments?.[0]?.content).toBeDefined();
  });

  it('answers an unknown invoke with 501 and no internals', async () => {
    const invoke = { ...valid(), type: 'invoke', name: 'composeExtension/unknownThing', value: { anything: true }, text: undefined };
    const r = await sendRaw(env.d.app.server.url, { name: 'unknown invoke', body: () => JSON.stringify(invoke) }, valid(), env.authorize(env.d.connector.url));
    expect(r.status).toBe(501);
    expect(r.text).not.toMatch(INTERNALS);
  });

  it('answers a card button with an unknown verb cleanly, without internals', async () => {
    const invoke = {
      ...valid(), type: 'invoke', name: 'adaptiveCard/action', text: undefined,
      value: { action: { type: 'Action.Execute', verb: 'no.such.verb', data: { x: 1 } }, trigger: 'manual' },
    };
    const r = await sendRaw(env.d.app.server.url, { name: 'unknown verb', body: () => JSON.stringify(invoke) }, valid(), env.authorize(env.d.connector.url));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(502);
    expect(r.text).not.toMatch(INTERNALS);
  });

  it('answers other methods with 405 and unknown paths with 404', async () => {
    const get = await fetch(`${env.d.app.server.url}/api/messages`);
    expect(get.status).toBe(405);
    const elsewhere = await fetch(`${env.d.app.server.url}/api/../../etc/passwd`, { method: 'POST' });
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.text()).not.toMatch(INTERNALS);
  });
});

/**
 * The production entry point under a scan: every refused request is one log line (JSON, through the
 * logger), botbuilder's own console output arrives as debug lines of the same logger, no stack trace
 * reaches stdout or stderr, and the process is still serving afterwards.
 */
describe('npm start under a scan of hostile requests', () => {
  let identity: BotIdentity;
  let connector: FakeConnector;
  let child: ChildProcessWithoutNullStreams;
  let dir: string;
  let stdout = '';
  let stderr = '';
  let url = '';

  beforeAll(async () => {
    identity = await startBotIdentity();
    identity.setAppSecret(WESTBAY.tenantId, ENV_APP, 'environment-secret');
    connector = await startFakeConnector();
    dir = mkdtempSync(join(tmpdir(), 'placement-desk-scan-'));
    const dbPath = await newTestDatabase(join(dir, 'placements.db'));
    const db = (await openDatabase(dbPath));
    (await importCastStaff(db));
    (await closeDatabase(db));
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', ...databaseEnv(dbPath), LOG_LEVEL: 'debug',
        REPLY_TOKEN_SECRET: 'scan-test-reply-token-secret-0123456789', BOT_ID: ENV_APP, BOT_PASSWORD: 'environment-secret', BOT_TENANT_ID: WESTBAY.tenantId,
        ...identity.env,
      },
    });
    child.stdout.on('data', (b) => (stdout += String(b)));
    child.stderr.on('data', (b) => (stderr += String(b)));
    const deadline = Date.now() + 30_000;
    while (!url) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the bot did not start: ${stderr}${stdout}`);
      const line = stdout.split('\n').find((l) => l.includes('listening on /api/messages'));
      if (line) url = JSON.parse(line).url as string;
      else await new Promise((r) => setTimeout(r, 100));
    }
  }, 40_000);
  afterAll(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await connector.close();
    await identity.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs one line per refused request, no stack anywhere, and keeps serving', async () => {
    const valid = validMessage(cast.westCaseworker, connector.url, `28:${ENV_APP}`);
    const goodToken = identity.channelAuthorization({ appId: ENV_APP, serviceUrl: connector.url });
    const unauthenticated: HostileCase[] = [
      { name: 'no token', body: (v) => JSON.stringify(v) },
      { name: 'expired token', headers: { authorization: identity.channelAuthorization({ appId: ENV_APP, serviceUrl: connector.url, expiresIn: -600 }) }, body: (v) => JSON.stringify(v) },
      { name: 'forged token', headers: { authorization: identity.channelAuthorization({ appId: ENV_APP, serviceUrl: connector.url, forgedKey: true }) }, body: (v) => JSON.stringify(v) },
      { name: 'unknown app', headers: { authorization: identity.channelAuthorization({ appId: '0f0f0f0f-0000-4000-8000-000000000000', serviceUrl: connector.url }) }, body: (v) => JSON.stringify(v) },
    ];
    const refusedLinesBefore = stdout.split('\n').filter((l) => l.includes('"bot request refused"')).length;
    let refused = 0;
    for (const c of MALFORMED_ACTIVITIES) {
      const r = await sendRaw(url, c, valid, goodToken);
      expect(r.status, c.name).toBe(400);
      expect(r.text, c.name).not.toMatch(INTERNALS);
      refused++;
    }
    for (const c of unauthenticated) {
      const r = await sendRaw(url, c, valid);
      expect(r.status, c.name).toBe(401);
      expect(r.text, c.name).toBe(JSON.stringify({ error: 'Unauthorized' }));
      refused++;
    }
    const good = await sendRaw(url, { name: 'good', body: (v) => JSON.stringify(v) }, valid, goodToken);
    expect(good.status).toBe(200);
    expect(connector.sent.length).toBeGreaterThan(0);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(child.exitCode).toBeNull();

    await new Promise((r) => setTimeout(r, 200));
    const lines = stdout.split('\n').filter((l) => l !== '');
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, any>;
      } catch {
        throw new Error(`a line on stdout is not a log entry: ${l.slice(0, 200)}`);
      }
    });
    expect(parsed.filter((e) => e.msg === 'bot request refused').length - refusedLinesBefore).toBe(refused);
    expect(parsed.filter((e) => e.level >= 50)).toEqual([]);
    // botbuilder did talk (the expired and forged tokens), but only as debug entries of our logger.
    expect(parsed.some((e) => e.msg === 'library console output' && e.level === 20)).toBe(true);
    expect(stdout).not.toMatch(/\n\s+at |\\n\s+at /);
    expect(stderr).toBe('');
  });
});
