import { formatPounds } from '../../domain/money.js';
import { SMALL_NUMBER_THRESHOLD, type Count, type RegionalFigures } from '../../domain/regional.js';

const shown = (n: Count) => (n === null ? `<${SMALL_NUMBER_THRESHOLD}` : String(n));
const money = (p: number | null) => (p === null ? '–' : formatPounds(p));

/** The regional figures as Markdown tables, for reports and spreadsheets. */
export function regionalMarkdown(f: RegionalFigures, generatedOn: string): string {
  return [
    '# Regional placement data',
    '',
    `All councils, generated ${generatedOn}. Aggregates only: groups of fewer than ${SMALL_NUMBER_THRESHOLD} are shown as "<${SMALL_NUMBER_THRESHOLD}" and their fees are not shown.`,
    '',
    `- Requests submitted: ${f.requests}`,
    `- Placements awarded: ${f.placements}`,
    `- Provider response rate: ${f.providerResponse.rate === null ? '–' : `${f.providerResponse.rate}% (${f.providerResponse.replied} of ${f.providerResponse.referred})`}; median days to answer: ${f.providerResponse.medianDays ?? '–'}`,
    `- In-area / out-of-area placements: ${shown(f.inArea)} / ${shown(f.outOfArea)}`,
    `- Offers that could not meet needs: ${f.declines}`,
    '',
    '## Placements by lot',
    '',
    '| Lot | Placements |',
    '|---|---|',
    ...f.placementsByLot.map((l) => `| ${l.lot} | ${shown(l.placements)} |`),
    '',
    '## Placements by need',
    '',
    '| Need | Placements |',
    '|---|---|',
    ...f.placementsByNeed.map((n) => `| ${n.need} | ${shown(n.placements)} |`),
    '',
    '## Placements by council',
    '',
    '| Council | Placements |',
    '|---|---|',
    ...f.placementsByCouncil.map((c) => `| ${c.council} | ${shown(c.placements)} |`),
    '',
    '## Fees by lot and need',
    '',
    '| Lot | Need | Placements | Mean weekly | Median weekly | Mean annual | Median annual |',
    '|---|---|---|---|---|---|---|',
    ...f.fees.map((x) => `| ${x.lot} | ${x.need} | ${shown(x.placements)} | ${money(x.meanWeeklyPence)} | ${money(x.medianWeeklyPence)} | ${money(x.meanAnnualPence)} | ${money(x.medianAnnualPence)} |`),
    '',
    '## Time from request (median days)',
    '',
    '| Stage | Median days | Requests |',
    '|---|---|---|',
    ...f.timings.map((t) => `| ${t.label} | ${t.medianDays ?? '–'} | ${t.requests} |`),
    '',
    '## Routes chosen by options appraisals',
    '',
    '| Route | Requests |',
    '|---|---|',
    ...f.routes.map((r) => `| ${r.route} | ${shown(r.requests)} |`),
    '',
  ].join('\n');
}
