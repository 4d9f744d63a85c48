import { formatPounds } from '../../domain/money.js';
import { formatUkDate, type CalendarDate } from '../../domain/calendar-date.js';
import { LOT_LABELS } from '../../domain/reference-data.js';
import { SMALL_NUMBER_THRESHOLD, type Count, type RegionalFigures } from '../../domain/regional.js';
import { md, adaptiveCard, facts, heading, text, type AdaptiveCard, type CardElement } from './card.js';

const shown = (n: Count) => (n === null ? `<${SMALL_NUMBER_THRESHOLD}` : String(n));

const ROUTE_NAMES: Record<string, string> = {
  mainstream: 'Mainstream with support',
  resourced_provision: 'Resourced provision',
  maintained_special: 'Maintained special',
  fps_call_off: 'FPS call-off',
  spot_purchase: 'Spot purchase',
  other: 'Other',
};

/** Regional figures for people who compare them: bar charts with the same numbers as text beside them. */
export function regionalCard(figures: RegionalFigures, generatedOn: CalendarDate): AdaptiveCard {
  const body: CardElement[] = [
    ...heading('Regional placement data', md`All councils · ${formatUkDate(generatedOn)} · aggregates only; groups of fewer than ${SMALL_NUMBER_THRESHOLD} are not shown`),
    facts([
      ['Requests submitted', String(figures.requests)],
      ['Placements awarded', String(figures.placements)],
      ['Provider response rate', figures.providerResponse.rate === null ? '–' : `${figures.providerResponse.rate}% (${figures.providerResponse.replied} of ${figures.providerResponse.referred} referrals answered)`],
      ['Median days for a provider to answer', figures.providerResponse.medianDays === null ? '–' : String(figures.providerResponse.medianDays)],
      ['In-area / out-of-area placements', `${shown(figures.inArea)} / ${shown(figures.outOfArea)}`],
      ['Offers that could not meet needs', String(figures.declines)],
    ]),
  ];
  const lots = figures.placementsByLot.filter((l) => l.placements !== null);
  if (lots.length) {
    body.push({
      type: 'Chart.VerticalBar',
      title: 'Placements by lot',
      data: lots.map((l) => ({ x: `Lot ${l.lot}`, y: l.placements })),
      fallback: text(lots.map((l) => `Lot ${l.lot}: ${l.placements}`).join('\n')),
    });
  }
  body.push(text(md`By lot: ${figures.placementsByLot.map((l) => `lot ${l.lot} (${LOT_LABELS[l.lot]}) ${shown(l.placements)}`).join('; ') || 'none yet'}`, { size: 'Small', isSubtle: true }));
  const fees = figures.fees.filter((f) => f.medianAnnualPence !== null);
  if (fees.length) {
    body.push({
      type: 'Chart.HorizontalBar',
      title: 'Median annual cost by lot and need (£)',
      data: fees.map((f) => ({ x: `Lot ${f.lot} ${f.need}`, y: Math.round(f.medianAnnualPence! / 100) })),
      fallback: text(fees.map((f) => `Lot ${f.lot} ${f.need}: ${formatPounds(f.medianAnnualPence!)}`).join('\n')),
    });
  }
  body.push(
    text('Fees by lot and need', { weight: 'Bolder', spacing: 'Medium' }),
    text(
      figures.fees
        .map((f) =>
          f.medianWeeklyPence === null
            ? `- Lot ${f.lot} ${f.need}: ${shown(f.placements)} placements (figures not shown)`
            : `- Lot ${f.lot} ${f.need}: ${f.placements} placements; weekly fee mean ${formatPounds(f.meanWeeklyPence!)}, median ${formatPounds(f.medianWeeklyPence)}; annual mean ${formatPounds(f.meanAnnualPence!)}, median ${formatPounds(f.medianAnnualPence!)}`,
        )
        .join('\n') || 'No placements yet.',
      { size: 'Small' },
    ),
    text('How long it takes (median days from the request)', { weight: 'Bolder', spacing: 'Medium' }),
    facts(figures.timings.map((t) => [t.label, t.medianDays === null ? '–' : `${t.medianDays} days (${t.requests} request${t.requests === 1 ? '' : 's'})`])),
    text('Routes chosen by options appraisals', { weight: 'Bolder', spacing: 'Medium' }),
    facts(figures.routes.map((r) => [ROUTE_NAMES[r.route] ?? r.route, shown(r.requests)])),
    text('Placements by council', { weight: 'Bolder', spacing: 'Medium' }),
    facts(figures.placementsByCouncil.map((c) => [c.council, shown(c.placements)])),
  );
  return adaptiveCard(body);
}
