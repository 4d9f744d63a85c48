import type { InboundMessageRow } from '../../db/repositories/inbound.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { OfferRow, ProviderReplyRow } from '../../db/repositories/replies.js';
import { formatPounds } from '../../domain/money.js';
import { formatUkDate, formatUkInstant } from '../../domain/calendar-date.js';
import { annualCostPence } from '../../domain/offer-figures.js';
import { CONFIDENCE_TO_CONFIRM, EVIDENCE_FIELDS, type EvidenceField, type ReplyEvidence } from '../../domain/reply-understanding.js';
import { actionSet, adaptiveCard, execute, facts, heading, md, notice, plainText, providerWords, scopedId, text, toggledSection, type AdaptiveCard, type CardElement, type CardNotice, type NoticeStyle } from './card.js';
import type { FeeBenchmark } from '../../domain/fee-benchmark.js';
import { feeBenchmarkBlock } from './fee-benchmark.js';
import type { ReplyArrival } from '../../services/replies/reply-arrival.js';

const KIND_LABELS: Record<string, string> = {
  offer: 'Offer of a place',
  decline: 'Declined',
  query: 'Question',
  acknowledgement: 'Acknowledgement (an answer is to follow)',
  'auto-reply': 'Automatic reply (out of office)',
  bounce: 'Not delivered (bounce)',
  unknown: 'Not recognised',
};

/** The first lines of the provider's own words (plain text: the provider's HTML is never shown). */
export function excerpt(value: string, max = 700): string {
  const trimmed = value.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed || '(no text)';
}

/** At most this many lines of the provider's words on a card; the evidence pack keeps the rest. */
const EXCERPT_MAX_LINES = 14;

/**
 * The provider's words with their line breaks: one plain RichTextBlock per line, because not every Teams
 * client keeps a line break inside a TextRun. Runs of blank lines become one gap.
 */
export function providerParagraphs(value: string, options: { max?: number } = {}): CardElement[] {
  const lines = excerpt(value, options.max).split(/\r?\n/).map((l) => l.trimEnd());
  const blocks: CardElement[] = [];
  let gap = false;
  for (const line of lines) {
    if (!line.trim()) {
      gap = blocks.length > 0;
      continue;
    }
    if (blocks.length === EXCERPT_MAX_LINES) {
      blocks.push(plainText([{ text: '…', italic: true }], { spacing: 'None' }));
      break;
    }
    blocks.push(plainText([{ text: providerWords(line) }], { spacing: blocks.length === 0 ? 'Small' : gap ? 'Small' : 'None' }));
    gap = false;
  }
  return blocks;
}

/** Like `notice`, for messages that quote the provider (warnings name their add-ons and amounts). */
function plainNotice(message: string, style: NoticeStyle): CardElement {
  return { type: 'Container', style, items: [plainText([{ text: providerWords(message) }])] };
}

const EVIDENCE_LABELS: Record<EvidenceField, string> = {
  kind: 'Kind',
  canMeetNeeds: 'Can meet needs',
  weeklyFee: 'Weekly fee',
  feeWeeksPerYear: 'Weeks a year',
  additionalWeeklyCosts: 'Add-ons a week',
  startDate: 'Earliest start',
};

/** "Where I read it": for each conclusion, the provider's sentence (or table row) it came from. */
function evidenceBlocks(evidence: ReplyEvidence | undefined): CardElement[] {
  const rows = EVIDENCE_FIELDS.filter((f) => typeof evidence?.[f] === 'string' && evidence[f]!.trim() !== '');
  if (!rows.length) return [];
  return [
    text('Where I read it', { weight: 'Bolder', spacing: 'Medium' }),
    ...rows.map((f) =>
      plainText([{ text: `${EVIDENCE_LABELS[f]}: `, weight: 'Bolder' }, { text: `“${providerWords(evidence![f]!)}”`, italic: true }], { spacing: 'Small' }),
    ),
  ];
}

interface Extracted {
  canMeetNeeds?: boolean | null;
  weeklyFee?: number | null;
  feeWeeksPerYear?: number | null;
  additionalWeeklyCosts?: number | null;
  addOns?: Array<{ label: string; weeklyAmount?: number; amount?: number }>;
  startDate?: string | null;
  conditions?: string[];
  confidence?: number;
  warnings?: string[];
  evidence?: ReplyEvidence;
}

const pounds = (v: number | null | undefined) => (v === null || v === undefined ? '–' : formatPounds(Math.round(v * 100)));

function arrivalText(arrival: ReplyArrival): string {
  if (!arrival.onReplyPage) return 'Arrived by e-mail.';
  return arrival.correctsSentAt
    ? `Correction submitted on the reply page: it replaces the provider's answer of ${formatUkDate(arrival.correctsSentAt.slice(0, 10))}.`
    : 'Submitted by the provider on the reply page.';
}

export function replyCard(
  request: PlacementRequestRow,
  reply: ProviderReplyRow,
  provider: { name: string; ofstedGrade: string | null; inspectionDate: string | null },
  options: { offer?: OfferRow; errors?: Record<string, string>; notice?: CardNotice; kept?: Record<string, string>; benchmark?: FeeBenchmark | null; arrival?: ReplyArrival; lotWeeks?: number; lot?: number | null } = {},
): AdaptiveCard {
  const e = reply.extracted as Extracted;
  const confidence = (reply.confidence ?? 0) / 100;
  const body: CardElement[] = [
    ...heading(md`${KIND_LABELS[reply.kind] ?? reply.kind} from ${provider.name}`, md`Request ${request.reference} · Ofsted: ${provider.ofstedGrade ?? 'not yet inspected'}${provider.inspectionDate ? ` (${formatUkDate(provider.inspectionDate)})` : ''}`),
  ];
  if (options.arrival) body.push(text(arrivalText(options.arrival), { size: 'Small', spacing: 'Small' }));
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  if (options.arrival?.supersededAt) {
    body.push(notice(`The provider corrected this answer on the reply page on ${formatUkDate(options.arrival.supersededAt.slice(0, 10))}: see the correction, later in this thread.`, 'warning'));
  }
  const doubts = [...(e.warnings ?? [])];
  const weeksNotStated = !options.offer && reply.kind === 'offer' && typeof e.weeklyFee === 'number' && !e.feeWeeksPerYear;
  if (weeksNotStated) {
    doubts.push(
      options.lotWeeks
        ? `The reply does not say how many weeks a year the fee is for. Lot ${options.lot} is a ${options.lotWeeks}-week placement, so ${options.lotWeeks} weeks is filled in: check it before confirming.`
        : 'The reply does not say how many weeks a year the fee is for (38 or 52?). Ask the provider, or fill it in before confirming.',
    );
  }
  if ((reply.kind === 'offer' || reply.kind === 'unknown') && confidence < CONFIDENCE_TO_CONFIRM) {
    doubts.unshift(`I am not sure I read this reply correctly (confidence ${Math.round(confidence * 100)}%). Please check the figures against the e-mail and correct them before confirming.`);
  }
  if (doubts.length && reply.status !== 'confirmed') body.push(plainNotice(doubts.join('\n\n'), 'warning'));
  if (options.offer) {
    const o = options.offer;
    body.push(
      text('Confirmed offer', { weight: 'Bolder' }),
      facts([
        ['Can meet needs', o.canMeetNeeds ? 'Yes' : 'No'],
        ...(o.canMeetNeeds
          ? ([
              ['Weekly fee', formatPounds(o.weeklyFeePence)],
              ['Weeks a year', String(o.weeksPerYear)],
              ['Add-ons a week', formatPounds(o.addOnsWeeklyPence)],
              ['Annual cost', formatPounds(annualCostPence(o))],
            ] as Array<[string, string]>)
          : []),
        ['Earliest start', o.startDate ? formatUkDate(o.startDate) : '–'],
        ['Confirmed', `${formatUkInstant(o.confirmedAt)}${o.corrected ? ' (figures corrected by the officer)' : ''}`],
      ]),
      ...(o.conditions ? [plainText([{ text: 'Conditions: ', weight: 'Bolder' }, { text: providerWords(o.conditions) }])] : []),
      ...feeBenchmarkBlock(options.benchmark),
    );
  } else {
    body.push(
      text('What I read', { weight: 'Bolder' }),
      facts([
        ['Can meet needs', e.canMeetNeeds === true ? 'Yes' : e.canMeetNeeds === false ? 'No' : 'Not stated'],
        ['Weekly fee', pounds(e.weeklyFee)],
        ['Weeks a year', e.feeWeeksPerYear ? String(e.feeWeeksPerYear) : options.lotWeeks ? `${options.lotWeeks} (not stated: from lot ${options.lot})` : '⚠️ not stated'],
        ['Add-ons a week', pounds(e.additionalWeeklyCosts)],
        ['Earliest start', e.startDate ? formatUkDate(e.startDate) : '–'],
      ]),
      ...((e.conditions ?? []).length ? [plainText([{ text: 'Conditions: ', weight: 'Bolder' }, { text: providerWords((e.conditions ?? []).join('; ')) }])] : []),
      ...feeBenchmarkBlock(options.benchmark, 'On the figures as read from the e-mail, before they are confirmed.'),
    );
  }
  body.push(...evidenceBlocks(e.evidence));
  body.push(text('The reply', { weight: 'Bolder' }), ...providerParagraphs(reply.replyText));
  if (reply.attachments.length) {
    body.push(text(md`Attachments: ${reply.attachments.map((a) => `${a.filename} (${a.contentType}, ${Math.ceil(a.size / 1024)} KB)`).join('; ')}`, { size: 'Small', isSubtle: true }));
  }
  if (reply.kind === 'auto-reply' || reply.kind === 'bounce') return adaptiveCard(body);

  const errors = options.errors ?? {};
  const kept = options.kept ?? {};
  const scope = replyScope(reply.id);
  const id = (field: string) => scopedId(field, scope);
  const prefill = (key: string, value: string | null | undefined) => kept[key] ?? value ?? '';
  const isDecline = reply.kind === 'decline' && !options.offer;
  const canMeet = options.offer ? String(options.offer.canMeetNeeds) : isDecline ? 'false' : e.canMeetNeeds === null || e.canMeetNeeds === undefined ? '' : String(e.canMeetNeeds);
  const weeks = options.offer ? String(options.offer.weeksPerYear || '') : e.feeWeeksPerYear ? String(e.feeWeeksPerYear) : options.lotWeeks ? String(options.lotWeeks) : undefined;
  const field = (element: CardElement, key: string): CardElement[] => (errors[key] ? [element, text(errors[key]!, { color: 'Attention', size: 'Small', spacing: 'None' })] : [element]);
  const form: CardElement[] = [
    ...field({ type: 'Input.ChoiceSet', id: id('canMeetNeeds'), label: 'Can they meet the needs in Section F?', style: 'compact', isRequired: true, errorMessage: 'Choose yes or no.', choices: [{ title: 'Yes', value: 'true' }, { title: 'No', value: 'false' }], ...(prefill('canMeetNeeds', canMeet) ? { value: prefill('canMeetNeeds', canMeet) } : {}) }, 'canMeetNeeds'),
    ...(isDecline ? [text('The figures below are needed only if they can meet the needs after all.', { size: 'Small', isSubtle: true, spacing: 'None' })] : []),
    ...field({ type: 'Input.Text', id: id('weeklyFee'), label: 'Core weekly fee (£)', value: prefill('weeklyFee', options.offer ? String(options.offer.weeklyFeePence / 100) : e.weeklyFee?.toString()) }, 'weeklyFee'),
    ...field({ type: 'Input.Text', id: id('weeksPerYear'), label: 'Weeks a year', value: prefill('weeksPerYear', weeks) }, 'weeksPerYear'),
    ...field({ type: 'Input.Text', id: id('addOnsWeekly'), label: 'Add-ons per week (£)', value: prefill('addOnsWeekly', options.offer ? String(options.offer.addOnsWeeklyPence / 100) : e.additionalWeeklyCosts?.toString()) }, 'addOnsWeekly'),
    ...field({ type: 'Input.Date', id: id('startDate'), label: 'Earliest start date', value: prefill('startDate', options.offer ? options.offer.startDate : e.startDate) }, 'startDate'),
    ...field({ type: 'Input.Text', id: id('conditions'), label: isDecline ? 'Reason they gave, or conditions' : 'Conditions', isMultiline: true, maxLength: 1000, value: prefill('conditions', options.offer ? options.offer.conditions : (e.conditions ?? []).join('; ')) }, 'conditions'),
  ];
  const confirmTitle = options.offer ? 'Correct the figures' : isDecline ? 'Confirm the decline' : 'Confirm or correct the figures';
  // Sections of this card (not show-cards): every client sends their inputs with their own button.
  const confirm = toggledSection(`confirm-${reply.id}`, confirmTitle, [
    ...form,
    actionSet([execute(isDecline ? 'Confirm the decline' : 'Confirm figures', 'reply.confirm', { replyId: reply.id }, { style: 'positive' })]),
  ]);
  const answer = toggledSection(`answer-${reply.id}`, 'Reply to the provider', [
    { type: 'Input.Text', id: id('message'), label: 'Your answer (sent by e-mail in the same conversation)', isMultiline: true, isRequired: true, errorMessage: 'Write your answer.', maxLength: 4000, ...(kept.message ? { value: kept.message } : {}) },
    ...(errors.message ? [text(errors.message, { color: 'Attention', size: 'Small', spacing: 'None' })] : []),
    actionSet([execute('Send answer', 'reply.answer', { replyId: reply.id })]),
  ]);
  // A card drawn again because of an error opens the section the error is in.
  const open = (section: CardElement, keys: string[]) => (keys.some((k) => errors[k]) ? { ...section, isVisible: true } : section);
  body.push(open(confirm.section, ['canMeetNeeds', 'weeklyFee', 'weeksPerYear', 'addOnsWeekly', 'startDate', 'conditions']), open(answer.section, ['message']));
  return adaptiveCard(body, [confirm.toggle, execute('Mark as a question', 'reply.query', { replyId: reply.id }), answer.toggle]);
}

/** Input ids of a reply card carry the reply: several reply cards share a thread. */
export const replyScope = (replyId: number) => `reply${replyId}`;

/** A message that could not be attached to a referral by itself: a person chooses (attach, give to a council, or dismiss). */
export function triageCard(
  message: InboundMessageRow,
  choices: { referrals: Array<{ title: string; value: string }>; councils: Array<{ title: string; value: string }> },
  bodyText: string,
  options: { notice?: CardNotice } = {},
): AdaptiveCard {
  const body: CardElement[] = [
    ...heading('A message needs a person', md`Received ${formatUkInstant(message.receivedAt)} from ${message.fromAddress ?? 'an unknown sender'}`),
  ];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  body.push(
    notice(md`I did not attach it to a referral automatically because ${message.problem ?? 'it could not be matched'}.`, 'warning'),
    ...(message.councilId === null ? [notice('It belongs to no single council yet: attach it only if it is about one of your requests.', 'accent')] : []),
    plainText([{ text: 'Subject: ', weight: 'Bolder' }, { text: providerWords(message.subject ?? '(none)') }]),
    ...providerParagraphs(bodyText),
  );
  // Input ids carry the message id: a client must never show this card's choices on another card.
  const sections = [
    ...(choices.referrals.length
      ? [
          toggledSection(`attach-${message.id}`, 'Attach to a referral', [
            { type: 'Input.ChoiceSet', id: `referralId_${message.id}`, label: 'Which referral does it answer?', style: 'compact', isRequired: true, errorMessage: 'Choose the referral.', choices: choices.referrals },
            actionSet([execute('Attach', 'triage.attach', { inboundId: message.id }, { style: 'positive' })]),
          ]),
        ]
      : []),
    ...(choices.councils.length
      ? [
          toggledSection(`assign-${message.id}`, 'Give to a council', [
            { type: 'Input.ChoiceSet', id: `councilId_${message.id}`, label: 'Which council is it for?', style: 'compact', isRequired: true, errorMessage: 'Choose the council.', choices: choices.councils },
            actionSet([execute('Give to this council', 'triage.assign', { inboundId: message.id }, { style: 'positive' })]),
          ]),
        ]
      : []),
    toggledSection(`dismiss-${message.id}`, 'Dismiss', [
      { type: 'Input.Text', id: `reason_${message.id}`, label: 'Why is it dismissed?', isRequired: true, errorMessage: 'Give a reason.', maxLength: 500 },
      actionSet([execute('Dismiss', 'triage.dismiss', { inboundId: message.id }, { style: 'destructive' })]),
    ]),
  ];
  body.push(...sections.map((s) => s.section));
  return adaptiveCard(body, sections.map((s) => s.toggle));
}
