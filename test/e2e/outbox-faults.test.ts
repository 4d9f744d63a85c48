import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { outbox, referrals } from '../../src/db/schema/index.js';
import { databaseWithQueuedReferrals, deliveryTally as tally, exited, startProduction, waitUntil } from '../support/production.js';
import { startTestSmtp } from '../support/test-smtp-server.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function queuedEmails(dbPath: string) {
  const db = (await openDatabase(dbPath));
  try {
    return (await db.select().from(outbox).where(eq(outbox.kind, 'email')));
  } finally {
    (await closeDatabase(db));
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('the outbox under faults, with real production processes', () => {
  it('two processes on one database send each of 100 referrals exactly once', { timeout: 180_000 }, async () => {
    const world = await databaseWithQueuedReferrals(100);
    cleanups.push(world.cleanup);
    const expected = (await queuedEmails(world.dbPath)).map((o) => o.messageId!);
    expect(expected).toHaveLength(100);
    const smtp = await startTestSmtp({ acceptDelayMs: 5 });
    cleanups.push(() => smtp.close());
    const a = startProduction(world.dbPath, { SMTP_PORT: String(smtp.port), SMTP_HOST: '127.0.0.1', INSTANCE_ID: 'instance-a' });
    const b = startProduction(world.dbPath, { SMTP_PORT: String(smtp.port), SMTP_HOST: '127.0.0.1', INSTANCE_ID: 'instance-b' });
    cleanups.push(() => a.kill('SIGKILL'), () => b.kill('SIGKILL'));
    await waitUntil(() => smtp.received.length >= 100, 120_000, 'the referrals to be sent');
    await new Promise((r) => setTimeout(r, 4_000)); // more polls by both: nothing more may go
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    await Promise.all([exited(a), exited(b)]);
    expect(tally(smtp.received, expected)).toEqual({ lost: 0, unexpected: 0, repeats: 0 });
    const db = (await openDatabase(world.dbPath));
    cleanups.push(() => closeDatabase(db));
    expect((await db.select().from(referrals)).every((r) => r.status === 'sent')).toBe(true);
    const sent = (await db.select().from(outbox).where(eq(outbox.kind, 'email')));
    expect(sent.every((o) => o.status === 'sent' && o.attempts === 1)).toBe(true);
  });

  it('killed (SIGKILL) at random moments ten times while sending, then left to finish: no referral lost, none sent under a second Message-ID', { timeout: 240_000 }, async () => {
    const world = await databaseWithQueuedReferrals(200);
    cleanups.push(world.cleanup);
    const expected = (await queuedEmails(world.dbPath)).map((o) => o.messageId!);
    // The server, not the machine, sets the pace: at most 2 in flight × 250 ms each is 8 messages a second,
    // so ten kills (each at most 1.5 s after the first send) always fall while sending, however fast the machine.
    const smtp = await startTestSmtp({ acceptDelayMs: 250 });
    cleanups.push(() => smtp.close());
    const env = { SMTP_PORT: String(smtp.port), SMTP_HOST: '127.0.0.1', OUTBOX_CONCURRENCY: '2' };
    let kills = 0;
    // Seeded, so a failure can be replayed: the moments of the kills in milliseconds after each start.
    let seed = 20261201;
    const nextDelay = () => 600 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 900);
    while (kills < 10 && smtp.received.length < expected.length) {
      const child = startProduction(world.dbPath, env);
      cleanups.push(() => child.kill('SIGKILL'));
      const receivedBefore = smtp.received.length;
      await waitUntil(() => smtp.received.length > receivedBefore || child.exitCode !== null, 60_000, 'the process to start sending');
      await new Promise((r) => setTimeout(r, nextDelay()));
      child.kill('SIGKILL');
      await exited(child);
      kills++;
    }
    expect(kills).toBe(10);
    const last = startProduction(world.dbPath, env);
    cleanups.push(() => last.kill('SIGKILL'));
    await waitUntil(() => new Set(smtp.received.map((m) => m.parsed.messageId)).size >= expected.length, 120_000, 'every referral to be sent');
    // A message a killed process handed to SMTP but never recorded is sent again (same Message-ID) once its
    // claim lapses: wait for every row to be recorded as sent, then a while longer, in which nothing more may go.
    const watch = await openDatabase(world.dbPath);
    await waitUntil(async () => (await watch.select().from(outbox).where(eq(outbox.kind, 'email'))).every((o) => o.status === 'sent'), 60_000, 'every e-mail to be recorded as sent');
    await closeDatabase(watch);
    await new Promise((r) => setTimeout(r, 6_000));
    last.kill('SIGTERM');
    await exited(last);
    const result = tally(smtp.received, expected);
    process.stdout.write(`outbox SIGKILL loop: ${kills} kills, ${expected.length} referrals, ${smtp.received.length} deliveries, lost ${result.lost}, unexpected ${result.unexpected}, repeated with the same Message-ID ${result.repeats}\n`);
    expect(result.lost).toBe(0);
    expect(result.unexpected).toBe(0);
    const rows = (await queuedEmails(world.dbPath));
    expect(rows.every((o) => o.status === 'sent')).toBe(true);
    // Every repeat the server saw is one an interrupted attempt accounts for.
    expect(result.repeats).toBeLessThanOrEqual(rows.reduce((n, o) => n + o.interruptedAttempts, 0));
  });

  it('a real 60-second SMTP outage: nothing is given up, and the queue drains soon after the server answers again', { timeout: 240_000 }, async () => {
    const world = await databaseWithQueuedReferrals(20);
    cleanups.push(world.cleanup);
    const expected = (await queuedEmails(world.dbPath)).map((o) => o.messageId!);
    const port = await freePort();
    const child = startProduction(world.dbPath, { SMTP_PORT: String(port), SMTP_HOST: '127.0.0.1' });
    cleanups.push(() => child.kill('SIGKILL'));
    await new Promise((r) => setTimeout(r, 60_000));
    const during = (await queuedEmails(world.dbPath));
    expect(during.every((o) => o.status === 'pending' && o.attempts >= 1 && o.lastErrorTransient)).toBe(true);
    const smtp = await startTestSmtp({ port });
    cleanups.push(() => smtp.close());
    // Each item's own backoff is minutes by now; the outage probe (every 30 s) finds the server and pulls the rest forward.
    await waitUntil(() => smtp.received.length >= expected.length, 90_000, 'the queue to drain after the outage');
    child.kill('SIGTERM');
    await exited(child);
    expect(tally(smtp.received, expected)).toEqual({ lost: 0, unexpected: 0, repeats: 0 });
  });
});
