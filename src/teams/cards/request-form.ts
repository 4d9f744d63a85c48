import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { CHILD_SEX_LABELS, EHCP_STATUS_LABELS, FIELD_LABELS, NOTE_MAX_LENGTH, PHASE_TRANSFER_LABELS, PREFERRED_SETTING_MAX_LENGTH, REQUEST_STEPS, RISK_FLAG_LABELS, STEP_FIELDS, STEP_TITLES, SUMMARY_MAX_LENGTH, CASE_REFERENCE_MAX_LENGTH, URGENCY_LABELS, type RequestField, type RequestStep } from '../../domain/placement-request/fields.js';
import { LOT_LABELS, LOTS, NEED_CODES, NEED_LABELS } from '../../domain/reference-data.js';
import { md, adaptiveCard, execute, heading, notice, text, type AdaptiveCard, type CardElement, type CardNotice } from './card.js';

type Choice = { title: string; value: string };
const choicesOf = (labels: Record<string, string>): Choice[] => Object.entries(labels).map(([value, title]) => ({ title, value }));
const NEED_CHOICES: Choice[] = NEED_CODES.map((c) => ({ title: `${c} – ${NEED_LABELS[c]}`, value: c }));
const LOT_CHOICES: Choice[] = LOTS.map((l) => ({ title: `Lot ${l} – ${LOT_LABELS[l]}`, value: String(l) }));

interface FieldSpec {
  input: 'text' | 'multiline' | 'date' | 'choice' | 'multichoice';
  required: boolean;
  placeholder?: string;
  maxLength?: number;
  choices?: Choice[];
  hint?: string;
}

/** How each field is asked. Required here is the card's own check; the server checks everything again. */
const FIELD_SPECS: Record<RequestField, FieldSpec> = {
  caseReference: { input: 'text', required: true, maxLength: CASE_REFERENCE_MAX_LENGTH, placeholder: "Your council's case reference, e.g. EHC-12345" },
  childInitials: { input: 'text', required: true, maxLength: 8, placeholder: 'Initials only, e.g. JS', hint: 'Never the full name.' },
  dateOfBirth: { input: 'date', required: true },
  sex: { input: 'choice', required: true, choices: choicesOf(CHILD_SEX_LABELS) },
  homePostcodeDistrict: { input: 'text', required: true, maxLength: 4, placeholder: 'District only, e.g. WA7' },
  ehcpStatus: { input: 'choice', required: true, choices: choicesOf(EHCP_STATUS_LABELS) },
  planDate: { input: 'date', required: true },
  assessmentRequestDate: { input: 'date', required: false, hint: 'If the plan is not final yet: starts the 20-week clock.' },
  reviewDate: { input: 'date', required: false },
  phaseTransfer: { input: 'choice', required: true, choices: choicesOf(PHASE_TRANSFER_LABELS) },
  primaryNeed: { input: 'choice', required: true, choices: NEED_CHOICES },
  secondaryNeeds: { input: 'multichoice', required: false, choices: NEED_CHOICES },
  sectionB: { input: 'multiline', required: true, maxLength: SUMMARY_MAX_LENGTH, placeholder: 'Short summary of Section B (needs)' },
  sectionE: { input: 'multiline', required: true, maxLength: SUMMARY_MAX_LENGTH, placeholder: 'Short summary of Section E (outcomes)' },
  sectionF: { input: 'multiline', required: true, maxLength: SUMMARY_MAX_LENGTH, placeholder: 'Section F: provision, therapies, staffing ratio (e.g. 1:1)' },
  lot: { input: 'choice', required: true, choices: LOT_CHOICES },
  lotReason: { input: 'text', required: false, maxLength: NOTE_MAX_LENGTH, hint: 'Only needed for a 0–16 lot when the young person is 16 or over.' },
  requiredStartDate: { input: 'date', required: true },
  preferredSetting: { input: 'text', required: false, maxLength: PREFERRED_SETTING_MAX_LENGTH, placeholder: 'School or college the parent/young person asked for, if any' },
  riskFlags: { input: 'multichoice', required: false, choices: choicesOf(RISK_FLAG_LABELS) },
  riskNotes: { input: 'multiline', required: false, maxLength: NOTE_MAX_LENGTH },
  medicalNeeds: { input: 'multiline', required: false, maxLength: NOTE_MAX_LENGTH },
  transportNeeds: { input: 'multiline', required: false, maxLength: NOTE_MAX_LENGTH },
  urgency: { input: 'choice', required: true, choices: choicesOf(URGENCY_LABELS) },
  urgencyReason: { input: 'text', required: false, maxLength: NOTE_MAX_LENGTH, hint: 'Required when urgent.' },
};

function inputFor(field: RequestField, value: string): CardElement {
  const spec = FIELD_SPECS[field];
  const label = FIELD_LABELS[field];
  const common = {
    id: field,
    label,
    isRequired: spec.required,
    ...(spec.required ? { errorMessage: `${label} is required.` } : {}),
    ...(value ? { value } : {}),
  };
  switch (spec.input) {
    case 'date':
      return { type: 'Input.Date', ...common };
    case 'choice':
      return { type: 'Input.ChoiceSet', ...common, style: 'compact', choices: spec.choices, placeholder: 'Choose…' };
    case 'multichoice':
      return { type: 'Input.ChoiceSet', ...common, isMultiSelect: true, style: 'compact', choices: spec.choices, placeholder: 'Choose any…' };
    case 'multiline':
      return { type: 'Input.Text', ...common, isMultiline: true, maxLength: spec.maxLength, placeholder: spec.placeholder };
    default:
      return { type: 'Input.Text', ...common, maxLength: spec.maxLength, placeholder: spec.placeholder };
  }
}

export function draftLabel(request: PlacementRequestRow): string {
  return request.reference ? `request ${request.reference}` : `draft request #${request.id}`;
}

/** Everything a button on this card needs to tell the server which draft, step and version it came from. */
function cardData(request: PlacementRequestRow, extra: Record<string, unknown> = {}) {
  return { requestId: request.id, version: request.version, ...extra };
}

export interface StepCardOptions {
  values: Record<string, string>;
  errors?: Record<string, string>;
  warnings?: string[];
  notice?: CardNotice;
  /** Offer "Save and review" (the draft was complete before this edit). */
  canReview?: boolean;
}

/** One step of the request form, with what was entered, the server's errors beside each field, and navigation. */
export function requestStepCard(request: PlacementRequestRow, step: RequestStep, options: StepCardOptions): AdaptiveCard {
  const index = REQUEST_STEPS.indexOf(step);
  const errors = options.errors ?? {};
  const body: CardElement[] = [
    ...heading(md`Step ${index + 1} of ${REQUEST_STEPS.length}: ${STEP_TITLES[step]}`, md`New placement request · ${draftLabel(request)} · saved after every step`),
  ];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  const errorCount = Object.keys(errors).length;
  if (errorCount) body.push(notice(md`Please check ${errorCount === 1 ? 'the answer' : `${errorCount} answers`} marked below. What you typed has been kept.`));
  if (options.warnings?.length) body.push(notice(options.warnings.join('\n\n'), 'warning'));

  for (const field of STEP_FIELDS[step] as readonly RequestField[]) {
    body.push(inputFor(field, options.values[field] ?? ''));
    const error = errors[field];
    if (error) body.push(text(error, { color: 'Attention', size: 'Small', spacing: 'None' }));
    else if (FIELD_SPECS[field].hint) body.push(text(FIELD_SPECS[field].hint!, { isSubtle: true, size: 'Small', spacing: 'None' }));
  }

  const last = index === REQUEST_STEPS.length - 1;
  const actions: CardElement[] = [];
  if (index > 0) actions.push(execute('Back', 'request.step', cardData(request, { step, nav: 'back' }), { associatedInputs: 'none' }));
  actions.push(execute('Save', 'request.step', cardData(request, { step, nav: 'save' })));
  if (options.canReview && !last) actions.push(execute('Save and review', 'request.step', cardData(request, { step, nav: 'review' }), { style: 'positive' }));
  actions.push(execute(last ? 'Review request' : 'Next', 'request.step', cardData(request, { step, nav: 'next' }), { style: 'positive' }));
  actions.push(cancelAction(request));
  return adaptiveCard(body, actions);
}

export function cancelAction(request: PlacementRequestRow): CardElement {
  return {
    type: 'Action.ShowCard',
    title: 'Cancel request',
    card: {
      type: 'AdaptiveCard',
      body: [text('Cancel this draft? It will be kept for the record but can no longer be submitted.')],
      actions: [execute('Yes, cancel the draft', 'request.cancel', cardData(request), { style: 'destructive', associatedInputs: 'none' })],
    },
  };
}
