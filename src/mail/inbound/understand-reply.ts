import { understandReplyText, type ReplyFlags, type ReplyUnderstanding } from '../../domain/reply-understanding.js';
import { parseMessage, type MailAddress, type ParsedMessage } from './parse-message.js';
import { extractReplyText, type ReplyText } from './reply-text.js';

/**
 * Raw message → parsed message → new text → understanding. The mailbox ingestion and the
 * `parse-reply` operator command both call this, so what an operator sees is what the service did.
 */

export interface UnderstandReplyOptions {
  /** Reference for year-less dates when the message has no Date header. */
  now: Date;
  /** Our own mail domains (forwarded copies of our mail are history). Defaults to the recipients' domains. */
  ownDomains?: readonly string[];
  /** Weeks per year of the referral's lot, when the reply is already routed to a referral. */
  expectedWeeksPerYear?: 38 | 52 | null;
}

export interface UnderstoodReply {
  message: ParsedMessage;
  reply: ReplyText;
  understanding: ReplyUnderstanding;
}

const REPLY_SUBJECT = /^\s*(?:re|aw|sv|antw|vs|odp|ynt|r)\s*:/i;
const BULK_ONLY_REASON = /^precedence: (?:bulk|junk|list)$/;
const ATTACHED_MARKER = '---------- Attached message ----------';

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function isOwn(address: MailAddress | null, ownDomains: readonly string[]): boolean {
  const domain = address ? domainOf(address.address) : '';
  return !!domain && ownDomains.some((own) => domain === own || domain.endsWith(`.${own}`));
}

function flagsOf(message: ParsedMessage): ReplyFlags {
  return {
    // Bulk precedence alone marks mass mail, which is read as such rather than as an out-of-office.
    autoReply: message.autoReply.reasons.some((r) => !BULK_ONLY_REASON.test(r)),
    bounce: message.bounce.detected,
    bulk: message.bulk,
    isReply: !!message.inReplyTo || message.references.length > 0 || REPLY_SUBJECT.test(message.subject ?? ''),
  };
}

function describe(address: MailAddress | null): string {
  if (!address) return '';
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/** A message forwarded as an attachment is content too, unless it is our own mail (a returned referral). */
function replyTextOf(message: ParsedMessage, ownDomains: readonly string[]): ReplyText {
  const own = extractReplyText({ text: message.text, html: message.html, subject: message.subject, ownDomains });
  if (message.bounce.detected) return own;
  const attached = message.attachedMessages
    .filter((m) => !isOwn(m.from, ownDomains))
    .map((m) => ({ m, reply: replyTextOf(m, ownDomains) }));
  if (!attached.length) return own;
  const sections = attached.map(({ m, reply }) => `${ATTACHED_MARKER}\nFrom: ${describe(m.from)}\nSubject: ${m.subject ?? ''}\n\n${reply.text}`);
  return {
    text: [own.text, ...sections].filter(Boolean).join('\n\n'),
    body: [own.body, ...attached.map((a) => a.reply.body)].filter(Boolean).join('\n\n'),
    hadQuotedHistory: own.hadQuotedHistory || attached.some((a) => a.reply.hadQuotedHistory),
    forwarded: true,
    source: own.source,
  };
}

export async function understandReply(raw: Buffer | string, options: UnderstandReplyOptions): Promise<UnderstoodReply> {
  return understandParsedReply(await parseMessage(raw), options);
}

/** The same for a message already parsed (the mailbox reader parses each message once and passes it on). */
export function understandParsedReply(message: ParsedMessage, options: UnderstandReplyOptions): UnderstoodReply {
  const ownDomains = (options.ownDomains ?? message.to.map((a) => domainOf(a.address))).map((d) => d.toLowerCase());
  return understandReplyOf(message, replyTextOf(message, ownDomains), options);
}

function understandReplyOf(message: ParsedMessage, reply: ReplyText, options: UnderstandReplyOptions): UnderstoodReply {
  const understanding = understandReplyText({
    text: reply.body,
    subject: message.subject,
    flags: flagsOf(message),
    referenceDate: message.date ?? options.now,
    expectedWeeksPerYear: options.expectedWeeksPerYear ?? null,
  });
  return { message, reply, understanding };
}
