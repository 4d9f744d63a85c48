import { coverLimitText, MAX_COVER_DAYS, type CoverField } from '../../domain/approval-authority.js';
import { formatUkDate } from '../../domain/calendar-date.js';
import type { CoverOverview, CoverWithState } from '../../services/cover/cover-overview.js';
import { actionSet, adaptiveCard, execute, heading, md, notice, text, toggledSection, type AdaptiveCard, type CardElement, type CardNotice } from './card.js';

const STATE_TEXT = { active: 'active now', scheduled: 'to come', ended: 'ended' } as const;

function coverBlock(c: CoverWithState, line: string): CardElement {
  return {
    type: 'Container',
    separator: true,
    items: [
      text(line),
      actionSet([execute(c.state === 'active' ? 'End this cover now' : 'Cancel this cover', 'cover.end', { coverId: c.coverId })]),
    ],
  };
}

/** "until 12 January 2027" or "from 4 January to 12 January 2027". */
export function coverDates(c: { startsOn: string; endsOn: string; state: CoverWithState['state'] }): string {
  return c.state === 'active' ? `until ${formatUkDate(c.endsOn)}` : `from ${formatUkDate(c.startsOn)} to ${formatUkDate(c.endsOn)}`;
}

/**
 * `cover`: who covers for this person's approvals while they are away, whom they cover for, and (Service
 * Managers and the Head of Service) a section to arrange cover. Cover ends by itself after its last day.
 */
export function coverCard(overview: CoverOverview, options: { notice?: CardNotice; errors?: Partial<Record<CoverField, string>>; kept?: Record<string, string> } = {}): AdaptiveCard {
  const body: CardElement[] = [
    ...heading('Cover while away', 'A Service Manager or the Head of Service lets a colleague decide awards under their authority for a few days: never above their own limit, never on an award the colleague (or they) proposed, ending by itself.'),
  ];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  if (overview.mayGive) {
    body.push(text('**Your approvals**', { spacing: 'Medium' }));
    if (!overview.given.length) body.push(text('Nobody covers for you.', { isSubtle: true }));
    for (const c of overview.given) body.push(coverBlock(c, md`${c.delegate.name} covers for you ${coverDates(c)} (${coverLimitText(c, c.delegator)}, ${STATE_TEXT[c.state]}).`));
  }
  body.push(text('**You cover for**', { spacing: 'Medium' }));
  if (!overview.held.length) body.push(text('Nobody at the moment.', { isSubtle: true }));
  for (const c of overview.held) body.push(coverBlock(c, md`You cover for ${c.delegator.name} ${coverDates(c)} (${coverLimitText(c, c.delegator)}, ${STATE_TEXT[c.state]}).`));

  if (!overview.mayGive) return adaptiveCard(body);
  const errors = options.errors ?? {};
  const kept = options.kept ?? {};
  const error = (key: CoverField): CardElement[] => (errors[key] ? [text(md`${errors[key]!}`, { color: 'Attention', size: 'Small', spacing: 'None' })] : []);
  const arrange = toggledSection('cover-arrange', 'Arrange cover', [
    { type: 'Input.ChoiceSet', id: 'cover_delegate', label: 'Who covers for you', style: 'compact', isRequired: true, errorMessage: 'Choose a colleague.', choices: overview.colleagues.map((p) => ({ title: p.name, value: String(p.staffId) })), value: kept.cover_delegate ?? '' },
    ...error('delegate'),
    { type: 'Input.Date', id: 'cover_startsOn', label: 'First day', isRequired: true, errorMessage: 'Give the first day.', value: kept.cover_startsOn ?? overview.today },
    ...error('startsOn'),
    { type: 'Input.Date', id: 'cover_endsOn', label: `Last day (at most ${MAX_COVER_DAYS} days)`, isRequired: true, errorMessage: 'Give the last day.', value: kept.cover_endsOn ?? '' },
    ...error('endsOn'),
    { type: 'Input.Text', id: 'cover_limit', label: 'Limit for the cover (£ a year; blank = your own)', maxLength: 30, value: kept.cover_limit ?? '' },
    ...error('limit'),
    actionSet([execute('Arrange cover', 'cover.give', {}, { style: 'positive' })]),
  ]);
  body.push(Object.keys(errors).length ? { ...arrange.section, isVisible: true } : arrange.section);
  return adaptiveCard(body, [arrange.toggle]);
}
