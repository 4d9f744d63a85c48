import { ASSESSMENT_REQUEST_MAX_YEARS_AGO, CASE_REFERENCE_MAX_LENGTH, CHILD_SEXES, EHCP_STATUSES, FIELD_LABELS, MAX_AGE, NOTE_MAX_LENGTH, PHASE_TRANSFERS, PLAN_DATE_MAX_YEARS_AGO, PREFERRED_SETTING_MAX_LENGTH, REVIEW_DATE_MAX_YEARS_AWAY, RISK_FLAGS, START_DATE_MAX_DAYS_AGO, START_DATE_MAX_YEARS_AHEAD, STEP_FIELDS, SUMMARY_MAX_LENGTH, URGENCIES, type ChildValues, type NeedsValues, type PlacementValues, type RequestDraft, type RequestStep, type RiskFlag, type RiskValues, type StepValidation, type StepValues, type ValidationContext } from './fields.js';
import { ageOn, checkLotForAge } from './age.js';
import { isLot, isNeedCode, type Lot, type NeedCode } from '../reference-data.js';
import { addDays, addYears, isCalendarDate, toCalendarDate, type CalendarDate } from '../calendar-date.js';
import { detectPersonalData } from '../personal-data.js';
import { StepReader } from './step-reader.js';

/** The rules of each step of the request form, applied to what a card (or a typed answer) sent. */

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

