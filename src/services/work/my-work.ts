import { scopeOf } from '../../db/council-scope.js';
import { findLatestAppraisal } from '../../db/repositories/appraisals.js';
import { findPendingProposal } from '../../db/repositories/awards.js';
import { listTriage } from '../../db/repositories/inbound.js';
import { listRequests, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { findProvider } from '../../db/repositories/providers.js';
import { findShortlistForRequest, listReferralsForRequest } from '../../db/repositories/referrals.js';
import { listRepliesForRequest } from '../../db/repositories/replies.js';
import type { Actor } from '../../db/repositories/staff.js';
import { canConfirmAppraisal } from '../../domain/appraisal/answers.js';
import { checkApprovalAuthority } from '../../domain/approval-authority.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { canAnswerAppraisal } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';
import { triageViewerOf } from '../replies/triage.js';

/**
 * "Waiting for me": what each person has to do next, read from the database as it is now, so it is the same
 * in personal chat, in the thread and after a restart. Each item names the record its button opens; the
 * button's own handler checks again (role, council, approval limit) when it is pressed.
 */
export type WorkItem =
  | { kind: 'finish_draft'; request: PlacementRequestRow }
  | { kind: 'start_appraisal'; request: PlacementRequestRow }
  | { kind: 'continue_appraisal'; request: PlacementRequestRow; appraisalId: number }
  | { kind: 'confirm_route'; request: PlacementRequestRow; appraisalId: number }
  | { kind: 'send_referrals'; request: PlacementRequestRow }
  | { kind: 'check_reply'; request: PlacementRequestRow; replyId: number; providerName: string; replyKind: string }
  | { kind: 'answer_question'; request: PlacementRequestRow; replyId: number; providerName: string }
  | { kind: 'close_responses'; request: PlacementRequestRow; deadline: string; allReplied: boolean }
  | { kind: 'evaluate'; request: PlacementRequestRow; canMark: boolean }
  | { kind: 'decide_proposal'; request: PlacementRequestRow; proposalId: number; providerName: string; annualValuePence: number }
  | { kind: 'triage'; count: number };

export type WorkKind = WorkItem['kind'];

/** Requests still moving: a draft, or submitted and not yet placed, closed or cancelled. */
const OPEN_STATUSES = ['draft', 'submitted', 'appraisal', 'referrals', 'responses', 'evaluation', 'awaiting_approval'] as const;

const isOfficer = (actor: Actor) => actor.roles.includes('placements_officer');

/** What waits for this person on this request (several things can: two replies to check). */
export async function workOnRequest(deps: ServiceDeps, actor: Actor, request: PlacementRequestRow): Promise<WorkItem[]> {
  const scope = scopeOf(actor);
  const own = request.caseworkerStaffId === actor.staffId;
  const items: WorkItem[] = [];
  switch (request.status) {
    case 'draft':
      if (own) items.push({ kind: 'finish_draft', request });
      break;
    case 'submitted':
      if (canAnswerAppraisal(actor, request)) items.push({ kind: 'start_appraisal', request });
      break;
    case 'appraisal': {
      const appraisal = (await findLatestAppraisal(deps.db, scope, request.id));
      if (!appraisal || appraisal.status !== 'in_progress') break;
      if (appraisal.confirmationRequestedAt && canConfirmAppraisal(actor.roles)) items.push({ kind: 'confirm_route', request, appraisalId: appraisal.id });
      else if (!appraisal.confirmationRequestedAt && (own || isOfficer(actor))) items.push({ kind: 'continue_appraisal', request, appraisalId: appraisal.id });
      break;
    }
    case 'referrals':
      if (isOfficer(actor)) items.push({ kind: 'send_referrals', request });
      break;
    case 'responses':
    case 'evaluation':
    case 'awaiting_approval': {
      if (isOfficer(actor)) {
        for (const reply of (await listRepliesForRequest(deps.db, scope, request.id))) {
          const providerName = (await findProvider(deps.db, reply.providerId))?.name ?? reply.providerId;
          if (reply.status === 'needs_confirmation' && reply.kind !== 'auto-reply' && reply.kind !== 'bounce' && reply.kind !== 'acknowledgement') {
            items.push({ kind: 'check_reply', request, replyId: reply.id, providerName, replyKind: reply.kind });
          } else if (reply.status === 'query') items.push({ kind: 'answer_question', request, replyId: reply.id, providerName });
        }
      }
      if (request.status === 'responses' && isOfficer(actor)) {
        const shortlist = (await findShortlistForRequest(deps.db, scope, request.id));
        if (shortlist?.status === 'sent') {
          const answered = new Map<string, boolean>();
          for (const r of (await listReferralsForRequest(deps.db, scope, request.id))) answered.set(r.providerId, (answered.get(r.providerId) ?? false) || r.respondedAt !== null);
          const allReplied = answered.size > 0 && [...answered.values()].every(Boolean);
          if (allReplied || shortlist.responseDeadline < calendarDateOf(deps.clock.now())) items.push({ kind: 'close_responses', request, deadline: shortlist.responseDeadline, allReplied });
        }
      }
      if (request.status === 'evaluation' && (isOfficer(actor) || own)) items.push({ kind: 'evaluate', request, canMark: isOfficer(actor) });
      if (request.status === 'awaiting_approval') {
        const proposal = (await findPendingProposal(deps.db, scope, request.id));
        // The same rule the Approve button applies; a Service Manager above their limit is not asked.
        if (proposal && checkApprovalAuthority(actor, proposal, 'approve').ok) {
          items.push({
            kind: 'decide_proposal',
            request,
            proposalId: proposal.id,
            providerName: proposal.providerName || ((await findProvider(deps.db, proposal.providerId))?.name ?? proposal.providerId),
            annualValuePence: proposal.annualValuePence,
          });
        }
      }
      break;
    }
  }
  return items;
}

/** Everything waiting for this person across their council, oldest request first. */
export async function myWork(deps: ServiceDeps, actor: Actor): Promise<WorkItem[]> {
  const scope = scopeOf(actor);
  const requests = (await listRequests(deps.db, scope, { statuses: OPEN_STATUSES }, 200)).reverse();
  const items = (await Promise.all(requests.map((r) => workOnRequest(deps, actor, r)))).flat();
  if (isOfficer(actor) || actor.roles.includes('regional_admin')) {
    const waiting = (await listTriage(deps.db, triageViewerOf(actor), 50)).length;
    if (waiting) items.push({ kind: 'triage', count: waiting });
  }
  return items;
}
