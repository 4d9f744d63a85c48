import {
  type CalendarDate,
  academicYearLabel,
  academicYearStart,
  addDays,
  addYears,
  dateParts,
  formatUkDate,
  isCalendarDate,
  parseTypedDate,
  toCalendarDate,
} from './calendar-date.js';
import { CardAnswers, cleanText, DATE_PARSE_MESSAGES, KEPT_MAX_LENGTH } from './card-answers.js';
import { detectPersonalData, PERSONAL_DATA_MESSAGES, type PersonalDataKind } from './personal-data.js';
import {
  LOT_LABELS,
  NEED_LABELS,
  POST16_LOTS,
  UNDER16_LOTS,
  isLot,
  isNeedCode,
  type Lot,
  type NeedCode,
} from './reference-data.js';

export { findPersonalDataWarnings } from './personal-data.js';

/**
 * A placement request as a caseworker builds it, step by step, in a Teams chat. Everything that arrives
 * from a card is untrusted text (cards can be forged or replayed), so each step is validated here again.
 */

export const REQUEST_STEPS = ['child', 'needs', 'placement', 'risks'] as const;
export type RequestStep = (typeof REQUEST_STEPS)[number];

export const STEP_TITLES: Record<RequestStep, string> = {
  child: 'About the child',
  needs: 'Needs and EHCP',
  placement: 'Placement wanted',
  risks: 'Risks and practicalities',
};

export function isRequestStep(value: unknown): value is RequestStep {
  return typeof value === 'string' && (REQUEST_STEPS as readonly string[]).includes(value);
}

export const CHILD_SEXES = ['female', 'male', 'not_stated'] as const;
export type ChildSex = (typeof CHILD_SEXES)[number];
export const CHILD_SEX_LABELS: Record<ChildSex, string> = { female: 'Female', male: 'Male', not_stated: 'Not stated' };

export const EHCP_STATUSES = ['draft', 'final', 'under_review'] as const;
export type EhcpStatus = (typeof EHCP_STATUSES)[number];
export const EHCP_STATUS_LABELS: Record<EhcpStatus, string> = {
  draft: 'Draft plan',
  final: 'Final plan',
  under_review: 'Under review',
};

export const PHASE_TRANSFERS = ['none', 'phase', 'post16'] as const;
export type PhaseTransfer = (typeof PHASE_TRANSFERS)[number];
export const PHASE_TRANSFER_LABELS: Record<PhaseTransfer, string> = {
  none: 'No phase transfer',
  phase: 'Phase transfer (e.g. primary to secondary)',
  post16: 'Move to post-16 education',
};

export const RISK_FLAGS = [
  'absconding',
  'self_harm',
  'behaviour_that_challenges',
  'harm_to_others',
  'exploitation',
  'substance_misuse',
] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];
export const RISK_FLAG_LABELS: Record<RiskFlag, string> = {
  absconding: 'Absconding',
  self_harm: 'Self-harm',
  behaviour_that_challenges: 'Behaviour that challenges',
  harm_to_others: 'Risk of harm to others',
  exploitation: 'Exploitation',
  substance_misuse: 'Substance misuse',
};

export const URGENCIES = ['routine', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = { routine: 'Routine', urgent: 'Urgent' };

export const CASE_REFERENCE_MAX_LENGTH = 30;
/** Section B/E/F summaries: short enough for a pseudonymised referral e-mail, long enough to be useful. */
export const SUMMARY_MAX_LENGTH = 1000;
/** Risk notes, medical and transport needs, and the reasons for a lot or for urgency. */
export const NOTE_MAX_LENGTH = 500;
export const PREFERRED_SETTING_MAX_LENGTH = 120;
/** Requests are for children and young people aged 0 to 25. */
export const MAX_AGE = 25;
export const PLAN_DATE_MAX_YEARS_AGO = 10;
export const ASSESSMENT_REQUEST_MAX_YEARS_AGO = 3;
export const REVIEW_DATE_MAX_YEARS_AWAY = 2;
export const START_DATE_MAX_DAYS_AGO = 30;
export const START_DATE_MAX_YEARS_AHEAD = 2;
/** Post-16 lots need this age on the 31 August before the start date. */
export const POST16_AGE = 16;

export interface ChildValues {
  /** The council's own case reference: never the child's name. */
  caseReference: string;
  /** Upper-case letters only ("J.S." is stored as "JS"). */
  childInitials: string;
  dateOfBirth: CalendarDate;
  sex: ChildSex;
  /** Outward code only, upper-case ("WA7"). */
  homePostcodeDistrict: string;
}

export interface NeedsValues {
  ehcpStatus: EhcpStatus;
  planDate: CalendarDate;
  assessmentRequestDate?: CalendarDate;
  /** The next annual review or phase-transfer review, if one is set. */
  reviewDate?: CalendarDate;
  phaseTransfer: PhaseTransfer;
  primaryNeed: NeedCode;
  secondaryNeeds: NeedCode[];
  sectionB: string;
  sectionE: string;
  sectionF: string;
}

export interface PlacementValues {
  lot: Lot;
  /** Why a 0–16 lot suits a young person who is already 16. */
  lotReason?: string;
  requiredStartDate: CalendarDate;
  /** A school or college the parent or young person has asked for. */
  preferredSetting?: string;
}

export interface RiskValues {
  riskFlags: RiskFlag[];
  riskNotes?: string;
  medicalNeeds?: string;
  transportNeeds?: string;
  urgency: Urgency;
  urgencyReason?: string;
}

/** Every step's values once all four steps are done. */
export interface CompleteRequest {
  child: ChildValues;
  needs: NeedsValues;
  placement: PlacementValues;
  risks: RiskValues;
}

export type StepValues<S extends RequestStep> = CompleteRequest[S];

/** A request being written: each step is absent until saved, and a stored step may predate a later edit. */
export interface RequestDraft {
  child?: Partial<ChildValues>;
  needs?: Partial<NeedsValues>;
  placement?: Partial<PlacementValues>;
  risks?: Partial<RiskValues>;
}

export type StepField<S extends RequestStep> = keyof StepValues<S> & string;
export type RequestField = { [S in RequestStep]: StepField<S> }[RequestStep];

/** The card inputs of each step, in the order they are shown. Their ids are the field names. */
export const STEP_FIELDS: { readonly [S in RequestStep]: readonly StepField<S>[] } = {
  child: ['caseReference', 'childInitials', 'dateOfBirth', 'sex', 'homePostcodeDistrict'],
  needs: [
    'ehcpStatus',
    'planDate',
    'assessmentRequestDate',
    'reviewDate',
    'phaseTransfer',
    'primaryNeed',
    'secondaryNeeds',
    'sectionB',
    'sectionE',
    'sectionF',
  ],
  placement: ['lot', 'lotReason', 'requiredStartDate', 'preferredSetting'],
  risks: ['riskFlags', 'riskNotes', 'medicalNeeds', 'transportNeeds', 'urgency', 'urgencyReason'],
};

export const FIELD_LABELS: Record<RequestField, string> = {
  caseReference: 'Case reference',
  childInitials: 'Child initials',
  dateOfBirth: 'Date of birth',
  sex: 'Sex',
  homePostcodeDistrict: 'Home postcode district',
  ehcpStatus: 'EHCP status',
  planDate: 'Plan date',
  assessmentRequestDate: 'Date of the request for assessment',
  reviewDate: 'Annual review or phase-transfer date',
  phaseTransfer: 'Phase transfer',
  primaryNeed: 'Primary need',
  secondaryNeeds: 'Secondary needs',
  sectionB: 'Section B summary (needs)',
  sectionE: 'Section E summary (outcomes)',
  sectionF: 'Section F summary (provision)',
  lot: 'Lot',
  lotReason: 'Reason for this lot',
  requiredStartDate: 'Required start date',
  preferredSetting: 'School or college asked for',
  riskFlags: 'Risks',
  riskNotes: 'Risk notes',
  medicalNeeds: 'Medical needs',
  transportNeeds: 'Transport needs',
  urgency: 'Urgency',
  urgencyReason: 'Reason for urgency',
};

/** Multi-select ChoiceSets: a card sends them as one comma-separated string. */
const MULTI_SELECT_FIELDS: ReadonlySet<string> = new Set<RequestField>(['secondaryNeeds', 'riskFlags']);

export const FIELD_ERROR_CODES = [
  'required',
  'invalid_type',
  'invalid_format',
  'too_long',
  'full_postcode',
  'invalid_date',
  'date_out_of_range',
  'not_in_list',
  'duplicate',
  'repeats_primary_need',
  'age_out_of_range',
  'lot_too_young',
  'lot_reason_required',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export type StepValidation<S extends RequestStep> =
  | { ok: true; values: StepValues<S>; warnings: string[] }
  | {
      ok: false;
      /** User-facing message per field id. */
      errors: Record<string, string>;
      /** Stable code per field id, for tests and logs (never the entered value). */
      codes: Record<string, FieldErrorCode>;
      /** What was entered, as text, for every field of the step, so the card can be shown again. */
      kept: Record<string, string>;
      warnings: string[];
    };

export interface ValidationContext {
  today: Date | CalendarDate;
  /** The request so far: the child's date of birth decides which lots fit. */
  draft: RequestDraft;
}

/** "EHCP status" stays as it is; "Date of birth" becomes "date of birth". */
function noun(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function codePoints(text: string): number {
  return [...text].length;
}

class StepReader extends CardAnswers<RequestField, FieldErrorCode> {
  constructor(
    input: unknown,
    readonly today: CalendarDate,
  ) {
    super(input);
  }

  /** The raw answer as text ('' when absent), or null when it is of a type no card sends; kept as typed. */
  private raw(field: RequestField): string | null {
    const text = this.rawText(field, (value) =>
      MULTI_SELECT_FIELDS.has(field) && Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(',') : null,
    );
    this.kept[field] = (text ?? '').slice(0, KEPT_MAX_LENGTH);
    if (text === null) this.fail(field, 'invalid_type', 'This answer could not be read. Please enter it again.');
    return text;
  }

  /** Non-empty cleaned text, or undefined when empty (an error if required) or invalid. */
  text(field: RequestField, options: { required: boolean; max: number; multiline?: boolean; personalData?: boolean }): string | undefined {
    const raw = this.raw(field);
    if (raw === null) return undefined;
    const text = cleanText(raw, options.multiline ?? false);
    if (text === '') return options.required ? this.fail(field, 'required', `Enter the ${noun(FIELD_LABELS[field])}.`) : undefined;
    const length = codePoints(text);
    if (length > options.max) {
      return this.fail(field, 'too_long', `Keep this to ${options.max.toLocaleString('en-GB')} characters or fewer (it is ${length.toLocaleString('en-GB')}).`);
    }
    if (options.personalData ?? true) this.warnAboutPersonalData(field, detectPersonalData(text));
    return text;
  }

  warnAboutPersonalData(field: RequestField, kinds: readonly PersonalDataKind[]): void {
    for (const kind of kinds) this.warnings.push(`${FIELD_LABELS[field]}: ${PERSONAL_DATA_MESSAGES[kind]}`);
  }

  choice<T extends string>(field: RequestField, options: readonly T[]): T | undefined {
    const raw = this.raw(field);
    if (raw === null) return undefined;
    const value = raw.trim().toLowerCase();
    if (value === '') return this.fail(field, 'required', `Choose the ${noun(FIELD_LABELS[field])}.`);
    const match = options.find((o) => o === value);
    return match ?? this.fail(field, 'not_in_list', `Choose one of the options for ${noun(FIELD_LABELS[field])}.`);
  }

  /** Comma-separated values (spaces and semicolons tolerated for typed answers), upper- or lower-cased. */
  list(field: RequestField, normalise: (item: string) => string): string[] | undefined {
    const raw = this.raw(field);
    if (raw === null) return undefined;
    return raw
      .split(/[,;\s]+/)
      .map((item) => normalise(item.trim()))
      .filter((item) => item !== '');
  }

  date(
    field: RequestField,
    options: { required: boolean; prefer: 'future' | 'past'; requireYear?: boolean },
  ): CalendarDate | undefined {
    const raw = this.raw(field);
    if (raw === null) return undefined;
    const parsed = parseTypedDate(cleanText(raw, false), { today: this.today, prefer: options.prefer, requireYear: options.requireYear ?? false });
    if (parsed.ok) return parsed.date;
    if (parsed.reason === 'empty') {
      return options.required ? this.fail(field, 'required', `Enter the ${noun(FIELD_LABELS[field])}.`) : undefined;
    }
    return this.fail(field, 'invalid_date', DATE_PARSE_MESSAGES[parsed.reason]);
  }

  /** `min` and `max` are inclusive; each comes with the message shown when it is crossed. */
  dateWithin(
    field: RequestField,
    date: CalendarDate | undefined,
    bounds: { min?: [CalendarDate, string]; max?: [CalendarDate, string] },
  ): CalendarDate | undefined {
    if (date === undefined) return undefined;
    if (bounds.min && date < bounds.min[0]) return this.fail(field, 'date_out_of_range', bounds.min[1]);
    if (bounds.max && date > bounds.max[0]) return this.fail(field, 'date_out_of_range', bounds.max[1]);
    return date;
  }
}


// Outward codes: A9, A99, AA9, AA99, A9A, AA9A, with the letters Royal Mail allows in each position.
const POSTCODE_DISTRICT =
  /^(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$/;
const FULL_POSTCODE_OR_SECTOR = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9](?:[A-Z]{2})?$/;

const FULL_POSTCODE_MESSAGE = 'Give only the postcode district, the first part of the postcode (e.g. WA7), not the full postcode.';

const CASE_REFERENCE = /^[A-Za-z0-9/ -]+$/;
const INITIALS_AS_TYPED = /^[A-Za-z.\s]+$/;

function validateChild(r: StepReader): ChildValues | undefined {
  const caseReference = r.text('caseReference', { required: true, max: CASE_REFERENCE_MAX_LENGTH, personalData: false });
  if (caseReference !== undefined) {
    if (!CASE_REFERENCE.test(caseReference) || !/[A-Za-z0-9]/.test(caseReference)) {
      r.fail('caseReference', 'invalid_format', "Use letters, digits, '-' and '/' only: the council's case reference, not the child's name.");
    } else {
      r.warnAboutPersonalData('caseReference', detectPersonalData(caseReference).filter((k) => k === 'full_name'));
    }
  }

  const initialsText = r.text('childInitials', { required: true, max: 20, personalData: false });
  let childInitials: string | undefined;
  if (initialsText !== undefined) {
    const letters = initialsText.replace(/[.\s]/g, '');
    if (!INITIALS_AS_TYPED.test(initialsText) || !/^[A-Za-z]{1,4}$/.test(letters)) {
      r.fail('childInitials', 'invalid_format', "Enter 1 to 4 initials, e.g. JS, not the child's name.");
    } else {
      childInitials = letters.toUpperCase();
      // "Amy" or "Jack" fits in four letters but is a first name, not initials.
      if (/^[A-Z][a-z]{2,3}$/.test(initialsText)) {
        r.warnings.push(`${FIELD_LABELS.childInitials}: this looks like a first name. Enter the initials only, e.g. JS.`);
      }
    }
  }

  const dateOfBirth = r.dateWithin('dateOfBirth', r.date('dateOfBirth', { required: true, prefer: 'past', requireYear: true }), {
    max: [r.today, "The date of birth can't be in the future."],
  });
  if (dateOfBirth !== undefined && ageOn(dateOfBirth, r.today) > MAX_AGE) {
    r.fail('dateOfBirth', 'age_out_of_range', `This date of birth makes the young person ${ageOn(dateOfBirth, r.today)}; requests are for ages 0 to ${MAX_AGE}.`);
  }

  const sex = r.choice('sex', CHILD_SEXES);

  const districtText = r.text('homePostcodeDistrict', { required: true, max: 20, personalData: false });
  let homePostcodeDistrict: string | undefined;
  if (districtText !== undefined) {
    const upper = districtText.toUpperCase().replace(/\s+/g, ' ');
    const compact = upper.replace(/ /g, '');
    // Checked before the district: "WA7 1" (a sector) would otherwise pass as the district "WA71".
    if (upper.includes(' ') && FULL_POSTCODE_OR_SECTOR.test(upper)) {
      r.fail('homePostcodeDistrict', 'full_postcode', FULL_POSTCODE_MESSAGE);
    } else if (POSTCODE_DISTRICT.test(compact)) homePostcodeDistrict = compact;
    else if (FULL_POSTCODE_OR_SECTOR.test(compact)) {
      r.fail('homePostcodeDistrict', 'full_postcode', FULL_POSTCODE_MESSAGE);
    } else {
      r.fail('homePostcodeDistrict', 'invalid_format', 'Enter a postcode district, the first part of a postcode, e.g. WA7, M20 or CH65.');
    }
  }

  if (!r.ok || !caseReference || !childInitials || !dateOfBirth || !sex || !homePostcodeDistrict) return undefined;
  return { caseReference, childInitials, dateOfBirth, sex, homePostcodeDistrict };
}

function validateNeeds(r: StepReader, draft: RequestDraft): NeedsValues | undefined {
  const ehcpStatus = r.choice('ehcpStatus', EHCP_STATUSES);
  const knownDob = isCalendarDate(draft.child?.dateOfBirth) ? draft.child?.dateOfBirth : undefined;
  const notBeforeBirth = (what: string): [CalendarDate, string] | undefined =>
    knownDob ? [knownDob, `The ${what} can't be before the child's date of birth.`] : undefined;
  const latest = (a: [CalendarDate, string], b: [CalendarDate, string] | undefined) => (b && b[0] > a[0] ? b : a);

  const planDate = r.dateWithin('planDate', r.date('planDate', { required: true, prefer: 'past' }), {
    min: latest([addYears(r.today, -PLAN_DATE_MAX_YEARS_AGO), `The plan date must be within the last ${PLAN_DATE_MAX_YEARS_AGO} years.`], notBeforeBirth('plan date')),
    max: [r.today, "The plan date can't be in the future."],
  });
  const assessmentRequestDate = r.dateWithin(
    'assessmentRequestDate',
    r.date('assessmentRequestDate', { required: false, prefer: 'past' }),
    {
      min: latest(
        [addYears(r.today, -ASSESSMENT_REQUEST_MAX_YEARS_AGO), `The request for assessment must be within the last ${ASSESSMENT_REQUEST_MAX_YEARS_AGO} years.`],
        notBeforeBirth('request for assessment'),
      ),
      max: [r.today, "The date of the request for assessment can't be in the future."],
    },
  );
  const reviewDate = r.dateWithin('reviewDate', r.date('reviewDate', { required: false, prefer: 'future' }), {
    min: [addYears(r.today, -REVIEW_DATE_MAX_YEARS_AWAY), `The review date must be within ${REVIEW_DATE_MAX_YEARS_AWAY} years of today.`],
    max: [addYears(r.today, REVIEW_DATE_MAX_YEARS_AWAY), `The review date must be within ${REVIEW_DATE_MAX_YEARS_AWAY} years of today.`],
  });
  const phaseTransfer = r.choice('phaseTransfer', PHASE_TRANSFERS);

  const primaryNeed = needCode(r);
  const secondaryNeeds = secondaryNeedCodes(r, primaryNeed);

  const summary = (field: 'sectionB' | 'sectionE' | 'sectionF') =>
    r.text(field, { required: true, max: SUMMARY_MAX_LENGTH, multiline: true });
  const sectionB = summary('sectionB');
  const sectionE = summary('sectionE');
  const sectionF = summary('sectionF');

  if (!r.ok || !ehcpStatus || !planDate || !phaseTransfer || !primaryNeed || !secondaryNeeds || !sectionB || !sectionE || !sectionF) {
    return undefined;
  }
  return {
    ehcpStatus,
    planDate,
    ...(assessmentRequestDate ? { assessmentRequestDate } : {}),
    ...(reviewDate ? { reviewDate } : {}),
    phaseTransfer,
    primaryNeed,
    secondaryNeeds,
    sectionB,
    sectionE,
    sectionF,
  };
}

function needCode(r: StepReader): NeedCode | undefined {
  const codes = r.list('primaryNeed', (s) => s.toUpperCase());
  if (codes === undefined) return undefined;
  const [code, ...rest] = codes;
  if (code === undefined) return r.fail('primaryNeed', 'required', 'Choose the primary need.');
  if (rest.length > 0 || !isNeedCode(code)) {
    return r.fail('primaryNeed', 'not_in_list', 'Choose one primary need from the SEN2 list (e.g. ASD, SEMH, SLCN).');
  }
  return code;
}

function secondaryNeedCodes(r: StepReader, primaryNeed: NeedCode | undefined): NeedCode[] | undefined {
  const codes = r.list('secondaryNeeds', (s) => s.toUpperCase());
  if (codes === undefined) return undefined;
  const unknown = codes.filter((c) => !isNeedCode(c));
  if (unknown.length > 0) {
    // Only echo short, code-like entries: anything else could be free text about the child.
    const shown = unknown.filter((c) => /^[A-Z]{1,6}$/.test(c)).slice(0, 5);
    const which = shown.length > 0 ? ` (${shown.join(', ')})` : '';
    return r.fail('secondaryNeeds', 'not_in_list', `Use SEN2 need codes only${which}.`);
  }
  const needs = codes as NeedCode[];
  const repeated = needs.find((c, i) => needs.indexOf(c) !== i);
  if (repeated) return r.fail('secondaryNeeds', 'duplicate', `${repeated} is listed more than once.`);
  if (primaryNeed && needs.includes(primaryNeed)) {
    return r.fail('secondaryNeeds', 'repeats_primary_need', `${primaryNeed} is already the primary need; list only other needs here.`);
  }
  return needs;
}

const LOT_TEXT = /^(?:lot\s*)?([1-7])$/i;

function validatePlacement(r: StepReader, draft: RequestDraft): PlacementValues | undefined {
  const lotText = r.text('lot', { required: false, max: 10, personalData: false });
  let lot: Lot | undefined;
  if (lotText === undefined) {
    if (!r.failed('lot')) r.fail('lot', 'required', 'Choose the lot.');
  } else {
    const n = Number(LOT_TEXT.exec(lotText)?.[1]);
    if (isLot(n)) lot = n;
    else r.fail('lot', 'not_in_list', 'Choose a lot from 1 to 7.');
  }
  const lotReason = r.text('lotReason', { required: false, max: NOTE_MAX_LENGTH, multiline: true });
  const requiredStartDate = r.dateWithin(
    'requiredStartDate',
    r.date('requiredStartDate', { required: true, prefer: 'future' }),
    {
      min: [addDays(r.today, -START_DATE_MAX_DAYS_AGO), `The start date can't be more than ${START_DATE_MAX_DAYS_AGO} days ago.`],
      max: [addYears(r.today, START_DATE_MAX_YEARS_AHEAD), `The start date must be within the next ${START_DATE_MAX_YEARS_AHEAD} years.`],
    },
  );
  const preferredSetting = r.text('preferredSetting', { required: false, max: PREFERRED_SETTING_MAX_LENGTH });

  const dob = draft.child?.dateOfBirth;
  if (isCalendarDate(dob) && requiredStartDate && lot) {
    const problem = checkLotForAge({ dateOfBirth: dob, requiredStartDate, lot, lotReason });
    if (problem) r.fail(problem.field, problem.code, problem.message);
  }

  if (!r.ok || !lot || !requiredStartDate) return undefined;
  return {
    lot,
    ...(lotReason ? { lotReason } : {}),
    requiredStartDate,
    ...(preferredSetting ? { preferredSetting } : {}),
  };
}

function validateRisks(r: StepReader): RiskValues | undefined {
  const flags = r.list('riskFlags', (s) => s.toLowerCase());
  let riskFlags: RiskFlag[] | undefined;
  if (flags !== undefined) {
    if (flags.every((f): f is RiskFlag => (RISK_FLAGS as readonly string[]).includes(f))) {
      // A forged card might repeat a flag; the set of risks is what matters.
      riskFlags = RISK_FLAGS.filter((f) => flags.includes(f));
    } else {
      r.fail('riskFlags', 'not_in_list', 'Choose risks from the list only.');
    }
  }
  const note = (field: 'riskNotes' | 'medicalNeeds' | 'transportNeeds') =>
    r.text(field, { required: false, max: NOTE_MAX_LENGTH, multiline: true });
  const riskNotes = note('riskNotes');
  const medicalNeeds = note('medicalNeeds');
  const transportNeeds = note('transportNeeds');
  const urgency = r.choice('urgency', URGENCIES);
  const urgencyReason = r.text('urgencyReason', { required: false, max: NOTE_MAX_LENGTH, multiline: true });
  if (urgency === 'urgent' && urgencyReason === undefined && !r.failed('urgencyReason')) {
    r.fail('urgencyReason', 'required', 'Say why this request is urgent.');
  }

  if (!r.ok || !riskFlags || !urgency) return undefined;
  return {
    riskFlags,
    ...(riskNotes ? { riskNotes } : {}),
    ...(medicalNeeds ? { medicalNeeds } : {}),
    ...(transportNeeds ? { transportNeeds } : {}),
    urgency,
    ...(urgencyReason ? { urgencyReason } : {}),
  };
}

/**
 * Validates one step of a card submission. Unknown keys are ignored; every field of the step is read
 * whether present or not, so a missing required field is an error like an empty one.
 */
export function validateStep<S extends RequestStep>(step: S, input: Record<string, unknown>, ctx: ValidationContext): StepValidation<S> {
  const r = new StepReader(input, toCalendarDate(ctx.today));
  const validators: { [K in RequestStep]: () => StepValues<K> | undefined } = {
    child: () => validateChild(r),
    needs: () => validateNeeds(r, ctx.draft),
    placement: () => validatePlacement(r, ctx.draft),
    risks: () => validateRisks(r),
  };
  const values = validators[step]() as StepValues<S> | undefined;
  if (values !== undefined && r.ok) return { ok: true, values, warnings: r.warnings };
  return { ok: false, errors: r.errors, codes: r.codes, kept: r.kept, warnings: r.warnings };
}

/** What a card should show in its inputs for a saved step (Back, Edit): the inverse of validateStep. */
export function stepInputFromDraft<S extends RequestStep>(step: S, draft: RequestDraft): Record<string, string> {
  const saved: Record<string, unknown> = draft[step] ?? {};
  const out: Record<string, string> = {};
  for (const field of STEP_FIELDS[step] as readonly string[]) {
    const value = saved[field];
    if (Array.isArray(value)) out[field] = value.join(',');
    else if (typeof value === 'string' || typeof value === 'number') out[field] = String(value);
    else out[field] = '';
  }
  return out;
}

/**
 * Completed years of age on `date`. Someone born on 29 February turns a year older on 1 March in a common
 * year (the usual legal reading in England). Negative when `date` is before the birth.
 */
export function ageOn(dateOfBirth: CalendarDate, date: Date | CalendarDate): number {
  const born = dateParts(dateOfBirth);
  const on = dateParts(toCalendarDate(date));
  const hadBirthday = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return on.year - born.year - (hadBirthday ? 0 : 1);
}

/**
 * Age on the 31 August that ends the academic year before the one containing `date`. English schools
 * group children by this age: it decides the National Curriculum year, and we use it for the lot rule too,
 * so a young person born on 1 September who turns 16 a week into Year 11 is not yet offered post-16 lots.
 */
export function ageAtAcademicYearStart(dateOfBirth: CalendarDate, date: Date | CalendarDate): number {
  return ageOn(dateOfBirth, addDays(academicYearStart(toCalendarDate(date)), -1));
}

export type NationalCurriculumYear = 'Nursery' | 'Reception' | `Year ${number}` | 'Post-19';

/**
 * The English National Curriculum year on `onDate`: Reception for children who were 4 on the 31 August
 * before the academic year began, Year 1 for 5, … Year 13 for 17 and Year 14 for 18 (the census year for a
 * third year in post-16). Younger children are in early years ("Nursery"); 19 and over is "Post-19".
 * Null before the child is born.
 */
export function nationalCurriculumYear(dateOfBirth: CalendarDate, onDate: Date | CalendarDate): NationalCurriculumYear | null {
  const on = toCalendarDate(onDate);
  if (on < dateOfBirth) return null;
  const age = ageAtAcademicYearStart(dateOfBirth, on);
  if (age <= 3) return 'Nursery';
  if (age === 4) return 'Reception';
  if (age >= 19) return 'Post-19';
  return `Year ${age - 4}`;
}

export interface LotAgeProblem {
  field: 'lot';
  code: Extract<FieldErrorCode, 'lot_too_young' | 'lot_reason_required'>;
  message: string;
}

/**
 * The lot must suit the young person's age at the required start date, taken on the 31 August before
 * the academic year of the start (see ageAtAcademicYearStart): post-16 lots (4, 5) need 16 or over;
 * 0–16 lots (1, 2, 3) are for under-16s unless a reason is given; alternative provision (6, 7) suits any age.
 */
export function checkLotForAge(args: {
  dateOfBirth: CalendarDate;
  requiredStartDate: CalendarDate;
  lot: Lot;
  lotReason: string | undefined;
}): LotAgeProblem | null {
  const { dateOfBirth, requiredStartDate, lot, lotReason } = args;
  const age = ageAtAcademicYearStart(dateOfBirth, requiredStartDate);
  const cutOff = formatUkDate(addDays(academicYearStart(requiredStartDate), -1));
  const year = nationalCurriculumYear(dateOfBirth, requiredStartDate);
  const inYear = year ? ` (${year} in ${academicYearLabel(requiredStartDate)})` : '';
  if (POST16_LOTS.includes(lot) && age < POST16_AGE) {
    return {
      field: 'lot',
      code: 'lot_too_young',
      message: `Lot ${lot} (${LOT_LABELS[lot]}) is for young people aged ${POST16_AGE} or over on the 31 August before the start date. On ${cutOff} this child is ${age}${inYear}.`,
    };
  }
  if (UNDER16_LOTS.includes(lot) && age >= POST16_AGE && !lotReason) {
    return {
      field: 'lot',
      code: 'lot_reason_required',
      message: `Lot ${lot} (${LOT_LABELS[lot]}) is for children under ${POST16_AGE}, but this young person is ${age} on ${cutOff}${inYear}. Choose a 16+ lot, or give a reason for this lot.`,
    };
  }
  return null;
}

export interface MissingItem {
  step: RequestStep;
  field: RequestField;
  message: string;
}

export type Completeness =
  | { complete: true; request: CompleteRequest; missing: []; incompleteSteps: [] }
  | { complete: false; missing: MissingItem[]; incompleteSteps: RequestStep[] };

const REQUIRED_FIELDS: { readonly [S in RequestStep]: readonly StepField<S>[] } = {
  child: ['caseReference', 'childInitials', 'dateOfBirth', 'sex', 'homePostcodeDistrict'],
  needs: ['ehcpStatus', 'planDate', 'phaseTransfer', 'primaryNeed', 'sectionB', 'sectionE', 'sectionF'],
  placement: ['lot', 'requiredStartDate'],
  risks: ['urgency'],
};

function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Whether a draft can be submitted: every required field present, and the steps still agree with each
 * other (the date of birth may have been edited after the lot was chosen).
 */
export function isComplete(draft: RequestDraft): Completeness {
  const missing: MissingItem[] = [];
  for (const step of REQUEST_STEPS) {
    const saved: Record<string, unknown> = draft[step] ?? {};
    for (const field of REQUIRED_FIELDS[step] as readonly RequestField[]) {
      if (!given(saved[field])) missing.push({ step, field, message: `${FIELD_LABELS[field]} is missing.` });
    }
  }
  if (draft.risks?.urgency === 'urgent' && !given(draft.risks.urgencyReason)) {
    missing.push({ step: 'risks', field: 'urgencyReason', message: 'An urgent request needs a reason.' });
  }
  const dob = draft.child?.dateOfBirth;
  const start = draft.placement?.requiredStartDate;
  const lot = draft.placement?.lot;
  if (isCalendarDate(dob) && isCalendarDate(start) && lot !== undefined && isLot(lot)) {
    const problem = checkLotForAge({ dateOfBirth: dob, requiredStartDate: start, lot, lotReason: draft.placement?.lotReason });
    if (problem) missing.push({ step: 'placement', field: problem.field, message: problem.message });
  }

  if (missing.length > 0) {
    const incompleteSteps = REQUEST_STEPS.filter((s) => missing.some((m) => m.step === s));
    return { complete: false, missing, incompleteSteps };
  }
  // Every required field was checked above; the array fields may be absent when nothing was chosen.
  const request = {
    child: draft.child as ChildValues,
    needs: { ...draft.needs, secondaryNeeds: draft.needs?.secondaryNeeds ?? [] } as NeedsValues,
    placement: draft.placement as PlacementValues,
    risks: { ...draft.risks, riskFlags: draft.risks?.riskFlags ?? [] } as RiskValues,
  };
  return { complete: true, request, missing: [], incompleteSteps: [] };
}

export interface SummaryRow {
  label: string;
  value: string;
}

export interface SummarySection {
  step: RequestStep;
  title: string;
  complete: boolean;
  rows: SummaryRow[];
}

export interface RequestSummary {
  /** One line such as "JS · age 12 · ASD · Lot 1", from whatever is known. */
  headline: string;
  sections: SummarySection[];
}

const NOT_GIVEN = 'Not given';

function needLabel(code: NeedCode): string {
  return `${code} – ${NEED_LABELS[code]}`;
}

function dateOrNotGiven(date: CalendarDate | undefined): string {
  return isCalendarDate(date) ? formatUkDate(date) : NOT_GIVEN;
}

/** Rows for a summary or request card. With `today`, the child's current age and year are shown too. */
export function requestSummary(draft: RequestDraft, options: { today?: Date | CalendarDate } = {}): RequestSummary {
  const { child = {}, needs = {}, placement = {}, risks = {} } = draft;
  const today = options.today === undefined ? undefined : toCalendarDate(options.today);
  const dob = isCalendarDate(child.dateOfBirth) ? child.dateOfBirth : undefined;
  const start = isCalendarDate(placement.requiredStartDate) ? placement.requiredStartDate : undefined;
  const completeness = isComplete(draft);
  const stepComplete = (step: RequestStep) => !completeness.incompleteSteps.some((s) => s === step);

  const childRows: SummaryRow[] = [
    { label: FIELD_LABELS.caseReference, value: child.caseReference || NOT_GIVEN },
    { label: FIELD_LABELS.childInitials, value: child.childInitials || NOT_GIVEN },
    { label: FIELD_LABELS.dateOfBirth, value: dateOrNotGiven(dob) },
  ];
  if (dob && today && dob <= today) {
    const year = nationalCurriculumYear(dob, today);
    childRows.push({ label: 'Age today', value: `${ageOn(dob, today)}${year ? ` (${year})` : ''}` });
  }
  childRows.push(
    { label: FIELD_LABELS.sex, value: child.sex ? CHILD_SEX_LABELS[child.sex] : NOT_GIVEN },
    { label: FIELD_LABELS.homePostcodeDistrict, value: child.homePostcodeDistrict || NOT_GIVEN },
  );

  const needsRows: SummaryRow[] = [
    { label: FIELD_LABELS.ehcpStatus, value: needs.ehcpStatus ? EHCP_STATUS_LABELS[needs.ehcpStatus] : NOT_GIVEN },
    { label: FIELD_LABELS.planDate, value: dateOrNotGiven(needs.planDate) },
    ...(needs.assessmentRequestDate ? [{ label: FIELD_LABELS.assessmentRequestDate, value: dateOrNotGiven(needs.assessmentRequestDate) }] : []),
    ...(needs.reviewDate ? [{ label: FIELD_LABELS.reviewDate, value: dateOrNotGiven(needs.reviewDate) }] : []),
    { label: FIELD_LABELS.phaseTransfer, value: needs.phaseTransfer ? PHASE_TRANSFER_LABELS[needs.phaseTransfer] : NOT_GIVEN },
    { label: FIELD_LABELS.primaryNeed, value: needs.primaryNeed ? needLabel(needs.primaryNeed) : NOT_GIVEN },
    { label: FIELD_LABELS.secondaryNeeds, value: needs.secondaryNeeds?.length ? needs.secondaryNeeds.map(needLabel).join('; ') : 'None' },
    { label: FIELD_LABELS.sectionB, value: needs.sectionB || NOT_GIVEN },
    { label: FIELD_LABELS.sectionE, value: needs.sectionE || NOT_GIVEN },
    { label: FIELD_LABELS.sectionF, value: needs.sectionF || NOT_GIVEN },
  ];

  const placementRows: SummaryRow[] = [
    { label: FIELD_LABELS.lot, value: placement.lot ? `${placement.lot} – ${LOT_LABELS[placement.lot]}` : NOT_GIVEN },
    ...(placement.lotReason ? [{ label: FIELD_LABELS.lotReason, value: placement.lotReason }] : []),
    { label: FIELD_LABELS.requiredStartDate, value: dateOrNotGiven(start) },
  ];
  if (dob && start && dob <= start) {
    const year = nationalCurriculumYear(dob, start);
    placementRows.push({
      label: 'Year group at start',
      value: `${year ?? NOT_GIVEN} in ${academicYearLabel(start)} (aged ${ageAtAcademicYearStart(dob, start)} on 31 August)`,
    });
  }
  placementRows.push({ label: FIELD_LABELS.preferredSetting, value: placement.preferredSetting || 'None' });

  const risksRows: SummaryRow[] = [
    { label: FIELD_LABELS.riskFlags, value: risks.riskFlags?.length ? risks.riskFlags.map((f) => RISK_FLAG_LABELS[f]).join(', ') : 'None' },
    { label: FIELD_LABELS.riskNotes, value: risks.riskNotes || 'None' },
    { label: FIELD_LABELS.medicalNeeds, value: risks.medicalNeeds || 'None' },
    { label: FIELD_LABELS.transportNeeds, value: risks.transportNeeds || 'None' },
    { label: FIELD_LABELS.urgency, value: risks.urgency ? URGENCY_LABELS[risks.urgency] : NOT_GIVEN },
    ...(risks.urgencyReason ? [{ label: FIELD_LABELS.urgencyReason, value: risks.urgencyReason }] : []),
  ];

  const rows: Record<RequestStep, SummaryRow[]> = { child: childRows, needs: needsRows, placement: placementRows, risks: risksRows };
  const headline = [
    child.childInitials,
    dob && today && dob <= today ? `age ${ageOn(dob, today)}` : undefined,
    needs.primaryNeed,
    placement.lot ? `Lot ${placement.lot}` : undefined,
  ]
    .filter((part): part is string => Boolean(part))
    .join(' · ');

  return {
    headline: headline || 'New request',
    sections: REQUEST_STEPS.map((step) => ({ step, title: STEP_TITLES[step], complete: stepComplete(step), rows: rows[step] })),
  };
}

const REFERENCE_PATTERN = /^PR-(\d{4})-(\d{1,9})$/i;

/** The human reference of a submitted request: 'PR-2026-0042' (sequence zero-padded to at least 4 digits). */
export function formatRequestReference(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999_999) throw new RangeError(`Sequence out of range: ${sequence}`);
  return `PR-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Reads 'PR-2026-0042' (any case, surrounding spaces, or unpadded 'PR-2026-42'); null when it is not one. */
export function parseRequestReference(text: string): { year: number; sequence: number } | null {
  const m = REFERENCE_PATTERN.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const sequence = Number(m[2]);
  if (year < 1000 || sequence < 1) return null;
  return { year, sequence };
}
