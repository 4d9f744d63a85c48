import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { DATA_ORIGINS, STAFF_ROLES, type StaffRole } from '../../domain/reference-data.js';
import { COUNCIL_STATUSES, SECRET_SOURCES } from '../../domain/bot-registration.js';

export const councils = sqliteTable('councils', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Short stable code used in CSV files and references, e.g. "HALTON". */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** A removed council keeps all its data; its bot registration and its staff are refused. */
  status: text('status', { enum: COUNCIL_STATUSES }).notNull().default('active'),
  removedAt: text('removed_at'),
  /** 'demo' for the dev-mode councils, 'synthetic' for those `demo-history` makes; real councils are 'real'. */
  origin: text('origin', { enum: DATA_ORIGINS }).notNull().default('real'),
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

/**
 * Each council's own single-tenant bot registration (an Entra app in the council's tenant, pointing at
 * this one deployment). Incoming activities are matched to a registration by the app id their token was
 * issued for; proactive posts for the council are sent with its credentials. The client secret is never
 * stored here: only where to read it (an environment variable name or a file path).
 */
export const botRegistrations = sqliteTable('bot_registrations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  councilId: integer('council_id').notNull().unique().references(() => councils.id),
  /** Microsoft App ID (GUID, lower-case). */
  appId: text('app_id').notNull().unique(),
  /** The council's Entra tenant id (GUID, lower-case): every activity must come from it. */
  tenantId: text('tenant_id').notNull(),
  secretSource: text('secret_source', { enum: SECRET_SOURCES }).notNull(),
  /** Environment variable name or absolute file path. */
  secretRef: text('secret_ref').notNull(),
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
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
