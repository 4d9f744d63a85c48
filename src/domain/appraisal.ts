import { type CalendarDate, addYears, formatUkDate, parseTypedDate, toCalendarDate } from './calendar-date.js';
import { CardAnswers, cleanText, DATE_PARSE_MESSAGES, KEPT_MAX_LENGTH, type CardAnswersFailure } from './card-answers.js';
import { findPersonalDataWarnings } from './personal-data.js';
import { PREFERRED_SETTING_MAX_LENGTH } from './placement-request.js';
import type { StaffRole } from './reference-data.js';

/**
 * The options appraisal: one answer per route a council could use for a child, the parent's or young
 * person's preference, a recommendation made by explicit rules, and the named person's confirmation.
 *
 * The recommendation is advisory (UK GDPR Art 22: no solely automated decision). Its reasons are written
 * as full sentences because they are copied into the case file and may be read at a tribunal.
 */

// ---------------------------------------------------------------------------------------------------
// Reference lists
// ---------------------------------------------------------------------------------------------------

/** In the order they are asked and compared: maintained and in-house provision before independent. */
export const ROUTES = ['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase', 'other'] as const;
export type Route = (typeof ROUTES)[number];

export const ROUTE_LABELS: Record<Route, string> = {
  mainstream: 'Mainstream school with support',
  resourced_provision: 'Resourced provision / specialist unit in a maintained school',
  maintained_special: 'Maintained special school (in or out of area)',
  fps_call_off: 'FPS call-off (independent special school or post-16 provider)',
  spot_purchase: 'Spot purchase outside the FPS',
  other: 'Other (e.g. block-contract place, EOTAS package)',
};

/** For charts and tables, where the full label does not fit. */
export const ROUTE_SHORT_LABELS: Record<Route, string> = {
  mainstream: 'Mainstream',
  resourced_provision: 'Resourced provision',
  maintained_special: 'Maintained special',
  fps_call_off: 'FPS call-off',
  spot_purchase: 'Spot purchase',
  other: 'Other',
};

export function isRoute(value: unknown): value is Route {
  return typeof value === 'string' && (ROUTES as readonly string[]).includes(value);
}

/** Can the route meet the provision in Section F of the EHC plan? */
export const SUITABILITY = ['yes', 'partly', 'no'] as const;
export type Suitability = (typeof SUITABILITY)[number];
export const SUITABILITY_LABELS: Record<Suitability, string> = {
  yes: 'Yes, it can meet all of Section F',
  partly: 'Partly, it can meet some of Section F',
  no: 'No, it cannot meet Section F',
};

export const PLACE_AVAILABILITY = ['yes', 'no', 'unknown'] as const;
export type PlaceAvailability = (typeof PLACE_AVAILABILITY)[number];
export const PLACE_AVAILABILITY_LABELS: Record<PlaceAvailability, string> = {
  yes: 'Yes, a place is available',
  no: 'No place is available',
  unknown: 'Not known yet',
};

export const LEGAL_GROUNDS = [
  's33_incompatible_with_wishes',
  's33_incompatible_with_efficient_education_of_others',
  's39_4_unsuitable',
  's39_4_incompatible_with_efficient_education_of_others',
  's39_4_incompatible_with_efficient_use_of_resources',
  's9_unreasonable_public_expenditure',
] as const;
export type LegalGround = (typeof LEGAL_GROUNDS)[number];

export const LEGAL_GROUND_LABELS: Record<LegalGround, string> = {
  s33_incompatible_with_wishes: 's.33: mainstream is against the wishes of the parent or young person',
  s33_incompatible_with_efficient_education_of_others: 's.33: mainstream is incompatible with the efficient education of others',
  s39_4_unsuitable: "s.39(4)(a): unsuitable for the child's age, ability, aptitude or SEN",
  s39_4_incompatible_with_efficient_education_of_others: 's.39(4)(b)(i): incompatible with the efficient education of others',
  s39_4_incompatible_with_efficient_use_of_resources: 's.39(4)(b)(ii): incompatible with the efficient use of resources',
  s9_unreasonable_public_expenditure: 's.9: unreasonable public expenditure',
};

export const LEGAL_GROUND_EXPLANATIONS: Record<LegalGround, string> = {
  s33_incompatible_with_wishes:
    'Under s.33(2)(a) of the Children and Families Act 2014 the council need not secure a mainstream placement where that is incompatible with the wishes of the child’s parent or the young person.',
  s33_incompatible_with_efficient_education_of_others:
    'Under s.33(2)(b) of the Children and Families Act 2014 the council need not secure a mainstream placement where that is incompatible with the provision of efficient education for others, but only if it shows there are no reasonable steps it could take to prevent the incompatibility (s.33(3) and (4)).',
  s39_4_unsuitable:
    'Under s.39(4)(a) of the Children and Families Act 2014 the council need not name the requested school or institution if it is unsuitable for the age, ability, aptitude or special educational needs of the child or young person.',
  s39_4_incompatible_with_efficient_education_of_others:
    'Under s.39(4)(b)(i) of the Children and Families Act 2014 the council need not name the requested school or institution if attendance there would be incompatible with the provision of efficient education for others.',
  s39_4_incompatible_with_efficient_use_of_resources:
    'Under s.39(4)(b)(ii) of the Children and Families Act 2014 the council need not name the requested school or institution if attendance there would be incompatible with the efficient use of resources.',
  s9_unreasonable_public_expenditure:
    'Under s.9 of the Education Act 1996 the council has regard to the principle that pupils are educated in accordance with their parents’ wishes only so far as that is compatible with efficient instruction and training and the avoidance of unreasonable public expenditure.',
};

export function isLegalGround(value: unknown): value is LegalGround {
  return typeof value === 'string' && (LEGAL_GROUNDS as readonly string[]).includes(value);
}

const S39_4_GROUNDS = [
  's39_4_unsuitable',
  's39_4_incompatible_with_efficient_education_of_others',
  's39_4_incompatible_with_efficient_use_of_resources',
] as const satisfies readonly LegalGround[];

/**
 * The routes on which each ground may be recorded. s.33 is the mainstream presumption. s.39(4) applies to
 * a requested maintained, non-maintained special or s.41-approved setting, which any route but "other" can
 * lead to. s.9 weighs parental wishes against cost for settings outside s.38(3), i.e. independent ones.
 */
export const LEGAL_GROUND_ROUTES: Record<LegalGround, readonly Route[]> = {
  s33_incompatible_with_wishes: ['mainstream'],
  s33_incompatible_with_efficient_education_of_others: ['mainstream'],
  s39_4_unsuitable: ['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase'],
  s39_4_incompatible_with_efficient_education_of_others: ['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase'],
  s39_4_incompatible_with_efficient_use_of_resources: ['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase'],
  s9_unreasonable_public_expenditure: ['fps_call_off', 'spot_purchase', 'other'],
};

export function groundFitsRoute(ground: LegalGround, route: Route): boolean {
  return LEGAL_GROUND_ROUTES[ground].includes(route);
}

/** The kind of setting a parent or young person asks for decides which law governs the request. */
export const SETTING_KINDS = ['maintained', 's41_approved', 'independent_not_s41'] as const;
export type SettingKind = (typeof SETTING_KINDS)[number];
export const SETTING_KIND_LABELS: Record<SettingKind, string> = {
  maintained: 'Maintained school or academy, FE college or non-maintained special school',
  s41_approved: 'Independent special school or specialist post-16 institution on the s.41 approved list',
  independent_not_s41: 'Independent school not on the s.41 approved list',
};

/** The grounds on which the council may decline to name a requested setting of each kind. */
export const SETTING_KIND_GROUNDS: Record<SettingKind, readonly LegalGround[]> = {
  maintained: S39_4_GROUNDS,
  s41_approved: S39_4_GROUNDS,
  independent_not_s41: ['s9_unreasonable_public_expenditure'],
};

// ---------------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------------

const POUNDS = /^£?[ \t]*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;
// Long enough for any amount a card could sensibly carry; a forged megabyte is not parsed.
const MAX_POUNDS_TEXT_LENGTH = 30;

/**
 * Pounds as typed ("45000", "£45,000", "45,000.50", "1528.5") to integer pence; null for anything else,
 * including negative amounts, misplaced commas and fractions of a penny.
 */
export function parsePounds(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed.length > MAX_POUNDS_TEXT_LENGTH) return null;
  const m = POUNDS.exec(trimmed);
  if (!m) return null;
  const whole = Number((m[1] ?? '').replace(/,/g, ''));
  const pence = whole * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(pence) ? pence : null;
}

/** '£45,000' for whole pounds, '£45,000.50' otherwise. */
export function formatPounds(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Not a whole number of pence: ${pence}`);
  const abs = Math.abs(pence);
  const pounds = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = abs % 100;
  return `${pence < 0 ? '-' : ''}£${pounds}${rest === 0 ? '' : `.${String(rest).padStart(2, '0')}`}`;
}

// ---------------------------------------------------------------------------------------------------
// Card input
// ---------------------------------------------------------------------------------------------------

export const NOT_CONSIDERED_REASON_MAX_LENGTH = 500;
/** Suitability reasons, views, evidence and confirmation reasons. */
export const REASON_MAX_LENGTH = 1000;
export const CONFIRMATION_REASON_MIN_LENGTH = 10;
export const AVAILABLE_FROM_MAX_YEARS_AHEAD = 3;
/** £2,000,000 a year for each cost line: above any real placement, below typing slips of extra zeros. */
export const ANNUAL_COST_MAX_PENCE = 200_000_000;
export const TRAVEL_MINUTES_MAX = 300;
export const SETTING_NAME_MAX_LENGTH = PREFERRED_SETTING_MAX_LENGTH;

export const APPRAISAL_ERROR_CODES = [
  'required',
  'invalid_type',
  'too_long',
  'too_short',
  'not_in_list',
  'invalid_date',
  'date_out_of_range',
  'invalid_amount',
  'negative_amount',
  'amount_too_large',
  'invalid_number',
  'out_of_range',
  'ground_not_for_route',
  'ground_not_for_setting_kind',
  'evidence_without_ground',
] as const;
export type AppraisalErrorCode = (typeof APPRAISAL_ERROR_CODES)[number];

export type ValidationFailure = CardAnswersFailure<AppraisalErrorCode>;

export type AppraisalValidation<T> = { ok: true; values: T; warnings: string[] } | ValidationFailure;

export interface AppraisalValidationContext {
  today: Date | CalendarDate;
}

// A forged submission could carry megabytes; what is echoed back into a card is capped.
class CardReader<F extends string> extends CardAnswers<F, AppraisalErrorCode> {
  constructor(
    input: unknown,
    fields: readonly F[],
    private readonly labels: Record<F, string>,
  ) {
    super(input);
    // Every field is kept, read or not, so a card shown again loses nothing the user typed.
    for (const field of fields) this.kept[field] = (this.raw(field) ?? '').slice(0, KEPT_MAX_LENGTH);
  }

  /** Toggles may arrive as booleans. */
  private raw(field: F): string | null {
    return this.rawText(field, (value) => (typeof value === 'boolean' ? String(value) : null));
  }

  private read(field: F): string | undefined {
    const raw = this.raw(field);
    if (raw === null) return this.fail(field, 'invalid_type', 'This answer could not be read. Please enter it again.');
    return raw;
  }

  text(field: F, options: { required: string | false; max: number; min?: number; multiline?: boolean }): string | undefined {
    const raw = this.read(field);
    if (raw === undefined) return undefined;
    const text = cleanText(raw, options.multiline ?? true);
    if (text === '') return options.required ? this.fail(field, 'required', options.required) : undefined;
    const length = [...text].length;
    if (length > options.max) {
      return this.fail(field, 'too_long', `Keep this to ${options.max.toLocaleString('en-GB')} characters or fewer (it is ${length.toLocaleString('en-GB')}).`);
    }
    if (options.min !== undefined && length < options.min) {
      return this.fail(field, 'too_short', `Write at least ${options.min} characters, so the record explains the decision.`);
    }
    for (const warning of findPersonalDataWarnings(text)) this.warnings.push(`${this.labels[field]}: ${warning}`);
    return text;
  }

  /** A ChoiceSet value; `required` is the message for an empty answer, or false when it may be empty. */
  choice<T extends string>(field: F, options: readonly T[], required: string | false): T | undefined {
    const raw = this.read(field);
    if (raw === undefined) return undefined;
    const value = raw.trim().toLowerCase();
    if (value === '') return required ? this.fail(field, 'required', required) : undefined;
    const match = options.find((o) => o === value);
    return match ?? this.fail(field, 'not_in_list', `Choose one of the options for “${this.labels[field]}”.`);
  }

  /** A Toggle sends 'true'/'false' as text. */
  flag(field: F, required: string): boolean | undefined {
    const raw = this.read(field);
    if (raw === undefined) return undefined;
    const value = raw.trim().toLowerCase();
    if (value === 'true') return true;
    if (value === 'false') return false;
    return value === '' ? this.fail(field, 'required', required) : this.fail(field, 'not_in_list', `Answer “${this.labels[field]}” with yes or no.`);
  }

  date(field: F, today: CalendarDate, max: [CalendarDate, string]): CalendarDate | undefined {
    const raw = this.read(field);
    if (raw === undefined) return undefined;
    const parsed = parseTypedDate(cleanText(raw, false), { today, prefer: 'future' });
    if (!parsed.ok) return parsed.reason === 'empty' ? undefined : this.fail(field, 'invalid_date', DATE_PARSE_MESSAGES[parsed.reason]);
    return parsed.date > max[0] ? this.fail(field, 'date_out_of_range', max[1]) : parsed.date;
  }

  /** An annual cost in pounds, as pence; empty is 0. */
  pence(field: F): number | undefined {
    const raw = this.read(field);
    if (raw === undefined) return undefined;
    const text = cleanText(raw, false);
    if (text === '') return 0;
    if (/^£?\s*-/.test(text)) return this.fail(field, 'negative_amount', "A cost can't be negative. Enter 0 if there is none.");
    const pence = parsePounds(text);
    if (pence === null) return this.fail(field, 'invalid_amount', 'Enter an amount in pounds a year, e.g. 45000 or £45,000.50.');
    if (pence > ANNUAL_COST_MAX_PENCE) {
      return this.fail(field, 'amount_too_large', `Each cost must be ${formatPounds(ANNUAL_COST_MAX_PENCE)} a year or less: check the number of digits.`);
    }
    return pence;
  }

  wholeNumber(field: F, max: number, message: string): number | undefined {
    const raw = this.read(field);
    if (raw === undefined) return undefined;
    const text = cleanText(raw, false);
    if (text === '') return undefined;
    if (!/^\d{1,6}$/.test(text)) return this.fail(field, 'invalid_number', message);
    const n = Number(text);
    return n > max ? this.fail(field, 'out_of_range', message) : n;
  }
}

/** Ends user text with a full stop unless it already ends a sentence, for embedding in reasons. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]["'”’)]?$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "Maintained school or academy, FE college" → "maintained school or academy, FE college"; acronyms stay. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------------
// One route
// ---------------------------------------------------------------------------------------------------

export interface AppraisalOptionValues {
  route: Route;
  considered: boolean;
  notConsideredReason?: string;
  meetsSectionF?: Suitability;
  suitabilityReason?: string;
  placeAvailable?: PlaceAvailability;
  availableFrom?: CalendarDate;
  parentView?: string;
  feePence: number;
  addOnsPence: number;
  transportPence: number;
  therapiesPence: number;
  travelMinutes?: number;
  legalGround?: LegalGround;
  legalGroundEvidence?: string;
}

/** The card inputs of one route, in the order they are shown. Their ids are the field names. */
export const OPTION_FIELDS = [
  'considered',
  'notConsideredReason',
  'meetsSectionF',
  'suitabilityReason',
  'placeAvailable',
  'availableFrom',
  'parentView',
  'fee',
  'addOns',
  'transport',
  'therapies',
  'travelMinutes',
  'legalGround',
  'legalGroundEvidence',
] as const;
export type OptionField = (typeof OPTION_FIELDS)[number];

export const OPTION_FIELD_LABELS: Record<OptionField, string> = {
  considered: 'Route considered',
  notConsideredReason: 'Why this route was not considered',
  meetsSectionF: 'Can it meet Section F?',
  suitabilityReason: 'Reason (Section F)',
  placeAvailable: 'Is a place available?',
  availableFrom: 'Place available from',
  parentView: "Parent's or young person's view",
  fee: 'Annual fee (£)',
  addOns: 'Annual add-ons (£)',
  transport: 'Annual transport (£)',
  therapies: 'Annual therapies (£)',
  travelMinutes: 'Travel time (minutes, one way)',
  legalGround: 'Legal ground relied on',
  legalGroundEvidence: 'Evidence for the legal ground',
};

const GROUND_ROUTE_MESSAGES: Record<'s33' | 's39_4' | 's9', string> = {
  s33: 'The s.33 exceptions are to the mainstream presumption, so they can only be recorded on the mainstream route.',
  s39_4: 'A s.39(4) ground is about naming a maintained, non-maintained special or s.41-approved setting, so it cannot be recorded on the “Other” route.',
  s9: 'The s.9 unreasonable public expenditure ground is for independent settings: record it on FPS call-off, spot purchase or other.',
};

function groundFamily(ground: LegalGround): 's33' | 's39_4' | 's9' {
  if (ground.startsWith('s33_')) return 's33';
  return ground.startsWith('s39_4_') ? 's39_4' : 's9';
}

/**
 * Validates the answer for one route. A route marked not considered needs only the reason (and may carry
 * the parent's view); its other inputs are ignored. Costs left empty count as £0.
 */
export function validateOption(
  route: Route,
  input: Record<string, unknown>,
  ctx: AppraisalValidationContext,
): AppraisalValidation<AppraisalOptionValues> {
  const today = toCalendarDate(ctx.today);
  const r = new CardReader<OptionField>(input, OPTION_FIELDS, OPTION_FIELD_LABELS);
  const considered = r.flag('considered', 'Say whether this route was considered.');
  const parentView = r.text('parentView', { required: false, max: REASON_MAX_LENGTH });
  // Until it is known whether the route was considered, nothing else can be said to be missing.
  if (considered === undefined) return r.failure();

  if (considered === false) {
    const notConsideredReason = r.text('notConsideredReason', {
      required: 'Say why this route was not considered.',
      max: NOT_CONSIDERED_REASON_MAX_LENGTH,
    });
    if (!r.ok || notConsideredReason === undefined) return r.failure();
    return {
      ok: true,
      values: {
        route,
        considered: false,
        notConsideredReason,
        ...(parentView ? { parentView } : {}),
        feePence: 0,
        addOnsPence: 0,
        transportPence: 0,
        therapiesPence: 0,
      },
      warnings: r.warnings,
    };
  }

  const meetsSectionF = r.choice('meetsSectionF', SUITABILITY, 'Say whether this route can meet the provision in Section F.');
  const suitabilityReason = r.text('suitabilityReason', { required: 'Give the reason for your answer about Section F.', max: REASON_MAX_LENGTH });
  const placeAvailable = r.choice('placeAvailable', PLACE_AVAILABILITY, 'Say whether a place is available.');
  const availableFrom = r.date('availableFrom', today, [
    addYears(today, AVAILABLE_FROM_MAX_YEARS_AHEAD),
    `The date a place is available from must be within the next ${AVAILABLE_FROM_MAX_YEARS_AHEAD} years.`,
  ]);
  const feePence = r.pence('fee');
  const addOnsPence = r.pence('addOns');
  const transportPence = r.pence('transport');
  const therapiesPence = r.pence('therapies');
  const travelMinutes = r.wholeNumber('travelMinutes', TRAVEL_MINUTES_MAX, `Enter the travel time in whole minutes, from 0 to ${TRAVEL_MINUTES_MAX}.`);
  const legalGround = r.choice('legalGround', LEGAL_GROUNDS, false);
  const legalGroundEvidence = r.text('legalGroundEvidence', { required: false, max: REASON_MAX_LENGTH });

  if (legalGround !== undefined) {
    if (!groundFitsRoute(legalGround, route)) r.fail('legalGround', 'ground_not_for_route', GROUND_ROUTE_MESSAGES[groundFamily(legalGround)]);
    if (legalGroundEvidence === undefined && !r.failed('legalGroundEvidence')) {
      r.fail('legalGroundEvidence', 'required', 'Give the evidence for the legal ground.');
    }
  } else if (legalGroundEvidence !== undefined && !r.failed('legalGround')) {
    // Evidence with no ground would be kept in the record without saying what it supports.
    r.fail('legalGround', 'evidence_without_ground', 'Choose the legal ground this evidence supports, or clear the evidence.');
  }

  if (
    !r.ok ||
    meetsSectionF === undefined ||
    suitabilityReason === undefined ||
    placeAvailable === undefined ||
    feePence === undefined ||
    addOnsPence === undefined ||
    transportPence === undefined ||
    therapiesPence === undefined
  ) {
    return r.failure();
  }
  return {
    ok: true,
    values: {
      route,
      considered: true,
      meetsSectionF,
      suitabilityReason,
      placeAvailable,
      ...(availableFrom ? { availableFrom } : {}),
      ...(parentView ? { parentView } : {}),
      feePence,
      addOnsPence,
      transportPence,
      therapiesPence,
      ...(travelMinutes !== undefined ? { travelMinutes } : {}),
      ...(legalGround && legalGroundEvidence ? { legalGround, legalGroundEvidence } : {}),
    },
    warnings: r.warnings,
  };
}

/**
 * The whole cost to the public purse for a year. A vacant place the council already funds in a maintained
 * school costs nothing extra: the caseworker enters a fee of 0 for it, so no special case is needed here.
 */
export function totalAnnualCostPence(option: Pick<AppraisalOptionValues, 'feePence' | 'addOnsPence' | 'transportPence' | 'therapiesPence'>): number {
  return option.feePence + option.addOnsPence + option.transportPence + option.therapiesPence;
}

// ---------------------------------------------------------------------------------------------------
// The parent's or young person's preference
// ---------------------------------------------------------------------------------------------------

export interface PreferenceValues {
  hasPreference: boolean;
  settingName?: string;
  settingKind?: SettingKind;
  /** The route the named setting belongs to. */
  route?: Route;
  councilWillName?: boolean;
  ground?: LegalGround;
  groundEvidence?: string;
  /** The parent's or young person's views, wishes and feelings (Children and Families Act 2014 s.19). */
  views?: string;
}

export const PREFERENCE_FIELDS = ['hasPreference', 'settingName', 'settingKind', 'route', 'councilWillName', 'ground', 'groundEvidence', 'views'] as const;
export type PreferenceField = (typeof PREFERENCE_FIELDS)[number];

export const PREFERENCE_FIELD_LABELS: Record<PreferenceField, string> = {
  hasPreference: 'Has the parent or young person asked for a particular school or college?',
  settingName: 'School or college asked for',
  settingKind: 'Kind of setting',
  route: 'Route the setting belongs to',
  councilWillName: 'Will the council name it in the plan?',
  ground: 'Legal ground for not naming it',
  groundEvidence: 'Evidence for the ground',
  views: "Parent's or young person's views",
};

const KIND_GROUND_MESSAGES: Record<SettingKind, string> = {
  maintained:
    'For a maintained school, academy, FE college or non-maintained special school the council can only decline on a s.39(4) ground: unsuitable, or incompatible with the efficient education of others or the efficient use of resources.',
  s41_approved:
    'For a setting on the s.41 approved list the council can only decline on a s.39(4) ground: unsuitable, or incompatible with the efficient education of others or the efficient use of resources.',
  independent_not_s41:
    'For an independent school not on the s.41 list the ground is s.9 of the Education Act 1996: unreasonable public expenditure.',
};

/**
 * Validates the preference question. When the council will not name the requested setting, the ground it
 * relies on must be the one the law gives for that kind of setting, with its evidence.
 */
export function validatePreference(
  input: Record<string, unknown>,
  // No dates are asked here; the context is taken so every appraisal form is validated the same way.
  _ctx: AppraisalValidationContext,
): AppraisalValidation<PreferenceValues> {
  const r = new CardReader<PreferenceField>(input, PREFERENCE_FIELDS, PREFERENCE_FIELD_LABELS);
  const hasPreference = r.flag('hasPreference', 'Say whether the parent or young person has asked for a particular school or college.');
  const views = r.text('views', { required: false, max: REASON_MAX_LENGTH });
  if (hasPreference !== true) {
    if (!r.ok || hasPreference === undefined) return r.failure();
    return { ok: true, values: { hasPreference: false, ...(views ? { views } : {}) }, warnings: r.warnings };
  }

  const settingName = r.text('settingName', { required: 'Enter the name of the school or college asked for.', max: SETTING_NAME_MAX_LENGTH, multiline: false });
  const settingKind = r.choice('settingKind', SETTING_KINDS, 'Choose the kind of setting.');
  const route = r.choice('route', ROUTES, 'Choose the route the setting belongs to.');
  const councilWillName = r.flag('councilWillName', 'Say whether the council will name this setting in the plan.');

  let ground: LegalGround | undefined;
  let groundEvidence: string | undefined;
  if (councilWillName === false) {
    ground = r.choice('ground', LEGAL_GROUNDS, 'Choose the legal ground for not naming the setting asked for.');
    if (ground !== undefined && settingKind !== undefined && !SETTING_KIND_GROUNDS[settingKind].includes(ground)) {
      r.fail('ground', 'ground_not_for_setting_kind', KIND_GROUND_MESSAGES[settingKind]);
    }
    groundEvidence = r.text('groundEvidence', { required: 'Give the evidence for the ground.', max: REASON_MAX_LENGTH });
  }

  if (!r.ok || settingName === undefined || settingKind === undefined || route === undefined || councilWillName === undefined) {
    return r.failure();
  }
  return {
    ok: true,
    values: {
      hasPreference: true,
      settingName,
      settingKind,
      route,
      councilWillName,
      ...(ground && groundEvidence ? { ground, groundEvidence } : {}),
      ...(views ? { views } : {}),
    },
    warnings: r.warnings,
  };
}

// ---------------------------------------------------------------------------------------------------
// The recommendation
// ---------------------------------------------------------------------------------------------------

export const RECOMMENDATION_RULES = [
  'preference_named',
  'preference_ground_missing',
  'mainstream_presumption',
  'lowest_cost',
  'lowest_cost_tie',
  'no_suitable_route',
] as const;
export type RecommendationRule = (typeof RECOMMENDATION_RULES)[number];

export const RECOMMENDATION_RULE_LABELS: Record<RecommendationRule, string> = {
  preference_named: 'Setting asked for by the parent or young person',
  preference_ground_missing: 'Ground for not naming the setting asked for is missing',
  mainstream_presumption: 'Mainstream presumption (s.33)',
  lowest_cost: 'Lowest cost to the public purse',
  lowest_cost_tie: 'Lowest cost to the public purse (tie)',
  no_suitable_route: 'No suitable route',
};

export interface RouteComparison {
  route: Route;
  /** False when the route has not been answered at all. */
  answered: boolean;
  considered: boolean;
  meetsSectionF: Suitability | null;
  /** Considered, meets all of Section F and has a place available. */
  suitable: boolean;
  placeAvailable: PlaceAvailability | null;
  totalPence: number;
  legalGround: LegalGround | null;
  /** Why the route cannot be recommended, in full sentences; absent when it can be. */
  excludedBecause?: string;
}

export interface Recommendation {
  route: Route | null;
  rule: RecommendationRule;
  /** Full sentences, in the order the rules were applied, then one per route not recommended. */
  reasons: string[];
  comparison: RouteComparison[];
  warnings: string[];
}

function placeText(option: AppraisalOptionValues): string {
  return option.availableFrom ? `has a place available from ${formatUkDate(option.availableFrom)}` : 'has a place available';
}

function suitabilityProblems(option: AppraisalOptionValues): string[] {
  const problems: string[] = [];
  const given = option.suitabilityReason ? ` Reason given: ${asSentence(option.suitabilityReason)}` : '';
  switch (option.meetsSectionF) {
    case 'yes':
      break;
    case 'partly':
      problems.push(
        `It can meet Section F only in part, and a route must be able to secure all of the provision in Section F to be suitable, so "partly" is not enough.${given}`,
      );
      break;
    case 'no':
      problems.push(`It cannot meet the provision in Section F.${given}`);
      break;
    case undefined:
      problems.push('Whether it can meet Section F has not been recorded.');
  }
  switch (option.placeAvailable) {
    case 'yes':
      break;
    case 'no':
      problems.push(option.availableFrom ? `No place is available until ${formatUkDate(option.availableFrom)}.` : 'No place is available.');
      break;
    case 'unknown':
      problems.push('It is not known whether a place is available, and a route is only recommended when a place is confirmed, so "unknown" is not enough.');
      break;
    case undefined:
      problems.push('Whether a place is available has not been recorded.');
  }
  return problems;
}

function groundSentence(option: AppraisalOptionValues, ground: LegalGround): string {
  const evidence = option.legalGroundEvidence ? ` Evidence recorded: ${asSentence(option.legalGroundEvidence)}` : '';
  const what = groundFamily(ground) === 's33' ? 'an exception to the mainstream presumption' : 'a legal ground against this route';
  return `The council relies on ${what}: ${LEGAL_GROUND_LABELS[ground]}. ${LEGAL_GROUND_EXPLANATIONS[ground]}${evidence}`;
}

function compareRoute(route: Route, option: AppraisalOptionValues | undefined): RouteComparison {
  if (option === undefined) {
    return {
      route,
      answered: false,
      considered: false,
      meetsSectionF: null,
      suitable: false,
      placeAvailable: null,
      totalPence: 0,
      legalGround: null,
      excludedBecause: 'It has not been answered yet.',
    };
  }
  if (!option.considered) {
    return {
      route,
      answered: true,
      considered: false,
      meetsSectionF: null,
      suitable: false,
      placeAvailable: null,
      totalPence: 0,
      legalGround: null,
      excludedBecause: option.notConsideredReason ? `It was not considered. Reason given: ${asSentence(option.notConsideredReason)}` : 'It was not considered.',
    };
  }
  const problems = suitabilityProblems(option);
  const suitable = problems.length === 0;
  const excludedBecause = suitable ? (option.legalGround ? groundSentence(option, option.legalGround) : undefined) : problems.join(' ');
  return {
    route,
    answered: true,
    considered: true,
    meetsSectionF: option.meetsSectionF ?? null,
    suitable,
    placeAvailable: option.placeAvailable ?? null,
    totalPence: totalAnnualCostPence(option),
    legalGround: option.legalGround ?? null,
    ...(excludedBecause ? { excludedBecause } : {}),
  };
}

function costBreakdown(option: AppraisalOptionValues): string {
  return `fee ${formatPounds(option.feePence)}, add-ons ${formatPounds(option.addOnsPence)}, transport ${formatPounds(option.transportPence)}, therapies ${formatPounds(option.therapiesPence)}`;
}

function byCostThenRouteOrder(a: RouteComparison, b: RouteComparison): number {
  return a.totalPence - b.totalPence || ROUTES.indexOf(a.route) - ROUTES.indexOf(b.route);
}

const S33_PHRASE = 'The mainstream presumption (s.33 of the Children and Families Act 2014)';

/**
 * Recommends a route by these rules, in order:
 * 1. A route is suitable when it was considered, can meet all of Section F and has a place available.
 * 2. A setting the parent or young person asked for, which the council will name and whose route is
 *    suitable, is recommended even if dearer. If the council will not name it, the ground and its evidence
 *    must be recorded, or no route is recommended.
 * 3. Otherwise a suitable mainstream route is recommended (s.33), unless an exception is recorded on it.
 * 4. Otherwise the suitable route with the lowest total cost to the public purse; a tie goes to the route
 *    earlier in ROUTES (maintained before independent).
 * 5. Otherwise no route.
 * A suitable route on which a legal ground is recorded is never recommended by rules 3 and 4.
 */
export function recommendRoute(options: readonly AppraisalOptionValues[], preference: PreferenceValues | undefined): Recommendation {
  const warnings: string[] = [];
  const byRoute = new Map<Route, AppraisalOptionValues>();
  for (const option of options) {
    if (byRoute.has(option.route)) warnings.push(`${ROUTE_LABELS[option.route]} was answered more than once; the first answer is used.`);
    else byRoute.set(option.route, option);
  }
  const comparison = ROUTES.map((route) => compareRoute(route, byRoute.get(route)));
  const row = (route: Route): RouteComparison => comparison.find((c) => c.route === route) as RouteComparison;
  const eligible = comparison.filter((c) => c.suitable && c.excludedBecause === undefined).sort(byCostThenRouteOrder);

  const unanswered = comparison.filter((c) => !c.answered).map((c) => ROUTE_LABELS[c.route]);
  if (unanswered.length > 0) {
    warnings.push(`Not answered yet: ${listInWords(unanswered)}. Answer each route or mark it as not considered before the route is confirmed.`);
  }

  const reasons: string[] = [];
  /** Routes whose exclusion is already explained in `reasons`. */
  const explained = new Set<Route>();

  const finish = (route: Route | null, rule: RecommendationRule): Recommendation => {
    for (const c of comparison) {
      if (c.route === route || explained.has(c.route)) continue;
      if (c.excludedBecause !== undefined) reasons.push(`${ROUTE_LABELS[c.route]} is not recommended. ${c.excludedBecause}`);
      else if (route !== null) reasons.push(notChosenSentence(c, row(route), rule));
    }
    return { route, rule, reasons, comparison, warnings };
  };

  // Rule 2: the parent's or young person's preference.
  if (preference === undefined) {
    warnings.push("The parent's or young person's preference has not been asked yet; record it before the route is confirmed.");
  } else if (!preference.hasPreference) {
    reasons.push('The parent or young person has not asked for a particular school or college.');
  } else {
    const name = preference.settingName ?? 'the setting asked for';
    const kind = preference.settingKind;
    const asked = `The parent or young person asked for ${name}${kind ? ` (${lowerFirst(SETTING_KIND_LABELS[kind])})` : ''}`;
    if (preference.councilWillName === true) {
      const preferred = preference.route ? row(preference.route) : undefined;
      if (preferred?.suitable && preference.route) {
        const option = byRoute.get(preference.route) as AppraisalOptionValues;
        reasons.push(`${asked}, and the council will name it.`);
        reasons.push(`${ROUTE_LABELS[preferred.route]} can meet Section F and ${placeText(option)}, so this route is recommended.`);
        const cheapest = eligible.find((c) => c.route !== preferred.route);
        if (cheapest && cheapest.totalPence < preferred.totalPence) {
          reasons.push(
            `It costs ${formatPounds(preferred.totalPence)} a year, which is ${formatPounds(preferred.totalPence - cheapest.totalPence)} more than the lowest-cost suitable route, ${ROUTE_LABELS[cheapest.route]}, at ${formatPounds(cheapest.totalPence)}; the council has recorded no ground for refusing the request, so the higher cost does not override it.`,
          );
        }
        reasons.push(
          kind === 'independent_not_s41'
            ? 'Under s.9 of the Education Act 1996 the council has regard to the wishes of the parent or young person so far as compatible with efficient instruction and the avoidance of unreasonable public expenditure, and it has not found the cost unreasonable.'
            : 'Under s.39(4) of the Children and Families Act 2014 a requested maintained, non-maintained special or s.41-approved setting must be named unless it is unsuitable or incompatible with the efficient education of others or the efficient use of resources, and no such ground has been recorded.',
        );
        if (preferred.route !== 'mainstream' && row('mainstream').suitable) {
          reasons.push(
            `${S33_PHRASE} does not displace this request: it applies where no setting is asked for or the request is refused (s.39(5) and s.40(2)), and mainstream would be incompatible with the wishes of the parent or young person (s.33(2)(a)).`,
          );
        }
        if (preferred.legalGround) {
          warnings.push(
            `The ${ROUTE_LABELS[preferred.route]} answer records the ground “${LEGAL_GROUND_LABELS[preferred.legalGround]}” although the council will name ${name}: check which is right before the route is confirmed.`,
          );
        }
        explained.add(preferred.route);
        return finish(preferred.route, 'preference_named');
      }
      const why = preferred ? ` ${preferred.excludedBecause ?? ''}` : ' The route the setting belongs to has not been recorded.';
      reasons.push(`${asked}, and the council said it will name it, but its route cannot be recommended in this appraisal.${why}`);
      warnings.push(`The council said it will name ${name}, but its route is not suitable in this appraisal: check the answers before the route is confirmed.`);
      if (preferred) explained.add(preferred.route);
    } else if (preference.councilWillName === false) {
      const problem = preferenceGroundProblem(preference);
      if (problem !== null) {
        reasons.push(
          `${asked}, and the council does not intend to name it, but ${problem}. No route can be recommended until the legal ground for not naming the setting and its evidence are recorded.`,
        );
        return finish(null, 'preference_ground_missing');
      }
      const ground = preference.ground as LegalGround;
      reasons.push(
        `${asked}; the council does not intend to name it and relies on ${LEGAL_GROUND_LABELS[ground]}. ${LEGAL_GROUND_EXPLANATIONS[ground]} Evidence recorded: ${asSentence(preference.groundEvidence ?? '')}`,
      );
    } else {
      warnings.push(`Whether the council will name ${name} has not been recorded, so the request could not be weighed.`);
    }
  }

  // Rule 3: the mainstream presumption.
  const mainstream = row('mainstream');
  if (!mainstream.answered) {
    reasons.push(`${S33_PHRASE} could not be applied because the mainstream route has not been answered yet.`);
  } else if (mainstream.suitable && mainstream.excludedBecause === undefined) {
    const option = byRoute.get('mainstream') as AppraisalOptionValues;
    reasons.push(
      `${ROUTE_LABELS.mainstream} can meet Section F and ${placeText(option)}. Under s.33 of the Children and Families Act 2014 the child or young person must be educated in mainstream unless that is incompatible with the wishes of the parent or young person or the efficient education of others, and no such exception has been recorded, so mainstream is recommended.`,
    );
    const cheaper = eligible.find((c) => c.route !== 'mainstream' && c.totalPence < mainstream.totalPence);
    if (cheaper) {
      reasons.push(
        `It is recommended although ${ROUTE_LABELS[cheaper.route]} would cost ${formatPounds(mainstream.totalPence - cheaper.totalPence)} a year less (${formatPounds(cheaper.totalPence)} against ${formatPounds(mainstream.totalPence)}): the presumption does not depend on cost.`,
      );
    }
    explained.add('mainstream');
    return finish('mainstream', 'mainstream_presumption');
  } else {
    reasons.push(`${S33_PHRASE} was considered, but mainstream cannot be recommended. ${mainstream.excludedBecause ?? ''}`);
  }
  explained.add('mainstream');

  // Rule 4: the lowest cost to the whole public purse among the remaining suitable routes.
  const [lowest, ...others] = eligible;
  if (lowest !== undefined) {
    const option = byRoute.get(lowest.route) as AppraisalOptionValues;
    const tied = others.filter((c) => c.totalPence === lowest.totalPence);
    if (tied.length > 0) {
      const names = [lowest, ...tied].map((c) => ROUTE_LABELS[c.route]);
      reasons.push(
        `${listInWords(names)} can each meet Section F with a place available and cost the same, ${formatPounds(lowest.totalPence)} a year to the public purse. This is a tie: ${ROUTE_LABELS[lowest.route]} is recommended because it comes first in the order of routes (maintained and in-house provision before independent), not because it costs less.`,
      );
      for (const c of tied) explained.add(c.route);
      return finish(lowest.route, 'lowest_cost_tie');
    }
    reasons.push(
      others.length === 0
        ? `${ROUTE_LABELS[lowest.route]} is the only remaining route that can meet Section F with a place available; its total annual cost to the public purse is ${formatPounds(lowest.totalPence)} (${costBreakdown(option)}).`
        : `Of the remaining routes that can meet Section F with a place available, ${ROUTE_LABELS[lowest.route]} has the lowest total annual cost to the public purse: ${formatPounds(lowest.totalPence)} (${costBreakdown(option)}).`,
    );
    return finish(lowest.route, 'lowest_cost');
  }

  // Rule 5.
  reasons.push('No route can be recommended: no route considered can meet all of Section F with a place available and no legal ground recorded against it.');
  return finish(null, 'no_suitable_route');
}

function notChosenSentence(c: RouteComparison, chosen: RouteComparison, rule: RecommendationRule): string {
  const label = ROUTE_LABELS[c.route];
  if ((rule === 'lowest_cost' || rule === 'lowest_cost_tie') && c.totalPence > chosen.totalPence) {
    return `${label} can meet Section F with a place available, but costs ${formatPounds(c.totalPence)} a year, ${formatPounds(c.totalPence - chosen.totalPence)} more than the recommended route.`;
  }
  return `${label} can also meet Section F with a place available (${formatPounds(c.totalPence)} a year), but is not recommended for the reasons above.`;
}

/** Why a "will not name" preference cannot be relied on, as a clause; null when it can. */
function preferenceGroundProblem(preference: PreferenceValues): string | null {
  const { ground, settingKind } = preference;
  if (ground === undefined) return 'no legal ground for not naming it has been recorded';
  if (settingKind === undefined) return 'the kind of setting has not been recorded, so the ground that applies cannot be checked';
  if (!SETTING_KIND_GROUNDS[settingKind].includes(ground)) {
    const allowed = SETTING_KIND_GROUNDS[settingKind].map((g) => LEGAL_GROUND_LABELS[g]);
    return `the ground recorded (${LEGAL_GROUND_LABELS[ground]}) does not apply to this kind of setting, which can only be declined on ${allowed.length > 1 ? 'one of these grounds: ' : ''}${allowed.join('; ')}`;
  }
  if (!preference.groundEvidence) return 'the evidence for the ground has not been recorded';
  return null;
}

// ---------------------------------------------------------------------------------------------------
// What is still missing
// ---------------------------------------------------------------------------------------------------

export const APPRAISAL_GAP_CODES = ['route_unanswered', 'route_incomplete', 'preference_not_asked', 'preference_incomplete', 'preference_ground_missing'] as const;
export type AppraisalGapCode = (typeof APPRAISAL_GAP_CODES)[number];

export interface AppraisalGap {
  code: AppraisalGapCode;
  route?: Route;
  message: string;
}

/** What must still be answered before a recommendation can be made; empty when nothing is missing. */
export function appraisalGaps(options: readonly AppraisalOptionValues[], preference: PreferenceValues | undefined): AppraisalGap[] {
  const gaps: AppraisalGap[] = [];
  for (const route of ROUTES) {
    const option = options.find((o) => o.route === route);
    if (option === undefined) {
      gaps.push({ code: 'route_unanswered', route, message: `Answer “${ROUTE_LABELS[route]}”, or mark it as not considered with a reason.` });
    } else if (option.considered && (!option.meetsSectionF || !option.suitabilityReason || !option.placeAvailable)) {
      gaps.push({
        code: 'route_incomplete',
        route,
        message: `Finish “${ROUTE_LABELS[route]}”: say whether it can meet Section F (with a reason) and whether a place is available.`,
      });
    } else if (!option.considered && !option.notConsideredReason) {
      gaps.push({ code: 'route_incomplete', route, message: `Say why “${ROUTE_LABELS[route]}” was not considered.` });
    }
  }
  if (preference === undefined) {
    gaps.push({ code: 'preference_not_asked', message: 'Ask whether the parent or young person has asked for a particular school or college.' });
  } else if (preference.hasPreference) {
    if (!preference.settingName || !preference.settingKind || !preference.route || preference.councilWillName === undefined) {
      gaps.push({
        code: 'preference_incomplete',
        message: 'Record the setting asked for: its name, its kind, its route and whether the council will name it.',
      });
    } else if (!preference.councilWillName) {
      const problem = preferenceGroundProblem(preference);
      if (problem !== null) gaps.push({ code: 'preference_ground_missing', message: `The council does not intend to name the setting asked for, but ${problem}.` });
    }
  }
  return gaps;
}

// ---------------------------------------------------------------------------------------------------
// The cost comparison as a chart and as text
// ---------------------------------------------------------------------------------------------------

export interface CostBar {
  label: string;
  valuePounds: number;
}

/** Bars for the considered routes that have a cost, in route order. */
export function costChartData(comparison: readonly RouteComparison[]): CostBar[] {
  return comparison
    .filter((c) => c.considered && c.totalPence > 0)
    .map((c) => ({ label: ROUTE_SHORT_LABELS[c.route], valuePounds: c.totalPence / 100 }));
}

function comparisonStatus(c: RouteComparison): string {
  if (!c.answered) return 'not answered';
  if (!c.considered) return 'not considered';
  if (c.suitable) return c.excludedBecause === undefined ? 'suitable, place available' : 'suitable, legal ground recorded';
  if (c.meetsSectionF === 'no') return 'cannot meet Section F';
  if (c.meetsSectionF === 'partly') return 'meets Section F only partly';
  if (c.placeAvailable === 'no') return 'no place available';
  if (c.placeAvailable === 'unknown') return 'place availability unknown';
  return 'not fully answered';
}

/** The text fallback for the chart: one line per route, columns aligned for a monospace block. */
export function costTextTable(comparison: readonly RouteComparison[]): string {
  const rows = comparison.map((c) => [ROUTE_SHORT_LABELS[c.route], c.considered ? formatPounds(c.totalPence) : '–', comparisonStatus(c)] as const);
  const labelWidth = Math.max(0, ...rows.map(([label]) => label.length));
  const costWidth = Math.max(0, ...rows.map(([, cost]) => cost.length));
  return rows.map(([label, cost, status]) => `${label.padEnd(labelWidth)}  ${cost.padStart(costWidth)}  ${status}`).join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Confirmation by a named person
// ---------------------------------------------------------------------------------------------------

/** Who may confirm the route. A person decides (UK GDPR Art 22): the recommendation is only advice. */
export const APPRAISAL_CONFIRMER_ROLES = ['service_manager', 'head_of_service'] as const satisfies readonly StaffRole[];

export function canConfirmAppraisal(roles: readonly StaffRole[]): boolean {
  return roles.some((role) => (APPRAISAL_CONFIRMER_ROLES as readonly StaffRole[]).includes(role));
}

export const CONFIRMATION_FIELDS = ['route', 'reason'] as const;
export type ConfirmationField = (typeof CONFIRMATION_FIELDS)[number];
export const CONFIRMATION_FIELD_LABELS: Record<ConfirmationField, string> = {
  route: 'Route chosen',
  reason: 'Reason for the decision',
};

export interface ConfirmationValues {
  route: Route;
  reason: string;
}

export type ConfirmationValidation =
  | { ok: true; values: ConfirmationValues; overridesRecommendation: boolean; warnings: string[] }
  | ValidationFailure;

/**
 * Validates the confirmation of the chosen route. A route other than the recommended one may be chosen:
 * the reason is then the record of why, and the result says the recommendation was overridden.
 */
export function validateConfirmation(input: Record<string, unknown>, recommendation: Pick<Recommendation, 'route'>): ConfirmationValidation {
  const r = new CardReader<ConfirmationField>(input, CONFIRMATION_FIELDS, CONFIRMATION_FIELD_LABELS);
  const route = r.choice('route', ROUTES, 'Choose the route.');
  const reason = r.text('reason', { required: 'Give the reason for this decision.', max: REASON_MAX_LENGTH, min: CONFIRMATION_REASON_MIN_LENGTH });
  if (!r.ok || route === undefined || reason === undefined) return r.failure();
  const recommended = recommendation.route;
  const overridesRecommendation = recommended !== null && route !== recommended;
  if (overridesRecommendation) {
    r.warnings.push(
      `You chose ${ROUTE_LABELS[route]}, not the recommended route (${ROUTE_LABELS[recommended]}). Your reason will be recorded as the reason for departing from the recommendation.`,
    );
  }
  return { ok: true, values: { route, reason }, overridesRecommendation, warnings: r.warnings };
}
