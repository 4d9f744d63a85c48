import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { RequestDraft, RequestStep } from '../../domain/placement-request/fields.js';
import type { Lot, NeedCode } from '../../domain/reference-data.js';
import { REQUEST_STATUSES, type RequestStatus } from '../../domain/request-lifecycle.js';
import { councils, staff } from './councils.js';

/** Where a request is in its life: the statuses and what moves between them are in the lifecycle module. */
export { REQUEST_STATUSES, type RequestStatus };

/** The step a draft is on: one of the form's steps, or the summary before submitting. */
export type DraftPosition = RequestStep | 'summary';

export const placementRequests = sqliteTable(
  'placement_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    /** Human reference, e.g. PR-2026-0042, unique per council; given on submit. */
    reference: text('reference'),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('draft'),
    caseworkerStaffId: integer('caseworker_staff_id').notNull().references(() => staff.id),
    position: text('position').$type<DraftPosition>().notNull().default('child'),
    /** Validated values per step. */
    draft: text('draft', { mode: 'json' }).$type<RequestDraft>().notNull(),
    /** What was last typed into each step, valid or not, so nothing entered is lost. */
    entered: text('entered', { mode: 'json' }).$type<Partial<Record<RequestStep, Record<string, string>>>>().notNull(),
    /** Bumped on every change: a card carries the version it was drawn from, so old cards are detected. */
    version: integer('version').notNull().default(1),
    /** Copied from the draft on submit, for lists and regional figures. */
    lot: integer('lot').$type<Lot>(),
    primaryNeed: text('primary_need').$type<NeedCode>(),
    requiredStartDate: text('required_start_date'),
    submittedAt: text('submitted_at'),
    submittedByStaffId: integer('submitted_by_staff_id').references(() => staff.id),
    /** The route the confirmed appraisal chose; a request closed on another route keeps its reason and cost. */
    chosenRoute: text('chosen_route'),
    closedReason: text('closed_reason'),
    closedAt: text('closed_at'),
    /** Whole-public-purse annual cost of the chosen route (pence), when known. */
    annualCostPence: integer('annual_cost_pence'),
    /** This request's thread in the approvals channel ("<channel id>;messageid=<root id>"), once posted. */
    approvalThreadId: text('approval_thread_id'),
    /** Made up by `demo-history` (never a real child): counted in dashboards, flagged in exports. */
    synthetic: integer('synthetic', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('placement_request_reference_uq').on(t.councilId, t.reference),
    index('placement_request_caseworker_idx').on(t.councilId, t.caseworkerStaffId),
    index('placement_request_submitted_idx').on(t.councilId, t.submittedAt),
    index('placement_request_submitted_at_idx').on(t.submittedAt),
  ],
);

/** Per council and year, the last sequence number handed out for request references. */
export const requestReferenceCounters = sqliteTable(
  'request_reference_counters',
  {
    councilId: integer('council_id').notNull().references(() => councils.id),
    year: integer('year').notNull(),
    lastSequence: integer('last_sequence').notNull(),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.year] })],
);

