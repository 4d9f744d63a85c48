import { spawn, type ChildProcess } from 'node:child_process';
import { copyTestDatabase, databaseEnv } from '../support/test-database.js';
import { mkdtempSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { outbox, referrals } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { findAction, inputValues, startDriver } from '../support/driver.js';
import { requestAtReferralStage, seedCallOffProviders } from '../support/flows.js';
import { startTestSmtp, type TestSmtp } from '../support/test-smtp-server.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An SMTP server that accepts connections and never answers: a send hangs there until the process dies. */
async function startSilentSmtp() {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => sockets.length,
    close: () => new Promise<void>((r) => { sockets.forEach((s) => s.destroy()); server.close(() => r()); }),
  };
}

/** `npm start`'s entry point as a real child process (anonymous, loopback only), so it can be killed with SIGKILL. */
function startProduction(dbPath: string, smtpPort: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      ...databaseEnv(dbPath),
      PORT: '0',
      HOST: '127.0.0.1',
      ALLOW_ANONYMOUS_LOCAL: 'true',
      LOG_LEVEL: 'silent',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      MAIL_FROM: 'Northshire Placements <placements@northshire.example>',
      REPLY_DOMAIN: 'replies.northshire.example',
      REPLY_TOKEN_SECRET: 'test-reply-token-secret-0123456789abcdef',
      // A dead process's claims lapse this soon, so its items are taken over by the next process.
      OUTBOX_CLAIM_SECONDS: '5',
    },
    stdio: 'ignore',
  });
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('outbox across a crash', () => {
  it('a process killed (SIGKILL) after the commit and before the send loses no referral, and sends each once after restart', { timeout: 90_000 }, async () => {
    // Referrals committed to the outbox by the real app, with delivery held back.
    // The child processes run on the real clock, so the outbox rows must already be due then.
    const d = await startDriver({ clock: fixedClock('2026-11-20T10:00:00Z'), deliverOnCommit: false });
    cleanups.push(() => d.stop());
    (await seedCallOffProviders(d));
    await requestAtReferralStage(d);
    const card = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
    await d.click(d.people.placementsOfficer, 'shortlist.send', { ...inputValues(card), ...findAction(card, 'shortlist.send').data });
    await d.app.stop();
    const dir = mkdtempSync(join(tmpdir(), 'placement-desk-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = await copyTestDatabase(d.dbPath, join(dir, 'placements.db'));
    await d.restart(); // so the driver can stop cleanly

    // First life: the dispatcher picks the e-mails up and hangs on an SMTP server that never answers; then SIGKILL.
    const silent = await startSilentSmtp();
    cleanups.push(() => silent.close());
    const first = startProduction(dbPath, silent.port);
    cleanups.push(() => first.kill('SIGKILL'));
    await waitUntil(() => silent.connections() > 0, 30_000, 'the first process to start sending');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const check = (await openDatabase(dbPath));
    const pending = (await check.select().from(outbox).where(eq(outbox.kind, 'email')));
    expect(pending).toHaveLength(3);
    expect(pending.every((o) => o.status === 'pending')).toBe(true);
    // The attempts were recorded as in flight (claimed, counted) before the SMTP conversation began.
    expect(pending.every((o) => o.attempts === 1 && o.claimedBy !== null && o.claimExpiresAt !== null)).toBe(true);
    expect((await check.select().from(referrals)).every((r) => r.status === 'queued')).toBe(true);
    (await closeDatabase(check));

    // Second life, with a working SMTP server: every referral goes out exactly once.
    const smtp: TestSmtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const second = startProduction(dbPath, smtp.port);
    cleanups.push(() => second.kill('SIGKILL'));
    await waitUntil(() => smtp.received.length >= 3, 30_000, 'the referrals to be sent after restart');
    await new Promise((r) => setTimeout(r, 3_000)); // more polls of the outbox: nothing more may go
    expect(smtp.received).toHaveLength(3);
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(3);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    const after = (await openDatabase(dbPath));
    expect((await after.select().from(referrals)).every((r) => r.status === 'sent')).toBe(true);
    // The second process knew the first attempts had been interrupted, and sent with the Message-IDs fixed at queueing.
    const delivered = (await after.select().from(outbox).where(eq(outbox.kind, 'email')));
    expect(delivered.every((o) => o.status === 'sent' && o.interruptedAttempts === 1 && o.claimedBy === null)).toBe(true);
    expect(new Set(smtp.received.map((m) => m.parsed.messageId))).toEqual(new Set(delivered.map((o) => o.messageId)));
    (await closeDatabase(after));
  });
});
