import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AppraisalOptionValues, PreferenceValues } from '../../domain/appraisal/answers.js';
import type { Recommendation } from '../../domain/appraisal/recommendation.js';
import type { Route } from '../../domain/appraisal/routes.js';
import type { StaffRole } from '../../domain/reference-data.js';
import { councils, staff } from './councils.js';
import { placementRequests } from './placement-requests.js';

export const APPRAISAL_STATUSES = ['in_progress', 'confirmed', 'superseded'] as const;
export type AppraisalStatus = (typeof APPRAISAL_STATUSES)[number];

/** Where the appraisal conversation is: a route's questions, the preference, or the review. */
export type AppraisalPosition = Route | 'preference' | 'review';

/**
 * One appraisal per request and revision. A confirmed appraisal is read-only; changing it means a new,
 * audited revision (the old one is kept, superseded once the new one is confirmed).
 */
export const appraisals = sqliteTable(
  'appraisals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    requestId: integer('request_id').notNull().references(() => placementRequests.id),
    revision: integer('revision').notNull(),
    revisionReason: text('revision_reason'),
    status: text('status', { enum: APPRAISAL_STATUSES }).notNull().default('in_progress'),
    position: text('position').$type<AppraisalPosition>().notNull(),
    preference: text('preference', { mode: 'json' }).$type<PreferenceValues>(),
    /** What was last typed on each card (route or "preference"), valid or not. */
    entered: text('entered', { mode: 'json' }).$type<Record<string, Record<string, string>>>().notNull(),
    /** The recommendation shown when the route was confirmed (recomputed from the answers, never from a card). */
    recommendation: text('recommendation', { mode: 'json' }).$type<Recommendation>(),
    confirmedRoute: text('confirmed_route').$type<Route>(),
    confirmedByStaffId: integer('confirmed_by_staff_id').references(() => staff.id),
    confirmedRole: text('confirmed_role').$type<StaffRole>(),
    confirmedAt: text('confirmed_at'),
    confirmationReason: text('confirmation_reason'),
    overridesRecommendation: integer('overrides_recommendation', { mode: 'boolean' }),
    /** Set when the caseworker asks for confirmation, so the approvals thread is told once per revision. */
    confirmationRequestedAt: text('confirmation_requested_at'),
    createdByStaffId: integer('created_by_staff_id').notNull().references(() => staff.id),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('appraisal_revision_uq').on(t.requestId, t.revision), index('appraisal_council_idx').on(t.councilId)],
);

/** One row per route considered (or recorded as not considered) in an appraisal. */
export const appraisalOptions = sqliteTable(
  'appraisal_options',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    appraisalId: integer('appraisal_id').notNull().references(() => appraisals.id),
    route: text('route').$type<Route>().notNull(),
    values: text('values', { mode: 'json' }).$type<AppraisalOptionValues>().notNull(),
    /** Whole-public-purse annual cost in pence, kept as a column for regional figures. */
    totalPence: integer('total_pence').notNull(),
  },
  (t) => [uniqueIndex('appraisal_option_route_uq').on(t.appraisalId, t.route)],
);
