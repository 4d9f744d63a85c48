import { CsvError, parse } from 'csv-parse/sync';

/**
 * What the register imports (providers, staff) share: reading a spreadsheet export into rows keyed by
 * column, and the field checks both use. Row numbers are the spreadsheet's: the header is row 1.
 */

export interface RowError {
  row: number;
  /** Null when the problem is the whole row (wrong number of cells, a broken quote). */
  column: string | null;
  message: string;
}

export function formatRowError(e: RowError): string {
  return e.column === null ? `row ${e.row}: ${e.message}` : `row ${e.row}, column ${e.column}: ${e.message}`;
}

export interface CsvRow<C extends string> {
  row: number;
  values: Record<C, string>;
}

export type ParsedCsv<C extends string> = { ok: true; rows: CsvRow<C>[] } | { ok: false; errors: RowError[] };

/**
 * Parses CSV text (UTF-8 BOM and CRLF tolerated) whose header must hold exactly `columns`, in any order.
 * Header names are matched trimmed and case-insensitively, since spreadsheets are edited by hand.
 * Wholly blank rows are skipped but still counted, so row numbers match what the operator sees.
 */
export function parseRegisterCsv<C extends string>(text: string, columns: readonly C[]): ParsedCsv<C> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, trim: true }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines : 1;
      return { ok: false, errors: [{ row: line, column: null, message: `the file is not valid CSV (${err.message})` }] };
    }
    throw err;
  }

  const [header, ...body] = records;
  if (!header || header.every((h) => h === '')) {
    return { ok: false, errors: [{ row: 1, column: null, message: `the file is empty; expected the header ${columns.join(',')}` }] };
  }
  const headerError = checkHeader(header, columns);
  if (headerError) return { ok: false, errors: [headerError] };

  const names = header.map((h) => h.toLowerCase());
  const rows: CsvRow<C>[] = [];
  const errors: RowError[] = [];
  body.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c === '')) return;
    if (cells.length !== names.length) {
      errors.push({ row, column: null, message: `expected ${names.length} cells, found ${cells.length}` });
      return;
    }
    const values = Object.fromEntries(names.map((n, j) => [n, cells[j] ?? ''])) as Record<C, string>;
    rows.push({ row, values });
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

function checkHeader(header: string[], columns: readonly string[]): RowError | undefined {
  const seen = header.map((h) => h.toLowerCase());
  const missing = columns.filter((c) => !seen.includes(c));
  const unexpected = seen.filter((h) => !columns.includes(h));
  const repeated = seen.filter((h, i) => seen.indexOf(h) !== i);
  if (!missing.length && !unexpected.length && !repeated.length) return undefined;
  const parts = [
    missing.length ? `missing columns: ${missing.join(', ')}` : '',
    unexpected.length ? `unexpected columns: ${unexpected.map((u) => u || '(blank)').join(', ')}` : '',
    repeated.length ? `repeated columns: ${[...new Set(repeated)].join(', ')}` : '',
  ].filter(Boolean);
  return { row: 1, column: null, message: `wrong header (${parts.join('; ')}); expected ${columns.join(',')}` };
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
