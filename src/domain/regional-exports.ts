import { daysBetween } from './calendar-date.js';
import { isPlacement, STAGES, STAGE_LABELS, type DashboardInput } from './dashboard.js';
import { protectedCount, publishable } from './disclosure.js';
import type { ExportKind, ExportRow } from './export-columns.js';
import { localAuthority, laCodeForAuthorityName } from './local-authorities.js';
import { NEED_CODES } from './reference-data.js';
import { median, medianOfHistogram, quartiles } from './statistics.js';

/**
 * The regional exports: the aggregates behind the regional dashboard, one row per group, protected
 * the same way (counts rounded to 5, counts under 5 blank and flagged suppressed, statistics of groups
 * under 5 blank). Money is in pounds.
 */

const pounds = (pence: number | undefined) => (pence === undefined ? null : Math.round(pence) / 100);

function protectedCells(n: number, key: string): ExportRow {
  const value = protectedCount(n);
  return { [key]: value, suppressed: value === null };
}

export function regionalExportRows(kind: ExportKind, input: DashboardInput, providerHosts: ReadonlyMap<string, string>): ExportRow[] {
  switch (kind) {
    case 'placements': {
      const groups = new Map<string, { councilId: number; lot: number | null; need: string | null; n: number }>();
      for (const f of input.requests.filter(isPlacement)) {
        const key = `${f.councilId}|${f.lot}|${f.need}`;
        const g = groups.get(key) ?? { councilId: f.councilId, lot: f.lot, need: f.need, n: 0 };
        g.n++;
        groups.set(key, g);
      }
      return [...groups.values()]
        .map((g) => {
          const council = input.councils.get(g.councilId);
          return { council: council?.name ?? '', la_codes: (council?.areaCodes ?? []).join(';'), lot: g.lot, primary_need: g.need, ...protectedCells(g.n, 'placements') };
        })
        .sort((a, b) => String(a.council).localeCompare(String(b.council)) || Number(a.lot) - Number(b.lot) || NEED_CODES.indexOf(a.primary_need as never) - NEED_CODES.indexOf(b.primary_need as never));
    }
    case 'offers': {
      const groups = new Map<string, { lot: number; need: string; weekly: number[]; annual: number[] }>();
      for (const f of input.requests) {
        if (!f.award || f.lot === null || f.need === null) continue;
        const key = `${f.lot}|${f.need}`;
        const g = groups.get(key) ?? { lot: f.lot, need: f.need, weekly: [], annual: [] };
        g.weekly.push(f.award.weeklyFeePence);
        g.annual.push(f.award.annualValuePence);
        groups.set(key, g);
      }
      return [...groups.values()]
        .sort((a, b) => a.lot - b.lot || NEED_CODES.indexOf(a.need as never) - NEED_CODES.indexOf(b.need as never))
        .map((g) => {
          const shown = publishable(g.weekly.length);
          const w = shown ? quartiles(g.weekly)! : undefined;
          const a = shown ? quartiles(g.annual)! : undefined;
          return {
            lot: g.lot,
            primary_need: g.need,
            ...protectedCells(g.weekly.length, 'placements'),
            weekly_fee_lower_quartile: pounds(w?.q1),
            weekly_fee_median: pounds(w?.median),
            weekly_fee_upper_quartile: pounds(w?.q3),
            annual_cost_lower_quartile: pounds(a?.q1),
            annual_cost_median: pounds(a?.median),
            annual_cost_upper_quartile: pounds(a?.q3),
          };
        });
    }
    case 'timings': {
      const rows: ExportRow[] = [];
      const lots = [...new Set(input.requests.map((f) => f.lot).filter((l): l is NonNullable<typeof l> => l !== null))].sort((a, b) => a - b);
      for (const lot of lots) {
        const ofLot = input.requests.filter((f) => f.lot === lot);
        for (const stage of STAGES) {
          const days = ofLot
            .map((f) => {
              const to = stage === 'referral' ? f.referralsSentOn : stage === 'first_offer' ? f.firstOfferOn : stage === 'award' ? (f.award?.awardedOn ?? null) : (f.award?.startDate ?? null);
              return to ? daysBetween(f.submittedOn, to) : null;
            })
            .filter((d): d is number => d !== null);
          rows.push({ lot, stage: STAGE_LABELS[stage], ...protectedCells(days.length, 'requests'), median_days: publishable(days.length) ? median(days) : null });
        }
      }
      return rows;
    }
    case 'responses':
      return [...input.providerResponses]
        .sort((a, b) => a.providerId.localeCompare(b.providerId))
        .map((p) => {
          const code = laCodeForAuthorityName(providerHosts.get(p.providerId));
          return {
            provider_id: p.providerId,
            provider_name: p.providerName,
            host_la_code: code && localAuthority(code) ? code : null,
            ...protectedCells(p.referred, 'requests_referred'),
            answered_percent: publishable(p.referred) ? Math.round((p.answered / p.referred) * 100) : null,
            median_days_to_answer: publishable(p.answered) ? medianOfHistogram(p.daysToAnswer) : null,
          };
        });
  }
}
