import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Append-only audit log. Triggers in the migration refuse UPDATE and DELETE; each entry carries
 * the hash of the previous one so tampering below the triggers is detectable.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** Null for regional (register) events. */
    councilId: integer('council_id'),
    actorStaffId: integer('actor_staff_id'),
    /** Who acted when not a staff member: "cli:import-providers", "system:outbox". */
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull().unique(),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [index('audit_entity_idx').on(t.entityType, t.entityId), index('audit_council_idx').on(t.councilId)],
);
