import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { recordAudit } from '../../src/db/repositories/audit.js';
import {
  appraisalOptions,
  appraisals,
  awardProposals,
  awards,
  inboundMessages,
  offers,
  outbox,
  placementRequests,
  providerReplies,
  referrals,
  shortlists,
  staff,
} from '../../src/db/schema/index.js';
import type { ProposalStatus } from '../../src/db/schema/awards.js';
import type { ReplyKind, ReplyStatus, RouteMethod } from '../../src/db/schema/inbound.js';
import type { OutboxStatus } from '../../src/db/schema/outbox.js';
import type { RequestStatus } from '../../src/db/schema/placement-requests.js';
import type { ReferralStatus } from '../../src/db/schema/referrals.js';
import { recommendRoute } from '../../src/domain/appraisal/recommendation.js';
import { totalAnnualCostPence, type AppraisalOptionValues } from '../../src/domain/appraisal/answers.js';
import type { RequestDraft } from '../../src/domain/placement-request/fields.js';
import type { ShortlistDecision } from '../../src/domain/shortlist-review.js';
import { importProvidersCsv } from '../../src/services/import-providers.js';
import { people, seedPeople, type PersonKey } from './people.js';

/**
 * Builds a request's whole history straight into the tables (request, appraisal, shortlist, referrals,
 * e-mails out, messages in, replies, offers, proposals, award, audit), so the evidence pack can be read
 * back without running every service. Times are fixed and fictional.
 */

export const DRAFT: RequestDraft = {
  child: { caseReference: 'EHC-1001', childInitials: 'JS', dateOfBirth: '2015-03-04', sex: 'male', homePostcodeDistrict: 'WA7' },
  needs: {
    ehcpStatus: 'final',
    planDate: '2026-01-10',
    phaseTransfer: 'phase',
    primaryNeed: 'ASD',
    secondaryNeeds: ['SLCN'],
    sectionB: 'Significant social communication needs; sensory sensitivities.',
    sectionE: 'To access learning in a small group.',
    sectionF: '1:1 support throughout the day; SALT weekly; OT termly.',
  },
  placement: { lot: 1, requiredStartDate: '2027-09-07' },
  risks: { riskFlags: ['absconding'], transportNeeds: 'Needs escorted transport.', urgency: 'routine' },
};

const OPTIONS: AppraisalOptionValues[] = [
  { route: 'mainstream', considered: true, meetsSectionF: 'no', suitabilityReason: 'Cannot provide 1:1 support all day with SALT.', placeAvailable: 'yes', feePence: 0, addOnsPence: 0, transportPence: 0, therapiesPence: 0 },
  { route: 'resourced_provision', considered: false, notConsideredReason: 'No resourced provision for autism within reach.', feePence: 0, addOnsPence: 0, transportPence: 0, therapiesPence: 0 },
  { route: 'maintained_special', considered: true, meetsSectionF: 'yes', suitabilityReason: 'Meets Section F.', placeAvailable: 'no', feePence: 0, addOnsPence: 0, transportPence: 0, therapiesPence: 0 },
  { route: 'fps_call_off', considered: true, meetsSectionF: 'yes', suitabilityReason: 'Several FPS schools offer this provision.', placeAvailable: 'yes', feePence: 6_200_000, addOnsPence: 0, transportPence: 800_000, therapiesPence: 0 },
  { route: 'spot_purchase', considered: false, notConsideredReason: 'FPS schools can meet the need.', feePence: 0, addOnsPence: 0, transportPence: 0, therapiesPence: 0 },
  { route: 'other', considered: false, notConsideredReason: 'No block-contract place or EOTAS package fits.', feePence: 0, addOnsPence: 0, transportPence: 0, therapiesPence: 0 },
];

export async function staffIdOf(db: Db, key: PersonKey): Promise<number> {
  const row = (await db.select({ id: staff.id }).from(staff).where(eq(staff.aadObjectId, people[key].aadObjectId)))[0];
  if (!row) throw new Error(`no staff row for ${key}`);
  return row.id;
}

/** Both councils with their staff, and the call-off provider register. */
export async function seedEvidenceWorld(db: Db) {
  const { councilIds } = (await seedPeople(db));
  const result = (await importProvidersCsv(db, readFileSync(new URL('../fixtures/providers-calloff.csv', import.meta.url), 'utf8'), {
    clock: { now: () => new Date('2026-01-05T09:00:00Z') },
    actorLabel: 'test',
  }));
  if (!result.ok) throw new Error(result.message);
  return { councilIds };
}

export class EvidenceFixture {
  private seq = 0;
  constructor(
    readonly db: Db,
    readonly councilId: number,
    /** Who works the call-off: shortlists, confirms offers, proposes. */
    readonly officer: PersonKey = 'placementsOfficer',
  ) {}

  private async audit(at: string, actor: PersonKey | null, action: string, details: Record<string, unknown>, entity: { type: string; id: number }) {
    (await recordAudit(this.db, new Date(at), {
      councilId: this.councilId,
      actorStaffId: actor ? (await staffIdOf(this.db, actor)) : null,
      actorLabel: actor ? `staff:${(await staffIdOf(this.db, actor))}` : 'system:mailbox',
      action,
      entityType: entity.type,
      entityId: String(entity.id),
      details,
    }));
  }

  async request(reference: string, status: RequestStatus, caseworker: PersonKey = 'caseworker') {
    const row = (await this.db
      .insert(placementRequests)
      .values({
        councilId: this.councilId,
        reference,
        status,
        caseworkerStaffId: (await staffIdOf(this.db, caseworker)),
        position: 'summary',
        draft: DRAFT,
        entered: {},
        lot: 1,
        primaryNeed: 'ASD',
        requiredStartDate: '2027-09-07',
        submittedAt: '2026-03-02T09:00:00.000Z',
        submittedByStaffId: (await staffIdOf(this.db, caseworker)),
        createdAt: '2026-03-01T15:00:00.000Z',
        updatedAt: '2026-03-02T09:00:00.000Z',
      })
      .returning())[0]!;
    (await this.audit('2026-03-02T09:00:00.000Z', caseworker, 'request.submitted', { reference }, { type: 'placement_request', id: row.id }));
    return row;
  }

  /** Revision 1 of the appraisal; confirmed for the FPS call-off unless `confirmed` is false. */
  async appraisal(requestId: number, confirmed = true) {
    const recommendation = recommendRoute(OPTIONS, { hasPreference: false });
    const row = (await this.db
      .insert(appraisals)
      .values({
        councilId: this.councilId,
        requestId,
        revision: 1,
        status: 'in_progress',
        position: 'review',
        preference: { hasPreference: false },
        entered: {},
        createdByStaffId: (await staffIdOf(this.db, 'caseworker')),
        createdAt: '2026-03-03T09:00:00.000Z',
        updatedAt: '2026-03-03T09:00:00.000Z',
      })
      .returning())[0]!;
    // Answers first: once confirmed, the appraisal and its answers are frozen (as the services leave them).
    for (const o of OPTIONS) (await this.db.insert(appraisalOptions).values({ councilId: this.councilId, appraisalId: row.id, route: o.route, values: o, totalPence: totalAnnualCostPence(o) }));
    if (confirmed) {
      (await this.db
        .update(appraisals)
        .set({
          status: 'confirmed',
          recommendation,
          confirmedRoute: 'fps_call_off',
          confirmedByStaffId: (await staffIdOf(this.db, 'serviceManager')),
          confirmedRole: 'service_manager',
          confirmedAt: '2026-03-04T10:00:00.000Z',
          confirmationReason: 'Only FPS schools can meet Section F with a place.',
          overridesRecommendation: false,
          updatedAt: '2026-03-04T10:00:00.000Z',
        })
        .where(eq(appraisals.id, row.id)));
      (await this.db.update(placementRequests).set({ chosenRoute: 'fps_call_off', annualCostPence: 7_000_000 }).where(eq(placementRequests.id, requestId)));
      (await this.audit('2026-03-04T10:00:00.000Z', 'serviceManager', 'appraisal.confirmed', { appraisalId: row.id, route: 'fps_call_off' }, { type: 'placement_request', id: requestId }));
    }
    return row;
  }

  async shortlist(requestId: number, entries: ShortlistDecision[], sent = true) {
    return (await this.db
      .insert(shortlists)
      .values({
        councilId: this.councilId,
        requestId,
        status: sent ? 'closed' : 'draft',
        entries,
        responseDeadline: '2026-03-20',
        priceWeight: 40,
        qualityWeight: 60,
        createdByStaffId: (await staffIdOf(this.db, this.officer)),
        ...(sent
          ? { sentByStaffId: (await staffIdOf(this.db, this.officer)), sentAt: '2026-03-06T09:00:00.000Z', closedAt: '2026-03-20T17:00:00.000Z', closedByStaffId: (await staffIdOf(this.db, this.officer)) }
          : {}),
        createdAt: '2026-03-05T11:00:00.000Z',
        updatedAt: '2026-03-20T17:00:00.000Z',
      })
      .returning())[0]!;
  }

  async referral(requestId: number, shortlistId: number, providerId: string, contactEmail: string, values: { status: ReferralStatus; sentAt: string; reminderSentAt?: string; respondedAt?: string; autoReplyAt?: string; lastError?: string }) {
    return (await this.db
      .insert(referrals)
      .values({
        councilId: this.councilId,
        requestId,
        shortlistId,
        providerId,
        contactEmail,
        messageId: `<referral.${this.councilId}.${++this.seq}.${providerId}@replies.northshire.example>`,
        ...values,
        createdAt: '2026-03-06T09:00:00.000Z',
        updatedAt: values.sentAt,
      })
      .returning())[0]!;
  }

  /** An e-mail in the outbox, as the dispatcher leaves it. */
  async email(referralId: number, template: string, values: { createdAt: string; status: OutboxStatus; sentAt?: string; attempts?: number; extra?: Record<string, unknown> }) {
    (await this.db
      .insert(outbox)
      .values({
        councilId: this.councilId,
        kind: 'email',
        dedupKey: `${template}:${referralId}:${++this.seq}`,
        payload: { template, referralId, ...values.extra },
        status: values.status,
        attempts: values.attempts ?? (values.status === 'sent' ? 1 : 0),
        nextAttemptAt: values.createdAt,
        createdAt: values.createdAt,
        sentAt: values.sentAt ?? null,
      }));
  }

  /** A message from the mailbox, routed to a referral, with the reply the reader made of it. */
  async reply(
    referral: { id: number; requestId: number; providerId: string },
    values: { from: string; subject: string; receivedAt: string; kind: ReplyKind; status: ReplyStatus; text: string; routeMethod?: RouteMethod; handledBy?: PersonKey; attachments?: string[] },
  ) {
    const raw = Buffer.from(`From: ${values.from}\r\nSubject: ${values.subject}\r\n\r\n${values.text}\r\n`);
    const message = (await this.db
      .insert(inboundMessages)
      .values({
        sha256: createHash('sha256').update(raw).update(String(++this.seq)).digest('hex'),
        mailbox: 'INBOX',
        raw,
        sizeBytes: raw.length,
        fromAddress: values.from,
        toAddresses: ['placements@northshire.example'],
        subject: values.subject,
        references: [],
        receivedAt: values.receivedAt,
        status: 'routed',
        councilId: this.councilId,
        referralId: referral.id,
        routeMethod: values.routeMethod ?? 'token',
        ...(values.handledBy ? { handledByStaffId: (await staffIdOf(this.db, values.handledBy)), handledAt: values.receivedAt } : {}),
        createdAt: values.receivedAt,
      })
      .returning())[0]!;
    const reply = (await this.db
      .insert(providerReplies)
      .values({
        councilId: this.councilId,
        requestId: referral.requestId,
        referralId: referral.id,
        providerId: referral.providerId,
        inboundMessageId: message.id,
        kind: values.kind,
        status: values.status,
        extracted: { kind: values.kind },
        confidence: 90,
        replyText: values.text,
        attachments: (values.attachments ?? []).map((filename) => ({ filename, contentType: 'application/pdf', size: 20_480 })),
        createdAt: values.receivedAt,
      })
      .returning())[0]!;
    const by = values.handledBy ?? null;
    (await this.audit(values.receivedAt, by, 'reply.received', { replyId: reply.id, referralId: referral.id, providerId: referral.providerId, kind: values.kind }, { type: 'placement_request', id: referral.requestId }));
    if (values.routeMethod === 'manual') (await this.audit(values.receivedAt, by, 'triage.attached', { referralId: referral.id, requestId: referral.requestId }, { type: 'inbound_message', id: message.id }));
    return { message, reply };
  }

  async offer(
    reply: { id: number; requestId: number; providerId: string },
    values: { canMeetNeeds: boolean; weeklyFeePence: number; weeksPerYear: number; addOnsWeeklyPence?: number; startDate?: string; conditions?: string; confirmedAt: string; qualityMark?: number; qualityReason?: string; withdrawn?: boolean },
  ) {
    const addOnsWeeklyPence = values.addOnsWeeklyPence ?? 0;
    const row = (await this.db
      .insert(offers)
      .values({
        councilId: this.councilId,
        requestId: reply.requestId,
        providerId: reply.providerId,
        replyId: reply.id,
        canMeetNeeds: values.canMeetNeeds,
        weeklyFeePence: values.weeklyFeePence,
        weeksPerYear: values.weeksPerYear,
        addOnsWeeklyPence,
        addOns: addOnsWeeklyPence ? [{ label: '1:1 staffing', weeklyPence: addOnsWeeklyPence }] : [],
        startDate: values.startDate ?? null,
        conditions: values.conditions ?? null,
        confirmedByStaffId: (await staffIdOf(this.db, this.officer)),
        confirmedAt: values.confirmedAt,
        corrected: false,
        qualityMark: values.qualityMark ?? null,
        qualityReason: values.qualityReason ?? null,
        qualityMarkedByStaffId: values.qualityMark !== undefined ? (await staffIdOf(this.db, this.officer)) : null,
        withdrawn: values.withdrawn ?? false,
        updatedAt: values.confirmedAt,
      })
      .returning())[0]!;
    (await this.audit(values.confirmedAt, this.officer, 'offer.confirmed', { offerId: row.id, providerId: reply.providerId }, { type: 'placement_request', id: reply.requestId }));
    return row;
  }

  async proposal(
    offer: { id: number; requestId: number; providerId: string; weeklyFeePence: number; weeksPerYear: number; addOnsWeeklyPence: number; startDate: string | null },
    values: {
      createdAt: string;
      rationale: string;
      rank: number;
      lowerRankReason?: string;
      revisionOf?: number;
      status: ProposalStatus;
      decision?: { by: PersonKey; role: 'service_manager' | 'head_of_service'; at: string; reason: string; authority: string };
    },
  ) {
    const d = values.decision;
    const row = (await this.db
      .insert(awardProposals)
      .values({
        councilId: this.councilId,
        requestId: offer.requestId,
        offerId: offer.id,
        providerId: offer.providerId,
        proposedByStaffId: (await staffIdOf(this.db, this.officer)),
        rationale: values.rationale,
        lowerRankReason: values.lowerRankReason ?? null,
        rank: values.rank,
        weeklyFeePence: offer.weeklyFeePence,
        weeksPerYear: offer.weeksPerYear,
        addOnsWeeklyPence: offer.addOnsWeeklyPence,
        annualValuePence: (offer.weeklyFeePence + offer.addOnsWeeklyPence) * offer.weeksPerYear,
        startDate: offer.startDate,
        status: values.status,
        ...(d ? { decisionByStaffId: (await staffIdOf(this.db, d.by)), decisionRole: d.role, decisionAt: d.at, decisionReason: d.reason, decisionAuthority: d.authority } : {}),
        revisionOf: values.revisionOf ?? null,
        createdAt: values.createdAt,
        updatedAt: d?.at ?? values.createdAt,
      })
      .returning())[0]!;
    (await this.audit(values.createdAt, this.officer, 'award.proposed', { proposalId: row.id, providerId: offer.providerId }, { type: 'placement_request', id: offer.requestId }));
    if (d) {
      const action = values.status === 'approved' ? 'award.approved' : values.status === 'rejected' ? 'award.rejected' : 'award.information_requested';
      (await this.audit(d.at, d.by, action, { proposalId: row.id, providerId: offer.providerId }, { type: 'placement_request', id: offer.requestId }));
    }
    return row;
  }

  async award(proposal: typeof awardProposals.$inferSelect, values: { startDate: string; endDate: string; approver: PersonKey; approverRole: 'service_manager' | 'head_of_service'; authority: string; at: string }) {
    const offer = (await this.db.select().from(offers).where(eq(offers.id, proposal.offerId)))[0]!;
    return (await this.db
      .insert(awards)
      .values({
        councilId: this.councilId,
        requestId: proposal.requestId,
        proposalId: proposal.id,
        offerId: proposal.offerId,
        providerId: proposal.providerId,
        childReference: 'PR-2026-0042 (case EHC-1001, JS)',
        lot: 1,
        weeklyFeePence: proposal.weeklyFeePence,
        weeksPerYear: proposal.weeksPerYear,
        addOnsWeeklyPence: proposal.addOnsWeeklyPence,
        addOns: offer.addOns,
        annualValuePence: proposal.annualValuePence,
        startDate: values.startDate,
        endDate: values.endDate,
        approverStaffId: (await staffIdOf(this.db, values.approver)),
        approverRole: values.approverRole,
        authority: values.authority,
        createdAt: values.at,
      })
      .returning())[0]!;
  }
}

const entry = (providerId: string, providerName: string, included: boolean, selected: boolean, reasons: string[], officerReason?: string): ShortlistDecision => ({
  providerId,
  providerName,
  included,
  selected,
  reasons,
  ...(officerReason ? { officerReason } : {}),
});

export const ADDED_REASON = 'The school has agreed to extend its age range for this child.';
export const REMOVED_REASON = 'The school told us it has no place before 2028.';

/**
 * The whole story of request PR-2026-0042 in a council: appraisal confirmed for the FPS call-off,
 * four providers referred (one added by the officer, one bounced), a question answered, two offers,
 * a proposal returned for more information, a revised proposal approved by the Head of Service, the award.
 */
export async function placedRequest(db: Db, councilId: number, reference = 'PR-2026-0042') {
  const f = new EvidenceFixture(db, councilId);
  const request = (await f.request(reference, 'responses'));
  (await f.appraisal(request.id));
  const shortlist = (await f.shortlist(request.id, [
    entry('FPS-7001', 'Larkfield School', true, true, ['included: lot 1, covers ASD and SLCN, age 5–16, Good (2025)']),
    entry('FPS-7002', 'Moorside Academy', true, true, ['included: lot 1, covers ASD, age 11–19, Outstanding (2024)', 'does not list secondary need SLCN']),
    entry('FPS-7007', "Thornfield Girls' School", true, false, ['included: lot 1, covers ASD, age 11–16'], REMOVED_REASON),
    entry('FPS-7003', 'Pennine View School', false, true, ['excluded: age 4–11'], ADDED_REASON),
    entry('FPS-7004', 'Quarry Bank School', false, false, ['excluded: latest inspection Inadequate (Jan 2025)']),
  ]));
  const larkfield = (await f.referral(request.id, shortlist.id, 'FPS-7001', 'admissions@larkfield.example.org', { status: 'sent', sentAt: '2026-03-06T09:01:00.000Z', respondedAt: '2026-03-09T14:00:00.000Z' }));
  const moorside = (await f.referral(request.id, shortlist.id, 'FPS-7002', 'referrals@moorside.example.org', {
    status: 'sent',
    sentAt: '2026-03-06T09:02:00.000Z',
    reminderSentAt: '2026-03-18T08:00:00.000Z',
    autoReplyAt: '2026-03-06T09:03:00.000Z',
    respondedAt: '2026-03-19T16:00:00.000Z',
  }));
  const pennine = (await f.referral(request.id, shortlist.id, 'FPS-7003', 'office@pennineview.example.org', { status: 'undelivered', sentAt: '2026-03-06T09:03:00.000Z', lastError: 'bounced: 550 mailbox unavailable' }));

  (await f.email(larkfield.id, 'referral', { createdAt: '2026-03-06T09:00:00.000Z', status: 'sent', sentAt: '2026-03-06T09:01:00.000Z' }));
  (await f.email(moorside.id, 'referral', { createdAt: '2026-03-06T09:00:00.000Z', status: 'sent', sentAt: '2026-03-06T09:02:00.000Z' }));
  (await f.email(pennine.id, 'referral', { createdAt: '2026-03-06T09:00:00.000Z', status: 'sent', sentAt: '2026-03-06T09:03:00.000Z' }));
  (await f.reply(pennine, { from: 'mailer-daemon@mx.pennineview.example.org', subject: 'Undelivered Mail Returned to Sender', receivedAt: '2026-03-06T09:05:00.000Z', kind: 'bounce', status: 'noted', text: '550 mailbox unavailable' }));
  (await f.reply(moorside, { from: 'referrals@moorside.example.org', subject: 'Automatic reply: Referral PR-2026-0042', receivedAt: '2026-03-06T09:03:00.000Z', kind: 'auto-reply', status: 'noted', text: 'I am out of the office until 16 March.' }));
  const question = (await f.reply(larkfield, {
    from: 'admissions@larkfield.example.org',
    subject: `Re: Referral ${reference}: placement request`,
    receivedAt: '2026-03-09T14:00:00.000Z',
    kind: 'query',
    status: 'query',
    text: 'Does the council arrange the escorted transport, or should our fee include it?',
  }));
  (await f.email(larkfield.id, 'provider_answer', {
    createdAt: '2026-03-10T10:59:00.000Z',
    status: 'sent',
    sentAt: '2026-03-10T11:00:00.000Z',
    extra: { replyId: question.reply.id, text: 'The council arranges and pays for the escorted transport; please leave it out of your fee.', officerStaffId: (await staffIdOf(db, 'placementsOfficer')) },
  }));
  const larkfieldOffer = (await f.reply(larkfield, {
    from: 'admissions@larkfield.example.org',
    subject: `Re: Referral ${reference}: placement request`,
    receivedAt: '2026-03-12T09:30:00.000Z',
    kind: 'offer',
    status: 'confirmed',
    text: 'We can meet the needs in Section F. Weekly fee £2,450 for 38 weeks; 1:1 staffing £300 a week. Earliest start 7 September 2027.',
    attachments: ['fee-schedule-2027.pdf'],
  }));
  (await f.email(moorside.id, 'reminder', { createdAt: '2026-03-18T08:00:00.000Z', status: 'sent', sentAt: '2026-03-18T08:00:00.000Z' }));
  const moorsideOffer = (await f.reply(moorside, {
    from: 'head@moorside.example.org',
    subject: 'Place for a Year 7 pupil',
    receivedAt: '2026-03-19T16:00:00.000Z',
    kind: 'offer',
    status: 'confirmed',
    text: 'We have a place from September 2027 at £2,200 a week over 38 weeks.',
    routeMethod: 'manual',
    handledBy: 'placementsOfficer',
  }));

  const offerA = (await f.offer(larkfieldOffer.reply, {
    canMeetNeeds: true,
    weeklyFeePence: 245_000,
    weeksPerYear: 38,
    addOnsWeeklyPence: 30_000,
    startDate: '2027-09-07',
    confirmedAt: '2026-03-12T10:00:00.000Z',
    qualityMark: 80,
    qualityReason: 'Strong speech and language therapy on site; settled autism practice.',
  }));
  const offerB = (await f.offer(moorsideOffer.reply, {
    canMeetNeeds: true,
    weeklyFeePence: 220_000,
    weeksPerYear: 38,
    startDate: '2027-09-07',
    confirmedAt: '2026-03-20T09:00:00.000Z',
    qualityMark: 60,
    qualityReason: 'Good autism provision but therapy is bought in termly.',
  }));

  const first = (await f.proposal(offerA, {
    createdAt: '2026-03-23T10:00:00.000Z',
    rationale: 'Highest score; on-site SALT meets Section F best.',
    rank: 1,
    status: 'info_requested',
    decision: { by: 'serviceManager', role: 'service_manager', at: '2026-03-24T09:00:00.000Z', reason: 'Please confirm that the 1:1 cost covers the whole school day.', authority: 'Service Manager (decision without financial commitment)' },
  }));
  const approved = (await f.proposal(offerA, {
    createdAt: '2026-03-25T10:00:00.000Z',
    rationale: 'Highest score; the school confirmed 1:1 covers the whole day.',
    rank: 1,
    revisionOf: first.id,
    status: 'approved',
    decision: { by: 'headOfService', role: 'head_of_service', at: '2026-03-26T15:00:00.000Z', reason: 'Meets Section F and is good value.', authority: 'Head of Service: delegated authority for any value (this award £104,500 a year)' },
  }));
  const award = (await f.award(approved, { startDate: '2027-09-07', endDate: '2028-07-21', approver: 'headOfService', approverRole: 'head_of_service', authority: 'Head of Service: delegated authority for any value (this award £104,500 a year)', at: '2026-03-26T15:00:00.000Z' }));
  (await f.email(larkfield.id, 'award', { createdAt: '2026-03-26T15:00:00.000Z', status: 'sent', sentAt: '2026-03-26T15:01:00.000Z', extra: { awardId: award.id } }));
  (await f.email(moorside.id, 'not_selected', { createdAt: '2026-03-26T15:00:00.000Z', status: 'pending', extra: { awardId: award.id } }));

  // As the services leave it: placed once the award is made (and frozen from then on).
  const placed = (await db.update(placementRequests).set({ status: 'placed' }).where(eq(placementRequests.id, request.id)).returning())[0]!;
  return { request: placed, shortlist, referrals: { larkfield, moorside, pennine }, offers: { larkfield: offerA, moorside: offerB }, proposals: { first, approved }, award };
}

/** A request whose appraisal has been started but not confirmed. */
export async function requestAtAppraisal(db: Db, councilId: number, reference: string) {
  const f = new EvidenceFixture(db, councilId);
  const request = (await f.request(reference, 'appraisal'));
  (await f.appraisal(request.id, false));
  return request;
}
