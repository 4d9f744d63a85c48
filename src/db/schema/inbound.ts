import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { councils, staff } from './councils.js';
import { placementRequests } from './placement-requests.js';
import { providers } from './providers.js';
import { referrals } from './referrals.js';

export const INBOUND_STATUSES = ['stored', 'routed', 'triage', 'dismissed', 'quarantined'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/** How a message found its referral; 'reply_page' is a submission on the provider's signed reply page. */
export const ROUTE_METHODS = ['token', 'in_reply_to', 'subject', 'manual', 'reply_page'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/** The `mailbox` of submissions made on the reply page (they never come from IMAP). */
export const REPLY_PAGE_MAILBOX = 'reply-page';

/**
 * Every message read from the mailbox, raw bytes first: stored and committed before the message is
 * moved out of the inbox, unique by the hash of its bytes so a redelivery or a crash never doubles it.
 *
 * A submission on the reply page is a message of its own kind here (mailbox `reply-page`, route method
 * `reply_page`): `raw` is the submission as JSON (not MIME), `sha256` the hash of its form's one-time
 * nonce (so the same form sent twice is one message), and it is routed in the transaction that stores it.
 */
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sha256: text('sha256').notNull().unique(),
    mailbox: text('mailbox').notNull(),
    uidValidity: integer('uid_validity'),
    uid: integer('uid'),
    raw: blob('raw', { mode: 'buffer' }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    fromAddress: text('from_address'),
    toAddresses: text('to_addresses', { mode: 'json' }).$type<string[]>().notNull(),
    subject: text('subject'),
    messageIdHeader: text('message_id_header'),
    inReplyTo: text('in_reply_to'),
    references: text('references', { mode: 'json' }).$type<string[]>().notNull(),
    receivedAt: text('received_at').notNull(),
    status: text('status', { enum: INBOUND_STATUSES }).notNull().default('stored'),
    /**
     * Null until the message belongs to one council. Mail that belongs to no single council waits in the
     * regional triage queue, seen by the regional administrators and by the councils it could belong to.
     */
    councilId: integer('council_id').references(() => councils.id),
    /** The councils a message without a council could belong to (a request reference two councils share, say). */
    candidateCouncilIds: text('candidate_council_ids', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[]'`),
    referralId: integer('referral_id').references(() => referrals.id),
    routeMethod: text('route_method', { enum: ROUTE_METHODS }),
    /** Why it went to triage or quarantine, for the person who looks at it. */
    problem: text('problem'),
    handledByStaffId: integer('handled_by_staff_id').references(() => staff.id),
    handledAt: text('handled_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('inbound_status_idx').on(t.status), index('inbound_council_idx').on(t.councilId)],
);

/** One consumer per mailbox: a process holds the lease while it ingests and renews it. */
export const mailboxLeases = sqliteTable('mailbox_leases', {
  mailbox: text('mailbox').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/** Where IDLE/sweeps got to, so a restart or a UIDVALIDITY change is handled. */
export const mailboxCursors = sqliteTable('mailbox_cursors', {
  mailbox: text('mailbox').primaryKey(),
  uidValidity: integer('uid_validity').notNull(),
  lastUid: integer('last_uid').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const REPLY_KINDS = ['offer', 'decline', 'query', 'acknowledgement', 'auto-reply', 'bounce', 'unknown'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export const REPLY_STATUSES = ['needs_confirmation', 'confirmed', 'query', 'noted'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

/**
 * A provider's reply to a referral, as understood. Extracted figures are a proposal: an officer confirms
 * or corrects them before they count as an offer.
 */
export const providerReplies = sqliteTable(
  'provider_replies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    requestId: integer('request_id').notNull().references(() => placementRequests.id),
    referralId: integer('referral_id').notNull().references(() => referrals.id),
    providerId: text('provider_id').notNull().references(() => providers.id),
    inboundMessageId: integer('inbound_message_id').notNull().references(() => inboundMessages.id),
    /** A correction made on the reply page names the earlier submission it replaces. */
    supersedesReplyId: integer('supersedes_reply_id').references((): AnySQLiteColumn => providerReplies.id),
    kind: text('kind', { enum: REPLY_KINDS }).notNull(),
    status: text('status', { enum: REPLY_STATUSES }).notNull(),
    /** What the reader extracted (kind, fee, weeks, add-ons, start date, conditions, confidence, warnings). */
    extracted: text('extracted', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    confidence: integer('confidence_pct').notNull(),
    /** The new text of the reply (quoted history removed), for the card and the evidence pack. */
    replyText: text('reply_text').notNull(),
    attachments: text('attachments', { mode: 'json' }).$type<Array<{ filename: string; contentType: string; size: number }>>().notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('provider_reply_message_uq').on(t.inboundMessageId),
    index('provider_reply_request_idx').on(t.councilId, t.requestId),
    index('provider_reply_first_idx').on(t.requestId, t.kind, t.createdAt),
  ],
);

/**
 * A provider's offer for a request, as confirmed (or corrected) by an officer. Each confirmation is a new
 * version: the figures of a row never change (a database trigger refuses it), so a proposal and an award
 * point at exactly the figures that were decided on. The current offer of a provider is the version not
 * superseded; quality marks carry forward to a new version.
 */
export const offers = sqliteTable(
  'offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    requestId: integer('request_id').notNull().references(() => placementRequests.id),
    providerId: text('provider_id').notNull().references(() => providers.id),
    replyId: integer('reply_id').notNull().references(() => providerReplies.id),
    canMeetNeeds: integer('can_meet_needs', { mode: 'boolean' }).notNull(),
    weeklyFeePence: integer('weekly_fee_pence').notNull(),
    weeksPerYear: integer('weeks_per_year').notNull(),
    addOnsWeeklyPence: integer('add_ons_weekly_pence').notNull().default(0),
    addOns: text('add_ons', { mode: 'json' }).$type<Array<{ label: string; weeklyPence: number }>>().notNull(),
    startDate: text('start_date'),
    conditions: text('conditions'),
    confirmedByStaffId: integer('confirmed_by_staff_id').notNull().references(() => staff.id),
    confirmedAt: text('confirmed_at').notNull(),
    /** Whether the officer changed what the reader extracted. */
    corrected: integer('corrected', { mode: 'boolean' }).notNull(),
    /** Quality mark (0–100) and its reason, entered by the officer at evaluation. */
    qualityMark: integer('quality_mark'),
    qualityReason: text('quality_reason'),
    qualityMarkedByStaffId: integer('quality_marked_by_staff_id').references(() => staff.id),
    withdrawn: integer('withdrawn', { mode: 'boolean' }).notNull().default(false),
    /** 1 for the first confirmation of this provider's offer, then 2, 3… for each correction. */
    version: integer('version').notNull().default(1),
    /** When a newer version replaced this one; null for the current offer. */
    supersededAt: text('superseded_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('offer_version_uq').on(t.requestId, t.providerId, t.version),
    uniqueIndex('offer_current_uq').on(t.requestId, t.providerId).where(sql`${t.supersededAt} IS NULL`),
    // The current declines behind the dashboards (a small share of the offers).
    index('offer_decline_idx').on(t.requestId, t.replyId).where(sql`${t.canMeetNeeds} = 0 AND ${t.withdrawn} = 0 AND ${t.supersededAt} IS NULL`),
  ],
);
