import { formatUkInstant } from '../../domain/calendar-date.js';
import { formatPounds } from '../../domain/money.js';
import { describeFilters, ROUTE_FAMILY_LABELS, STAGE_LABELS, type DashboardFigures, type DashboardFilters } from '../../domain/dashboard.js';
import { showCount, SUPPRESSION_THRESHOLD, type Count } from '../../domain/disclosure.js';
import { LOT_LABELS } from '../../domain/reference-data.js';
import { escapeHtml as esc } from '../evidence/markdown-html.js';

/**
 * A dashboard as one printable HTML page for a committee: the same figures as the Teams card, with
 * each chart drawn as inline SVG (no script, no external file), and the numbers in a table under it.
 */

interface Bar {
  label: string;
  value: number;
  text: string;
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 230;
const CHART_WIDTH = 680;
const COLOURS = ['#1f6feb', '#2da44e', '#bf8700', '#cf222e', '#8250df', '#1b7c83', '#6e7781'];

/** Horizontal bars: long labels (needs, providers, stages) read better than on a vertical axis. */
function barChart(title: string, bars: Bar[]): string {
  if (!bars.length) return `<p class="empty">${esc(title)}: nothing to show.</p>`;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const plot = CHART_WIDTH - LABEL_WIDTH - 90;
  const height = bars.length * (BAR_HEIGHT + 6) + 30;
  const rows = bars
    .map((b, i) => {
      const y = 24 + i * (BAR_HEIGHT + 6);
      const w = Math.max(1, Math.round((b.value / max) * plot));
      return (
        `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text>` +
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${w}" height="${BAR_HEIGHT}" fill="${COLOURS[0]}"><title>${esc(`${b.label}: ${b.text}`)}</title></rect>` +
        `<text x="${LABEL_WIDTH + w + 6}" y="${y + 15}">${esc(b.text)}</text>`
      );
    })
    .join('');
  return `<figure><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg"><text x="0" y="14" class="title">${esc(title)}</text>${rows}</svg></figure>`;
}

/** Lower quartile to upper quartile as a bar, the median as a mark: the spread of fees at a glance. */
function rangeChart(title: string, rows: Array<{ label: string; q1: number; median: number; q3: number }>): string {
  if (!rows.length) return `<p class="empty">${esc(title)}: nothing to show.</p>`;
  const max = Math.max(...rows.map((r) => r.q3), 1);
  const plot = CHART_WIDTH - LABEL_WIDTH - 150;
  const x = (v: number) => LABEL_WIDTH + Math.round((v / max) * plot);
  const height = rows.length * (BAR_HEIGHT + 6) + 30;
  const body = rows
    .map((r, i) => {
      const y = 24 + i * (BAR_HEIGHT + 6);
      return (
        `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${esc(r.label)}</text>` +
        `<rect x="${x(r.q1)}" y="${y + 4}" width="${Math.max(1, x(r.q3) - x(r.q1))}" height="${BAR_HEIGHT - 8}" fill="#9ecbff"/>` +
        `<rect x="${x(r.median) - 1}" y="${y}" width="3" height="${BAR_HEIGHT}" fill="${COLOURS[0]}"/>` +
        `<text x="${x(r.q3) + 6}" y="${y + 15}">${esc(`${pounds(r.median)} (${pounds(r.q1)}–${pounds(r.q3)})`)}</text>`
      );
    })
    .join('');
  return `<figure><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg"><text x="0" y="14" class="title">${esc(title)}</text>${body}</svg><figcaption>Bar: lower to upper quartile; mark: median.</figcaption></figure>`;
}

const pounds = (pence: number) => formatPounds(Math.round(pence / 100) * 100);

function table(headers: string[], rows: string[][]): string {
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function dashboardHtml(f: DashboardFigures, filters: DashboardFilters, title: string, generatedAt: Date): string {
  const n = (c: Count) => showCount(c, { rounded: f.protected });
  const bars = <T>(items: T[], label: (t: T) => string, count: (t: T) => Count): Bar[] =>
    items.filter((t) => (count(t) ?? 0) > 0).map((t) => ({ label: label(t), value: count(t)!, text: n(count(t)) }));
  const priced = f.fees.filter((g) => g.weekly !== null);
  const sections = [
    `<h2>Placements by lot and need</h2>`,
    barChart('Placements by lot', bars(f.placementsByLot, (l) => `Lot ${l.lot} ${LOT_LABELS[l.lot]}`, (l) => l.placements)),
    barChart('Placements by primary need', bars(f.placementsByNeed, (x) => x.need, (x) => x.placements)),
    ...(f.placementsByCouncil.length ? [barChart('Placements by council', bars(f.placementsByCouncil, (c) => c.council, (c) => c.placements))] : []),
    `<h2>Weekly fee by lot and need</h2>`,
    rangeChart('Weekly fee: median and quartiles', priced.map((g) => ({ label: `Lot ${g.lot} ${g.need} (${n(g.placements)})`, ...g.weekly! }))),
    table(
      ['Lot', 'Need', 'Placements', 'Lower quartile', 'Median', 'Upper quartile', 'Median annual'],
      f.fees.map((g) => [String(g.lot), g.need, n(g.placements), g.weekly ? pounds(g.weekly.q1) : '–', g.weekly ? pounds(g.weekly.median) : '–', g.weekly ? pounds(g.weekly.q3) : '–', g.annual ? pounds(g.annual.median) : '–']),
    ),
    `<h2>Route chosen</h2>`,
    barChart('Placements by route', bars(f.routes, (r) => ROUTE_FAMILY_LABELS[r.family], (r) => r.requests)),
    `<h2>How long it takes</h2>`,
    barChart('Median days from the request', f.timings.filter((t) => t.medianDays !== null).map((t) => ({ label: STAGE_LABELS[t.stage], value: t.medianDays!, text: `${t.medianDays} days` }))),
    table(['Stage', 'Median days', 'Requests'], f.timings.map((t) => [STAGE_LABELS[t.stage], t.medianDays === null ? '–' : String(t.medianDays), n(t.requests)])),
    `<h2>Provider response</h2>`,
    `<p>${f.providerResponse.ratePct === null ? '–' : `${f.providerResponse.ratePct}%`} of ${esc(n(f.providerResponse.referred))} referrals answered; median ${f.providerResponse.medianDays ?? '–'} days to answer.</p>`,
    barChart('Share answered (%), providers with the most referrals', f.providerResponse.providers.filter((p) => p.ratePct !== null).map((p) => ({ label: p.providerName, value: p.ratePct!, text: `${p.ratePct}%` }))),
    table(['Provider', 'Referrals', 'Answered', 'Median days'], f.providerResponse.providers.map((p) => [p.providerName, n(p.referred), p.ratePct === null ? '–' : `${p.ratePct}%`, p.medianDays === null ? '–' : String(p.medianDays)])),
    `<h2>In area and out of area</h2>`,
    barChart('FPS placements by area', bars([['In area', f.area.inArea], ['Out of area', f.area.outOfArea], ['Council area not set', f.area.areaNotSet]] as Array<[string, Count]>, ([l]) => l, ([, c]) => c)),
    `<h2>Declines and their reasons</h2>`,
    barChart('Offers declined, by reason', bars(f.declines.byReason, (d) => d.label, (d) => d.offers)),
  ];
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:system-ui,Segoe UI,Arial,sans-serif;margin:2rem;max-width:60rem;color:#1f2328}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;page-break-after:avoid}
.meta,.note{color:#57606a}.note{font-size:.9rem}figure{margin:1rem 0;page-break-inside:avoid}svg text{font-size:12px;fill:#1f2328}svg .title{font-weight:600}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}th{background:#f6f8fa}
.warning{background:#fff8c5;padding:.5rem}@media print{body{margin:1cm}h2{margin-top:1rem}}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(describeFilters(filters))}. Generated ${esc(formatUkInstant(generatedAt, { time: true }))} (UK time).</p>
${f.protected ? `<p class="note">Aggregates only: counts are rounded to the nearest 5 (≈), counts under ${SUPPRESSION_THRESHOLD} are shown as &lt;${SUPPRESSION_THRESHOLD}, and figures for groups under ${SUPPRESSION_THRESHOLD} are not shown.</p>` : '<p class="note">The council\'s own figures, exact.</p>'}
${f.includesSynthetic ? '<p class="warning">Includes synthetic demo history (demo-history): not real placements.</p>' : ''}
${table(['Measure', 'Figure'], [
  ['Requests submitted', n(f.requests)],
  ['Placements', n(f.placements)],
  ['In area / out of area', `${n(f.area.inArea)} / ${n(f.area.outOfArea)}`],
  ['Offers declined', n(f.declines.total)],
])}
${sections.join('\n')}
</body></html>
`;
}
