import { describe, expect, it } from 'vitest';
import { CASE_REFERENCE_MAX_LENGTH, NOTE_MAX_LENGTH, PREFERRED_SETTING_MAX_LENGTH, REQUEST_STEPS, STEP_FIELDS, STEP_TITLES, SUMMARY_MAX_LENGTH, type RequestDraft, type RequestStep, type StepValidation } from '../../src/domain/placement-request/fields.js';
import { ageAtAcademicYearStart, ageOn, nationalCurriculumYear } from '../../src/domain/placement-request/age.js';
import { findPersonalDataWarnings } from '../../src/domain/personal-data.js';
import { formatRequestReference, parseRequestReference } from '../../src/domain/placement-request/reference.js';
import { isComplete, requestSummary } from '../../src/domain/placement-request/completeness.js';
import { stepInputFromDraft, validateStep } from '../../src/domain/placement-request/steps.js';
import { detectPersonalData } from '../../src/domain/personal-data.js';

// Friday 1 May 2026, 10:00 BST.
const TODAY = new Date('2026-05-01T09:00:00Z');

const CHILD = {
  caseReference: 'EHC/2026/0117',
  childInitials: 'J.S.',
  dateOfBirth: '2012-09-07',
  sex: 'male',
  homePostcodeDistrict: 'wa7',
};
const NEEDS = {
  ehcpStatus: 'final',
  planDate: '2025-11-20',
  assessmentRequestDate: '',
  reviewDate: '',
  phaseTransfer: 'phase',
  primaryNeed: 'ASD',
  secondaryNeeds: 'SLCN,SEMH',
  sectionB: 'Social communication needs; finds transitions hard.',
  sectionE: 'To manage change with support; to join a small group.',
  sectionF: '1:1 support in class; speech and language therapy weekly.',
};
const PLACEMENT = { lot: '1', lotReason: '', requiredStartDate: '2026-09-03', preferredSetting: 'Oak Tree School' };
const RISKS = { riskFlags: 'absconding', riskNotes: '', medicalNeeds: '', transportNeeds: 'Needs escorted transport.', urgency: 'routine', urgencyReason: '' };

const DRAFT_WITH_CHILD: RequestDraft = { child: { dateOfBirth: '2012-09-07' } };

function validate<S extends RequestStep>(step: S, input: Record<string, unknown>, draft: RequestDraft = DRAFT_WITH_CHILD) {
  return validateStep(step, input, { today: TODAY, draft });
}

function values<S extends RequestStep>(result: StepValidation<S>) {
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.codes)}`);
  return result.values;
}

/** The error code and message for one field, and no errors for the others. */
function onlyError<S extends RequestStep>(result: StepValidation<S>, field: string) {
  if (result.ok) throw new Error('expected an error');
  expect(Object.keys(result.errors)).toEqual([field]);
  return { code: result.codes[field], message: result.errors[field] ?? '' };
}

describe('steps', () => {
  it('has four titled steps whose fields are the card input ids', () => {
    expect(REQUEST_STEPS.map((s) => STEP_TITLES[s])).toEqual([
      'About the child',
      'Needs and EHCP',
      'Placement wanted',
      'Risks and practicalities',
    ]);
    expect(Object.keys(CHILD)).toEqual([...STEP_FIELDS.child]);
    expect(Object.keys(NEEDS)).toEqual([...STEP_FIELDS.needs]);
    expect(Object.keys(PLACEMENT)).toEqual([...STEP_FIELDS.placement]);
    expect(Object.keys(RISKS)).toEqual([...STEP_FIELDS.risks]);
  });
});

describe('validateStep: about the child', () => {
  it('accepts and normalises a good answer', () => {
    const result = validate('child', { ...CHILD, caseReference: '  EHC/2026/0117 ', homePostcodeDistrict: ' wa7 ' }, {});
    expect(result).toEqual({
      ok: true,
      values: { caseReference: 'EHC/2026/0117', childInitials: 'JS', dateOfBirth: '2012-09-07', sex: 'male', homePostcodeDistrict: 'WA7' },
      warnings: [],
    });
  });

  it('normalises initials with dots and spaces', () => {
    for (const [typed, stored] of [
      ['j s', 'JS'],
      ['A.B.C.D.', 'ABCD'],
      ['k', 'K'],
    ]) {
      expect(values(validate('child', { ...CHILD, childInitials: typed })).childInitials).toBe(stored);
    }
  });

  it('requires every field, reading missing keys like empty ones', () => {
    const result = validate('child', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.codes).toEqual({
      caseReference: 'required',
      childInitials: 'required',
      dateOfBirth: 'required',
      sex: 'required',
      homePostcodeDistrict: 'required',
    });
    expect(result.errors.caseReference).toBe('Enter the case reference.');
    expect(result.kept).toEqual({ caseReference: '', childInitials: '', dateOfBirth: '', sex: '', homePostcodeDistrict: '' });
  });

  it('rejects a case reference that is too long or has other characters', () => {
    expect(values(validate('child', { ...CHILD, caseReference: 'A'.repeat(CASE_REFERENCE_MAX_LENGTH) })).caseReference).toHaveLength(30);
    expect(onlyError(validate('child', { ...CHILD, caseReference: 'A'.repeat(CASE_REFERENCE_MAX_LENGTH + 1) }), 'caseReference').code).toBe('too_long');
    expect(onlyError(validate('child', { ...CHILD, caseReference: 'EHC#42' }), 'caseReference').code).toBe('invalid_format');
    expect(onlyError(validate('child', { ...CHILD, caseReference: '/ -' }), 'caseReference').code).toBe('invalid_format');
  });

  it('warns when the case reference looks like a name', () => {
    const result = validate('child', { ...CHILD, caseReference: 'John Smith' });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.stringMatching(/^Case reference: .*full name/)]);
  });

  it('rejects initials that are not 1 to 4 letters', () => {
    for (const bad of ['JSMTH', 'J5', 'J-S', 'Jack Smith']) {
      const { code, message } = onlyError(validate('child', { ...CHILD, childInitials: bad }), 'childInitials');
      expect(code).toBe('invalid_format');
      expect(message).toContain('1 to 4 initials');
    }
  });

  it('accepts a first name typed as initials but warns', () => {
    const result = validate('child', { ...CHILD, childInitials: 'Jack' });
    expect(values(result).childInitials).toBe('JACK');
    expect(result.warnings).toEqual([expect.stringContaining('first name')]);
  });

  it('reads a typed date of birth day first', () => {
    expect(values(validate('child', { ...CHILD, dateOfBirth: '07/09/2012' })).dateOfBirth).toBe('2012-09-07');
    expect(values(validate('child', { ...CHILD, dateOfBirth: '7 Sept 2012' })).dateOfBirth).toBe('2012-09-07');
  });

  it('rejects a date of birth that is not real, has no year, is in the future or is over 25', () => {
    expect(onlyError(validate('child', { ...CHILD, dateOfBirth: '31/02/2012' }), 'dateOfBirth')).toEqual({
      code: 'invalid_date',
      message: expect.stringContaining('not a real date'),
    });
    expect(onlyError(validate('child', { ...CHILD, dateOfBirth: '7 Sept' }), 'dateOfBirth').code).toBe('invalid_date');
    expect(onlyError(validate('child', { ...CHILD, dateOfBirth: 'soon' }), 'dateOfBirth').code).toBe('invalid_date');
    expect(onlyError(validate('child', { ...CHILD, dateOfBirth: '2026-05-02' }), 'dateOfBirth')).toEqual({
      code: 'date_out_of_range',
      message: "The date of birth can't be in the future.",
    });
    // Born today is age 0; the day before the 26th birthday is still 25.
    expect(validate('child', { ...CHILD, dateOfBirth: '2026-05-01' }).ok).toBe(true);
    expect(validate('child', { ...CHILD, dateOfBirth: '2000-05-02' }).ok).toBe(true);
    expect(onlyError(validate('child', { ...CHILD, dateOfBirth: '2000-05-01' }), 'dateOfBirth')).toEqual({
      code: 'age_out_of_range',
      message: expect.stringContaining('26'),
    });
  });

  it('accepts only the listed sexes', () => {
    expect(values(validate('child', { ...CHILD, sex: 'not_stated' })).sex).toBe('not_stated');
    expect(onlyError(validate('child', { ...CHILD, sex: 'other' }), 'sex').code).toBe('not_in_list');
  });

  it('accepts postcode districts in every UK outward-code shape', () => {
    for (const [typed, stored] of [
      ['WA7', 'WA7'],
      ['m20', 'M20'],
      ['CH65', 'CH65'],
      ['SK10', 'SK10'],
      ['L8', 'L8'],
      ['ec1a', 'EC1A'],
      ['W1A', 'W1A'],
    ]) {
      expect(values(validate('child', { ...CHILD, homePostcodeDistrict: typed })).homePostcodeDistrict).toBe(stored);
    }
  });

  it('asks for the district only when given a full postcode or a sector', () => {
    for (const full of ['WA7 1AA', 'wa71aa', 'M20 2LN', 'WA7 1']) {
      const { code, message } = onlyError(validate('child', { ...CHILD, homePostcodeDistrict: full }), 'homePostcodeDistrict');
      expect(code).toBe('full_postcode');
      expect(message).toContain('only the postcode district');
    }
  });

  it('rejects text that is not a postcode district', () => {
    for (const bad of ['Runcorn', 'Q1', 'WA', '7WA', 'WAA7']) {
      expect(onlyError(validate('child', { ...CHILD, homePostcodeDistrict: bad }), 'homePostcodeDistrict').code).toBe('invalid_format');
    }
  });
});

describe('validateStep: forged and malformed submissions', () => {
  it('ignores unknown keys, including prototype names', () => {
    const forged = JSON.parse(JSON.stringify({ ...CHILD, councilId: 'other-council', isAdmin: 'true', constructor: 'x' }).replace('{', '{"__proto__":{"sex":"female"},'));
    expect(Object.hasOwn(forged, '__proto__')).toBe(true);
    expect(values(validate('child', forged))).toEqual(values(validate('child', CHILD)));
  });

  it("reads only the submission's own keys, never inherited ones", () => {
    const { sex: _omitted, ...withoutSex } = CHILD;
    const inherited = Object.assign(Object.create({ sex: 'female' }) as Record<string, unknown>, withoutSex);
    expect(onlyError(validate('child', inherited), 'sex').code).toBe('required');
  });

  it('rejects values of a type no card sends, keeping the rest', () => {
    const result = validate('child', { ...CHILD, caseReference: { $gt: '' }, sex: ['male'], childInitials: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.codes).toEqual({ caseReference: 'invalid_type', sex: 'invalid_type', childInitials: 'invalid_type' });
    expect(result.kept).toMatchObject({ caseReference: '', sex: '', childInitials: '', dateOfBirth: '2012-09-07', homePostcodeDistrict: 'wa7' });
  });

  it('reads numbers as their text (a lot sent as data rather than input)', () => {
    expect(values(validate('placement', { ...PLACEMENT, lot: 6 })).lot).toBe(6);
  });

  it('treats a non-object submission as an empty one', () => {
    for (const input of [null, 'child', ['a']] as unknown as Record<string, unknown>[]) {
      const result = validate('risks', input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.codes).toEqual({ urgency: 'required' });
    }
  });

  it('keeps what was entered, as text, when a step fails', () => {
    const result = validate('needs', { ...NEEDS, planDate: '31/02/2025', secondaryNeeds: ['SLCN', 'SEMH'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kept).toEqual({ ...NEEDS, planDate: '31/02/2025', secondaryNeeds: 'SLCN,SEMH' });
  });

  it('caps how much text is echoed back', () => {
    const result = validate('needs', { ...NEEDS, sectionB: 'x'.repeat(100_000) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.kept.sectionB).toHaveLength(5000);
  });
});

describe('validateStep: needs and EHCP', () => {
  it('accepts a good answer, leaving out optional dates that were not given', () => {
    expect(values(validate('needs', NEEDS))).toEqual({
      ehcpStatus: 'final',
      planDate: '2025-11-20',
      phaseTransfer: 'phase',
      primaryNeed: 'ASD',
      secondaryNeeds: ['SLCN', 'SEMH'],
      sectionB: NEEDS.sectionB,
      sectionE: NEEDS.sectionE,
      sectionF: NEEDS.sectionF,
    });
  });

  it('normalises codes and typed dates', () => {
    const v = values(
      validate('needs', {
        ...NEEDS,
        ehcpStatus: ' Under_Review ',
        primaryNeed: 'asd',
        secondaryNeeds: 'slcn, semh',
        planDate: '20/11/2025',
        assessmentRequestDate: '3 March 2026',
        reviewDate: '7 Sept',
      }),
    );
    expect(v).toMatchObject({
      ehcpStatus: 'under_review',
      primaryNeed: 'ASD',
      secondaryNeeds: ['SLCN', 'SEMH'],
      planDate: '2025-11-20',
      assessmentRequestDate: '2026-03-03',
      reviewDate: '2026-09-07',
    });
  });

  it('rejects an unknown EHCP status or phase transfer', () => {
    expect(onlyError(validate('needs', { ...NEEDS, ehcpStatus: 'issued' }), 'ehcpStatus').code).toBe('not_in_list');
    expect(onlyError(validate('needs', { ...NEEDS, phaseTransfer: 'yes' }), 'phaseTransfer').code).toBe('not_in_list');
  });

  it('keeps the plan date in the past 10 years and after birth', () => {
    expect(onlyError(validate('needs', { ...NEEDS, planDate: '2026-05-02' }), 'planDate').message).toBe("The plan date can't be in the future.");
    expect(validate('needs', { ...NEEDS, planDate: '2026-05-01' }, {}).ok).toBe(true);
    expect(validate('needs', { ...NEEDS, planDate: '2016-05-01' }, {}).ok).toBe(true);
    expect(onlyError(validate('needs', { ...NEEDS, planDate: '2016-04-30' }, {}), 'planDate').message).toContain('last 10 years');
    const bornIn2020: RequestDraft = { child: { dateOfBirth: '2020-03-01' } };
    expect(validate('needs', { ...NEEDS, planDate: '2020-03-01' }, bornIn2020).ok).toBe(true);
    expect(onlyError(validate('needs', { ...NEEDS, planDate: '2020-02-29' }, bornIn2020), 'planDate').message).toBe(
      "The plan date can't be before the child's date of birth.",
    );
    expect(onlyError(validate('needs', { ...NEEDS, assessmentRequestDate: '2023-06-01' }, { child: { dateOfBirth: '2024-01-01' } }), 'assessmentRequestDate').message).toBe(
      "The request for assessment can't be before the child's date of birth.",
    );
    expect(onlyError(validate('needs', { ...NEEDS, planDate: '' }), 'planDate').code).toBe('required');
  });

  it('keeps the request for assessment in the past 3 years', () => {
    expect(validate('needs', { ...NEEDS, assessmentRequestDate: '2023-05-01' }).ok).toBe(true);
    expect(onlyError(validate('needs', { ...NEEDS, assessmentRequestDate: '2023-04-30' }), 'assessmentRequestDate').code).toBe('date_out_of_range');
    expect(onlyError(validate('needs', { ...NEEDS, assessmentRequestDate: '2026-06-01' }), 'assessmentRequestDate').code).toBe('date_out_of_range');
    expect(onlyError(validate('needs', { ...NEEDS, assessmentRequestDate: '30/30/2025' }), 'assessmentRequestDate').code).toBe('invalid_date');
  });

  it('keeps the review date within 2 years either side of today', () => {
    expect(validate('needs', { ...NEEDS, reviewDate: '2028-05-01' }).ok).toBe(true);
    expect(onlyError(validate('needs', { ...NEEDS, reviewDate: '2028-05-02' }), 'reviewDate').code).toBe('date_out_of_range');
    expect(onlyError(validate('needs', { ...NEEDS, reviewDate: '2024-04-30' }), 'reviewDate').code).toBe('date_out_of_range');
  });

  it('accepts SEN2 need codes only', () => {
    expect(onlyError(validate('needs', { ...NEEDS, primaryNeed: '' }), 'primaryNeed').code).toBe('required');
    expect(onlyError(validate('needs', { ...NEEDS, primaryNeed: 'AUTISM' }), 'primaryNeed').code).toBe('not_in_list');
    expect(onlyError(validate('needs', { ...NEEDS, primaryNeed: 'ASD,SLCN' }), 'primaryNeed').code).toBe('not_in_list');
    expect(onlyError(validate('needs', { ...NEEDS, secondaryNeeds: 'SLCN,XYZ' }), 'secondaryNeeds')).toEqual({
      code: 'not_in_list',
      message: 'Use SEN2 need codes only (XYZ).',
    });
  });

  it('does not echo free text typed into the need codes', () => {
    const { message } = onlyError(validate('needs', { ...NEEDS, secondaryNeeds: 'Jack has dyslexia' }), 'secondaryNeeds');
    expect(message).toBe('Use SEN2 need codes only (JACK, HAS).');
    expect(message).not.toContain('DYSLEXIA');
  });

  it('rejects repeated secondary needs and the primary need among them', () => {
    expect(onlyError(validate('needs', { ...NEEDS, secondaryNeeds: 'SLCN,SLCN' }), 'secondaryNeeds').code).toBe('duplicate');
    expect(onlyError(validate('needs', { ...NEEDS, secondaryNeeds: 'SLCN,ASD' }), 'secondaryNeeds')).toEqual({
      code: 'repeats_primary_need',
      message: 'ASD is already the primary need; list only other needs here.',
    });
    expect(values(validate('needs', { ...NEEDS, secondaryNeeds: '' })).secondaryNeeds).toEqual([]);
  });

  it('requires the B/E/F summaries within 1,000 characters, trimmed', () => {
    for (const field of ['sectionB', 'sectionE', 'sectionF'] as const) {
      expect(onlyError(validate('needs', { ...NEEDS, [field]: '  \n ' }), field).code).toBe('required');
      expect(onlyError(validate('needs', { ...NEEDS, [field]: 'a'.repeat(SUMMARY_MAX_LENGTH + 1) }), field)).toEqual({
        code: 'too_long',
        message: 'Keep this to 1,000 characters or fewer (it is 1,001).',
      });
      expect(values(validate('needs', { ...NEEDS, [field]: ` ${'a'.repeat(SUMMARY_MAX_LENGTH)}\n` }))[field]).toHaveLength(1000);
    }
  });

  it('keeps line breaks in summaries but drops control characters', () => {
    expect(values(validate('needs', { ...NEEDS, sectionF: 'Line one\r\nLine two\u0007' })).sectionF).toBe('Line one\nLine two');
  });

  it('warns about personal data in the summaries without blocking', () => {
    const result = validate('needs', { ...NEEDS, sectionB: 'Mum (jane.doe@example.org) says John Smith struggles.' });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Section B summary \(needs\): .*full name/),
      expect.stringMatching(/^Section B summary \(needs\): .*e-mail/),
    ]);
    expect(result.warnings.join(' ')).not.toContain('jane.doe');
  });
});

describe('validateStep: placement wanted', () => {
  it('accepts a good answer', () => {
    expect(values(validate('placement', PLACEMENT))).toEqual({ lot: 1, requiredStartDate: '2026-09-03', preferredSetting: 'Oak Tree School' });
  });

  it('requires a lot from 1 to 7', () => {
    expect(values(validate('placement', { ...PLACEMENT, lot: 'Lot 6' })).lot).toBe(6);
    expect(onlyError(validate('placement', { ...PLACEMENT, lot: '' }), 'lot').code).toBe('required');
    expect(onlyError(validate('placement', { ...PLACEMENT, lot: '8' }), 'lot').code).toBe('not_in_list');
    expect(onlyError(validate('placement', { ...PLACEMENT, lot: '1.5' }), 'lot').code).toBe('not_in_list');
  });

  it('reads the start date from a date input or typed UK forms', () => {
    for (const typed of ['2027-09-07', '07/09/2027', '7 Sept 2027', 'start date 7 Sept 2027']) {
      expect(values(validate('placement', { ...PLACEMENT, lot: '6', requiredStartDate: typed })).requiredStartDate).toBe('2027-09-07');
    }
  });

  it('keeps the start date between 30 days ago and 2 years ahead', () => {
    const at = (date: string) => validate('placement', { ...PLACEMENT, lot: '6', requiredStartDate: date });
    expect(at('2026-04-01').ok).toBe(true);
    expect(onlyError(at('2026-03-31'), 'requiredStartDate').message).toContain('30 days ago');
    expect(at('2028-05-01').ok).toBe(true);
    expect(onlyError(at('2028-05-02'), 'requiredStartDate').message).toContain('next 2 years');
    expect(onlyError(at(''), 'requiredStartDate').code).toBe('required');
    expect(onlyError(at('31/09/2026'), 'requiredStartDate').code).toBe('invalid_date');
  });

  describe('lot and age (age on the 31 August before the start date)', () => {
    const born = (dateOfBirth: string): RequestDraft => ({ child: { dateOfBirth } });
    const start = '2027-09-07';

    it('allows post-16 lots to a young person who was 16 on 31 August', () => {
      expect(values(validate('placement', { ...PLACEMENT, lot: '4', requiredStartDate: start }, born('2011-08-31'))).lot).toBe(4);
      expect(values(validate('placement', { ...PLACEMENT, lot: '5', requiredStartDate: start }, born('2011-08-31'))).lot).toBe(5);
    });

    it('refuses post-16 lots to one born on 1 September, although 16 by the start date', () => {
      expect(ageOn('2011-09-01', start)).toBe(16);
      const { code, message } = onlyError(validate('placement', { ...PLACEMENT, lot: '4', requiredStartDate: start }, born('2011-09-01')), 'lot');
      expect(code).toBe('lot_too_young');
      expect(message).toBe(
        'Lot 4 (16+ day) is for young people aged 16 or over on the 31 August before the start date. On 31 August 2027 this child is 15 (Year 11 in 2027/28).',
      );
    });

    it('uses the academic year of the start date: a 31 August start counts the previous 31 August', () => {
      const result = validate('placement', { ...PLACEMENT, lot: '4', requiredStartDate: '2027-08-31' }, born('2011-08-31'));
      expect(onlyError(result, 'lot').code).toBe('lot_too_young');
      expect(validate('placement', { ...PLACEMENT, lot: '4', requiredStartDate: '2027-09-01' }, born('2011-08-31')).ok).toBe(true);
    });

    it('allows 0–16 lots under 16 and asks for a reason at 16', () => {
      expect(validate('placement', { ...PLACEMENT, lot: '1', requiredStartDate: start }, born('2011-09-01')).ok).toBe(true);
      for (const lot of ['1', '2', '3']) {
        const { code, message } = onlyError(validate('placement', { ...PLACEMENT, lot, requiredStartDate: start }, born('2011-08-31')), 'lot');
        expect(code).toBe('lot_reason_required');
        expect(message).toContain('give a reason');
      }
      const withReason = validate(
        'placement',
        { ...PLACEMENT, lot: '2', lotReason: 'Completing Year 11 at the same school after a year out.', requiredStartDate: start },
        born('2011-08-31'),
      );
      expect(values(withReason)).toMatchObject({ lot: 2, lotReason: 'Completing Year 11 at the same school after a year out.' });
    });

    it('allows alternative provision at any age', () => {
      for (const dob of ['2011-08-31', '2011-09-01', '2020-01-01']) {
        for (const lot of ['6', '7']) expect(validate('placement', { ...PLACEMENT, lot, requiredStartDate: start }, born(dob)).ok).toBe(true);
      }
    });

    it('cannot check the lot before the date of birth is known', () => {
      expect(validate('placement', { ...PLACEMENT, lot: '4', requiredStartDate: start }, {}).ok).toBe(true);
    });
  });

  it('limits the lot reason and the school asked for', () => {
    expect(onlyError(validate('placement', { ...PLACEMENT, lotReason: 'r'.repeat(NOTE_MAX_LENGTH + 1) }), 'lotReason').code).toBe('too_long');
    expect(validate('placement', { ...PLACEMENT, preferredSetting: 'S'.repeat(PREFERRED_SETTING_MAX_LENGTH) }).ok).toBe(true);
    expect(onlyError(validate('placement', { ...PLACEMENT, preferredSetting: 'S'.repeat(PREFERRED_SETTING_MAX_LENGTH + 1) }), 'preferredSetting').code).toBe(
      'too_long',
    );
  });
});

describe('validateStep: risks and practicalities', () => {
  it('accepts a good answer', () => {
    expect(values(validate('risks', RISKS))).toEqual({ riskFlags: ['absconding'], transportNeeds: 'Needs escorted transport.', urgency: 'routine' });
  });

  it('reads risk flags from a comma-separated string or a list, in a fixed order, without repeats', () => {
    expect(values(validate('risks', { ...RISKS, riskFlags: 'self_harm,absconding,self_harm' })).riskFlags).toEqual(['absconding', 'self_harm']);
    expect(values(validate('risks', { ...RISKS, riskFlags: ['exploitation'] })).riskFlags).toEqual(['exploitation']);
    expect(values(validate('risks', { ...RISKS, riskFlags: '' })).riskFlags).toEqual([]);
    expect(onlyError(validate('risks', { ...RISKS, riskFlags: 'absconding,arson' }), 'riskFlags').code).toBe('not_in_list');
    expect(onlyError(validate('risks', { ...RISKS, riskFlags: [1, 2] }), 'riskFlags').code).toBe('invalid_type');
  });

  it('requires the urgency, and a reason when urgent', () => {
    expect(onlyError(validate('risks', { ...RISKS, urgency: '' }), 'urgency').code).toBe('required');
    expect(onlyError(validate('risks', { ...RISKS, urgency: 'asap' }), 'urgency').code).toBe('not_in_list');
    expect(onlyError(validate('risks', { ...RISKS, urgency: 'urgent' }), 'urgencyReason')).toEqual({
      code: 'required',
      message: 'Say why this request is urgent.',
    });
    expect(values(validate('risks', { ...RISKS, urgency: 'urgent', urgencyReason: 'Current placement ends in 3 weeks.' }))).toMatchObject({
      urgency: 'urgent',
      urgencyReason: 'Current placement ends in 3 weeks.',
    });
  });

  it('limits the notes to 500 characters', () => {
    for (const field of ['riskNotes', 'medicalNeeds', 'transportNeeds', 'urgencyReason'] as const) {
      expect(validate('risks', { ...RISKS, urgency: 'urgent', urgencyReason: 'x', [field]: 'n'.repeat(NOTE_MAX_LENGTH) }).ok).toBe(true);
      const result = validate('risks', { ...RISKS, urgency: 'urgent', urgencyReason: 'x', [field]: 'n'.repeat(NOTE_MAX_LENGTH + 1) });
      expect(onlyError(result, field).code).toBe('too_long');
    }
  });

  it('warns about a phone number in the medical notes', () => {
    const result = validate('risks', { ...RISKS, medicalNeeds: 'Epilepsy plan; GP on 0161 496 0000.' });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.stringMatching(/^Medical needs: .*phone number/)]);
  });
});

describe('personal data warnings', () => {
  it.each([
    ['John Smith has autism.', 'full_name'],
    ['He lives with Kayden Brown and his mum.', 'full_name'],
    ['Kayden Brown is in Year 9.', 'full_name'],
    ["Mary-Jane O'Neill attends a PRU.", 'full_name'],
    ['Seen by Mr Jones last term.', 'full_name'],
    ['Letter from Dr. Patel.', 'full_name'],
    ['Contact jane.doe@example.org for papers.', 'email'],
    ['Mum on 07700 900123 after 3pm.', 'phone'],
    ['Mum on 07700900123.', 'phone'],
    ['Call +44 7700 900123.', 'phone'],
    ['Office 0161 496 0000.', 'phone'],
    ['Office +44 (0)161 496 0000.', 'phone'],
    ['London office 020 7946 0000.', 'phone'],
  ])('flags %j as %s', (text, kind) => {
    expect(detectPersonalData(text)).toEqual([kind]);
    expect(findPersonalDataWarnings(text)).toHaveLength(1);
  });

  it.each([
    'Requires Section F provision in full.',
    'Weekly Speech and Language Therapy and Occupational Therapy.',
    'Agreed by the Head of Service in September.',
    'Attends Oak Tree School in Crewe.',
    'Offered a place at Greenfields Academy from Monday.',
    'Moving to Beech Hill Primary after Easter.',
    'Cheshire East Council and St Helens share the case.',
    'Key Stage 3, Year 9; uses Makaton and PECS.',
    'Educational Psychologist report, March 2026.',
    'CAMHS Tier 3 involvement; Autism Spectrum Disorder diagnosed 2019.',
    'Needs Support from a Teaching Assistant.',
    'Sensory Circuits each morning; Zones of Regulation.',
    'Born 07/09/2012; EHCP issued 2025-11-20; fees £1,250 a week, 1:1 and 2:1 staffing.',
    'Annual Review due 2026-2027.',
  ])('does not flag %j', (text) => {
    expect(detectPersonalData(text)).toEqual([]);
  });

  it('never repeats the suspected data in the warning', () => {
    const warnings = findPersonalDataWarnings('John Smith, john@example.org, 07700 900123');
    expect(warnings).toHaveLength(3);
    expect(warnings.join(' ')).not.toMatch(/John|Smith|example|07700/);
  });
});

describe('ages and National Curriculum years', () => {
  it('counts completed years, with 29 February birthdays on 1 March in common years', () => {
    expect(ageOn('2012-09-07', '2026-09-06')).toBe(13);
    expect(ageOn('2012-09-07', '2026-09-07')).toBe(14);
    expect(ageOn('2012-02-29', '2027-02-28')).toBe(14);
    expect(ageOn('2012-02-29', '2027-03-01')).toBe(15);
    expect(ageOn('2012-02-29', '2028-02-29')).toBe(16);
    expect(ageOn('2012-09-07', new Date('2026-09-06T23:30:00Z'))).toBe(14);
  });

  it('takes the age on the 31 August before the academic year', () => {
    expect(ageAtAcademicYearStart('2011-08-31', '2027-09-07')).toBe(16);
    expect(ageAtAcademicYearStart('2011-09-01', '2027-09-07')).toBe(15);
    expect(ageAtAcademicYearStart('2011-08-31', '2027-08-31')).toBe(15);
  });

  it('puts 31 August and 1 September birthdays in different year groups', () => {
    expect(nationalCurriculumYear('2021-08-31', '2025-09-01')).toBe('Reception');
    expect(nationalCurriculumYear('2021-09-01', '2025-09-01')).toBe('Nursery');
    expect(nationalCurriculumYear('2021-09-01', '2026-09-01')).toBe('Reception');
    expect(nationalCurriculumYear('2011-08-31', '2027-09-07')).toBe('Year 12');
    expect(nationalCurriculumYear('2011-09-01', '2027-09-07')).toBe('Year 11');
  });

  it('changes year on 1 September, not on 31 August', () => {
    expect(nationalCurriculumYear('2015-09-01', '2026-08-31')).toBe('Year 5');
    expect(nationalCurriculumYear('2015-09-01', '2026-09-01')).toBe('Year 6');
  });

  it('runs from early years to post-19', () => {
    expect(nationalCurriculumYear('2026-04-01', '2026-05-01')).toBe('Nursery');
    expect(nationalCurriculumYear('2020-08-31', '2025-09-01')).toBe('Year 1');
    expect(nationalCurriculumYear('2009-08-31', '2026-09-01')).toBe('Year 13');
    expect(nationalCurriculumYear('2008-08-31', '2026-09-01')).toBe('Year 14');
    expect(nationalCurriculumYear('2007-08-31', '2026-09-01')).toBe('Post-19');
    expect(nationalCurriculumYear('2026-06-01', '2026-05-01')).toBeNull();
  });
});

const COMPLETE: RequestDraft = {
  child: { caseReference: 'EHC/2026/0117', childInitials: 'JS', dateOfBirth: '2012-09-07', sex: 'male', homePostcodeDistrict: 'WA7' },
  needs: {
    ehcpStatus: 'final',
    planDate: '2025-11-20',
    phaseTransfer: 'phase',
    primaryNeed: 'ASD',
    secondaryNeeds: ['SLCN'],
    sectionB: 'B',
    sectionE: 'E',
    sectionF: 'F',
  },
  placement: { lot: 1, requiredStartDate: '2026-09-03' },
  risks: { riskFlags: [], urgency: 'routine' },
};

describe('isComplete', () => {
  it('lists every step of an empty draft', () => {
    const result = isComplete({});
    expect(result.complete).toBe(false);
    if (result.complete) return;
    expect(result.incompleteSteps).toEqual(['child', 'needs', 'placement', 'risks']);
    expect(result.missing.filter((m) => m.step === 'child').map((m) => m.field)).toEqual([
      'caseReference',
      'childInitials',
      'dateOfBirth',
      'sex',
      'homePostcodeDistrict',
    ]);
  });

  it('returns the complete request, with empty lists for unanswered multi-selects', () => {
    const draft: RequestDraft = { ...COMPLETE, risks: { urgency: 'routine' } };
    const result = isComplete(draft);
    expect(result.complete).toBe(true);
    if (result.complete) expect(result.request.risks.riskFlags).toEqual([]);
  });

  it('needs a reason for an urgent request', () => {
    const result = isComplete({ ...COMPLETE, risks: { riskFlags: [], urgency: 'urgent' } });
    expect(result.complete).toBe(false);
    if (!result.complete) expect(result.missing).toEqual([{ step: 'risks', field: 'urgencyReason', message: 'An urgent request needs a reason.' }]);
  });

  it('catches a lot that no longer fits after the date of birth was edited', () => {
    const edited: RequestDraft = { ...COMPLETE, child: { ...COMPLETE.child, dateOfBirth: '2010-01-01' } };
    const result = isComplete(edited);
    expect(result.complete).toBe(false);
    if (!result.complete) {
      expect(result.incompleteSteps).toEqual(['placement']);
      expect(result.missing[0]).toMatchObject({ step: 'placement', field: 'lot' });
    }
  });
});

describe('stepInputFromDraft', () => {
  it('gives card values that validate back to the same step', () => {
    for (const step of REQUEST_STEPS) {
      const input = stepInputFromDraft(step, COMPLETE);
      expect(Object.keys(input)).toEqual([...STEP_FIELDS[step]]);
      expect(values(validate(step, input, COMPLETE))).toEqual(COMPLETE[step]);
    }
    expect(stepInputFromDraft('needs', COMPLETE).secondaryNeeds).toBe('SLCN');
    expect(stepInputFromDraft('placement', {}).lot).toBe('');
  });
});

describe('requestSummary', () => {
  it('summarises what is known, with age and year group', () => {
    const summary = requestSummary(COMPLETE, { today: TODAY });
    expect(summary.headline).toBe('JS · age 13 · ASD · Lot 1');
    expect(summary.sections.map((s) => [s.title, s.complete])).toEqual([
      ['About the child', true],
      ['Needs and EHCP', true],
      ['Placement wanted', true],
      ['Risks and practicalities', true],
    ]);
    const rows = Object.fromEntries(summary.sections.flatMap((s) => s.rows.map((r) => [r.label, r.value])));
    expect(rows).toMatchObject({
      'Date of birth': '7 September 2012',
      'Age today': '13 (Year 8)',
      'Primary need': 'ASD – Autistic spectrum disorder',
      'Secondary needs': 'SLCN – Speech, language and communication needs',
      Lot: '1 – 0–16 day',
      'Required start date': '3 September 2026',
      'Year group at start': 'Year 9 in 2026/27 (aged 13 on 31 August)',
      Risks: 'None',
      Urgency: 'Routine',
    });
  });

  it('marks unanswered steps and leaves out the age without today', () => {
    const summary = requestSummary({ child: { childInitials: 'AB' } });
    expect(summary.headline).toBe('AB');
    expect(summary.sections.every((s) => !s.complete)).toBe(true);
    const labels = summary.sections.flatMap((s) => s.rows.map((r) => r.label));
    expect(labels).not.toContain('Age today');
    expect(requestSummary({}).headline).toBe('New request');
  });
});

describe('request references', () => {
  it('formats PR-year-sequence with at least four digits', () => {
    expect(formatRequestReference(2026, 42)).toBe('PR-2026-0042');
    expect(formatRequestReference(2026, 12345)).toBe('PR-2026-12345');
    expect(() => formatRequestReference(2026, 0)).toThrow(RangeError);
    expect(() => formatRequestReference(26, 1)).toThrow(RangeError);
    expect(() => formatRequestReference(2026, 1.5)).toThrow(RangeError);
  });

  it('parses references typed in chat', () => {
    expect(parseRequestReference('PR-2026-0042')).toEqual({ year: 2026, sequence: 42 });
    expect(parseRequestReference(' pr-2026-42 ')).toEqual({ year: 2026, sequence: 42 });
    expect(parseRequestReference('PR-2026-12345')).toEqual({ year: 2026, sequence: 12345 });
    for (const bad of ['PR-26-0042', 'PR-2026-0000', 'PR-2026-', 'request PR-2026-0042', 'PR-2026-00x2']) {
      expect(parseRequestReference(bad)).toBeNull();
    }
    const parsed = parseRequestReference(formatRequestReference(2027, 7));
    expect(parsed && formatRequestReference(parsed.year, parsed.sequence)).toBe('PR-2027-0007');
  });
});
