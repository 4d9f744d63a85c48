import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { storeInboundMessage } from '../../src/db/repositories/inbound.js';
import { parseMessage } from '../../src/mail/inbound/parse-message.js';
import { processInboundMessage } from '../../src/services/replies/process-inbound-message.js';
import type { Driver } from './driver.js';
import type { ReceivedMail } from './test-smtp-server.js';

/** A provider's e-mail as their mail client would send it (real MIME, built by nodemailer). */
export async function composeMail(options: {
  from: string;
  to: string;
  subject: string;
  text?: string;
  html?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: string | Buffer; contentType: string }>;
  date?: Date;
}): Promise<Buffer> {
  const composer = new MailComposer({
    from: options.from,
    to: options.to,
    subject: options.subject,
    text: options.text,
    html: options.html,
    inReplyTo: options.inReplyTo,
    references: options.references,
    headers: options.headers,
    attachments: options.attachments,
    date: options.date ?? new Date('2026-11-30T10:00:00Z'),
    messageId: `<${createHash('sha1').update(JSON.stringify(options)).digest('hex').slice(0, 16)}@provider.example.org>`,
  });
  return composer.compile().build();
}

/** A reply to a referral we sent, quoting it the way Gmail does. */
export async function replyTo(referral: ReceivedMail, text: string, overrides: { from?: string; to?: string; headers?: Record<string, string> } = {}): Promise<Buffer> {
  const quoted = (referral.parsed.text ?? '').split('\n').map((l) => `> ${l}`).join('\n');
  return composeMail({
    from: overrides.from ?? referral.envelope.to[0]!,
    to: overrides.to ?? referral.parsed.replyTo!.value[0]!.address!,
    subject: `Re: ${referral.parsed.subject}`,
    text: `${text}\n\nOn Thu, 26 Nov 2026 at 10:00, Northshire Placements wrote:\n${quoted}`,
    inReplyTo: referral.parsed.messageId,
    references: [referral.parsed.messageId!],
    headers: overrides.headers,
  });
}

/**
 * Stores a raw message with the mailbox reader's own repository and processes it with the service's
 * routing and understanding: everything but the IMAP transport (tested on its own, and end to end in
 * mail-round-trip.test.ts).
 */
export async function deliverToService(d: Driver, raw: Buffer): Promise<{ inboundId: number; outcome: string }> {
  const parsed = await parseMessage(raw);
  const now = d.app.deps.clock.now();
  const { id } = (await storeInboundMessage(d.db, {
    sha256: createHash('sha256').update(raw).digest('hex'),
    mailbox: 'INBOX',
    uidValidity: null,
    uid: null,
    raw,
    fromAddress: parsed.from?.address ?? null,
    toAddresses: parsed.to.map((a) => a.address),
    subject: parsed.subject,
    messageIdHeader: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    receivedAt: now,
    at: now,
  }));
  const outcome = await processInboundMessage(d.app.deps, id, () => undefined);
  return { inboundId: id, outcome };
}
