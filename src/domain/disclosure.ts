/**
 * Statistical disclosure control for regional figures (what one council sees of the others).
 *
 * - Primary suppression: a count of 1 to 4 is not published (shown as "fewer than 5"); so are the fee
 *   and timing statistics of a group with fewer than 5 members.
 * - Protection against differencing: every other published count is rounded to the nearest 5
 *   (0 stays 0). Totals are rounded from their true values, not added up from rounded cells. A
 *   suppressed cell therefore cannot be worked out by subtracting the published cells of a table from
 *   its published total, nor by subtracting the figures of one filter (period, lot, need) from another:
 *   each published number is only known to within ±2, which always leaves at least two possible values
 *   for the suppressed one (test/unit/disclosure.test.ts runs that attack).
 *
 * Rounding was chosen over secondary (complementary) suppression because the dashboards can be
 * filtered freely: complementary suppression protects one table, but two filtered tables can still be
 * subtracted from each other; rounding protects every combination at once.
 */

export const SUPPRESSION_THRESHOLD = 5;
export const ROUNDING_BASE = 5;

/** A published count: a number (rounded in regional views) or null when suppressed. */
export type Count = number | null;

/** The count as a regional view publishes it. */
export function protectedCount(n: number): Count {
  if (n === 0) return 0;
  if (n < SUPPRESSION_THRESHOLD) return null;
  return Math.round(n / ROUNDING_BASE) * ROUNDING_BASE;
}

/** Whether a group is big enough for its statistics (median, quartiles, rates) to be published. */
export function publishable(n: number): boolean {
  return n >= SUPPRESSION_THRESHOLD;
}

export type CountPolicy = (n: number) => Count;

/** A council's own figures are its own data: exact. */
export const exactCount: CountPolicy = (n) => n;

export function showCount(n: Count, options: { rounded: boolean }): string {
  if (n === null) return `<${SUPPRESSION_THRESHOLD}`;
  return options.rounded && n > 0 ? `≈${n.toLocaleString('en-GB')}` : n.toLocaleString('en-GB');
}
