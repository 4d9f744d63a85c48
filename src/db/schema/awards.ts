import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { FeeBenchmark } from '../../domain/fee-benchmark.js';
import type { StaffRole } from '../../domain/reference-data.js';
import { councils, staff } from './councils.js';
import { offers } from './inbound.js';
import { placementRequests } from './placement-requests.js';
import { providers } from './providers.js';

export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'info_requested'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A person's proposal to award one offer, and the approver's decision on it. */
export const awardProposals = sqliteTable(
  'award_proposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    requestId: integer('request_id').notNull().references(() => placementRequests.id),
    offerId: integer('offer_id').notNull().references(() => offers.id),
    providerId: text('provider_id').notNull().references(() => providers.id),
    proposedByStaffId: integer('proposed_by_staff_id').notNull().references(() => staff.id),
    rationale: text('rationale').notNull(),
    /** Required when the proposed offer is not the top-ranked one. */
    lowerRankReason: text('lower_rank_reason'),
    rank: integer('rank'),
    /** The offer as proposed (its own copy): what the approver decides on and the award is made from. */
    providerName: text('provider_name').notNull().default(''),
    weeklyFeePence: integer('weekly_fee_pence').notNull(),
    weeksPerYear: integer('weeks_per_year').notNull(),
    addOnsWeeklyPence: integer('add_ons_weekly_pence').notNull(),
    addOns: text('add_ons', { mode: 'json' }).$type<Array<{ label: string; weeklyPence: number }>>().notNull().default(sql`'[]'`),
    annualValuePence: integer('annual_value_pence').notNull(),
    startDate: text('start_date'),
    conditions: text('conditions'),
    /** The regional fee benchmark as it stood when the proposal was made: what the approval card shows the approver. */
    feeBenchmark: text('fee_benchmark', { mode: 'json' }).$type<FeeBenchmark>(),
    status: text('status', { enum: PROPOSAL_STATUSES }).notNull().default('pending'),
    decisionByStaffId: integer('decision_by_staff_id').references(() => staff.id),
    decisionRole: text('decision_role').$type<StaffRole>(),
    decisionAt: text('decision_at'),
    decisionReason: text('decision_reason'),
    /** The delegated authority the decision was made under, in words. */
    decisionAuthority: text('decision_authority'),
    /** When the approver decided while covering for a colleague: whom (id and name as it was), the cover, and until when. */
    decisionCoverId: integer('decision_cover_id'),
    decisionCoveringForStaffId: integer('decision_covering_for_staff_id').references(() => staff.id),
    decisionCoveringForName: text('decision_covering_for_name'),
    decisionCoverEndsOn: text('decision_cover_ends_on'),
    /** The proposal this one revises after "ask for more information". */
    revisionOf: integer('revision_of'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  // proposal_request_provider_idx: the offers' insert trigger looks for a pending proposal by request and
  // provider; without it every new offer scanned every proposal in the region.
  (t) => [index('proposal_request_idx').on(t.councilId, t.requestId), index('proposal_request_provider_idx').on(t.requestId, t.providerId)],
);

/**
 * The award: stands in for the Individual Placement Agreement. One per request, never changed (a database
 * trigger refuses it), holding its own copy of everything it relies on: provider, figures, approver.
 */
export const awards = sqliteTable(
  'awards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    requestId: integer('request_id').notNull().references(() => placementRequests.id),
    proposalId: integer('proposal_id').notNull().references(() => awardProposals.id),
    offerId: integer('offer_id').notNull().references(() => offers.id),
    providerId: text('provider_id').notNull().references(() => providers.id),
    providerName: text('provider_name').notNull().default(''),
    /** The council's case reference and the request reference: the child is identified by these only. */
    childReference: text('child_reference').notNull(),
    lot: integer('lot').notNull(),
    primaryNeed: text('primary_need'),
    weeklyFeePence: integer('weekly_fee_pence').notNull(),
    weeksPerYear: integer('weeks_per_year').notNull(),
    addOnsWeeklyPence: integer('add_ons_weekly_pence').notNull(),
    addOns: text('add_ons', { mode: 'json' }).$type<Array<{ label: string; weeklyPence: number }>>().notNull(),
    annualValuePence: integer('annual_value_pence').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    conditions: text('conditions'),
    approverStaffId: integer('approver_staff_id').notNull().references(() => staff.id),
    approverName: text('approver_name').notNull().default(''),
    approverRole: text('approver_role').$type<StaffRole>().notNull(),
    authority: text('authority').notNull(),
    /** The award's own copy of the cover the approver acted under, if any: whom they covered for and until when. */
    coverId: integer('cover_id'),
    coveringForStaffId: integer('covering_for_staff_id').references(() => staff.id),
    coveringForName: text('covering_for_name'),
    coverEndsOn: text('cover_ends_on'),
    decisionReason: text('decision_reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('award_request_uq').on(t.requestId), uniqueIndex('award_proposal_uq').on(t.proposalId), index('award_lot_created_idx').on(t.lot, t.createdAt)],
);

export const APPROVAL_ESCALATION_STAGES = ['reminder', 'escalation'] as const;
export type ApprovalEscalationStage = (typeof APPROVAL_ESCALATION_STAGES)[number];

/**
 * A proposal that waited too long: the reminder to its approvers, then the escalation to the Head of
 * Service, each once (unique per proposal and stage), with whom it went to.
 */
export const approvalEscalations = sqliteTable(
  'approval_escalations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id),
    proposalId: integer('proposal_id').notNull().references(() => awardProposals.id),
    stage: text('stage', { enum: APPROVAL_ESCALATION_STAGES }).notNull(),
    /** Staff ids the personal messages were queued for. */
    recipientStaffIds: text('recipient_staff_ids', { mode: 'json' }).$type<number[]>().notNull(),
    workingDaysWaited: integer('working_days_waited').notNull(),
    at: text('at').notNull(),
  },
  (t) => [uniqueIndex('approval_escalation_uq').on(t.proposalId, t.stage)],
);
