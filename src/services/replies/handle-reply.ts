import { scopeOf, type CouncilScope } from '../../db/council-scope.js';
import { parseId } from '../../domain/ids.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { confirmOfferVersion, findProviderReply, findReplySuperseding, setReplyStatus, type OfferRow, type ProviderReplyRow } from '../../db/repositories/replies.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { DbOrTx } from '../../db/client.js';
import { writeTransaction } from '../../db/transaction.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { advanceRequest } from '../requests/advance-request.js';
import { frozenOfferReason } from './frozen-offer.js';
import { messageIdFor } from '../../domain/reply-token.js';
import type { Actor } from '../../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { validateOfferFigures } from '../../domain/offer-figures.js';
import { formatUkDate } from '../../domain/calendar-date.js';
import type { ServiceDeps } from '../deps.js';
import { loadVisibleRequest } from '../requests/load-request.js';

const OFFICER_ONLY = 'Provider replies are confirmed and answered by a placements officer.';

/** A reply the actor may see, with its request; "not found" otherwise. */
export async function loadReply(deps: ServiceDeps, actor: Actor, replyId: unknown): Promise<{ reply: ProviderReplyRow; request: PlacementRequestRow }> {
  const id = parseId(replyId);
  const reply = id === undefined ? undefined : (await findProviderReply(deps.db, scopeOf(actor), id));
  if (!reply) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that reply.');
  return { reply, request: (await loadVisibleRequest(deps, actor, { id: reply.requestId })) };
}

/** Whether the officer changed what the reader took from the e-mail. */
function differsFromExtracted(reply: ProviderReplyRow, figures: { canMeetNeeds: boolean; weeklyFeePence: number; weeksPerYear: number; addOnsWeeklyPence: number; startDate: string | null }): boolean {
  const e = reply.extracted as { canMeetNeeds?: boolean | null; weeklyFee?: number | null; feeWeeksPerYear?: number | null; additionalWeeklyCosts?: number | null; startDate?: string | null };
  const pence = (p: number | null | undefined) => (p === null || p === undefined ? 0 : Math.round(p * 100));
  return (
    e.canMeetNeeds !== figures.canMeetNeeds ||
    (figures.canMeetNeeds &&
      (pence(e.weeklyFee) !== figures.weeklyFeePence || (e.feeWeeksPerYear ?? 0) !== figures.weeksPerYear || pence(e.additionalWeeklyCosts) !== figures.addOnsWeeklyPence || (e.startDate ?? null) !== figures.startDate))
  );
}

/**
 * The officer confirms or corrects the figures of a reply: they become a new version of the provider's
 * offer for the request (a decline is recorded as an offer that cannot meet the needs). Audited with whether
 * the reader's figures were corrected. Refused, saying who decided and when, once the offer is in a pending
 * proposal or the request is decided.
 */
export async function confirmReplyFigures(
  deps: ServiceDeps,
  input: { actor: Actor; replyId: unknown; input: Record<string, unknown> },
): Promise<{ outcome: 'confirmed'; reply: ProviderReplyRow; offer: OfferRow } | { outcome: 'invalid'; reply: ProviderReplyRow; errors: Record<string, string> }> {
  const { actor } = input;
  if (!actor.roles.includes('placements_officer')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, OFFICER_ONLY);
  const { reply, request } = (await loadReply(deps, actor, input.replyId));
  const scope = scopeOf(actor);
  (await refuseIfFrozen(deps.db, scope, request, reply.providerId));
  requireAction(request, 'confirm_offer');
  // The provider's own correction on the reply page is what they now offer: its figures are the ones to confirm.
  const correction = (await findReplySuperseding(deps.db, scope, reply.id));
  if (correction) {
    throw new AppError(ErrorCodes.ACTION_NOT_ALLOWED, `The provider corrected this answer on the reply page on ${formatUkDate(correction.createdAt.slice(0, 10))}. Confirm the figures on the correction instead (later in the thread).`);
  }
  const now = deps.clock.now();
  const checked = validateOfferFigures(input.input, { today: now });
  if (!checked.ok) return { outcome: 'invalid', reply, errors: checked.errors };
  const f = checked.values;
  const corrected = differsFromExtracted(reply, f);
  const offer = (await writeTransaction(deps.db, async (tx) => {
    const current = (await advanceRequest(tx, scope, reply.requestId, 'confirm_offer', { now }));
    (await refuseIfFrozen(tx, scope, current, reply.providerId));
    const row = (await confirmOfferVersion(tx, scope, {
      requestId: reply.requestId,
      providerId: reply.providerId,
      replyId: reply.id,
      canMeetNeeds: f.canMeetNeeds,
      weeklyFeePence: f.weeklyFeePence,
      weeksPerYear: f.weeksPerYear,
      addOnsWeeklyPence: f.addOnsWeeklyPence,
      addOns: f.addOnsWeeklyPence ? [{ label: 'Additional costs', weeklyPence: f.addOnsWeeklyPence }] : [],
      startDate: f.startDate,
      conditions: f.conditions,
      confirmedByStaffId: actor.staffId,
      confirmedAt: now.toISOString(),
      corrected,
      updatedAt: now.toISOString(),
    }));
    (await setReplyStatus(tx, scope, reply.id, 'confirmed'));
    (await appendStaffAudit(tx, now, actor, {
      action: 'offer.confirmed',
      entityType: 'placement_request',
      entityId: reply.requestId,
      details: { replyId: reply.id, offerId: row.id, offerVersion: row.version, providerId: reply.providerId, corrected, ...f },
    }));
    return row;
  }));
  return { outcome: 'confirmed', reply: { ...reply, status: 'confirmed' }, offer };
}

async function refuseIfFrozen(db: DbOrTx, scope: CouncilScope, request: PlacementRequestRow, providerId: string): Promise<void> {
  const frozen = (await frozenOfferReason(db, scope, request, providerId));
  if (frozen) throw new AppError(ErrorCodes.RECORD_FROZEN, frozen);
}

export async function markReplyAsQuery(deps: ServiceDeps, input: { actor: Actor; replyId: unknown }): Promise<ProviderReplyRow> {
  const { actor } = input;
  if (!actor.roles.includes('placements_officer')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, OFFICER_ONLY);
  const { reply, request } = (await loadReply(deps, actor, input.replyId));
  requireAction(request, 'mark_reply_as_query');
  const now = deps.clock.now();
  (await writeTransaction(deps.db, async (tx) => {
    (await advanceRequest(tx, scopeOf(actor), reply.requestId, 'mark_reply_as_query', { now }));
    (await setReplyStatus(tx, scopeOf(actor), reply.id, 'query'));
    (await appendStaffAudit(tx, now, actor, {
      action: 'reply.marked_query',
      entityType: 'placement_request',
      entityId: reply.requestId,
      details: { replyId: reply.id, providerId: reply.providerId },
    }));
  }));
  return { ...reply, status: 'query' };
}

export const PROVIDER_ANSWER_MAX = 4000;

export type AnswerProviderResult = { outcome: 'sent'; reply: ProviderReplyRow } | { outcome: 'invalid'; reply: ProviderReplyRow; errors: { message: string } };

/** Answers a provider's question by e-mail, in the same conversation, through the outbox. */
export async function answerProvider(deps: ServiceDeps, input: { actor: Actor; replyId: unknown; message: unknown }): Promise<AnswerProviderResult> {
  const { actor } = input;
  if (!actor.roles.includes('placements_officer')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, OFFICER_ONLY);
  const { reply, request } = (await loadReply(deps, actor, input.replyId));
  requireAction(request, 'answer_provider');
  const text = typeof input.message === 'string' ? input.message.trim() : '';
  if (text.length < 2 || text.length > PROVIDER_ANSWER_MAX) return { outcome: 'invalid', reply, errors: { message: `Write the answer to the provider (up to ${PROVIDER_ANSWER_MAX} characters).` } };
  const now = deps.clock.now();
  (await writeTransaction(deps.db, async (tx) => {
    (await advanceRequest(tx, scopeOf(actor), reply.requestId, 'answer_provider', { now }));
    (await enqueueOutbox(tx, {
      councilId: actor.councilId,
      kind: 'email',
      messageId: messageIdFor('answer', reply.requestId, deps.config.REPLY_DOMAIN),
      dedupKey: `provider-answer:${reply.id}:${now.getTime()}`,
      payload: { template: 'provider_answer', replyId: reply.id, referralId: reply.referralId, text, officerStaffId: actor.staffId },
      at: now,
    }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'reply.answered',
      entityType: 'placement_request',
      entityId: reply.requestId,
      details: { replyId: reply.id, providerId: reply.providerId, length: text.length },
    }));
  }));
  return { outcome: 'sent', reply };
}
