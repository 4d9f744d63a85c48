import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { enqueueOutbox } from '../src/db/repositories/outbox.js';
import { outbox } from '../src/db/schema/index.js';
import { writeTransaction } from '../src/db/transaction.js';
import { fixedClock } from '../src/domain/clock.js';
import { findAction, inputValues, startDriver } from '../test/support/driver.js';
import { requestAtReferralStage, seedCallOffProviders } from '../test/support/flows.js';
import { sideBySide, type Comparison, type ComparisonBenchmark } from './harness.js';

/** The product's pool size (createSmtpMailer's maxConnections). */
const POOL_SIZE = 3;

/** A socket with Nagle's algorithm off, as the product's mailer opens them. */
const noDelay: SMTPPool.Options['getSocket'] = (options, callback) => {
  const socket = net.connect({ host: options.host ?? '127.0.0.1', port: options.port ?? 25 });
  socket.setNoDelay(true);
  socket.once('error', (err) => callback(err, undefined as never));
  socket.once('connect', () => callback(null, { connection: socket }));
};

/**
 * Mail out, end to end: N referral e-mails queued in the outbox (real referrals a Placements Officer sent
 * to the call-off providers, each queued N/3 times under its own Message-ID), then one dispatcher run that
 * claims them, renders each from the database, sends it through the product's pooled mailer to a local
 * SMTP server and records it as sent. The baseline: a bare nodemailer pool of the same size, no-delay
 * sockets, sending the very bytes the product sent (raw), all at once. The queueing is not timed.
 */
export const mailOut: ComparisonBenchmark = {
  title: 'Mail out: the outbox vs a nodemailer pool sending the same messages',
  usesDatabase: true,
  async run({ quick, progress }): Promise<Comparison[]> {
    const total = quick ? 200 : 1_000;
    const rounds = quick ? 3 : 5;
    const d = await startDriver({ clock: fixedClock('2026-11-20T10:00:00Z'), deliverOnCommit: false });
    try {
      await seedCallOffProviders(d);
      await requestAtReferralStage(d);
      const card = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
      await d.click(d.people.placementsOfficer, 'shortlist.send', { ...inputValues(card), ...findAction(card, 'shortlist.send').data });
      const queued = await d.db.select().from(outbox).where(eq(outbox.kind, 'email'));
      const referralsQueued = queued.filter((o) => o.status === 'pending' && (o.payload as { template?: string }).template === 'referral');
      if (!referralsQueued.length) throw new Error('shortlist.send queued no referral e-mails');
      await d.settle();

      let batch = 0;
      const fill = async () => {
        batch++;
        await writeTransaction(d.db, async (tx) => {
          for (let i = 0; i < total; i++) {
            const template = referralsQueued[i % referralsQueued.length]!;
            await enqueueOutbox(tx, {
              councilId: template.councilId,
              kind: 'email',
              dedupKey: `bench-mail-out-${batch}-${i}`,
              messageId: `<bench-${batch}-${i}@replies.northshire.example>`,
              payload: template.payload,
              at: d.app.deps.clock.now(),
            });
          }
        });
      };
      // The bytes the product sends, kept from an untimed warm-up run: the baseline sends exactly these.
      await fill();
      const before = d.smtp.received.length;
      await d.app.outbox.runOnce();
      const built = d.smtp.received.slice(before).map((m) => ({ raw: m.raw, envelope: m.envelope }));
      if (built.length !== total) throw new Error(`the warm-up run sent ${built.length} of ${total}`);

      const transport = nodemailer.createTransport({ pool: true, host: '127.0.0.1', port: d.smtp.port, secure: false, ignoreTLS: true, maxConnections: POOL_SIZE, logger: false, getSocket: noDelay } satisfies SMTPPool.Options);
      try {
        const comparisons = await sideBySide({
          path: `mail out, ${total.toLocaleString('en-GB')} referrals`,
          baselineLabel: `nodemailer pool of ${POOL_SIZE}, no-delay sockets, same messages`,
          rounds,
          metrics: [{ metric: 'throughput', unit: 'msg/s', better: 'higher', targetRatio: 0.8 }],
          progress,
          ours: async () => {
            await fill();
            const start = d.smtp.received.length;
            const t = performance.now();
            const attempted = await d.app.outbox.runOnce();
            const ms = performance.now() - t;
            const sent = d.smtp.received.length - start;
            if (attempted !== total || sent !== total) throw new Error(`the outbox attempted ${attempted} and the server received ${sent} of ${total}`);
            return { throughput: (total * 1000) / ms };
          },
          baseline: async () => {
            const start = d.smtp.received.length;
            const t = performance.now();
            await Promise.all(built.map((m) => transport.sendMail({ raw: m.raw, envelope: m.envelope })));
            const ms = performance.now() - t;
            if (d.smtp.received.length - start !== total) throw new Error(`the server received ${d.smtp.received.length - start} of ${total}`);
            return { throughput: (total * 1000) / ms };
          },
        });
        return comparisons;
      } finally {
        transport.close();
      }
    } finally {
      await d.stop();
    }
  },
};
