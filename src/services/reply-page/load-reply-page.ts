import type { DbOrTx } from '../../db/client.js';
import { appendAudit } from '../../db/repositories/audit.js';
import { findRequestById, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { findProvider } from '../../db/repositories/providers.js';
import { findReferralForRouting, findShortlistById, type ReferralRow, type ShortlistRow } from '../../db/repositories/referrals.js';
import { findLatestReplyPageReply, type ProviderReplyRow } from '../../db/repositories/replies.js';
import { findActorById, findCouncilById } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { formatUkDate, type CalendarDate } from '../../domain/calendar-date.js';
import { NEED_LABELS, LOT_LABELS } from '../../domain/reference-data.js';
import { RESPONSES_CLOSE_HOUR_UK, responsesClosingAt } from '../../domain/referral-timing.js';
import type { FormValues } from '../../domain/reply-page-answers.js';
import { verifyReplyPageToken } from '../../domain/reply-page-token.js';
import { isAllowed } from '../../domain/request-lifecycle.js';
import type { ServiceDeps } from '../deps.js';
import { referralEmailView } from '../referrals/referral-email-view.js';
import { replyPageKeyOf } from './reply-page-link.js';

/**
 * Opening a reply-page link: the token is checked (a tampered, expired or unknown link is refused with one
 * generic answer and an audit entry, nothing said about why), then the referral is loaded from the
 * database and the page is open only while its request takes replies and its response deadline has not
 * passed. What the page shows is what the referral e-mail shows, cut down further: it is pseudonymised by
 * construction (built from the e-mail's view, which has no field for a name, a date of birth or the
 * council's case reference), and the EHC plan summaries stay in the e-mail.
 */

export interface ReplyPageReferral {
  councilName: string;
  requestReference: string;
  providerName: string;
  childInitials: string;
  /** '12 (Year 7)' */
  ageAndYear: string;
  needs: string;
  lot: string;
  requiredStartDate: string;
  postcodeDistrict: string;
  responseDeadline: string;
  /** 'Friday 11 December 2026 at 5pm' */
  closesAt: string;
  /** Whom a provider e-mails about this referral. */
  officerName: string;
  officerEmail?: string;
  productName: string;
}

/** Why a referral takes no more answers on the page: its deadline passed, the council closed responses early, or the request moved on. */
export type ClosedWhy = 'deadline' | 'closed' | 'request';

export interface PreviousSubmission {
  reply: ProviderReplyRow;
  receivedAt: string;
  values: FormValues;
}

export interface OpenReplyPage {
  referral: ReferralRow;
  request: PlacementRequestRow;
  shortlist: ShortlistRow;
  page: ReplyPageReferral;
  previous?: PreviousSubmission;
}

export type ReplyPageLoad =
  | { state: 'refused' }
  | { state: 'closed'; why: ClosedWhy; page: ReplyPageReferral }
  | ({ state: 'open' } & OpenReplyPage);

/** A link we cannot honour: one audit entry (the reason only; nothing about the visitor) and one log line. */
async function refuseLink(deps: ServiceDeps, reason: string, claimed: { referralId?: number; councilId?: number | null }): Promise<ReplyPageLoad> {
  const now = deps.clock.now();
  (await writeTransaction(deps.db, async (tx) => {
    (await appendAudit(tx, now, {
      councilId: claimed.councilId ?? null,
      actorStaffId: null,
      actorLabel: 'public:reply-page',
      action: 'reply_page.link_refused',
      entityType: 'referral',
      entityId: claimed.referralId !== undefined ? String(claimed.referralId) : '-',
      details: { reason },
    }));
  }));
  deps.log.info({ reason, claimedReferralId: claimed.referralId }, 'reply page link refused');
  return { state: 'refused' };
}

/** The closing moment of a call-off's responses, as providers read it. */
export function closingText(deadline: CalendarDate): string {
  return `${formatUkDate(deadline, { weekday: true })} at ${RESPONSES_CLOSE_HOUR_UK - 12}pm`;
}

async function pageOf(deps: ServiceDeps, db: DbOrTx, referral: ReferralRow, request: PlacementRequestRow, shortlist: ShortlistRow): Promise<ReplyPageReferral> {
  const officer = shortlist.sentByStaffId !== null ? (await findActorById(db, shortlist.sentByStaffId)) : undefined;
  const view = referralEmailView({
    request,
    shortlist,
    referral,
    providerName: (await findProvider(db, referral.providerId))?.name ?? referral.providerId,
    councilName: (await findCouncilById(db, referral.councilId))?.name ?? '',
    officer: officer ? { name: officer.name, email: officer.email } : undefined,
    productName: deps.config.PRODUCT_NAME,
  });
  const secondary = view.secondaryNeeds.filter((n) => n !== view.primaryNeed);
  return {
    councilName: view.councilName,
    requestReference: view.requestReference,
    providerName: view.providerName,
    childInitials: view.childInitials,
    ageAndYear: view.yearGroup ? `${view.age} (${view.yearGroup})` : String(view.age),
    needs: [`${view.primaryNeed} (${NEED_LABELS[view.primaryNeed]})`, ...secondary.map((n) => `${n} (${NEED_LABELS[n]})`)].join('; '),
    lot: `Lot ${view.lot}: ${LOT_LABELS[view.lot]}`,
    requiredStartDate: formatUkDate(view.requiredStartDate),
    postcodeDistrict: view.postcodeDistrict,
    responseDeadline: formatUkDate(view.responseDeadline, { weekday: true }),
    closesAt: closingText(view.responseDeadline),
    officerName: view.officerName,
    officerEmail: view.officerEmail,
    productName: view.productName,
  };
}

/** Whether the referral still takes answers on the page, from the database as it is now (an extension counts at once). */
export function pageClosedWhy(request: PlacementRequestRow, shortlist: ShortlistRow, now: Date, councilActive: boolean): ClosedWhy | null {
  if (!councilActive || !isAllowed(request.status, 'record_reply')) return 'request';
  if (now.getTime() >= responsesClosingAt(shortlist.responseDeadline).getTime()) return 'deadline';
  if (shortlist.status !== 'sent') return 'closed';
  return null;
}

function previousValues(raw: Buffer): FormValues {
  try {
    const stored = JSON.parse(raw.toString('utf8')) as { form?: FormValues };
    return stored.form && typeof stored.form === 'object' ? stored.form : {};
  } catch {
    return {};
  }
}

export async function loadReplyPage(deps: ServiceDeps, token: string): Promise<ReplyPageLoad> {
  const now = deps.clock.now();
  const checked = verifyReplyPageToken(token, replyPageKeyOf(deps), now);
  if (!checked.ok) {
    // An expired link was ours (its signature holds), so its referral and council can be named in the audit.
    const known = checked.reason === 'expired' && checked.claimedReferralId !== undefined ? (await findReferralForRouting(deps.db, checked.claimedReferralId)) : undefined;
    return refuseLink(deps, checked.reason, { referralId: checked.claimedReferralId, councilId: known?.councilId });
  }
  // The link names a referral, not a council: found unscoped, then everything is read within its council.
  const referral = (await findReferralForRouting(deps.db, checked.referralId));
  const scope = referral ? { councilId: referral.councilId } : undefined;
  const request = referral && scope ? (await findRequestById(deps.db, scope, referral.requestId)) : undefined;
  const shortlist = referral && scope ? (await findShortlistById(deps.db, scope, referral.shortlistId)) : undefined;
  if (!referral || !request || !shortlist) return refuseLink(deps, 'unknown_referral', { referralId: checked.referralId });

  const page = (await pageOf(deps, deps.db, referral, request, shortlist));
  const why = pageClosedWhy(request, shortlist, now, (await findCouncilById(deps.db, referral.councilId))?.status === 'active');
  if (why) return { state: 'closed', why, page };
  const latest = (await findLatestReplyPageReply(deps.db, scope!, referral.id));
  return {
    state: 'open',
    referral,
    request,
    shortlist,
    page,
    ...(latest ? { previous: { reply: latest.reply, receivedAt: latest.receivedAt, values: previousValues(latest.raw) } } : {}),
  };
}
