import { parseId } from '../../domain/ids.js';
import { scopeOf } from '../../db/council-scope.js';
import { writeTransaction } from '../../db/transaction.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { findRequestById } from '../../db/repositories/placement-requests.js';
import { findProvider } from '../../db/repositories/providers.js';
import { findShortlistById, insertReferral, updateShortlistIfVersion, type ShortlistRow } from '../../db/repositories/referrals.js';
import type { Actor } from '../../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { advanceRequest } from '../requests/advance-request.js';
import { messageIdFor } from '../../domain/reply-token.js';
import { validateShortlistReview } from '../../domain/shortlist-review.js';
import type { ServiceDeps } from '../deps.js';
import { SHORTLIST_ROLE_MESSAGE } from './open-shortlist.js';

export type SaveShortlistResult =
  | { outcome: 'saved'; shortlist: ShortlistRow }
  | { outcome: 'sent'; shortlist: ShortlistRow; referralCount: number; providerCount: number }
  | { outcome: 'invalid'; shortlist: ShortlistRow; errors: Record<string, string> }
  | { outcome: 'stale'; shortlist: ShortlistRow };

/**
 * The officer's review of the shortlist: saved as a draft, or saved and sent. Sending creates one
 * referral per provider contact, each with its own Message-ID, and writes one e-mail per referral to
 * the outbox in the same transaction; the weighting is fixed from then on.
 */
export async function saveShortlist(
  deps: ServiceDeps,
  input: { actor: Actor; shortlistId: unknown; version: number; input: Record<string, unknown>; send: boolean },
): Promise<SaveShortlistResult> {
  const { actor } = input;
  const scope = scopeOf(actor);
  const id = parseId(input.shortlistId);
  const shortlist = id === undefined ? undefined : (await findShortlistById(deps.db, scope, id));
  const request = shortlist ? (await findRequestById(deps.db, scope, shortlist.requestId)) : undefined;
  if (!shortlist || !request) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that shortlist. Type **my requests** to find the request.');
  if (!actor.roles.includes('placements_officer')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, SHORTLIST_ROLE_MESSAGE);
  if (shortlist.status !== 'draft') {
    throw new AppError(ErrorCodes.RECORD_FROZEN, `Referrals for ${request.reference} have already been sent; the shortlist and weighting are fixed.`);
  }
  requireAction(request, input.send ? 'send_referrals' : 'prepare_shortlist');
  if (shortlist.version !== input.version) return { outcome: 'stale', shortlist };

  const now = deps.clock.now();
  const review = validateShortlistReview(input.input, { proposal: shortlist.entries, today: now });
  if (!review.ok) return { outcome: 'invalid', shortlist, errors: review.errors };
  const { entries, responseDeadline, priceWeight, qualityWeight } = review.values;
  const changes = { entries, responseDeadline, priceWeight, qualityWeight, updatedAt: now.toISOString() };
  const audit = (tx: Parameters<typeof appendStaffAudit>[0], action: string, details: Record<string, unknown>) =>
    appendStaffAudit(tx, now, actor, { action, entityType: 'placement_request', entityId: request.id, details: { shortlistId: shortlist.id, ...details } });
  const officerChanges = entries
    .filter((e) => e.selected !== e.included)
    .map((e) => ({ providerId: e.providerId, change: e.selected ? 'added' : 'removed', reason: e.officerReason }));

  if (!input.send) {
    const saved = (await writeTransaction(deps.db, async (tx) => {
      (await advanceRequest(tx, scope, request.id, 'prepare_shortlist', { now }));
      const row = (await updateShortlistIfVersion(tx, scope, shortlist.id, shortlist.version, changes));
      if (row) (await audit(tx, 'shortlist.saved', { officerChanges, responseDeadline, priceWeight, qualityWeight }));
      return row;
    }));
    return saved ? { outcome: 'saved', shortlist: saved } : { outcome: 'stale', shortlist };
  }

  const selected = entries.filter((e) => e.selected);
  const recipients = (await Promise.all(selected.map(async (e) => {
    const provider = (await findProvider(deps.db, e.providerId));
    if (!provider) throw new AppError(ErrorCodes.CONFLICT, `${e.providerName} is no longer on the register. Remove it and send again.`);
    return provider.contacts.map((c) => ({ providerId: provider.id, email: c.email, name: c.name ?? null }));
  }))).flat();
  const channel = (await findApprovalsChannel(deps.db, actor.councilId));
  const sent = (await writeTransaction(deps.db, async (tx) => {
      const row = (await updateShortlistIfVersion(tx, scope, shortlist.id, shortlist.version, {
        ...changes,
        status: 'sent',
        sentAt: now.toISOString(),
        sentByStaffId: actor.staffId,
      }));
      if (!row) return undefined;
      (await advanceRequest(tx, scope, request.id, 'send_referrals', { now }));
      for (const r of recipients) {
        const referral = (await insertReferral(tx, scope, {
          requestId: request.id,
          shortlistId: shortlist.id,
          providerId: r.providerId,
          contactEmail: r.email,
          contactName: r.name,
          status: 'queued',
          messageId: messageIdFor('referral', request.id, deps.config.REPLY_DOMAIN),
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        }));
        (await enqueueOutbox(tx, {
          councilId: actor.councilId,
          kind: 'email',
          messageId: referral.messageId,
          dedupKey: `referral:${referral.id}`,
          payload: { template: 'referral', referralId: referral.id },
          at: now,
        }));
      }
      (await audit(tx, 'referrals.sent', {
        providers: selected.map((e) => e.providerId),
        referrals: recipients.length,
        officerChanges,
        responseDeadline,
        priceWeight,
        qualityWeight,
      }));
      if (channel) {
        (await enqueueOutbox(tx, {
          councilId: actor.councilId,
          kind: 'teams.channel_post',
          dedupKey: `referrals-sent:${shortlist.id}`,
          payload: { requestId: request.id, shortlistId: shortlist.id, template: 'referrals_sent' },
          at: now,
        }));
      }
      return row;
  }));
  if (!sent) return { outcome: 'stale', shortlist };
  return { outcome: 'sent', shortlist: sent, referralCount: recipients.length, providerCount: selected.length };
}
