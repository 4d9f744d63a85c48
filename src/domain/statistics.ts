/**
 * Order statistics for fee and timing figures. Quartiles use the "inclusive" method (Excel's
 * QUARTILE.INC, R type 7): the value at position (n − 1) × p of the sorted list, interpolated between
 * neighbours, so the median of an even-sized list is the mean of the two middle values. Results are
 * rounded to whole units (pence, days), half away from zero.
 */

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

/** The p-quantile (0 ≤ p ≤ 1) of values already sorted ascending. */
export function quantileOfSorted(sorted: readonly number[], p: number): number {
  if (!sorted.length) throw new RangeError('no values');
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const value = sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
  return Math.round(value);
}

export function quartiles(values: readonly number[]): Quartiles | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { q1: quantileOfSorted(sorted, 0.25), median: quantileOfSorted(sorted, 0.5), q3: quantileOfSorted(sorted, 0.75) };
}

export function median(values: readonly number[]): number | null {
  return quartiles(values)?.median ?? null;
}

/**
 * The median of a histogram (value → how many times it occurs), for figures aggregated in the database
 * (days to answer, grouped by day). Same method as `quantileOfSorted`.
 */
export function medianOfHistogram(histogram: ReadonlyArray<{ value: number; count: number }>): number | null {
  const bins = histogram.filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const total = bins.reduce((n, b) => n + b.count, 0);
  if (!total) return null;
  const at = (index: number) => {
    let seen = 0;
    for (const b of bins) {
      seen += b.count;
      if (index < seen) return b.value;
    }
    return bins.at(-1)!.value;
  };
  const position = (total - 1) / 2;
  const lo = at(Math.floor(position));
  const hi = at(Math.ceil(position));
  return Math.round(lo + (hi - lo) * (position - Math.floor(position)));
}
