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
  /** Working days a proposal may wait for a decision before its approvers are reminded (set by the council's administrator). */
  approvalReminderWorkingDays: integer('approval_reminder_working_days').notNull().default(3),
  /** Further working days after the reminder before the proposal is escalated to the Head of Service. */
  approvalEscalationWorkingDays: integer('approval_escalation_working_days').notNull().default(3),
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
    /** When and by whom the person was deactivated, and why: what an old card they click says. Null while active. */
    deactivatedAt: text('deactivated_at'),
    deactivatedByStaffId: integer('deactivated_by_staff_id'),
    deactivationReason: text('deactivation_reason'),
    /** Bumped by every change, so an administrator's card drawn before a change (theirs, a colleague's, an import) changes nothing. */
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    uniqueIndex('staff_identity_uq').on(t.aadObjectId, t.tenantId),
    index('staff_council_idx').on(t.councilId),
  ],
);

/**
 * Cover while away: a Service Manager or the Head of Service (the delegator) lets a named colleague of the
 * same council (the delegate) decide awards under the delegator's own authority for a date range, never
 * above the delegator's limit (optionally a lower one). The dates are calendar dates in England, both
 * inclusive: the cover ends by itself after `ends_on`. Ended early by setting `ended_at`; never deleted.
 */
export const approvalCovers = sqliteTable(
  'approval_covers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    delegatorStaffId: integer('delegator_staff_id').notNull().references(() => staff.id),
    delegateStaffId: integer('delegate_staff_id').notNull().references(() => staff.id),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    /** Whole pounds a year; null = the delegator's own limit at the time of each decision. */
    limitPounds: integer('limit_pounds'),
    createdAt: text('created_at').notNull(),
    endedAt: text('ended_at'),
    endedByStaffId: integer('ended_by_staff_id').references(() => staff.id),
  },
  (t) => [index('approval_cover_delegate_idx').on(t.councilId, t.delegateStaffId), index('approval_cover_delegator_idx').on(t.councilId, t.delegatorStaffId)],
);

export { STAFF_ROLES };
