import type { RouteComparison } from './recommendation.js';
import { ROUTE_SHORT_LABELS } from './routes.js';
import { formatPounds } from '../money.js';

// ---------------------------------------------------------------------------------------------------
// The cost comparison as a chart and as text
// ---------------------------------------------------------------------------------------------------

export interface CostBar {
  label: string;
  valuePounds: number;
}

/** Bars for the considered routes that have a cost, in route order. */
export function costChartData(comparison: readonly RouteComparison[]): CostBar[] {
  return comparison
    .filter((c) => c.considered && c.totalPence > 0)
    .map((c) => ({ label: `${ROUTE_SHORT_LABELS[c.route]}${c.costIsEstimate ? ' (estimate)' : ''}`, valuePounds: c.totalPence / 100 }));
}

function comparisonStatus(c: RouteComparison): string {
  if (!c.answered) return 'not answered';
  if (!c.considered) return 'not considered';
  if (c.suitable) {
    if (c.excludedBecause !== undefined) return 'suitable, legal ground recorded';
    return c.placeToBeTested ? 'suitable, place to be tested by the call-off' : 'suitable, place available';
  }
  if (c.meetsSectionF === 'no') return 'cannot meet Section F';
  if (c.meetsSectionF === 'partly') return 'meets Section F only partly';
  if (c.placeAvailable === 'no') return 'no place available';
  if (c.placeAvailable === 'unknown') return 'place availability unknown';
  return 'not fully answered';
}

/** The text fallback for the chart: one line per route, columns aligned for a monospace block. */
export function costTextTable(comparison: readonly RouteComparison[]): string {
  const rows = comparison.map((c) => [ROUTE_SHORT_LABELS[c.route], c.considered ? `${formatPounds(c.totalPence)}${c.costIsEstimate ? ' (estimate)' : ''}` : '–', comparisonStatus(c)] as const);
  const labelWidth = Math.max(0, ...rows.map(([label]) => label.length));
  const costWidth = Math.max(0, ...rows.map(([, cost]) => cost.length));
  return rows.map(([label, cost, status]) => `${label.padEnd(labelWidth)}  ${cost.padStart(costWidth)}  ${status}`).join('\n');
}

