/**
 * The PostgreSQL tables as named exports, for drizzle-kit (`drizzle.pg.config.ts`), which finds tables by
 * their exports. Derived from the SQLite schema in pg.ts; a test checks this list names every table.
 */
import { pgSchema } from './pg.js';

export const appraisalOptions = pgSchema.appraisalOptions!;
export const appraisals = pgSchema.appraisals!;
export const approvalCovers = pgSchema.approvalCovers!;
export const approvalEscalations = pgSchema.approvalEscalations!;
export const auditLog = pgSchema.auditLog!;
export const awardProposals = pgSchema.awardProposals!;
export const awards = pgSchema.awards!;
export const botRegistrations = pgSchema.botRegistrations!;
export const conversationReferences = pgSchema.conversationReferences!;
export const councilAreas = pgSchema.councilAreas!;
export const councils = pgSchema.councils!;
export const inboundMessages = pgSchema.inboundMessages!;
export const mailboxCursors = pgSchema.mailboxCursors!;
export const mailboxLeases = pgSchema.mailboxLeases!;
export const offers = pgSchema.offers!;
export const outbox = pgSchema.outbox!;
export const placementRequests = pgSchema.placementRequests!;
export const providerContacts = pgSchema.providerContacts!;
export const providerEmailDomains = pgSchema.providerEmailDomains!;
export const providerLots = pgSchema.providerLots!;
export const providerNeeds = pgSchema.providerNeeds!;
export const providerReplies = pgSchema.providerReplies!;
export const providers = pgSchema.providers!;
export const referrals = pgSchema.referrals!;
export const requestReferenceCounters = pgSchema.requestReferenceCounters!;
export const shortlists = pgSchema.shortlists!;
export const staff = pgSchema.staff!;
export const syntheticDatasets = pgSchema.syntheticDatasets!;
