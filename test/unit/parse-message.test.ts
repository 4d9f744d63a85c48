import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/inbound/parse-message.js';

function message(headers: string[], body = 'Hello'): string {
  return [...headers, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
}

const BASE = ['From: Ann <ann@school.example>', 'To: Placements <placements@council.example>', 'Subject: RE: Placement referral', 'Date: Thu, 12 Nov 2026 10:00:00 +0000'];

describe('parseMessage', () => {
  it('reads addresses, ids and references', async () => {
    const m = await parseMessage(message([...BASE, 'Message-ID: <a@school.example>', 'In-Reply-To: <ref.1@council.example>', 'References: <r0@x.example> <ref.1@council.example>']));
    expect(m.from).toEqual({ address: 'ann@school.example', name: 'Ann' });
    expect(m.to).toEqual([{ address: 'placements@council.example', name: 'Placements' }]);
    expect(m).toMatchObject({ messageId: '<a@school.example>', inReplyTo: '<ref.1@council.example>', references: ['<r0@x.example>', '<ref.1@council.example>'] });
    expect(m.date?.toISOString()).toBe('2026-11-12T10:00:00.000Z');
    expect(m.autoReply.detected).toBe(false);
    expect(m.bounce.detected).toBe(false);
  });

  it('has no date when the message has no Date header', async () => {
    expect((await parseMessage(message(['From: a@b.example']))).date).toBeNull();
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'auto-submitted: auto-replied'],
    ['Precedence: auto_reply', 'precedence: auto_reply'],
    ['X-Autoreply: yes', 'x-autoreply'],
    ['X-Autorespond: on', 'x-autorespond'],
    ['X-MS-Exchange-Inbox-Rules-Loop: ann@school.example', 'x-ms-exchange-inbox-rules-loop'],
    ['Return-Path: <>', 'empty return-path'],
  ])('flags an automatic answer from "%s"', async (header, reason) => {
    const m = await parseMessage(message([...BASE, header]));
    expect(m.autoReply).toEqual({ detected: true, reasons: [reason] });
  });

  it('"Auto-Submitted: no" and a normal Return-Path are a person writing', async () => {
    const m = await parseMessage(message([...BASE, 'Auto-Submitted: no', 'Return-Path: <ann@school.example>']));
    expect(m.autoReply.detected).toBe(false);
  });

  it('flags out-of-office subjects and bulk mail', async () => {
    const ooo = await parseMessage(message(['From: a@b.example', 'Subject: Out of Office: Placement referral']));
    expect(ooo.autoReply.reasons).toEqual(['subject']);
    const bulk = await parseMessage(message(['From: news@b.example', 'Subject: Newsletter', 'Precedence: bulk', 'List-Unsubscribe: <mailto:u@b.example>']));
    expect(bulk).toMatchObject({ bulk: true, autoReply: { detected: true, reasons: ['precedence: bulk'] } });
  });

  it('lists attachments by name, type and size only', async () => {
    const raw = [
      ...BASE,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See attached.',
      '--b1',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="fees.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 test').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    const m = await parseMessage(raw);
    expect(m.attachments).toEqual([{ filename: 'fees.pdf', contentType: 'application/pdf', size: 13 }]);
    expect(m.text?.trim()).toBe('See attached.');
  });

  it('keeps an HTML-only body as HTML for the reply-text step to convert', async () => {
    const m = await parseMessage([...BASE, 'Content-Type: text/html; charset=utf-8', '', '<p>Fee &pound;3,000</p>', ''].join('\r\n'));
    expect(m.text).toBeNull();
    expect(m.html).toContain('<p>Fee &pound;3,000</p>');
  });

  function report(action: string, from = 'Mail Delivery System <MAILER-DAEMON@mx.council.example>'): string {
    return [
      `From: ${from}`,
      'To: placements@council.example',
      'Subject: Mail delivery report',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r1"',
      '',
      '--r1',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Your message could not be delivered.',
      '--r1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.council.example',
      '',
      'Final-Recipient: rfc822; admissions@gone.example',
      `Action: ${action}`,
      'Status: 5.1.1',
      '',
      '--r1',
      'Content-Type: text/rfc822-headers',
      '',
      'Message-ID: <referral.PR-2026-0048.8@council.example>',
      'Subject: Placement referral',
      '',
      '--r1--',
      '',
    ].join('\r\n');
  }

  it('recognises a bounce and finds the message that was not delivered', async () => {
    const m = await parseMessage(report('failed'));
    expect(m.bounce).toMatchObject({
      detected: true,
      originalMessageId: '<referral.PR-2026-0048.8@council.example>',
      failedRecipients: ['admissions@gone.example'],
    });
    expect(m.bounce.reasons).toEqual(expect.arrayContaining(['multipart/report delivery-status', 'sender']));
  });

  it('finds the original Message-ID in an inline embedded copy of the undelivered message', async () => {
    const raw = [
      'From: Mail Delivery Subsystem <mailer-daemon@mail.example>',
      'Subject: Delivery Status Notification (Failure)',
      'Message-ID: <dsn.1@mail.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Address not found',
      '--b',
      'Content-Type: message/rfc822',
      'Content-Disposition: inline',
      '',
      'Message-ID: <referral.PR-2026-0099.1@council.example>',
      'Subject: Referral PR-2026-0099',
      '',
      'Budget guide',
      '--b--',
      '',
    ].join('\r\n');
    expect((await parseMessage(raw)).bounce.originalMessageId).toBe('<referral.PR-2026-0099.1@council.example>');
  });

  it('a delay notice is not a bounce but an automatic notice', async () => {
    const m = await parseMessage(report('delayed'));
    expect(m.bounce.detected).toBe(false);
    expect(m.autoReply.reasons).toContain('delivery notice');
  });

  it('a postmaster sender alone marks a bounce', async () => {
    const m = await parseMessage(message(['From: postmaster@council.example', 'Subject: Returned mail: see transcript'], 'Message-ID: <orig.1@council.example>'));
    expect(m.bounce).toMatchObject({ detected: true, originalMessageId: '<orig.1@council.example>' });
  });
});
