import { simpleParser, type AddressObject, type Attachment, type HeaderLines, type ParsedMail } from 'mailparser';
import { looksLikeAutoReplySubject } from '../../domain/reply-signals.js';

/**
 * Raw message bytes → what the rest of the system needs to know about them. Attachment contents
 * never leave this module (only name, type and size); bodies are returned but must never be logged.
 */

export interface MailAddress {
  address: string;
  name: string;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
}

export interface AutoReplyDetection {
  detected: boolean;
  /** Which signals fired, e.g. "auto-submitted: auto-replied", "precedence: bulk", "subject". */
  reasons: string[];
}

export interface BounceDetection {
  detected: boolean;
  reasons: string[];
  /** Message-ID of the message that could not be delivered, when the bounce carries it. */
  originalMessageId: string | null;
  failedRecipients: string[];
}

export interface ParsedMessage {
  /** Lower-case header name → raw (unfolded, undecoded) values. */
  headers: Readonly<Record<string, readonly string[]>>;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string | null;
  date: Date | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  /** Messages attached whole (message/rfc822), e.g. "forward as attachment". */
  attachedMessages: ParsedMessage[];
  autoReply: AutoReplyDetection;
  /** Precedence bulk/junk/list or List-* headers: mass mail rather than a personal answer. */
  bulk: boolean;
  bounce: BounceDetection;
}

const MAX_ATTACHED_DEPTH = 2;
const BULK_PRECEDENCE = new Set(['bulk', 'junk', 'list']);
const AUTO_PRECEDENCE = new Set([...BULK_PRECEDENCE, 'auto_reply']);
const BOUNCE_SENDER = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;
const BOUNCE_SENDER_NAME = /^mail delivery (?:system|subsystem)$/i;
const BOUNCE_SUBJECT =
  /^\s*(?:undeliver(?:ed|able)\b|delivery status notification \(failure\)|delivery (?:has )?failed|mail delivery failed|returned mail\b|failure notice\b|non[- ]?delivery\b|message not delivered\b|delivery failure\b)/i;
const HEADER_TYPES = /^(?:text|message)\/(?:rfc822-headers|global-headers)$/i;
const MESSAGE_ID_LINE = /^[ \t]*(?:X-Original-)?Message-ID:[ \t]*(<[^>\s]+>)/im;

function headerMap(lines: HeaderLines): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const { key, line } of lines) {
    const unfolded = line.replace(/\r?\n[ \t]+/g, ' ');
    const value = unfolded.slice(unfolded.indexOf(':') + 1).trim();
    (map[key.toLowerCase()] ??= []).push(value);
  }
  return map;
}

function first(headers: Record<string, string[]>, name: string): string | undefined {
  return headers[name]?.[0];
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) =>
    o.value.flatMap((a) => (a.group ?? [a]).filter((m) => m.address).map((m) => ({ address: m.address!, name: m.name }))),
  );
}

function referencesOf(mail: ParsedMail): string[] {
  const refs = mail.references;
  return refs === undefined ? [] : Array.isArray(refs) ? refs : refs.split(/\s+/).filter(Boolean);
}

interface ReportPart {
  /** The report-type of a multipart/report message, lower case. */
  reportType: string | null;
  /** A delivery-status report that lists no failed recipient (delayed, relayed, delivered). */
  noticeOnly: boolean;
  failed: string[];
}

function detectAutoReply(headers: Record<string, string[]>, subject: string | null, report: ReportPart): AutoReplyDetection {
  const reasons: string[] = [];
  if (report.reportType === 'disposition-notification') reasons.push('read receipt');
  if (report.noticeOnly) reasons.push('delivery notice');
  const autoSubmitted = first(headers, 'auto-submitted')?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') reasons.push(`auto-submitted: ${autoSubmitted}`);
  const precedence = first(headers, 'precedence')?.trim().toLowerCase();
  if (precedence && AUTO_PRECEDENCE.has(precedence)) reasons.push(`precedence: ${precedence}`);
  for (const name of ['x-autoreply', 'x-autorespond', 'x-ms-exchange-inbox-rules-loop']) {
    const value = first(headers, name);
    if (value !== undefined && value.trim().toLowerCase() !== 'no') reasons.push(name);
  }
  const returnPath = first(headers, 'return-path');
  if (returnPath !== undefined && /^<?\s*>?$/.test(returnPath.trim())) reasons.push('empty return-path');
  if (looksLikeAutoReplySubject(subject)) reasons.push('subject');
  return { detected: reasons.length > 0, reasons };
}

function isBulk(headers: Record<string, string[]>): boolean {
  const precedence = first(headers, 'precedence')?.trim().toLowerCase();
  return (precedence !== undefined && BULK_PRECEDENCE.has(precedence)) || 'list-id' in headers || 'list-unsubscribe' in headers;
}

interface DeliveryReport {
  failed: string[];
  /** Recipients reported delayed, relayed or delivered: a notice, not a bounce. */
  other: number;
}

/** Per-recipient blocks of a message/delivery-status part (RFC 3464). */
function readDeliveryStatus(content: string): DeliveryReport {
  const report: DeliveryReport = { failed: [], other: 0 };
  for (const block of content.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const recipient = /^(?:Final|Original)-Recipient:\s*[^;\n]*;\s*(\S+)/im.exec(block)?.[1];
    const action = /^Action:\s*(\S+)/im.exec(block)?.[1]?.toLowerCase();
    if (!recipient || !action) continue;
    if (action === 'failed') report.failed.push(recipient.replace(/^<|>$/g, ''));
    else report.other++;
  }
  return report;
}

/** The raw message after its own header block: an embedded copy of the original keeps its Message-ID line there. */
function rawBody(raw: Buffer | string): string {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? '' : text.slice(end);
}

function originalMessageId(mail: ParsedMail, raw: Buffer | string, attached: ParsedMessage[]): string | null {
  const headerParts = mail.attachments.filter((a) => HEADER_TYPES.test(a.contentType)).map((a) => a.content.toString('utf8'));
  const candidates = [
    ...attached.map((m) => m.messageId),
    ...headerParts.map((t) => MESSAGE_ID_LINE.exec(t)?.[1]),
    MESSAGE_ID_LINE.exec(mail.text ?? '')?.[1],
    MESSAGE_ID_LINE.exec(rawBody(raw))?.[1],
  ];
  return candidates.find((id): id is string => !!id && id !== mail.messageId) ?? null;
}

function reportPart(mail: ParsedMail): ReportPart {
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const isReport = contentType?.value?.toLowerCase() === 'multipart/report';
  const statusParts = mail.attachments.filter((a) => a.contentType.toLowerCase() === 'message/delivery-status');
  const reports = statusParts.map((a) => readDeliveryStatus(a.content.toString('utf8')));
  const failed = reports.flatMap((r) => r.failed);
  return {
    reportType: isReport ? contentType?.params?.['report-type']?.toLowerCase() ?? null : null,
    noticeOnly: failed.length === 0 && reports.some((r) => r.other > 0),
    failed,
  };
}

function detectBounce(
  mail: ParsedMail,
  raw: Buffer | string,
  from: MailAddress | null,
  attached: ParsedMessage[],
  headers: Record<string, string[]>,
  report: ReportPart,
): BounceDetection {
  const reasons: string[] = [];
  if (!report.noticeOnly) {
    if (report.reportType === 'delivery-status') reasons.push('multipart/report delivery-status');
    if (from && (BOUNCE_SENDER.test(from.address) || BOUNCE_SENDER_NAME.test(from.name))) reasons.push('sender');
    if (BOUNCE_SUBJECT.test(mail.subject ?? '')) reasons.push('subject');
  }
  const xFailed = first(headers, 'x-failed-recipients');
  const failedRecipients = [...new Set([...report.failed, ...(xFailed ? xFailed.split(/[,\s]+/).filter(Boolean) : [])])];
  return {
    detected: reasons.length > 0,
    reasons,
    originalMessageId: reasons.length ? originalMessageId(mail, raw, attached) : null,
    failedRecipients: reasons.length ? failedRecipients : [],
  };
}

function attachmentInfo(a: Attachment): AttachmentInfo {
  return { filename: a.filename ?? null, contentType: a.contentType, size: a.size };
}

async function attachedMessages(mail: ParsedMail, depth: number): Promise<ParsedMessage[]> {
  if (depth >= MAX_ATTACHED_DEPTH) return [];
  const parts = mail.attachments.filter((a) => a.contentType.toLowerCase() === 'message/rfc822');
  return Promise.all(parts.map((a) => parseMessageAt(a.content, depth + 1)));
}

async function parseMessageAt(raw: Buffer | string, depth: number): Promise<ParsedMessage> {
  // skipHtmlToText: an HTML-only message is converted by reply-text.ts, which keeps tables readable.
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, keepDeliveryStatus: true, skipImageLinks: true });
  const headers = headerMap(mail.headerLines);
  const from = addresses(mail.from)[0] ?? null;
  const subject = mail.subject ?? null;
  const attached = await attachedMessages(mail, depth);
  const report = reportPart(mail);
  return {
    headers,
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject,
    date: 'date' in headers && mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    references: referencesOf(mail),
    text: mail.text?.trim() ? mail.text : null,
    html: typeof mail.html === 'string' && mail.html.trim() ? mail.html : null,
    attachments: mail.attachments.map(attachmentInfo),
    attachedMessages: attached,
    autoReply: detectAutoReply(headers, subject, report),
    bulk: isBulk(headers),
    bounce: detectBounce(mail, raw, from, attached, headers, report),
  };
}

export function parseMessage(raw: Buffer | string): Promise<ParsedMessage> {
  return parseMessageAt(raw, 0);
}
