import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { STAFF_ROLES, type StaffRole } from '../../domain/reference-data.js';

export const councils = sqliteTable('councils', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Short stable code used in CSV files and references, e.g. "HALTON". */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    /** Entra ID (Azure AD) object id + tenant id: how Teams tells us who someone is. */
    aadObjectId: text('aad_object_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    /** JSON array of StaffRole values. */
    roles: text('roles', { mode: 'json' }).$type<StaffRole[]>().notNull(),
    /** Delegated authority: the annual value (whole pounds) this person may approve. 0 = none. */
    approvalLimit: integer('approval_limit').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    uniqueIndex('staff_identity_uq').on(t.aadObjectId, t.tenantId),
    index('staff_council_idx').on(t.councilId),
  ],
);

export { STAFF_ROLES };
