import type { Db } from '../client.js';
import type { RequestFilter } from './regional.js';

/**
 * Row-level reads for a council's own exports, streamed (`iterate`) so a large export never sits in
 * memory. Every query is scoped to the one council.
 */

type CouncilFilter = RequestFilter & { councilId: number };

function where(f: CouncilFilter): { sql: string; params: unknown[] } {
  const parts = ["pr.council_id = ?", "pr.status NOT IN ('draft', 'cancelled')", 'pr.submitted_at IS NOT NULL', 'pr.submitted_at < ?'];
  const to = new Date(`${f.to}T00:00:00Z`);
  to.setUTCDate(to.getUTCDate() + 1);
  const params: unknown[] = [f.councilId, to.toISOString().slice(0, 10)];
  if (f.from !== null) (parts.push('pr.submitted_at >= ?'), params.push(f.from));
  if (f.lot !== null) (parts.push('pr.lot = ?'), params.push(f.lot));
  if (f.need !== null) (parts.push('pr.primary_need = ?'), params.push(f.need));
  return { sql: parts.join(' AND '), params };
}

export interface PlacementExportRow {
  reference: string;
  draft: string;
  synthetic: number;
  status: string;
  route: string | null;
  lot: number | null;
  need: string | null;
  requiredStartDate: string | null;
  closedAt: string | null;
  annualCostPence: number | null;
  providerId: string | null;
  providerName: string | null;
  ofstedUrn: string | null;
  providerType: string | null;
  hostAuthority: string | null;
  weeksPerYear: number | null;
  startDate: string | null;
  endDate: string | null;
  weeklyFeePence: number | null;
  addOnsWeeklyPence: number | null;
  annualValuePence: number | null;
  awardedAt: string | null;
}

const PLACED = "(a.id IS NOT NULL OR (pr.status = 'closed' AND pr.chosen_route IS NOT NULL AND pr.chosen_route <> 'fps_call_off'))";

export function countPlacementRows(db: Db, f: CouncilFilter): number {
  const w = where(f);
  return db.$client.prepare(`SELECT count(*) FROM placement_requests pr LEFT JOIN awards a ON a.request_id = pr.id WHERE ${w.sql} AND ${PLACED}`).pluck().get(...w.params) as number;
}

export function iteratePlacementRows(db: Db, f: CouncilFilter): IterableIterator<PlacementExportRow> {
  const w = where(f);
  return db.$client
    .prepare(
      `SELECT pr.reference, pr.draft, pr.synthetic, pr.status, pr.chosen_route AS route, pr.lot, pr.primary_need AS need, pr.required_start_date AS requiredStartDate,
              pr.closed_at AS closedAt, pr.annual_cost_pence AS annualCostPence,
              a.provider_id AS providerId, p.name AS providerName, p.ofsted_urn AS ofstedUrn, p.provider_type AS providerType, p.host_authority AS hostAuthority,
              a.weeks_per_year AS weeksPerYear, a.start_date AS startDate, a.end_date AS endDate, a.weekly_fee_pence AS weeklyFeePence,
              a.add_ons_weekly_pence AS addOnsWeeklyPence, a.annual_value_pence AS annualValuePence, a.created_at AS awardedAt
         FROM placement_requests pr
         LEFT JOIN awards a ON a.request_id = pr.id
         LEFT JOIN providers p ON p.id = a.provider_id
        WHERE ${w.sql} AND ${PLACED}
        ORDER BY pr.submitted_at, pr.id`,
    )
    .iterate(...w.params) as IterableIterator<PlacementExportRow>;
}

export interface OfferExportRow {
  reference: string;
  synthetic: number;
  lot: number | null;
  need: string | null;
  providerId: string;
  providerName: string;
  canMeetNeeds: number;
  weeklyFeePence: number;
  weeksPerYear: number;
  addOnsWeeklyPence: number;
  startDate: string | null;
  confirmedAt: string;
  qualityMark: number | null;
  replyText: string;
  conditions: string | null;
  awarded: number;
}

export function countOfferRows(db: Db, f: CouncilFilter): number {
  const w = where(f);
  return db.$client.prepare(`SELECT count(*) FROM offers o JOIN placement_requests pr ON pr.id = o.request_id WHERE ${w.sql} AND o.withdrawn = 0 AND o.superseded_at IS NULL`).pluck().get(...w.params) as number;
}

export function iterateOfferRows(db: Db, f: CouncilFilter): IterableIterator<OfferExportRow> {
  const w = where(f);
  return db.$client
    .prepare(
      `SELECT pr.reference, pr.synthetic, pr.lot, pr.primary_need AS need, o.provider_id AS providerId, p.name AS providerName, o.can_meet_needs AS canMeetNeeds,
              o.weekly_fee_pence AS weeklyFeePence, o.weeks_per_year AS weeksPerYear, o.add_ons_weekly_pence AS addOnsWeeklyPence, o.start_date AS startDate,
              o.confirmed_at AS confirmedAt, o.quality_mark AS qualityMark, rp.reply_text AS replyText, o.conditions,
              EXISTS (SELECT 1 FROM awards a WHERE a.request_id = o.request_id AND a.provider_id = o.provider_id) AS awarded
         FROM offers o
         JOIN placement_requests pr ON pr.id = o.request_id
         JOIN providers p ON p.id = o.provider_id
         JOIN provider_replies rp ON rp.id = o.reply_id
        WHERE ${w.sql} AND o.withdrawn = 0 AND o.superseded_at IS NULL
        ORDER BY pr.submitted_at, pr.id, o.id`,
    )
    .iterate(...w.params) as IterableIterator<OfferExportRow>;
}

export interface TimingExportRow {
  reference: string;
  synthetic: number;
  lot: number | null;
  need: string | null;
  route: string | null;
  submittedAt: string;
  referralsSentAt: string | null;
  firstOfferAt: string | null;
  awardedAt: string | null;
  startDate: string | null;
}

export function countTimingRows(db: Db, f: CouncilFilter): number {
  const w = where(f);
  return db.$client.prepare(`SELECT count(*) FROM placement_requests pr WHERE ${w.sql}`).pluck().get(...w.params) as number;
}

export function iterateTimingRows(db: Db, f: CouncilFilter): IterableIterator<TimingExportRow> {
  const w = where(f);
  return db.$client
    .prepare(
      `SELECT pr.reference, pr.synthetic, pr.lot, pr.primary_need AS need, pr.chosen_route AS route, pr.submitted_at AS submittedAt, s.sent_at AS referralsSentAt,
              (SELECT min(r.created_at) FROM provider_replies r WHERE r.request_id = pr.id AND r.kind = 'offer') AS firstOfferAt,
              a.created_at AS awardedAt, a.start_date AS startDate
         FROM placement_requests pr
         LEFT JOIN shortlists s ON s.request_id = pr.id
         LEFT JOIN awards a ON a.request_id = pr.id
        WHERE ${w.sql}
        ORDER BY pr.submitted_at, pr.id`,
    )
    .iterate(...w.params) as IterableIterator<TimingExportRow>;
}

export interface ResponseExportRow {
  reference: string;
  synthetic: number;
  providerId: string;
  providerName: string;
  sentAt: string | null;
  respondedAt: string | null;
  answer: string | null;
}

export function countResponseRows(db: Db, f: CouncilFilter): number {
  const w = where(f);
  return db.$client
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM referrals r JOIN placement_requests pr ON pr.id = r.request_id WHERE ${w.sql} GROUP BY r.request_id, r.provider_id)`)
    .pluck()
    .get(...w.params) as number;
}

/** One row per provider and request (several contacts of one provider count once). */
export function iterateResponseRows(db: Db, f: CouncilFilter): IterableIterator<ResponseExportRow> {
  const w = where(f);
  return db.$client
    .prepare(
      `SELECT pr.reference, pr.synthetic, r.provider_id AS providerId, p.name AS providerName, min(r.sent_at) AS sentAt, min(r.responded_at) AS respondedAt,
              (SELECT rp.kind FROM provider_replies rp WHERE rp.request_id = r.request_id AND rp.provider_id = r.provider_id AND rp.kind NOT IN ('auto-reply', 'bounce') ORDER BY rp.created_at LIMIT 1) AS answer
         FROM referrals r
         JOIN placement_requests pr ON pr.id = r.request_id
         JOIN providers p ON p.id = r.provider_id
        WHERE ${w.sql}
        GROUP BY r.request_id, r.provider_id
        ORDER BY pr.submitted_at, pr.id, r.provider_id`,
    )
    .iterate(...w.params) as IterableIterator<ResponseExportRow>;
}
