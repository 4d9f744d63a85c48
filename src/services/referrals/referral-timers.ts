import { appendAudit } from '../../db/repositories/audit.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { listOpenShortlists, listReferralsToRemind, updateReferral, updateShortlistIfVersion } from '../../db/repositories/referrals.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { reminderMessageId } from '../../domain/reply-token.js';
import { responsesClosingAt, shouldRemind } from '../../domain/referral-timing.js';
import { writeTransaction } from '../../db/transaction.js';
import type { ServiceDeps } from '../deps.js';

/**
 * What the clock triggers for open call-offs: one polite reminder to each provider that has not answered,
 * 2 working days before the deadline; and at the deadline, a card to the officer who sent the referrals.
 * Both go through the outbox with dedup keys, so running this twice does nothing more.
 */
export async function runReferralTimers(deps: ServiceDeps): Promise<{ reminders: number; deadlineNotices: number }> {
  const now = deps.clock.now();
  const today = calendarDateOf(now);
  let reminders = 0;
  let deadlineNotices = 0;
  for (const shortlist of (await listOpenShortlists(deps.db))) {
    const scope = { councilId: shortlist.councilId };
    if (shouldRemind(today, shortlist.responseDeadline)) {
      const due = (await listReferralsToRemind(deps.db, scope, shortlist.id));
      if (due.length) {
        (await writeTransaction(deps.db, async (tx) => {
          for (const referral of due) {
            (await updateReferral(tx, scope, referral.id, { reminderQueuedAt: now.toISOString(), updatedAt: now.toISOString() }));
            (await enqueueOutbox(tx, { councilId: shortlist.councilId, kind: 'email', messageId: reminderMessageId(referral.messageId), dedupKey: `reminder:${referral.id}`, payload: { template: 'reminder', referralId: referral.id }, at: now }));
          }
          (await appendAudit(tx, now, {
            councilId: shortlist.councilId,
            actorStaffId: null,
            actorLabel: 'system:timers',
            action: 'referrals.reminded',
            entityType: 'placement_request',
            entityId: String(shortlist.requestId),
            details: { shortlistId: shortlist.id, referralIds: due.map((r) => r.id), responseDeadline: shortlist.responseDeadline },
          }));
        }));
        reminders += due.length;
      }
    }
    if (now >= responsesClosingAt(shortlist.responseDeadline) && shortlist.deadlineNoticeFor !== shortlist.responseDeadline && shortlist.sentByStaffId !== null) {
      const staffId = shortlist.sentByStaffId;
      (await writeTransaction(deps.db, async (tx) => {
        const row = (await updateShortlistIfVersion(tx, scope, shortlist.id, shortlist.version, { deadlineNoticeFor: shortlist.responseDeadline, updatedAt: now.toISOString() }));
        if (!row) return;
        (await enqueueOutbox(tx, {
          councilId: shortlist.councilId,
          kind: 'teams.personal_message',
          dedupKey: `responses-deadline:${shortlist.id}:${shortlist.responseDeadline}`,
          payload: { staffId, requestId: shortlist.requestId, shortlistId: shortlist.id, template: 'responses_deadline' },
          at: now,
        }));
        deadlineNotices += 1;
      }));
    }
  }
  return { reminders, deadlineNotices };
}
