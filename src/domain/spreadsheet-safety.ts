/**
 * A text cell that starts with =, +, -, @ (or a tab or carriage return, which some spreadsheets skip
 * before reading a formula) would be run as a formula when the file is opened ("CSV injection"). Such
 * text gets a leading apostrophe, which spreadsheets show as text and do not print. Numbers, dates and
 * booleans are written as typed values and never need it.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
