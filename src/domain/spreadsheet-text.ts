import iconv from 'iconv-lite';

/**
 * Turning the bytes of a spreadsheet export into text. Councils save registers from Excel, and Excel's
 * "Save as" offers several text formats that all end in .csv or .txt:
 *   "CSV UTF-8 (Comma delimited)"  UTF-8 with a byte-order mark
 *   "CSV (Comma delimited)"        Windows-1252 on a UK Windows PC (£ is the single byte 0xA3)
 *   "Unicode Text"                 UTF-16 LE with a byte-order mark, tab-separated
 * and other tools write UTF-8 without a mark. Each is recognised and read; anything else is refused with
 * advice, never guessed at, because a wrong guess turns £1,528 into "�1,528" or names into mojibake.
 */

export const SPREADSHEET_ENCODINGS = [
  'utf-8',
  'utf-8-bom',
  'utf-16le-bom',
  'utf-16be-bom',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  /** The caller handed over text, not bytes (a test, the demo seed): nothing was decoded. */
  'text',
] as const;
export type SpreadsheetEncoding = (typeof SPREADSHEET_ENCODINGS)[number];

const ENCODING_LABELS: Record<SpreadsheetEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with byte-order mark (Excel "CSV UTF-8")',
  'utf-16le-bom': 'UTF-16 LE with byte-order mark (Excel "Unicode Text")',
  'utf-16be-bom': 'UTF-16 BE with byte-order mark',
  'utf-16le': 'UTF-16 LE without byte-order mark',
  'utf-16be': 'UTF-16 BE without byte-order mark',
  'windows-1252': 'Windows-1252 (Excel plain "CSV")',
  text: 'text',
};

export function describeEncoding(encoding: SpreadsheetEncoding): string {
  return ENCODING_LABELS[encoding];
}

/** What to do about any file that cannot be read: the one format that always works. */
export const SAVE_AS_CSV_UTF8 = 'Save it as CSV UTF-8 from Excel (File → Save As → CSV UTF-8 (Comma delimited)) and import that file.';

export type DecodedText = { ok: true; text: string; encoding: SpreadsheetEncoding } | { ok: false; problem: string };

/** Files people rename to .csv by mistake, recognised by their first bytes so the refusal can say what they are. */
const BINARY_SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (an Excel workbook, .xlsx, is one)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty zip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old-style Excel workbook (.xls) or other Office document' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' },
  { bytes: [0x1f, 0x8b], what: 'a compressed (gzip) file' },
];

/** Bytes Windows-1252 leaves undefined: a file holding them was written in some other code page. */
const UNDEFINED_IN_WINDOWS_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** How much of the start is enough to judge a file's kind: a header line and a few rows. */
const SNIFF_BYTES = 8192;

/**
 * Reads spreadsheet bytes as text, recognising the encoding from a byte-order mark, from the pattern of
 * zero bytes UTF-16 leaves in an ASCII header, from strict UTF-8 validity, and otherwise as Windows-1252
 * (what Excel's plain "CSV" writes in the UK). The byte-order mark is not part of the text.
 */
export function decodeSpreadsheetBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) return { ok: true, text: '', encoding: 'utf-8' };

  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return strictly(bytes, 'utf-8', 'utf-8-bom', 'starts with the UTF-8 byte-order mark but is not valid UTF-8');
  }
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return refuse('is UTF-32 text, which spreadsheets rarely write and this import does not read');
  }
  if (startsWith(bytes, [0xff, 0xfe])) return strictly(bytes, 'utf-16le', 'utf-16le-bom', 'starts like UTF-16 text but is not valid UTF-16 (it may be cut short or damaged)');
  if (startsWith(bytes, [0xfe, 0xff])) return strictly(bytes, 'utf-16be', 'utf-16be-bom', 'starts like UTF-16 text but is not valid UTF-16 (it may be cut short or damaged)');

  const signature = BINARY_SIGNATURES.find((s) => startsWith(bytes, s.bytes));
  if (signature) return refuse(`is ${signature.what}, not a CSV file`);

  const utf16 = utf16WithoutMark(bytes);
  if (utf16) return strictly(bytes, utf16, utf16, 'looks like UTF-16 text without a byte-order mark but is not valid UTF-16');

  if (looksBinary(bytes)) return refuse('is not a text file (it holds binary data)');

  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Windows-1252 is the only other encoding Excel writes a UK CSV in.
  }

  const lenient = new TextDecoder('utf-8').decode(bytes);
  const firstBad = lineOf(lenient, lenient.indexOf('\uFFFD'));
  // Valid multi-byte UTF-8 beside bytes that are not UTF-8 means two files' text pasted together:
  // reading it either way would corrupt one part.
  if (/[\u0080-\uFFFC\uFFFE\uFFFF]/.test(lenient)) {
    return refuse(`mixes UTF-8 text with text in another encoding (the first character that is not UTF-8 is on line ${firstBad})`);
  }
  const undefinedByte = bytes.findIndex((b) => UNDEFINED_IN_WINDOWS_1252.has(b));
  if (undefinedByte >= 0) {
    return refuse(`is neither UTF-8 nor Windows-1252 (byte 0x${bytes[undefinedByte]!.toString(16).toUpperCase()} on line ${lineOfByte(bytes, undefinedByte)} has no meaning in either)`);
  }
  // Node 20's TextDecoder reads 'windows-1252' as Latin-1 (0x80 becomes U+0080, not €; 0x92 not ’), so a library does it.
  return { ok: true, text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252'), encoding: 'windows-1252' };
}

function strictly(bytes: Uint8Array, label: 'utf-8' | 'utf-16le' | 'utf-16be', encoding: SpreadsheetEncoding, problem: string): DecodedText {
  try {
    // The decoder drops a leading byte-order mark itself.
    return { ok: true, text: new TextDecoder(label, { fatal: true }).decode(bytes), encoding };
  } catch {
    return refuse(problem);
  }
}

function refuse(what: string): DecodedText {
  return { ok: false, problem: `The file ${what}. ${SAVE_AS_CSV_UTF8}` };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * A register's header is plain ASCII, which UTF-16 writes as one zero byte beside each letter: zeros in
 * nearly every odd position is little-endian, in nearly every even position big-endian. Text in any
 * 8-bit encoding has no zero bytes at all.
 */
function utf16WithoutMark(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(Math.min(bytes.length, SNIFF_BYTES) / 2);
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= pairs * 0.9 && evenZeros <= pairs * 0.1) return 'utf-16le';
  if (evenZeros >= pairs * 0.9 && oddZeros <= pairs * 0.1) return 'utf-16be';
  return undefined;
}

/**
 * Text has almost no control bytes besides tab and line ends. One stray NUL in a cell is a cell's
 * problem (reported by row and column); a start that is more than one part in thirty control bytes is
 * no text at all (random or compressed bytes are about one in nine).
 */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  return control > sample.length / 30;
}

/** Line numbers as an editor shows them, whichever line ends the file uses (CRLF, LF or CR). */
function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
  }
  return line;
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}
