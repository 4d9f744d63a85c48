/** Money is held as whole pence everywhere; these are the only ways in from text and out to people. */

const POUNDS = /^£?[ \t]*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;
// Long enough for any amount a card could sensibly carry; a forged megabyte is not parsed.
const MAX_POUNDS_TEXT_LENGTH = 30;

/**
 * Pounds as typed ("45000", "£45,000", "45,000.50", "1528.5") to integer pence; null for anything else,
 * including negative amounts, misplaced commas and fractions of a penny.
 */
export function parsePounds(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed.length > MAX_POUNDS_TEXT_LENGTH) return null;
  const m = POUNDS.exec(trimmed);
  if (!m) return null;
  const whole = Number((m[1] ?? '').replace(/,/g, ''));
  const pence = whole * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(pence) ? pence : null;
}

/** '£45,000' for whole pounds, '£45,000.50' otherwise. */
export function formatPounds(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Not a whole number of pence: ${pence}`);
  const abs = Math.abs(pence);
  const pounds = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = abs % 100;
  return `${pence < 0 ? '-' : ''}£${pounds}${rest === 0 ? '' : `.${String(rest).padStart(2, '0')}`}`;
}

