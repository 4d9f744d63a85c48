import type { Tx } from '../../db/client.js';
import { appendAudit } from '../../db/repositories/audit.js';
import { findAwardById } from '../../db/repositories/awards.js';
import { findInboundMessage } from '../../db/repositories/inbound.js';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.js';
import { findProvider } from '../../db/repositories/providers.js';
import { loadReferralMailRecords, type ReferralMailRecords } from '../../db/repositories/referral-mail.js';
import { findReferralById, findShortlistById, setReferralStatus, updateReferral, updateReferrals, type ReferralRow } from '../../db/repositories/referrals.js';
import { findProviderReply } from '../../db/repositories/replies.js';
import { findActorById } from '../../db/repositories/staff.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { EMAIL_TEMPLATES, EMAIL_TEMPLATE_FAILURES, type EmailTemplate } from '../../domain/email-templates.js';
import { replyAddress } from '../../domain/reply-token.js';
import { senderMatchesProvider } from '../../domain/sender-match.js';
import { MailDeliveryError, type Mailer, type OutgoingMail } from '../../mail/outbound/mailer.js';
import { buildAwardEmail, buildNotSelectedEmail, buildProviderAnswerEmail, buildReferralEmail, buildReminderEmail } from '../../mail/outbound/referral-email.js';
import type { ServiceDeps } from '../deps.js';
import { PermanentDeliveryError, type OutboxHandler } from './dispatcher.js';
import { referralEmailView } from '../referrals/referral-email-view.js';
import { replyPageUrlFor } from '../reply-page/reply-page-link.js';

interface EmailPayload {
  template?: string;
  referralId?: number;
  /** provider_answer */
  replyId?: number;
  text?: string;
  officerStaffId?: number;
  /** award, not_selected */
  awardId?: number;
}

function templateOf(item: OutboxRow): EmailTemplate {
  const template = (item.payload as EmailPayload).template;
  if (!(EMAIL_TEMPLATES as readonly unknown[]).includes(template)) throw new PermanentDeliveryError(`unknown e-mail template ${String(template)}`);
  return template as EmailTemplate;
}

/**
 * E-mails from the outbox. The message is rendered from the database when it is due (so it says what is
 * true then) and carries the Message-ID fixed when the item was queued, so a repeat after a crash is the
 * same message to the recipient. A refusal that retrying cannot fix is permanent; everything else waits.
 * What a send changes (the referral is sent, a reminder went) commits with the outbox row.
 */
export function emailHandler(deps: ServiceDeps, mailer: Mailer): OutboxHandler {
  async function send(item: OutboxRow, batchRecords?: ReadonlyMap<number, ReferralMailRecords>): Promise<Record<string, unknown>> {
    const mail = (await buildMail(deps, item, batchRecords));
    try {
      const result = await mailer.send(mail);
      return { messageId: result.messageId, accepted: result.accepted.length };
    } catch (err) {
      if (err instanceof MailDeliveryError && !err.retryable) throw new PermanentDeliveryError(`${err.code}: ${err.message}`);
      throw err;
    }
  }
  return {
    deliver: (item) => send(item),
    async prepareBatch(items) {
      const wanted = items.flatMap((item) => {
        const referralId = referralIdOf(item);
        return referralId === undefined ? [] : [{ councilId: item.councilId, referralId }];
      });
      const records = (await loadReferralMailRecords(deps.db, wanted));
      return (item) => send(item, records);
    },
    async recordSentBatch(tx, sent) {
      const now = deps.clock.now().toISOString();
      // One statement per council and template: the referrals are sent, the reminders went.
      const referralsOf = new Map<string, { councilId: number; template: 'referral' | 'reminder'; ids: number[] }>();
      for (const { item } of sent) {
        const payload = item.payload as EmailPayload;
        const referralId = referralIdOf(item);
        if (referralId === undefined || (payload.template !== 'referral' && payload.template !== 'reminder')) continue;
        const key = `${item.councilId}:${payload.template}`;
        const entry = referralsOf.get(key) ?? { councilId: item.councilId, template: payload.template, ids: [] };
        entry.ids.push(referralId);
        referralsOf.set(key, entry);
      }
      for (const { councilId, template, ids } of referralsOf.values()) {
        const changes = template === 'referral' ? { status: 'sent' as const, sentAt: now, lastError: null, updatedAt: now } : { reminderSentAt: now, updatedAt: now };
        (await updateReferrals(tx, { councilId }, ids, changes));
      }
    },
    async recordFailed(tx, item, failure) {
      const payload = item.payload as EmailPayload;
      const scope = { councilId: item.councilId };
      const referral = payload.referralId !== undefined ? (await findReferralById(tx, scope, payload.referralId)) : undefined;
      if (!referral) return;
      const now = deps.clock.now();
      if (payload.template === 'referral') (await updateReferral(tx, scope, referral.id, { lastError: failure.error.slice(0, 500), updatedAt: now.toISOString() }));
      if (failure.dead) (await recordDeadEmail(deps, tx, item, referral, failure.error));
    },
  };
}

/**
 * An e-mail that will not go: named for what it was (a failed award letter is not a failed referral),
 * audited, and the people who must act are told, with a button to send it again.
 */
async function recordDeadEmail(deps: ServiceDeps, tx: Tx, item: OutboxRow, referral: ReferralRow, error: string): Promise<void> {
  const scope = { councilId: item.councilId };
  const template = (EMAIL_TEMPLATES as readonly unknown[]).includes((item.payload as EmailPayload).template) ? ((item.payload as EmailPayload).template as EmailTemplate) : undefined;
  if (!template) return;
  const now = deps.clock.now();
  if (template === 'referral') (await setReferralStatus(tx, scope, referral.id, 'failed', now, error.slice(0, 500)));
  (await appendAudit(tx, now, {
    councilId: item.councilId,
    actorStaffId: null,
    actorLabel: 'system:outbox',
    action: EMAIL_TEMPLATE_FAILURES[template],
    entityType: 'placement_request',
    entityId: String(referral.requestId),
    details: { outboxId: item.id, template, referralId: referral.id, providerId: referral.providerId, attempts: item.attempts, messageId: item.messageId, error: error.slice(0, 300) },
  }));
  for (const staffId of (await peopleToTell(tx, item, referral, template))) {
    (await enqueueOutbox(tx, {
      councilId: item.councilId,
      kind: 'teams.personal_message',
      dedupKey: `email-failed:${item.id}:${staffId}:${item.attempts}`,
      payload: { staffId, requestId: referral.requestId, referralId: referral.id, outboxId: item.id, template: 'email_failed' },
      at: now,
    }));
  }
}

/** Who acts on a failed e-mail: the officer who sent the referrals; for an award letter the approver too; for an answer the officer who wrote it. */
async function peopleToTell(tx: Tx, item: OutboxRow, referral: ReferralRow, template: EmailTemplate): Promise<number[]> {
  const scope = { councilId: item.councilId };
  const people = new Set<number>();
  const shortlist = (await findShortlistById(tx, scope, referral.shortlistId));
  if (shortlist?.sentByStaffId) people.add(shortlist.sentByStaffId);
  const payload = item.payload as EmailPayload;
  if (template === 'provider_answer' && payload.officerStaffId !== undefined) people.add(payload.officerStaffId);
  if (template === 'award' && payload.awardId !== undefined) {
    const award = (await findAwardById(tx, scope, payload.awardId));
    if (award) people.add(award.approverStaffId);
  }
  return [...people];
}

/** The referral an e-mail is about, from its payload. */
function referralIdOf(item: OutboxRow): number | undefined {
  const id = (item.payload as EmailPayload).referralId;
  return typeof id === 'number' ? id : undefined;
}

/**
 * Renders the e-mail from the database. `records` are its referral's records when the batch it was claimed
 * in has read them already (`prepareBatch`); otherwise they are read here.
 */
async function buildMail(deps: ServiceDeps, item: OutboxRow, batchRecords?: ReadonlyMap<number, ReferralMailRecords>): Promise<OutgoingMail> {
  const template = templateOf(item);
  const payload = item.payload as EmailPayload;
  const scope = { councilId: item.councilId };
  if (!item.messageId) throw new PermanentDeliveryError('the e-mail has no Message-ID');
  const referralId = referralIdOf(item);
  if (referralId === undefined) throw new PermanentDeliveryError('referral not found');
  const records = (batchRecords ?? (await loadReferralMailRecords(deps.db, [{ councilId: item.councilId, referralId }]))).get(referralId);
  if (!records) throw new PermanentDeliveryError('referral, or its request, shortlist or provider, not found');
  const { referral, shortlist } = records;
  const view = referralEmailView({
    request: records.request,
    shortlist,
    referral,
    providerName: records.providerName,
    councilName: records.councilName,
    officer: records.officer,
    productName: deps.config.PRODUCT_NAME,
  });
  const common = {
    from: deps.config.MAIL_FROM,
    to: [referral.contactEmail],
    replyTo: replyAddress(referral.id, deps.config.REPLY_TOKEN_SECRET, deps.config.REPLY_DOMAIN),
    messageId: item.messageId,
  };
  const inThread = { inReplyTo: referral.messageId, references: [referral.messageId] };

  // Rendered when due, so the link's life follows the deadline as it is then (an extension included).
  const replyPageUrl = replyPageUrlFor(deps, referral, shortlist);

  switch (template) {
    case 'referral':
      return { ...common, ...buildReferralEmail({ ...view, replyPageUrl }) };
    case 'reminder':
      return { ...common, ...buildReminderEmail({ ...view, replyPageUrl, referralSentOn: referral.sentAt ? calendarDateOf(new Date(referral.sentAt)) : undefined }), ...inThread };
    case 'provider_answer': {
      const reply = payload.replyId !== undefined ? (await findProviderReply(deps.db, scope, payload.replyId)) : undefined;
      const original = reply ? (await findInboundMessage(deps.db, reply.inboundMessageId)) : undefined;
      if (!reply || !original || !payload.text) throw new PermanentDeliveryError('the provider message being answered is missing');
      const answeringOfficer = payload.officerStaffId !== undefined ? (await findActorById(deps.db, payload.officerStaffId)) : undefined;
      const built = buildProviderAnswerEmail({
        councilName: view.councilName,
        requestReference: view.requestReference,
        inReplyToSubject: original.subject,
        contactName: referral.contactName ?? undefined,
        answer: payload.text,
        officerName: answeringOfficer?.name ?? view.officerName,
        officerEmail: answeringOfficer?.email ?? view.officerEmail,
        productName: view.productName,
      });
      // An answer goes to whoever asked only when that address is registered for the provider; otherwise to the contact the referral went to.
      const provider = (await findProvider(deps.db, referral.providerId));
      const asker = original.fromAddress && provider && senderMatchesProvider(original.fromAddress, provider) ? original.fromAddress : referral.contactEmail;
      return {
        ...common,
        to: [asker],
        ...built,
        inReplyTo: original.messageIdHeader ?? referral.messageId,
        references: [referral.messageId, ...(original.messageIdHeader ? [original.messageIdHeader] : [])],
      };
    }
    case 'award':
    case 'not_selected': {
      const award = payload.awardId !== undefined ? (await findAwardById(deps.db, scope, payload.awardId)) : undefined;
      if (!award) throw new PermanentDeliveryError('award not found');
      const letter = { councilName: view.councilName, requestReference: view.requestReference, providerName: view.providerName, contactName: view.contactName, officerName: view.officerName, officerEmail: view.officerEmail, productName: view.productName };
      const built =
        template === 'award'
          ? buildAwardEmail({ ...letter, weeklyFeePence: award.weeklyFeePence, weeksPerYear: award.weeksPerYear, addOns: award.addOns, annualValuePence: award.annualValuePence, startDate: award.startDate, endDate: award.endDate })
          : buildNotSelectedEmail(letter);
      return { ...common, ...built, ...inThread, headers: { ...built.headers, ...(award.approverName ? { 'X-Placement-Desk-Approved-By': award.approverName } : {}) } };
    }
  }
}
