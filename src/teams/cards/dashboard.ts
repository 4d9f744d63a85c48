import { formatPounds } from '../../domain/money.js';
import { describeFilters, periodOptions, ROUTE_FAMILY_LABELS, STAGE_LABELS, type DashboardFigures, type DashboardFilters } from '../../domain/dashboard.js';
import { showCount, SUPPRESSION_THRESHOLD, type Count } from '../../domain/disclosure.js';
import { LOT_LABELS, LOTS, NEED_CODES, NEED_LABELS } from '../../domain/reference-data.js';
import type { Dashboard, DashboardScope } from '../../services/regional/dashboard.js';
import { adaptiveCard, documentOfferElements, execute, facts, heading, notice, text, type AdaptiveCard, type CardElement, type CardNotice, type DocumentOffer } from './card.js';

/** Fee groups drawn in the chart (the largest); every group is listed in the text below it. */
const FEE_GROUPS_CHARTED = 10;

const pounds = (pence: number) => formatPounds(Math.round(pence / 100) * 100);
const chartNumber = (pence: number) => Math.round(pence / 100);

/**
 * A chart with the same numbers as text for the Teams clients that do not draw charts. Bar charts are
 * horizontal bars with each value written at its bar and no value axis: Teams divides a bar chart's axis
 * into equal parts of the largest value, so an axis would tick at 13.7, 27.3, … rather than round numbers.
 */
function chart(type: string, title: string, data: unknown[], fallbackLines: string[], extra: Record<string, unknown> = {}): CardElement {
  const noAxis = type === 'Chart.HorizontalBar' ? { displayMode: 'AbsoluteNoAxis' } : {};
  return { type, title, data, ...noAxis, ...extra, fallback: text(fallbackLines.join('\n'), { size: 'Small' }) };
}

function section(title: string): CardElement {
  return text(title, { weight: 'Bolder', spacing: 'Medium', separator: true });
}

function filterInputs(filters: DashboardFilters, today: string, errors: Record<string, string>): CardElement[] {
  const choice = (id: string, label: string, value: string, choices: Array<{ title: string; value: string }>): CardElement[] => [
    { type: 'Input.ChoiceSet', id, label, style: 'compact', value, choices },
    ...(errors[id] ? [text(errors[id]!, { color: 'Attention', size: 'Small', spacing: 'None' })] : []),
  ];
  return [
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: choice('period', 'Period', filters.period.key, periodOptions(today).map((p) => ({ title: p.label, value: p.key }))) },
        { type: 'Column', width: 'stretch', items: choice('lot', 'Lot', filters.lot ? String(filters.lot) : 'any', [{ title: 'All lots', value: 'any' }, ...LOTS.map((l) => ({ title: `${l} ${LOT_LABELS[l]}`, value: String(l) }))]) },
        { type: 'Column', width: 'stretch', items: choice('need', 'Primary need', filters.need ?? 'any', [{ title: 'All needs', value: 'any' }, ...NEED_CODES.map((n) => ({ title: `${n} ${NEED_LABELS[n]}`, value: n }))]) },
      ],
    },
  ];
}

/**
 * The council's own dashboard or the regional one: each measure as a chart with its numbers as text
 * (charts do not render on every Teams client), and filters whose answers the server checks again.
 */
export function dashboardCard(dashboard: Dashboard, options: { scope: DashboardScope; today: string; errors?: Record<string, string>; notice?: CardNotice; report?: DocumentOffer }): AdaptiveCard {
  const f: DashboardFigures = dashboard.figures;
  const n = (c: Count) => showCount(c, { rounded: f.protected });
  const shown = (c: Count): c is number => c !== null && c > 0;
  const regional = options.scope === 'regional';
  const body: CardElement[] = [
    ...heading(regional ? 'Regional dashboard: all councils' : `Dashboard: ${dashboard.councilName}`, describeFilters(dashboard.filters)),
  ];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  if (options.errors && Object.keys(options.errors).length) body.push(notice(Object.values(options.errors).join('\n\n')));
  if (f.protected) {
    body.push(text(`Aggregates only. Counts are rounded to the nearest 5 (≈), counts under ${SUPPRESSION_THRESHOLD} show as <${SUPPRESSION_THRESHOLD}, and figures for groups under ${SUPPRESSION_THRESHOLD} are not shown, so no child can be picked out.`, { size: 'Small', isSubtle: true }));
  } else {
    body.push(text("Your council's own figures, exact. For the region, Heads of Service and regional analysts type **regional dashboard**.", { size: 'Small', isSubtle: true }));
  }
  if (f.includesSynthetic) body.push(notice('Includes synthetic demo history (made by demo-history): not real placements.', 'warning'));
  body.push(...filterInputs(dashboard.filters, options.today, options.errors ?? {}), { type: 'ActionSet', actions: [execute('Apply filters', 'dashboard.filter', { scope: options.scope })] });
  // The report of what this card shows (same scope and filters), for printing for a committee.
  body.push(...documentOfferElements(options.report));

  body.push(
    facts([
      ['Requests submitted', n(f.requests)],
      ['Placements', n(f.placements)],
      ['Provider response', f.providerResponse.ratePct === null ? '–' : `${f.providerResponse.ratePct}% of ${n(f.providerResponse.referred)} referrals answered, median ${f.providerResponse.medianDays ?? '–'} days`],
      ['In area / out of area', `${n(f.area.inArea)} / ${n(f.area.outOfArea)}${f.area.areaNotSet ? ` (council area not set: ${n(f.area.areaNotSet)})` : ''}`],
      ['Offers declined', n(f.declines.total)],
    ]),
  );

  body.push(section('Placements by lot and need'));
  const lots = f.placementsByLot.filter((l) => shown(l.placements));
  if (lots.length) body.push(chart('Chart.HorizontalBar', 'Placements by lot', lots.map((l) => ({ x: `Lot ${l.lot}`, y: l.placements })), lots.map((l) => `Lot ${l.lot}: ${n(l.placements)}`)));
  const needs = f.placementsByNeed.filter((x) => shown(x.placements));
  if (needs.length) body.push(chart('Chart.HorizontalBar', 'Placements by primary need', needs.map((x) => ({ x: x.need, y: x.placements })), needs.map((x) => `${x.need}: ${n(x.placements)}`)));
  body.push(
    text(
      [
        `By lot: ${f.placementsByLot.map((l) => `${l.lot} ${LOT_LABELS[l.lot]} ${n(l.placements)}`).join('; ') || 'none yet'}`,
        `By need: ${f.placementsByNeed.map((x) => `${x.need} ${n(x.placements)}`).join('; ') || 'none yet'}`,
        ...(regional ? [`By council: ${f.placementsByCouncil.map((c) => `${c.council} ${n(c.placements)}`).join('; ') || 'none yet'}`] : []),
      ].join('\n\n'),
      { size: 'Small' },
    ),
  );

  body.push(section('Weekly fee by lot and need (median and quartiles)'));
  const priced = f.fees.filter((g) => g.weekly !== null);
  const charted = [...priced].sort((a, b) => (b.placements ?? 0) - (a.placements ?? 0)).slice(0, FEE_GROUPS_CHARTED).sort((a, b) => a.lot - b.lot || a.need.localeCompare(b.need));
  if (charted.length) {
    // The medians as bars (values at the bars, no fractional axis); the quartiles are in the lines below.
    body.push(
      chart(
        'Chart.HorizontalBar',
        `Median weekly fee (£), the ${charted.length} largest groups`,
        charted.map((g) => ({ x: `L${g.lot} ${g.need}`, y: chartNumber(g.weekly!.median) })),
        charted.map((g) => `Lot ${g.lot} ${g.need}: median ${pounds(g.weekly!.median)} (${pounds(g.weekly!.q1)}–${pounds(g.weekly!.q3)})`),
      ),
    );
  }
  body.push(
    text(
      f.fees
        .map((g) =>
          g.weekly
            ? `- Lot ${g.lot} ${g.need} (${n(g.placements)}): median ${pounds(g.weekly.median)}/wk, quartiles ${pounds(g.weekly.q1)}–${pounds(g.weekly.q3)}; annual median ${pounds(g.annual!.median)}`
            : `- Lot ${g.lot} ${g.need} (${n(g.placements)}): too few placements to show fees`,
        )
        .join('\n') || 'No awards yet.',
      { size: 'Small' },
    ),
  );

  body.push(section('Route chosen by the options appraisal'));
  const routes = f.routes.filter((r) => shown(r.requests));
  if (routes.length) body.push(chart('Chart.Donut', 'Placements by route', routes.map((r) => ({ legend: ROUTE_FAMILY_LABELS[r.family], value: r.requests })), routes.map((r) => `${ROUTE_FAMILY_LABELS[r.family]}: ${n(r.requests)}`)));
  body.push(facts(f.routes.map((r) => [ROUTE_FAMILY_LABELS[r.family], n(r.requests)])));

  body.push(section('How long it takes (median days from the request)'));
  const timed = f.timings.filter((t) => t.medianDays !== null);
  if (timed.length) body.push(chart('Chart.HorizontalBar', 'Median days from the request', timed.map((t) => ({ x: STAGE_LABELS[t.stage], y: t.medianDays })), timed.map((t) => `${STAGE_LABELS[t.stage]}: ${t.medianDays} days`)));
  body.push(facts(f.timings.map((t) => [STAGE_LABELS[t.stage], t.medianDays === null ? `– (${n(t.requests)} requests)` : `${t.medianDays} days (${n(t.requests)} requests)`])));

  body.push(section('Provider response'));
  const rated = f.providerResponse.providers.filter((p) => p.ratePct !== null);
  if (rated.length) body.push(chart('Chart.HorizontalBar', 'Share of referrals answered (%), providers with the most referrals', rated.map((p) => ({ x: p.providerName, y: p.ratePct })), rated.map((p) => `${p.providerName}: ${p.ratePct}%`)));
  body.push(
    text(
      f.providerResponse.providers.map((p) => `- ${p.providerName}: ${n(p.referred)} referrals, ${p.ratePct === null ? '–' : `${p.ratePct}%`} answered, median ${p.medianDays ?? '–'} days`).join('\n') || 'No referrals yet.',
      { size: 'Small' },
    ),
  );

  body.push(section("In area and out of area (provider's local authority against the council's area)"));
  const area = [
    ['In area', f.area.inArea],
    ['Out of area', f.area.outOfArea],
    ...(f.area.areaNotSet ? [['Council area not set', f.area.areaNotSet] as const] : []),
  ] as Array<readonly [string, Count]>;
  const areaShown = area.filter(([, c]) => shown(c));
  if (areaShown.length) body.push(chart('Chart.Pie', 'FPS placements by area', areaShown.map(([legend, value]) => ({ legend, value })), areaShown.map(([l, v]) => `${l}: ${n(v)}`)));
  body.push(facts(area.map(([l, v]) => [l, n(v)])));

  body.push(section('Declines and their reasons'));
  const reasons = f.declines.byReason.filter((d) => shown(d.offers));
  if (reasons.length) body.push(chart('Chart.HorizontalBar', 'Offers declined, by reason', reasons.map((d) => ({ x: d.label, y: d.offers })), reasons.map((d) => `${d.label}: ${n(d.offers)}`)));
  body.push(facts(f.declines.byReason.map((d) => [d.label, n(d.offers)])));
  return adaptiveCard(body);
}
