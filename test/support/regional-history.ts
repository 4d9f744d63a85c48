import type { Db } from '../../src/db/client.js';
import { providers as providersTable } from '../../src/db/schema/providers.js';
import { createHistoryWriter } from '../../src/db/repositories/synthetic-history.js';
import { addDays } from '../../src/domain/calendar-date.js';
import type { DeclineReason } from '../../src/domain/decline-reasons.js';
import type { Lot, NeedCode } from '../../src/domain/reference-data.js';
import type { SyntheticProvider, SyntheticRequest } from '../../src/domain/synthetic-history.js';

/** A provider for earlier placements, hosted in the named authority. */
export function historyProvider(id: string, hostAuthority: string, name = `${id} School`): SyntheticProvider {
  return {
    id, name, providerType: 'INMSS', lots: [1, 2, 3], needs: ['ASD', 'SEMH'], ageFrom: 5, ageTo: 18, postcode: 'PR1 1AA', hostAuthority,
    ofstedUrn: '900001', ofstedGrade: 'Good', inspectionDate: '2025-01-01', priceLevel: 1, answerRate: 1, contactEmail: `admissions@${id.toLowerCase()}.example.org`,
  };
}

export interface EarlierPlacement {
  lot: Lot;
  need: NeedCode;
  weeklyPounds: number;
  weeks?: number;
  awardedOn: string;
  /** Index into the providers given; default 0. */
  provider?: number;
  /** Providers that declined, with their reasons. */
  declines?: DeclineReason[];
}

/**
 * Earlier placements of an existing council, with figures chosen by the test (for hand-computed
 * benchmarks and dashboards), written the way demo-history writes them (the rows are flagged synthetic).
 */
export async function seedEarlierPlacements(db: Db, councilCode: string, placements: EarlierPlacement[], providers: SyntheticProvider[] = [historyProvider('HIST-1', 'Lancashire')]): Promise<void> {
  const writer = createHistoryWriter(db, providers);
  const known = new Set((await db.select({ id: providersTable.id }).from(providersTable)).map((p) => p.id));
  await writer.batch(async () => {
    for (const p of providers) if (!known.has(p.id)) await writer.provider(p);
    await writer.council({ code: councilCode, name: councilCode, areaCodes: [], existing: true, weight: 1 });
    for (const p of placements) {
      const submittedOn = addDays(p.awardedOn, -40);
      const sentOn = addDays(submittedOn, 10);
      const answeredOn = addDays(sentOn, 5);
      const weeks = p.weeks ?? 38;
      const request: SyntheticRequest = {
        councilIndex: 0, lot: p.lot, need: p.need, sex: 'male', ageAtStart: 10, homeDistrict: 'PR1', initials: 'AB', submittedOn, requiredStartDate: addDays(p.awardedOn, 30),
        route: 'fps_call_off', routeAnnualCostPence: p.weeklyPounds * 100 * weeks, appraisedOn: addDays(submittedOn, 3),
        callOff: {
          sentOn, closedOn: addDays(sentOn, 14), awarded: 0, awardedOn: p.awardedOn, startDate: addDays(p.awardedOn, 30),
          referrals: [
            { providerIndex: p.provider ?? 0, sentOn, answeredOn, outcome: { kind: 'offer', weeklyFeePence: p.weeklyPounds * 100, weeksPerYear: weeks, addOnsWeeklyPence: 0, startDate: addDays(p.awardedOn, 30), qualityMark: 70 } },
            ...(p.declines ?? []).map((reason, i) => ({ providerIndex: (i + 1) % providers.length, sentOn, answeredOn, outcome: { kind: 'decline' as const, reason } })),
          ],
        },
      };
      await writer.request(request);
    }
  });
}
