import { CsvError, parse } from 'csv-parse/sync';
import { SAVE_AS_CSV_UTF8, decodeSpreadsheetBytes, describeEncoding, type SpreadsheetEncoding } from './spreadsheet-text.js';

/**
 * What the register imports (providers, staff) share: reading a spreadsheet export into rows keyed by
 * column, and the field checks both use. Row numbers are the spreadsheet's: the header is row 1.
 */

export interface RowError {
  /** Null when the problem is the file as a whole (unreadable, too large). */
  row: number | null;
  /** Null when the problem is the whole row (wrong number of cells, a broken quote). */
  column: string | null;
  message: string;
}

export function formatRowError(e: RowError): string {
  if (e.row === null) return e.message;
  return e.column === null ? `row ${e.row}: ${e.message}` : `row ${e.row}, column ${e.column}: ${e.message}`;
}

export interface CsvRow<C extends string> {
  row: number;
  values: Record<C, string>;
}

/** The columns a register file must have, and the most characters each cell may hold. */
export interface RegisterLayout<C extends string> {
  columns: readonly C[];
  /**
   * Bounds what is stored and what an error message can echo back: a megabyte "name" is refused by
   * length before any check quotes it.
   */
  maxLength: Readonly<Record<C, number>>;
}

/** A register is hundreds of rows; these only stop a wrong or hostile file before it costs memory and time. */
export const MAX_REGISTER_FILE_BYTES = 16 * 1024 * 1024;
export const MAX_REGISTER_ROWS = 20_000;

export const CSV_DELIMITERS = ['comma', 'tab'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** How the file was read, for the operator to see. */
export interface CsvSource {
  encoding: SpreadsheetEncoding;
  delimiter: CsvDelimiter;
}

export function describeSource(source: CsvSource): string {
  return `${describeEncoding(source.encoding)}, ${source.delimiter === 'tab' ? 'tab-separated' : 'comma-separated'}`;
}

export interface ParsedCsv<C extends string> {
  ok: boolean;
  /** Null when the file could not be read as text at all. */
  source: CsvSource | null;
  /**
   * Every row whose cells are all readable. When other rows have problems these are still worth
   * validating, so that one run reports every problem in the file.
   */
  rows: CsvRow<C>[];
  errors: RowError[];
}

/**
 * Reads a register file: bytes in any encoding Excel saves a CSV in (see spreadsheet-text.ts), or text
 * already decoded; comma- or tab-separated; CRLF, LF or CR line ends, even mixed. The header must hold
 * exactly the layout's columns, in any order, matched trimmed and case-insensitively (spreadsheets are
 * edited by hand). Each cell is trimmed of spaces, put in Unicode NFC form (Mac tools write accents as
 * two characters), and checked against its column's length limit and for invisible or control
 * characters. Wholly blank rows are skipped but still counted, so row numbers match what the operator sees.
 */
export function parseRegisterCsv<C extends string>(input: string | Uint8Array, layout: RegisterLayout<C>): ParsedCsv<C> {
  const fail = (error: RowError, source: CsvSource | null = null): ParsedCsv<C> => ({ ok: false, source, rows: [], errors: [error] });
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_REGISTER_FILE_BYTES) {
    return fail({ row: null, column: null, message: `The file is ${megabytes(size)}; an import takes at most ${megabytes(MAX_REGISTER_FILE_BYTES)}. Is this the right file?` });
  }

  let text: string;
  let encoding: SpreadsheetEncoding;
  if (typeof input === 'string') {
    text = input;
    encoding = 'text';
  } else {
    const decoded = decodeSpreadsheetBytes(input);
    if (!decoded.ok) return fail({ row: null, column: null, message: decoded.problem });
    text = decoded.text;
    encoding = decoded.encoding;
  }

  const firstLine = headerLine(text);
  const delimiter: CsvDelimiter = firstLine.includes('\t') && !firstLine.includes(',') ? 'tab' : 'comma';
  const source: CsvSource = { encoding, delimiter };
  if (delimiter === 'comma' && firstLine.includes(';') && !firstLine.includes(',')) {
    return fail({ row: 1, column: null, message: `the columns are separated by semicolons. ${SAVE_AS_CSV_UTF8}` }, source);
  }

  let records: string[][];
  let recordsRead = 0;
  try {
    records = parse(text, {
      delimiter: delimiter === 'tab' ? '\t' : ',',
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: true,
      relax_column_count: true,
      trim: true,
      // One past the cap is enough to know the file is over it.
      to: MAX_REGISTER_ROWS + 2,
      on_record: (record: string[], context: { records: number }) => {
        recordsRead = context.records;
        return record;
      },
    }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) return fail({ row: recordsRead + 1, column: null, message: csvProblem(err) }, source);
    throw err;
  }
  if (records.length > MAX_REGISTER_ROWS + 1) {
    return fail({ row: null, column: null, message: `The file has more than ${MAX_REGISTER_ROWS.toLocaleString('en-GB')} rows; an import takes at most that many. Is this the right file?` }, source);
  }

  const [rawHeader, ...body] = records;
  const header = (rawHeader ?? []).map(cleanCell);
  if (header.every((h) => h === '')) {
    return fail({ row: 1, column: null, message: `the file is empty; expected the header ${layout.columns.join(',')}` }, source);
  }
  const headerError = checkHeader(header, layout.columns);
  if (headerError) return fail(headerError, source);

  const names = header.map((h) => h.toLowerCase() as C);
  const rows: CsvRow<C>[] = [];
  const errors: RowError[] = [];
  body.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => cleanCell(c) === '')) return;
    if (cells.length !== names.length) {
      errors.push({ row, column: null, message: `expected ${names.length} cells, found ${cells.length.toLocaleString('en-GB')}` });
      return;
    }
    const values = {} as Record<C, string>;
    let readable = true;
    names.forEach((column, j) => {
      const value = cleanCell(cells[j] ?? '');
      const problem = cellProblem(value, layout.maxLength[column]);
      if (problem) {
        errors.push({ row, column, message: problem });
        readable = false;
      }
      values[column] = value;
    });
    if (readable) rows.push({ row, values });
  });
  return { ok: errors.length === 0, source, rows, errors };
}

/** Problems from every stage in file order: file-level first, then by row (stable within a row). */
export function inFileOrder(errors: readonly RowError[]): RowError[] {
  return [...errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

function headerLine(text: string): string {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  const end = text.slice(start, start + 65_536).search(/[\r\n]/);
  return text.slice(start, end < 0 ? start + 65_536 : start + end);
}

const isPadding = (ch: string | undefined) => ch === ' ' || ch === '\u00A0';

/** Spaces and no-break spaces off both ends (by hand: a trailing-space regex is quadratic on a megabyte of spaces). */
export function cleanCell(cell: string): string {
  let start = 0;
  let end = cell.length;
  while (start < end && isPadding(cell[start])) start++;
  while (end > start && isPadding(cell[end - 1])) end--;
  return cell.slice(start, end).normalize('NFC');
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

/** csv-parse's messages are written for programmers; these say what to change in the spreadsheet. */
function csvProblem(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell starts on this row and is never closed (a " is missing), so the rest of the file cannot be read';
    case 'INVALID_OPENING_QUOTE':
      return 'a " appears inside a cell that does not start with one; put the whole cell in quotes and double each " inside it ("")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted cell starting on this row does not end at the end of a cell: a " is missing, or a " inside it is not doubled ("")';
    default:
      return `the file is not valid CSV here (${err.code})`;
  }
}

/**
 * Characters no register cell has a use for, and that hide what a cell says: control characters (NUL,
 * escape sequences that repaint a terminal, tabs and line breaks inside a cell), format characters
 * (zero-width spaces, text-direction overrides, byte-order marks, tag characters), lone surrogates,
 * blank-looking Hangul fillers, and U+FFFD, which a decoder leaves where a character was lost.
 */
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\uFFFD]/u;

const CHARACTER_NAMES: Record<number, string> = {
  0x00: 'NUL', 0x09: 'tab', 0x1b: 'escape', 0x7f: 'delete', 0xad: 'soft hyphen',
  0x200b: 'zero-width space', 0x200c: 'zero-width non-joiner', 0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark', 0x200f: 'right-to-left mark', 0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding', 0x202c: 'pop directional formatting', 0x202d: 'left-to-right override',
  0x202e: 'right-to-left override', 0x2060: 'word joiner', 0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate', 0x2068: 'first strong isolate', 0x2069: 'pop directional isolate',
  0xfeff: 'byte-order mark',
};
const LINE_BREAKS = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);

export function cellProblem(value: string, maxLength: number): string | undefined {
  if (value.length > maxLength) {
    return `is ${value.length.toLocaleString('en-GB')} characters long; this column takes at most ${maxLength.toLocaleString('en-GB')}`;
  }
  const m = UNSAFE_CHARACTER.exec(value);
  if (!m) return undefined;
  const codePoint = m[0].codePointAt(0)!;
  const position = [...value.slice(0, m.index)].length + 1;
  if (codePoint === 0xfffd) return `contains �, the mark of a character lost when the file was saved. ${SAVE_AS_CSV_UTF8}`;
  if (LINE_BREAKS.has(codePoint)) return `has a line break at character ${position}; a cell must be one line`;
  const name = CHARACTER_NAMES[codePoint];
  return `contains an invisible or control character, ${unicodeName(codePoint)}${name ? ` (${name})` : ''}, at character ${position}; delete it`;
}

function unicodeName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** How many unexpected header names to list before "and N more": a 100,000-column header is one line, not a page. */
const LISTED_NAMES = 10;
const SHOWN_NAME_LENGTH = 40;

function checkHeader(header: string[], columns: readonly string[]): RowError | undefined {
  const seen = header.map((h) => h.toLowerCase());
  const seenSet = new Set(seen);
  const expected = new Set(columns);
  const missing = columns.filter((c) => !seenSet.has(c));
  const unexpected = [...new Set(seen.filter((h) => !expected.has(h)))];
  const counted = new Set<string>();
  const repeated = new Set<string>();
  for (const h of seen) (counted.has(h) ? repeated : counted).add(h);
  const repeatedKnown = [...repeated].filter((h) => expected.has(h));
  if (!missing.length && !unexpected.length && !repeatedKnown.length) return undefined;
  const lookAlike = unexpected.some((u) => /[^\x20-\x7E]/.test(u));
  const parts = [
    missing.length ? `missing columns: ${missing.join(', ')}` : '',
    unexpected.length ? `unexpected columns: ${listed(unexpected.map(shownName))}` : '',
    repeatedKnown.length ? `repeated columns: ${repeatedKnown.join(', ')}` : '',
  ].filter(Boolean);
  const hint = lookAlike
    ? '. Column names are plain letters, digits and _; [U+…] marks a character that only looks like one or cannot be seen'
    : '';
  return { row: 1, column: null, message: `wrong header (${parts.join('; ')}); expected ${columns.join(',')}${hint}` };
}

function listed(items: string[]): string {
  const shown = items.slice(0, LISTED_NAMES).join(', ');
  return items.length > LISTED_NAMES ? `${shown} and ${(items.length - LISTED_NAMES).toLocaleString('en-GB')} more` : shown;
}

/** A header name as the operator can read it: anything but printable ASCII spelled out as [U+XXXX]. */
function shownName(name: string): string {
  if (name === '') return '(blank)';
  const spelled = [...name].map((ch) => (/^[\x20-\x7E]$/.test(ch) ? ch : `[${unicodeName(ch.codePointAt(0)!)}]`)).join('');
  return spelled.length > SHOWN_NAME_LENGTH ? `${spelled.slice(0, SHOWN_NAME_LENGTH)}…` : spelled;
}

/** Collects the errors of one row so a validator can report every problem, not just the first. */
export class RowProblems {
  readonly errors: RowError[] = [];
  constructor(readonly row: number) {}
  add(column: string, message: string): void {
    this.errors.push({ row: this.row, column, message });
  }
}

/** Cells holding lists use `;` (commas would clash with CSV). Blank entries are dropped. */
export function splitList(cell: string): string[] {
  return cell
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A host name with at least two labels and an alphabetic top-level label. */
export function isDomain(value: string): boolean {
  const v = value.toLowerCase();
  if (v.length > 253) return false;
  const labels = v.split('.');
  const tld = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((l) => DOMAIN_LABEL.test(l)) && /^[a-z]{2,63}$/.test(tld);
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** The address forms real mailboxes use (no quoted local parts or IP literals: none appear in registers). */
export function isEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  return local.length <= 64 && LOCAL_PART.test(local) && isDomain(value.slice(at + 1));
}

/** A whole non-negative number written plainly ("12"), as spreadsheets export counts and ages. */
export function parseWholeNumber(value: string): number | undefined {
  if (!/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}

/** A real calendar date written YYYY-MM-DD (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Set difference in both directions, sorted, for audit details that read the same on every run. */
export function diffSets<T extends string | number>(before: readonly T[], after: readonly T[]): { added: T[]; removed: T[] } {
  const sort = (xs: T[]) => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    added: sort(after.filter((x) => !before.includes(x))),
    removed: sort(before.filter((x) => !after.includes(x))),
  };
}
