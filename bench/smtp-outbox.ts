import { performance } from 'node:perf_hooks';
import { messageIdFor, replyAddress } from '../src/domain/reply-token.js';
import { createLogger } from '../src/logger.js';
import { createSmtpMailer, type OutgoingMail } from '../src/mail/outbound/mailer.js';
import { buildReferralEmail } from '../src/mail/outbound/referral-email.js';
import { startTestSmtp } from '../test/support/test-smtp-server.js';
import { rowOf, type Benchmark, type BenchContext, type Row } from './harness.js';

const MESSAGES = 300;
const BUDGET_PER_SECOND = 50;
/** The mailer's pool size (createSmtpMailer's default maxConnections). */
const POOL_SIZE = 3;
const SECRET = 'bench-reply-token-secret-0123456789abcdef';
const DOMAIN = 'replies.northshire.example';

/** A full pseudonymised referral (text and HTML parts), as the outbox sends one per provider. */
function referralMail(n: number): OutgoingMail {
  const built = buildReferralEmail({
    councilName: 'Northshire Borough Council',
    requestReference: 'PR-2026-0042',
    providerName: `Bench School ${n}`,
    contactName: 'Admissions Team',
    childInitials: 'JS',
    age: 12,
    yearGroup: 'Year 7',
    sex: 'male',
    primaryNeed: 'ASD',
    secondaryNeeds: ['SLCN', 'SEMH'],
    sectionB: 'Significant social communication needs; sensory sensitivities.',
    sectionE: 'To access learning in a small group.',
    sectionF: '1:1 support throughout the day; SALT weekly; OT termly.',
    lot: 1,
    requiredStartDate: '2027-09-07',
    postcodeDistrict: 'WA7',
    riskFlags: ['Absconding'],
    responseDeadline: '2026-12-10',
    officerName: 'Priya Shah',
    productName: 'Placement Desk',
  });
  return {
    from: 'Northshire Placements <placements@northshire.example>',
    to: [`admissions@bench-school-${n}.example.org`],
    replyTo: replyAddress(n, SECRET, DOMAIN),
    subject: built.subject,
    text: built.text,
    html: built.html,
    headers: built.headers,
    messageId: messageIdFor('referral', n, DOMAIN),
  };
}

/**
 * Sends MESSAGES referrals through one pooled mailer with `inFlight` sends outstanding at a time, into a
 * real SMTP server on loopback; each sample is one send from call to the server's acceptance.
 */
async function sendAll(name: string, inFlight: number, firstId: number, ctx: BenchContext): Promise<Row> {
  const smtp = await startTestSmtp();
  const mailer = createSmtpMailer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: smtp.port, SMTP_SECURE: false, SMTP_REQUIRE_TLS: false }, createLogger('silent'));
  const mails = Array.from({ length: MESSAGES }, (_, i) => referralMail(firstId + i));
  const samples: number[] = [];
  try {
    let next = 0;
    const worker = async () => {
      while (next < mails.length && performance.now() < ctx.deadline) {
        const mail = mails[next++]!;
        const start = performance.now();
        const result = await mailer.send(mail);
        samples.push(performance.now() - start);
        if (result.accepted.length !== 1 || result.rejected.length) throw new Error(`${mail.messageId} not accepted: ${JSON.stringify(result)}`);
        if (samples.length % 25 === 0 || samples.length === MESSAGES) ctx.progress(samples.length, MESSAGES);
      }
    };
    // The pool's first connections are opened inside the timed part: the outbox pays for them too.
    const wallStart = performance.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    const wallMs = performance.now() - wallStart;
    if (smtp.received.length !== samples.length) throw new Error(`the SMTP server received ${smtp.received.length} of ${samples.length} messages sent`);
    return rowOf({ name, samplesMs: samples, units: samples.length, wallMs, throughputUnit: 'msg/s', budget: { kind: 'throughput-above', perSecond: BUDGET_PER_SECOND }, planned: MESSAGES });
  } finally {
    await mailer.close();
    await smtp.close();
  }
}

/**
 * The outbox dispatcher sends its due items one after another, so "one at a time" is the rate the
 * outbox gets today; "pool of 3 in flight" is what the same mailer could do if it sent concurrently.
 */
export const smtpOutbox: Benchmark = {
  title: 'Outbox e-mail throughput (pooled SMTP mailer)',
  timeCapMs: 20_000,
  async run(ctx): Promise<Row[]> {
    const serial = await sendAll(`send ${MESSAGES} referrals, one at a time`, 1, 1, ctx);
    ctx.progress.note('now with the pool full');
    const pooled = await sendAll(`send ${MESSAGES} referrals, ${POOL_SIZE} in flight`, POOL_SIZE, 1 + MESSAGES, ctx);
    return [serial, pooled];
  },
};
