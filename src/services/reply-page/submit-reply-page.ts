import { createHash } from 'node:crypto';
import { findInboundMessage, findReplyPageMessageByKey, insertReplyPageMessage } from '../../db/repositories/inbound.js';
import { findRequestById } from '../../db/repositories/placement-requests.js';
import { findShortlistById } from '../../db/repositories/referrals.js';
import { findLatestReplyPageReply, findReplyForMessage, type ProviderReplyRow } from '../../db/repositories/replies.js';
import { findCouncilById } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import {
  formValuesOf,
  replyPageText,
  sameAnswers,
  understandingOf,
  validateReplyPage,
  type FormField,
  type FormValues,
  type ReplyPageAnswers,
} from '../../domain/reply-page-answers.js';
import { formNonce, verifyFormNonce } from '../../domain/reply-page-token.js';
import type { ServiceDeps } from '../deps.js';
import { recordReply } from '../replies/record-reply.js';
import { loadReplyPage, pageClosedWhy, type ClosedWhy, type OpenReplyPage, type ReplyPageReferral } from './load-reply-page.js';
import { replyPageKeyOf } from './reply-page-link.js';

/**
 * A provider's answer on the reply page, recorded exactly like an e-mail reply: stored as an inbound
 * message of its own kind (the submission as JSON), attached to the referral the signed link names, with
 * the same reply row, referral marks, audit entry, card in the request's thread and caseworker notice
 * (`recordReply`), in one transaction that first re-checks, under the write lock, that the referral still
 * takes answers. A new submission corrects the last one made on the page; a form sent twice is one answer.
 */

export type SubmitReplyPageResult =
  | { outcome: 'refused' }
  | { outcome: 'closed'; why: ClosedWhy; page: ReplyPageReferral; values: FormValues }
  /** Shown again with what was typed: `errors` by field, or a form that must be sent again (`resend`, see ResendReason). */
  | { outcome: 'invalid'; open: OpenReplyPage; values: FormValues; errors: Partial<Record<FormField, string>>; nonce: string; resend?: ResendReason }
  | { outcome: 'recorded' | 'duplicate'; open: OpenReplyPage; reply: ProviderReplyRow; answers: ReplyPageAnswers; correction: boolean };

/**
 * Why a form is shown again instead of recorded: open too long (`stale`); its nonce missing or not ours
 * (`unchecked`: a cached or hand-made form); already sent with other answers (`changed`); or already sent
 * and corrected since (`superseded`), so an old form replayed, e.g. from the browser's history, never
 * silently undoes a correction.
 */
export type ResendReason = 'stale' | 'unchecked' | 'changed' | 'superseded';

/** The stored form of a submission: what the provider sent, as typed and as read. */
interface StoredSubmission {
  kind: 'reply-page-submission';
  version: 1;
  referralId: number;
  submittedAt: string;
  correctionOfReplyId: number | null;
  answers: ReplyPageAnswers;
  form: FormValues;
}

/** The idempotency key of one form (its nonce), in the column that makes inbound messages unique. */
function submissionKey(referralId: number, nonce: string): string {
  return createHash('sha256').update(`reply-page/v1:${referralId}:${nonce}`).digest('hex');
}

function storedAnswers(raw: Buffer): ReplyPageAnswers | undefined {
  try {
    return (JSON.parse(raw.toString('utf8')) as StoredSubmission).answers;
  } catch {
    return undefined;
  }
}

/** A fresh nonce for the form shown to this referral's provider now. */
export function newFormNonce(deps: ServiceDeps, referralId: number): string {
  return formNonce(referralId, deps.clock.now(), replyPageKeyOf(deps));
}

export async function submitReplyPage(deps: ServiceDeps, input: { token: string; body: unknown; afterCommit: () => void }): Promise<SubmitReplyPageResult> {
  const loaded = (await loadReplyPage(deps, input.token));
  const values = formValuesOf(input.body);
  if (loaded.state === 'refused') return { outcome: 'refused' };
  if (loaded.state === 'closed') return { outcome: 'closed', why: loaded.why, page: loaded.page, values };
  const { state: _state, ...open } = loaded;
  const { referral } = open;
  const now = deps.clock.now();
  const key = replyPageKeyOf(deps);
  const again = (errors: Partial<Record<FormField, string>>, resend?: ResendReason): SubmitReplyPageResult => ({
    outcome: 'invalid',
    open,
    values,
    errors,
    nonce: formNonce(referral.id, now, key),
    ...(resend ? { resend } : {}),
  });

  const nonce = verifyFormNonce((input.body as Record<string, unknown> | undefined)?.nonce, referral.id, key, now);
  const checked = validateReplyPage(values, { today: calendarDateOf(now) });
  if (!nonce.ok) return again(checked.ok ? {} : checked.errors, nonce.reason === 'stale' ? 'stale' : 'unchecked');
  if (!checked.ok) return again(checked.errors);
  const { answers } = checked;
  const messageKey = submissionKey(referral.id, nonce.nonce);

  // The same form again: the answer already recorded stands; different words from the same form are not lost but shown to send again.
  const earlier = (await findReplyPageMessageByKey(deps.db, messageKey));
  if (earlier) {
    const reply = (await findReplyForMessage(deps.db, earlier.id));
    const same = storedAnswers(earlier.raw);
    if (reply && open.previous && open.previous.reply.id !== reply.id) return again({}, 'superseded');
    if (reply && same && sameAnswers(same, answers)) return { outcome: 'duplicate', open, reply, answers, correction: reply.supersedesReplyId !== null };
    return again({}, 'changed');
  }

  const scope = { councilId: referral.councilId };
  type Stored = { done: 'closed'; why: ClosedWhy } | { done: 'raced'; inboundId: number } | { done: 'recorded'; reply: ProviderReplyRow; correction: boolean };
  const result = (await writeTransaction(deps.db, async (tx): Promise<Stored> => {
    const request = (await findRequestById(tx, scope, referral.requestId));
    const shortlist = (await findShortlistById(tx, scope, referral.shortlistId));
    const why = request && shortlist ? pageClosedWhy(request, shortlist, now, (await findCouncilById(tx, referral.councilId))?.status === 'active') : 'request';
    if (why) return { done: 'closed', why };
    const previous = (await findLatestReplyPageReply(tx, scope, referral.id));
    const correction = previous !== undefined;
    const stored: StoredSubmission = {
      kind: 'reply-page-submission',
      version: 1,
      referralId: referral.id,
      submittedAt: now.toISOString(),
      correctionOfReplyId: previous?.reply.id ?? null,
      answers,
      form: values,
    };
    const message = (await insertReplyPageMessage(tx, {
      key: messageKey,
      raw: Buffer.from(JSON.stringify(stored), 'utf8'),
      subject: `${correction ? 'Correction on the reply page' : 'Reply page'}: referral ${open.page.requestReference}`,
      councilId: referral.councilId,
      referralId: referral.id,
      at: now,
    }));
    if (!message.created) return { done: 'raced', inboundId: message.id };
    const reply = (await recordReply(tx, {
      inboundId: message.id,
      referral,
      understood: { understanding: understandingOf(answers), reply: { text: replyPageText(answers, { correction }) }, message: { attachments: [] } },
      method: 'reply_page',
      byStaffId: null,
      now,
      systemActor: 'provider:reply-page',
      supersedesReplyId: previous?.reply.id ?? null,
    }));
    return { done: 'recorded', reply, correction };
  }));
  if (result.done === 'closed') return { outcome: 'closed', why: result.why, page: open.page, values };
  if (result.done === 'raced') {
    // Another instance stored this very form a moment ago (a double click across two servers).
    const reply = (await findReplyForMessage(deps.db, result.inboundId));
    const same = (await findInboundMessage(deps.db, result.inboundId));
    if (reply && same && sameAnswers(storedAnswers(same.raw) ?? ({} as ReplyPageAnswers), answers)) return { outcome: 'duplicate', open, reply, answers, correction: reply.supersedesReplyId !== null };
    return again({}, 'changed');
  }
  input.afterCommit();
  deps.log.info({ referralId: referral.id, replyId: result.reply.id, kind: result.reply.kind, correction: result.correction }, 'reply page answer recorded');
  return { outcome: 'recorded', open, reply: result.reply, answers, correction: result.correction };
}
