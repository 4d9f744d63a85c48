import { formatPounds } from './money.js';
import type { StaffRole } from './reference-data.js';

export const APPROVAL_DECISIONS = ['approve', 'reject', 'ask'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

export interface Approver {
  staffId: number;
  councilId: number;
  roles: readonly StaffRole[];
  /** Whole pounds a year (service managers). */
  approvalLimit: number;
}

export interface ProposalForAuthority {
  councilId: number;
  proposedByStaffId: number;
  annualValuePence: number;
}

export type AuthorityRefusal = 'other_council' | 'own_proposal' | 'no_authority' | 'over_limit';

export type AuthorityCheck = { ok: true; role: StaffRole; authority: string } | { ok: false; code: AuthorityRefusal; message: string };

/**
 * Delegated authority (cabinet decision): a Service Manager may approve an award up to their annual
 * limit; above it only the Head of Service may. Nobody decides on their own proposal. Rejecting or
 * asking for more information needs an approver's role but no limit: it commits no money.
 */
export function checkApprovalAuthority(approver: Approver, proposal: ProposalForAuthority, decision: ApprovalDecision): AuthorityCheck {
  if (approver.councilId !== proposal.councilId) return { ok: false, code: 'other_council', message: 'This proposal belongs to another council.' };
  if (approver.staffId === proposal.proposedByStaffId) {
    return { ok: false, code: 'own_proposal', message: 'You proposed this award, so someone else must decide on it.' };
  }
  const value = formatPounds(proposal.annualValuePence);
  if (approver.roles.includes('head_of_service')) return { ok: true, role: 'head_of_service', authority: `Head of Service: delegated authority for any value (this award ${value} a year)` };
  if (approver.roles.includes('service_manager')) {
    const limitPence = approver.approvalLimit * 100;
    if (decision !== 'approve') return { ok: true, role: 'service_manager', authority: `Service Manager (decision without financial commitment)` };
    if (proposal.annualValuePence <= limitPence) {
      return { ok: true, role: 'service_manager', authority: `Service Manager: delegated authority up to ${formatPounds(limitPence)} a year (this award ${value} a year)` };
    }
    return {
      ok: false,
      code: 'over_limit',
      message: `This award is ${value} a year, above your approval limit of ${formatPounds(limitPence)}. Only the Head of Service can approve it; you can still reject it or ask for more information.`,
    };
  }
  return { ok: false, code: 'no_authority', message: 'Only a Service Manager (within their limit) or the Head of Service can decide on an award.' };
}

export const DECISION_REASON_MIN = 5;

/** A reason is required to reject or to ask for more information; optional (but recorded) to approve. */
export function validateDecisionReason(decision: ApprovalDecision, reason: unknown): { ok: true; reason: string | null } | { ok: false; message: string } {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length > 1000) return { ok: false, message: 'Keep the reason under 1,000 characters.' };
  if (decision === 'approve') return { ok: true, reason: text || null };
  if (text.length < DECISION_REASON_MIN) {
    return { ok: false, message: decision === 'reject' ? 'Give the reason for rejecting the proposal.' : 'Write the question or the information you need.' };
  }
  return { ok: true, reason: text };
}

/**
 * Where an Individual Placement Agreement ends: the close of the academic year in which the placement
 * starts (31 August), or a year from the start for a 52-week placement.
 */
export function placementEndDate(startDate: string, weeksPerYear: number): string {
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
  if (weeksPerYear >= 52) {
    const end = new Date(Date.UTC(y + 1, m - 1, d - 1));
    return end.toISOString().slice(0, 10);
  }
  const academicYearEnd = m >= 9 ? y + 1 : y;
  return `${academicYearEnd}-08-31`;
}
