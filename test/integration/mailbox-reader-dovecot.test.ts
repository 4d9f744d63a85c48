import { createHash } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { getCursor, markInbound } from '../../src/db/repositories/inbound.js';
import { inboundMessages } from '../../src/db/schema/inbound.js';
import { systemClock } from '../../src/domain/clock.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createMailboxReader, type MailboxReader, type MailboxReaderOptions } from '../../src/mail/inbound/mailbox-reader.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { createTempDb } from '../support/db.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { startImapProxy } from '../support/imap-proxy.js';

/**
 * The mailbox reader against Dovecot, the real server (Debian's dovecot-imapd, run unprivileged by
 * test/support/dovecot.ts): what hoodiecrow cannot show — byte-exact storage in Maildir, RFC822.SIZE,
 * real MOVE/UIDPLUS, a mailbox deleted and recreated (new UIDVALIDITY), IDLE pushed by the server,
 * and the server going away for a minute. One Dovecot for the file; each test uses its own user.
 */

let dovecot: Dovecot;
/** Why the server could not start (Dovecot not installed…): every test fails with it, none is skipped. */
let notStarted: unknown;
const USERS = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`reader${i}@westbay.example`, `reader-password-${i}`]));
let nextUser = 0;

beforeAll(async () => {
  try {
    dovecot = await startDovecot({ users: USERS });
  } catch (err) {
    notStarted = err;
  }
});
afterAll(async () => {
  await dovecot?.close();
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh account on the shared server, so tests do not see each other's folders. */
function account(): { user: string; password: string } {
  if (notStarted) throw notStarted;
  const user = Object.keys(USERS)[nextUser++]!;
  return { user, password: USERS[user]! };
}

/** Delivering to and looking into one account's folders, each call its own session. */
function mailbox(acct: { user: string }) {
  const a = dovecot.account(acct.user);
  return { ...a, deliver: (raw: Buffer, folder = 'INBOX') => a.append(raw, folder) };
}

/** A provider's reply (fictional), with CRLF line ends as SMTP delivers it. */
function reply(n: number, extra = ''): Buffer {
  return Buffer.from(
    [
      'From: Heron Bank School <admissions@heronbank.example>',
      `To: reply+${n}.a1b2c3@reply.westbay.example`,
      `Subject: Re: Referral PR-2026-00${n} Heron Bank`,
      `Message-ID: <dovecot-offer-${n}@heronbank.example>`,
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

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function capturingLogger(): { log: Logger; entries: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  return { log: createLogger('debug', { write: (s: string) => void lines.push(s) }), entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function configFor(acct: { user: string; password: string }, port = dovecot.port, extra: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', IMAP_HOST: '127.0.0.1', IMAP_PORT: String(port), IMAP_USER: acct.user, IMAP_PASSWORD: acct.password, ...extra });
}

async function tempDb(): Promise<Db> {
  const temp = (await createTempDb());
  cleanups.push(temp.cleanup);
  return temp.db;
}

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

const FAST: Partial<MailboxReaderOptions> = { sweepIntervalMs: 60_000, backoffInitialMs: 20, backoffMaxMs: 200, autoIdleDelayMs: 20, stopGraceMs: 2_000 };

function reader(db: Db, config: Config, log: Logger, options: MailboxReaderOptions): MailboxReader {
  const r = createMailboxReader({ config, db, clock: systemClock, log } satisfies ServiceDeps, options);
  cleanups.push(() => r.stop());
  return r;
}

/** The reader's own kind of client, kept so a test can see it IDLE. */
function recordingConnect(acct: { user: string; password: string }, port: number, clients: ImapFlow[]): () => ImapFlow {
  return () => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: acct.user, pass: acct.password }, logger: false, autoIdleDelay: 20 });
    clients.push(client);
    return client;
  };
}

const rows = async (db: Db) => (await db.select().from(inboundMessages).orderBy(inboundMessages.id));

describe('mailbox reader against Dovecot', () => {
  it('stores each message byte for byte and commits it, then moves it to Processed', async () => {
    const acct = account();
    const box = mailbox(acct);
    const [first, second] = [reply(1), reply(2)];
    await box.deliver(first);
    await box.deliver(second);
    const db = (await tempDb());
    const route = routing(db);
    const r = reader(db, configFor(acct), capturingLogger().log, { ...FAST, process: route.process });

    expect(await r.sweepOnce()).toEqual({ seen: 2, stored: 2, duplicates: 0, processed: 2, quarantined: 0 });

    const stored = (await rows(db));
    expect(stored.map((m) => m.sha256)).toEqual([sha256(first), sha256(second)]);
    expect(Buffer.compare(stored[0]!.raw, first)).toBe(0);
    const uidValidity = await box.uidValidity('INBOX');
    expect(stored[0]).toMatchObject({ uidValidity, uid: 1, sizeBytes: first.length, messageIdHeader: '<dovecot-offer-1@heronbank.example>', status: 'routed' });
    expect(route.calls).toEqual(stored.map((m) => m.id));
    expect(await box.list('INBOX')).toEqual([]);
    expect(await box.list('Processed')).toEqual([first, second]);
    expect(await box.list('Quarantine')).toEqual([]);
    expect((await getCursor(db, r.mailboxKey))).toMatchObject({ uidValidity, lastUid: 2 });
  });

  it('sees mail delivered since its previous sweep on the connection it kept (Dovecot answers SEARCH from the view it last synchronised)', async () => {
    const acct = account();
    const box = mailbox(acct);
    await box.deliver(reply(13));
    const db = (await tempDb());
    const route = routing(db);
    const r = reader(db, configFor(acct), capturingLogger().log, { ...FAST, autoIdleDelayMs: 60_000, process: route.process });
    expect(await r.sweepOnce()).toMatchObject({ seen: 1, stored: 1 });
    await box.deliver(reply(14));
    expect(await r.sweepOnce()).toEqual({ seen: 1, stored: 1, duplicates: 0, processed: 1, quarantined: 0 });
    expect(await box.list('INBOX')).toEqual([]);
    expect(await box.list('Processed')).toEqual([reply(13), reply(14)]);
  });

  it('keeps one row for the same message delivered twice, and files every copy', async () => {
    const acct = account();
    const box = mailbox(acct);
    const message = reply(3);
    await box.deliver(message);
    await box.deliver(message);
    const db = (await tempDb());
    const route = routing(db);
    const r = reader(db, configFor(acct), capturingLogger().log, { ...FAST, process: route.process });

    expect(await r.sweepOnce()).toEqual({ seen: 2, stored: 1, duplicates: 1, processed: 1, quarantined: 0 });
    await box.deliver(message);
    expect(await r.sweepOnce()).toEqual({ seen: 1, stored: 0, duplicates: 1, processed: 0, quarantined: 0 });
    expect((await rows(db))).toHaveLength(1);
    expect(route.calls).toHaveLength(1);
    expect(await box.list('INBOX')).toEqual([]);
    expect(await box.list('Processed')).toEqual([message, message, message]);
  });

  it('quarantines a message whose processing fails (reason on the row), and one over the size limit without storing it', async () => {
    const acct = account();
    const box = mailbox(acct);
    const failing = reply(4);
    const big = reply(5, ` ${'x'.repeat(2_000)}`);
    await box.deliver(failing);
    await box.deliver(big);
    const db = (await tempDb());
    const r = reader(db, configFor(acct), capturingLogger().log, {
      ...FAST,
      maxMessageBytes: 1_500,
      process: async () => {
        throw new Error('No referral matches reply token 4.a1b2c3');
      },
    });

    expect(await r.sweepOnce()).toEqual({ seen: 2, stored: 1, duplicates: 0, processed: 0, quarantined: 2 });
    expect((await rows(db))).toMatchObject([{ sha256: sha256(failing), status: 'quarantined', problem: 'No referral matches reply token 4.a1b2c3' }]);
    expect(await box.list('Quarantine')).toEqual([failing, big]);
    expect(await box.list('Processed')).toEqual([]);
    expect(await box.list('INBOX')).toEqual([]);

    // A redelivery of the failed message follows it to Quarantine without being processed again.
    await box.deliver(failing);
    expect(await r.sweepOnce()).toEqual({ seen: 1, stored: 0, duplicates: 1, processed: 0, quarantined: 1 });
    expect(await box.list('Quarantine')).toEqual([failing, big, failing]);
  });

  it('rescans at the next sweep after the folder it has selected is deleted and created again (new UIDVALIDITY), storing nothing twice', async () => {
    const acct = account();
    const box = mailbox(acct);
    await box.create('Replies');
    const [a, b, c] = [reply(6), reply(7), reply(8)];
    await box.deliver(a, 'Replies');
    await box.deliver(b, 'Replies');
    const db = (await tempDb());
    const route = routing(db);
    const { log, entries } = capturingLogger();
    const r = reader(db, configFor(acct, dovecot.port, { IMAP_MAILBOX: 'Replies' }), log, { ...FAST, process: route.process });
    expect(await r.sweepOnce()).toMatchObject({ seen: 2, stored: 2 });
    const before = await box.uidValidity('Replies');
    expect((await getCursor(db, r.mailboxKey))).toMatchObject({ uidValidity: before, lastUid: 2 });

    // Someone deletes the folder the reader has selected and makes it again; an old message comes back
    // and a new one arrives, numbered from 1 under a new UIDVALIDITY.
    await box.delete('Replies');
    await box.create('Replies');
    await box.deliver(a, 'Replies');
    await box.deliver(c, 'Replies');
    const after = await box.uidValidity('Replies');
    expect(after).not.toBe(before);

    // The reader's session still has the deleted folder selected. Dovecot does not tell it: it keeps
    // answering from the old folder's view (for 40 s and more when the session is idle), and at some
    // point closes the session. The next sweep must read the new folder (or, when Dovecot has just
    // closed the session, the one after, on a new connection), and neither lose nor double anything.
    const totals = { seen: 0, stored: 0, duplicates: 0, processed: 0, quarantined: 0 };
    for (let sweeps = 0; (await rows(db)).length < 3 || (await box.count('Replies')) > 0; sweeps += 1) {
      if (sweeps === 3) throw new Error('the reader did not rescan the recreated folder within 3 sweeps');
      const result = await r.sweepOnce().catch(() => undefined);
      if (result) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += result[k];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(totals).toMatchObject({ stored: 1, processed: 1, quarantined: 0 });
    expect((await rows(db)).map((m) => m.sha256)).toEqual([a, b, c].map(sha256));
    expect((await rows(db))[2]).toMatchObject({ uidValidity: after, uid: 2 });
    expect(route.calls).toHaveLength(3);
    expect(await box.list('Replies')).toEqual([]);
    expect(await box.list('Processed')).toEqual([a, b, a, c]);
    expect((await getCursor(db, r.mailboxKey))).toMatchObject({ uidValidity: after, lastUid: 2 });
    expect(entries().find((e) => e.msg === 'UIDVALIDITY changed: rescanning the whole mailbox')).toMatchObject({ previous: before, current: after });
  });

  it('reads a message Dovecot pushes during IDLE, and reconnects with a new client after the connection is cut', async () => {
    const acct = account();
    const box = mailbox(acct);
    const proxy = await startImapProxy(dovecot.port);
    cleanups.push(() => proxy.close());
    const db = (await tempDb());
    const route = routing(db);
    const clients: ImapFlow[] = [];
    const r = reader(db, configFor(acct, proxy.port), capturingLogger().log, { ...FAST, process: route.process, connect: recordingConnect(acct, proxy.port, clients) });
    r.start();
    await waitFor(() => clients[0]?.idling === true, 'the reader to IDLE');

    // The timed sweep is a minute away: only Dovecot's push can bring this one in.
    await box.deliver(reply(9));
    await waitFor(async () => (await box.list('Processed')).length === 1, 'the pushed message to be processed');

    proxy.dropConnections();
    await waitFor(() => clients.length === 2 && clients[1]!.idling, 'a new client to connect and IDLE');
    expect(clients[0]!.usable).toBe(false);
    await box.deliver(reply(10));
    await waitFor(async () => (await box.list('Processed')).length === 2, 'the message pushed after the reconnect');
    expect((await rows(db))).toHaveLength(2);
    expect(await box.list('INBOX')).toEqual([]);
  });

  it('still reads new mail on the sweep timer when IDLE has gone silent (the server stops pushing)', async () => {
    const acct = account();
    const box = mailbox(acct);
    const proxy = await startImapProxy(dovecot.port);
    cleanups.push(() => proxy.close());
    const db = (await tempDb());
    const route = routing(db);
    const clients: ImapFlow[] = [];
    const r = reader(db, configFor(acct, proxy.port), capturingLogger().log, {
      ...FAST,
      sweepIntervalMs: 1_000,
      process: route.process,
      connect: recordingConnect(acct, proxy.port, clients),
    });
    r.start();
    await waitFor(() => clients[0]?.idling === true, 'the reader to IDLE');

    proxy.setDeaf(true);
    await box.deliver(reply(11));
    await box.deliver(reply(12));
    await waitFor(async () => (await box.list('Processed')).length === 2, 'the timed sweep to read both messages');
    expect(proxy.swallowed()).toBeGreaterThan(0);
    expect(clients).toHaveLength(1);
    expect((await rows(db)).map((m) => m.status)).toEqual(['routed', 'routed']);
  });

  it(
    'survives a 60 s outage of the server: reconnects with exponential backoff and catches up, losing nothing',
    { timeout: 150_000 },
    async () => {
      const acct = account();
      const box = mailbox(acct);
      const db = (await tempDb());
      const route = routing(db);
      const { log, entries } = capturingLogger();
      // The production settings: backoff from 1 s doubling to 60 s, a sweep a minute, IDLE after 5 s.
      const r = reader(db, configFor(acct), log, { process: route.process });
      r.start();
      const before = Array.from({ length: 5 }, (_, i) => reply(20 + i));
      for (const m of before) await box.deliver(m);
      await waitFor(async () => (await box.list('Processed')).length === 5, 'the first messages to be processed');

      // Mail that arrives just before the server goes down may or may not be read before it does.
      const lastMinute = Array.from({ length: 5 }, (_, i) => reply(30 + i));
      for (const m of lastMinute) await box.deliver(m);
      await dovecot.stop();
      const outageStarted = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      await dovecot.start();
      const restartedAt = Date.now();
      const afterwards = Array.from({ length: 5 }, (_, i) => reply(40 + i));
      for (const m of afterwards) await box.deliver(m);

      const all = [...before, ...lastMinute, ...afterwards];
      await waitFor(async () => (await box.list('Processed')).length === all.length, 'the reader to catch up after the outage', 75_000);
      const caughtUpMs = Date.now() - restartedAt;

      expect(await box.list('INBOX')).toEqual([]);
      expect(new Set((await box.list('Processed')).map(sha256))).toEqual(new Set(all.map(sha256)));
      expect((await rows(db)).map((m) => m.sha256).sort()).toEqual(all.map(sha256).sort());
      expect((await rows(db)).every((m) => m.status === 'routed')).toBe(true);
      expect(route.calls).toHaveLength(all.length);

      // Each failed attempt waits twice as long as the one before (the first is the dropped connection,
      // or a sweep the shutdown interrupted).
      const attempts = entries().filter((e) => e.msg === 'mailbox sweep failed' || e.msg === 'IMAP connection closed: reconnecting');
      const retries = attempts.map((e) => e.retryInMs as number);
      expect(retries.slice(0, 5)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
      const failed = attempts.filter((e) => e.msg === 'mailbox sweep failed');
      expect(failed[0]!.err).toMatchObject({ code: 'ECONNREFUSED' });
      process.stdout.write(
        `IMAP outage: down ${((restartedAt - outageStarted) / 1000).toFixed(1)} s, ${failed.length} failed reconnects (retry in ${retries.map((ms) => ms / 1000).join(', ')} s), ` +
          `caught up ${(caughtUpMs / 1000).toFixed(1)} s after the restart; ${all.length} messages, ${all.length - (await rows(db)).length} lost, ${route.calls.length - all.length} processed twice\n`,
      );
    },
  );
});
