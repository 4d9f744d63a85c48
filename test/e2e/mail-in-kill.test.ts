import type { ChildProcess } from 'node:child_process';
import { copyTestDatabase } from '../support/test-database.js';
import { startProduction, waitUntil } from '../support/production.js';
import { createHash, randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { inboundMessages, providerReplies } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, inputValues, startDriver, TEAM, type Driver } from '../support/driver.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { requestAtReferralStage, seedCallOffProviders } from '../support/flows.js';
import { replyTo } from '../support/provider-mail.js';
import type { ReceivedMail } from '../support/test-smtp-server.js';

/**
 * Mail in through Dovecot, the real IMAP server, end to end: the app reads provider replies from it,
 * and the production process (`src/main.ts`, a child process) is SIGKILLed again and again while it
 * ingests. Afterwards every message delivered is stored exactly once and filed exactly once.
 */

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sha256 = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A request with its referrals sent (Larkfield twice, Moorside once), the way the officers do it in Teams. */
async function requestWithReferralsSent(d: Driver): Promise<ReceivedMail[]> {
  (await seedCallOffProviders(d));
  await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
  await d.say(d.people.placementsOfficer, 'hi');
  await requestAtReferralStage(d);
  const card = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
  await d.click(d.people.placementsOfficer, 'shortlist.send', { ...inputValues(card), ...findAction(card, 'shortlist.send').data });
  await d.settle();
  const referrals = d.smtp.received.filter((m) => m.parsed.replyTo);
  if (referrals.length !== 3) throw new Error(`expected 3 referrals, the SMTP server received ${referrals.length}`);
  return referrals;
}

const crlf = (raw: Buffer) => Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

const FIXTURES = new URL('../fixtures/provider-replies/', import.meta.url);

/**
 * The project's provider-reply fixtures (offers, declines, queries, out-of-office, bounce, HTML-only,
 * attachments…) re-addressed as replies to one of our referrals: From the provider's registered
 * contact, To the referral's signed reply address, each with its own Message-ID, CRLF line ends as
 * SMTP delivers them.
 */
function addressedReplies(referrals: ReceivedMail[], count: number): Buffer[] {
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).sort().map((f) => readFileSync(new URL(f, FIXTURES), 'latin1'));
  return Array.from({ length: count }, (_, i) => {
    const referral = referrals[i % referrals.length]!;
    const fixture = crlf(Buffer.from(fixtures[i % fixtures.length]!, 'latin1')).toString('latin1');
    const split = fixture.indexOf('\r\n\r\n');
    const header = fixture.slice(0, split);
    const body = fixture.slice(split);
    // Drop From, To, Cc and Message-ID with their folded continuation lines, then put ours first.
    const kept = header.split(/\r\n(?![ \t])/).filter((field) => !/^(from|to|cc|message-id):/i.test(field));
    const ours = [
      `From: Provider admissions <${referral.envelope.to[0]}>`,
      `To: ${referral.parsed.replyTo!.value[0]!.address}`,
      `Message-ID: <kill-loop-${i + 1}@provider.example.org>`,
    ];
    return Buffer.from([...ours, ...kept].join('\r\n') + body, 'latin1');
  });
}

function messageIdOf(raw: Buffer): string | undefined {
  const header = raw.toString('latin1').split('\r\n\r\n', 1)[0]!;
  return /^message-id:\s*(<[^>\r\n]+>)/im.exec(header)?.[1];
}

/** `npm start`'s entry point as a real child process, reading the Dovecot mailbox and sending by the test SMTP server. */
function startReadingProduction(options: { dbPath: string; smtpPort: number; dovecot: Dovecot }): ChildProcess {
  return startProduction(options.dbPath, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(options.smtpPort),
    IMAP_ENABLED: 'true',
    IMAP_HOST: '127.0.0.1',
    IMAP_PORT: String(options.dovecot.port),
    IMAP_USER: options.dovecot.user,
    IMAP_PASSWORD: options.dovecot.password,
    IMAP_SWEEP_SECONDS: '5',
  });
}

async function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.signalCode;
  const exit = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
  child.kill(signal);
  return exit;
}

describe('mail in through Dovecot', () => {
  it('referral out by SMTP → provider replies → Dovecot → read by the app → card in the request thread, filed in Processed', { timeout: 60_000 }, async () => {
    const d = await startDriver({ clock: fixedClock('2026-11-26T10:00:00Z'), imap: 'dovecot' });
    cleanups.push(() => d.stop());
    const referrals = await requestWithReferralsSent(d);
    const moorside = referrals.find((m) => m.envelope.to[0] === 'referrals@moorside.example.org')!;
    const composed = await replyTo(moorside, 'Yes, we can meet the needs. Our weekly fee is £3,300 for 38 weeks and we could start on 7 September 2027.');
    // CRLF throughout, as SMTP delivers it (Dovecot would turn the composer's bare LFs into CRLF).
    const raw = crlf(composed);
    await d.dovecot!.append(raw);
    await d.dovecot!.append(raw);

    const relayed = await d.readMail();
    const thread = relayed.filter((s) => s.conversationId.startsWith(`${TEAM.id};messageid=`) && d.cardsIn([s]).length);
    expect(thread).toHaveLength(1);
    expect(cardText(d.cardsIn(thread)[0])).toContain('Offer of a place from Moorside Academy');
    expect(await d.dovecot!.count('INBOX')).toBe(0);
    expect((await d.dovecot!.list('Processed')).map(sha256)).toEqual([sha256(raw), sha256(raw)]);
    expect((await d.db.select().from(inboundMessages))).toMatchObject([{ sha256: sha256(raw), status: 'routed', routeMethod: 'token' }]);
    expect((await d.db.select().from(providerReplies))).toHaveLength(1);
  });

  it('SIGKILLed again and again while ingesting, the production process stores every message once and files each copy once', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const dovecot = await startDovecot();
    cleanups.push(() => dovecot.close());
    // The request and its referrals, made by the real app; its database is then handed to the production process.
    const d = await startDriver({ clock: fixedClock(new Date().toISOString()) });
    cleanups.push(() => d.stop());
    const referrals = await requestWithReferralsSent(d);
    await d.app.stop();
    const dir = mkdtempSync(join(tmpdir(), 'placement-desk-kill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = await copyTestDatabase(d.dbPath, join(dir, 'placements.db'));
    await d.restart(); // the driver's fake Bot Connector keeps answering the relayed Teams posts

    const db: Db = (await openDatabase(dbPath));
    cleanups.push(() => closeDatabase(db));
    const rowCount = async (status?: 'stored') =>
      (await db.select({ n: count() }).from(inboundMessages).where(status ? eq(inboundMessages.status, status) : undefined))[0]!.n;

    // 300 different replies, and 30 of them delivered a second time (a redelivery: the same bytes).
    const distinct = addressedReplies(referrals, 300);
    const deliveries = [...distinct, ...distinct.filter((_, i) => i % 10 === 0)];
    for (let i = deliveries.length - 1; i > 0; i -= 1) {
      const j = randomInt(i + 1);
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const appender = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false, disableAutoIdle: true });
    appender.on('error', () => undefined);
    await appender.connect();
    cleanups.push(() => appender.logout().catch(() => appender.close()));
    let delivered = 0;
    const deliver = async (n: number) => {
      for (const raw of deliveries.slice(delivered, delivered + n)) {
        await appender.append('INBOX', raw);
        delivered += 1;
      }
    };

    const children: ChildProcess[] = [];
    cleanups.push(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));
    const launch = () => {
      const child = startReadingProduction({ dbPath, smtpPort: d.smtp.port, dovecot });
      children.push(child);
      return child;
    };
    // Lives killed mid-ingest: a backlog is waiting, the process starts on it, and is killed after a random
    // number of new rows plus a random few milliseconds (inside fetch, store, routing or MOVE).
    const INGEST_KILLS = 12;
    const perLife = Math.ceil(deliveries.length / INGEST_KILLS);
    let ingestKills = 0;
    let startupKills = 0;
    const killLog: string[] = [];
    let killedBetweenStoreAndRouting = 0;
    /** From spawn to the first new row: start-up, connecting, and waiting out the dead process's lease. */
    const firstRowMs: number[] = [];
    for (let life = 0; life < INGEST_KILLS; life += 1) {
      await deliver(Math.ceil(perLife / 2));
      const before = (await rowCount());
      const child = launch();
      // The rest of this life's share arrives while it runs (pushed by IDLE, or found by the next sweep).
      const arriving = deliver(Math.floor(perLife / 2));
      const target = before + randomInt(1, Math.max(2, Math.floor(perLife * 0.6)));
      const spawnedAt = Date.now();
      // A SIGKILLed process leaves its mailbox lease behind: this one takes over when it expires (IMAP_LEASE_SECONDS).
      await waitUntil(async () => (await rowCount()) > before || child.exitCode !== null, 90_000, `life ${life + 1} to start reading`);
      firstRowMs.push(Date.now() - spawnedAt);
      await waitUntil(async () => (await rowCount()) >= target || child.exitCode !== null, 90_000, `life ${life + 1} to store rows`);
      await sleep(randomInt(0, 40));
      const signal = await killed(child, 'SIGKILL');
      expect(signal, `life ${life + 1} ended by itself`).toBe('SIGKILL');
      ingestKills += 1;
      await arriving;
      killLog.push(`${(await rowCount()) - before}`);
      // A row still 'stored' was committed by the killed process before its routing finished.
      if ((await rowCount('stored')) > 0) killedBetweenStoreAndRouting += 1;
      // After lives 2, 6 and 10, one more process, killed at a random moment of its start (loading, connecting, taking the lease, first sweep).
      if (life % 4 === 1) {
        const early = launch();
        await sleep(randomInt(500, 6_000));
        expect(await killed(early, 'SIGKILL')).toBe('SIGKILL');
        startupKills += 1;
        }
    }
    await deliver(deliveries.length - delivered);
    expect(delivered).toBe(deliveries.length);

    // The last life runs until the inbox is empty and every row has an outcome, then stops normally.
    const last = launch();
    await waitUntil(
      async () => (await dovecot.count('INBOX')) === 0 && (await rowCount()) === distinct.length && (await rowCount('stored')) === 0,
      120_000,
      'the last process to drain the inbox',
    );
    expect(await killed(last, 'SIGTERM')).toBe(null);

    // On the server: nothing left in INBOX, every delivered copy filed exactly once.
    const processed = await dovecot.list('Processed');
    const quarantined = await dovecot.list('Quarantine');
    const filed = [...processed, ...quarantined];
    expect(await dovecot.count('INBOX')).toBe(0);
    expect(filed.map(sha256).sort()).toEqual(deliveries.map(sha256).sort());
    expect(filed.map(messageIdOf).sort()).toEqual(deliveries.map(messageIdOf).sort());

    // In the database: one row per distinct message, by hash and by Message-ID, each with an outcome,
    // filed where its status says; one reply per routed message.
    const rows = (await db.select().from(inboundMessages));
    const distinctHashes = new Set(distinct.map(sha256));
    const rowHashes = rows.map((r) => r.sha256);
    const lost = [...distinctHashes].filter((h) => !rowHashes.includes(h)).length;
    const duplicatedByHash = rows.length - new Set(rowHashes).size;
    const duplicatedByMessageId = rows.length - new Set(rows.map((r) => r.messageIdHeader)).size;
    expect(lost).toBe(0);
    expect(duplicatedByHash).toBe(0);
    expect(duplicatedByMessageId).toBe(0);
    expect(rows).toHaveLength(distinct.length);
    expect(new Set(rowHashes)).toEqual(distinctHashes);
    expect(new Set(rows.map((r) => r.messageIdHeader))).toEqual(new Set(distinct.map(messageIdOf)));
    expect(rows.filter((r) => r.status === 'stored')).toEqual([]);
    expect(new Set(quarantined.map(sha256))).toEqual(new Set(rows.filter((r) => r.status === 'quarantined').map((r) => r.sha256)));
    expect(new Set(processed.map(sha256))).toEqual(new Set(rows.filter((r) => r.status !== 'quarantined').map((r) => r.sha256)));
    const replies = (await db.select().from(providerReplies));
    const routed = rows.filter((r) => r.status === 'routed');
    expect(replies.map((r) => r.inboundMessageId).sort((a, b) => a - b)).toEqual(routed.map((r) => r.id).sort((a, b) => a - b));

    const statuses = Object.entries(rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}))
      .map(([s, n]) => `${s} ${n}`)
      .join(', ');
    process.stdout.write(
      `Mail-in SIGKILL loop (Dovecot ${dovecot.port}): ${deliveries.length} deliveries (${distinct.length} distinct messages, ${deliveries.length - distinct.length} redelivered), ` +
        `${ingestKills + startupKills} SIGKILLs (${ingestKills} mid-ingest after ${killLog.join('/')} new rows, ${startupKills} during start-up; ${killedBetweenStoreAndRouting} kills left a row stored but not yet routed), ` +
        `restart to first row ${(Math.min(...firstRowMs) / 1000).toFixed(1)}–${(Math.max(...firstRowMs) / 1000).toFixed(1)} s, ` +
        `rows ${rows.length} (${statuses}), filed ${processed.length} Processed + ${quarantined.length} Quarantine, ` +
        `lost ${lost}, duplicated ${duplicatedByHash} by SHA-256 / ${duplicatedByMessageId} by Message-ID, ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  });
});
