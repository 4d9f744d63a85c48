import type { StaffRole } from './reference-data.js';

/** Who may do what with a placement request. Council isolation is enforced below this, in the data layer. */
export interface RequestAccessor {
  staffId: number;
  roles: readonly StaffRole[];
}

const COUNCIL_WIDE_ROLES: readonly StaffRole[] = ['placements_officer', 'service_manager', 'head_of_service', 'admin'];
const REQUEST_RAISERS: readonly StaffRole[] = ['caseworker', 'placements_officer'];

export function canRaiseRequests(who: RequestAccessor): boolean {
  return who.roles.some((r) => REQUEST_RAISERS.includes(r));
}

export function seesWholeCouncil(who: RequestAccessor): boolean {
  return who.roles.some((r) => COUNCIL_WIDE_ROLES.includes(r));
}

/**
 * A draft is the caseworker's own working copy; once submitted, the request is visible to caseworkers
 * of the council and to its placements officers and approvers.
 */
export function canViewRequest(who: RequestAccessor, request: { caseworkerStaffId: number; status: string }): boolean {
  if (request.caseworkerStaffId === who.staffId) return true;
  if (request.status === 'draft' || request.status === 'cancelled') return false;
  return seesWholeCouncil(who) || who.roles.includes('caseworker');
}

/** A draft is edited, submitted or cancelled only by its own caseworker (whether it still can be is the lifecycle's say). */
export function ownsDraft(who: RequestAccessor, request: { caseworkerStaffId: number }): boolean {
  return request.caseworkerStaffId === who.staffId;
}

const APPRAISERS: readonly StaffRole[] = ['caseworker', 'placements_officer'];

/** The caseworker (or a placements officer) answers the appraisal; confirming it is for approvers. */
export function canAnswerAppraisal(who: RequestAccessor, request: { caseworkerStaffId: number }): boolean {
  return request.caseworkerStaffId === who.staffId || who.roles.some((r) => APPRAISERS.includes(r));
}
