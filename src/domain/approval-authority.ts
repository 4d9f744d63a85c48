import { daysBetween, formatUkDate, parseTypedDate, type CalendarDate } from './calendar-date.js';
import { formatPounds, parsePounds } from './money.js';
import { ROLE_LABELS, type StaffRole } from './reference-data.js';

export const APPROVAL_DECISIONS = ['approve', 'reject', 'ask'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

export interface Approver {
  staffId: number;
  councilId: number;
  roles: readonly StaffRole[];
  /** Whole pounds a year (service managers). */
  approvalLimit: number;
  /** A deactivated person has no authority of any kind. Absent = active (people the turn found are). */
  active?: boolean;
}

export interface ProposalForAuthority {
  councilId: number;
  proposedByStaffId: number;
  annualValuePence: number;
}

/**
 * Cover while away, as the database holds it at the moment of a decision: the delegator as they are now
 * (roles, limit, active), the dates, and any lower limit they set.
 */
export interface CoverForAuthority {
  coverId: number;
  councilId: number;
  delegateStaffId: number;
  delegator: Approver & { name: string };
  /** Calendar dates in England, both included. */
  startsOn: CalendarDate;
  endsOn: CalendarDate;
  /** Whole pounds a year; null = the delegator's own limit. */
  limitPounds: number | null;
  endedAt: string | null;
}

/** What a decision is checked against besides the approver: today's date in England and the covers they hold. */
export interface AuthorityContext {
  today: CalendarDate;
  covers: readonly CoverForAuthority[];
}

export type AuthorityRefusal = 'other_council' | 'own_proposal' | 'no_authority' | 'over_limit' | 'inactive';

/** The colleague an approver acted for: recorded on the decision and the award. */
export interface CoverUsed {
  coverId: number;
  delegatorStaffId: number;
  delegatorName: string;
  endsOn: CalendarDate;
}

export type AuthorityCheck =
  | { ok: true; role: StaffRole; authority: string; cover?: CoverUsed }
  | { ok: false; code: AuthorityRefusal; message: string };

export const APPROVER_ROLES = ['service_manager', 'head_of_service'] as const satisfies readonly StaffRole[];

/** Holds delegated authority of their own (the only authority that can be handed on as cover). */
export function isApprover(who: Pick<Approver, 'roles'>): boolean {
  return APPROVER_ROLES.some((r) => who.roles.includes(r));
}

const NO_AUTHORITY = 'Only a Service Manager (within their limit) or the Head of Service can decide on an award.';

/**
 * The approver's own delegated authority (cabinet decision): a Service Manager may approve an award up to
 * their annual limit; above it only the Head of Service may. Rejecting or asking for more information
 * needs an approver's role but no limit: it commits no money.
 */
function ownAuthority(approver: Approver, proposal: ProposalForAuthority, decision: ApprovalDecision, capPence?: number): AuthorityCheck {
  const value = formatPounds(proposal.annualValuePence);
  if (approver.roles.includes('head_of_service') && capPence === undefined) {
    return { ok: true, role: 'head_of_service', authority: `Head of Service: delegated authority for any value (this award ${value} a year)` };
  }
  const role: StaffRole | undefined = approver.roles.includes('head_of_service') ? 'head_of_service' : approver.roles.includes('service_manager') ? 'service_manager' : undefined;
  if (!role) return { ok: false, code: 'no_authority', message: NO_AUTHORITY };
  if (decision !== 'approve') return { ok: true, role, authority: `${ROLE_LABELS[role]} (decision without financial commitment)` };
  const limitPence = role === 'head_of_service' ? capPence! : Math.min(approver.approvalLimit * 100, capPence ?? Infinity);
  if (proposal.annualValuePence <= limitPence) {
    return { ok: true, role, authority: `${ROLE_LABELS[role]}: delegated authority up to ${formatPounds(limitPence)} a year (this award ${value} a year)` };
  }
  return {
    ok: false,
    code: 'over_limit',
    message: `This award is ${value} a year, above your approval limit of ${formatPounds(limitPence)}. Only the Head of Service can approve it; you can still reject it or ask for more information.`,
  };
}

export type CoverState = 'scheduled' | 'active' | 'ended';

/** A cover is active from its first day to its last (England), until ended early; it ends by itself. */
export function coverState(cover: Pick<CoverForAuthority, 'startsOn' | 'endsOn' | 'endedAt'>, today: CalendarDate): CoverState {
  if (cover.endedAt !== null || cover.endsOn < today) return 'ended';
  return cover.startsOn > today ? 'scheduled' : 'active';
}

/**
 * What one cover lets its delegate do with this proposal now, or why it does not. Only the delegator's
 * own authority is lent (a cover never passes on a cover the delegator holds: no chains), and only while
 * both are active, the dates include today, and the delegator is not the proposer.
 */
export function coverAuthority(
  delegateStaffId: number,
  cover: CoverForAuthority,
  proposal: ProposalForAuthority,
  decision: ApprovalDecision,
  today: CalendarDate,
): { ok: true; check: Extract<AuthorityCheck, { ok: true }> } | { ok: false; reason: string } {
  const who = cover.delegator.name;
  if (cover.delegateStaffId !== delegateStaffId || cover.councilId !== proposal.councilId || cover.delegator.councilId !== proposal.councilId) {
    return { ok: false, reason: 'that cover is not for this council' };
  }
  const state = coverState(cover, today);
  if (state === 'scheduled') return { ok: false, reason: `your cover for ${who} starts on ${formatUkDate(cover.startsOn)}` };
  if (state === 'ended') return { ok: false, reason: `your cover for ${who} has ended` };
  if (cover.delegator.active === false) return { ok: false, reason: `${who} no longer has Placement Desk access, so their cover no longer applies` };
  if (!isApprover(cover.delegator)) return { ok: false, reason: `${who} no longer holds delegated authority, so their cover gives none` };
  if (cover.delegator.staffId === proposal.proposedByStaffId) return { ok: false, reason: `${who} proposed this award, so their authority cannot decide on it` };
  const cap = cover.limitPounds === null ? undefined : cover.limitPounds * 100;
  const lent = ownAuthority(cover.delegator, proposal, decision, cap);
  if (!lent.ok) return { ok: false, reason: `your cover for ${who} allows awards ${coverLimitText(cover, cover.delegator)}` };
  return {
    ok: true,
    check: {
      ok: true,
      role: lent.role,
      authority: `Covering for ${who} until ${formatUkDate(cover.endsOn)}: ${lent.authority}`,
      cover: { coverId: cover.coverId, delegatorStaffId: cover.delegator.staffId, delegatorName: who, endsOn: cover.endsOn },
    },
  };
}

/**
 * Delegated authority (cabinet decision), own or covering: a Service Manager may approve an award up to
 * their annual limit; above it only the Head of Service may; a colleague covering for one of them acts
 * within that person's authority while the cover lasts. Nobody decides on their own proposal, and a
 * deactivated person decides nothing.
 */
export function checkApprovalAuthority(
  approver: Approver,
  proposal: ProposalForAuthority,
  decision: ApprovalDecision,
  context: AuthorityContext = { today: '0000-01-01', covers: [] },
): AuthorityCheck {
  if (approver.active === false) return { ok: false, code: 'inactive', message: 'Your Placement Desk access has been ended, so you cannot decide on awards.' };
  if (approver.councilId !== proposal.councilId) return { ok: false, code: 'other_council', message: 'This proposal belongs to another council.' };
  if (approver.staffId === proposal.proposedByStaffId) {
    return { ok: false, code: 'own_proposal', message: 'You proposed this award, so someone else must decide on it.' };
  }
  const own = ownAuthority(approver, proposal, decision);
  if (own.ok) return own;
  const reasons: string[] = [];
  // The cover that lends the most: a Head of Service's before a Service Manager's.
  const usable = context.covers
    .filter((c) => c.delegateStaffId === approver.staffId)
    .map((c) => coverAuthority(approver.staffId, c, proposal, decision, context.today))
    .filter((r) => (r.ok ? true : (reasons.push(r.reason), false)));
  const best = usable.find((r) => r.ok && r.check.role === 'head_of_service') ?? usable[0];
  if (best?.ok) return best.check;
  if (!reasons.length) return own;
  const base = own.code === 'no_authority' ? 'You hold no delegated authority of your own' : own.message.replace(/\.$/, '');
  return { ok: false, code: own.code, message: `${base}; ${reasons.join('; ')}.` };
}

export const MAX_COVER_DAYS = 92;
/** How far ahead cover can be arranged. */
export const COVER_BOOKING_DAYS = 366;

export type CoverField = 'delegate' | 'startsOn' | 'endsOn' | 'limit';

export interface CoverRequest {
  delegator: Approver & { name: string };
  /** The colleague chosen, as the database knows them; undefined when the card named nobody we know. */
  delegate: { staffId: number; councilId: number; name: string; active: boolean } | undefined;
  startsOn: unknown;
  endsOn: unknown;
  limit: unknown;
  today: CalendarDate;
  /** Covers the delegator has given that have not ended. */
  coversGiven: ReadonlyArray<Pick<CoverForAuthority, 'startsOn' | 'endsOn' | 'endedAt'> & { delegateName: string }>;
  /** Covers the delegate has given (they are away themselves on those dates) that have not ended. */
  coversGivenByDelegate: ReadonlyArray<Pick<CoverForAuthority, 'startsOn' | 'endsOn' | 'endedAt'> & { delegateName: string }>;
}

export interface CoverTerms {
  delegateStaffId: number;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
  limitPounds: number | null;
}

function readDate(value: unknown, today: CalendarDate): CalendarDate | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = parseTypedDate(value, { today, prefer: 'future' });
  return parsed.ok ? parsed.date : undefined;
}

const overlaps = (a: { startsOn: string; endsOn: string }, b: { startsOn: string; endsOn: string }) => a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;

/**
 * A Service Manager or the Head of Service arranges cover: a named colleague of the same council, for a
 * date range from today up to MAX_COVER_DAYS (92) days long, never above the delegator's own limit (a lower
 * one may be set). One cover at a time per delegator, so "who covers for Sam" has one answer; and not to
 * a colleague who is away themselves then (their own cover would have to pass authority on: a chain).
 */
export function validateCover(request: CoverRequest): { ok: true; terms: CoverTerms } | { ok: false; errors: Partial<Record<CoverField, string>> } {
  const { delegator, delegate, today } = request;
  const errors: Partial<Record<CoverField, string>> = {};
  if (!delegate || delegate.councilId !== delegator.councilId || !delegate.active) errors.delegate = 'Choose a colleague of your council who uses Placement Desk.';
  else if (delegate.staffId === delegator.staffId) errors.delegate = 'Choose someone other than yourself.';

  const startsOn = readDate(request.startsOn, today);
  const endsOn = readDate(request.endsOn, today);
  if (!startsOn) errors.startsOn = 'Give the first day of the cover (e.g. 5 January 2027).';
  else if (startsOn < today) errors.startsOn = 'The cover cannot start in the past.';
  else if (daysBetween(today, startsOn) > COVER_BOOKING_DAYS) errors.startsOn = 'Cover can be arranged up to a year ahead.';
  if (!endsOn) errors.endsOn = 'Give the last day of the cover.';
  else if (startsOn && endsOn < startsOn) errors.endsOn = 'The last day is before the first.';
  else if (startsOn && daysBetween(startsOn, endsOn) + 1 > MAX_COVER_DAYS) {
    errors.endsOn = `Cover lasts at most ${MAX_COVER_DAYS} days; a longer change of authority is a change of the staff register by your administrator.`;
  }

  let limitPounds: number | null = null;
  const limitText = typeof request.limit === 'string' ? request.limit.trim() : '';
  if (limitText) {
    const pence = limitText.length <= 30 ? parsePounds(limitText) : null;
    if (pence === null || pence % 100 !== 0 || pence <= 0) errors.limit = 'Give a whole number of pounds a year (e.g. £100,000), or leave it blank for your own limit.';
    else if (!delegator.roles.includes('head_of_service') && pence > delegator.approvalLimit * 100) {
      errors.limit = `Cover cannot go above your own approval limit of ${formatPounds(delegator.approvalLimit * 100)} a year.`;
    } else limitPounds = pence / 100;
  }

  if (startsOn && endsOn && !errors.startsOn && !errors.endsOn) {
    const range = { startsOn, endsOn };
    const mine = request.coversGiven.find((c) => coverState(c, today) !== 'ended' && overlaps(c, range));
    if (mine) errors.startsOn = `${mine.delegateName} already covers for you from ${formatUkDate(mine.startsOn)} to ${formatUkDate(mine.endsOn)}: end that cover first.`;
    const away = request.coversGivenByDelegate.find((c) => coverState(c, today) !== 'ended' && overlaps(c, range));
    if (away && delegate && !errors.delegate) {
      errors.delegate = `${delegate.name} is away themselves from ${formatUkDate(away.startsOn)} to ${formatUkDate(away.endsOn)} (covered by ${away.delegateName}); cover is never passed on, so choose someone else.`;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, terms: { delegateStaffId: delegate!.staffId, startsOn: startsOn!, endsOn: endsOn!, limitPounds } };
}

/** "up to £100,000 a year" / "any value": what a cover lends, for cards. */
export function coverLimitText(cover: { limitPounds: number | null }, delegator: Pick<Approver, 'roles' | 'approvalLimit'>): string {
  if (delegator.roles.includes('head_of_service')) return cover.limitPounds === null ? 'any value (Head of Service)' : `up to ${formatPounds(cover.limitPounds * 100)} a year`;
  const pounds = cover.limitPounds === null ? delegator.approvalLimit : Math.min(cover.limitPounds, delegator.approvalLimit);
  return `up to ${formatPounds(pounds * 100)} a year`;
}

/**
 * Who may approve this proposal today (own authority or cover), among the council's people: the
 * approvers a waiting proposal reminds.
 */
export function approversWithAuthority<P extends Approver>(people: readonly P[], proposal: ProposalForAuthority, context: AuthorityContext): P[] {
  return people.filter((p) => checkApprovalAuthority(p, proposal, 'approve', context).ok);
}

/**
 * Whom the first reminder goes to: the approvers with enough authority below the Head of Service (the
 * Service Managers, own or covering), since the Head of Service is the escalation; the Head of Service
 * only when nobody else can approve it (an award above every Service Manager's limit).
 */
export function reminderRecipientsFor<P extends Approver>(people: readonly P[], proposal: ProposalForAuthority, context: AuthorityContext): P[] {
  const approvers = people.filter((p) => checkApprovalAuthority(p, proposal, 'approve', context).ok);
  const belowHead = approvers.filter((p) => {
    const check = checkApprovalAuthority(p, proposal, 'approve', context);
    return check.ok && check.role !== 'head_of_service';
  });
  return belowHead.length ? belowHead : approvers;
}

/** The Heads of Service a waiting proposal is escalated to: each active one who did not propose it, or whoever covers for one today. */
export function headsOfServiceFor<P extends Approver>(people: readonly P[], proposal: ProposalForAuthority, context: AuthorityContext): P[] {
  return people.filter((p) => {
    const check = checkApprovalAuthority(p, proposal, 'approve', context);
    return check.ok && check.role === 'head_of_service';
  });
}

export const DECISION_REASON_MIN = 5;

/** A reason is required to reject or to ask for more information; optional (but recorded) to approve. */
export function validateDecisionReason(decision: ApprovalDecision, reason: unknown): { ok: true; reason: string | null } | { ok: false; message: string } {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length > 1000) return { ok: false, message: 'Keep the reason under 1,000 characters.' };
  if (decision === 'approve') return { ok: true, reason: text || null };
  if (text.length < DECISION_REASON_MIN) {
    return { ok: false, message: decision === 'reject' ? 'Give the reason for rejecting the proposal.' : 'Write the question or the information you need.' };
  }
  return { ok: true, reason: text };
}

/**
 * Where an Individual Placement Agreement ends: the close of the academic year in which the placement
 * starts (31 August), or a year from the start for a 52-week placement.
 */
export function placementEndDate(startDate: string, weeksPerYear: number): string {
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
  if (weeksPerYear >= 52) {
    const end = new Date(Date.UTC(y + 1, m - 1, d - 1));
    return end.toISOString().slice(0, 10);
  }
  const academicYearEnd = m >= 9 ? y + 1 : y;
  return `${academicYearEnd}-08-31`;
}
