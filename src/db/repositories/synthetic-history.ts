import { createHash } from 'node:crypto';
import { inArray, sql, type SQL } from 'drizzle-orm';
import { rawExecute, rawRows, type Db, type Tx } from '../client.js';
import { councils } from '../schema/councils.js';
import { providers } from '../schema/providers.js';
import { writeTransaction } from '../transaction.js';
import { addDays } from '../../domain/calendar-date.js';
import { DECLINE_TEXTS, type SyntheticCouncil, type SyntheticProvider, type SyntheticRequest } from '../../domain/synthetic-history.js';

/**
 * Bulk writes for `demo-history`: plain statements (prepared once on SQLite), run by the caller inside
 * large transactions (thousands of requests each), because millions of rows through the query builder one
 * at a time would take minutes. A request's rows are kept until the end of the batch and written there in
 * multi-row INSERTs, table by table (one statement per few thousand rows, one round trip on PostgreSQL). Every row written here belongs to a council or provider
 * flagged demo/synthetic, or is a request flagged synthetic.
 */

export interface DatabaseContents {
  realCouncils: number;
  realProviders: number;
  syntheticDatasets: number;
  syntheticRequests: number;
}

export async function databaseContents(db: Db): Promise<DatabaseContents> {
  const one = async (query: SQL) => Number((await rawRows<{ n: number | string }>(db, query))[0]?.n ?? 0);
  return {
    realCouncils: await one(sql`SELECT count(*) AS n FROM councils WHERE origin = 'real'`),
    realProviders: await one(sql`SELECT count(*) AS n FROM providers WHERE origin = 'real'`),
    syntheticDatasets: await one(sql`SELECT count(*) AS n FROM synthetic_datasets`),
    syntheticRequests: await one(sql`SELECT count(*) AS n FROM placement_requests WHERE synthetic`),
  };
}

/** One statement of the bulk writer, `?` placeholders, written in the SQL both backends accept. */
interface Statement {
  run(...params: unknown[]): Promise<void>;
  /** Inserts one row and returns its id. */
  insertId(...params: unknown[]): Promise<number>;
  /** The first column of the first row. */
  value(...params: unknown[]): Promise<unknown>;
}

/** `?` placeholders as query parameters. */
function withParams(text: string, params: readonly unknown[]): SQL {
  const parts = text.split('?');
  const chunks: SQL[] = [sql.raw(parts[0]!)];
  params.forEach((param, i) => chunks.push(sql`${param}`, sql.raw(parts[i + 1] ?? '')));
  return sql.join(chunks, sql.raw(''));
}

/**
 * SQLite: better-sqlite3 statements prepared once (the generator writes millions of rows). PostgreSQL: the
 * same SQL as parameterised queries on the batch's transaction.
 */
function statementsFor(db: Db, inTransaction: () => Tx | undefined): (text: string) => Statement {
  if (db.$dialect === 'sqlite') {
    return (text) => {
      const st = db.$client.prepare(text);
      return {
        run: async (...params) => void st.run(...params),
        insertId: async (...params) => Number(st.run(...params).lastInsertRowid),
        value: async (...params) => (st.reader ? st.pluck().get(...params) : undefined),
      };
    };
  }
  const on = () => inTransaction() ?? db;
  return (text) => ({
    run: (...params) => rawExecute(on(), withParams(text, params)),
    insertId: async (...params) => Number((await rawRows<{ id: number }>(on(), withParams(`${text} RETURNING id`, params)))[0]!.id),
    value: async (...params) => Object.values((await rawRows<Record<string, unknown>>(on(), withParams(text, params)))[0] ?? {})[0],
  });
}

/** Bound parameters per multi-row statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const PARAMS_PER_STATEMENT = 30_000;

/**
 * Rows of one table kept until the batch's end and written there in multi-row INSERTs (one statement per
 * few thousand rows instead of one per row). A table whose ids later rows refer to is given its ids here,
 * counting on from the table's own sequence as the database would, so the rows and ids are the same as
 * row-by-row inserts would make; the sequence is moved on past them when they are written.
 */
class BufferedTable {
  private rows: unknown[][] = [];
  private lastId = 0;

  constructor(
    readonly table: string,
    private readonly columns: string,
    /** One row's VALUES tuple, `?` for each parameter (without the id). */
    private readonly tuple: string,
    readonly withIds: boolean,
  ) {}

  /** Reads where the table's ids go on from (at the start of each batch: other writers may have added rows). */
  async start(db: Db, tx: Tx): Promise<void> {
    this.rows = [];
    if (!this.withIds) return;
    const [row] =
      db.$dialect === 'sqlite'
        ? await rawRows<{ last: number }>(tx, sql.raw(`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '${this.table}'), 0), coalesce((SELECT max(id) FROM ${this.table}), 0)) AS last`))
        : await (async () => {
            // Other sessions wait to insert until this batch commits, so no one else takes the ids given here.
            await rawExecute(tx, sql.raw(`LOCK TABLE ${this.table} IN EXCLUSIVE MODE`));
            return rawRows<{ last: number }>(tx, sql.raw(`SELECT greatest(coalesce((SELECT max(id) FROM ${this.table}), 0), coalesce(pg_sequence_last_value(pg_get_serial_sequence('${this.table}', 'id')::regclass), 0)) AS last`));
          })();
    this.lastId = Number(row!.last);
  }

  /** Keeps one row; returns its id (0 for a table without ids). */
  add(...values: unknown[]): number {
    if (!this.withIds) {
      this.rows.push(values);
      return 0;
    }
    this.rows.push([++this.lastId, ...values]);
    return this.lastId;
  }

  async flush(db: Db, tx: Tx, prepared: Map<string, { run(...params: unknown[]): unknown }>): Promise<void> {
    if (!this.rows.length) return;
    const tuple = this.withIds ? `(?, ${this.tuple.slice(1)}` : this.tuple;
    const perRow = this.rows[0]!.length;
    const perStatement = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / perRow));
    const head = `INSERT INTO ${this.table} (${this.withIds ? 'id, ' : ''}${this.columns}) VALUES `;
    for (let at = 0; at < this.rows.length; at += perStatement) {
      const chunk = this.rows.slice(at, at + perStatement);
      const text = head + Array.from({ length: chunk.length }, () => tuple).join(', ');
      const params = chunk.flat();
      if (db.$dialect === 'sqlite') {
        let statement = prepared.get(text);
        if (!statement) prepared.set(text, (statement = db.$client.prepare(text)));
        statement.run(...params);
      } else {
        await rawExecute(tx, withParams(text, params));
      }
    }
    if (this.withIds && db.$dialect === 'pg') await rawExecute(tx, sql.raw(`SELECT setval(pg_get_serial_sequence('${this.table}', 'id'), ${this.lastId})`));
    this.rows = [];
  }
}

/** Ids kept for one UPDATE … WHERE id IN (…) at the batch's end. */
class BufferedUpdate {
  private ids: number[] = [];

  constructor(private readonly head: string) {}

  add(id: number): void {
    this.ids.push(id);
  }

  async flush(tx: Tx): Promise<void> {
    for (let at = 0; at < this.ids.length; at += PARAMS_PER_STATEMENT) {
      const chunk = this.ids.slice(at, at + PARAMS_PER_STATEMENT);
      await rawExecute(tx, withParams(`${this.head} WHERE id IN (${chunk.map(() => '?').join(', ')})`, chunk));
    }
    this.ids = [];
  }
}

/** Marks the dev-mode councils and register as demo data (fictional, but made by a person, not the generator). */
export async function markDemoData(db: Db, councilCodes: readonly string[], providerIds: readonly string[]): Promise<void> {
  await writeTransaction(db, async (tx) => {
    if (councilCodes.length) await tx.update(councils).set({ origin: 'demo' }).where(inArray(councils.code, [...councilCodes]));
    if (providerIds.length) await tx.update(providers).set({ origin: 'demo' }).where(inArray(providers.id, [...providerIds]));
  });
}

const stamp = (date: string, time = '10:00:00.000') => `${date}T${time}Z`;

interface StaffIds {
  caseworker: number;
  officer: number;
  approver: number;
}

export interface HistoryWriter {
  /** Runs fn in one transaction. */
  batch(fn: () => Promise<void>): Promise<void>;
  council(c: SyntheticCouncil): Promise<number>;
  provider(p: SyntheticProvider): Promise<void>;
  request(r: SyntheticRequest): Promise<{ offers: number }>;
  finish(summary: { createdAt: string; seed: number; councils: number; placements: number; offers: number; generatorVersion: string }): Promise<void>;
}

export function createHistoryWriter(db: Db, providers: readonly SyntheticProvider[]): HistoryWriter {
  let batchTx: Tx | undefined;
  const prepare = statementsFor(db, () => batchTx);
  // Booleans bound as parameters: 1/0 for SQLite, true/false for PostgreSQL.
  const bool = (v: boolean) => (db.$dialect === 'pg' ? v : v ? 1 : 0);
  const s = {
    councilByCode: prepare('SELECT id FROM councils WHERE code = ?'),
    council: prepare("INSERT INTO councils (code, name, origin) VALUES (?, ?, 'synthetic')"),
    area: prepare('INSERT INTO council_areas (council_id, la_code) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    staffByIdentity: prepare("SELECT id FROM staff WHERE aad_object_id = ? AND tenant_id = 'synthetic'"),
    staff: prepare("INSERT INTO staff (council_id, name, email, aad_object_id, tenant_id, roles, approval_limit, active) VALUES (?, ?, ?, ?, 'synthetic', ?, ?, FALSE)"),
    provider: prepare(
      `INSERT INTO providers (id, name, provider_type, age_from, age_to, sex, ofsted_urn, ofsted_grade, inspection_date, postcode, host_authority, vacancies, weekly_fee_from_pence, weekly_fee_to_pence, status, origin)
       VALUES (?, ?, ?, ?, ?, 'mixed', ?, ?, ?, ?, ?, ?, NULL, NULL, 'active', 'synthetic')`,
    ),
    providerLot: prepare('INSERT INTO provider_lots (provider_id, lot) VALUES (?, ?)'),
    providerNeed: prepare('INSERT INTO provider_needs (provider_id, need_code) VALUES (?, ?)'),
    providerContact: prepare("INSERT INTO provider_contacts (provider_id, kind, name, email) VALUES (?, 'primary', 'Admissions', ?)"),
    request: new BufferedTable('placement_requests', `council_id, reference, status, caseworker_staff_id, position, draft, entered, version, lot, primary_need, required_start_date, submitted_at, submitted_by_staff_id, chosen_route, closed_reason, closed_at, annual_cost_pence, synthetic, created_at, updated_at`, `(?, ?, ?, ?, 'summary', ?, '{}', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)`, true),
    appraisal: new BufferedTable('appraisals', `council_id, request_id, revision, status, position, entered, confirmed_route, confirmed_by_staff_id, confirmed_role, confirmed_at, confirmation_reason, overrides_recommendation, created_by_staff_id, version, created_at, updated_at`, `(?, ?, 1, 'in_progress', 'review', '{}', ?, ?, 'service_manager', ?, 'Synthetic history: the recommended route.', FALSE, ?, 1, ?, ?)`, true),
    confirmAppraisal: new BufferedUpdate("UPDATE appraisals SET status = 'confirmed'"),
    placeRequest: new BufferedUpdate("UPDATE placement_requests SET status = 'placed'"),
    option: new BufferedTable('appraisal_options', 'council_id, appraisal_id, route, "values", total_pence', '(?, ?, ?, ?, ?)', false),
    shortlist: new BufferedTable('shortlists', `council_id, request_id, status, entries, response_deadline, price_weight, quality_weight, created_by_staff_id, sent_by_staff_id, sent_at, closed_at, closed_by_staff_id, version, created_at, updated_at`, `(?, ?, 'closed', '[]', ?, 60, 40, ?, ?, ?, ?, ?, 1, ?, ?)`, true),
    referral: new BufferedTable('referrals', `council_id, request_id, shortlist_id, provider_id, contact_email, contact_name, status, message_id, sent_at, responded_at, created_at, updated_at`, `(?, ?, ?, ?, ?, 'Admissions', 'sent', ?, ?, ?, ?, ?)`, true),
    inbound: new BufferedTable('inbound_messages', `sha256, mailbox, raw, size_bytes, from_address, to_addresses, subject, "references", received_at, status, council_id, referral_id, route_method, created_at`, `(?, 'INBOX', ?, ?, ?, '[]', ?, '[]', ?, 'routed', ?, ?, 'token', ?)`, true),
    reply: new BufferedTable('provider_replies', `council_id, request_id, referral_id, provider_id, inbound_message_id, kind, status, extracted, confidence_pct, reply_text, attachments, created_at`, `(?, ?, ?, ?, ?, ?, 'confirmed', '{}', 90, ?, '[]', ?)`, true),
    offer: new BufferedTable('offers', `council_id, request_id, provider_id, reply_id, can_meet_needs, weekly_fee_pence, weeks_per_year, add_ons_weekly_pence, add_ons, start_date, conditions, confirmed_by_staff_id, confirmed_at, corrected, quality_mark, quality_reason, quality_marked_by_staff_id, withdrawn, version, updated_at`, `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, FALSE, ?, ?, ?, FALSE, 1, ?)`, true),
    proposal: new BufferedTable('award_proposals', `council_id, request_id, offer_id, provider_id, provider_name, proposed_by_staff_id, rationale, rank, weekly_fee_pence, weeks_per_year, add_ons_weekly_pence, annual_value_pence, start_date, status, decision_by_staff_id, decision_role, decision_at, decision_reason, decision_authority, version, created_at, updated_at`, `(?, ?, ?, ?, ?, ?, 'Synthetic history: best value for the needs in Section F.', 1, ?, ?, ?, ?, ?, 'approved', ?, 'service_manager', ?, NULL, 'Service Manager within the delegated approval limit (synthetic)', 2, ?, ?)`, true),
    award: new BufferedTable('awards', `council_id, request_id, proposal_id, offer_id, provider_id, provider_name, primary_need, approver_name, child_reference, lot, weekly_fee_pence, weeks_per_year, add_ons_weekly_pence, add_ons, annual_value_pence, start_date, end_date, approver_staff_id, approver_role, authority, created_at`, `(?, ?, ?, ?, ?, ?, ?, 'Synthetic Service Manager (synthetic)', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'service_manager', 'Service Manager within the delegated approval limit (synthetic)', ?)`, false),
    lastSequence: prepare("SELECT count(*) FROM placement_requests WHERE council_id = ? AND reference LIKE ?"),
    dataset: prepare('INSERT INTO synthetic_datasets (created_at, seed, councils, placements, offers, generator_version) VALUES (?, ?, ?, ?, ?, ?)'),
  };
  /** The request's rows, in the order they are written: each table after the tables its rows refer to. */
  const buffered = [s.request, s.appraisal, s.option, s.shortlist, s.referral, s.inbound, s.reply, s.offer, s.proposal, s.award];
  /** SQLite statements of a few sizes (a full chunk and each table's last one), prepared once each. */
  const multiRow = new Map<string, { run(...params: unknown[]): unknown }>();
  const councils: Array<{ id: number; code: string; staff: StaffIds; sequence: Map<number, number> }> = [];
  const referralCount = prepare('SELECT count(*) FROM referrals');
  let messageSeq: number | undefined;
  const raw = Buffer.from('synthetic history: no message was sent or received');
  const emptyOptionValues = (route: string, feePence: number) => JSON.stringify({ route, considered: true, meetsSectionF: 'yes', placeAvailable: 'yes', feePence, addOnsPence: 0, transportPence: 0, therapiesPence: 0 });
  const offerTexts = ['We are pleased to offer a place. Our weekly fee is as confirmed.', 'Yes, we can meet the needs and have a place available.'];

  return {
    async batch(fn) {
      await writeTransaction(db, async (tx) => {
        batchTx = tx;
        try {
          messageSeq ??= Number(await referralCount.value());
          for (const table of buffered) await table.start(db, tx);
          await fn();
          // In this order: options while their appraisal is in progress (a confirmed one is frozen), offers
          // while their request is in evaluation (a placed one takes no offers), as the triggers require.
          for (const table of buffered.slice(0, 3)) await table.flush(db, tx, multiRow);
          await s.confirmAppraisal.flush(tx);
          for (const table of buffered.slice(3)) await table.flush(db, tx, multiRow);
          await s.placeRequest.flush(tx);
        } finally {
          batchTx = undefined;
        }
      });
    },
    async council(council) {
      const existing = (await s.councilByCode.value(council.code)) as number | undefined;
      const id = existing ?? (await s.council.insertId(council.code, council.name));
      for (const code of council.areaCodes) await s.area.run(id, code);
      const person = async (role: string, name: string, limit: number) => {
        const identity = `synthetic-${council.code}-${role}`;
        const known = (await s.staffByIdentity.value(identity)) as number | undefined;
        return known ?? (await s.staff.insertId(id, `${name} (synthetic)`, `${role}.${council.code.toLowerCase()}@synthetic.invalid`, identity, JSON.stringify([role]), limit));
      };
      councils.push({
        id,
        code: council.code,
        staff: { caseworker: await person('caseworker', 'Synthetic caseworker', 0), officer: await person('placements_officer', 'Synthetic placements officer', 0), approver: await person('service_manager', 'Synthetic Service Manager', 500_000) },
        sequence: new Map(),
      });
      return id;
    },
    async provider(p) {
      await s.provider.run(p.id, p.name, p.providerType, p.ageFrom, p.ageTo, p.ofstedUrn, p.ofstedGrade, p.inspectionDate, p.postcode, p.hostAuthority, 2);
      for (const lot of p.lots) await s.providerLot.run(p.id, lot);
      for (const need of p.needs) await s.providerNeed.run(p.id, need);
      await s.providerContact.run(p.id, p.contactEmail);
    },
    async request(r) {
      const council = councils[r.councilIndex]!;
      const year = Number(r.submittedOn.slice(0, 4));
      const seq = (council.sequence.get(year) ?? Number(await s.lastSequence.value(council.id, `SYN-${year}-%`))) + 1;
      council.sequence.set(year, seq);
      const reference = `SYN-${year}-${String(seq).padStart(4, '0')}`;
      const { caseworker, officer, approver } = council.staff;
      const submittedAt = stamp(r.submittedOn, '09:30:00.000');
      const birthYear = Number(r.requiredStartDate.slice(0, 4)) - r.ageAtStart - 1;
      const draft = JSON.stringify({
        child: { caseReference: `SYN-CASE-${council.code}-${year}-${seq}`, childInitials: r.initials, dateOfBirth: `${birthYear}-0${1 + (seq % 9)}-15`, sex: r.sex, homePostcodeDistrict: r.homeDistrict },
        needs: { ehcpStatus: 'final', primaryNeed: r.need, secondaryNeeds: [] },
        placement: { lot: r.lot, requiredStartDate: r.requiredStartDate },
        risks: { riskFlags: [], urgency: 'standard' },
      });
      const fps = r.callOff !== null;
      const closedAt = fps ? null : stamp(r.appraisedOn, '15:00:00.000');
      const finalAt = fps ? stamp(r.callOff!.awardedOn, '16:00:00.000') : closedAt!;
      // An FPS request is written in evaluation and placed once its award exists: offers cannot be added to a placed request (triggers).
      const requestId = s.request.add(council.id, reference, fps ? 'evaluation' : 'closed', caseworker, draft, r.lot, r.need, r.requiredStartDate, submittedAt, caseworker, r.route, fps ? null : `Placed through the ${r.route.replace(/_/g, ' ')} route (synthetic history).`, closedAt, r.routeAnnualCostPence, stamp(addDays(r.submittedOn, -3)), finalAt);
      const appraisedAt = stamp(r.appraisedOn, '14:00:00.000');
      const appraisalId = s.appraisal.add(council.id, requestId, r.route, approver, appraisedAt, caseworker, submittedAt, appraisedAt);
      s.option.add(council.id, appraisalId, r.route, emptyOptionValues(r.route, r.routeAnnualCostPence), r.routeAnnualCostPence);
      if (r.route !== 'maintained_special') s.option.add(council.id, appraisalId, 'maintained_special', emptyOptionValues('maintained_special', Math.round(r.routeAnnualCostPence * 0.7)), Math.round(r.routeAnnualCostPence * 0.7));
      s.confirmAppraisal.add(appraisalId);
      if (!fps) return { offers: 0 };

      const call = r.callOff!;
      const sentAt = stamp(call.sentOn, '11:00:00.000');
      const shortlistId = s.shortlist.add(council.id, requestId, addDays(call.sentOn, 14), officer, officer, sentAt, stamp(call.closedOn, '17:00:00.000'), officer, sentAt, stamp(call.closedOn, '17:00:00.000'));
      let offers = 0;
      let awardedOfferId = 0;
      for (const [index, ref] of call.referrals.entries()) {
        const p = providers[ref.providerIndex]!;
        messageSeq = (messageSeq ?? 0) + 1;
        const messageId = `<syn-${messageSeq}@synthetic.invalid>`;
        const answeredAt = ref.answeredOn ? stamp(ref.answeredOn, '13:15:00.000') : null;
        const referralId = s.referral.add(council.id, requestId, shortlistId, p.id, p.contactEmail, messageId, sentAt, answeredAt, sentAt, answeredAt ?? sentAt);
        if (!ref.outcome || !answeredAt) continue;
        const sha = createHash('sha256').update(messageId).digest('hex');
        const inboundId = s.inbound.add(sha, raw, raw.length, p.contactEmail, `Re: Referral ${reference}`, answeredAt, council.id, referralId, answeredAt);
        const isOffer = ref.outcome.kind === 'offer';
        const text = isOffer ? offerTexts[index % offerTexts.length]! : DECLINE_TEXTS[(ref.outcome as { reason: keyof typeof DECLINE_TEXTS }).reason];
        const replyId = s.reply.add(council.id, requestId, referralId, p.id, inboundId, isOffer ? 'offer' : 'decline', text, answeredAt);
        const o = ref.outcome;
        const offerId =
          o.kind === 'offer'
            ? s.offer.add(council.id, requestId, p.id, replyId, bool(true), o.weeklyFeePence, o.weeksPerYear, o.addOnsWeeklyPence, o.addOnsWeeklyPence ? JSON.stringify([{ label: 'Additional staffing or therapy', weeklyPence: o.addOnsWeeklyPence }]) : '[]', o.startDate, officer, answeredAt, o.qualityMark, 'Synthetic history: quality mark from the visit and the Ofsted report.', officer, answeredAt)
            : s.offer.add(council.id, requestId, p.id, replyId, bool(false), 0, 0, 0, '[]', null, officer, answeredAt, null, null, null, answeredAt);
        offers++;
        if (index === call.awarded) awardedOfferId = offerId;
      }
      const won = call.referrals[call.awarded]!;
      const o = won.outcome as Extract<NonNullable<typeof won.outcome>, { kind: 'offer' }>;
      const provider = providers[won.providerIndex]!;
      const annual = (o.weeklyFeePence + o.addOnsWeeklyPence) * o.weeksPerYear;
      const proposedAt = stamp(addDays(call.awardedOn, -2), '10:00:00.000');
      const awardedAt = stamp(call.awardedOn, '16:00:00.000');
      const proposalId = s.proposal.add(council.id, requestId, awardedOfferId, provider.id, provider.name, officer, o.weeklyFeePence, o.weeksPerYear, o.addOnsWeeklyPence, annual, call.startDate, approver, awardedAt, proposedAt, awardedAt);
      const endYear = Number(call.startDate.slice(0, 4)) + (Number(call.startDate.slice(5, 7)) >= 9 ? 1 : 0);
      s.award.add(
        council.id, requestId, proposalId, awardedOfferId, provider.id, provider.name, r.need, `${reference} (SYN-CASE-${council.code}-${year}-${seq})`, r.lot, o.weeklyFeePence, o.weeksPerYear, o.addOnsWeeklyPence,
        o.addOnsWeeklyPence ? JSON.stringify([{ label: 'Additional staffing or therapy', weeklyPence: o.addOnsWeeklyPence }]) : '[]', annual, call.startDate,
        o.weeksPerYear >= 52 ? addDays(call.startDate, 364) : `${endYear}-07-31`, approver, awardedAt,
      );
      s.placeRequest.add(requestId);
      return { offers };
    },
    async finish(summary) {
      await s.dataset.run(summary.createdAt, summary.seed, summary.councils, summary.placements, summary.offers, summary.generatorVersion);
    },
  };
}


/**
 * SQLite settings for a bulk load, and a function that puts them back. Big unique indexes (message ids,
 * hashes) insert much faster with a larger page cache; WAL with synchronous NORMAL is durable at each commit
 * except on power loss, and a half-made history is simply made again. PostgreSQL needs nothing.
 */
export function fastBulkWrites(db: Db): () => void {
  if (db.$dialect !== 'sqlite') return () => undefined;
  const previousCache = db.$client.pragma('cache_size', { simple: true });
  const previousSync = db.$client.pragma('synchronous', { simple: true });
  db.$client.pragma('cache_size = -262144');
  db.$client.pragma('synchronous = NORMAL');
  return () => {
    db.$client.pragma(`cache_size = ${Number(previousCache)}`);
    db.$client.pragma(`synchronous = ${Number(previousSync)}`);
  };
}
