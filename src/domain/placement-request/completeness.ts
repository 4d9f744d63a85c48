import { ageAtAcademicYearStart, ageOn, checkLotForAge, nationalCurriculumYear } from './age.js';
import { CHILD_SEX_LABELS, EHCP_STATUS_LABELS, FIELD_LABELS, PHASE_TRANSFER_LABELS, REQUEST_STEPS, RISK_FLAG_LABELS, STEP_TITLES, URGENCY_LABELS, type ChildValues, type CompleteRequest, type NeedsValues, type PlacementValues, type RequestDraft, type RequestField, type RequestStep, type RiskValues, type StepField } from './fields.js';
import { LOT_LABELS, NEED_LABELS, isLot, type NeedCode } from '../reference-data.js';
import { academicYearLabel, formatUkDate, isCalendarDate, toCalendarDate, type CalendarDate } from '../calendar-date.js';

/** What a draft still lacks before it can be submitted, and the summary people check before they do. */

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

