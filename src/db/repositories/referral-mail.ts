import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { councils, staff } from '../schema/councils.js';
import { placementRequests } from '../schema/placement-requests.js';
import { providers } from '../schema/providers.js';
import { referrals, shortlists } from '../schema/referrals.js';
import type { PlacementRequestRow } from './placement-requests.js';
import type { ReferralRow, ShortlistRow } from './referrals.js';

/** What an e-mail about a referral is rendered from: the referral, its request and shortlist, and the names it shows. */
export interface ReferralMailRecords {
  referral: ReferralRow;
  request: PlacementRequestRow;
  shortlist: ShortlistRow;
  providerName: string;
  councilName: string;
  /** The officer who sent the shortlist, when known. */
  officer: { name: string; email: string } | undefined;
}

/**
 * The records of several referral e-mails in six queries, whatever their number (the outbox renders a
 * claimed batch of e-mails from one call instead of ten queries for each). Keyed by referral id; a referral
 * is only found within the council that asks for it, and one whose request or shortlist is missing is left out.
 */
export async function loadReferralMailRecords(db: DbOrTx, wanted: ReadonlyArray<{ councilId: number; referralId: number }>): Promise<Map<number, ReferralMailRecords>> {
  const found = new Map<number, ReferralMailRecords>();
  if (!wanted.length) return found;
  const councilOf = new Map(wanted.map((w) => [w.referralId, w.councilId]));
  const referralRows = (await db.select().from(referrals).where(inArray(referrals.id, [...councilOf.keys()]))).filter((r) => councilOf.get(r.id) === r.councilId);
  if (!referralRows.length) return found;
  const unique = <T>(values: T[]) => [...new Set(values)];
  const requestIds = unique(referralRows.map((r) => r.requestId));
  const shortlistIds = unique(referralRows.map((r) => r.shortlistId));
  const requestsById = new Map((await db.select().from(placementRequests).where(inArray(placementRequests.id, requestIds))).map((r) => [r.id, r]));
  const shortlistsById = new Map((await db.select().from(shortlists).where(inArray(shortlists.id, shortlistIds))).map((s) => [s.id, s]));
  const providerNames = new Map(
    (await db.select({ id: providers.id, name: providers.name }).from(providers).where(inArray(providers.id, unique(referralRows.map((r) => r.providerId))))).map((p) => [p.id, p.name]),
  );
  const councilNames = new Map((await db.select({ id: councils.id, name: councils.name }).from(councils).where(inArray(councils.id, unique(referralRows.map((r) => r.councilId))))).map((c) => [c.id, c.name]));
  const officerIds = unique([...shortlistsById.values()].map((s) => s.sentByStaffId).filter((id): id is number => id !== null));
  const officers = new Map(
    officerIds.length ? (await db.select({ id: staff.id, name: staff.name, email: staff.email }).from(staff).where(inArray(staff.id, officerIds))).map((s) => [s.id, { name: s.name, email: s.email }]) : [],
  );
  for (const referral of referralRows) {
    const request = requestsById.get(referral.requestId);
    const shortlist = shortlistsById.get(referral.shortlistId);
    const providerName = providerNames.get(referral.providerId);
    if (!request || !shortlist || providerName === undefined || request.councilId !== referral.councilId || shortlist.councilId !== referral.councilId) continue;
    found.set(referral.id, {
      referral,
      request,
      shortlist,
      providerName,
      councilName: councilNames.get(referral.councilId) ?? '',
      officer: shortlist.sentByStaffId !== null ? officers.get(shortlist.sentByStaffId) : undefined,
    });
  }
  return found;
}
