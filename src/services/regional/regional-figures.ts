import { loadRegionalRequestFacts, type RegionalRequestRow } from '../../db/repositories/regional.js';
import { daysBetween } from '../../domain/calendar-date.js';
import type { Lot, NeedCode } from '../../domain/reference-data.js';
import { computeRegionalFigures, type RegionalFigures, type RequestFacts } from '../../domain/regional.js';
import type { ServiceDeps } from '../deps.js';

const dateOf = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

/** "Northshire Borough Council (demo)" and a provider's host authority "Northshire" name the same place. */
function sameArea(councilName: string, hostAuthority: string | null): boolean {
  if (!hostAuthority) return false;
  const core = (s: string) => s.toLowerCase().replace(/\(.*?\)/g, '').replace(/\b(metropolitan|borough|city|county|council|of)\b/g, '').replace(/\s+/g, ' ').trim();
  return core(councilName) === core(hostAuthority);
}

function factsOf(row: RegionalRequestRow): RequestFacts {
  const byProvider = new Map<string, { sentAt: string | null; respondedAt: string | null }>();
  for (const r of row.referrals) {
    const known = byProvider.get(r.providerId);
    byProvider.set(r.providerId, {
      sentAt: [known?.sentAt, r.sentAt].filter((v): v is string => !!v).sort()[0] ?? null,
      respondedAt: [known?.respondedAt, r.respondedAt].filter((v): v is string => !!v).sort()[0] ?? null,
    });
  }
  const answered = [...byProvider.values()].filter((p) => p.respondedAt);
  return {
    council: row.councilName,
    lot: row.lot as Lot | null,
    need: row.primaryNeed as NeedCode | null,
    route: row.chosenRoute,
    submittedOn: dateOf(row.submittedAt),
    referralsSentOn: dateOf(row.referralsSentAt),
    firstOfferOn: dateOf(row.firstOfferAt),
    awardedOn: dateOf(row.award?.createdAt ?? null),
    award: row.award
      ? { weeklyFeePence: row.award.weeklyFeePence, annualValuePence: row.award.annualValuePence, startDate: row.award.startDate, inArea: sameArea(row.councilName, row.award.providerHostAuthority) }
      : null,
    providersReferred: byProvider.size,
    providersReplied: answered.length,
    responseDays: answered.filter((p) => p.sentAt).map((p) => daysBetween(dateOf(p.sentAt)!, dateOf(p.respondedAt)!)),
    declines: row.declines,
  };
}

/** Regional figures across all councils: aggregates only, small numbers suppressed. */
export function regionalFigures(deps: ServiceDeps): RegionalFigures {
  return computeRegionalFigures(loadRegionalRequestFacts(deps.db).map(factsOf));
}
