import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { councils } from './councils.js';

/**
 * Effects that must happen after a commit (Teams posts now, e-mails later) are written here in the same
 * transaction as the change, then delivered by a dispatcher with retries. The dedup key makes a
 * repeated write of the same effect a no-op, so a crash never sends twice or loses one.
 */
export const OUTBOX_KINDS = ['teams.channel_post', 'teams.channel_update', 'teams.personal_message', 'email'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export const OUTBOX_STATUSES = ['pending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    dedupKey: text('dedup_key').notNull().unique(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    /** Attempts started (counted when an item is claimed, before the delivery is tried). */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** The last failure was the service being unreachable (not this item): it is tried again as soon as the service answers. */
    lastErrorTransient: integer('last_error_transient', { mode: 'boolean' }).notNull().default(false),
    /**
     * After this, failures stop being retried and the item is dead (retries run for days, not hours). Null:
     * the configured retry period from when the item was queued; set when a dead item is sent again.
     */
    giveUpAt: text('give_up_at'),
    /**
     * The Message-ID of an e-mail, fixed when the item is created: a repeat after a crash carries the same
     * id, so the recipient's systems (and ours) recognise it as the same message.
     */
    messageId: text('message_id'),
    /** Items with the same key are delivered one after another in id order (the posts of one thread). */
    sequenceKey: text('sequence_key'),
    /** The process delivering it now, and until when its claim holds (renewed while it works). */
    claimedBy: text('claimed_by'),
    claimExpiresAt: text('claim_expires_at'),
    /** Attempts whose process died mid-delivery (found when its claim had expired): their outcome is unknown. */
    interruptedAttempts: integer('interrupted_attempts').notNull().default(0),
    /** What the effect produced (e.g. the Teams message id), for whoever needs it next. */
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_sequence_idx').on(t.sequenceKey, t.status)],
);
