import { AppError } from './errors.js';

/**
 * The one place that says what a placement request may do next. Every use case asks it before it changes
 * anything; a refusal names the state the request is in and what can be done instead. Who may act (roles,
 * council) is a separate question, answered in request-access.ts and approval-authority.ts.
 */

export const REQUEST_STATUSES = [
  'draft',
  'submitted',
  'appraisal',
  'referrals',
  'responses',
  'evaluation',
  'awaiting_approval',
  'placed',
  'closed',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_ACTIONS = [
  'edit_draft',
  'cancel_draft',
  'submit',
  'start_appraisal',
  'answer_appraisal',
  'ask_for_confirmation',
  'confirm_fps_call_off',
  'confirm_other_route',
  'revise_appraisal',
  'prepare_shortlist',
  'send_referrals',
  'record_reply',
  'confirm_offer',
  'mark_reply_as_query',
  'answer_provider',
  'extend_responses',
  'close_responses',
  'view_offers',
  'mark_quality',
  'propose_award',
  'approve_award',
  'reject_award',
  'ask_for_information',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/** How a request in each state is described to a person: "Request PR-2026-0001 is …". */
export const STATUS_DESCRIPTIONS: Record<RequestStatus, string> = {
  draft: 'a draft that has not been submitted yet',
  submitted: 'submitted and waiting for its options appraisal',
  appraisal: 'in its options appraisal',
  referrals: 'waiting for referrals to be sent',
  responses: 'waiting for providers to reply',
  evaluation: 'being evaluated',
  awaiting_approval: 'waiting for an approver to decide on the proposed award',
  placed: 'placed: the award has been made',
  closed: 'closed on a route other than the FPS call-off',
  cancelled: 'cancelled',
};

/** Short names for lists and status lines. */
export const STATUS_LABELS: Record<RequestStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted: options appraisal next',
  appraisal: 'Options appraisal in progress',
  referrals: 'Referrals to send',
  responses: 'Waiting for replies',
  evaluation: 'Evaluating offers',
  awaiting_approval: 'Awaiting approval',
  placed: 'Placed',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** What each action is, in words a person would use ("… cannot <label> now"). */
export const ACTION_LABELS: Record<RequestAction, string> = {
  edit_draft: 'edit the draft',
  cancel_draft: 'cancel the draft',
  submit: 'submit the request',
  start_appraisal: 'start the options appraisal',
  answer_appraisal: 'answer the options appraisal',
  ask_for_confirmation: 'ask for the route to be confirmed',
  confirm_fps_call_off: 'confirm the FPS call-off',
  confirm_other_route: 'confirm another route',
  revise_appraisal: 'revise the options appraisal',
  prepare_shortlist: 'prepare the shortlist',
  send_referrals: 'send referrals',
  record_reply: 'record a provider reply',
  confirm_offer: "confirm or correct a provider's figures",
  mark_reply_as_query: 'mark a reply as a question',
  answer_provider: 'answer a provider',
  extend_responses: 'extend the response deadline',
  close_responses: 'close responses',
  view_offers: 'compare the offers',
  mark_quality: 'give quality marks',
  propose_award: 'propose an award',
  approve_award: 'approve the award',
  reject_award: 'reject the award',
  ask_for_information: 'ask for more information',
};

/** Actions taken by the system, not offered to people as "what you can do now". */
const SYSTEM_ACTIONS: ReadonlySet<RequestAction> = new Set<RequestAction>(['record_reply']);

/**
 * The lifecycle: for each status, the actions allowed and the status each one leads to. Anything not
 * listed is refused. Offers stay open to correction until a proposal is made on them; a reply is always
 * recorded once referrals are out, whatever has happened since, because the evidence must keep every
 * communication.
 */
export const LIFECYCLE: { readonly [S in RequestStatus]: Partial<Record<RequestAction, RequestStatus>> } = {
  draft: { edit_draft: 'draft', cancel_draft: 'cancelled', submit: 'submitted' },
  submitted: { start_appraisal: 'appraisal' },
  appraisal: { answer_appraisal: 'appraisal', ask_for_confirmation: 'appraisal', confirm_fps_call_off: 'referrals', confirm_other_route: 'closed' },
  referrals: { revise_appraisal: 'appraisal', prepare_shortlist: 'referrals', send_referrals: 'responses' },
  responses: {
    record_reply: 'responses',
    confirm_offer: 'responses',
    mark_reply_as_query: 'responses',
    answer_provider: 'responses',
    extend_responses: 'responses',
    close_responses: 'evaluation',
    view_offers: 'responses',
  },
  evaluation: {
    record_reply: 'evaluation',
    confirm_offer: 'evaluation',
    mark_reply_as_query: 'evaluation',
    answer_provider: 'evaluation',
    view_offers: 'evaluation',
    mark_quality: 'evaluation',
    propose_award: 'awaiting_approval',
  },
  awaiting_approval: {
    record_reply: 'awaiting_approval',
    confirm_offer: 'awaiting_approval',
    mark_reply_as_query: 'awaiting_approval',
    answer_provider: 'awaiting_approval',
    view_offers: 'awaiting_approval',
    approve_award: 'placed',
    reject_award: 'evaluation',
    ask_for_information: 'evaluation',
  },
  placed: { record_reply: 'placed', mark_reply_as_query: 'placed', answer_provider: 'placed', view_offers: 'placed' },
  closed: { revise_appraisal: 'appraisal' },
  cancelled: {},
};

export type LifecycleCheck = { allowed: true; next: RequestStatus } | { allowed: false; message: string };

/** What people can do with a request in this status, for "You can now: …". */
export function actionsOpenTo(status: RequestStatus): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => LIFECYCLE[status][a] !== undefined && !SYSTEM_ACTIONS.has(a));
}

function requestName(reference: string | null): string {
  return reference ? `Request ${reference}` : 'This request';
}

/** " You can now: …" for the request's status, or that nothing more can be done. */
function whatCanBeDone(status: RequestStatus): string {
  const open = actionsOpenTo(status);
  return open.length ? ` You can now: ${open.map((a) => ACTION_LABELS[a]).join('; ')}.` : ' Nothing more can be done with it.';
}

/** "Request PR-2026-0001 is being evaluated. You can now: …" */
export function describeRequestState(request: { reference: string | null; status: RequestStatus }): string {
  return `${requestName(request.reference)} is ${STATUS_DESCRIPTIONS[request.status]}.${whatCanBeDone(request.status)}`;
}

export function checkAction(request: { reference: string | null; status: RequestStatus }, action: RequestAction): LifecycleCheck {
  const next = LIFECYCLE[request.status][action];
  if (next !== undefined) return { allowed: true, next };
  return { allowed: false, message: `${requestName(request.reference)} is ${STATUS_DESCRIPTIONS[request.status]}, so you cannot ${ACTION_LABELS[action]} now.${whatCanBeDone(request.status)}` };
}

/** The status the action leads to, or a refusal (ACTION_NOT_ALLOWED) saying why not and what can be done. */
export function requireAction(request: { reference: string | null; status: RequestStatus }, action: RequestAction): RequestStatus {
  const check = checkAction(request, action);
  if (!check.allowed) throw new AppError('ACTION_NOT_ALLOWED', check.message, { status: request.status, action });
  return check.next;
}

export function isAllowed(status: RequestStatus, action: RequestAction): boolean {
  return LIFECYCLE[status][action] !== undefined;
}

/**
 * The lifecycle as a Markdown table for the README: one row per action, one column per status, each cell
 * the status the action leads to (· where it is refused).
 */
export function lifecycleMarkdownTable(): string {
  const header = `| action | ${REQUEST_STATUSES.join(' | ')} |`;
  const rule = `|---|${REQUEST_STATUSES.map(() => ':-:').join('|')}|`;
  const rows = REQUEST_ACTIONS.map((a) => `| ${ACTION_LABELS[a]} | ${REQUEST_STATUSES.map((s) => LIFECYCLE[s][a] ?? '·').join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
