import type { AppraisalRow } from '../../db/repositories/appraisals.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { costChartData, costTextTable } from '../../domain/appraisal/cost-chart.js';
import { formatPounds } from '../../domain/money.js';
import { LEGAL_GROUND_LABELS, LEGAL_GROUNDS, PLACE_AVAILABILITY_LABELS, ROUTE_LABELS, ROUTES, SETTING_KIND_LABELS, SUITABILITY_LABELS, placeFoundByCallOff, type Route } from '../../domain/appraisal/routes.js';
import { OPTION_FIELD_LABELS, PREFERENCE_FIELD_LABELS, totalAnnualCostPence, type AppraisalOptionValues, type PreferenceValues } from '../../domain/appraisal/answers.js';
import { RECOMMENDATION_RULE_LABELS, type AppraisalGap, type Recommendation } from '../../domain/appraisal/recommendation.js';
import { formatUkDate, formatUkInstant } from '../../domain/calendar-date.js';
import { ROLE_LABELS, type StaffRole } from '../../domain/reference-data.js';
import { escapeMarkdown, md, raw, adaptiveCard, execute, facts, heading, notice, scopedId, text, type AdaptiveCard, type CardElement, type CardNotice, documentOfferElements, type DocumentOffer } from './card.js';

type Choice = { title: string; value: string };
const choicesOf = (labels: Record<string, string>): Choice[] => Object.entries(labels).map(([value, title]) => ({ title, value }));
const YES_NO: Choice[] = [
  { title: 'Yes', value: 'true' },
  { title: 'No', value: 'false' },
];
const ROUTE_CHOICES = choicesOf(ROUTE_LABELS);
const GROUND_CHOICES = LEGAL_GROUNDS.map((g) => ({ title: LEGAL_GROUND_LABELS[g], value: g }));

export const APPRAISAL_CARD_STEPS: ReadonlyArray<Route | 'preference'> = [...ROUTES, 'preference'];

function stepTitle(step: Route | 'preference'): string {
  const index = APPRAISAL_CARD_STEPS.indexOf(step) + 1;
  return step === 'preference'
    ? `Question ${index} of ${APPRAISAL_CARD_STEPS.length}: the parent's or young person's preference`
    : `Route ${index} of ${ROUTES.length}: ${ROUTE_LABELS[step]}`;
}

const poundsText = (pence: number) => (pence ? String(pence / 100) : '');

/** Stored answers back into card inputs (Back, Edit). */
export function optionInputs(option: AppraisalOptionValues | undefined): Record<string, string> {
  if (!option) return {};
  return {
    considered: String(option.considered),
    notConsideredReason: option.notConsideredReason ?? '',
    meetsSectionF: option.meetsSectionF ?? '',
    suitabilityReason: option.suitabilityReason ?? '',
    placeAvailable: option.placeAvailable ?? '',
    availableFrom: option.availableFrom ?? '',
    parentView: option.parentView ?? '',
    fee: poundsText(option.feePence),
    addOns: poundsText(option.addOnsPence),
    transport: poundsText(option.transportPence),
    therapies: poundsText(option.therapiesPence),
    travelMinutes: option.travelMinutes === undefined ? '' : String(option.travelMinutes),
    legalGround: option.legalGround ?? '',
    legalGroundEvidence: option.legalGroundEvidence ?? '',
  };
}

export function preferenceInputs(preference: PreferenceValues | null | undefined): Record<string, string> {
  if (!preference) return {};
  return {
    hasPreference: String(preference.hasPreference),
    settingName: preference.settingName ?? '',
    settingKind: preference.settingKind ?? '',
    route: preference.route ?? '',
    councilWillName: preference.councilWillName === undefined ? '' : String(preference.councilWillName),
    ground: preference.ground ?? '',
    groundEvidence: preference.groundEvidence ?? '',
    views: preference.views ?? '',
  };
}

function withError(element: CardElement, error: string | undefined, hint?: string): CardElement[] {
  if (error) return [element, text(error, { color: 'Attention', size: 'Small', spacing: 'None' })];
  return hint ? [element, text(hint, { isSubtle: true, size: 'Small', spacing: 'None' })] : [element];
}

function choice(id: string, label: string, choices: Choice[], value: string, required: boolean): CardElement {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    style: 'compact',
    choices,
    placeholder: 'Choose…',
    isRequired: required,
    ...(required ? { errorMessage: `${label}: choose one.` } : {}),
    ...(value ? { value } : {}),
  };
}

function textInput(id: string, label: string, value: string, options: { multiline?: boolean; max?: number; placeholder?: string } = {}): CardElement {
  return {
    type: 'Input.Text',
    id,
    label,
    ...(options.multiline ? { isMultiline: true } : {}),
    ...(options.max ? { maxLength: options.max } : {}),
    ...(options.placeholder ? { placeholder: options.placeholder } : {}),
    ...(value ? { value } : {}),
  };
}

function routeInputs(route: Route, values: Record<string, string>, errors: Record<string, string>): CardElement[] {
  const L = OPTION_FIELD_LABELS;
  // Only a call-off or a spot purchase finds its place by asking providers; elsewhere the officer knows.
  const placeChoices = choicesOf(PLACE_AVAILABILITY_LABELS).filter((c) => c.value !== 'call_off' || placeFoundByCallOff(route));
  const feeHint =
    route === 'fps_call_off'
      ? 'The place and its fee are found by the call-off: with "to be tested by the call-off", the fee is an estimate — yours, or leave it blank for the regional figure for this lot and need.'
      : route === 'spot_purchase'
        ? 'With "to be tested by the call-off", the fee you enter is recorded as an estimate.'
        : undefined;
  return [
    ...withError(choice('considered', L.considered, [{ title: 'Yes, considered', value: 'true' }, { title: 'No, not considered', value: 'false' }], values.considered ?? '', true), errors.considered),
    ...withError(textInput('notConsideredReason', L.notConsideredReason, values.notConsideredReason ?? '', { multiline: true, max: 500 }), errors.notConsideredReason, 'Only when not considered.'),
    ...withError(choice('meetsSectionF', L.meetsSectionF, choicesOf(SUITABILITY_LABELS), values.meetsSectionF ?? '', false), errors.meetsSectionF),
    ...withError(textInput('suitabilityReason', L.suitabilityReason, values.suitabilityReason ?? '', { multiline: true, max: 1000 }), errors.suitabilityReason),
    ...withError(choice('placeAvailable', L.placeAvailable, placeChoices, values.placeAvailable ?? '', false), errors.placeAvailable),
    ...withError({ type: 'Input.Date', id: 'availableFrom', label: L.availableFrom, ...(values.availableFrom ? { value: values.availableFrom } : {}) }, errors.availableFrom),
    ...withError(textInput('parentView', L.parentView, values.parentView ?? '', { multiline: true, max: 1000 }), errors.parentView),
    text('Estimated annual cost to the public purse (pounds a year; leave blank for none). A vacant funded place in a maintained school costs nothing extra.', { size: 'Small', isSubtle: true }),
    ...(feeHint ? [text(feeHint, { size: 'Small', isSubtle: true, spacing: 'None' })] : []),
    {
      type: 'ColumnSet',
      columns: (['fee', 'addOns', 'transport', 'therapies'] as const).map((f) => ({
        type: 'Column',
        width: 'stretch',
        items: withError(textInput(f, L[f], values[f] ?? '', { placeholder: '£' }), errors[f]),
      })),
    },
    ...withError(textInput('travelMinutes', L.travelMinutes, values.travelMinutes ?? ''), errors.travelMinutes),
    ...withError(choice('legalGround', L.legalGround, GROUND_CHOICES, values.legalGround ?? '', false), errors.legalGround, 's.33 exceptions on mainstream; s.39(4) or s.9 where a requested setting is not named.'),
    ...withError(textInput('legalGroundEvidence', L.legalGroundEvidence, values.legalGroundEvidence ?? '', { multiline: true, max: 1000 }), errors.legalGroundEvidence),
  ];
}

function preferenceInputsCard(values: Record<string, string>, errors: Record<string, string>): CardElement[] {
  const L = PREFERENCE_FIELD_LABELS;
  return [
    ...withError(choice('hasPreference', L.hasPreference, YES_NO, values.hasPreference ?? '', true), errors.hasPreference),
    ...withError(textInput('settingName', L.settingName, values.settingName ?? '', { max: 120 }), errors.settingName),
    ...withError(choice('settingKind', L.settingKind, choicesOf(SETTING_KIND_LABELS), values.settingKind ?? '', false), errors.settingKind),
    ...withError(choice('route', L.route, ROUTE_CHOICES, values.route ?? '', false), errors.route),
    ...withError(choice('councilWillName', L.councilWillName, YES_NO, values.councilWillName ?? '', false), errors.councilWillName),
    ...withError(choice('ground', L.ground, GROUND_CHOICES, values.ground ?? '', false), errors.ground, 'Required when the council will not name the setting asked for: s.39(4) for maintained or s.41 settings, s.9 for other independent schools.'),
    ...withError(textInput('groundEvidence', L.groundEvidence, values.groundEvidence ?? '', { multiline: true, max: 1000 }), errors.groundEvidence),
    ...withError(textInput('views', L.views, values.views ?? '', { multiline: true, max: 1000 }), errors.views),
  ];
}

function appraisalHeading(request: PlacementRequestRow, appraisal: AppraisalRow, title: string): CardElement[] {
  return heading(title, `Options appraisal for request ${request.reference} · revision ${appraisal.revision} · saved after every answer`);
}

export function appraisalStepCard(
  request: PlacementRequestRow,
  appraisal: AppraisalRow,
  step: Route | 'preference',
  options: { values: Record<string, string>; errors?: Record<string, string>; warnings?: string[]; notice?: CardNotice; canReview?: boolean },
): AdaptiveCard {
  const errors = options.errors ?? {};
  const body: CardElement[] = [...appraisalHeading(request, appraisal, stepTitle(step))];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  const count = Object.keys(errors).length;
  if (count) body.push(notice(md`Please check ${count === 1 ? 'the answer' : `${count} answers`} marked below. What you typed has been kept.`));
  if (options.warnings?.length) body.push(notice(options.warnings.join('\n\n'), 'warning'));
  body.push(...(step === 'preference' ? preferenceInputsCard(options.values, errors) : routeInputs(step, options.values, errors)));

  const data = (nav: string) => ({ appraisalId: appraisal.id, version: appraisal.version, step, nav });
  const actions: CardElement[] = [];
  if (APPRAISAL_CARD_STEPS.indexOf(step) > 0) actions.push(execute('Back', 'appraisal.step', data('back'), { associatedInputs: 'none' }));
  actions.push(execute('Save', 'appraisal.step', data('save')));
  if (options.canReview && step !== 'preference') actions.push(execute('Save and review', 'appraisal.step', data('review'), { style: 'positive' }));
  actions.push(execute(step === 'preference' ? 'See the recommendation' : 'Next', 'appraisal.step', data('next'), { style: 'positive' }));
  return adaptiveCard(body, actions);
}

/** The cost comparison as a Teams bar chart, with the same figures as text for clients without charts. */
export function costChartElements(recommendation: Recommendation): CardElement[] {
  const bars = costChartData(recommendation.comparison);
  const table = { type: 'TextBlock', text: `\`\`\`\n${costTextTable(recommendation.comparison)}\n\`\`\``, wrap: true, fontType: 'Monospace', size: 'Small' };
  if (!bars.length) return [table];
  return [
    {
      type: 'Chart.HorizontalBar',
      title: 'Annual cost to the public purse (£)',
      // Each cost is written at its bar; an axis would tick at fractions of the largest cost (30.3k, 60.7k, …).
      displayMode: 'AbsoluteNoAxis',
      data: bars.map((b) => ({ x: b.label, y: b.valuePounds })),
      fallback: table,
    },
    text(costTextTable(recommendation.comparison).split('\n').map((l) => `- ${l.replace(/\s{2,}/g, ' · ')}`).join('\n'), { size: 'Small', isSubtle: true }),
  ];
}

export function recommendationElements(recommendation: Recommendation): CardElement[] {
  return [
    text(
      recommendation.route
        ? `Recommended route: **${ROUTE_LABELS[recommendation.route]}** (${RECOMMENDATION_RULE_LABELS[recommendation.rule]})`
        : `No route can be recommended: ${RECOMMENDATION_RULE_LABELS[recommendation.rule]}`,
      { weight: 'Bolder', spacing: 'Medium' },
    ),
    text(recommendation.reasons.map((r) => md`- ${r}`).join('\n')),
    ...(recommendation.warnings.length ? [notice(recommendation.warnings.map(escapeMarkdown).join('\n\n'), 'warning')] : []),
    ...costChartElements(recommendation),
    text('This recommendation is advice: a Service Manager or the Head of Service decides the route and records why.', { isSubtle: true, size: 'Small' }),
  ];
}

function optionSummary(option: AppraisalOptionValues | undefined): string {
  if (!option) return 'Not answered yet';
  if (!option.considered) return `Not considered: ${option.notConsideredReason ?? ''}`;
  const parts = [
    `Section F: ${option.meetsSectionF ? SUITABILITY_LABELS[option.meetsSectionF] : '–'}${option.suitabilityReason ? ` (${option.suitabilityReason})` : ''}`,
    `place: ${option.placeAvailable ? PLACE_AVAILABILITY_LABELS[option.placeAvailable] : '–'}${option.availableFrom ? ` from ${formatUkDate(option.availableFrom)}` : ''}`,
    `cost ${formatPounds(totalAnnualCostPence(option))} a year (fee ${formatPounds(option.feePence)}, add-ons ${formatPounds(option.addOnsPence)}, transport ${formatPounds(option.transportPence)}, therapies ${formatPounds(option.therapiesPence)})`,
  ];
  if (option.travelMinutes !== undefined) parts.push(`travel ${option.travelMinutes} min`);
  if (option.parentView) parts.push(`parent's view: ${option.parentView}`);
  if (option.legalGround) parts.push(`ground: ${LEGAL_GROUND_LABELS[option.legalGround]} (${option.legalGroundEvidence ?? ''})`);
  return parts.join('; ');
}

function preferenceSummary(preference: PreferenceValues | null | undefined): string {
  if (!preference) return 'Not asked yet';
  if (!preference.hasPreference) return `No particular setting asked for.${preference.views ? ` Views: ${preference.views}` : ''}`;
  return [
    `${preference.settingName} (${preference.settingKind ? SETTING_KIND_LABELS[preference.settingKind] : '–'}; route ${preference.route ? ROUTE_LABELS[preference.route] : '–'})`,
    preference.councilWillName ? 'the council will name it' : `the council will not name it: ${preference.ground ? LEGAL_GROUND_LABELS[preference.ground] : 'no ground recorded'}${preference.groundEvidence ? ` (${preference.groundEvidence})` : ''}`,
    ...(preference.views ? [`views: ${preference.views}`] : []),
  ].join('; ');
}

export function answersElements(options: AppraisalOptionValues[], preference: PreferenceValues | null | undefined, edit?: { appraisalId: number; version: number }): CardElement[] {
  const rows: Array<{ title: string; summary: string; step: Route | 'preference' }> = [
    ...ROUTES.map((route) => ({ title: ROUTE_LABELS[route], summary: optionSummary(options.find((o) => o.route === route)), step: route as Route | 'preference' })),
    { title: 'Preference (s.19 views, s.38/39)', summary: preferenceSummary(preference), step: 'preference' },
  ];
  return rows.map((row) => ({
    type: 'ColumnSet',
    separator: true,
    columns: [
      { type: 'Column', width: 'stretch', items: [text(md`**${row.title}**`), text(row.summary, { size: 'Small', spacing: 'None' })] },
      ...(edit
        ? [{ type: 'Column', width: 'auto', items: [{ type: 'ActionSet', actions: [execute('Edit', 'appraisal.edit', { ...edit, step: row.step })] }] }]
        : []),
    ],
  }));
}

/** Input ids of the confirmation form carry the appraisal: it may sit in a thread next to other requests' cards. */
export const appraisalScope = (appraisalId: number) => `appraisal${appraisalId}`;

function confirmForm(appraisal: AppraisalRow, recommendation: Recommendation, kept: Record<string, string> = {}, errors: Record<string, string> = {}): CardElement[] {
  const scope = appraisalScope(appraisal.id);
  return [
    text('Confirm the route', { weight: 'Bolder', spacing: 'Large' }),
    ...withError(choice(scopedId('route', scope), 'Route chosen', ROUTE_CHOICES, kept.route ?? recommendation.route ?? '', true), errors.route),
    ...withError(
      { type: 'Input.Text', id: scopedId('reason', scope), label: 'Reason for the decision', isMultiline: true, maxLength: 1000, isRequired: true, errorMessage: 'Give the reason for this decision.', ...(kept.reason ? { value: kept.reason } : {}) },
      errors.reason,
      'Required. If you choose a route other than the recommended one, explain why.',
    ),
    { type: 'ActionSet', actions: [execute('Confirm route', 'appraisal.confirm', { appraisalId: appraisal.id, version: appraisal.version }, { style: 'positive' })] },
  ];
}

/** The caseworker's review: gaps or the recommendation, every answer with Edit, and the next step. */
export function appraisalReviewCard(
  request: PlacementRequestRow,
  appraisal: AppraisalRow,
  options: AppraisalOptionValues[],
  recommendation: Recommendation | undefined,
  gaps: AppraisalGap[],
  extra: { notice?: CardNotice; canConfirm: boolean; confirmErrors?: Record<string, string>; confirmKept?: Record<string, string> },
): AdaptiveCard {
  const body: CardElement[] = [...appraisalHeading(request, appraisal, 'Review the options appraisal')];
  if (appraisal.revisionReason) body.push(text(md`Revision ${appraisal.revision}: ${appraisal.revisionReason}`, { isSubtle: true }));
  if (extra.notice) body.push(notice(extra.notice.text, extra.notice.style));
  if (gaps.length) body.push(notice(md`Still to answer:\n\n${raw(gaps.map((g) => md`- ${g.message}`).join('\n'))}`, 'warning'));
  if (recommendation) body.push(...recommendationElements(recommendation));
  body.push(text('Answers', { weight: 'Bolder', spacing: 'Large' }), ...answersElements(options, appraisal.preference, { appraisalId: appraisal.id, version: appraisal.version }));
  if (recommendation && extra.canConfirm) body.push(...confirmForm(appraisal, recommendation, extra.confirmKept, extra.confirmErrors));
  const actions: CardElement[] = [];
  if (recommendation && !extra.canConfirm) {
    actions.push(execute(appraisal.confirmationRequestedAt ? 'Ask again for confirmation' : 'Ask for confirmation', 'appraisal.ask', { appraisalId: appraisal.id, version: appraisal.version }, { style: 'positive' }));
  }
  return adaptiveCard(body, actions);
}

/** Posted in the request's approvals thread: the recommendation and a form for a confirmer. */
export function appraisalConfirmationCard(
  request: PlacementRequestRow,
  appraisal: AppraisalRow,
  options: AppraisalOptionValues[],
  recommendation: Recommendation,
  askedBy: string,
  extra: { notice?: CardNotice; confirmErrors?: Record<string, string>; confirmKept?: Record<string, string> } = {},
): AdaptiveCard {
  const body: CardElement[] = [...heading(md`Options appraisal ready: ${request.reference}`, md`Revision ${appraisal.revision}, completed by ${askedBy}`)];
  if (extra.notice) body.push(notice(extra.notice.text, extra.notice.style));
  body.push(...recommendationElements(recommendation), text('Answers', { weight: 'Bolder', spacing: 'Large' }), ...answersElements(options, appraisal.preference));
  body.push(...confirmForm(appraisal, recommendation, extra.confirmKept, extra.confirmErrors));
  return adaptiveCard(body);
}

export interface ConfirmationView {
  route: Route;
  byName: string;
  role: StaffRole;
  at: string;
  reason: string;
  overridesRecommendation: boolean;
}

export function confirmationFacts(c: ConfirmationView): CardElement {
  return facts([
    ['Route chosen', ROUTE_LABELS[c.route]],
    ['Confirmed by', `${c.byName} (${ROLE_LABELS[c.role]})`],
    ['When', formatUkInstant(c.at, { time: true })],
    ['Reason', c.reason],
    ...(c.overridesRecommendation ? ([['Recommendation', 'Not followed: see the reason']] as Array<[string, string]>) : []),
  ]);
}

/** What the confirmer and the thread see after confirming. */
export function appraisalConfirmedCard(request: PlacementRequestRow, appraisal: AppraisalRow, confirmation: ConfirmationView, warnings: string[] = []): AdaptiveCard {
  const next =
    confirmation.route === 'fps_call_off'
      ? 'The request moves on to referrals to FPS providers.'
      : 'The request is closed on this route and still counts in the regional data (route and cost).';
  return adaptiveCard([
    ...heading(md`Route confirmed: ${request.reference}`, md`Options appraisal revision ${appraisal.revision}`),
    confirmationFacts(confirmation),
    ...(warnings.length ? [notice(warnings.join('\n\n'), 'warning')] : []),
    text(next),
  ]);
}

/** The appraisal as evidence: the latest revision in full, earlier revisions in brief, and the trail. */
export function appraisalRecordCard(record: import('../../services/appraisals/appraisal-record.js').AppraisalRecord, download?: DocumentOffer): AdaptiveCard {
  const r = record.request;
  const body: CardElement[] = [...heading(md`Options appraisal: ${r.reference}`, record.councilName)];
  const latest = record.revisions.at(-1);
  if (!latest) return adaptiveCard([...body, text('No appraisal has been started for this request yet.')]);
  body.push(
    text(md`Revision ${latest.revision} · ${latest.status.replace('_', ' ')} · started by ${latest.startedBy} on ${formatUkInstant(latest.startedAt)}`, { isSubtle: true }),
  );
  if (latest.revisionReason) body.push(text(md`Reason for this revision: ${latest.revisionReason}`));
  if (latest.confirmation) body.push(text('Decision', { weight: 'Bolder' }), confirmationFacts(latest.confirmation));
  if (latest.recommendation) body.push(...recommendationElements(latest.recommendation));
  else body.push(notice(md`Not finished yet:\n\n${raw(latest.gaps.map((g) => md`- ${g.message}`).join('\n'))}`, 'warning'));
  body.push(text('Answers', { weight: 'Bolder', spacing: 'Large' }), ...answersElements(latest.options, latest.preference));
  const earlier = record.revisions.slice(0, -1);
  if (earlier.length) {
    body.push(
      text('Earlier revisions', { weight: 'Bolder', spacing: 'Large' }),
      text(
        earlier
          .map((e) => `- Revision ${e.revision} (${e.status}): ${e.confirmation ? `${ROUTE_LABELS[e.confirmation.route]}, confirmed by ${e.confirmation.byName} on ${formatUkInstant(e.confirmation.at)}` : 'not confirmed'}`)
          .join('\n'),
      ),
    );
  }
  body.push(
    text('Trail', { weight: 'Bolder', spacing: 'Large' }),
    text(record.trail.slice(-12).map((e) => md`- ${formatUkInstant(e.at, { time: true })}: ${e.action} by ${e.who}`).join('\n'), { size: 'Small' }),
    ...documentOfferElements(download),
  );
  return adaptiveCard(body);
}
