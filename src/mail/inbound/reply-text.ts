import EmailReplyParser from 'email-reply-parser';
import { convert } from 'html-to-text';
import {
  attributionEndingAt,
  filledFormLine,
  forwardedHeaders,
  includeRuleAbove,
  isForwardMarker,
  isHeaderBlockStart,
  isOriginalSeparator,
  isQuoted,
  joinInterleavedAnswers,
  nextNonBlank,
  withoutSignature,
} from './reply-lines.js';

/**
 * The new text of a reply: what the sender wrote this time, without the history their mail client
 * quoted below (or around) it. A forwarded message is not history: what was forwarded is the
 * content, unless it is our own mail coming back.
 */

export interface ReplyTextInput {
  text?: string | null;
  html?: string | null;
  subject?: string | null;
  /** Our own mail domains: a forwarded copy of our own message is history, not content. */
  ownDomains?: readonly string[];
}

export interface ReplyText {
  /** The new text, quoted history removed; signatures are kept, as the sender wrote them. */
  text: string;
  /** The new text without signatures and forward header blocks: what the understanding reads. */
  body: string;
  hadQuotedHistory: boolean;
  forwarded: boolean;
  source: 'text' | 'html' | 'none';
}

interface Split {
  textLines: string[];
  bodyLines: string[];
  quoted: boolean;
  forwarded: boolean;
}

interface Context {
  ownDomains: readonly string[];
  subjectIsForward: boolean;
}

const MAX_FORWARD_DEPTH = 5;
const MAX_PARSER_INPUT = 100_000;
/** Far beyond any reply; bounds the conversion time of a huge HTML newsletter. */
const MAX_HTML_LENGTH = 2_000_000;
const FORWARD_SUBJECT = /^\s*(?:fwd?|fw|tr|wg|rv|i|doorst)\s*:/i;
const ADDRESS_DOMAIN = /[\w.+'-]+@([\w-]+(?:\.[\w-]+)+)/;

/** HTML to plain text for reading: no wrapping, links as their text, one table row per line with " | " between cells. */
export function htmlToPlainText(html: string): string {
  return convert(html.slice(0, MAX_HTML_LENGTH), {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'table', format: 'block' },
      { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'td', format: 'inlineSurround', options: { prefix: ' | ' } },
      { selector: 'th', format: 'inlineSurround', options: { prefix: ' | ' } },
      { selector: 'td:first-child', format: 'inline' },
      { selector: 'th:first-child', format: 'inline' },
      { selector: 'td > p', format: 'inline' },
      { selector: 'td > div', format: 'inline' },
      { selector: 'th > p', format: 'inline' },
      { selector: 'th > div', format: 'inline' },
    ],
  });
}

function firstContentLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/**
 * email-reply-parser knows attribution lines in many languages; where it finds one we did not,
 * its line index (or -1).
 */
function parserQuoteHeaderIndex(lines: readonly string[]): number {
  const email = new EmailReplyParser().read(lines.join('\n').slice(0, MAX_PARSER_INPUT));
  const header = email.getFragments().find((f) => f.isQuoted() && !isQuoted(firstContentLine(f.getContent())));
  const probe = header ? firstContentLine(header.getContent()).slice(0, 24) : '';
  if (!probe) return -1;
  return lines.findIndex((l) => !isQuoted(l) && l.trim().startsWith(probe));
}

function senderIsOwn(fromLine: string | null, ownDomains: readonly string[]): boolean {
  const domain = fromLine ? ADDRESS_DOMAIN.exec(fromLine)?.[1]?.toLowerCase() : undefined;
  return !!domain && ownDomains.some((own) => domain === own || domain.endsWith(`.${own}`));
}

interface Scan {
  cut: number;
  removed: Set<number>;
  /** Where a forwarded message's header lines begin, when the history is a forward. */
  forwardHeadersAt: number;
}

/** Walks the lines: quoted lines and attributions above quotes are dropped, the first history marker ends the new text. */
function scanLines(lines: readonly string[], ctx: Context, depth: number): Scan {
  const removed = new Set<number>();
  const parserHeader = parserQuoteHeaderIndex(lines);
  const forwardByOutlook = ctx.subjectIsForward && depth === 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isQuoted(line)) {
      removed.add(i);
      continue;
    }
    if (isForwardMarker(line)) return { cut: i, removed, forwardHeadersAt: i + 1 };
    if (isOriginalSeparator(line)) return { cut: i, removed, forwardHeadersAt: forwardByOutlook ? i + 1 : -1 };
    if (isHeaderBlockStart(lines, i)) return { cut: includeRuleAbove(lines, i), removed, forwardHeadersAt: forwardByOutlook ? i : -1 };
    const ours = attributionEndingAt(lines, i);
    const end = ours >= 0 ? ours : i === parserHeader ? i : -1;
    if (end < 0) continue;
    const next = nextNonBlank(lines, end + 1);
    if (next >= lines.length || !isQuoted(lines[next]!)) return { cut: i, removed, forwardHeadersAt: -1 };
    for (let k = i; k <= end; k++) removed.add(k);
    i = end;
  }
  return { cut: lines.length, removed, forwardHeadersAt: -1 };
}

function trimTrailingBlank(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  return lines.slice(0, end);
}

/** New text plus the reply-form answers the provider typed into the quoted referral, which are new too. */
function withoutHistory(lines: readonly string[], scan: Scan): Split {
  const kept = lines.slice(0, scan.cut).filter((_, i) => !scan.removed.has(i));
  const answers = lines
    .filter((_, i) => i >= scan.cut || scan.removed.has(i))
    .map(filledFormLine)
    .filter((l): l is string => l !== null);
  const withAnswers = (head: string[]) => (answers.length ? [...trimTrailingBlank(head), '', ...answers] : head);
  const textLines = withAnswers(kept);
  const bodyLines = withAnswers(withoutSignature(kept));
  return { textLines, bodyLines, quoted: scan.cut < lines.length || scan.removed.size > 0, forwarded: false };
}

function splitReply(lines: readonly string[], ctx: Context, depth: number): Split {
  const scan = scanLines(lines, ctx, depth);
  if (scan.forwardHeadersAt < 0 || depth >= MAX_FORWARD_DEPTH) return withoutHistory(lines, scan);
  const headers = forwardedHeaders(lines, scan.forwardHeadersAt);
  if (senderIsOwn(headers.from, ctx.ownDomains)) return withoutHistory(lines, scan);
  const kept = lines.slice(0, scan.cut).filter((_, i) => !scan.removed.has(i));
  const quoted = scan.cut < lines.length || scan.removed.size > 0;
  const inner = splitReply(lines.slice(headers.end), ctx, depth + 1);
  return {
    textLines: [...kept, ...lines.slice(scan.cut, headers.end), ...inner.textLines],
    bodyLines: [...withoutSignature(kept), '', ...inner.bodyLines],
    quoted: quoted || inner.quoted,
    forwarded: true,
  };
}

function fromRaw(raw: string, source: ReplyText['source'], ctx: Context): ReplyText {
  const lines = joinInterleavedAnswers(raw.replace(/\r\n?/g, '\n').split('\n'));
  const split = splitReply(lines, ctx, 0);
  return {
    text: split.textLines.join('\n').trim(),
    body: split.bodyLines.join('\n').replace(/\n{3,}/g, '\n\n').trim(),
    hadQuotedHistory: split.quoted,
    forwarded: split.forwarded,
    source,
  };
}

/** A table row as the reader sees one: cells separated by " | " (from HTML) or tabs (Outlook's plain text), a figure in it. */
const TABLE_ROW = /^[^\n]*(?: \| |\t)[^\n]*\d/m;

/**
 * The plain-text part is what the sender's client wrote, so it is read first. But a table the provider drew
 * survives only in the HTML part when the client flattened it into loose lines (Gmail puts each cell on a
 * line of its own): then the HTML, converted with its rows kept, is read instead.
 */
export function extractReplyText(input: ReplyTextInput): ReplyText {
  const ctx: Context = {
    ownDomains: (input.ownDomains ?? []).map((d) => d.toLowerCase()),
    subjectIsForward: FORWARD_SUBJECT.test(input.subject ?? ''),
  };
  const hasHtml = !!input.html && input.html.trim() !== '';
  if (input.text && input.text.trim()) {
    const fromText = fromRaw(input.text, 'text', ctx);
    if (!hasHtml || TABLE_ROW.test(fromText.body) || !/<table/i.test(input.html!)) return fromText;
    const fromHtml = fromRaw(htmlToPlainText(input.html!), 'html', ctx);
    return TABLE_ROW.test(fromHtml.body) ? fromHtml : fromText;
  }
  if (hasHtml) return fromRaw(htmlToPlainText(input.html!), 'html', ctx);
  return { text: '', body: '', hadQuotedHistory: false, forwarded: false, source: 'none' };
}
