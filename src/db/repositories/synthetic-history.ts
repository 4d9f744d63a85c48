import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from '../client.js';
import { writeTransaction } from '../transaction.js';
import { addDays } from '../../domain/calendar-date.js';
import { DECLINE_TEXTS, type SyntheticCouncil, type SyntheticProvider, type SyntheticRequest } from '../../domain/synthetic-history.js';

/**
 * Bulk writes for `demo-history`: prepared statements on the better-sqlite3 handle, run by the caller
 * inside large transactions (thousands of requests each), because millions of rows through the query
 * builder one at a time would take minutes. Every row written here belongs to a council or provider
 * flagged demo/synthetic, or is a request flagged synthetic.
 */

export interface DatabaseContents {
  realCouncils: number;
  realProviders: number;
  syntheticDatasets: number;
  syntheticRequests: number;
}

export function databaseContents(db: Db): DatabaseContents {
  const one = (sql: string) => (db.$client.prepare(sql).pluck().get() as number) ?? 0;
  return {
    realCouncils: one("SELECT count(*) FROM councils WHERE origin = 'real'"),
    realProviders: one("SELECT count(*) FROM providers WHERE origin = 'real'"),
    syntheticDatasets: one('SELECT count(*) FROM synthetic_datasets'),
    syntheticRequests: one('SELECT count(*) FROM placement_requests WHERE synthetic = 1'),
  };
}

/** Marks the dev-mode councils and register as demo data (fictional, but made by a person, not the generator). */
export async function markDemoData(db: Db, councilCodes: readonly string[], providerIds: readonly string[]): Promise<void> {
  const council = db.$client.prepare("UPDATE councils SET origin = 'demo' WHERE code = ?");
  const provider = db.$client.prepare("UPDATE providers SET origin = 'demo' WHERE id = ?");
  (await writeTransaction(db, () => {
    for (const c of councilCodes) council.run(c);
    for (const p of providerIds) provider.run(p);
  }));
}

const stamp = (date: string, time = '10:00:00.000') => `${date}T${time}Z`;

interface StaffIds {
  caseworker: number;
  officer: number;
  approver: number;
}

export interface HistoryWriter {
  /** Runs fn in one transaction. */
  batch(fn: () => void): Promise<void>;
  council(c: SyntheticCouncil): number;
  provider(p: SyntheticProvider): void;
  request(r: SyntheticRequest): { offers: number };
  finish(summary: { createdAt: string; seed: number; councils: number; placements: number; offers: number; generatorVersion: string }): void;
}

export function createHistoryWriter(db: Db, providers: readonly SyntheticProvider[]): HistoryWriter {
  const c: Database.Database = db.$client;
  const s = {
    councilByCode: c.prepare('SELECT id FROM councils WHERE code = ?').pluck(),
    council: c.prepare("INSERT INTO councils (code, name, origin) VALUES (?, ?, 'synthetic')"),
    area: c.prepare('INSERT OR IGNORE INTO council_areas (council_id, la_code) VALUES (?, ?)'),
    staffByIdentity: c.prepare("SELECT id FROM staff WHERE aad_object_id = ? AND tenant_id = 'synthetic'").pluck(),
    staff: c.prepare("INSERT INTO staff (council_id, name, email, aad_object_id, tenant_id, roles, approval_limit, active) VALUES (?, ?, ?, ?, 'synthetic', ?, ?, 0)"),
    provider: c.prepare(
      `INSERT INTO providers (id, name, provider_type, age_from, age_to, sex, ofsted_urn, ofsted_grade, inspection_date, postcode, host_authority, vacancies, weekly_fee_from_pence, weekly_fee_to_pence, status, origin)
       VALUES (?, ?, ?, ?, ?, 'mixed', ?, ?, ?, ?, ?, ?, NULL, NULL, 'active', 'synthetic')`,
    ),
    providerLot: c.prepare('INSERT INTO provider_lots (provider_id, lot) VALUES (?, ?)'),
    providerNeed: c.prepare('INSERT INTO provider_needs (provider_id, need_code) VALUES (?, ?)'),
    providerContact: c.prepare("INSERT INTO provider_contacts (provider_id, kind, name, email) VALUES (?, 'primary', 'Admissions', ?)"),
    request: c.prepare(
      `INSERT INTO placement_requests (council_id, reference, status, caseworker_staff_id, position, draft, entered, version, lot, primary_need, required_start_date, submitted_at, submitted_by_staff_id, chosen_route, closed_reason, closed_at, annual_cost_pence, synthetic, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'summary', ?, '{}', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ),
    appraisal: c.prepare(
      `INSERT INTO appraisals (council_id, request_id, revision, status, position, entered, confirmed_route, confirmed_by_staff_id, confirmed_role, confirmed_at, confirmation_reason, overrides_recommendation, created_by_staff_id, version, created_at, updated_at)
       VALUES (?, ?, 1, 'in_progress', 'review', '{}', ?, ?, 'service_manager', ?, 'Synthetic history: the recommended route.', 0, ?, 1, ?, ?)`,
    ),
    // Options are written while the appraisal is in progress: a confirmed appraisal is frozen (database triggers).
    confirmAppraisal: c.prepare("UPDATE appraisals SET status = 'confirmed' WHERE id = ?"),
    placeRequest: c.prepare("UPDATE placement_requests SET status = 'placed' WHERE id = ?"),
    option: c.prepare('INSERT INTO appraisal_options (council_id, appraisal_id, route, "values", total_pence) VALUES (?, ?, ?, ?, ?)'),
    shortlist: c.prepare(
      `INSERT INTO shortlists (council_id, request_id, status, entries, response_deadline, price_weight, quality_weight, created_by_staff_id, sent_by_staff_id, sent_at, closed_at, closed_by_staff_id, version, created_at, updated_at)
       VALUES (?, ?, 'closed', '[]', ?, 60, 40, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ),
    referral: c.prepare(
      `INSERT INTO referrals (council_id, request_id, shortlist_id, provider_id, contact_email, contact_name, status, message_id, sent_at, responded_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'Admissions', 'sent', ?, ?, ?, ?, ?)`,
    ),
    inbound: c.prepare(
      `INSERT INTO inbound_messages (sha256, mailbox, raw, size_bytes, from_address, to_addresses, subject, "references", received_at, status, council_id, referral_id, route_method, created_at)
       VALUES (?, 'INBOX', ?, ?, ?, '[]', ?, '[]', ?, 'routed', ?, ?, 'token', ?)`,
    ),
    reply: c.prepare(
      `INSERT INTO provider_replies (council_id, request_id, referral_id, provider_id, inbound_message_id, kind, status, extracted, confidence_pct, reply_text, attachments, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'confirmed', '{}', 90, ?, '[]', ?)`,
    ),
    offer: c.prepare(
      `INSERT INTO offers (council_id, request_id, provider_id, reply_id, can_meet_needs, weekly_fee_pence, weeks_per_year, add_ons_weekly_pence, add_ons, start_date, conditions, confirmed_by_staff_id, confirmed_at, corrected, quality_mark, quality_reason, quality_marked_by_staff_id, withdrawn, version, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 0, ?, ?, ?, 0, 1, ?)`,
    ),
    proposal: c.prepare(
      `INSERT INTO award_proposals (council_id, request_id, offer_id, provider_id, provider_name, proposed_by_staff_id, rationale, rank, weekly_fee_pence, weeks_per_year, add_ons_weekly_pence, annual_value_pence, start_date, status, decision_by_staff_id, decision_role, decision_at, decision_reason, decision_authority, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'Synthetic history: best value for the needs in Section F.', 1, ?, ?, ?, ?, ?, 'approved', ?, 'service_manager', ?, NULL, 'Service Manager within the delegated approval limit (synthetic)', 2, ?, ?)`,
    ),
    award: c.prepare(
      `INSERT INTO awards (council_id, request_id, proposal_id, offer_id, provider_id, provider_name, primary_need, approver_name, child_reference, lot, weekly_fee_pence, weeks_per_year, add_ons_weekly_pence, add_ons, annual_value_pence, start_date, end_date, approver_staff_id, approver_role, authority, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'Synthetic Service Manager (synthetic)', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'service_manager', 'Service Manager within the delegated approval limit (synthetic)', ?)`,
    ),
    lastSequence: c.prepare("SELECT count(*) FROM placement_requests WHERE council_id = ? AND reference LIKE ?").pluck(),
    dataset: c.prepare('INSERT INTO synthetic_datasets (created_at, seed, councils, placements, offers, generator_version) VALUES (?, ?, ?, ?, ?, ?)'),
  };
  const councils: Array<{ id: number; code: string; staff: StaffIds; sequence: Map<number, number> }> = [];
  let messageSeq = Number(c.prepare('SELECT count(*) FROM referrals').pluck().get());
  const raw = Buffer.from('synthetic history: no message was sent or received');
  const emptyOptionValues = (route: string, feePence: number) => JSON.stringify({ route, considered: true, meetsSectionF: 'yes', placeAvailable: 'yes', feePence, addOnsPence: 0, transportPence: 0, therapiesPence: 0 });
  const offerTexts = ['We are pleased to offer a place. Our weekly fee is as confirmed.', 'Yes, we can meet the needs and have a place available.'];

  return {
    async batch(fn) {
      (await writeTransaction(db, fn));
    },
    council(council) {
      const existing = s.councilByCode.get(council.code) as number | undefined;
      const id = existing ?? Number(s.council.run(council.code, council.name).lastInsertRowid);
      for (const code of council.areaCodes) s.area.run(id, code);
      const person = (role: string, name: string, limit: number) => {
        const identity = `synthetic-${council.code}-${role}`;
        const known = s.staffByIdentity.get(identity) as number | undefined;
        return known ?? Number(s.staff.run(id, `${name} (synthetic)`, `${role}.${council.code.toLowerCase()}@synthetic.invalid`, identity, JSON.stringify([role]), limit).lastInsertRowid);
      };
      councils.push({
        id,
        code: council.code,
        staff: { caseworker: person('caseworker', 'Synthetic caseworker', 0), officer: person('placements_officer', 'Synthetic placements officer', 0), approver: person('service_manager', 'Synthetic Service Manager', 500_000) },
        sequence: new Map(),
      });
      return id;
    },
    provider(p) {
      s.provider.run(p.id, p.name, p.providerType, p.ageFrom, p.ageTo, p.ofstedUrn, p.ofstedGrade, p.inspectionDate, p.postcode, p.hostAuthority, 2);
      for (const lot of p.lots) s.providerLot.run(p.id, lot);
      for (const need of p.needs) s.providerNeed.run(p.id, need);
      s.providerContact.run(p.id, p.contactEmail);
    },
    request(r) {
      const council = councils[r.councilIndex]!;
      const year = Number(r.submittedOn.slice(0, 4));
      const seq = (council.sequence.get(year) ?? (s.lastSequence.get(council.id, `SYN-${year}-%`) as number)) + 1;
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
      const requestId = Number(
        // An FPS request is written in evaluation and placed once its award exists: offers cannot be added to a placed request (triggers).
        s.request.run(council.id, reference, fps ? 'evaluation' : 'closed', caseworker, draft, r.lot, r.need, r.requiredStartDate, submittedAt, caseworker, r.route, fps ? null : `Placed through the ${r.route.replace(/_/g, ' ')} route (synthetic history).`, closedAt, r.routeAnnualCostPence, stamp(addDays(r.submittedOn, -3)), finalAt).lastInsertRowid,
      );
      const appraisedAt = stamp(r.appraisedOn, '14:00:00.000');
      const appraisalId = Number(s.appraisal.run(council.id, requestId, r.route, approver, appraisedAt, caseworker, submittedAt, appraisedAt).lastInsertRowid);
      s.option.run(council.id, appraisalId, r.route, emptyOptionValues(r.route, r.routeAnnualCostPence), r.routeAnnualCostPence);
      if (r.route !== 'maintained_special') s.option.run(council.id, appraisalId, 'maintained_special', emptyOptionValues('maintained_special', Math.round(r.routeAnnualCostPence * 0.7)), Math.round(r.routeAnnualCostPence * 0.7));
      s.confirmAppraisal.run(appraisalId);
      if (!fps) return { offers: 0 };

      const call = r.callOff!;
      const sentAt = stamp(call.sentOn, '11:00:00.000');
      const shortlistId = Number(s.shortlist.run(council.id, requestId, addDays(call.sentOn, 14), officer, officer, sentAt, stamp(call.closedOn, '17:00:00.000'), officer, sentAt, stamp(call.closedOn, '17:00:00.000')).lastInsertRowid);
      let offers = 0;
      let awardedOfferId = 0;
      call.referrals.forEach((ref, index) => {
        const p = providers[ref.providerIndex]!;
        const messageId = `<syn-${++messageSeq}@synthetic.invalid>`;
        const answeredAt = ref.answeredOn ? stamp(ref.answeredOn, '13:15:00.000') : null;
        const referralId = Number(s.referral.run(council.id, requestId, shortlistId, p.id, p.contactEmail, messageId, sentAt, answeredAt, sentAt, answeredAt ?? sentAt).lastInsertRowid);
        if (!ref.outcome || !answeredAt) return;
        const sha = createHash('sha256').update(messageId).digest('hex');
        const inboundId = Number(s.inbound.run(sha, raw, raw.length, p.contactEmail, `Re: Referral ${reference}`, answeredAt, council.id, referralId, answeredAt).lastInsertRowid);
        const isOffer = ref.outcome.kind === 'offer';
        const text = isOffer ? offerTexts[index % offerTexts.length]! : DECLINE_TEXTS[(ref.outcome as { reason: keyof typeof DECLINE_TEXTS }).reason];
        const replyId = Number(s.reply.run(council.id, requestId, referralId, p.id, inboundId, isOffer ? 'offer' : 'decline', text, answeredAt).lastInsertRowid);
        const o = ref.outcome;
        const offerId = Number(
          o.kind === 'offer'
            ? s.offer.run(council.id, requestId, p.id, replyId, 1, o.weeklyFeePence, o.weeksPerYear, o.addOnsWeeklyPence, o.addOnsWeeklyPence ? JSON.stringify([{ label: 'Additional staffing or therapy', weeklyPence: o.addOnsWeeklyPence }]) : '[]', o.startDate, officer, answeredAt, o.qualityMark, 'Synthetic history: quality mark from the visit and the Ofsted report.', officer, answeredAt).lastInsertRowid
            : s.offer.run(council.id, requestId, p.id, replyId, 0, 0, 0, 0, '[]', null, officer, answeredAt, null, null, null, answeredAt).lastInsertRowid,
        );
        offers++;
        if (index === call.awarded) awardedOfferId = offerId;
      });
      const won = call.referrals[call.awarded]!;
      const o = won.outcome as Extract<NonNullable<typeof won.outcome>, { kind: 'offer' }>;
      const provider = providers[won.providerIndex]!;
      const annual = (o.weeklyFeePence + o.addOnsWeeklyPence) * o.weeksPerYear;
      const proposedAt = stamp(addDays(call.awardedOn, -2), '10:00:00.000');
      const awardedAt = stamp(call.awardedOn, '16:00:00.000');
      const proposalId = Number(
        s.proposal.run(council.id, requestId, awardedOfferId, provider.id, provider.name, officer, o.weeklyFeePence, o.weeksPerYear, o.addOnsWeeklyPence, annual, call.startDate, approver, awardedAt, proposedAt, awardedAt).lastInsertRowid,
      );
      const endYear = Number(call.startDate.slice(0, 4)) + (Number(call.startDate.slice(5, 7)) >= 9 ? 1 : 0);
      s.award.run(
        council.id, requestId, proposalId, awardedOfferId, provider.id, provider.name, r.need, `${reference} (SYN-CASE-${council.code}-${year}-${seq})`, r.lot, o.weeklyFeePence, o.weeksPerYear, o.addOnsWeeklyPence,
        o.addOnsWeeklyPence ? JSON.stringify([{ label: 'Additional staffing or therapy', weeklyPence: o.addOnsWeeklyPence }]) : '[]', annual, call.startDate,
        o.weeksPerYear >= 52 ? addDays(call.startDate, 364) : `${endYear}-07-31`, approver, awardedAt,
      );
      s.placeRequest.run(requestId);
      return { offers };
    },
    finish(summary) {
      s.dataset.run(summary.createdAt, summary.seed, summary.councils, summary.placements, summary.offers, summary.generatorVersion);
    },
  };
}

