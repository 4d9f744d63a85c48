/**
 * Just enough MIME to write messages the way mail clients write them: the corpus needs control over
 * boundaries, transfer encodings and header order (nodemailer would normalise all of that away).
 */

export type Encoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';

export interface Leaf {
  contentType: string;
  encoding: Encoding;
  content: string | Buffer;
  headers?: Array<[string, string]>;
}

export interface Multipart {
  subtype: 'alternative' | 'mixed' | 'related' | 'report';
  boundary: string;
  params?: string;
  parts: Part[];
  /** Text before the first boundary ("This is a multi-part message in MIME format."). */
  preamble?: string;
  headers?: Array<[string, string]>;
}

export type Part = Leaf | Multipart;

const isMultipart = (p: Part): p is Multipart => 'parts' in p;

/** Quoted-printable (RFC 2045) of UTF-8 text: soft breaks at 76, trailing blanks and '=' encoded. */
export function qp(text: string, eol = '\r\n', charset: 'utf8' | 'latin1' = 'utf8'): string {
  const out: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const bytes = Buffer.from(line, charset);
    let encoded = '';
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      const last = i === bytes.length - 1;
      const printable = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
      encoded += printable ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    let rest = encoded;
    while (rest.length > 76) {
      let cut = 75;
      // never split an =XX escape
      if (rest[cut - 1] === '=') cut -= 1;
      else if (rest[cut - 2] === '=') cut -= 2;
      out.push(`${rest.slice(0, cut)}=`);
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out.join(eol);
}

export function base64(content: string | Buffer, eol = '\r\n'): string {
  const b64 = (typeof content === 'string' ? Buffer.from(content, 'utf8') : content).toString('base64');
  return (b64.match(/.{1,76}/g) ?? []).join(eol);
}

function encodeBody(leaf: Leaf, eol: string): string {
  const text = typeof leaf.content === 'string' ? leaf.content : leaf.content.toString('utf8');
  const charset = /iso-8859-1/i.test(leaf.contentType) ? 'latin1' : 'utf8';
  switch (leaf.encoding) {
    case 'quoted-printable':
      return qp(text, eol, charset);
    case 'base64':
      return base64(leaf.content, eol);
    default:
      return text.replace(/\r\n?/g, '\n').split('\n').join(eol);
  }
}

function headerLines(headers: Array<[string, string]>, eol: string): string {
  return headers.map(([k, v]) => `${k}: ${v}`).join(eol);
}

export function partHeaders(part: Part): Array<[string, string]> {
  if (isMultipart(part)) {
    return [[`Content-Type`, `multipart/${part.subtype};${part.params ? ` ${part.params};` : ''}\n\tboundary="${part.boundary}"`], ...(part.headers ?? [])];
  }
  return [['Content-Type', part.contentType], ['Content-Transfer-Encoding', part.encoding], ...(part.headers ?? [])];
}

export function renderBody(part: Part, eol: string): string {
  if (!isMultipart(part)) return encodeBody(part, eol);
  const chunks: string[] = [];
  if (part.preamble) chunks.push(part.preamble, '');
  for (const p of part.parts) {
    chunks.push(`--${part.boundary}`);
    chunks.push(headerLines(partHeaders(p), eol).replace(/\n\t/g, `${eol}\t`));
    chunks.push('');
    chunks.push(renderBody(p, eol));
  }
  chunks.push(`--${part.boundary}--`, '');
  return chunks.join(eol);
}

/** A whole message: top-level headers (in the order given), then the MIME headers of the body, then the body. */
export function renderMessage(headers: Array<[string, string]>, body: Part, eol = '\r\n'): string {
  const all = [...headers, ...partHeaders(body)];
  return `${headerLines(all, eol).replace(/\n\t/g, `${eol}\t`)}${eol}${eol}${renderBody(body, eol)}${eol}`;
}

/** RFC 2047 encoded-word for a header value with non-ASCII characters. */
export function encodedWord(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?Q?${qp(value).replace(/=\r\n/g, '').replace(/ /g, '_').replace(/\?/g, '=3F')}?=`;
}

/** RFC 5322 date in the sender's zone (UK: GMT in winter, BST in summer). */
export function rfcDate(iso: string): string {
  const d = new Date(iso);
  const bst = isBritishSummerTime(d);
  const local = new Date(d.getTime() + (bst ? 3600_000 : 0));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[local.getUTCDay()]}, ${local.getUTCDate()} ${months[local.getUTCMonth()]} ${local.getUTCFullYear()} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())} ${bst ? '+0100' : '+0000'}`;
}

function lastSunday(year: number, month: number): number {
  const d = new Date(Date.UTC(year, month + 1, 0));
  return d.getUTCDate() - d.getUTCDay();
}

export function isBritishSummerTime(d: Date): boolean {
  const y = d.getUTCFullYear();
  const start = Date.UTC(y, 2, lastSunday(y, 2), 1);
  const end = Date.UTC(y, 9, lastSunday(y, 9), 1);
  return d.getTime() >= start && d.getTime() < end;
}

/** A stable pseudo-random hex string from a seed: boundaries and ids stay the same on every build. */
export function stableHex(seed: string, length: number): string {
  let h = 2166136261;
  let out = '';
  let i = 0;
  while (out.length < length) {
    for (const ch of `${seed}:${i++}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}
