import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ShortlistDecision } from '../../domain/shortlist-review.js';
import { councils, staff } from './councils.js';
import { placementRequests } from './placement-requests.js';
import { providers } from './providers.js';

export const SHORTLIST_STATUSES = ['draft', 'sent', 'closed'] as const;
export type ShortlistStatus = (typeof SHORTLIST_STATUSES)[number];

/**
 * The call-off for a request: the reviewed shortlist, the response deadline and the evaluation
 * weighting. The weighting is fixed once referrals go out.
 */
export const shortlists = sqliteTable(
  'shortlists',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    requestId: integer('request_id').notNull().references(() => placementRequests.id),
    status: text('status', { enum: SHORTLIST_STATUSES }).notNull().default('draft'),
    entries: text('entries', { mode: 'json' }).$type<ShortlistDecision[]>().notNull(),
    responseDeadline: text('response_deadline').notNull(),
    priceWeight: integer('price_weight').notNull(),
    qualityWeight: integer('quality_weight').notNull(),
    createdByStaffId: integer('created_by_staff_id').notNull().references(() => staff.id),
    sentByStaffId: integer('sent_by_staff_id').references(() => staff.id),
    sentAt: text('sent_at'),
    /** The deadline the "who answered" card was last sent for, so it is sent once per deadline. */
    deadlineNoticeFor: text('deadline_notice_for'),
    closedAt: text('closed_at'),
    closedByStaffId: integer('closed_by_staff_id').references(() => staff.id),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('shortlist_request_uq').on(t.requestId)],
);

export const REFERRAL_STATUSES = ['queued', 'sent', 'failed', 'undelivered'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** One e-mail invitation to one provider contact for one request. */
export const referrals = sqliteTable(
  'referrals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    requestId: integer('request_id').notNull().references(() => placementRequests.id),
    shortlistId: integer('shortlist_id').notNull().references(() => shortlists.id),
    providerId: text('provider_id').notNull().references(() => providers.id),
    contactEmail: text('contact_email').notNull(),
    contactName: text('contact_name'),
    status: text('status', { enum: REFERRAL_STATUSES }).notNull().default('queued'),
    /** Our Message-ID for the referral, so replies can be matched by In-Reply-To/References. */
    messageId: text('message_id').notNull().unique(),
    sentAt: text('sent_at'),
    reminderQueuedAt: text('reminder_queued_at'),
    reminderSentAt: text('reminder_sent_at'),
    /** When the provider first answered (any reply that is not an auto-reply or bounce). */
    respondedAt: text('responded_at'),
    /** The last out-of-office seen, noted without changing the referral's state. */
    autoReplyAt: text('auto_reply_at'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('referral_request_idx').on(t.councilId, t.requestId),
    index('referral_provider_idx').on(t.providerId),
    // Covers the provider-response figures: each provider's first referral and answer per request, without reading the rows.
    index('referral_response_idx').on(t.requestId, t.providerId, t.sentAt, t.respondedAt),
  ],
);
