import type { CouncilScope } from '../../db/council-scope.js';
import {
  findAwardForRequest,
  listAuditForRequest,
  listEmailsForReferrals,
  listInboundForReferrals,
  listProposalsForRequest,
  type InboundMessageSummary,
} from '../../db/repositories/evidence.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { loadProviderRecords } from '../../db/repositories/providers.js';
import type { ProviderRecord } from '../../domain/provider-register.js';
import { listCurrentOffersForRequest, listRepliesForRequest, type OfferRow, type ProviderReplyRow } from '../../db/repositories/replies.js';
import { findShortlistForRequest, listReferralsForRequest, type ReferralRow } from '../../db/repositories/referrals.js';
import { staffNamesById } from '../../db/repositories/staff.js';
import type { ProposalStatus } from '../../db/schema/awards.js';
import type { ReplyKind, ReplyStatus } from '../../db/schema/inbound.js';
import type { RequestStatus } from '../../db/schema/placement-requests.js';
import type { ReferralStatus, ShortlistStatus } from '../../db/schema/referrals.js';
import { formatPounds } from '../../domain/money.js';
import { isRoute, ROUTE_SHORT_LABELS, type Route } from '../../domain/appraisal/routes.js';
import { formatUkDate, isCalendarDate, formatUkInstant } from '../../domain/calendar-date.js';
import { distanceBand, evaluateOffers, type EvaluatedOffer } from '../../domain/evaluation.js';
import type { FeeBenchmark } from '../../domain/fee-benchmark.js';
import { annualCostPence } from '../../domain/offer-figures.js';
import { ageOn, nationalCurriculumYear } from '../../domain/placement-request/age.js';
import { CHILD_SEX_LABELS, EHCP_STATUS_LABELS, RISK_FLAG_LABELS, URGENCY_LABELS } from '../../domain/placement-request/fields.js';
import { ROLE_LABELS, type Lot, type NeedCode, type StaffRole } from '../../domain/reference-data.js';
import { buildAppraisalRecord, type AppraisalRevisionRecord } from '../appraisals/appraisal-record.js';
import { offerForEvaluation } from '../awards/evaluation.js';
import type { ServiceDeps } from '../deps.js';

/**
 * The record that answers "why was this placement secured": the request, the appraisal and its
 * confirmation, the shortlist with reasons, every provider communication, the evaluation, the
 * proposals, the decisions with their authority and the award. It is pseudonymised by construction:
 * the child appears only as the council's case reference, initials, age and year group (no date of
 * birth, no name), so whatever renders it cannot print more.
 */

export interface EvidenceRequest {
  reference: string;
  status: RequestStatus;
  caseReference: string | null;
  childInitials: string | null;
  /** Completed years on the required start date. */
  ageAtStart: number | null;
  yearGroupAtStart: string | null;
  sex: string | null;
  homePostcodeDistrict: string | null;
  ehcpStatus: string | null;
  primaryNeed: NeedCode | null;
  secondaryNeeds: NeedCode[];
  sectionB: string | null;
  sectionE: string | null;
  sectionF: string | null;
  lot: Lot | null;
  requiredStartDate: string | null;
  preferredSetting: string | null;
  risks: string[];
  medicalNeeds: string | null;
  transportNeeds: string | null;
  urgency: string | null;
  urgencyReason: string | null;
  caseworker: string;
  createdAt: string;
  submittedAt: string | null;
  submittedBy: string | null;
  chosenRoute: Route | null;
  annualCostPence: number | null;
  closedAt: string | null;
  closedReason: string | null;
}

/** How the officer's shortlist relates to what the rules proposed. */
export type ShortlistChange = 'by_rules' | 'added_by_officer' | 'removed_by_officer' | 'excluded_by_rules';

export interface EvidenceShortlistEntry {
  providerId: string;
  providerName: string;
  change: ShortlistChange;
  selected: boolean;
  /** The rules' reasons ("included: …", "excluded: …", notes to check). */
  reasons: string[];
  officerReason: string | null;
}

export interface EvidenceShortlist {
  status: ShortlistStatus;
  createdBy: string;
  createdAt: string;
  sentBy: string | null;
  sentAt: string | null;
  responseDeadline: string;
  priceWeight: number;
  qualityWeight: number;
  closedBy: string | null;
  closedAt: string | null;
  entries: EvidenceShortlistEntry[];
}

export interface EvidenceReferral {
  providerId: string;
  providerName: string;
  contactEmail: string;
  status: ReferralStatus;
  sentAt: string | null;
  reminderSentAt: string | null;
  respondedAt: string | null;
  autoReplyAt: string | null;
  lastError: string | null;
}

export interface Communication {
  at: string;
  direction: 'sent' | 'received';
  providerId: string;
  providerName: string;
  /** 'Referral', 'Reminder', 'Answer to a question', 'Award letter', 'Offer', 'Bounce', 'Offer, submitted on the reply page', … */
  what: string;
  /** Who it went to, or who it came from. */
  address: string;
  subject?: string;
  /** sent / pending / retrying / failed / undelivered for e-mails we sent; the reply's state for received ones. */
  status: string;
  /** Received: the start of the provider's new text; sent answers: the officer's text. */
  excerpt?: string;
  attachments?: string[];
}

export interface EvidenceOffer extends EvaluatedOffer {
  addOns: Array<{ label: string; weeklyPence: number }>;
  conditions: string | null;
  confirmedBy: string;
  confirmedAt: string;
  /** The officer changed what the reader took from the e-mail. */
  corrected: boolean;
  qualityReason: string | null;
  qualityMarkedBy: string | null;
  withdrawn: boolean;
}

export interface EvidenceEvaluation {
  priceWeight: number;
  qualityWeight: number;
  homeDistrict: string;
  /** Ranked offers first (best first), then the unranked and the withdrawn. */
  offers: EvidenceOffer[];
}

export interface EvidenceDecision {
  outcome: 'approved' | 'rejected' | 'info_requested';
  by: string;
  role: StaffRole | null;
  at: string;
  reason: string | null;
  authority: string | null;
}

export interface EvidenceProposal {
  id: number;
  providerId: string;
  providerName: string;
  proposedBy: string;
  proposedAt: string;
  rationale: string;
  lowerRankReason: string | null;
  rank: number | null;
  weeklyFeePence: number;
  weeksPerYear: number;
  addOnsWeeklyPence: number;
  annualValuePence: number;
  startDate: string | null;
  status: ProposalStatus;
  revisionOf: number | null;
  /** The regional fee benchmark on the approval card (recorded when the proposal was made). */
  feeBenchmark: FeeBenchmark | null;
  decision: EvidenceDecision | null;
}

export interface EvidenceAward {
  providerId: string;
  providerName: string;
  childReference: string;
  lot: number;
  weeklyFeePence: number;
  weeksPerYear: number;
  addOnsWeeklyPence: number;
  addOns: Array<{ label: string; weeklyPence: number }>;
  annualValuePence: number;
  startDate: string;
  endDate: string;
  approver: string;
  approverRole: StaffRole;
  authority: string;
  createdAt: string;
}

export interface EvidenceTrailEntry {
  at: string;
  who: string;
  action: string;
  providerName: string | null;
}

export interface EvidenceCounts {
  shortlisted: number;
  /** Referral e-mails: one per provider contact. */
  referrals: number;
  /** Providers referred (a provider with two contacts is one provider). */
  providersReferred: number;
  /** Providers that replied, from any of their contacts. */
  replied: number;
  offers: number;
  declines: number;
  sent: number;
  received: number;
}

export interface EvidenceRecord {
  councilName: string;
  request: EvidenceRequest;
  appraisal: AppraisalRevisionRecord[];
  shortlist: EvidenceShortlist | null;
  referrals: EvidenceReferral[];
  /** Every e-mail to and from providers about this request, oldest first. */
  communications: Communication[];
  evaluation: EvidenceEvaluation | null;
  proposals: EvidenceProposal[];
  award: EvidenceAward | null;
  trail: EvidenceTrailEntry[];
  counts: EvidenceCounts;
  /** The answer in a few sentences, from whatever has happened so far. */
  answersWhy: string[];
  /** The stages not reached yet (empty once the award is made, or when the request left the FPS route). */
  notYetDone: string[];
}

export const EXCERPT_LENGTH = 300;

const SENT_LABELS: Record<string, string> = {
  referral: 'Referral',
  reminder: 'Reminder',
  provider_answer: 'Answer to a question',
  award: 'Award letter',
  not_selected: 'Not selected letter',
};

const RECEIVED_LABELS: Record<ReplyKind, string> = {
  offer: 'Offer',
  decline: 'Decline',
  query: 'Question',
  acknowledgement: 'Acknowledgement',
  'auto-reply': 'Out-of-office',
  bounce: 'Bounce',
  unknown: 'Reply not understood',
};

const REPLY_STATUS_LABELS: Record<ReplyStatus, string> = {
  needs_confirmation: 'figures to confirm',
  confirmed: 'figures confirmed',
  query: 'question open',
  noted: 'noted',
};

const DECISION_LABELS: Record<EvidenceDecision['outcome'], string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  info_requested: 'More information asked for',
};

function excerptOf(text: string, length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1).trimEnd()}…` : flat;
}

const day = (iso: string) => formatUkInstant(iso);
/** A reason as a clause inside a longer sentence: trailing full stops and spaces dropped. */
const clause = (text: string) => text.trim().replace(/[.\s]+$/, '');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function buildEvidenceRecord(deps: ServiceDeps, scope: CouncilScope, request: PlacementRequestRow, councilName: string): Promise<EvidenceRecord> {
  const { db } = deps;
  // The names a record mentions, read once: the pack is assembled from them without further queries.
  const staffNames = (await staffNamesById(db));
  const nameOf = (id: number) => staffNames.get(id) ?? `staff #${id}`;
  const providers = (await loadProviderRecords(db));
  const providerOf = (id: string) => providers.get(id);
  const providerName = (id: string) => providerOf(id)?.name ?? id;

  const appraisal = (await buildAppraisalRecord(deps, scope, request, councilName)).revisions;
  const shortlistRow = (await findShortlistForRequest(db, scope, request.id));
  const referralRows = (await listReferralsForRequest(db, scope, request.id));
  const referralIds = referralRows.map((r) => r.id);
  const replies = (await listRepliesForRequest(db, scope, request.id));
  const inbound = (await listInboundForReferrals(db, scope, referralIds));
  const emails = (await listEmailsForReferrals(db, scope, referralIds));
  const offerRows = (await listCurrentOffersForRequest(db, scope, request.id));
  const proposalRows = (await listProposalsForRequest(db, scope, request.id));
  const awardRow = (await findAwardForRequest(db, scope, request.id));
  const auditRows = (await listAuditForRequest(db, scope, request.id, inbound.map((m) => m.id)));

  const shortlist: EvidenceShortlist | null = shortlistRow
    ? {
        status: shortlistRow.status,
        createdBy: nameOf(shortlistRow.createdByStaffId),
        createdAt: shortlistRow.createdAt,
        sentBy: shortlistRow.sentByStaffId !== null ? nameOf(shortlistRow.sentByStaffId) : null,
        sentAt: shortlistRow.sentAt,
        responseDeadline: shortlistRow.responseDeadline,
        priceWeight: shortlistRow.priceWeight,
        qualityWeight: shortlistRow.qualityWeight,
        closedBy: shortlistRow.closedByStaffId !== null ? nameOf(shortlistRow.closedByStaffId) : null,
        closedAt: shortlistRow.closedAt,
        entries: shortlistRow.entries.map((e) => ({
          providerId: e.providerId,
          providerName: e.providerName,
          change: e.included ? (e.selected ? 'by_rules' : 'removed_by_officer') : e.selected ? 'added_by_officer' : 'excluded_by_rules',
          selected: e.selected,
          reasons: e.reasons,
          officerReason: e.officerReason ?? null,
        })),
      }
    : null;

  const referrals: EvidenceReferral[] = referralRows.map((r) => ({
    providerId: r.providerId,
    providerName: providerName(r.providerId),
    contactEmail: r.contactEmail,
    status: r.status,
    sentAt: r.sentAt,
    reminderSentAt: r.reminderSentAt,
    respondedAt: r.respondedAt,
    autoReplyAt: r.autoReplyAt,
    lastError: r.lastError,
  }));

  const communications = buildCommunications({ referralRows, replies, inbound, emails, providerName, nameOf });
  const evaluation = shortlistRow && offerRows.length ? buildEvaluation(request, shortlistRow, offerRows, providerOf, nameOf) : null;

  const proposals: EvidenceProposal[] = proposalRows.map((p) => ({
    id: p.id,
    providerId: p.providerId,
    providerName: p.providerName || providerName(p.providerId),
    proposedBy: nameOf(p.proposedByStaffId),
    proposedAt: p.createdAt,
    rationale: p.rationale,
    lowerRankReason: p.lowerRankReason,
    rank: p.rank,
    weeklyFeePence: p.weeklyFeePence,
    weeksPerYear: p.weeksPerYear,
    addOnsWeeklyPence: p.addOnsWeeklyPence,
    annualValuePence: p.annualValuePence,
    startDate: p.startDate,
    status: p.status,
    revisionOf: p.revisionOf,
    feeBenchmark: p.feeBenchmark ?? null,
    decision:
      p.status !== 'pending' && p.decisionByStaffId !== null && p.decisionAt
        ? { outcome: p.status, by: nameOf(p.decisionByStaffId), role: p.decisionRole, at: p.decisionAt, reason: p.decisionReason, authority: p.decisionAuthority }
        : null,
  }));

  const award: EvidenceAward | null = awardRow
    ? {
        providerId: awardRow.providerId,
        // The award's own copy: what was decided, even if the register changes later.
        providerName: awardRow.providerName || providerName(awardRow.providerId),
        childReference: awardRow.childReference,
        lot: awardRow.lot,
        weeklyFeePence: awardRow.weeklyFeePence,
        weeksPerYear: awardRow.weeksPerYear,
        addOnsWeeklyPence: awardRow.addOnsWeeklyPence,
        addOns: awardRow.addOns,
        annualValuePence: awardRow.annualValuePence,
        startDate: awardRow.startDate,
        endDate: awardRow.endDate,
        approver: awardRow.approverName || nameOf(awardRow.approverStaffId),
        approverRole: awardRow.approverRole,
        authority: awardRow.authority,
        createdAt: awardRow.createdAt,
      }
    : null;

  const trail: EvidenceTrailEntry[] = auditRows.map((e) => ({
    at: e.at,
    who: e.actorStaffId !== null ? nameOf(e.actorStaffId) : e.actorLabel,
    action: e.action,
    providerName: typeof e.details.providerId === 'string' ? providerName(e.details.providerId) : null,
  }));

  const liveOffers = offerRows.filter((o) => !o.withdrawn);
  const counts: EvidenceCounts = {
    shortlisted: shortlist?.entries.filter((e) => e.selected).length ?? 0,
    referrals: referralRows.length,
    providersReferred: new Set(referralRows.map((r) => r.providerId)).size,
    replied: new Set(referralRows.filter((r) => r.respondedAt !== null).map((r) => r.providerId)).size,
    offers: liveOffers.filter((o) => o.canMeetNeeds).length,
    declines: liveOffers.filter((o) => !o.canMeetNeeds).length,
    sent: communications.filter((c) => c.direction === 'sent').length,
    received: communications.filter((c) => c.direction === 'received').length,
  };

  const partial = {
    councilName,
    request: evidenceRequest(request, nameOf),
    appraisal,
    shortlist,
    referrals,
    communications,
    evaluation,
    proposals,
    award,
    trail,
    counts,
  };
  return { ...partial, ...summarise(partial, replies) };
}

function evidenceRequest(request: PlacementRequestRow, nameOf: (id: number) => string): EvidenceRequest {
  const { child = {}, needs = {}, placement = {}, risks = {} } = request.draft;
  const dob = isCalendarDate(child.dateOfBirth) ? child.dateOfBirth : undefined;
  const start = isCalendarDate(placement.requiredStartDate) ? placement.requiredStartDate : undefined;
  return {
    reference: request.reference ?? `draft #${request.id}`,
    status: request.status,
    caseReference: child.caseReference ?? null,
    childInitials: child.childInitials ?? null,
    ageAtStart: dob && start ? ageOn(dob, start) : null,
    yearGroupAtStart: dob && start ? nationalCurriculumYear(dob, start) : null,
    sex: child.sex ? CHILD_SEX_LABELS[child.sex] : null,
    homePostcodeDistrict: child.homePostcodeDistrict ?? null,
    ehcpStatus: needs.ehcpStatus ? EHCP_STATUS_LABELS[needs.ehcpStatus] : null,
    primaryNeed: needs.primaryNeed ?? request.primaryNeed ?? null,
    secondaryNeeds: needs.secondaryNeeds ?? [],
    sectionB: needs.sectionB ?? null,
    sectionE: needs.sectionE ?? null,
    sectionF: needs.sectionF ?? null,
    lot: placement.lot ?? request.lot ?? null,
    requiredStartDate: start ?? null,
    preferredSetting: placement.preferredSetting ?? null,
    risks: (risks.riskFlags ?? []).map((f) => RISK_FLAG_LABELS[f]),
    medicalNeeds: risks.medicalNeeds ?? null,
    transportNeeds: risks.transportNeeds ?? null,
    urgency: risks.urgency ? URGENCY_LABELS[risks.urgency] : null,
    urgencyReason: risks.urgencyReason ?? null,
    caseworker: nameOf(request.caseworkerStaffId),
    createdAt: request.createdAt,
    submittedAt: request.submittedAt,
    submittedBy: request.submittedByStaffId !== null ? nameOf(request.submittedByStaffId) : null,
    chosenRoute: isRoute(request.chosenRoute) ? request.chosenRoute : null,
    annualCostPence: request.annualCostPence,
    closedAt: request.closedAt,
    closedReason: request.closedReason,
  };
}

function sentStatus(email: { status: string; attempts: number }, referral: ReferralRow, template: string | undefined): string {
  if (template === 'referral' && (referral.status === 'undelivered' || referral.status === 'failed')) return referral.status;
  if (email.status === 'sent') return 'sent';
  if (email.status === 'dead') return 'failed';
  return email.attempts > 0 ? 'retrying' : 'pending';
}

function buildCommunications(args: {
  referralRows: ReferralRow[];
  replies: ProviderReplyRow[];
  inbound: InboundMessageSummary[];
  emails: Awaited<ReturnType<typeof listEmailsForReferrals>>;
  providerName: (id: string) => string;
  nameOf: (id: number) => string;
}): Communication[] {
  const referralById = new Map(args.referralRows.map((r) => [r.id, r]));
  const inboundById = new Map(args.inbound.map((m) => [m.id, m]));
  const replyById = new Map(args.replies.map((r) => [r.id, r]));
  const answeredReplies = new Set<number>();
  const items: Array<Communication & { order: number }> = [];

  for (const email of args.emails) {
    const payload = email.payload as { template?: string; referralId?: number; replyId?: number; text?: string };
    const referral = payload.referralId !== undefined ? referralById.get(payload.referralId) : undefined;
    if (!referral) continue;
    const answered = payload.template === 'provider_answer' && payload.replyId !== undefined ? replyById.get(payload.replyId) : undefined;
    if (answered) answeredReplies.add(answered.id);
    const answeredFrom = answered ? inboundById.get(answered.inboundMessageId)?.fromAddress : undefined;
    items.push({
      order: items.length,
      at: email.sentAt ?? email.createdAt,
      direction: 'sent',
      providerId: referral.providerId,
      providerName: args.providerName(referral.providerId),
      what: SENT_LABELS[payload.template ?? ''] ?? `E-mail (${payload.template ?? 'unknown'})`,
      address: answeredFrom ?? referral.contactEmail,
      status: sentStatus(email, referral, payload.template),
      ...(payload.template === 'provider_answer' && payload.text ? { excerpt: payload.text } : {}),
    });
  }

  const correctedBy = new Set(args.replies.map((r) => r.supersedesReplyId).filter((id): id is number => id !== null));
  const receivedItem = (message: InboundMessageSummary | undefined, reply: ProviderReplyRow | undefined, referral: ReferralRow): Communication => {
    let what = reply ? RECEIVED_LABELS[reply.kind] : 'Message';
    if (message?.routeMethod === 'manual') {
      const by = message.handledByStaffId !== null ? ` by ${args.nameOf(message.handledByStaffId)}` : '';
      what = `${what}: unmatched message attached by hand${by}`;
    }
    const onReplyPage = message?.routeMethod === 'reply_page';
    if (onReplyPage) what = `${what}, ${reply?.supersedesReplyId ? 'correction submitted' : 'submitted'} on the reply page`;
    const replyStatus = reply ? (reply.kind === 'query' && answeredReplies.has(reply.id) ? 'answered' : REPLY_STATUS_LABELS[reply.status]) : (message?.status ?? 'stored');
    const status = reply && correctedBy.has(reply.id) ? `${replyStatus}; replaced by the provider's correction` : replyStatus;
    return {
      at: message?.receivedAt ?? reply?.createdAt ?? '',
      direction: 'received',
      providerId: referral.providerId,
      providerName: args.providerName(referral.providerId),
      what,
      address: onReplyPage ? 'reply page (signed link)' : (message?.fromAddress ?? ''),
      ...(message?.subject ? { subject: message.subject } : {}),
      status,
      ...(reply?.replyText.trim() ? { excerpt: excerptOf(reply.replyText) } : {}),
      ...(reply?.attachments.length ? { attachments: reply.attachments.map((a) => a.filename) } : {}),
    };
  };

  const replyByMessage = new Map(args.replies.map((r) => [r.inboundMessageId, r]));
  for (const reply of args.replies) {
    const referral = referralById.get(reply.referralId);
    if (referral) items.push({ order: items.length, ...receivedItem(inboundById.get(reply.inboundMessageId), reply, referral) });
  }
  for (const message of args.inbound) {
    const referral = message.referralId !== null ? referralById.get(message.referralId) : undefined;
    if (referral && !replyByMessage.has(message.id)) items.push({ order: items.length, ...receivedItem(message, undefined, referral) });
  }

  return items.sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order).map(({ order: _order, ...c }) => c);
}

function buildEvaluation(
  request: PlacementRequestRow,
  shortlist: { priceWeight: number; qualityWeight: number },
  offerRows: OfferRow[],
  providerOf: (id: string) => ProviderRecord | undefined,
  nameOf: (id: number) => string,
): EvidenceEvaluation {
  const homeDistrict = request.draft.child?.homePostcodeDistrict ?? '';
  const byId = new Map(offerRows.map((o) => [o.id, o]));
  const forEvaluation = (o: OfferRow) => offerForEvaluation(o, providerOf(o.providerId));
  // A withdrawn offer stays in the record but takes no part in the ranking.
  const ranked = evaluateOffers(offerRows.filter((o) => !o.withdrawn).map(forEvaluation), shortlist, homeDistrict);
  const withdrawn: EvaluatedOffer[] = offerRows
    .filter((o) => o.withdrawn)
    .map((o) => {
      const base = forEvaluation(o);
      return {
        ...base,
        annualCostPence: annualCostPence(base),
        priceScore: null,
        qualityScore: null,
        totalScore: null,
        rank: null,
        distanceBand: distanceBand(homeDistrict, base.providerPostcode),
        notes: ['withdrawn: not ranked'],
      };
    });
  const offers = [...ranked, ...withdrawn].map((e): EvidenceOffer => {
    const o = byId.get(e.offerId)!;
    return {
      ...e,
      addOns: o.addOns,
      conditions: o.conditions,
      confirmedBy: nameOf(o.confirmedByStaffId),
      confirmedAt: o.confirmedAt,
      corrected: o.corrected,
      qualityReason: o.qualityReason,
      qualityMarkedBy: o.qualityMarkedByStaffId !== null ? nameOf(o.qualityMarkedByStaffId) : null,
      withdrawn: o.withdrawn,
    };
  });
  return { priceWeight: shortlist.priceWeight, qualityWeight: shortlist.qualityWeight, homeDistrict, offers };
}

type RecordSoFar = Omit<EvidenceRecord, 'answersWhy' | 'notYetDone'>;

/** The "why" in sentences, and the stages still to come, from whatever the record holds. */
function summarise(r: RecordSoFar, replies: ProviderReplyRow[]): { answersWhy: string[]; notYetDone: string[] } {
  const why: string[] = [];
  const notYet: string[] = [];
  const req = r.request;

  why.push(
    `Request ${req.reference}${req.caseReference ? ` (case ${req.caseReference}${req.childInitials ? `, ${req.childInitials}` : ''})` : ''} raised by ${req.caseworker}` +
      (req.submittedAt ? ` and submitted on ${day(req.submittedAt)}` : ', not submitted yet') +
      (req.lot ? `: lot ${req.lot}` : '') +
      (req.primaryNeed ? `, primary need ${req.primaryNeed}` : '') +
      (req.requiredStartDate ? `, start wanted ${formatUkDate(req.requiredStartDate)}` : '') +
      '.',
  );
  if (req.status === 'cancelled') {
    why.push(`The request was cancelled${req.closedReason ? `: ${clause(req.closedReason)}` : ''}.`);
    return { answersWhy: why, notYetDone: [] };
  }

  const confirmed = [...r.appraisal].reverse().find((a) => a.confirmation && a.status !== 'superseded');
  const latest = r.appraisal.at(-1);
  if (confirmed?.confirmation) {
    const c = confirmed.confirmation;
    const recommended = confirmed.recommendation?.route;
    const followed = c.overridesRecommendation
      ? ` The recommendation${recommended ? ` (${ROUTE_SHORT_LABELS[recommended]})` : ''} was not followed.`
      : recommended === c.route
        ? ' This was the recommended route.'
        : '';
    why.push(`Route chosen: ${ROUTE_SHORT_LABELS[c.route]}, confirmed by ${c.byName} (${ROLE_LABELS[c.role]}) on ${day(c.at)}: ${clause(c.reason)}.${followed}`);
  } else {
    why.push(latest ? `Route not confirmed yet: options appraisal revision ${latest.revision} is in progress.` : 'No options appraisal has been started yet.');
  }
  if (latest && latest !== confirmed && confirmed) {
    why.push(`Options appraisal revision ${latest.revision} is in progress${latest.revisionReason ? ` (${clause(latest.revisionReason)})` : ''} and not confirmed yet.`);
  }
  if (!confirmed?.confirmation) {
    notYet.push('Options appraisal: the route is not confirmed', 'Shortlist and referrals', 'Evaluation of offers', 'Award proposal', 'Approval decision', 'Award');
    return { answersWhy: why, notYetDone: notYet };
  }
  if (confirmed.confirmation.route !== 'fps_call_off') {
    why.push(
      `The request left the FPS route: ${req.closedReason ? clause(req.closedReason) : `closed on ${ROUTE_SHORT_LABELS[confirmed.confirmation.route]}`}` +
        (req.annualCostPence !== null ? ` (annual cost ${formatPounds(req.annualCostPence)}).` : '.'),
    );
    return { answersWhy: why, notYetDone: [] };
  }

  const s = r.shortlist;
  if (!s) {
    notYet.push('Shortlist and referrals', 'Evaluation of offers', 'Award proposal', 'Approval decision', 'Award');
    return { answersWhy: why, notYetDone: notYet };
  }
  const group = (change: ShortlistChange) => s.entries.filter((e) => e.change === change);
  const withReasons = (entries: EvidenceShortlistEntry[]) => entries.map((e) => `${e.providerName}${e.officerReason ? ` (${clause(e.officerReason)})` : ''}`).join(', ');
  const added = group('added_by_officer');
  const removed = group('removed_by_officer');
  why.push(
    `${plural(r.counts.shortlisted, 'provider')} shortlisted (${group('by_rules').length} by the rules` +
      (added.length ? `, ${added.length} added by the officer: ${withReasons(added)}` : '') +
      (removed.length ? `; ${removed.length} proposed by the rules removed by the officer: ${withReasons(removed)}` : '') +
      `; ${group('excluded_by_rules').length} excluded by the rules).`,
  );
  if (!s.sentAt) {
    why.push(`Shortlist drafted by ${s.createdBy} on ${day(s.createdAt)}; referrals not sent yet.`);
    notYet.push('Referrals to providers', 'Evaluation of offers', 'Award proposal', 'Approval decision', 'Award');
    return { answersWhy: why, notYetDone: notYet };
  }
  why.push(
    `${plural(r.counts.referrals, 'referral')} sent to ${plural(r.counts.providersReferred, 'provider')} by ${s.sentBy ?? 'the placements officer'} on ${day(s.sentAt)}, responses due by ${formatUkDate(s.responseDeadline)}; ` +
      `weighting fixed before they went out: price ${s.priceWeight}% / quality ${s.qualityWeight}%.`,
  );
  const undelivered = r.referrals.filter((x) => x.status === 'undelivered' || x.status === 'failed').length;
  const toConfirm = replies.filter((x) => x.status === 'needs_confirmation').length;
  const outcomes = [
    ...(r.counts.offers ? [`${plural(r.counts.offers, 'offer')} confirmed`] : []),
    ...(r.counts.declines ? [`${plural(r.counts.declines, 'decline')} confirmed`] : []),
    ...(toConfirm ? [`${plural(toConfirm, 'reply', 'replies')} awaiting confirmation`] : []),
  ];
  why.push(
    `${r.counts.replied} of ${plural(r.counts.providersReferred, 'provider')} replied${outcomes.length ? ` (${outcomes.join(', ')})` : ''}` +
      (undelivered ? `; ${plural(undelivered, 'referral')} could not be delivered` : '') +
      '.',
  );

  const ev = r.evaluation;
  const ranked = ev?.offers.filter((o) => o.rank !== null) ?? [];
  if (ev && ranked.length) {
    why.push(
      `${plural(r.counts.offers, 'offer')} confirmed; ranked by price ${ev.priceWeight}% / quality ${ev.qualityWeight}% (advisory): ` +
        ranked.map((o) => `${o.rank}. ${o.providerName} (score ${o.totalScore}, ${formatPounds(o.annualCostPence)} a year)`).join(', ') +
        '.',
    );
  } else {
    notYet.push(ev ? 'Evaluation: no offer is ranked yet (quality marks missing, or no offer can meet the needs)' : 'Evaluation of offers: no offer confirmed yet');
  }

  for (const p of r.proposals) {
    why.push(
      `Award proposed by ${p.proposedBy} on ${day(p.proposedAt)}: ${p.providerName}${p.rank !== null ? ` (ranked ${p.rank})` : ''}, ${formatPounds(p.annualValuePence)} a year: ${clause(p.rationale)}.` +
        (p.lowerRankReason ? ` Reason for not choosing the top-ranked offer: ${clause(p.lowerRankReason)}.` : ''),
    );
    const d = p.decision;
    if (d) {
      why.push(
        `${DECISION_LABELS[d.outcome]} by ${d.by}${d.role ? ` (${ROLE_LABELS[d.role]})` : ''} on ${day(d.at)}` +
          `${d.authority ? `; authority: ${clause(d.authority)}` : ''}${d.reason ? `; reason: ${clause(d.reason)}` : ''}.`,
      );
    }
    else why.push(`Proposal for ${p.providerName} awaiting a decision.`);
  }
  if (!r.proposals.length) notYet.push('Award proposal');
  if (!r.proposals.some((p) => p.status === 'approved')) notYet.push('Approval decision');

  const a = r.award;
  if (a) {
    why.push(
      `Award: ${a.providerName}, ${formatPounds(a.annualValuePence)} a year from ${formatUkDate(a.startDate)} to ${formatUkDate(a.endDate)}; ` +
        `approved by ${a.approver} (${ROLE_LABELS[a.approverRole]}), authority: ${clause(a.authority)}.`,
    );
  } else notYet.push('Award');
  return { answersWhy: why, notYetDone: notYet };
}
