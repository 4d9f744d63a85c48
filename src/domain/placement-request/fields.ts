import type { CalendarDate } from '../calendar-date.js';
import type { Lot, NeedCode } from '../reference-data.js';

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
export const MULTI_SELECT_FIELDS: ReadonlySet<string> = new Set<RequestField>(['secondaryNeeds', 'riskFlags']);

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

