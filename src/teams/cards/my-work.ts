import { formatPounds } from '../../domain/money.js';
import { formatUkDate } from '../../domain/calendar-date.js';
import type { WorkItem } from '../../services/work/my-work.js';
import { actionSet, adaptiveCard, execute, heading, md, text, type AdaptiveCard, type CardElement } from './card.js';

export interface WorkLine {
  /** What to do, in a few words, with the request's reference. */
  title: string;
  detail?: string;
  button: CardElement;
}

const ref = (item: { request: { reference: string | null; id: number } }) => item.request.reference ?? `draft #${item.request.id}`;

/** One item of "waiting for me" in words, with the button that opens what it needs. */
export function workLine(item: WorkItem): WorkLine {
  switch (item.kind) {
    case 'finish_draft':
      return { title: md`Finish and submit ${ref(item)}`, button: execute('Resume', 'request.open', { requestId: item.request.id }) };
    case 'start_appraisal':
      return { title: md`Start the options appraisal of ${ref(item)}`, button: execute('Start the appraisal', 'appraisal.start', { requestId: item.request.id }) };
    case 'continue_appraisal':
      return { title: md`Finish the options appraisal of ${ref(item)}`, detail: 'Then ask for the route to be confirmed.', button: execute('Continue the appraisal', 'appraisal.start', { requestId: item.request.id }) };
    case 'confirm_route':
      return { title: md`Confirm the route for ${ref(item)}`, detail: 'The options appraisal is finished and waits for your confirmation.', button: execute('Confirm the route', 'work.open', { kind: 'confirm_route', appraisalId: item.appraisalId }) };
    case 'send_referrals':
      return { title: md`Check the shortlist and send the referrals for ${ref(item)}`, button: execute('Open the shortlist', 'shortlist.open', { requestId: item.request.id }) };
    case 'check_reply':
      return {
        title: md`Check the reply from ${item.providerName} for ${ref(item)}`,
        detail: item.replyKind === 'decline' ? 'They declined: confirm it.' : item.replyKind === 'query' ? 'It may be a question.' : 'Confirm or correct the figures read from it.',
        button: execute('Open the reply', 'work.open', { kind: 'reply', replyId: item.replyId }),
      };
    case 'answer_question':
      return { title: md`Answer the question from ${item.providerName} about ${ref(item)}`, button: execute('Open the reply', 'work.open', { kind: 'reply', replyId: item.replyId }) };
    case 'close_responses':
      return {
        title: md`Close responses for ${ref(item)}`,
        detail: item.allReplied ? 'Every provider has replied.' : md`The deadline (${formatUkDate(item.deadline)}) has passed: extend it or close responses.`,
        button: execute('Open the referrals', 'shortlist.open', { requestId: item.request.id }),
      };
    case 'evaluate':
      return {
        title: item.canMark ? md`Give quality marks and propose the award for ${ref(item)}` : md`Propose the award for ${ref(item)}`,
        button: execute('Open the evaluation', 'evaluation.open', { requestId: item.request.id }),
      };
    case 'decide_proposal':
      return {
        title: md`Decide the award proposal for ${ref(item)}`,
        detail: md`${item.providerName}, ${formatPounds(item.annualValuePence)} a year.`,
        button: execute('Open the proposal', 'work.open', { kind: 'proposal', proposalId: item.proposalId }, { style: 'positive' }),
      };
    case 'triage':
      return { title: `${item.count} e-mail${item.count === 1 ? '' : 's'} waiting in triage`, detail: 'Messages I could not attach to a referral by myself.', button: execute('Open triage', 'work.open', { kind: 'triage' }) };
  }
}

/** The rows of a work list: what to do, and its button beside it. */
export function workRows(items: WorkItem[], max = items.length): CardElement[] {
  return items.slice(0, max).map((item) => {
    const line = workLine(item);
    return {
      type: 'ColumnSet',
      separator: true,
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [text(line.title, { weight: 'Bolder' }), ...(line.detail ? [text(line.detail, { size: 'Small', isSubtle: true, spacing: 'None' })] : [])],
        },
        { type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [actionSet([line.button])] },
      ],
    };
  });
}

/** `my work`: everything waiting for this person, each with its button. */
export function myWorkCard(items: WorkItem[], councilName: string): AdaptiveCard {
  const body: CardElement[] = [...heading('Waiting for you', md`${councilName} · as it stands now`)];
  if (!items.length) body.push(text('Nothing is waiting for you. Type **my requests** to see the requests you can open.'));
  body.push(...workRows(items, 25));
  if (items.length > 25) body.push(text(md`And ${items.length - 25} more: deal with these first.`, { isSubtle: true }));
  return adaptiveCard(body, [execute('Refresh', 'work.show')]);
}
