import type { Db, DbOrTx } from '../client.js';
import { dialectSql, rawAll, rawIterate } from '../raw-sql.js';
import { councilAreas } from '../schema/regional.js';
import { eq } from 'drizzle-orm';

/**
 * Reads behind the dashboards, the fee benchmark and the regional exports. A council's view passes its
 * council id and sees only its own rows; the regional view passes none and reads every council, by
 * design: what it loads feeds aggregates only (protected by src/domain/disclosure.ts), never a screen
 * that shows a request. Queries are plain SQL (raw-sql.ts, both backends): they aggregate hundreds of
 * thousands of rows, where the query builder's per-row mapping would dominate.
 */

export interface RequestFilter {
  /** null = every council (regional). */
  councilId: number | null;
  /** Submitted on or after (YYYY-MM-DD), or from the beginning. */
  from: string | null;
  /** Submitted on or before (YYYY-MM-DD). */
  to: string;
  lot: number | null;
  need: string | null;
}

/**
 * The requests of a dashboard: submitted (not drafts, not cancelled) and matching the filters.
 * `inIdOrder` writes the date test as `+submitted_at`, which keeps SQLite from driving the query by the
 * date index: requests are then read in id order, so a GROUP BY on the request streams without a sort.
 */
function requestWhere(db: DbOrTx, f: RequestFilter, options: { inIdOrder?: boolean } = {}): { where: string; params: unknown[] } {
  const alias = 'pr';
  const date = options.inIdOrder ? dialectSql(db).noIndex(`${alias}.submitted_at`) : `${alias}.submitted_at`;
  const parts = [`${alias}.status NOT IN ('draft', 'cancelled')`, `${alias}.submitted_at IS NOT NULL`, `${date} < ?`];
  const params: unknown[] = [nextDay(f.to)];
  if (f.councilId !== null) {
    parts.push(`${alias}.council_id = ?`);
    params.push(f.councilId);
  }
  if (f.from !== null) {
    parts.push(`${date} >= ?`);
    params.push(f.from);
  }
  if (f.lot !== null) {
    parts.push(`${alias}.lot = ?`);
    params.push(f.lot);
  }
  if (f.need !== null) {
    parts.push(`${alias}.primary_need = ?`);
    params.push(f.need);
  }
  return { where: parts.join(' AND '), params };
}

/** Timestamps are ISO strings, so "on or before a date" is "before the next day". */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export interface DashboardRequestRow {
  councilId: number;
  lot: number | null;
  need: string | null;
  route: string | null;
  status: string;
  synthetic: number;
  submittedAt: string;
  referralsSentAt: string | null;
  firstOfferAt: string | null;
  awardedAt: string | null;
  weeklyFeePence: number | null;
  annualValuePence: number | null;
  startDate: string | null;
  hostAuthority: string | null;
}

export async function loadDashboardRequests(db: Db, f: RequestFilter): Promise<DashboardRequestRow[]> {
  // All time reads nearly every request: in id order (one pass over the table) rather than through the
  // date index, which visits the rows in date order, each on a page of its own.
  const { where, params } = requestWhere(db, f, { inIdOrder: f.from === null });
  return rawAll<DashboardRequestRow>(
    db,
    `SELECT pr.council_id AS "councilId", pr.lot, pr.primary_need AS "need", pr.chosen_route AS "route", pr.status, CASE WHEN pr.synthetic THEN 1 ELSE 0 END AS "synthetic", pr.submitted_at AS "submittedAt",
            s.sent_at AS "referralsSentAt",
            (SELECT min(r.created_at) FROM provider_replies r WHERE r.request_id = pr.id AND r.kind = 'offer') AS "firstOfferAt",
            a.created_at AS "awardedAt", a.weekly_fee_pence AS "weeklyFeePence", a.annual_value_pence AS "annualValuePence", a.start_date AS "startDate",
            p.host_authority AS "hostAuthority"
       FROM placement_requests pr
       LEFT JOIN shortlists s ON s.request_id = pr.id
       LEFT JOIN awards a ON a.request_id = pr.id
       LEFT JOIN providers p ON p.id = a.provider_id
      WHERE ${where}`,
    params,
  );
}

export interface ProviderResponseRow {
  providerId: string;
  providerName: string;
  /** Whole days from the referral to the first answer; null = not answered. */
  days: number | null;
  requests: number;
}

/**
 * For each provider: the requests it was sent a referral for, grouped by how many days it took to
 * answer (null: no answer). A provider with several contacts counts once per request, from its first
 * referral to its first answer.
 */
export async function loadProviderResponses(db: Db, f: RequestFilter): Promise<ProviderResponseRow[]> {
  const { where, params } = requestWhere(db, f, { inIdOrder: true });
  const days = `CASE WHEN min(r.responded_at) IS NULL THEN NULL ELSE ${dialectSql(db).daysBetween('min(r.sent_at)', 'min(r.responded_at)')} END`;
  // Two steps, the providers' names joined last: the per-request rows (about 19 a request) are reduced
  // to a few per provider before anything is looked up for them, and are grouped on integers and ids only.
  return rawAll<ProviderResponseRow>(
    db,
    `WITH per_request AS MATERIALIZED (
       SELECT r.provider_id, ${days} AS days
         FROM placement_requests pr JOIN referrals r ON r.request_id = pr.id
        WHERE ${where} AND r.sent_at IS NOT NULL
        GROUP BY pr.id, r.provider_id),
     by_days AS MATERIALIZED (
       SELECT provider_id, days, CAST(count(*) AS INTEGER) AS requests FROM per_request GROUP BY provider_id, days)
     SELECT b.provider_id AS "providerId", p.name AS "providerName", b.days AS "days", b.requests AS "requests"
       FROM by_days b JOIN providers p ON p.id = b.provider_id`,
    params,
  );
}

/**
 * The provider's words and the officer's note for the current offers that could not meet the needs, each
 * distinct text once with how many declines said it (the same wording recurs: one read per text). The
 * flags are written as offer_decline_idx's condition, so the declines are read from that partial index
 * rather than every offer of the period.
 */
export async function* iterateDeclineTexts(db: Db, f: RequestFilter): AsyncGenerator<{ replyText: string; conditions: string | null; declines: number }> {
  const { where, params } = requestWhere(db, f);
  const no = dialectSql(db).isFalse;
  yield* rawIterate<{ replyText: string; conditions: string | null; declines: number }>(
    db,
    `SELECT rp.reply_text AS "replyText", o.conditions, CAST(count(*) AS INTEGER) AS "declines"
       FROM placement_requests pr
       JOIN offers o ON o.request_id = pr.id AND ${no('o.can_meet_needs')} AND ${no('o.withdrawn')} AND o.superseded_at IS NULL
       JOIN provider_replies rp ON rp.id = o.reply_id
      WHERE ${where}
      GROUP BY rp.reply_text, o.conditions`,
    params,
  );
}

export interface CouncilAreaRow {
  councilId: number;
  code: string;
  name: string;
  origin: string;
  areaCodes: string[];
}

/** Every council with its area (LA codes). */
export async function loadCouncilAreas(db: Db): Promise<CouncilAreaRow[]> {
  const councils = await rawAll<{ id: number; code: string; name: string; origin: string }>(db, 'SELECT id, code, name, origin FROM councils ORDER BY name');
  const areas = await rawAll<{ councilId: number; laCode: string }>(db, 'SELECT council_id AS "councilId", la_code AS "laCode" FROM council_areas ORDER BY la_code');
  return councils.map((c) => ({ councilId: c.id, code: c.code, name: c.name, origin: c.origin, areaCodes: areas.filter((a) => a.councilId === c.id).map((a) => a.laCode) }));
}

/** Replaces a council's area. */
export async function replaceCouncilArea(tx: DbOrTx, councilId: number, laCodes: readonly string[]): Promise<void> {
  (await tx.delete(councilAreas).where(eq(councilAreas.councilId, councilId)));
  if (laCodes.length) (await tx.insert(councilAreas).values(laCodes.map((laCode) => ({ councilId, laCode }))));
}

/**
 * The fees of every award in the region for a lot and primary need, made from `from` to `to`
 * (inclusive dates): the distribution an offer is benchmarked against.
 */
export async function loadFeeDistribution(db: Db, lot: number, need: string, from: string, to: string): Promise<{ weeklyPence: number[]; annualPence: number[] }> {
  const rows = await rawAll<{ weekly: number; annual: number }>(
    db,
    `SELECT a.weekly_fee_pence AS "weekly", a.annual_value_pence AS "annual"
       FROM awards a JOIN placement_requests pr ON pr.id = a.request_id
      WHERE a.lot = ? AND a.created_at >= ? AND a.created_at < ? AND pr.primary_need = ?`,
    [lot, from, nextDay(to), need],
  );
  return { weeklyPence: rows.map((r) => r.weekly), annualPence: rows.map((r) => r.annual) };
}

/** Each provider's host authority as the register names it. */
export async function loadProviderHosts(db: Db): Promise<Map<string, string>> {
  return new Map((await rawAll<{ id: string; host: string }>(db, 'SELECT id, host_authority AS "host" FROM providers')).map(({ id, host }) => [id, host]));
}
