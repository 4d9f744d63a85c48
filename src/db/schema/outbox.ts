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
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** What the effect produced (e.g. the Teams message id), for whoever needs it next. */
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt)],
);
