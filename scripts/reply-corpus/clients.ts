import { base64, encodedWord, isBritishSummerTime, renderMessage, rfcDate, stableHex, type Leaf, type Part } from './mime.js';
import { REPLY_FORM_LINES } from '../../src/mail/outbound/referral-email.js';
import { buildReferral, type BuiltReferral, type ReferralKey } from './referrals.js';

/**
 * How each mail client writes a reply: headers, MIME structure, how it quotes the referral, how its
 * plain-text alternative renders a table. The provider's words come from the specs; only the wrapping
 * is done here.
 */

export type Client =
  | 'outlook'
  | 'owa'
  | 'outlook-plain'
  | 'outlook-ios'
  | 'gmail'
  | 'gmail-android'
  | 'apple-mail'
  | 'iphone'
  | 'samsung'
  | 'thunderbird'
  | 'yahoo'
  | 'html-only';

export interface Expected {
  kind: 'offer' | 'decline' | 'query' | 'acknowledgement' | 'auto-reply' | 'bounce' | 'unknown';
  canMeetNeeds: boolean | null;
  weeklyFee: number | null;
  feeWeeksPerYear: 38 | 52 | null;
  additionalWeeklyCosts: number | null;
  startDate: string | null;
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: string | Buffer;
}

export interface ReplySpec {
  name: string;
  client: Client;
  referral: ReferralKey;
  provider: string;
  /** The provider contact the referral greeted, if any. */
  contact?: string;
  /** "Name <address>" of the person replying. */
  from: string;
  /** ISO date-time the reply was sent. */
  sent: string;
  /** What the provider typed. `[[table]]` marks where `table` goes. */
  text: string;
  /** A table the provider drew: first row is the header row. */
  table?: string[][];
  /** Where the client put the quoted referral: above the reply ('bottom' posting), below it ('top', the default) or not at all. */
  quote?: 'top' | 'bottom' | 'none';
  /** Subject when the provider changed it. */
  subject?: string;
  /** Answers typed into the reply form lines of the quoted referral, in the form's order ('' leaves a line blank). */
  formAnswers?: string[];
  headers?: Array<[string, string]>;
  attachments?: Attachment[];
  expect: Expected;
}

/** A message that is not a provider's typed reply (bounce, automatic answer, forward as attachment): written whole. */
export interface RawSpec {
  name: string;
  raw: (ctx: { referral: (key: ReferralKey, provider: string, contact?: string) => BuiltReferral }) => string;
  expect: Expected;
}

export type CorpusEntry = ReplySpec | RawSpec;

export const isRaw = (e: CorpusEntry): e is RawSpec => 'raw' in e;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** Local (UK) wall-clock parts of an instant. */
export function ukParts(iso: string) {
  const d = new Date(iso);
  const local = new Date(d.getTime() + (isBritishSummerTime(d) ? 3600_000 : 0));
  return {
    y: local.getUTCFullYear(),
    m: local.getUTCMonth(),
    d: local.getUTCDate(),
    wd: local.getUTCDay(),
    hh: local.getUTCHours(),
    mm: local.getUTCMinutes(),
    ss: local.getUTCSeconds(),
    zone: isBritishSummerTime(d) ? 'BST' : 'GMT',
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The inside of the referral's <body>, for quoting in HTML replies. */
function referralBodyHtml(r: BuiltReferral): string {
  const m = /<body[^>]*>([\s\S]*)<\/body>/i.exec(r.html);
  return m ? m[1]! : r.html;
}

function addressParts(from: string): { name: string; address: string } {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(from);
  return m ? { name: m[1]!.replace(/^"|"$/g, ''), address: m[2]! } : { name: '', address: from };
}

function domainOf(address: string): string {
  return address.slice(address.indexOf('@') + 1);
}

function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? '>' : `> ${l}`))
    .join('\n');
}

/** Hard wrap at `width` (Outlook plain text wraps at 76; Thunderbird at 72 with format=flowed trailing spaces). */
export function wrap(text: string, width: number, flowed: boolean): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    const prefix = /^(>+ ?)/.exec(line)?.[1] ?? '';
    const words = line.slice(prefix.length).split(' ');
    let current = prefix;
    for (const word of words) {
      if (current.length > prefix.length && current.length + word.length + 1 > width) {
        out.push(flowed ? `${current} ` : current);
        current = prefix + word;
      } else current = current.length > prefix.length ? `${current} ${word}` : prefix + word;
    }
    out.push(current);
  }
  return out.join('\n');
}

type TableStyle = 'tabs' | 'cell-lines' | 'spaces';

function tablePlain(rows: string[][], style: TableStyle): string {
  if (style === 'tabs') return rows.map((r) => r.join('\t')).join('\n');
  if (style === 'spaces') return rows.map((r) => r.join('   ')).join('\n');
  return rows.map((r) => r.join('\n')).join('\n\n');
}

function tableHtml(rows: string[][], flavour: 'word' | 'plain' | 'gmail'): string {
  const cell = (c: string, header: boolean) => {
    const content = escapeHtml(c);
    if (flavour === 'word') {
      return `<td width=200 valign=top style='width:150.0pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>${header ? `<b>${content}</b>` : content}<o:p></o:p></p></td>`;
    }
    if (flavour === 'gmail') return `<td style="border:1px solid rgb(204,204,204);padding:4px 8px">${header ? `<b>${content}</b>` : content}</td>`;
    return header ? `<th align="left">${content}</th>` : `<td>${content}</td>`;
  };
  const open =
    flavour === 'word'
      ? `<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'>`
      : flavour === 'gmail'
        ? '<table style="border-collapse:collapse;font-family:Arial,sans-serif">'
        : '<table border="1" cellpadding="4" cellspacing="0">';
  return `${open}<tbody>${rows.map((r, i) => `<tr>${r.map((c) => cell(c, i === 0)).join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** The typed text with its table in place, as plain text. */
function plainOf(spec: ReplySpec, style: TableStyle): string {
  return spec.text.replace('[[table]]', spec.table ? tablePlain(spec.table, style) : '');
}

/** Paragraphs of the typed text as HTML in a client's flavour, the table where `[[table]]` stands. */
function htmlOf(spec: ReplySpec, flavour: 'word' | 'gmail' | 'apple' | 'owa' | 'plain'): string {
  const blocks = spec.text.split(/\n{2,}/);
  const tableFlavour = flavour === 'word' ? 'word' : flavour === 'gmail' ? 'gmail' : 'plain';
  return blocks
    .map((block) => {
      if (block.trim() === '[[table]]' && spec.table) return tableHtml(spec.table, tableFlavour);
      const lines = block.split('\n').map(escapeHtml);
      if (flavour === 'word') return `${lines.map((l) => `<p class=MsoNormal>${l || '&nbsp;'}<o:p></o:p></p>`).join('\n')}\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>`;
      if (flavour === 'gmail' || flavour === 'apple') return `${lines.map((l) => `<div>${l || '<br>'}</div>`).join('')}<div><br></div>`;
      if (flavour === 'owa') return `<div style="font-family:Aptos,Aptos_EmbeddedFont,Aptos_MSFontService,Calibri,Helvetica,sans-serif;font-size:12pt;color:rgb(0,0,0)">${lines.join('<br>')}</div><div style="font-family:Aptos,Calibri,Helvetica,sans-serif;font-size:12pt"><br></div>`;
      return `<p>${lines.join('<br>\n')}</p>`;
    })
    .join('\n');
}

function replySubject(spec: ReplySpec, r: BuiltReferral, prefix: string): string {
  return spec.subject ?? `${prefix} ${r.subject}`;
}

function ukLongDate(iso: string): string {
  const t = ukParts(iso);
  return `${t.d} ${MONTHS[t.m]} ${t.y} ${p2(t.hh)}:${p2(t.mm)}`;
}

function usLongDate(iso: string, seconds = false): string {
  const t = ukParts(iso);
  const h12 = t.hh % 12 === 0 ? 12 : t.hh % 12;
  return `${DAYS[t.wd]}, ${MONTHS[t.m]} ${t.d}, ${t.y} ${h12}:${p2(t.mm)}${seconds ? `:${p2(t.ss)}` : ''} ${t.hh < 12 ? 'AM' : 'PM'}`;
}

function attachmentParts(spec: ReplySpec): Leaf[] {
  return (spec.attachments ?? []).map((a) => ({
    contentType: `${a.contentType}; name="${a.filename}"`,
    encoding: 'base64',
    content: a.content,
    headers: [['Content-Disposition', `attachment; filename="${a.filename}"`]],
  }));
}

function withAttachments(spec: ReplySpec, body: Part, boundary: string): Part {
  const extra = attachmentParts(spec);
  return extra.length ? { subtype: 'mixed', boundary, parts: [body, ...extra] } : body;
}

interface Built {
  headers: Array<[string, string]>;
  body: Part;
  eol?: string;
}

function commonHeaders(spec: ReplySpec, r: BuiltReferral, subject: string, messageId: string): Array<[string, string]> {
  const from = addressParts(spec.from);
  return [
    ['From', from.name ? `${encodedWord(from.name)} <${from.address}>` : from.address],
    ['To', `${r.council.senderName} <${r.replyAddress}>`],
    ['Subject', encodedWord(subject)],
    ['Date', rfcDate(spec.sent)],
    ['Message-ID', messageId],
    ['In-Reply-To', r.messageId],
    ['References', r.messageId],
  ];
}

const CLIENTS: Record<Client, (spec: ReplySpec, r: BuiltReferral, seed: string) => Built> = {
  outlook(spec, r, seed) {
    const id = `AM9PR07MB${stableHex(seed, 4).toUpperCase()}`;
    const from = addressParts(spec.from);
    const header = `From: ${r.council.senderName} <${r.council.sender}>\nSent: ${ukLongDate(r.seed.sentAt)}\nTo: ${from.name} <${from.address}>\nSubject: ${r.subject}`;
    const newText = plainOf(spec, 'tabs');
    const plain = spec.quote === 'none' ? newText : `${newText}\n\n${header}\n\n${r.text}`;
    const headerHtml = `<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b><span lang=EN-US>From:</span></b><span lang=EN-US> ${escapeHtml(r.council.senderName)} &lt;${r.council.sender}&gt; <br><b>Sent:</b> ${ukLongDate(r.seed.sentAt)}<br><b>To:</b> ${escapeHtml(from.name)} &lt;${from.address}&gt;<br><b>Subject:</b> ${escapeHtml(r.subject)}<o:p></o:p></span></p></div>`;
    const html =
      `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="Generator" content="Microsoft Word 15 (filtered medium)"><style><!--\n/* Style Definitions */\np.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n\tfont-family:"Calibri",sans-serif;\n\tmso-ligatures:standardcontextual;\n\tmso-fareast-language:EN-US;}\n--></style></head><body lang=EN-GB link="#0563C1" vlink="#954F72" style='word-wrap:break-word'><div class=WordSection1>\n${htmlOf(spec, 'word')}\n` +
      (spec.quote === 'none' ? '' : `<div>${headerHtml}</div><p class=MsoNormal><o:p>&nbsp;</o:p></p>\n${referralBodyHtml(r)}`) +
      `</div></body></html>`;
    const alt: Part = {
      subtype: 'alternative',
      boundary: `_000_${id}${stableHex(seed + 'b', 8).toUpperCase()}eurprd07prod_`,
      parts: [
        { contentType: 'text/plain; charset="utf-8"', encoding: 'quoted-printable', content: plain },
        { contentType: 'text/html; charset="utf-8"', encoding: 'quoted-printable', content: html },
      ],
    };
    const subject = replySubject(spec, r, 'RE:');
    return {
      headers: [
        ...commonHeaders(spec, r, subject, `<${id}${stableHex(seed, 8).toUpperCase()}@${id}.eurprd07.prod.outlook.com>`).slice(0, 3),
        ['Thread-Topic', encodedWord(r.subject)],
        ['Thread-Index', `AQHb${base64(stableHex(seed, 18)).slice(0, 24)}`],
        ...commonHeaders(spec, r, subject, `<${id}${stableHex(seed, 8).toUpperCase()}@${id}.eurprd07.prod.outlook.com>`).slice(3),
        ['Accept-Language', 'en-GB, en-US'],
        ['Content-Language', 'en-GB'],
        ['X-MS-Has-Attach', spec.attachments?.length ? 'yes' : ''],
        ['X-MS-TNEF-Correlator', ''],
        ['MIME-Version', '1.0'],
      ],
      body: withAttachments(spec, alt, `_004_${id}${stableHex(seed + 'm', 8).toUpperCase()}eurprd07prod_`),
    };
  },

  owa(spec, r, seed) {
    const from = addressParts(spec.from);
    const header = `________________________________\nFrom: ${r.council.senderName} <${r.council.sender}>\nSent: ${usLongDate(r.seed.sentAt)}\nTo: ${from.name} <${from.address}>\nSubject: ${r.subject}`;
    const newText = plainOf(spec, 'tabs');
    const plain = spec.quote === 'none' ? newText : `${newText}\n\n${header}\n\n${r.text}`;
    const html =
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body dir="ltr">${htmlOf(spec, 'owa')}` +
      (spec.quote === 'none'
        ? ''
        : `<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> ${escapeHtml(r.council.senderName)} &lt;${r.council.sender}&gt;<br><b>Sent:</b> ${usLongDate(r.seed.sentAt)}<br><b>To:</b> ${escapeHtml(from.name)} &lt;${from.address}&gt;<br><b>Subject:</b> ${escapeHtml(r.subject)}</font><div>&nbsp;</div></div>${referralBodyHtml(r)}`) +
      `</body></html>`;
    const id = `LO2P265MB${stableHex(seed, 4).toUpperCase()}`;
    const subject = replySubject(spec, r, 'RE:');
    const alt: Part = {
      subtype: 'alternative',
      boundary: `_000_${id}${stableHex(seed + 'b', 8).toUpperCase()}GBRP265prod_`,
      parts: [
        { contentType: 'text/plain; charset="iso-8859-1"', encoding: 'quoted-printable', content: plain },
        { contentType: 'text/html; charset="iso-8859-1"', encoding: 'quoted-printable', content: html },
      ],
    };
    return {
      headers: [
        ...commonHeaders(spec, r, subject, `<${id}${stableHex(seed, 8).toUpperCase()}@${id}.GBRP265.PROD.OUTLOOK.COM>`),
        ['Accept-Language', 'en-GB, en-US'],
        ['Content-Language', 'en-GB'],
        ['X-MS-Has-Attach', spec.attachments?.length ? 'yes' : ''],
        ['msip_labels', ''],
        ['MIME-Version', '1.0'],
      ],
      body: withAttachments(spec, latin1(alt), `_004_${id}${stableHex(seed + 'm', 8).toUpperCase()}GBRP265prod_`),
    };
  },

  'outlook-plain'(spec, r, seed) {
    const from = addressParts(spec.from);
    const header = `-----Original Message-----\nFrom: ${r.council.senderName} <${r.council.sender}>\nSent: ${ukLongDate(r.seed.sentAt)}\nTo: ${from.name} <${from.address}>\nSubject: ${r.subject}`;
    const newText = wrap(plainOf(spec, 'spaces'), 76, false);
    const plain = spec.quote === 'none' ? newText : `${newText}\n\n${header}\n\n${wrap(r.text, 76, false)}`;
    const id = `DB7PR03MB${stableHex(seed, 4).toUpperCase()}`;
    const subject = replySubject(spec, r, 'RE:');
    return {
      headers: [
        ...commonHeaders(spec, r, subject, `<${id}${stableHex(seed, 8).toUpperCase()}@${id}.eurprd03.prod.outlook.com>`),
        ['Accept-Language', 'en-GB, en-US'],
        ['Content-Language', 'en-US'],
        ['MIME-Version', '1.0'],
      ],
      body: withAttachments(spec, { contentType: 'text/plain; charset="us-ascii"', encoding: 'quoted-printable', content: plain }, `_002_${id}_`),
    };
  },

  'outlook-ios'(spec, r, seed) {
    const from = addressParts(spec.from);
    const header = `________________________________\nFrom: ${r.council.senderName} <${r.council.sender}>\nSent: ${usLongDate(r.seed.sentAt, true)}\nTo: ${from.name} <${from.address}>\nSubject: ${r.subject}`;
    const newText = `${plainOf(spec, 'tabs')}\n\nGet Outlook for iOS<https://aka.ms/o0ukef>`;
    const plain = spec.quote === 'none' ? newText : `${newText}\n${header}\n\n${r.text}`;
    const html =
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div dir="auto">${htmlOf(spec, 'gmail')}</div><div dir="auto">Get <a href="https://aka.ms/o0ukef">Outlook for iOS</a></div>` +
      (spec.quote === 'none'
        ? ''
        : `<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> ${escapeHtml(r.council.senderName)} &lt;${r.council.sender}&gt;<br><b>Sent:</b> ${usLongDate(r.seed.sentAt, true)}<br><b>To:</b> ${escapeHtml(from.name)} &lt;${from.address}&gt;<br><b>Subject:</b> ${escapeHtml(r.subject)}</font><div>&nbsp;</div></div>${referralBodyHtml(r)}`) +
      `</body></html>`;
    const id = `PAXPR08MB${stableHex(seed, 4).toUpperCase()}`;
    const subject = replySubject(spec, r, 'Re:');
    return {
      headers: [
        ...commonHeaders(spec, r, subject, `<${id}${stableHex(seed, 8).toUpperCase()}@${id}.eurprd08.prod.outlook.com>`),
        ['X-MS-Has-Attach', ''],
        ['MIME-Version', '1.0'],
      ],
      body: {
        subtype: 'alternative',
        boundary: `_000_${id}${stableHex(seed + 'b', 8).toUpperCase()}eurprd08prod_`,
        parts: [
          { contentType: 'text/plain; charset="utf-8"', encoding: 'base64', content: plain },
          { contentType: 'text/html; charset="utf-8"', encoding: 'base64', content: html },
        ],
      },
    };
  },

  gmail(spec, r, seed) {
    const t = ukParts(r.seed.sentAt);
    const attribution = `On ${DAYS[t.wd]!.slice(0, 3)}, ${t.d} ${MONTHS[t.m]!.slice(0, 3)} ${t.y} at ${p2(t.hh)}:${p2(t.mm)}, ${r.council.senderName} <${r.council.sender}> wrote:`;
    const newText = plainOf(spec, 'cell-lines');
    const quoteText = `${attribution}\n\n${quoteLines(r.text)}`;
    const plain = spec.quote === 'none' ? newText : spec.quote === 'bottom' ? `${quoteText}\n\n${newText}` : `${newText}\n\n${quoteText}`;
    const quoteHtml = `<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">${escapeHtml(attribution)}<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${referralBodyHtml(r)}</blockquote></div>`;
    const newHtml = `<div dir="ltr">${htmlOf(spec, 'gmail')}</div>`;
    const html = spec.quote === 'none' ? newHtml : spec.quote === 'bottom' ? `${quoteHtml}<div dir="ltr">${htmlOf(spec, 'gmail')}</div>` : `${newHtml}<br>${quoteHtml}`;
    const hex = stableHex(seed, 12);
    const subject = replySubject(spec, r, 'Re:');
    const alt: Part = {
      subtype: 'alternative',
      boundary: `000000000000${hex}`,
      parts: [
        { contentType: 'text/plain; charset="UTF-8"', encoding: 'quoted-printable', content: plain },
        { contentType: 'text/html; charset="UTF-8"', encoding: 'quoted-printable', content: html },
      ],
    };
    return {
      headers: [
        ['MIME-Version', '1.0'],
        ...commonHeaders(spec, r, subject, `<CA+${base64(stableHex(seed, 30)).slice(0, 36).replace(/[+/=]/g, 'x')}@mail.gmail.com>`).filter(([k]) => k !== 'To' && k !== 'From' && k !== 'Subject'),
        ...commonHeaders(spec, r, subject, '').filter(([k]) => k === 'From' || k === 'Subject' || k === 'To'),
      ],
      body: withAttachments(spec, alt, `000000000000${stableHex(seed + 'm', 12)}`),
    };
  },

  'gmail-android'(spec, r, seed) {
    const t = ukParts(r.seed.sentAt);
    const attribution = `On ${DAYS[t.wd]!.slice(0, 3)}, ${t.d} ${MONTHS[t.m]!.slice(0, 3)} ${t.y}, ${p2(t.hh)}:${p2(t.mm)} ${r.council.senderName}, <${r.council.sender}> wrote:`;
    const newText = plainOf(spec, 'cell-lines');
    const plain = spec.quote === 'none' ? newText : `${newText}\n\n${attribution}\n\n${quoteLines(r.text)}`;
    const html =
      `<div dir="auto">${htmlOf(spec, 'gmail')}</div>` +
      (spec.quote === 'none'
        ? ''
        : `<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${escapeHtml(attribution)}<br></div><blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">${referralBodyHtml(r)}</blockquote></div>`);
    const subject = replySubject(spec, r, 'Re:');
    return {
      headers: [
        ['MIME-Version', '1.0'],
        ...commonHeaders(spec, r, subject, `<CAL${base64(stableHex(seed, 30)).slice(0, 34).replace(/[+/=]/g, 'q')}@mail.gmail.com>`),
      ],
      body: {
        subtype: 'alternative',
        boundary: `000000000000${stableHex(seed, 12)}`,
        parts: [
          { contentType: 'text/plain; charset="UTF-8"', encoding: 'quoted-printable', content: plain },
          { contentType: 'text/html; charset="UTF-8"', encoding: 'quoted-printable', content: html },
        ],
      },
    };
  },

  'apple-mail'(spec, r, seed) {
    const t = ukParts(r.seed.sentAt);
    const attribution = `On ${t.d} ${MONTHS[t.m]!.slice(0, 3)} ${t.y}, at ${p2(t.hh)}:${p2(t.mm)}, ${r.council.senderName} <${r.council.sender}> wrote:`;
    const newText = plainOf(spec, 'tabs');
    const quoted = `${attribution}\n\n${quoteLines(r.text)}`;
    const plain = spec.quote === 'none' ? newText : spec.quote === 'bottom' ? `${quoted}\n\n${newText}` : `${newText}\n\n${quoted}`;
    const newHtml = htmlOf(spec, 'apple');
    const quoteHtml = `<div><br><blockquote type="cite"><div>${escapeHtml(attribution)}</div><br class="Apple-interchange-newline"><div>${referralBodyHtml(r)}</div></blockquote></div>`;
    const html = `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">${spec.quote === 'none' ? newHtml : spec.quote === 'bottom' ? quoteHtml + newHtml : newHtml + quoteHtml}<br></body></html>`;
    const uuid = stableHex(seed, 32).toUpperCase();
    const subject = replySubject(spec, r, 'Re:');
    const alt: Part = {
      subtype: 'alternative',
      boundary: `Apple-Mail=_${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20, 32)}`,
      parts: [
        { contentType: 'text/plain;\n\tcharset=utf-8', encoding: 'quoted-printable', content: plain },
        { contentType: 'text/html;\n\tcharset=utf-8', encoding: 'quoted-printable', content: html },
      ],
    };
    return {
      headers: [
        ...commonHeaders(spec, r, subject, `<${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20, 32)}@${domainOf(addressParts(spec.from).address)}>`),
        ['Mime-Version', '1.0 (Mac OS X Mail 16.0 \\(3826.300.87.4.3\\))'],
        ['X-Mailer', 'Apple Mail (2.3826.300.87.4.3)'],
      ],
      body: withAttachments(spec, alt, `Apple-Mail=_${stableHex(seed + 'm', 8).toUpperCase()}-MIXED`),
      eol: '\n',
    };
  },

  iphone(spec, r, seed) {
    const t = ukParts(r.seed.sentAt);
    const attribution = `On ${t.d} ${MONTHS[t.m]!.slice(0, 3)} ${t.y}, at ${p2(t.hh)}:${p2(t.mm)}, ${r.council.senderName} <${r.council.sender}> wrote:`;
    const newText = `${plainOf(spec, 'tabs')}\n\nSent from my iPhone`;
    const plain = spec.quote === 'none' ? newText : `${newText}\n\n> ${attribution}\n> \n${quoteLines(r.text)}`;
    const uuid = stableHex(seed, 32).toUpperCase();
    const subject = replySubject(spec, r, 'Re:');
    return {
      headers: [
        ...commonHeaders(spec, r, subject, `<${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20, 32)}@${domainOf(addressParts(spec.from).address)}>`),
        ['Mime-Version', '1.0 (1.0)'],
        ['X-Mailer', 'iPhone Mail (22B91)'],
      ],
      body: { contentType: 'text/plain;\n\tcharset=utf-8', encoding: 'quoted-printable', content: plain },
      eol: '\n',
    };
  },

  samsung(spec, r, seed) {
    const t = ukParts(r.seed.sentAt);
    const from = addressParts(spec.from);
    const header = `-------- Original message --------\nFrom: ${r.council.senderName} <${r.council.sender}> \nDate: ${p2(t.d)}/${p2(t.m + 1)}/${t.y} ${p2(t.hh)}:${p2(t.mm)} (GMT+00:00) \nTo: ${from.name} <${from.address}> \nSubject: ${r.subject} \n`;
    const newText = `${plainOf(spec, 'cell-lines')}\n\n\n\nSent from my Galaxy`;
    const plain = spec.quote === 'none' ? newText : `${newText}\n\n\n${header}\n${r.text}`;
    const html =
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><div dir="auto">${htmlOf(spec, 'gmail')}</div><div dir="auto"><br></div><div dir="auto"><br></div><div id="composer_signature" dir="auto"><div style="font-size:12px;color:#575757" dir="auto">Sent from my Galaxy</div></div>` +
      (spec.quote === 'none'
        ? ''
        : `<div dir="auto"><br></div><div><br></div><div align="left" dir="auto" style="font-size:100%;color:#000000"><div>-------- Original message --------</div><div>From: ${escapeHtml(r.council.senderName)} &lt;${r.council.sender}&gt; </div><div>Date: ${p2(t.d)}/${p2(t.m + 1)}/${t.y} ${p2(t.hh)}:${p2(t.mm)} (GMT+00:00) </div><div>To: ${escapeHtml(from.name)} &lt;${from.address}&gt; </div><div>Subject: ${escapeHtml(r.subject)} </div><div><br></div></div>${referralBodyHtml(r)}`) +
      `</body></html>`;
    const subject = replySubject(spec, r, 'RE:');
    return {
      headers: [
        ...commonHeaders(spec, r, subject, `<${stableHex(seed, 16)}.${stableHex(seed + 'x', 6)}@email.android.com>`),
        ['MIME-Version', '1.0'],
      ],
      body: {
        subtype: 'alternative',
        boundary: `--_com.samsung.android.email_${stableHex(seed, 16)}`,
        parts: [
          { contentType: 'text/plain; charset=utf-8', encoding: 'base64', content: plain },
          { contentType: 'text/html; charset=utf-8', encoding: 'base64', content: html },
        ],
      },
    };
  },

  thunderbird(spec, r, seed) {
    const t = ukParts(r.seed.sentAt);
    const attribution = `On ${p2(t.d)}/${p2(t.m + 1)}/${t.y} ${p2(t.hh)}:${p2(t.mm)}, ${r.council.senderName} wrote:`;
    const newText = wrap(plainOf(spec, 'spaces'), 72, true);
    const quoted = `${attribution}\n${wrap(quoteLines(r.text), 72, true)}`;
    const plain = spec.quote === 'none' ? newText : spec.quote === 'top' ? `${newText}\n\n${quoted}` : `${quoted}\n\n${newText}`;
    const subject = replySubject(spec, r, 'Re:');
    return {
      headers: [
        ['Message-ID', `<${stableHex(seed, 8)}-${stableHex(seed + 't', 4)}-${stableHex(seed + 'u', 4)}@${domainOf(addressParts(spec.from).address)}>`],
        ['Date', rfcDate(spec.sent)],
        ['MIME-Version', '1.0'],
        ['User-Agent', 'Mozilla Thunderbird'],
        ['Subject', encodedWord(subject)],
        ['Content-Language', 'en-GB'],
        ['To', `${r.council.senderName} <${r.replyAddress}>`],
        ['References', r.messageId],
        ['From', spec.from],
        ['In-Reply-To', r.messageId],
      ],
      body: withAttachments(spec, { contentType: 'text/plain; charset=UTF-8; format=flowed', encoding: '8bit', content: plain }, `------------${stableHex(seed, 24)}`),
      eol: '\n',
    };
  },

  yahoo(spec, r, seed) {
    const t = ukParts(r.seed.sentAt);
    const attribution = `On ${DAYS[t.wd]}, ${t.d} ${MONTHS[t.m]} ${t.y} at ${p2(t.hh)}:${p2(t.mm)}:${p2(t.ss)} ${t.zone}, ${r.council.senderName} <${r.council.sender}> wrote:`;
    const newText = plainOf(spec, 'spaces');
    const plain = spec.quote === 'none' ? newText : `${newText}\n\n\n    ${attribution}  \n\n${r.text}`;
    const html =
      `<html><head></head><body><div class="ydp${stableHex(seed, 8)}yahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;">${htmlOf(spec, 'gmail')}</div>` +
      (spec.quote === 'none'
        ? ''
        : `<div id="yahoo_quoted_${stableHex(seed, 10)}" class="yahoo_quoted"><div style="font-family:'Helvetica Neue', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;"><div>${escapeHtml(attribution)}</div><div><br></div><div><br></div><div><div dir="ltr">${referralBodyHtml(r)}</div></div></div></div>`) +
      `</body></html>`;
    const subject = replySubject(spec, r, 'Re:');
    return {
      headers: [
        ...commonHeaders(spec, r, subject, `<${stableHex(seed, 10)}.${stableHex(seed + 'y', 7)}@mail.yahoo.com>`),
        ['MIME-Version', '1.0'],
        ['X-Mailer', 'WebService/1.1.22806 YMailNorrin'],
      ],
      body: {
        subtype: 'alternative',
        boundary: `----=_Part_${stableHex(seed, 6)}_${stableHex(seed + 'z', 8)}.${Date.parse(spec.sent)}`,
        parts: [
          { contentType: 'text/plain; charset=UTF-8', encoding: 'quoted-printable', content: plain },
          { contentType: 'text/html; charset=UTF-8', encoding: 'quoted-printable', content: html },
        ],
      },
    };
  },

  'html-only'(spec, r, seed) {
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="font-family: Arial, sans-serif; font-size: 14px;">${htmlOf(spec, 'plain')}</body></html>`;
    const subject = replySubject(spec, r, 'RE:');
    return {
      headers: [
        ...commonHeaders(spec, r, subject, `<${stableHex(seed, 20)}@${domainOf(addressParts(spec.from).address)}>`),
        ['MIME-Version', '1.0'],
        ['X-Mailer', 'Arbor Education Mailer'],
      ],
      body: withAttachments(spec, { contentType: 'text/html; charset=utf-8', encoding: 'base64', content: html }, `=_mixed_${stableHex(seed, 12)}`),
    };
  },
};

/** Outlook on the web declares iso-8859-1 when every character fits, UTF-8 otherwise. */
function latin1(part: Part): Part {
  if ('parts' in part) return { ...part, parts: part.parts.map(latin1) };
  const text = typeof part.content === 'string' ? part.content : '';
  const fits = /^[\x00-\xff]*$/.test(text);
  return fits ? part : { ...part, contentType: part.contentType.replace(/iso-8859-1/i, 'utf-8') };
}

/** The quoted referral with the provider's answers typed after the form's labels. */
function fillForm(r: BuiltReferral, answers: string[] | undefined): BuiltReferral {
  if (!answers) return r;
  let text = r.text;
  let html = r.html;
  REPLY_FORM_LINES.forEach((label, i) => {
    const answer = answers[i];
    if (!answer) return;
    text = text.replace(`${label}\n`, `${label} ${answer}\n`);
    html = html.replace(`${escapeHtml(label).replace(/&#39;/g, "'")}</p>`, `${escapeHtml(label)} ${escapeHtml(answer)}</p>`);
  });
  return { ...r, text, html };
}

export function renderReply(spec: ReplySpec): string {
  const r = fillForm(buildReferral(spec.referral, spec.provider, spec.contact), spec.formAnswers);
  const built = CLIENTS[spec.client](spec, r, spec.name);
  return renderMessage([...built.headers, ...(spec.headers ?? [])], built.body, built.eol ?? '\r\n');
}

export { buildReferral };
