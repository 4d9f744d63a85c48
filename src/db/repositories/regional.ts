import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { awards } from '../schema/awards.js';
import { councils } from '../schema/councils.js';
import { offers, providerReplies } from '../schema/inbound.js';
import { placementRequests } from '../schema/placement-requests.js';
import { providers } from '../schema/providers.js';
import { referrals, shortlists } from '../schema/referrals.js';

export interface RegionalRequestRow {
  requestId: number;
  councilId: number;
  councilName: string;
  lot: number | null;
  primaryNeed: string | null;
  chosenRoute: string | null;
  submittedAt: string | null;
  referralsSentAt: string | null;
  firstOfferAt: string | null;
  award: { createdAt: string; weeklyFeePence: number; annualValuePence: number; startDate: string; providerHostAuthority: string | null } | null;
  referrals: Array<{ providerId: string; sentAt: string | null; respondedAt: string | null }>;
  declines: number;
}

/**
 * The facts regional figures are made of, across every council. This is the one read that is not
 * council-scoped, by design: it feeds aggregates only (with small numbers suppressed), never a screen
 * that shows a request.
 */
export function loadRegionalRequestFacts(db: DbOrTx): RegionalRequestRow[] {
  const rows = db
    .select({ request: placementRequests, councilName: councils.name })
    .from(placementRequests)
    .innerJoin(councils, eq(councils.id, placementRequests.councilId))
    .where(notInArray(placementRequests.status, ['draft', 'cancelled']))
    .all();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.request.id);
  const sent = new Map(db.select({ requestId: shortlists.requestId, sentAt: shortlists.sentAt }).from(shortlists).where(inArray(shortlists.requestId, ids)).all().map((s) => [s.requestId, s.sentAt]));
  const firstOffer = new Map<number, string>();
  for (const r of db.select({ requestId: providerReplies.requestId, at: providerReplies.createdAt }).from(providerReplies).where(and(inArray(providerReplies.requestId, ids), eq(providerReplies.kind, 'offer'))).all()) {
    const known = firstOffer.get(r.requestId);
    if (!known || r.at < known) firstOffer.set(r.requestId, r.at);
  }
  const awarded = new Map(
    db
      .select({ award: awards, hostAuthority: providers.hostAuthority })
      .from(awards)
      .leftJoin(providers, eq(providers.id, awards.providerId))
      .where(inArray(awards.requestId, ids))
      .all()
      .map((a) => [a.award.requestId, a]),
  );
  const referred = new Map<number, RegionalRequestRow['referrals']>();
  for (const r of db.select({ requestId: referrals.requestId, providerId: referrals.providerId, sentAt: referrals.sentAt, respondedAt: referrals.respondedAt }).from(referrals).where(inArray(referrals.requestId, ids)).all()) {
    referred.set(r.requestId, [...(referred.get(r.requestId) ?? []), { providerId: r.providerId, sentAt: r.sentAt, respondedAt: r.respondedAt }]);
  }
  const declines = new Map<number, number>();
  for (const o of db.select({ requestId: offers.requestId }).from(offers).where(and(inArray(offers.requestId, ids), eq(offers.canMeetNeeds, false))).all()) {
    declines.set(o.requestId, (declines.get(o.requestId) ?? 0) + 1);
  }
  return rows.map(({ request, councilName }) => {
    const a = awarded.get(request.id);
    return {
      requestId: request.id,
      councilId: request.councilId,
      councilName,
      lot: request.lot,
      primaryNeed: request.primaryNeed,
      chosenRoute: request.chosenRoute,
      submittedAt: request.submittedAt,
      referralsSentAt: sent.get(request.id) ?? null,
      firstOfferAt: firstOffer.get(request.id) ?? null,
      award: a
        ? { createdAt: a.award.createdAt, weeklyFeePence: a.award.weeklyFeePence, annualValuePence: a.award.annualValuePence, startDate: a.award.startDate, providerHostAuthority: a.hostAuthority }
        : null,
      referrals: referred.get(request.id) ?? [],
      declines: declines.get(request.id) ?? 0,
    };
  });
}
