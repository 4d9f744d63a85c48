/**
 * Writing anything a spreadsheet could open (CSV for Excel, LibreOffice, Google Sheets). Text that came
 * from a provider, a register or a form can start like a formula: `=HYPERLINK("https://evil…","Open")`,
 * `+cmd|'/C calc'!A0`, `@SUM(…)`. Stored, it is only text; opened in a spreadsheet, it runs. Every text
 * cell of every export goes through `neutraliseSpreadsheetCell`, as OWASP advises for CSV injection:
 * https://owasp.org/www-community/attacks/CSV_Injection
 */

/**
 * What a spreadsheet treats as the start of a formula: = + - @, a tab or carriage return (both can
 * lead into one), and the full-width forms some spreadsheets also accept.
 */
const FORMULA_START = /^[\s\u00A0]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain number ("-5", "+1.50") cannot be a formula, and stays a number people can sum. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * A text cell as a spreadsheet should show it: unchanged unless it could be read as a formula, then
 * prefixed with a single quote, which makes the spreadsheet treat the rest as text. Leading spaces do
 * not hide a formula from this check (some spreadsheets skip them).
 */
export function neutraliseSpreadsheetCell(value: string): string {
  if (PLAIN_NUMBER.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type SpreadsheetValue = string | number | null | undefined;

/**
 * A CSV file Excel opens correctly by double-click: UTF-8 with a byte-order mark (else Excel reads it
 * as Windows-1252 and £ turns into "Â£"), CRLF line ends, every text cell neutralised and quoted
 * (quotes doubled), numbers written as numbers, null and undefined as empty cells.
 */
export function toSpreadsheetCsv(rows: readonly (readonly SpreadsheetValue[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: SpreadsheetValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Not a number a spreadsheet can hold: ${value}`);
    return String(value);
  }
  return `"${neutraliseSpreadsheetCell(value).replaceAll('"', '""')}"`;
}
