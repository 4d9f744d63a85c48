import { eq, like } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { verifyAuditChain } from '../../src/db/repositories/audit.js';
import { auditLog, inboundMessages, outbox, shortlists } from '../../src/db/schema/index.js';
import { calendarDateOf } from '../../src/domain/calendar-date.js';
import { addWorkingDays } from '../../src/domain/deadlines.js';
import { reminderMessageId } from '../../src/domain/reply-token.js';
import { startDovecot } from '../support/dovecot.js';
import { databaseWithQueuedReferrals, deliveryTally, exited, startProduction, waitUntil } from '../support/production.js';
import { replyTo } from '../support/provider-mail.js';
import { testBackend } from '../support/test-database.js';
import { startTestSmtp } from '../support/test-smtp-server.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const crlf = (raw: Buffer) => Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

/** Five different answers from one provider: an offer, its correction, a question, a thank-you, a decline of another date. */
const ANSWERS = [
  'Yes, we can meet the needs. Our weekly fee is £3,300 for 38 weeks and we could start on 7 September 2027.',
  'Correction to our earlier e-mail: the weekly fee is £3,350 for 38 weeks, start 7 September 2027.',
  'Could you tell us whether transport is arranged by the council?',
  'Thank you for the referral, we have passed it to our admissions panel.',
  'Please note our admissions office is closed on Fridays.',
];

/**
 * Several instances on one database (issue 15), the way a regional deployment runs: two production
 * processes (`src/main.ts`) behind a load balancer, with a real SMTP server and a real IMAP server (Dovecot).
 * One of them is SIGKILLed and restarted again and again while 200 referrals go out, 500 replies come in and
 * the reminder timer comes due. Runs on the suite's backend (PostgreSQL with TEST_DATABASE=pg).
 */
describe(`two instances on one ${testBackend === 'pg' ? 'PostgreSQL' : 'SQLite'} database`, () => {
  it('200 referrals out and 500 replies in while one instance is killed again and again: each e-mail sent once, each reply stored once, each reminder queued once, the audit chain intact', { timeout: 420_000 }, async () => {
    const world = await databaseWithQueuedReferrals(200);
    cleanups.push(world.cleanup);
    const today = calendarDateOf(new Date());
    const setup = await openDatabase(world.dbPath);
    // The deadline is the next working day: the reminder to providers who have not answered is due now.
    await setup.update(shortlists).set({ responseDeadline: addWorkingDays(today, 1) });
    const referralIds = (await setup.select().from(outbox).where(like(outbox.dedupKey, 'referral:%'))).map((o) => o.messageId!);
    await closeDatabase(setup);
    expect(referralIds).toHaveLength(200);

    const smtp = await startTestSmtp({ acceptDelayMs: 20 });
    cleanups.push(() => smtp.close());
    const dovecot = await startDovecot();
    cleanups.push(() => dovecot.close());
    const env = (instance: string) => ({
      INSTANCE_ID: instance,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      IMAP_ENABLED: 'true',
      IMAP_HOST: '127.0.0.1',
      IMAP_PORT: String(dovecot.port),
      IMAP_USER: dovecot.user,
      IMAP_PASSWORD: dovecot.password,
      IMAP_SWEEP_SECONDS: '5',
      TIMER_INTERVAL_SECONDS: '5',
      OUTBOX_CONCURRENCY: '2',
    });
    const steady = startProduction(world.dbPath, env('instance-b'));
    cleanups.push(() => steady.kill('SIGKILL'));

    // Replies: five from each of the first 100 providers, to the referral they received; the other 100 stay silent.
    let appended = 0;
    const replied = new Set<string>();
    const appendReplies = async () => {
      for (const mail of smtp.received) {
        const to = mail.envelope.to[0]!;
        const n = Number(/school(\d+)\./.exec(to)?.[1] ?? 0);
        if (!mail.parsed.replyTo || n < 1 || n > 100 || replied.has(to)) continue;
        replied.add(to);
        for (const text of ANSWERS) {
          await dovecot.append(crlf(await replyTo(mail, text)));
          appended++;
        }
      }
    };

    let kills = 0;
    let seed = 20261202;
    const nextDelay = () => 1_500 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 2_500);
    while (kills < 6) {
      const victim = startProduction(world.dbPath, env(`instance-a-${kills + 1}`));
      cleanups.push(() => victim.kill('SIGKILL'));
      await new Promise((r) => setTimeout(r, nextDelay()));
      await appendReplies();
      victim.kill('SIGKILL');
      await exited(victim);
      kills++;
    }
    const last = startProduction(world.dbPath, env('instance-a-last'));
    cleanups.push(() => last.kill('SIGKILL'));
    const silentReminders = referralIdsOfSilent();
    const db = await openDatabase(world.dbPath);
    cleanups.push(() => closeDatabase(db));
    const distinctSent = () => new Set(smtp.received.map((m) => m.parsed.messageId));
    await waitUntil(
      async () => {
        await appendReplies();
        const sent = distinctSent();
        return appended === 500 && referralIds.every((id) => sent.has(id)) && (await db.select().from(inboundMessages)).length >= 500 && silentReminders().every((id) => sent.has(id));
      },
      240_000,
      'referrals sent, replies stored and reminders sent',
    );
    await new Promise((r) => setTimeout(r, 8_000)); // claims and leases of the killed processes lapse: nothing more may happen
    steady.kill('SIGTERM');
    last.kill('SIGTERM');
    await Promise.all([exited(steady), exited(last)]);

    // E-mail out: every referral, none lost, none we did not queue; a repeat only where a killed attempt explains it.
    const emails = await db.select().from(outbox).where(eq(outbox.kind, 'email'));
    const { unexpected, repeats } = deliveryTally(smtp.received, emails.map((o) => o.messageId!));
    expect(unexpected).toBe(0);
    expect(emails.filter((o) => o.status !== 'sent')).toEqual([]);
    expect(repeats).toBeLessThanOrEqual(emails.reduce((n, o) => n + o.interruptedAttempts, 0));
    // Reminders: the timer fired once per provider, whichever instance led it when.
    const reminders = emails.filter((o) => o.dedupKey.startsWith('reminder:'));
    expect(reminders.length).toBeGreaterThanOrEqual(100);
    const remindedIn = (await db.select().from(auditLog).where(eq(auditLog.action, 'referrals.reminded'))).flatMap((a) => (a.details as { referralIds: number[] }).referralIds);
    expect(remindedIn).toHaveLength(reminders.length);
    expect(new Set(remindedIn).size).toBe(reminders.length);
    // Replies in: 500 messages, each stored once, each routed to its referral.
    const stored = await db.select().from(inboundMessages);
    expect(stored).toHaveLength(500);
    expect(new Set(stored.map((m) => m.messageIdHeader)).size).toBe(500);
    expect(stored.filter((m) => m.status !== 'routed')).toEqual([]);
    expect(await verifyAuditChain(db)).toMatchObject({ problems: [] });
    process.stdout.write(
      `two instances (${testBackend}): ${kills} SIGKILLs of one instance, ${referralIds.length} referrals, ${reminders.length} reminders, ${smtp.received.length} deliveries (${repeats} repeated with the same Message-ID), ${stored.length} replies stored of ${appended} delivered to the mailbox\n`,
    );

    function referralIdsOfSilent() {
      // The reminder's Message-ID is derived from the referral's: the 100 providers who never answer must each get theirs.
      return () =>
        smtp.received
          .filter((m) => m.parsed.replyTo && Number(/school(\d+)\./.exec(m.envelope.to[0]!)?.[1] ?? 0) > 100 && referralIds.includes(m.parsed.messageId!))
          .map((m) => reminderMessageId(m.parsed.messageId!));
    }
  });
});
