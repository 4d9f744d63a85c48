import { formatPounds } from '../../domain/money.js';
import { describeFilters, ROUTE_FAMILY_LABELS, STAGE_LABELS, type DashboardFigures, type DashboardFilters } from '../../domain/dashboard.js';
import { showCount, SUPPRESSION_THRESHOLD, type Count } from '../../domain/disclosure.js';
import { LOT_LABELS } from '../../domain/reference-data.js';

/** A dashboard as Markdown tables (the `regional-report` command). */
export function dashboardMarkdown(f: DashboardFigures, filters: DashboardFilters, title: string): string {
  const n = (c: Count) => showCount(c, { rounded: f.protected });
  const money = (p: number | null | undefined) => (p === null || p === undefined ? '–' : formatPounds(Math.round(p / 100) * 100));
  const days = (d: number | null) => (d === null ? '–' : String(d));
  return [
    `# ${title}`,
    '',
    describeFilters(filters),
    '',
    ...(f.protected ? [`Aggregates only: counts are rounded to the nearest 5 ("≈"), counts under ${SUPPRESSION_THRESHOLD} are shown as "<${SUPPRESSION_THRESHOLD}", and figures for groups under ${SUPPRESSION_THRESHOLD} are not shown.`, ''] : []),
    ...(f.includesSynthetic ? ['Includes synthetic demo history (demo-history): not real placements.', ''] : []),
    `- Requests submitted: ${n(f.requests)}`,
    `- Placements: ${n(f.placements)}`,
    `- Provider response: ${f.providerResponse.ratePct === null ? '–' : `${f.providerResponse.ratePct}%`} of ${n(f.providerResponse.referred)} referrals answered; median ${days(f.providerResponse.medianDays)} days`,
    `- In area / out of area / council area not set: ${n(f.area.inArea)} / ${n(f.area.outOfArea)} / ${n(f.area.areaNotSet)}`,
    `- Offers declined: ${n(f.declines.total)}`,
    '',
    '## Placements by lot',
    '',
    '| Lot | Placements |',
    '|---|---|',
    ...f.placementsByLot.map((l) => `| ${l.lot} ${LOT_LABELS[l.lot]} | ${n(l.placements)} |`),
    '',
    '## Placements by need',
    '',
    '| Need | Placements |',
    '|---|---|',
    ...f.placementsByNeed.map((x) => `| ${x.need} | ${n(x.placements)} |`),
    '',
    ...(f.placementsByCouncil.length ? ['## Placements by council', '', '| Council | Placements |', '|---|---|', ...f.placementsByCouncil.map((c) => `| ${c.council} | ${n(c.placements)} |`), ''] : []),
    '## Weekly fee by lot and need',
    '',
    '| Lot | Need | Placements | Lower quartile | Median | Upper quartile | Median annual |',
    '|---|---|---|---|---|---|---|',
    ...f.fees.map((x) => `| ${x.lot} | ${x.need} | ${n(x.placements)} | ${money(x.weekly?.q1)} | ${money(x.weekly?.median)} | ${money(x.weekly?.q3)} | ${money(x.annual?.median)} |`),
    '',
    '## Routes',
    '',
    '| Route | Placements |',
    '|---|---|',
    ...f.routes.map((r) => `| ${ROUTE_FAMILY_LABELS[r.family]} | ${n(r.requests)} |`),
    '',
    '## Time from request (median days)',
    '',
    '| Stage | Median days | Requests |',
    '|---|---|---|',
    ...f.timings.map((t) => `| ${STAGE_LABELS[t.stage]} | ${days(t.medianDays)} | ${n(t.requests)} |`),
    '',
    '## Providers with the most referrals',
    '',
    '| Provider | Referrals | Answered | Median days to answer |',
    '|---|---|---|---|',
    ...f.providerResponse.providers.map((p) => `| ${p.providerName.replace(/\|/g, '\\|')} | ${n(p.referred)} | ${p.ratePct === null ? '–' : `${p.ratePct}%`} | ${days(p.medianDays)} |`),
    '',
    '## Declines by reason',
    '',
    '| Reason | Offers |',
    '|---|---|',
    ...f.declines.byReason.map((d) => `| ${d.label} | ${n(d.offers)} |`),
    '',
  ].join('\n');
}
