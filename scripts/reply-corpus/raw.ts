import { encodedWord, renderMessage, rfcDate, stableHex, type Part } from './mime.js';
import { buildReferral, type BuiltReferral, type ReferralKey } from './referrals.js';

/**
 * Messages no person typed as a reply: automatic answers, delivery reports, forwards as attachment,
 * mass mail. Each is written the way the system that sends it writes it.
 */

function originalHeaders(r: BuiltReferral, to: string, sentIso: string): string {
  return [
    `From: ${r.council.senderName} <${r.council.sender}>`,
    `Reply-To: ${r.replyAddress}`,
    `To: ${to}`,
    `Subject: ${encodedWord(r.subject)}`,
    `Date: ${rfcDate(sentIso)}`,
    `Message-ID: ${r.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ].join('\r\n');
}

export interface AutoReplyOptions {
  referral: ReferralKey;
  provider: string;
  from: string;
  sent: string;
  subject: string;
  text: string;
  /** Headers the sending system sets (none for the ones that set none). */
  headers?: Array<[string, string]>;
  html?: boolean;
}

/** An automatic answer to the referral: Exchange, Gmail vacation responders, ticket systems. */
export function autoReply(o: AutoReplyOptions): string {
  const r = buildReferral(o.referral, o.provider, undefined);
  const seed = `${o.referral}:${o.from}:${o.sent}`;
  const domain = o.from.replace(/^.*@|>$/g, '');
  const body: Part = o.html
    ? {
        subtype: 'alternative',
        boundary: `_000_${stableHex(seed, 20).toUpperCase()}_`,
        parts: [
          { contentType: 'text/plain; charset="utf-8"', encoding: 'quoted-printable', content: o.text },
          {
            contentType: 'text/html; charset="utf-8"',
            encoding: 'quoted-printable',
            content: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${o.text
              .split(/\n{2,}/)
              .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</p>`)
              .join('')}</body></html>`,
          },
        ],
      }
    : { contentType: 'text/plain; charset="utf-8"', encoding: 'quoted-printable', content: o.text };
  return renderMessage(
    [
      ['From', o.from],
      ['To', `${r.council.senderName} <${r.replyAddress}>`],
      ['Subject', encodedWord(o.subject.replace('{subject}', r.subject))],
      ['Date', rfcDate(o.sent)],
      ['Message-ID', `<${stableHex(seed, 24)}@${domain}>`],
      ['In-Reply-To', r.messageId],
      ['References', r.messageId],
      ...(o.headers ?? []),
      ['MIME-Version', '1.0'],
    ],
    body,
  );
}

export interface BounceOptions {
  referral: ReferralKey;
  provider: string;
  /** The address that failed. */
  recipient: string;
  sent: string;
  style: 'postfix' | 'exchange' | 'gmail' | 'exim' | 'delay';
}

/** A delivery report about the referral, as the reporting system writes it. */
export function bounce(o: BounceOptions): string {
  const r = buildReferral(o.referral, o.provider, undefined);
  const seed = `${o.referral}:${o.recipient}:${o.style}`;
  const original = `${originalHeaders(r, o.recipient, r.seed.sentAt)}\r\n\r\n${r.text.split('\n').slice(0, 12).join('\r\n')}`;
  const ourDomain = r.council.sender.split('@')[1]!;
  const rcptDomain = o.recipient.split('@')[1]!;
  const to = r.council.sender;
  switch (o.style) {
    case 'postfix':
      return renderMessage(
        [
          ['Return-Path', '<>'],
          ['Date', rfcDate(o.sent)],
          ['From', `MAILER-DAEMON@mx1.${ourDomain} (Mail Delivery System)`],
          ['Subject', 'Undelivered Mail Returned to Sender'],
          ['To', to],
          ['Auto-Submitted', 'auto-replied'],
          ['MIME-Version', '1.0'],
          ['Message-Id', `<20${stableHex(seed, 14).toUpperCase()}@mx1.${ourDomain}>`],
        ],
        {
          subtype: 'report',
          params: 'report-type=delivery-status',
          boundary: `${stableHex(seed, 10).toUpperCase()}.${Date.parse(o.sent) / 1000}/mx1.${ourDomain}`,
          preamble: 'This is a MIME-encapsulated message.',
          parts: [
            {
              contentType: 'text/plain; charset=us-ascii',
              encoding: '7bit',
              headers: [['Content-Description', 'Notification']],
              content: `This is the mail system at host mx1.${ourDomain}.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\nFor further assistance, please send mail to postmaster.\n\nIf you do so, please include this problem report. You can\ndelete your own text from the attached returned message.\n\n                   The mail system\n\n<${o.recipient}>: host mx.${rcptDomain}[203.0.113.25] said: 550 5.1.1\n    <${o.recipient}>: Recipient address rejected: User unknown in virtual\n    mailbox table (in reply to RCPT TO command)\n`,
            },
            {
              contentType: 'message/delivery-status',
              encoding: '7bit',
              headers: [['Content-Description', 'Delivery report']],
              content: `Reporting-MTA: dns; mx1.${ourDomain}\nX-Postfix-Queue-ID: ${stableHex(seed, 10).toUpperCase()}\nX-Postfix-Sender: rfc822; ${to}\nArrival-Date: ${rfcDate(r.seed.sentAt)}\n\nFinal-Recipient: rfc822; ${o.recipient}\nOriginal-Recipient: rfc822;${o.recipient}\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.${rcptDomain}\nDiagnostic-Code: smtp; 550 5.1.1 <${o.recipient}>: Recipient address\n    rejected: User unknown in virtual mailbox table\n`,
            },
            { contentType: 'message/rfc822', encoding: '7bit', headers: [['Content-Description', 'Undelivered Message']], content: original.replace(/\r\n/g, '\n') },
          ],
        },
      );
    case 'exchange':
    case 'delay': {
      const delayed = o.style === 'delay';
      const human = delayed
        ? `Delivery is delayed to these recipients or groups:\n\n${o.recipient}\n\nSubject: ${r.subject}\n\nThis message hasn't been delivered yet. Delivery will continue to be attempted.\n\nThe server will keep trying to deliver this message for the next 1 days, 19 hours and 53 minutes. You'll be notified if the message can't be delivered by that time.`
        : `Your message to ${o.recipient} couldn't be delivered.\n\n${o.recipient.split('@')[0]} wasn't found at ${rcptDomain}.\n\n${r.council.senderName}    Office 365    ${o.recipient.split('@')[0]}\nAction Required                 Recipient\n\nUnknown To address\n\nHow to Fix It\nThe address may be misspelled or may not exist. Try one or more of the following:\n\n  *   Retype the recipient's address, then resend the message.\n\nDiagnostic information for administrators:\n\nGenerating server: LO2P265MB5211.GBRP265.PROD.OUTLOOK.COM\n\n${o.recipient}\nRemote server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'`;
      return renderMessage(
        [
          ['From', `Microsoft Outlook <postmaster@${ourDomain.replace(/\..*$/, '')}.onmicrosoft.com>`],
          ['To', `${r.council.senderName} <${to}>`],
          ['Date', rfcDate(o.sent)],
          ['Subject', encodedWord(`${delayed ? 'Delivery delayed:' : 'Undeliverable:'} ${r.subject}`)],
          ['Message-ID', `<${stableHex(seed, 8)}-${stableHex(seed + 'a', 4)}-${stableHex(seed + 'b', 4)}@LO2P265MB5211.GBRP265.PROD.OUTLOOK.COM>`],
          ['In-Reply-To', r.messageId],
          ['References', r.messageId],
          ['Thread-Topic', encodedWord(r.subject)],
          ['Auto-Submitted', 'auto-replied'],
          ['X-MS-Exchange-Message-Is-Ndr', ''],
          ['MIME-Version', '1.0'],
        ],
        {
          subtype: 'report',
          params: 'report-type=delivery-status',
          boundary: `_000_${stableHex(seed, 16)}_`,
          parts: [
            {
              subtype: 'alternative',
              boundary: `_002_${stableHex(seed, 16)}_`,
              parts: [{ contentType: 'text/plain; charset="us-ascii"', encoding: 'quoted-printable', content: human }],
            },
            {
              contentType: 'message/delivery-status',
              encoding: '7bit',
              content: `Reporting-MTA: dns;LO2P265MB5211.GBRP265.PROD.OUTLOOK.COM\nReceived-From-MTA: dns;LO2P265MB5211.GBRP265.PROD.OUTLOOK.COM\nArrival-Date: ${rfcDate(r.seed.sentAt)}\n\nFinal-Recipient: rfc822;${o.recipient}\nAction: ${delayed ? 'delayed' : 'failed'}\nStatus: ${delayed ? '4.4.7' : '5.1.10'}\n${delayed ? 'Will-Retry-Until: ' + rfcDate(new Date(Date.parse(o.sent) + 2 * 86400_000).toISOString()) : "Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"}\n`,
            },
            { contentType: 'text/rfc822-headers', encoding: '7bit', content: originalHeaders(r, o.recipient, r.seed.sentAt).replace(/\r\n/g, '\n') },
          ],
        },
      );
    }
    case 'gmail':
      return renderMessage(
        [
          ['Return-Path', '<>'],
          ['From', 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>'],
          ['To', to],
          ['Auto-Submitted', 'auto-replied'],
          ['Subject', 'Delivery Status Notification (Failure)'],
          ['References', r.messageId],
          ['In-Reply-To', r.messageId],
          ['X-Failed-Recipients', o.recipient],
          ['Message-ID', `<${stableHex(seed, 12)}.${stableHex(seed + 'g', 12)}@mx.google.com>`],
          ['Date', rfcDate(o.sent)],
          ['MIME-Version', '1.0'],
        ],
        {
          subtype: 'report',
          params: 'report-type=delivery-status',
          boundary: `00000000000${stableHex(seed, 17)}`,
          parts: [
            {
              contentType: 'text/plain; charset="UTF-8"',
              encoding: '7bit',
              content: `\n** Address not found **\n\nYour message wasn't delivered to ${o.recipient} because the address couldn't be found, or is unable to receive mail.\n\nLearn more here: https://support.google.com/mail/?p=NoSuchUser\n\nThe response was:\n\n550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser\n`,
            },
            {
              contentType: 'message/delivery-status',
              encoding: '7bit',
              content: `Reporting-MTA: dns; googlemail.com\nArrival-Date: ${rfcDate(r.seed.sentAt)}\n\nFinal-Recipient: rfc822; ${o.recipient}\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist.\nLast-Attempt-Date: ${rfcDate(o.sent)}\n`,
            },
            { contentType: 'message/rfc822', encoding: '7bit', content: original.replace(/\r\n/g, '\n') },
          ],
        },
      );
    case 'exim':
      return renderMessage(
        [
          ['Return-path', '<>'],
          ['X-Failed-Recipients', o.recipient],
          ['From', `Mail Delivery System <Mailer-Daemon@mail.${rcptDomain}>`],
          ['To', to],
          ['Subject', 'Mail delivery failed: returning message to sender'],
          ['Message-Id', `<E1${stableHex(seed, 14)}@mail.${rcptDomain}>`],
          ['Date', rfcDate(o.sent)],
        ],
        {
          contentType: 'text/plain; charset=us-ascii',
          encoding: '7bit',
          content: `This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  ${o.recipient}\n    mailbox is full: retry timeout exceeded\n\n------ This is a copy of the message, including all the headers. ------\n\n${original.replace(/\r\n/g, '\n')}\n`,
        },
      );
  }
}

export interface ForwardAsAttachmentOptions {
  referral: ReferralKey;
  provider: string;
  from: string;
  sent: string;
  note: string;
  inner: { from: string; to: string; sent: string; subject: string; text: string };
}

/** Outlook's "Forward as attachment": a short note and the original message as message/rfc822. */
export function forwardAsAttachment(o: ForwardAsAttachmentOptions): string {
  const r = buildReferral(o.referral, o.provider, undefined);
  const seed = `${o.referral}:${o.from}:${o.sent}`;
  const innerRaw = renderMessage(
    [
      ['From', o.inner.from],
      ['To', o.inner.to],
      ['Subject', encodedWord(o.inner.subject)],
      ['Date', rfcDate(o.inner.sent)],
      ['Message-ID', `<${stableHex(seed + 'inner', 20)}@${o.inner.from.replace(/^.*@|>$/g, '')}>`],
      ['MIME-Version', '1.0'],
    ],
    { contentType: 'text/plain; charset="utf-8"', encoding: 'quoted-printable', content: o.inner.text },
  );
  return renderMessage(
    [
      ['From', o.from],
      ['To', `${r.council.senderName} <${r.replyAddress}>`],
      ['Subject', encodedWord(`FW: ${r.subject}`)],
      ['Date', rfcDate(o.sent)],
      ['Message-ID', `<${stableHex(seed, 20)}@${o.from.replace(/^.*@|>$/g, '')}>`],
      ['In-Reply-To', r.messageId],
      ['References', r.messageId],
      ['MIME-Version', '1.0'],
    ],
    {
      subtype: 'mixed',
      boundary: `_004_${stableHex(seed, 24).toUpperCase()}_`,
      parts: [
        { contentType: 'text/plain; charset="utf-8"', encoding: 'quoted-printable', content: o.note },
        { contentType: 'message/rfc822', encoding: '7bit', headers: [['Content-Disposition', `attachment; filename="${o.inner.subject.replace(/[^\w .-]/g, '')}.eml"`]], content: innerRaw.replace(/\r\n/g, '\n') },
      ],
    },
  );
}

export interface BulkOptions {
  from: string;
  to: string;
  sent: string;
  subject: string;
  text: string;
  html: string;
}

/** A provider's newsletter or event invitation: mass mail with list headers, not an answer to anything. */
export function bulk(o: BulkOptions): string {
  const seed = `${o.from}:${o.sent}`;
  const domain = o.from.replace(/^.*@|>$/g, '');
  return renderMessage(
    [
      ['From', o.from],
      ['To', o.to],
      ['Subject', encodedWord(o.subject)],
      ['Date', rfcDate(o.sent)],
      ['Message-ID', `<${stableHex(seed, 24)}@mail.mailchimpapp.net>`],
      ['List-Unsubscribe', `<https://${domain}.us21.list-manage.com/unsubscribe?u=${stableHex(seed, 12)}>`],
      ['List-Id', `${stableHex(seed, 20)}mc list <${stableHex(seed, 20)}.mailchimpapp.net>`],
      ['Precedence', 'bulk'],
      ['MIME-Version', '1.0'],
    ],
    {
      subtype: 'alternative',
      boundary: `_----------=_MCPart_${stableHex(seed, 10)}`,
      parts: [
        { contentType: 'text/plain; charset="utf-8"', encoding: 'quoted-printable', content: o.text },
        { contentType: 'text/html; charset="utf-8"', encoding: 'quoted-printable', content: o.html },
      ],
    },
  );
}
