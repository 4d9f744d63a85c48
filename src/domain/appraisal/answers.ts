import { CardAnswers, DATE_PARSE_MESSAGES, KEPT_MAX_LENGTH, cleanText, type CardAnswersFailure } from '../card-answers.js';
import { LEGAL_GROUNDS, PLACE_AVAILABILITY, ROUTES, ROUTE_LABELS, SETTING_KINDS, SETTING_KIND_GROUNDS, SUITABILITY, groundFamily, groundFitsRoute, placeFoundByCallOff, type LegalGround, type PlaceAvailability, type Route, type SettingKind, type Suitability } from './routes.js';
import { addYears, parseTypedDate, toCalendarDate, type CalendarDate } from '../calendar-date.js';
import type { Recommendation } from './recommendation.js';
import { PREFERRED_SETTING_MAX_LENGTH } from '../placement-request/fields.js';
import { formatPounds, parsePounds } from '../money.js';
import { findPersonalDataWarnings } from '../personal-data.js';
import type { StaffRole } from '../reference-data.js';

/**
 * The appraisal's card answers, read and validated on the server (cards can be forged or replayed): one
 * route's answers, the parent's or young person's preference, and the named person's confirmation.
 */

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
  /** The region's median annual fee for the request's lot and need, when there is enough data for one. */
  regionalFee?: { annualPence: number; basis: string };
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
  /**
   * The fee is an estimate: the route's place (and so its price) is found by the call-off. Either the
   * figure the officer typed, or the region's median for the lot and need when they left it blank.
   */
  feeEstimate?: FeeEstimate;
}

export interface FeeEstimate {
  source: 'officer' | 'regional';
  /** In words, for the record: "regional median for lot 1 (0–16 day) and ASD, ≈5 placements in the 24 months to 26 November 2026". */
  basis: string;
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
  if (placeAvailable === 'call_off' && !placeFoundByCallOff(route)) {
    r.fail('placeAvailable', 'not_in_list', 'Only an FPS call-off or a spot purchase finds its place through referrals: say whether this route has a place.');
  }
  let feePence = r.pence('fee');
  let feeEstimate: FeeEstimate | undefined;
  if (placeAvailable === 'call_off' && placeFoundByCallOff(route) && feePence !== undefined) {
    const typed = typeof input.fee === 'string' && cleanText(input.fee, false) !== '';
    if (typed) feeEstimate = { source: 'officer', basis: "the officer's estimate (the offers will give the real fee)" };
    else if (route === 'fps_call_off' && ctx.regionalFee) {
      feePence = ctx.regionalFee.annualPence;
      feeEstimate = { source: 'regional', basis: ctx.regionalFee.basis };
    } else {
      feePence = r.fail(
        'fee',
        'required',
        route === 'fps_call_off'
          ? 'Enter an estimated annual fee: the region has too few placements of this lot and need yet to estimate it.'
          : 'Enter an estimated annual fee for a spot purchase.',
      );
    }
  }
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
      ...(feeEstimate ? { feeEstimate } : {}),
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

