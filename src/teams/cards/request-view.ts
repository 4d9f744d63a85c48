import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { STATUS_LABELS } from '../../domain/request-lifecycle.js';
import { formatUkDate, type CalendarDate, formatUkInstant } from '../../domain/calendar-date.js';
import { computeRequestDeadlines, runningRequestDeadlines, type RequestDeadline } from '../../domain/deadlines.js';
import { REQUEST_STEPS, STEP_TITLES } from '../../domain/placement-request/fields.js';
import { requestSummary, type MissingItem } from '../../domain/placement-request/completeness.js';
import { LOT_LABELS, NEED_LABELS } from '../../domain/reference-data.js';
import { ROUTE_LABELS, type Route } from '../../domain/appraisal/routes.js';
import type { CallOffProgress, RequestLists } from '../../services/requests/list-requests.js';
import { md, raw, adaptiveCard, execute, facts, heading, notice, text, type AdaptiveCard, type CardElement, type CardNotice } from './card.js';
import { cancelAction, draftLabel } from './request-form.js';
import { workLine } from './my-work.js';
import type { WorkItem } from '../../services/work/my-work.js';


const DEADLINE_ICONS = { ok: '', soon: '⚠️ ', missed: '❗ ' } as const;

function deadlineLine(d: RequestDeadline): string {
  const when =
    d.status === 'missed'
      ? `missed (${-d.workingDaysLeft} working days ago)`
      : d.workingDaysLeft === 0
        ? 'due today'
        : `${d.workingDaysLeft} working day${d.workingDaysLeft === 1 ? '' : 's'} left`;
  return `${DEADLINE_ICONS[d.status]}**${d.label}**: ${formatUkDate(d.date, { weekday: true })} (${when}). ${d.basis}`;
}

/** Deadlines with a warning block for any within 10 working days or already missed. */
export function deadlineElements(deadlines: RequestDeadline[]): CardElement[] {
  if (!deadlines.length) return [];
  const urgent = deadlines.filter((d) => d.status !== 'ok');
  const elements: CardElement[] = [text('Deadlines', { weight: 'Bolder', spacing: 'Medium' })];
  if (urgent.length) {
    elements.push(
      notice(
        urgent.map((d) => `${d.label} ${d.status === 'missed' ? 'has been missed' : 'is within 10 working days'} (${formatUkDate(d.date)}).`).join('\n\n'),
        urgent.some((d) => d.status === 'missed') ? 'attention' : 'warning',
      ),
    );
  }
  elements.push(text(deadlines.map(deadlineLine).join('\n\n'), { size: 'Small' }));
  return elements;
}

function sectionElements(request: PlacementRequestRow, today: CalendarDate, withEdit: boolean): CardElement[] {
  const summary = requestSummary(request.draft, { today });
  return summary.sections.flatMap((section) => [
    {
      type: 'ColumnSet',
      spacing: 'Medium',
      columns: [
        { type: 'Column', width: 'stretch', items: [text(md`${section.title}${section.complete ? '' : ' (incomplete)'}`, { weight: 'Bolder' })] },
        ...(withEdit
          ? [
              {
                type: 'Column',
                width: 'auto',
                items: [{ type: 'ActionSet', actions: [execute('Edit', 'request.edit', { requestId: request.id, version: request.version, step: section.step })] }],
              },
            ]
          : []),
      ],
    },
    facts(section.rows.map((r) => [r.label, r.value])),
  ]);
}

/** Before submitting: everything entered, an Edit button per section, deadlines, and Submit. */
export function requestSummaryCard(
  request: PlacementRequestRow,
  today: CalendarDate,
  options: { missing?: MissingItem[]; notice?: CardNotice } = {},
): AdaptiveCard {
  const summary = requestSummary(request.draft, { today });
  const body: CardElement[] = [...heading('Check and submit', md`${draftLabel(request)} · ${summary.headline}`)];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  if (options.missing?.length) {
    body.push(notice(md`Before you can submit:\n\n${raw(options.missing.map((m) => md`- ${STEP_TITLES[m.step]}: ${m.message}`).join('\n'))}`));
  }
  body.push(...sectionElements(request, today, true), ...deadlineElements(computeRequestDeadlines(request.draft, today)));
  return adaptiveCard(body, [
    execute('Submit request', 'request.submit', { requestId: request.id, version: request.version }, { style: 'positive' }),
    cancelAction(request),
  ]);
}

/** A submitted (or any non-draft) request as its caseworker and council colleagues see it. */
export function requestDetailCard(request: PlacementRequestRow, today: CalendarDate, options: { notice?: CardNotice } = {}): AdaptiveCard {
  const body: CardElement[] = [...heading(md`Request ${request.reference ?? `#${request.id}`}`, STATUS_LABELS[request.status])];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  if (request.submittedAt) body.push(text(md`Submitted ${formatUkInstant(request.submittedAt)}.`, { isSubtle: true, size: 'Small' }));
  if (request.chosenRoute) body.push(facts([['Route chosen', ROUTE_LABELS[request.chosenRoute as Route] ?? request.chosenRoute], ...(request.closedReason ? ([['Closed because', request.closedReason]] as Array<[string, string]>) : [])]));
  body.push(...sectionElements(request, today, false), ...deadlineElements(runningRequestDeadlines(request, today)));
  return adaptiveCard(body, requestNextActions(request));
}

/** The next thing to do with a request, as buttons. */
function requestNextActions(request: PlacementRequestRow): CardElement[] {
  switch (request.status) {
    case 'submitted':
      return [execute('Start options appraisal', 'appraisal.start', { requestId: request.id }, { style: 'positive' })];
    case 'appraisal':
      return [execute('Continue options appraisal', 'appraisal.start', { requestId: request.id }, { style: 'positive' })];
    case 'draft':
    case 'cancelled':
      return [];
    case 'referrals':
      return [
        execute('Shortlist and referrals', 'shortlist.open', { requestId: request.id }, { style: 'positive' }),
        execute('Options appraisal record', 'appraisal.record', { requestId: request.id }),
      ];
    case 'closed':
      return [execute('Options appraisal record', 'appraisal.record', { requestId: request.id })];
    default:
      return [
        execute('Evaluation and award', 'evaluation.open', { requestId: request.id }, { style: 'positive' }),
        execute('Referrals and replies', 'shortlist.open', { requestId: request.id }),
        execute('Options appraisal record', 'appraisal.record', { requestId: request.id }),
      ];
  }
}

export function requestCancelledCard(request: PlacementRequestRow): AdaptiveCard {
  return adaptiveCard([...heading('Draft cancelled', draftLabel(request)), text('The draft is kept for the record. Type **new request** to start another.')]);
}

/**
 * The approvals-channel thread root for a request: what the council needs to see, minimised (no
 * initials, no date of birth, no summaries: those stay in the caseworker's record).
 */
export function requestChannelCard(request: PlacementRequestRow, caseworkerName: string, today: CalendarDate): AdaptiveCard {
  const placement = request.draft.placement ?? {};
  const needs = request.draft.needs ?? {};
  const risks = request.draft.risks ?? {};
  return adaptiveCard([
    ...heading(md`New placement request ${request.reference}`, md`Raised by ${caseworkerName}`),
    facts([
      ['Lot', placement.lot ? `${placement.lot} – ${LOT_LABELS[placement.lot]}` : '–'],
      ['Primary need', needs.primaryNeed ? `${needs.primaryNeed} – ${NEED_LABELS[needs.primaryNeed]}` : '–'],
      ['Required start', placement.requiredStartDate ? formatUkDate(placement.requiredStartDate) : '–'],
      ['Urgency', risks.urgency === 'urgent' ? 'Urgent' : 'Routine'],
      ['Status', STATUS_LABELS[request.status]],
    ]),
    ...deadlineElements(runningRequestDeadlines(request, today)),
    text('Updates on this request (appraisal, referrals, provider replies, approval) will be posted in this thread.', { isSubtle: true, size: 'Small' }),
  ]);
}

/** What a list row says is waiting for the person looking at it. */
function waitingText(item: WorkItem): string {
  switch (item.kind) {
    case 'confirm_route':
      return 'Waiting for your confirmation of the route';
    case 'decide_proposal':
      return 'Waiting for your decision on the award proposal';
    case 'check_reply':
    case 'answer_question':
      return 'A provider reply waits for you';
    default:
      return workLine(item).title;
  }
}

function listRow(request: PlacementRequestRow, today: CalendarDate, progress: RequestLists['progress'], work: WorkItem[] | undefined): CardElement {
  const summary = requestSummary(request.draft, { today });
  const stepIndex = REQUEST_STEPS.indexOf(request.position as (typeof REQUEST_STEPS)[number]);
  const where =
    request.status === 'draft'
      ? request.position === 'summary'
        ? 'ready to submit'
        : `step ${stepIndex + 1} of ${REQUEST_STEPS.length}`
      : `${STATUS_LABELS[request.status]}${callOffProgress(progress.get(request.id))}`;
  const next = work?.[0];
  const urgent = runningRequestDeadlines(request, today).filter((d) => d.status !== 'ok');
  return {
    type: 'ColumnSet',
    separator: true,
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        items: [
          text(md`**${request.reference ?? `Draft #${request.id}`}** · ${summary.headline}`),
          ...(next ? [text(md`➜ ${waitingText(next)}`, { color: 'Accent', spacing: 'None' })] : []),
          text(md`${where} · updated ${formatUkInstant(request.updatedAt)}${urgent.length ? ` · ⚠️ ${urgent.length} deadline warning${urgent.length > 1 ? 's' : ''}` : ''}`, {
            isSubtle: true,
            size: 'Small',
            spacing: 'None',
          }),
        ],
      },
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: [{ type: 'ActionSet', actions: [next && next.kind !== 'finish_draft' ? workLine(next).button : execute(request.status === 'draft' ? 'Resume' : 'Open', 'request.open', { requestId: request.id })] }],
      },
    ],
  };
}

function callOffProgress(p: CallOffProgress | undefined): string {
  if (!p) return '';
  return ` (sent to ${p.providers} provider${p.providers === 1 ? '' : 's'}, ${p.replied} replied${p.closed ? ', responses closed' : `, replies due ${formatUkDate(p.responseDeadline)}`})`;
}

export function requestListCard(
  lists: RequestLists,
  today: CalendarDate,
  canRaise: boolean,
): AdaptiveCard {
  const body: CardElement[] = [...heading('My requests')];
  if (!lists.mine.length) body.push(text(canRaise ? 'You have no requests yet.' : 'You have not raised any requests.'));
  body.push(...lists.mine.map((r) => listRow(r, today, lists.progress, lists.work.get(r.id))));
  if (lists.council.length) {
    body.push(text("Your council's requests in progress", { weight: 'Bolder', spacing: 'Large' }), ...lists.council.map((r) => listRow(r, today, lists.progress, lists.work.get(r.id))));
  }
  return adaptiveCard(body, canRaise ? [execute('New request', 'request.new')] : []);
}
