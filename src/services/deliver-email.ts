import { enqueueOutbox } from '../db/repositories/outbox.js';
import type { OutboxRow } from '../db/repositories/outbox.js';
import { findRequestById } from '../db/repositories/placement-requests.js';
import { findProvider } from '../db/repositories/providers.js';
import { findReferralById, findShortlistById, setReferralStatus, updateReferral } from '../db/repositories/referrals.js';
import { findActorById, findCouncilById } from '../db/repositories/staff.js';
import { appendAudit } from '../db/repositories/audit.js';
import { calendarDateOf } from '../domain/calendar-date.js';
import { messageIdFor, replyAddress } from '../domain/reply-token.js';
import { MailDeliveryError, type Mailer, type OutgoingMail } from '../mail/outbound/mailer.js';
import { buildAwardEmail, buildNotSelectedEmail, buildProviderAnswerEmail, buildReferralEmail, buildReminderEmail } from '../mail/outbound/referral-email.js';
import { findAwardById } from '../db/repositories/awards.js';
import { findInboundMessage } from '../db/repositories/inbound.js';
import { findProviderReply } from '../db/repositories/replies.js';
import type { ServiceDeps } from './deps.js';
import { PermanentDeliveryError, type OutboxHandler } from './outbox-dispatcher.js';
import { referralEmailView } from './referrals/referral-email-view.js';
import { writeTransaction } from '../db/transaction.js';

/**
 * Renders an e-mail from the database when it is due (so it says what is true then) and sends it.
 * The referral's Message-ID is fixed when the referral is created, so a resend after a crash carries
 * the same id. A refusal that retrying cannot fix is permanent; everything else is retried.
 */
export function emailHandler(deps: ServiceDeps, mailer: Mailer): OutboxHandler {
  return async (item: OutboxRow) => {
    const payload = item.payload as { template?: string; referralId?: number };
    const scope = { councilId: item.councilId };
    const referral = payload.referralId !== undefined ? findReferralById(deps.db, scope, payload.referralId) : undefined;
    if (!referral) throw new PermanentDeliveryError('referral not found');
    const request = findRequestById(deps.db, scope, referral.requestId);
    const shortlist = findShortlistById(deps.db, scope, referral.shortlistId);
    const provider = findProvider(deps.db, referral.providerId);
    if (!request || !shortlist || !provider) throw new PermanentDeliveryError('referral data missing');
    const officer = shortlist.sentByStaffId !== null ? findActorById(deps.db, shortlist.sentByStaffId) : undefined;
    const view = referralEmailView({
      request,
      shortlist,
      referral,
      providerName: provider.name,
      councilName: findCouncilById(deps.db, item.councilId)?.name ?? '',
      officer: officer ? { name: officer.name, email: officer.email } : undefined,
      productName: deps.config.PRODUCT_NAME,
    });

    let mail: OutgoingMail;
    const common = { from: deps.config.MAIL_FROM, to: [referral.contactEmail], replyTo: replyAddress(referral.id, deps.config.REPLY_TOKEN_SECRET, deps.config.REPLY_DOMAIN) };
    if (payload.template === 'referral') {
      mail = { ...common, ...buildReferralEmail(view), messageId: referral.messageId };
    } else if (payload.template === 'provider_answer') {
      const answer = item.payload as { replyId?: number; text?: string; officerStaffId?: number };
      const reply = answer.replyId !== undefined ? findProviderReply(deps.db, scope, answer.replyId) : undefined;
      const original = reply ? findInboundMessage(deps.db, reply.inboundMessageId) : undefined;
      if (!reply || !original?.fromAddress || !answer.text) throw new PermanentDeliveryError('the provider message being answered is missing');
      const answeringOfficer = answer.officerStaffId !== undefined ? findActorById(deps.db, answer.officerStaffId) : undefined;
      const built = buildProviderAnswerEmail({
        councilName: view.councilName,
        requestReference: view.requestReference,
        inReplyToSubject: original.subject,
        contactName: referral.contactName ?? undefined,
        answer: answer.text,
        officerName: answeringOfficer?.name ?? view.officerName,
        officerEmail: answeringOfficer?.email ?? view.officerEmail,
        productName: view.productName,
      });
      const thread = [referral.messageId, ...(original.messageIdHeader ? [original.messageIdHeader] : [])];
      mail = {
        ...common,
        to: [original.fromAddress],
        ...built,
        messageId: messageIdFor('answer', referral.requestId, deps.config.REPLY_DOMAIN),
        inReplyTo: original.messageIdHeader ?? referral.messageId,
        references: thread,
      };
    } else if (payload.template === 'award' || payload.template === 'not_selected') {
      const awardId = (item.payload as { awardId?: number }).awardId;
      const award = awardId !== undefined ? findAwardById(deps.db, scope, awardId) : undefined;
      if (!award) throw new PermanentDeliveryError('award not found');
      const approver = findActorById(deps.db, award.approverStaffId);
      const letter = { councilName: view.councilName, requestReference: view.requestReference, providerName: view.providerName, contactName: view.contactName, officerName: view.officerName, officerEmail: view.officerEmail, productName: view.productName };
      const built =
        payload.template === 'award'
          ? buildAwardEmail({
              ...letter,
              weeklyFeePence: award.weeklyFeePence,
              weeksPerYear: award.weeksPerYear,
              addOns: award.addOns,
              annualValuePence: award.annualValuePence,
              startDate: award.startDate,
              endDate: award.endDate,
            })
          : buildNotSelectedEmail(letter);
      mail = {
        ...common,
        ...built,
        messageId: messageIdFor(payload.template === 'award' ? 'award' : 'regret', referral.requestId, deps.config.REPLY_DOMAIN),
        inReplyTo: referral.messageId,
        references: [referral.messageId],
        headers: { ...built.headers, ...(approver ? { 'X-Placement-Desk-Approved-By': approver.name } : {}) },
      };
    } else if (payload.template === 'reminder') {
      const built = buildReminderEmail({ ...view, referralSentOn: referral.sentAt ? calendarDateOf(new Date(referral.sentAt)) : undefined });
      mail = { ...common, ...built, messageId: `<reminder.${referral.messageId.slice(1)}`, inReplyTo: referral.messageId, references: [referral.messageId] };
    } else {
      throw new PermanentDeliveryError(`unknown e-mail template ${String(payload.template)}`);
    }

    try {
      const result = await mailer.send(mail);
      const now = deps.clock.now();
      if (payload.template === 'referral') updateReferral(deps.db, scope, referral.id, { status: 'sent', sentAt: now.toISOString(), lastError: null, updatedAt: now.toISOString() });
      if (payload.template === 'reminder') updateReferral(deps.db, scope, referral.id, { reminderSentAt: now.toISOString(), updatedAt: now.toISOString() });
      return { messageId: result.messageId, accepted: result.accepted.length };
    } catch (err) {
      if (err instanceof MailDeliveryError) {
        updateReferral(deps.db, scope, referral.id, { lastError: `${err.code}: ${err.message}`.slice(0, 500), updatedAt: deps.clock.now().toISOString() });
        if (!err.retryable) throw new PermanentDeliveryError(`${err.code}: ${err.message}`);
        throw err;
      }
      throw err;
    }
  };
}

/**
 * An e-mail that will never go: the referral is marked failed, the audit log says so, and the officer
 * who sent it is told in Teams (through the outbox too).
 */
export function onEmailDead(deps: ServiceDeps, item: OutboxRow, error: string): void {
  const payload = item.payload as { template?: string; referralId?: number };
  if (payload.referralId === undefined) return;
  const scope = { councilId: item.councilId };
  const referral = findReferralById(deps.db, scope, payload.referralId);
  if (!referral) return;
  const shortlist = findShortlistById(deps.db, scope, referral.shortlistId);
  const now = deps.clock.now();
  writeTransaction(deps.db, (tx) => {
    if (payload.template === 'referral') setReferralStatus(tx, scope, referral.id, 'failed', now, error.slice(0, 500));
    appendAudit(tx, now, {
      councilId: item.councilId,
      actorStaffId: null,
      actorLabel: 'system:outbox',
      action: payload.template === 'referral' ? 'referral.failed' : 'reminder.failed',
      entityType: 'placement_request',
      entityId: String(referral.requestId),
      details: { referralId: referral.id, providerId: referral.providerId, attempts: item.attempts + 1, error: error.slice(0, 300) },
    });
    if (shortlist?.sentByStaffId) {
      enqueueOutbox(tx, {
        councilId: item.councilId,
        kind: 'teams.personal_message',
        dedupKey: `referral-failed:${referral.id}:${payload.template}`,
        payload: { staffId: shortlist.sentByStaffId, requestId: referral.requestId, referralId: referral.id, template: 'referral_failed' },
        at: now,
      });
    }
  });
}
