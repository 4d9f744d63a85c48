/**
 * Outgoing e-mails are written once, as a list of blocks, and rendered twice: a plain-text part and an
 * HTML part. Both parts therefore say the same thing, and every piece of text reaches the HTML only
 * through `escapeHtml` (referral summaries are typed by caseworkers and must never become markup).
 */

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  /** Label/value rows; a value may span lines. */
  | { kind: 'fields'; rows: ReadonlyArray<readonly [label: string, value: string]> }
  /** A titled piece of free text (an EHCP section summary). */
  | { kind: 'section'; title: string; text: string }
  /** Lines a provider can fill in by replying; each ends with ':' and is left blank. */
  | { kind: 'replyForm'; title: string; intro: string; lines: readonly string[]; outro: string }
  /** A sentence and the address it leads to, shown in full in both parts (the reader sees where it goes). */
  | { kind: 'link'; text: string; url: string }
  | { kind: 'signature'; lines: readonly string[] }
  | { kind: 'footer'; text: string };

export interface RenderedBody {
  text: string;
  html: string;
}

export function renderEmail(title: string, blocks: readonly Block[]): RenderedBody {
  return { text: renderText(blocks), html: renderHtml(title, blocks) };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Text as typed: CRLF to LF, control characters (other than tab and newline) dropped, trailing spaces
 * and surrounding blank lines trimmed. A stray control character would otherwise end up in the MIME body.
 */
export function cleanText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

function renderText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'paragraph':
        out.push(cleanText(b.text));
        break;
      case 'heading': {
        const text = cleanText(b.text);
        out.push(`${text}\n${'='.repeat(text.length)}`);
        break;
      }
      case 'fields':
        out.push(b.rows.map(([label, value]) => `${label}: ${indentContinuation(cleanText(value), '  ')}`).join('\n'));
        break;
      case 'section': {
        const title = cleanText(b.title);
        out.push(`${title}\n${'-'.repeat(title.length)}\n${cleanText(b.text)}`);
        break;
      }
      case 'replyForm': {
        const title = cleanText(b.title);
        out.push(
          [`${title}\n${'-'.repeat(title.length)}`, cleanText(b.intro), b.lines.map((l) => cleanText(l)).join('\n\n'), cleanText(b.outro)].join('\n\n'),
        );
        break;
      }
      case 'link':
        out.push(`${cleanText(b.text)}\n${cleanText(b.url)}`);
        break;
      case 'signature':
        out.push(b.lines.map((l) => cleanText(l)).join('\n'));
        break;
      case 'footer':
        // "-- " is the standard signature separator: reply parsers drop what follows from quoted text.
        out.push(`-- \n${cleanText(b.text)}`);
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

function indentContinuation(value: string, indent: string): string {
  return value.replace(/\n/g, `\n${indent}`);
}

const FONT = "font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.45; color: #1b1b1b;";

/** Escaped, with line breaks kept (Outlook ignores `white-space: pre-wrap`, so <br>). */
function html(value: string): string {
  return escapeHtml(cleanText(value)).replace(/\n/g, '<br>\n');
}

function renderHtml(title: string, blocks: readonly Block[]): string {
  const body: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'paragraph':
        body.push(`<p style="margin: 0 0 14px 0;">${html(b.text)}</p>`);
        break;
      case 'heading':
        body.push(`<h2 style="font-size: 18px; margin: 22px 0 10px 0;">${html(b.text)}</h2>`);
        break;
      case 'fields':
        body.push(
          '<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse: collapse; margin: 0 0 14px 0;">',
          ...b.rows.map(
            ([label, value]) =>
              `<tr><th scope="row" style="text-align: left; vertical-align: top; padding: 3px 16px 3px 0; font-weight: bold;">${html(label)}:</th>` +
              `<td style="vertical-align: top; padding: 3px 0;">${html(value)}</td></tr>`,
          ),
          '</table>',
        );
        break;
      case 'section':
        body.push(
          `<h3 style="font-size: 16px; margin: 18px 0 6px 0;">${html(b.title)}</h3>`,
          `<p style="margin: 0 0 14px 0;">${html(b.text)}</p>`,
        );
        break;
      case 'replyForm':
        body.push(
          '<div style="border: 2px solid #1d4f91; padding: 12px 16px; margin: 20px 0;">',
          `<h2 style="font-size: 18px; margin: 0 0 10px 0;">${html(b.title)}</h2>`,
          `<p style="margin: 0 0 12px 0;">${html(b.intro)}</p>`,
          ...b.lines.map((l) => `<p style="margin: 0 0 12px 0; font-family: Consolas, 'Courier New', monospace;">${html(l)}</p>`),
          `<p style="margin: 0;">${html(b.outro)}</p>`,
          '</div>',
        );
        break;
      case 'link':
        body.push(`<p style="margin: 0 0 14px 0;">${html(b.text)}<br>\n<a href="${escapeHtml(b.url)}" style="color: #1d4f91; font-weight: bold; overflow-wrap: anywhere;">${html(b.url)}</a></p>`);
        break;
      case 'signature':
        body.push(`<p style="margin: 18px 0 14px 0;">${b.lines.map((l) => html(l)).join('<br>\n')}</p>`);
        break;
      case 'footer':
        body.push(`<p style="margin: 24px 0 0 0; font-size: 12px; color: #555555;">${html(b.text)}</p>`);
        break;
    }
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>' + escapeHtml(title) + '</title></head>',
    `<body style="margin: 0; padding: 16px; ${FONT}">`,
    '<div style="max-width: 680px;">',
    ...body,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
