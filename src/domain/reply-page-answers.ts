import { formatUkDate, parseTypedDate, toCalendarDate, type CalendarDate } from './calendar-date.js';
import { formatPounds, parsePounds } from './money.js';
import { CONDITIONS_MAX, WEEKLY_FEE_MAX_PENCE } from './offer-figures.js';
import type { ReplyEvidence, ReplyKind, ReplyUnderstanding } from './reply-understanding.js';

/**
 * The reply page's form: the same answers as the reply form in the referral e-mail (can meet the needs and
 * why, a place and when, the weekly fee and weeks a year, add-ons with their costs, conditions, questions),
 * validated here, the one place, whatever the browser did. Because the answers are structured, what the
 * provider said is known exactly: `understandingOf` builds the same shape the e-mail reader produces, each
 * conclusion's evidence being that it was submitted on the reply page.
 */

export const ADD_ONS: ReadonlyArray<{ key: FormField; label: string }> = [
  { key: 'addOnOneToOne', label: '1:1 staffing' },
  { key: 'addOnTwoToOne', label: '2:1 staffing' },
  { key: 'addOnSpeech', label: 'Speech and language therapy' },
  { key: 'addOnOccupational', label: 'Occupational therapy' },
  { key: 'addOnNursing', label: 'Nursing' },
  { key: 'addOnTransport', label: 'Transport' },
];
/** Rows for add-ons not in the list: a description and a cost each (fields otherAddOn<n>Label/Cost). */
export const OTHER_ADD_ON_ROWS = 2;

export const NEEDS_ANSWERS = ['yes', 'no', 'question'] as const;
export type NeedsAnswer = (typeof NEEDS_ANSWERS)[number];

export const TEXT_LIMITS = { needsReason: 2000, conditions: CONDITIONS_MAX, questions: 2000, respondentName: 120, otherAddOnLabel: 100 } as const;

/** Every field the form sends, by name; anything else in a submission is ignored. */
export const FORM_FIELDS = [
  'canMeetNeeds',
  'needsReason',
  'placeAvailable',
  'startDate',
  'weeklyFee',
  'weeksPerYear',
  'addOnOneToOne',
  'addOnTwoToOne',
  'addOnSpeech',
  'addOnOccupational',
  'addOnNursing',
  'addOnTransport',
  'otherAddOn1Label',
  'otherAddOn1Cost',
  'otherAddOn2Label',
  'otherAddOn2Cost',
  'conditions',
  'questions',
  'respondentName',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
/** What was typed, field by field (always strings: kept to show the form again). */
export type FormValues = Partial<Record<FormField, string>>;

export interface ReplyPageAddOn {
  label: string;
  weeklyPence: number;
}

export interface ReplyPageAnswers {
  canMeetNeeds: NeedsAnswer;
  needsReason: string | null;
  /** Only when the needs can be met. */
  placeAvailable: boolean | null;
  startDate: CalendarDate | null;
  weeklyFeePence: number | null;
  weeksPerYear: 38 | 52 | null;
  addOns: ReplyPageAddOn[];
  conditions: string | null;
  questions: string | null;
  respondentName: string;
}

export type ReplyPageValidation = { ok: true; answers: ReplyPageAnswers; values: FormValues } | { ok: false; errors: Partial<Record<FormField, string>>; values: FormValues };

/** Characters that have no place in a typed answer (control characters other than tab and new line). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The submitted fields as trimmed strings; a repeated or non-text field counts as empty, and nothing else is read. */
export function formValuesOf(body: unknown): FormValues {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values: FormValues = {};
  for (const field of FORM_FIELDS) {
    const v = Object.prototype.hasOwnProperty.call(source, field) ? source[field] : undefined;
    if (typeof v === 'string') values[field] = v.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
  }
  return values;
}

/**
 * Checks an answer as a placements officer would need it: a decline needs its reason, an offer its
 * fee, weeks and start date, a question its question. Messages say what to do, next to the field.
 */
export function validateReplyPage(values: FormValues, ctx: { today: Date | CalendarDate }): ReplyPageValidation {
  const errors: Partial<Record<FormField, string>> = {};
  const get = (f: FormField) => values[f] ?? '';
  const text = (f: keyof typeof TEXT_LIMITS & FormField, label: string): string | null => {
    const v = get(f);
    if (v.length > TEXT_LIMITS[f]) errors[f] = `Keep ${label} under ${TEXT_LIMITS[f].toLocaleString('en-GB')} characters (it has ${v.length.toLocaleString('en-GB')}).`;
    return v || null;
  };
  const today = toCalendarDate(ctx.today);

  const needs = get('canMeetNeeds');
  if (!(NEEDS_ANSWERS as readonly string[]).includes(needs)) errors.canMeetNeeds = 'Choose whether you can meet the needs in Section F.';
  const canMeetNeeds = needs as NeedsAnswer;
  const needsReason = text('needsReason', 'the reason');
  if (canMeetNeeds === 'no' && !needsReason && !errors.needsReason) errors.needsReason = 'Tell us briefly why you cannot meet the needs.';

  let placeAvailable: boolean | null = null;
  let startDate: CalendarDate | null = null;
  let weeklyFeePence: number | null = null;
  let weeksPerYear: 38 | 52 | null = null;
  const addOns: ReplyPageAddOn[] = [];
  if (canMeetNeeds === 'yes') {
    const place = get('placeAvailable');
    if (place !== 'yes' && place !== 'no') errors.placeAvailable = 'Say whether you have a place for this young person.';
    placeAvailable = place === 'yes' ? true : place === 'no' ? false : null;
  }
  if (placeAvailable) {
    const start = get('startDate');
    const parsed = start ? parseTypedDate(start, { today, prefer: 'future' }) : undefined;
    if (!parsed) errors.startDate = 'Give the earliest date the place could start, for example 07/09/2027.';
    else if (!parsed.ok) errors.startDate = 'Give the earliest start date as a real date, for example 07/09/2027.';
    else if (parsed.date < today) errors.startDate = `The earliest start date cannot be in the past: give ${formatUkDate(today)} or later.`;
    else startDate = parsed.date;

    const fee = parsePounds(get('weeklyFee'));
    if (fee === null || fee <= 0 || fee > WEEKLY_FEE_MAX_PENCE) errors.weeklyFee = 'Give the core weekly fee in pounds, for example 3450 or £3,450.50.';
    else weeklyFeePence = fee;

    const weeks = get('weeksPerYear');
    if (weeks !== '38' && weeks !== '52') errors.weeksPerYear = 'Choose whether the fee is charged for 38 or 52 weeks a year.';
    else weeksPerYear = weeks === '38' ? 38 : 52;

    for (const addOn of ADD_ONS) {
      const cost = get(addOn.key);
      if (!cost) continue;
      const pence = parsePounds(cost);
      if (pence === null || pence > WEEKLY_FEE_MAX_PENCE) errors[addOn.key] = `Give the weekly cost of ${addOn.label.toLowerCase()} in pounds, for example 450, or leave it empty.`;
      else if (pence > 0) addOns.push({ label: addOn.label, weeklyPence: pence });
    }
    for (let i = 1; i <= OTHER_ADD_ON_ROWS; i++) {
      const labelField = `otherAddOn${i}Label` as FormField;
      const costField = `otherAddOn${i}Cost` as FormField;
      const label = get(labelField);
      const cost = get(costField);
      if (!label && !cost) continue;
      if (label.length > TEXT_LIMITS.otherAddOnLabel) errors[labelField] = `Keep the description under ${TEXT_LIMITS.otherAddOnLabel} characters.`;
      else if (!label) errors[labelField] = 'Say what this additional cost is for.';
      const pence = parsePounds(cost);
      if (pence === null || pence <= 0 || pence > WEEKLY_FEE_MAX_PENCE) errors[costField] = 'Give the weekly cost in pounds, for example 120.';
      else if (!errors[labelField]) addOns.push({ label, weeklyPence: pence });
    }
  }
  const conditions = text('conditions', 'the conditions');
  const questions = text('questions', 'your questions or comments');
  if (canMeetNeeds === 'question' && !questions && !errors.questions) errors.questions = 'Write your question, so the placements officer can answer it.';
  const respondentName = text('respondentName', 'your name');
  if (!respondentName && !errors.respondentName) errors.respondentName = 'Give your name, so the council knows who answered.';

  if (Object.keys(errors).length) return { ok: false, errors, values };
  return {
    ok: true,
    values,
    answers: {
      canMeetNeeds,
      needsReason,
      placeAvailable,
      startDate,
      weeklyFeePence,
      weeksPerYear,
      addOns,
      conditions,
      questions,
      respondentName: respondentName!,
    },
  };
}

/** What the provider is saying: an offer needs the needs met and a place; a question asks first. */
export function replyKindOf(a: ReplyPageAnswers): ReplyKind {
  if (a.canMeetNeeds === 'question') return 'query';
  return a.canMeetNeeds === 'yes' && a.placeAvailable ? 'offer' : 'decline';
}

export const SUBMITTED_ON_PAGE = 'Submitted on the reply page';

const pence = (p: number) => formatPounds(p);
const pounds = (p: number | null) => (p === null ? null : p / 100);

/** The answers as lines a person reads: the reply's text on the card and in the evidence pack. */
export function replyPageText(a: ReplyPageAnswers, options: { correction: boolean }): string {
  const lines = [`${options.correction ? 'Correction submitted' : 'Submitted'} on the reply page by ${a.respondentName}.`];
  if (a.canMeetNeeds === 'question') lines.push('Can you meet the needs in Section F? Not yet known: a question first.');
  else if (a.canMeetNeeds === 'no') lines.push('Can you meet the needs in Section F? No: we cannot meet the needs.');
  else lines.push('Can you meet the needs in Section F? Yes.');
  if (a.needsReason) lines.push(`${a.canMeetNeeds === 'no' ? 'Why not' : 'How'}: ${a.needsReason}`);
  if (a.canMeetNeeds === 'yes') lines.push(a.placeAvailable ? `Place available: yes, from ${formatUkDate(a.startDate!)}.` : 'Place available: no place available.');
  if (a.weeklyFeePence !== null) lines.push(`Weekly fee: ${pence(a.weeklyFeePence)}, charged for ${a.weeksPerYear} weeks a year.`);
  if (a.placeAvailable) lines.push(`Additional costs per week: ${a.addOns.length ? a.addOns.map((x) => `${x.label} ${pence(x.weeklyPence)}`).join('; ') : 'none'}.`);
  if (a.conditions) lines.push(`Conditions: ${a.conditions}`);
  if (a.questions) lines.push(`Questions or comments: ${a.questions}`);
  return lines.join('\n');
}

/**
 * The same shape the e-mail reader produces, but exact: every figure is what the provider entered, the
 * confidence is full, and each conclusion's evidence says it was submitted on the reply page.
 */
export function understandingOf(a: ReplyPageAnswers): ReplyUnderstanding {
  const kind = replyKindOf(a);
  const addOnsTotal = a.addOns.reduce((sum, x) => sum + x.weeklyPence, 0);
  const said = (what: string) => `${SUBMITTED_ON_PAGE}: ${what}`;
  const evidence: ReplyEvidence = {
    kind: said(kind === 'offer' ? 'a place is offered' : kind === 'query' ? 'a question first' : a.canMeetNeeds === 'no' ? 'cannot meet the needs' : 'no place available'),
  };
  if (a.canMeetNeeds !== 'question') evidence.canMeetNeeds = said(a.canMeetNeeds === 'yes' ? 'can meet the needs' : 'cannot meet the needs');
  if (a.weeklyFeePence !== null) evidence.weeklyFee = said(`weekly fee ${pence(a.weeklyFeePence)}`);
  if (a.weeksPerYear !== null) evidence.feeWeeksPerYear = said(`${a.weeksPerYear} weeks a year`);
  if (a.placeAvailable) evidence.additionalWeeklyCosts = said(a.addOns.length ? a.addOns.map((x) => `${x.label} ${pence(x.weeklyPence)} a week`).join('; ') : 'no additional costs');
  if (a.startDate) evidence.startDate = said(`earliest start ${formatUkDate(a.startDate)}`);
  const warnings = a.questions && kind !== 'query' ? ['The provider also asked a question or left a comment on the reply page: see the reply.'] : [];
  return {
    kind,
    canMeetNeeds: a.canMeetNeeds === 'question' ? null : a.canMeetNeeds === 'yes',
    weeklyFee: pounds(a.weeklyFeePence),
    feeWeeksPerYear: a.weeksPerYear,
    additionalWeeklyCosts: a.placeAvailable ? addOnsTotal / 100 : null,
    addOns: a.addOns.map((x) => ({ label: x.label, weeklyAmount: x.weeklyPence / 100 })),
    startDate: a.startDate,
    conditions: a.conditions ? [a.conditions] : [],
    confidence: 1,
    warnings,
    evidence,
  };
}

/** Whether two submissions say the same (a form sent twice), ignoring how the figures were typed. */
export function sameAnswers(a: ReplyPageAnswers, b: ReplyPageAnswers): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
