import type { Db } from '../client.js';
import { rawFirst, rawIterate } from '../raw-sql.js';
import type { RequestFilter } from './regional.js';

/**
 * Row-level reads for a council's own exports, streamed (a cursor on PostgreSQL) so a large export never sits in
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

export async function countPlacementRows(db: Db, f: CouncilFilter): Promise<number> {
  const w = where(f);
  return (await rawFirst<{ n: number }>(db, `SELECT CAST(count(*) AS INTEGER) AS n FROM placement_requests pr LEFT JOIN awards a ON a.request_id = pr.id WHERE ${w.sql} AND ${PLACED}`, w.params))?.n ?? 0;
}

export function iteratePlacementRows(db: Db, f: CouncilFilter): AsyncGenerator<PlacementExportRow> {
  const w = where(f);
  return rawIterate<PlacementExportRow>(
    db,
    `SELECT pr.reference, pr.draft, CASE WHEN pr.synthetic THEN 1 ELSE 0 END AS synthetic, pr.status, pr.chosen_route AS route, pr.lot, pr.primary_need AS need, pr.required_start_date AS "requiredStartDate",
              pr.closed_at AS "closedAt", pr.annual_cost_pence AS "annualCostPence",
              a.provider_id AS "providerId", p.name AS "providerName", p.ofsted_urn AS "ofstedUrn", p.provider_type AS "providerType", p.host_authority AS "hostAuthority",
              a.weeks_per_year AS "weeksPerYear", a.start_date AS "startDate", a.end_date AS "endDate", a.weekly_fee_pence AS "weeklyFeePence",
              a.add_ons_weekly_pence AS "addOnsWeeklyPence", a.annual_value_pence AS "annualValuePence", a.created_at AS "awardedAt"
         FROM placement_requests pr
         LEFT JOIN awards a ON a.request_id = pr.id
         LEFT JOIN providers p ON p.id = a.provider_id
        WHERE ${w.sql} AND ${PLACED}
        ORDER BY pr.submitted_at, pr.id`,
    w.params,
  );
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

export async function countOfferRows(db: Db, f: CouncilFilter): Promise<number> {
  const w = where(f);
  return (await rawFirst<{ n: number }>(db, `SELECT CAST(count(*) AS INTEGER) AS n FROM offers o JOIN placement_requests pr ON pr.id = o.request_id WHERE ${w.sql} AND NOT o.withdrawn AND o.superseded_at IS NULL`, w.params))?.n ?? 0;
}

export function iterateOfferRows(db: Db, f: CouncilFilter): AsyncGenerator<OfferExportRow> {
  const w = where(f);
  return rawIterate<OfferExportRow>(
    db,
    `SELECT pr.reference, CASE WHEN pr.synthetic THEN 1 ELSE 0 END AS synthetic, pr.lot, pr.primary_need AS need, o.provider_id AS "providerId", p.name AS "providerName", CASE WHEN o.can_meet_needs THEN 1 ELSE 0 END AS "canMeetNeeds",
              o.weekly_fee_pence AS "weeklyFeePence", o.weeks_per_year AS "weeksPerYear", o.add_ons_weekly_pence AS "addOnsWeeklyPence", o.start_date AS "startDate",
              o.confirmed_at AS "confirmedAt", o.quality_mark AS "qualityMark", rp.reply_text AS "replyText", o.conditions,
              CASE WHEN EXISTS (SELECT 1 FROM awards a WHERE a.request_id = o.request_id AND a.provider_id = o.provider_id) THEN 1 ELSE 0 END AS awarded
         FROM offers o
         JOIN placement_requests pr ON pr.id = o.request_id
         JOIN providers p ON p.id = o.provider_id
         JOIN provider_replies rp ON rp.id = o.reply_id
        WHERE ${w.sql} AND NOT o.withdrawn AND o.superseded_at IS NULL
        ORDER BY pr.submitted_at, pr.id, o.id`,
    w.params,
  );
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

export async function countTimingRows(db: Db, f: CouncilFilter): Promise<number> {
  const w = where(f);
  return (await rawFirst<{ n: number }>(db, `SELECT CAST(count(*) AS INTEGER) AS n FROM placement_requests pr WHERE ${w.sql}`, w.params))?.n ?? 0;
}

export function iterateTimingRows(db: Db, f: CouncilFilter): AsyncGenerator<TimingExportRow> {
  const w = where(f);
  return rawIterate<TimingExportRow>(
    db,
    `SELECT pr.reference, CASE WHEN pr.synthetic THEN 1 ELSE 0 END AS synthetic, pr.lot, pr.primary_need AS need, pr.chosen_route AS route, pr.submitted_at AS "submittedAt", s.sent_at AS "referralsSentAt",
              (SELECT min(r.created_at) FROM provider_replies r WHERE r.request_id = pr.id AND r.kind = 'offer') AS "firstOfferAt",
              a.created_at AS "awardedAt", a.start_date AS "startDate"
         FROM placement_requests pr
         LEFT JOIN shortlists s ON s.request_id = pr.id
         LEFT JOIN awards a ON a.request_id = pr.id
        WHERE ${w.sql}
        ORDER BY pr.submitted_at, pr.id`,
    w.params,
  );
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

export async function countResponseRows(db: Db, f: CouncilFilter): Promise<number> {
  const w = where(f);
  return (await rawFirst<{ n: number }>(db, `SELECT CAST(count(*) AS INTEGER) AS n FROM (SELECT 1 FROM referrals r JOIN placement_requests pr ON pr.id = r.request_id WHERE ${w.sql} GROUP BY r.request_id, r.provider_id) AS per_provider`, w.params))?.n ?? 0;
}

/** One row per provider and request (several contacts of one provider count once). */
export function iterateResponseRows(db: Db, f: CouncilFilter): AsyncGenerator<ResponseExportRow> {
  const w = where(f);
  return rawIterate<ResponseExportRow>(
    db,
    `SELECT pr.reference, CASE WHEN pr.synthetic THEN 1 ELSE 0 END AS synthetic, r.provider_id AS "providerId", p.name AS "providerName", min(r.sent_at) AS "sentAt", min(r.responded_at) AS "respondedAt",
              (SELECT rp.kind FROM provider_replies rp WHERE rp.request_id = pr.id AND rp.provider_id = p.id AND rp.kind NOT IN ('auto-reply', 'bounce') ORDER BY rp.created_at LIMIT 1) AS answer
         FROM referrals r
         JOIN placement_requests pr ON pr.id = r.request_id
         JOIN providers p ON p.id = r.provider_id
        WHERE ${w.sql}
        GROUP BY pr.id, p.id
        ORDER BY pr.submitted_at, pr.id, p.id`,
    w.params,
  );
}
