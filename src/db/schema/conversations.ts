import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { councils, staff } from './councils.js';

export const CONVERSATION_PURPOSES = ['approvals_channel', 'personal_chat'] as const;
export type ConversationPurpose = (typeof CONVERSATION_PURPOSES)[number];

/**
 * Stored Bot Framework conversation references, captured during a turn, so the bot can post
 * proactively later (approval threads, notifications to a caseworker).
 */
export const conversationReferences = sqliteTable(
  'conversation_references',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    purpose: text('purpose', { enum: CONVERSATION_PURPOSES }).notNull(),
    /** For personal chats, whose chat it is. */
    staffId: integer('staff_id').references(() => staff.id),
    conversationId: text('conversation_id').notNull(),
    /** The serialised ConversationReference (JSON). */
    /** "council:<id>" for a channel, "staff:<id>" for a personal chat: one reference per owner and purpose. */
    ownerKey: text('owner_key').notNull(),
    reference: text('reference', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    registeredByStaffId: integer('registered_by_staff_id').references(() => staff.id),
    /**
     * For a personal chat: whether this person is the one using the conversation now. In Teams each person
     * has their own chat, but a shared client (the Agents Playground) puts several people in one
     * conversation id; the latest to speak there holds it, and messages for the others wait for them.
     */
    holdsConversation: integer('holds_conversation', { mode: 'boolean' }).notNull().default(true),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex('conversation_ref_uq').on(t.purpose, t.ownerKey)],
);
