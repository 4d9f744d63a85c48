import { createHash } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { findInboundMessage, getCursor, markInbound } from '../../src/db/repositories/inbound.js';
import { inboundMessages, mailboxLeases } from '../../src/db/schema/inbound.js';
import { systemClock } from '../../src/domain/clock.js';
import { startEmbeddedImap } from '../../src/dev/embedded-imap.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { AppendError, appendToMailbox } from '../../src/mail/inbound/append-message.js';
import {
  createMailboxReader,
  MailboxReaderConfigError,
  type MailboxReader,
  type MailboxReaderOptions,
  type SweepResult,
} from '../../src/mail/inbound/mailbox-reader.js';
import { M365_IMAP_SCOPE } from '../../src/mail/inbound/oauth-token.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { createTempDb } from '../support/db.js';
import { startTestImap, type TestImap, type TestImapOptions } from '../support/test-imap-server.js';

/** A provider's reply (fictional). The child's initials and the fee must never reach the log. */
function reply(n: number, extra = ''): Buffer {
  return Buffer.from(
    [
      'From: Heron Bank School <admissions@heronbank.example>',
      `To: reply+${n}.a1b2c3@reply.westbay.example`,
      `Subject: Re: Referral PR-2026-00${n} Heron Bank`,
      `Message-ID: <offer-${n}@heronbank.example>`,
      `In-Reply-To: <referral.${n}.r1@reply.westbay.example>`,
      `References: <thread-${n}@reply.westbay.example> <referral.${n}.r1@reply.westbay.example>`,
      'Date: Tue, 08 Dec 2026 10:15:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      `We can offer J.S. a place from 4 January. Weekly fee £1,2${n}0.${extra}`,
      '',
    ].join('\r\n'),
    'utf8',
  );
}

const sha256 = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function capturingLogger(): { log: Logger; lines: string[]; entries: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  return {
    log: createLogger('debug', { write: (s: string) => void lines.push(s) }),
    lines,
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

function imapConfig(imap: { port: number; user: string; password?: string }, extra: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    IMAP_HOST: '127.0.0.1',
    IMAP_PORT: String(imap.port),
    IMAP_USER: imap.user,
    ...(imap.password ? { IMAP_PASSWORD: imap.password } : {}),
    ...extra,
  });
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDb(): Promise<{ db: Db; path: string }> {
  const temp = (await createTempDb());
  cleanups.push(temp.cleanup);
  return temp;
}

async function testImap(options?: TestImapOptions): Promise<TestImap> {
  const imap = await startTestImap(options);
  cleanups.push(() => imap.close());
  return imap;
}

/** Routing as the colleague's code does it: it records an outcome on the row. */
function routing(db: Db) {
  const calls: number[] = [];
  return {
    calls,
    process: async (id: number) => {
      calls.push(id);
      (await markInbound(db, id, { status: 'routed' }));
    },
  };
}

const FAST: Partial<MailboxReaderOptions> = {
  sweepIntervalMs: 60_000,
  backoffInitialMs: 20,
  backoffMaxMs: 100,
  autoIdleDelayMs: 20,
  stopGraceMs: 2_000,
};

function reader(deps: ServiceDeps, options: MailboxReaderOptions): MailboxReader {
  const r = createMailboxReader(deps, { ...FAST, ...options });
  cleanups.push(() => r.stop());
  return r;
}

function depsFor(db: Db, config: Config, log: Logger): ServiceDeps {
  return { config, db, clock: systemClock, log };
}

/** A client like the reader's own, kept so a test can see when it idles or closes. */
function recordingConnect(imap: TestImap, clients: ImapFlow[]): () => ImapFlow {
  return () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: imap.port,
      secure: false,
      auth: { user: imap.user, pass: imap.password },
      logger: false,
      autoIdleDelay: 20,
    });
    clients.push(client);
    return client;
  };
}

async function rows(db: Db) {
  return (await db.select().from(inboundMessages).orderBy(inboundMessages.id));
}

function assertNothingPrivateLogged(lines: string[]): void {
  const all = lines.join('\n');
  for (const secret of ['heronbank.example', 'reply.westbay.example', 'Referral PR-2026', 'J.S.', '£1,2', 'Heron Bank']) {
    expect(all, `log must not contain "${secret}"`).not.toContain(secret);
  }
}

describe('mailbox reader against a real IMAP server', () => {
  it('stores each message once with its headers, then moves it to Processed', async () => {
    const first = reply(1);
    const second = reply(2);
    const imap = await testImap({ inbox: [first, second] });
    const { db } = (await tempDb());
    const { log, lines } = capturingLogger();
    const route = routing(db);
    const r = reader(depsFor(db, imapConfig(imap), log), { process: route.process });

    expect(await r.sweepOnce()).toEqual({ seen: 2, stored: 2, duplicates: 0, processed: 2, quarantined: 0 });

    const stored = (await rows(db));
    expect(stored.map((m) => m.sha256)).toEqual([sha256(first), sha256(second)]);
    expect(Buffer.compare(stored[0]!.raw, first)).toBe(0);
    expect(stored[0]).toMatchObject({
      mailbox: 'placements@westbay.example/INBOX',
      uidValidity: 1,
      uid: 1,
      sizeBytes: first.length,
      fromAddress: 'admissions@heronbank.example',
      toAddresses: ['reply+1.a1b2c3@reply.westbay.example'],
      subject: 'Re: Referral PR-2026-001 Heron Bank',
      messageIdHeader: '<offer-1@heronbank.example>',
      inReplyTo: '<referral.1.r1@reply.westbay.example>',
      references: ['<thread-1@reply.westbay.example>', '<referral.1.r1@reply.westbay.example>'],
      status: 'routed',
      problem: null,
    });
    expect(route.calls).toEqual(stored.map((m) => m.id));

    expect(imap.list('INBOX')).toEqual([]);
    expect(imap.list('Processed')).toEqual([first, second]);
    expect(imap.list('Quarantine')).toEqual([]);
    expect((await getCursor(db, r.mailboxKey))).toMatchObject({ uidValidity: 1, lastUid: 2 });

    expect(lines.some((l) => l.includes('"stored":2'))).toBe(true);
    assertNothingPrivateLogged(lines);
  });

  it('keeps one row for the same message delivered twice, and moves both copies', async () => {
    const message = reply(3);
    const imap = await testImap({ inbox: [message, message] });
    const { db } = (await tempDb());
    const route = routing(db);
    const r = reader(depsFor(db, imapConfig(imap), capturingLogger().log), { process: route.process });

    expect(await r.sweepOnce()).toEqual({ seen: 2, stored: 1, duplicates: 1, processed: 1, quarantined: 0 });
    expect((await rows(db))).toHaveLength(1);
    expect(route.calls).toHaveLength(1);
    expect(imap.list('Processed')).toEqual([message, message]);

    // A third copy arriving later is recognised too, and not routed again.
    imap.deliver(message);
    expect(await r.sweepOnce()).toEqual({ seen: 1, stored: 0, duplicates: 1, processed: 0, quarantined: 0 });
    expect((await rows(db))).toHaveLength(1);
    expect(route.calls).toHaveLength(1);
    expect(imap.list('INBOX')).toEqual([]);
    expect(imap.list('Processed')).toHaveLength(3);
  });

  it('after a crash between store and move, the restarted reader processes the still-stored message again and moves it', async () => {
    const message = reply(4);
    const imap = await testImap({ inbox: [message] });
    const { db } = (await tempDb());
    const calls: number[] = [];
    const process = async (id: number) => {
      calls.push(id);
      if (calls.length === 1) {
        // The process dies after the row is committed, before routing records anything or the move.
        imap.dropConnections();
        return;
      }
      (await markInbound(db, id, { status: 'routed' }));
    };
    const crashed = createMailboxReader(depsFor(db, imapConfig(imap), capturingLogger().log), { ...FAST, process, holderId: 'crashed', leaseTtlMs: 1_500 });
    await expect(crashed.sweepOnce()).rejects.toThrow();
    expect((await rows(db))).toHaveLength(1);
    expect((await rows(db))[0]!.status).toBe('stored');
    expect(imap.list('INBOX')).toEqual([message]);

    // The crashed process never released its lease: the new one waits for it to expire.
    const restarted = reader(depsFor(db, imapConfig(imap), capturingLogger().log), { process, holderId: 'restarted', leaseTtlMs: 1_500 });
    expect(await restarted.sweepOnce()).toEqual({ seen: 0, stored: 0, duplicates: 0, processed: 0, quarantined: 0 });
    let result: SweepResult | undefined;
    await waitFor(async () => (result = await restarted.sweepOnce()).seen > 0, 'the expired lease to be taken over');

    expect(result).toEqual({ seen: 1, stored: 0, duplicates: 1, processed: 1, quarantined: 0 });
    expect((await rows(db))).toHaveLength(1);
    expect(calls).toEqual([(await rows(db))[0]!.id, (await rows(db))[0]!.id]);
    expect((await rows(db))[0]!.status).toBe('routed');
    expect(imap.list('INBOX')).toEqual([]);
    expect(imap.list('Processed')).toEqual([message]);
  });

  it('after a crash once routing has recorded an outcome, the restarted reader only moves the message', async () => {
    const message = reply(5);
    const imap = await testImap({ inbox: [message] });
    const { db } = (await tempDb());
    const calls: number[] = [];
    const process = async (id: number) => {
      calls.push(id);
      (await markInbound(db, id, { status: 'triage' }));
      if (calls.length === 1) imap.dropConnections();
    };
    const first = reader(depsFor(db, imapConfig(imap), capturingLogger().log), { process, holderId: 'same-host' });
    await expect(first.sweepOnce()).rejects.toThrow();
    await first.stop();
    expect(imap.list('INBOX')).toEqual([message]);

    const second = reader(depsFor(db, imapConfig(imap), capturingLogger().log), { process, holderId: 'same-host' });
    expect(await second.sweepOnce()).toEqual({ seen: 1, stored: 0, duplicates: 1, processed: 0, quarantined: 0 });
    expect(calls).toHaveLength(1);
    expect((await rows(db)).map((m) => m.status)).toEqual(['triage']);
    expect(imap.list('Processed')).toEqual([message]);
  });

  it('quarantines a message whose processing fails, keeping the reason on the row, and a redelivery follows it there', async () => {
    const message = reply(6);
    const imap = await testImap({ inbox: [message] });
    const { db } = (await tempDb());
    const { log, lines } = capturingLogger();
    let calls = 0;
    const process = async () => {
      calls += 1;
      throw Object.assign(new Error('No referral matches reply token 6.a1b2c3'), { code: 'ROUTE_FAILED' });
    };
    const r = reader(depsFor(db, imapConfig(imap), log), { process });

    expect(await r.sweepOnce()).toEqual({ seen: 1, stored: 1, duplicates: 0, processed: 0, quarantined: 1 });
    expect((await rows(db))).toMatchObject([{ status: 'quarantined', problem: 'No referral matches reply token 6.a1b2c3' }]);
    expect(imap.list('Quarantine')).toEqual([message]);
    expect(imap.list('Processed')).toEqual([]);
    expect(imap.list('INBOX')).toEqual([]);
    const warning = capturedEntry(lines, 'processing failed: message quarantined (reason stored on the row)');
    expect(warning).toMatchObject({ uid: 1, inboundId: (await rows(db))[0]!.id, code: 'ROUTE_FAILED' });

    imap.deliver(message);
    expect(await r.sweepOnce()).toEqual({ seen: 1, stored: 0, duplicates: 1, processed: 0, quarantined: 1 });
    expect(calls).toBe(1);
    expect(imap.list('Quarantine')).toEqual([message, message]);
    assertNothingPrivateLogged(lines);
  });

  it('moves a message over the size limit to Quarantine without storing it, logging why', async () => {
    const big = reply(7, ` ${'x'.repeat(2_000)}`);
    const small = reply(8);
    const imap = await testImap({ inbox: [big, small] });
    const { db } = (await tempDb());
    const { log, lines } = capturingLogger();
    const route = routing(db);
    const r = reader(depsFor(db, imapConfig(imap), log), { process: route.process, maxMessageBytes: 1_500 });

    expect(await r.sweepOnce()).toEqual({ seen: 2, stored: 1, duplicates: 0, processed: 1, quarantined: 1 });
    expect((await rows(db)).map((m) => m.sha256)).toEqual([sha256(small)]);
    expect(imap.list('Quarantine')).toEqual([big]);
    expect(imap.list('Processed')).toEqual([small]);
    expect(capturedEntry(lines, 'message larger than the limit: moved to quarantine without storing it')).toMatchObject({
      uid: 1,
      size: big.length,
      maxMessageBytes: 1_500,
    });
  });

  it('reads a message pushed during IDLE, and after the connection drops reconnects with a new client and reads the next one', async () => {
    const imap = await testImap({ inbox: [reply(9)] });
    const { db } = (await tempDb());
    const route = routing(db);
    const clients: ImapFlow[] = [];
    const { log, lines } = capturingLogger();
    const r = reader(depsFor(db, imapConfig(imap), log), { process: route.process, connect: recordingConnect(imap, clients) });
    r.start();

    await waitFor(() => imap.list('Processed').length === 1, 'the first message to be processed');
    await waitFor(() => clients[0]?.idling === true, 'the client to IDLE');
    imap.deliver(reply(10));
    // The periodic sweep is a minute away: only the IDLE push can bring this one in.
    await waitFor(() => imap.list('Processed').length === 2, 'the pushed message to be processed');

    imap.dropConnections();
    await waitFor(() => clients.length === 2 && clients[1]!.idling, 'a new client to connect and IDLE');
    expect(clients[0]!.usable).toBe(false);
    imap.deliver(reply(11));
    await waitFor(() => imap.list('Processed').length === 3, 'the message delivered after the reconnect');

    expect((await rows(db))).toHaveLength(3);
    expect(route.calls).toHaveLength(3);
    expect(imap.list('INBOX')).toEqual([]);
    expect(capturedEntry(lines, 'IMAP connection closed: reconnecting')).toMatchObject({ retryInMs: 20 });
  });

  it('backs off exponentially, up to the cap, while the server cannot be reached', async () => {
    const closedPort = await freePort();
    const { db } = (await tempDb());
    const { log, lines } = capturingLogger();
    const r = reader(depsFor(db, imapConfig({ port: closedPort, user: 'placements@westbay.example', password: 'x' }), log), {
      process: async () => undefined,
      backoffInitialMs: 10,
      backoffMaxMs: 50,
    });
    r.start();
    const failures = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.msg === 'mailbox sweep failed');
    await waitFor(() => failures().length >= 5, 'five failed attempts');
    await r.stop();
    expect(failures().slice(0, 5).map((e) => e.retryInMs)).toEqual([10, 20, 40, 50, 50]);
    // The reason reaches the log (the logger's error serializer needs the error itself).
    expect(failures()[0]!.err).toMatchObject({ code: 'ECONNREFUSED', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('rescans the whole mailbox after a UIDVALIDITY change, without storing anything twice', async () => {
    const [a, b, c, d] = [reply(12), reply(13), reply(14), reply(15)];
    const imap = await testImap({ inbox: [a, b, c] });
    const { db } = (await tempDb());
    const route = routing(db);
    const clients: ImapFlow[] = [];
    const { log, lines } = capturingLogger();
    const r = reader(depsFor(db, imapConfig(imap), log), { process: route.process, connect: recordingConnect(imap, clients) });
    expect(await r.sweepOnce()).toMatchObject({ seen: 3, stored: 3 });
    expect((await getCursor(db, r.mailboxKey))).toMatchObject({ uidValidity: 1, lastUid: 3 });

    // The server rebuilds the mailbox: an already-read message reappears, a new one arrives, and both
    // are numbered from 1 again, below the UIDs already seen.
    imap.deliver(a);
    imap.deliver(d);
    imap.renumber('INBOX', 77);
    imap.dropConnections();
    await waitFor(() => clients[0]!.usable === false, 'the old connection to close');

    expect(await r.sweepOnce()).toEqual({ seen: 2, stored: 1, duplicates: 1, processed: 1, quarantined: 0 });
    expect((await rows(db)).map((m) => m.sha256)).toEqual([a, b, c, d].map(sha256));
    expect((await rows(db))[3]).toMatchObject({ uidValidity: 77, uid: 2 });
    expect(route.calls).toHaveLength(4);
    expect(imap.list('INBOX')).toEqual([]);
    expect(imap.list('Processed')).toEqual([a, b, c, a, d]);
    expect((await getCursor(db, r.mailboxKey))).toMatchObject({ uidValidity: 77, lastUid: 2 });
    expect(capturedEntry(lines, 'UIDVALIDITY changed: rescanning the whole mailbox')).toMatchObject({ previous: 1, current: 77 });
  });

  it('lets only the lease holder read when two processes share the database; the other takes over when it stops', async () => {
    const imap = await testImap();
    const { db, path } = (await tempDb());
    const otherDb = (await openDatabase(path));
    cleanups.push(() => closeDatabase(otherDb));
    const config = imapConfig(imap);
    const routeA = routing(db);
    const routeB = routing(otherDb);
    const logB = capturingLogger();
    const a = reader(depsFor(db, config, capturingLogger().log), { process: routeA.process, holderId: 'process-a', leaseRetryMs: 30 });
    const b = reader(depsFor(otherDb, config, logB.log), { process: routeB.process, holderId: 'process-b', leaseRetryMs: 30 });

    a.start();
    await waitFor(async () => (await db.select().from(mailboxLeases))[0]?.holder === 'process-a', 'A to hold the lease');
    b.start();
    await waitFor(() => logB.lines.some((l) => l.includes('mailbox lease held by another process: not reading')), 'B to find the lease taken');
    imap.deliver(reply(16));
    imap.deliver(reply(17));
    await waitFor(() => imap.list('Processed').length === 2, 'both messages processed');
    expect(routeA.calls).toHaveLength(2);
    expect(routeB.calls).toHaveLength(0);
    expect(imap.connections()).toBe(1);

    await a.stop();
    await waitFor(async () => (await otherDb.select().from(mailboxLeases))[0]?.holder === 'process-b', 'B to take the released lease');
    imap.deliver(reply(18));
    await waitFor(() => imap.list('Processed').length === 3, 'the third message processed by B');
    expect(routeB.calls).toHaveLength(1);
    expect(routeA.calls).toHaveLength(2);
    expect((await rows(db))).toHaveLength(3);
    const leaseLog = logB.entries().filter((e) => typeof e.msg === 'string' && e.msg.includes('lease'));
    expect(leaseLog.map((e) => [e.level, e.msg])).toEqual([
      [30, 'mailbox lease held by another process: not reading'],
      [30, 'mailbox lease acquired'],
    ]);
  });

  it('holds its lease for IMAP_LEASE_SECONDS (10 s by default), so a process that dies is replaced within seconds; a longer lease is configurable', async () => {
    const imap = await testImap();
    const { db } = (await tempDb());
    const started = Date.now();
    const crashed = createMailboxReader(depsFor(db, imapConfig(imap), capturingLogger().log), { process: routing(db).process });
    await crashed.sweepOnce();
    const lease = (await db.select().from(mailboxLeases))[0]!;
    expect(lease.holder).toMatch(/^[^:]+:\d+:[0-9a-f]{8}$/);
    const heldForMs = Date.parse(lease.expiresAt) - started;
    expect(heldForMs).toBeGreaterThan(9_000);
    expect(heldForMs).toBeLessThanOrEqual(10_000 + (Date.now() - started));
    // The process died without releasing it (no stop): its successor reads as soon as the 10 seconds are up.
    (await db.update(mailboxLeases).set({ expiresAt: new Date(Date.now() - 1).toISOString() }));
    const restarted = reader(depsFor(db, imapConfig(imap), capturingLogger().log), { process: routing(db).process });
    await restarted.sweepOnce();
    expect((await db.select().from(mailboxLeases))[0]!.holder).not.toBe(lease.holder);

    const { db: other } = (await tempDb());
    const configured = createMailboxReader(depsFor(other, imapConfig(imap, { IMAP_LEASE_SECONDS: '45', INSTANCE_ID: 'instance-b' }), capturingLogger().log), { process: routing(other).process });
    const before = Date.now();
    await configured.sweepOnce();
    const longer = (await other.select().from(mailboxLeases))[0]!;
    expect(longer.holder).toMatch(/^instance-b:/);
    expect(Date.parse(longer.expiresAt) - before).toBeGreaterThan(44_000);
    await configured.stop();
    await crashed.stop();
  });

  it('pauses when its lease is taken over, and resumes once it can take it back', async () => {
    const imap = await testImap();
    const { db } = (await tempDb());
    const route = routing(db);
    const clients: ImapFlow[] = [];
    const { log, lines } = capturingLogger();
    const r = reader(depsFor(db, imapConfig(imap), log), {
      process: route.process,
      connect: recordingConnect(imap, clients),
      holderId: 'ours',
      leaseRenewMs: 20,
      leaseRetryMs: 30,
    });
    r.start();
    await waitFor(() => clients[0]?.idling === true, 'the reader to connect and IDLE');

    // Another process took the lease (ours had lapsed while this one was stalled).
    (await db.update(mailboxLeases).set({ holder: 'intruder', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    await waitFor(() => clients[0]!.usable === false, 'the reader to let go of the mailbox');
    imap.deliver(reply(22));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(imap.list('INBOX')).toHaveLength(1);
    expect(route.calls).toEqual([]);
    expect(clients).toHaveLength(1);
    expect(capturedEntry(lines, 'mailbox lease lost: reading paused')).toMatchObject({ level: 30, retryInMs: 30 });

    (await db.delete(mailboxLeases));
    await waitFor(() => imap.list('Processed').length === 1, 'the reader to resume once the lease is free');
    expect(route.calls).toHaveLength(1);
    expect((await db.select().from(mailboxLeases))[0]?.holder).toBe('ours');
  });

  it('stops cleanly: logs out and releases the lease', async () => {
    const imap = await testImap({ inbox: [reply(19)] });
    const { db } = (await tempDb());
    const route = routing(db);
    const clients: ImapFlow[] = [];
    const r = reader(depsFor(db, imapConfig(imap), capturingLogger().log), { process: route.process, connect: recordingConnect(imap, clients), holderId: 'h' });
    r.start();
    await waitFor(() => imap.list('Processed').length === 1, 'the message to be processed');
    await r.stop();
    expect(clients).toHaveLength(1);
    expect(clients[0]!.usable).toBe(false);
    expect((await db.select().from(mailboxLeases))).toEqual([]);
    expect(await r.sweepOnce()).toEqual({ seen: 0, stored: 0, duplicates: 0, processed: 0, quarantined: 0 });
  });

  it('signs in with XOAUTH2 using a client-credentials token from the identity platform', async () => {
    const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.test-imap-token';
    const requests: URLSearchParams[] = [];
    const tokenServer = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        requests.push(new URLSearchParams(body));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: token }));
      });
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => tokenServer.close(() => resolve())));
    const tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/tenant-1/oauth2/v2.0/token`;

    const message = reply(20);
    const imap = await testImap({ inbox: [message], accessToken: token });
    const { db } = (await tempDb());
    const route = routing(db);
    const config = imapConfig(
      { port: imap.port, user: imap.user },
      { IMAP_OAUTH2_CLIENT_ID: 'client-1', IMAP_OAUTH2_CLIENT_SECRET: 'secret-1', IMAP_OAUTH2_TENANT_ID: 'tenant-1' },
    );
    const r = reader(depsFor(db, config, capturingLogger().log), { process: route.process, tokenUrl });

    expect(await r.sweepOnce()).toMatchObject({ seen: 1, stored: 1, processed: 1 });
    expect(imap.list('Processed')).toEqual([message]);
    expect(requests.map((p) => Object.fromEntries(p))).toEqual([
      { client_id: 'client-1', client_secret: 'secret-1', scope: M365_IMAP_SCOPE, grant_type: 'client_credentials' },
    ]);
  });

  it('refuses a configuration it cannot sign in with', async () => {
    const { db } = (await tempDb());
    const log = capturingLogger().log;
    const base = { port: 1143, user: 'placements@westbay.example' };
    const noCredentials = () => createMailboxReader(depsFor(db, imapConfig(base), log), { process: async () => undefined });
    expect(noCredentials).toThrow(MailboxReaderConfigError);
    expect(noCredentials).toThrow(/IMAP_PASSWORD, or IMAP_OAUTH2_CLIENT_ID/);
    const halfOauth = () =>
      createMailboxReader(depsFor(db, imapConfig(base, { IMAP_OAUTH2_CLIENT_ID: 'client-1' }), log), { process: async () => undefined });
    expect(halfOauth).toThrow(/IMAP OAuth2 needs/);
  });
});

describe('dev mailbox', () => {
  it('delivers a reply with appendToMailbox into the embedded IMAP server, where the reader picks it up', async () => {
    const { log } = capturingLogger();
    const user = 'placements@westbay.localhost';
    const password = 'dev-imap';
    const embedded = await startEmbeddedImap({ port: 0, user, password, log });
    cleanups.push(() => embedded.close());
    const message = reply(21);

    const appended = await appendToMailbox({ host: '127.0.0.1', port: embedded.port, user, password, raw: message });
    expect(appended).toEqual({ mailbox: 'INBOX', uid: 1 });

    const { db } = (await tempDb());
    const route = routing(db);
    const r = reader(depsFor(db, imapConfig({ port: embedded.port, user, password }), log), { process: route.process });
    expect(await r.sweepOnce()).toEqual({ seen: 1, stored: 1, duplicates: 0, processed: 1, quarantined: 0 });
    const [row] = (await rows(db));
    expect(Buffer.compare(row!.raw, message)).toBe(0);
    expect((await findInboundMessage(db, row!.id))?.messageIdHeader).toBe('<offer-21@heronbank.example>');

    const refused = await appendToMailbox({ host: '127.0.0.1', port: embedded.port, user, password: 'wrong', raw: message }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppendError);
    expect((refused as AppendError).code).toBe('IMAP_APPEND_FAILED');
    expect((await db.select().from(inboundMessages).where(eq(inboundMessages.id, row!.id)))[0]?.status).toBe('routed');
  });
});

function capturedEntry(lines: string[], msg: string): Record<string, unknown> | undefined {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.msg === msg);
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
