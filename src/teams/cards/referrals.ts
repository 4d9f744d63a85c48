import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { ShortlistRow } from '../../db/repositories/referrals.js';
import { formatUkDate, type CalendarDate, formatUkInstant } from '../../domain/calendar-date.js';
import { includeFieldId, PRICE_WEIGHT_CHOICES, type ShortlistDecision } from '../../domain/shortlist-review.js';
import type { ProviderReferralStatus } from '../../services/referrals/referral-status.js';
import { raw, md, actionSet, adaptiveCard, execute, facts, heading, notice, scopedId, text, toggledSection, type AdaptiveCard, type CardElement, type CardNotice } from './card.js';


/** Input ids of the shortlist card carry the shortlist: two requests' shortlists in one chat never share an input. */
export const shortlistScope = (shortlistId: number) => `shortlist${shortlistId}`;

function providerToggle(entry: ShortlistDecision, scope: string): CardElement[] {
  return [
    {
      type: 'Input.Toggle',
      id: scopedId(includeFieldId(entry.providerId), scope),
      title: `${entry.providerName} (${entry.providerId})`,
      value: String(entry.selected),
      valueOn: 'true',
      valueOff: 'false',
      spacing: 'Medium',
    },
    text(entry.reasons.join(' · '), { size: 'Small', isSubtle: true, spacing: 'None' }),
    ...(entry.selected !== entry.included && entry.officerReason
      ? [text(md`${entry.selected ? 'Added' : 'Removed'} by the officer: ${entry.officerReason}`, { size: 'Small', color: 'Accent', spacing: 'None' })]
      : []),
  ];
}

/** The placements officer's review: proposed providers with reasons, the excluded ones, deadline and weighting. */
export function shortlistReviewCard(
  request: PlacementRequestRow,
  shortlist: ShortlistRow,
  options: { errors?: Record<string, string>; notice?: CardNotice; changeReason?: string } = {},
): AdaptiveCard {
  const errors = options.errors ?? {};
  const included = shortlist.entries.filter((e) => e.included);
  const excluded = shortlist.entries.filter((e) => !e.included);
  const body: CardElement[] = [
    ...heading(md`Shortlist for ${request.reference}`, md`Proposed from the FPS register: ${included.length} included, ${excluded.length} excluded. Nothing is sent until you press Send.`),
  ];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  if (Object.keys(errors).length) body.push(notice(Object.values(errors).join('\n\n')));
  const scope = shortlistScope(shortlist.id);
  body.push(text('Included by the rules (untick to remove)', { weight: 'Bolder' }), ...included.flatMap((e) => providerToggle(e, scope)));
  if (!included.length) body.push(text('No provider on the register fits every rule. Add providers below, with a reason.'));
  if (excluded.length) {
    // A section of this card, not a show-card: its ticks are sent with Save and Send like every other input.
    const addedByOfficer = excluded.filter((e) => e.selected).length;
    const section = toggledSection(`excluded-${shortlist.id}`, `Excluded providers (${excluded.length}): show, or tick to add`, [
      text('Excluded by the rules: tick a provider to add it, and give the reason below.', { size: 'Small', isSubtle: true }),
      ...excluded.flatMap((e) => providerToggle(e, scope)),
    ]);
    body.push(
      ...(addedByOfficer ? [text(md`${addedByOfficer} of them added by you.`, { size: 'Small', color: 'Accent' })] : []),
      actionSet([section.toggle]),
      addedByOfficer ? { ...section.section, isVisible: true } : section.section,
    );
  }
  body.push(
    {
      type: 'Input.Text',
      id: scopedId('changeReason', scope),
      label: 'Reason for adding or removing providers',
      isMultiline: true,
      maxLength: 500,
      placeholder: 'Required only if you change the proposed list',
      ...(options.changeReason ? { value: options.changeReason } : {}),
    },
    {
      type: 'Input.Date',
      id: scopedId('responseDeadline', scope),
      label: 'Providers to reply by (default: 10 working days, bank holidays excluded)',
      value: shortlist.responseDeadline,
      isRequired: true,
      errorMessage: 'Choose the response deadline.',
    },
    {
      type: 'Input.ChoiceSet',
      id: scopedId('priceWeight', scope),
      label: 'Evaluation weighting (fixed once referrals are sent)',
      style: 'compact',
      value: String(shortlist.priceWeight),
      isRequired: true,
      errorMessage: 'Choose the weighting.',
      choices: PRICE_WEIGHT_CHOICES.map((w) => ({ title: `Price ${w}% / quality ${100 - w}%`, value: String(w) })),
    },
  );
  const data = { shortlistId: shortlist.id, version: shortlist.version };
  return adaptiveCard(body, [
    execute('Save', 'shortlist.save', data),
    execute('Send referrals', 'shortlist.send', data, { style: 'positive' }),
  ]);
}

/** "Close responses now?" with who has not replied, and the button that really closes (its data says it was asked). */
function closeQuestion(waiting: string[], data: Record<string, unknown>): CardElement[] {
  return [
    text('Close responses now?', { weight: 'Bolder' }),
    text(
      waiting.length
        ? md`${waiting.length === 1 ? '1 provider has' : `${waiting.length} providers have`} not replied: ${waiting.join(', ')}. Once responses are closed, their answers no longer count in the evaluation.`
        : 'Every provider has replied. The request moves on to the evaluation of the offers.',
    ),
    actionSet([execute('Yes, close responses', 'responses.close', { ...data, confirmed: true }, { style: 'positive' })]),
  ];
}

function statusLine(p: ProviderReferralStatus): string {
  const failed = p.contacts.filter((c) => c.status === 'failed' || c.status === 'undelivered');
  const parts = [
    p.respondedAt ? `✅ replied ${formatUkInstant(p.respondedAt)}` : '⏳ no reply yet',
    p.contacts.every((c) => c.status === 'queued') ? 'sending' : p.sentAt ? `sent ${formatUkInstant(p.sentAt)}` : '',
    p.reminded ? 'reminded' : '',
    p.autoReplyAt ? 'out-of-office received' : '',
    failed.length ? md`❗ not delivered to ${failed.map((c) => c.email).join(', ')}` : '',
  ].filter(Boolean);
  return md`**${p.providerName}**: ${raw(parts.join(' · '))}`;
}

/** Where the call-off stands: who was sent what, who answered, the deadline and weighting. */
export function referralsStatusCard(
  request: PlacementRequestRow,
  shortlist: ShortlistRow,
  statuses: ProviderReferralStatus[],
  today: CalendarDate,
  options: { notice?: CardNotice; withActions: boolean; extendError?: string; askToClose?: boolean },
): AdaptiveCard {
  const answered = statuses.filter((s) => s.respondedAt).length;
  const body: CardElement[] = [
    ...heading(md`Referrals for ${request.reference}`, md`${answered} of ${statuses.length} providers have replied`),
  ];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  body.push(
    facts([
      ['Responses', shortlist.status === 'sent' ? `open until ${formatUkDate(shortlist.responseDeadline, { weekday: true })}${shortlist.responseDeadline < today ? ' (passed)' : ''}` : `closed${shortlist.closedAt ? ` ${formatUkInstant(shortlist.closedAt)}` : ''}`],
      ['Weighting', `price ${shortlist.priceWeight}% / quality ${shortlist.qualityWeight}% (fixed)`],
    ]),
    text(statuses.map(statusLine).join('\n\n') || 'No referrals.'),
  );
  const actions: CardElement[] = [];
  if (options.withActions && shortlist.status === 'sent') {
    const data = { shortlistId: shortlist.id, version: shortlist.version };
    const scope = shortlistScope(shortlist.id);
    const waiting = statuses.filter((p) => !p.respondedAt).map((p) => p.providerName);
    // Sections of this card, not show-cards: the new deadline is sent with its own button in every client.
    const extend = toggledSection(`extend-${shortlist.id}`, 'Extend the deadline', [
      { type: 'Input.Date', id: scopedId('deadline', scope), label: 'New deadline', isRequired: true, errorMessage: 'Choose the new deadline.' },
      ...(options.extendError ? [text(options.extendError, { color: 'Attention', size: 'Small' })] : []),
      actionSet([execute('Extend', 'responses.extend', data)]),
    ]);
    // Closing cannot be undone: it asks first, saying who would not be heard.
    const close = toggledSection(`close-${shortlist.id}`, 'Close responses', closeQuestion(waiting, data));
    const openSection = (section: CardElement, open: boolean | undefined) => (open ? { ...section, isVisible: true } : section);
    body.push(openSection(extend.section, Boolean(options.extendError)), openSection(close.section, options.askToClose));
    actions.push(extend.toggle, close.toggle);
  }
  return adaptiveCard(body, actions);
}
