import { describe, expect, it } from 'vitest';
import { ANNUAL_COST_MAX_PENCE, APPRAISAL_CONFIRMER_ROLES, OPTION_FIELDS, PREFERENCE_FIELDS, canConfirmAppraisal, totalAnnualCostPence, validateConfirmation, validateOption, validatePreference, type AppraisalOptionValues, type AppraisalValidation, type PreferenceValues } from '../../src/domain/appraisal/answers.js';
import { LEGAL_GROUNDS, LEGAL_GROUND_EXPLANATIONS, LEGAL_GROUND_LABELS, PLACE_AVAILABILITY, PLACE_AVAILABILITY_LABELS, ROUTES, ROUTE_LABELS, SETTING_KINDS, SETTING_KIND_LABELS, SUITABILITY, SUITABILITY_LABELS, groundFitsRoute, type Route } from '../../src/domain/appraisal/routes.js';
import { appraisalGaps, recommendRoute } from '../../src/domain/appraisal/recommendation.js';
import { costChartData, costTextTable } from '../../src/domain/appraisal/cost-chart.js';
import { formatPounds, parsePounds } from '../../src/domain/money.js';

// Friday 1 May 2026, 10:00 BST.
const TODAY = new Date('2026-05-01T09:00:00Z');
const ctx = { today: TODAY };

const CONSIDERED_INPUT = {
  considered: 'true',
  notConsideredReason: '',
  meetsSectionF: 'yes',
  suitabilityReason: 'Small classes and an on-site speech and language therapist.',
  placeAvailable: 'yes',
  availableFrom: '2026-09-03',
  parentView: 'Parents visited and like the school.',
  fee: '£45,000',
  addOns: '12,500.50',
  transport: '6000',
  therapies: '',
  travelMinutes: '35',
  legalGround: '',
  legalGroundEvidence: '',
};

function values<T>(result: AppraisalValidation<T>): T {
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.codes)}`);
  return result.values;
}

/** The error code and message of each failing field. */
function failures<T>(result: AppraisalValidation<T>): Record<string, string> {
  if (result.ok) throw new Error('expected an error');
  return result.codes;
}

function message<T>(result: AppraisalValidation<T>, field: string): string {
  if (result.ok) throw new Error('expected an error');
  return result.errors[field] ?? '';
}

const NO_COST = { feePence: 0, addOnsPence: 0, transportPence: 0, therapiesPence: 0 };

function suitable(route: Route, totalPounds: number, extra: Partial<AppraisalOptionValues> = {}): AppraisalOptionValues {
  return {
    route,
    considered: true,
    meetsSectionF: 'yes',
    suitabilityReason: 'Can deliver all of Section F.',
    placeAvailable: 'yes',
    ...NO_COST,
    feePence: totalPounds * 100,
    ...extra,
  };
}

function notConsidered(route: Route, reason = 'Not appropriate for this young person.'): AppraisalOptionValues {
  return { route, considered: false, notConsideredReason: reason, ...NO_COST };
}

const NO_PREFERENCE: PreferenceValues = { hasPreference: false };

describe('reference lists', () => {
  it('labels every route, answer and setting kind', () => {
    expect(ROUTES.map((r) => ROUTE_LABELS[r])).toEqual([
      'Mainstream school with support',
      'Resourced provision / specialist unit in a maintained school',
      'Maintained special school (in or out of area)',
      'FPS call-off (independent special school or post-16 provider)',
      'Spot purchase outside the FPS',
      'Other (e.g. block-contract place, EOTAS package)',
    ]);
    expect(SUITABILITY).toEqual(['yes', 'partly', 'no']);
    expect(PLACE_AVAILABILITY).toEqual(['yes', 'no', 'unknown', 'call_off']);
    for (const s of SUITABILITY) expect(SUITABILITY_LABELS[s]).not.toBe('');
    for (const p of PLACE_AVAILABILITY) expect(PLACE_AVAILABILITY_LABELS[p]).not.toBe('');
    expect(SETTING_KINDS).toEqual(['maintained', 's41_approved', 'independent_not_s41']);
    for (const k of SETTING_KINDS) expect(SETTING_KIND_LABELS[k]).not.toBe('');
  });

  it('explains each legal ground in one sentence citing the right Act and section', () => {
    const cites: Record<string, RegExp> = {
      s33_incompatible_with_wishes: /^Under s\.33\(2\)\(a\) of the Children and Families Act 2014 .*wishes/,
      s33_incompatible_with_efficient_education_of_others: /^Under s\.33\(2\)\(b\) of the Children and Families Act 2014 .*no reasonable steps/,
      s39_4_unsuitable: /^Under s\.39\(4\)\(a\) of the Children and Families Act 2014 .*age, ability, aptitude or special educational needs/,
      s39_4_incompatible_with_efficient_education_of_others: /^Under s\.39\(4\)\(b\)\(i\) of the Children and Families Act 2014 .*efficient education for others/,
      s39_4_incompatible_with_efficient_use_of_resources: /^Under s\.39\(4\)\(b\)\(ii\) of the Children and Families Act 2014 .*efficient use of resources/,
      s9_unreasonable_public_expenditure: /^Under s\.9 of the Education Act 1996 .*unreasonable public expenditure/,
    };
    for (const ground of LEGAL_GROUNDS) {
      const text = LEGAL_GROUND_EXPLANATIONS[ground];
      expect(text).toMatch(cites[ground] as RegExp);
      // One sentence: a single full stop at the end, none between words.
      expect(text.endsWith('.')).toBe(true);
      expect(text.slice(0, -1)).not.toMatch(/\.\s+[A-Z]/);
      expect(LEGAL_GROUND_LABELS[ground]).toMatch(/^s\.(33|39\(4\)|9)/);
    }
  });

  it('allows s.33 grounds on mainstream only, s.39(4) anywhere but other, s.9 on independent routes', () => {
    const allowed = (ground: (typeof LEGAL_GROUNDS)[number]) => ROUTES.filter((r) => groundFitsRoute(ground, r));
    expect(allowed('s33_incompatible_with_wishes')).toEqual(['mainstream']);
    expect(allowed('s33_incompatible_with_efficient_education_of_others')).toEqual(['mainstream']);
    expect(allowed('s39_4_unsuitable')).toEqual(['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase']);
    expect(allowed('s39_4_incompatible_with_efficient_use_of_resources')).not.toContain('other');
    expect(allowed('s9_unreasonable_public_expenditure')).toEqual(['fps_call_off', 'spot_purchase', 'other']);
  });
});

describe('parsePounds and formatPounds', () => {
  it('reads pounds as typed into integer pence', () => {
    expect(parsePounds('45000')).toBe(4_500_000);
    expect(parsePounds('£45,000')).toBe(4_500_000);
    expect(parsePounds('45,000.50')).toBe(4_500_050);
    expect(parsePounds('£1,528')).toBe(152_800);
    expect(parsePounds('1528.5')).toBe(152_850);
    expect(parsePounds('  £12  ')).toBe(1_200);
    expect(parsePounds('0')).toBe(0);
    expect(parsePounds('£ 2,000,000.01')).toBe(200_000_001);
    // Pence arithmetic is exact where floating-point pounds are not (0.29 * 100 = 28.999…).
    expect(parsePounds('0.29')).toBe(29);
  });

  it('refuses what is not an amount of pounds', () => {
    for (const bad of ['-5', '£-5', 'abc', '', '   ', '1.555', '4,5000', '45,00', '1e5', '45k', '£', '12.', '.5', '99999999999999999999', '1'.repeat(40)]) {
      expect(parsePounds(bad), bad).toBeNull();
    }
  });

  it('formats pence as pounds, showing pence only when there are some', () => {
    expect(formatPounds(4_500_000)).toBe('£45,000');
    expect(formatPounds(4_500_050)).toBe('£45,000.50');
    expect(formatPounds(152_850)).toBe('£1,528.50');
    expect(formatPounds(5)).toBe('£0.05');
    expect(formatPounds(0)).toBe('£0');
    expect(formatPounds(123_456_789)).toBe('£1,234,567.89');
    expect(formatPounds(-500)).toBe('-£5');
    expect(() => formatPounds(1.5)).toThrow(RangeError);
  });

  it('round-trips', () => {
    for (const pence of [0, 1, 99, 100, 152_850, 200_000_000]) expect(parsePounds(formatPounds(pence))).toBe(pence);
  });
});

describe('validateOption', () => {
  it('has one card input per field', () => {
    expect(Object.keys(CONSIDERED_INPUT)).toEqual([...OPTION_FIELDS]);
  });

  it('accepts a considered route and stores costs in pence', () => {
    expect(validateOption('maintained_special', CONSIDERED_INPUT, ctx)).toEqual({
      ok: true,
      values: {
        route: 'maintained_special',
        considered: true,
        meetsSectionF: 'yes',
        suitabilityReason: 'Small classes and an on-site speech and language therapist.',
        placeAvailable: 'yes',
        availableFrom: '2026-09-03',
        parentView: 'Parents visited and like the school.',
        feePence: 4_500_000,
        addOnsPence: 1_250_050,
        transportPence: 600_000,
        therapiesPence: 0,
        travelMinutes: 35,
      },
      warnings: [],
    });
  });

  it('reads real booleans and numbers as a card or a test might send them', () => {
    const v = values(validateOption('mainstream', { ...CONSIDERED_INPUT, considered: true, fee: 45000, travelMinutes: 20 }, ctx));
    expect(v.considered).toBe(true);
    expect(v.feePence).toBe(4_500_000);
    expect(v.travelMinutes).toBe(20);
  });

  it('leaves optional answers out of the values when empty', () => {
    const v = values(
      validateOption('mainstream', { considered: 'true', meetsSectionF: 'no', suitabilityReason: 'Needs a specialist setting.', placeAvailable: 'unknown' }, ctx),
    );
    expect(v).toEqual({
      route: 'mainstream',
      considered: true,
      meetsSectionF: 'no',
      suitabilityReason: 'Needs a specialist setting.',
      placeAvailable: 'unknown',
      ...NO_COST,
    });
  });

  it('asks first whether the route was considered', () => {
    const missing = validateOption('mainstream', {}, ctx);
    expect(failures(missing)).toEqual({ considered: 'required' });
    expect(message(missing, 'considered')).toBe('Say whether this route was considered.');
    expect(failures(validateOption('mainstream', { considered: 'maybe' }, ctx))).toEqual({ considered: 'not_in_list' });
    if (missing.ok) return;
    expect(missing.kept).toEqual(Object.fromEntries(OPTION_FIELDS.map((f) => [f, ''])));
  });

  it('needs only a reason for a route that was not considered, ignoring the other answers', () => {
    const result = validateOption(
      'spot_purchase',
      { ...CONSIDERED_INPUT, considered: 'false', notConsideredReason: 'The FPS covers this need.', fee: 'abc', meetsSectionF: 'perhaps' },
      ctx,
    );
    expect(result).toEqual({
      ok: true,
      values: {
        route: 'spot_purchase',
        considered: false,
        notConsideredReason: 'The FPS covers this need.',
        parentView: 'Parents visited and like the school.',
        ...NO_COST,
      },
      warnings: [],
    });
  });

  it('requires the reason a route was not considered, up to 500 characters', () => {
    const missing = validateOption('other', { considered: 'false' }, ctx);
    expect(failures(missing)).toEqual({ notConsideredReason: 'required' });
    expect(message(missing, 'notConsideredReason')).toBe('Say why this route was not considered.');
    expect(values(validateOption('other', { considered: 'false', notConsideredReason: 'x'.repeat(500) }, ctx)).notConsideredReason).toHaveLength(500);
    expect(failures(validateOption('other', { considered: 'false', notConsideredReason: 'x'.repeat(501) }, ctx))).toEqual({ notConsideredReason: 'too_long' });
  });

  it('requires the Section F answer, its reason and place availability for a considered route', () => {
    const result = validateOption('fps_call_off', { considered: 'true' }, ctx);
    expect(failures(result)).toEqual({ meetsSectionF: 'required', suitabilityReason: 'required', placeAvailable: 'required' });
    expect(message(result, 'suitabilityReason')).toBe('Give the reason for your answer about Section F.');
    expect(failures(validateOption('fps_call_off', { ...CONSIDERED_INPUT, meetsSectionF: 'mostly', placeAvailable: 'soon' }, ctx))).toEqual({
      meetsSectionF: 'not_in_list',
      placeAvailable: 'not_in_list',
    });
  });

  it('accepts choices in any case', () => {
    const v = values(validateOption('fps_call_off', { ...CONSIDERED_INPUT, meetsSectionF: ' Partly ', placeAvailable: 'UNKNOWN' }, ctx));
    expect([v.meetsSectionF, v.placeAvailable]).toEqual(['partly', 'unknown']);
  });

  it('limits the suitability reason and the parent’s view to 1,000 characters', () => {
    expect(values(validateOption('mainstream', { ...CONSIDERED_INPUT, suitabilityReason: 'x'.repeat(1000) }, ctx)).suitabilityReason).toHaveLength(1000);
    const long = validateOption('mainstream', { ...CONSIDERED_INPUT, suitabilityReason: 'x'.repeat(1001), parentView: 'y'.repeat(1001) }, ctx);
    expect(failures(long)).toEqual({ suitabilityReason: 'too_long', parentView: 'too_long' });
    expect(message(long, 'parentView')).toBe('Keep this to 1,000 characters or fewer (it is 1,001).');
  });

  it('reads the date a place is available from, which must be real and within three years', () => {
    expect(values(validateOption('mainstream', { ...CONSIDERED_INPUT, availableFrom: '7 September 2026' }, ctx)).availableFrom).toBe('2026-09-07');
    expect(values(validateOption('mainstream', { ...CONSIDERED_INPUT, availableFrom: '03/09/2026' }, ctx)).availableFrom).toBe('2026-09-03');
    // A place that has been free since before today is available now.
    expect(values(validateOption('mainstream', { ...CONSIDERED_INPUT, availableFrom: '2026-01-05' }, ctx)).availableFrom).toBe('2026-01-05');
    expect(values(validateOption('mainstream', { ...CONSIDERED_INPUT, availableFrom: '2029-05-01' }, ctx)).availableFrom).toBe('2029-05-01');
    const late = validateOption('mainstream', { ...CONSIDERED_INPUT, availableFrom: '2029-05-02' }, ctx);
    expect(failures(late)).toEqual({ availableFrom: 'date_out_of_range' });
    expect(message(late, 'availableFrom')).toBe('The date a place is available from must be within the next 3 years.');
    const unreal = validateOption('mainstream', { ...CONSIDERED_INPUT, availableFrom: '31/02/2027' }, ctx);
    expect(failures(unreal)).toEqual({ availableFrom: 'invalid_date' });
    expect(message(unreal, 'availableFrom')).toContain('not a real date');
    expect(failures(validateOption('mainstream', { ...CONSIDERED_INPUT, availableFrom: 'soonish' }, ctx))).toEqual({ availableFrom: 'invalid_date' });
  });

  it('checks each annual cost: empty is £0, never negative, at most £2,000,000', () => {
    const v = values(validateOption('fps_call_off', { ...CONSIDERED_INPUT, fee: '£1,528', addOns: '1528.5', transport: '', therapies: '£2,000,000' }, ctx));
    expect([v.feePence, v.addOnsPence, v.transportPence, v.therapiesPence]).toEqual([152_800, 152_850, 0, ANNUAL_COST_MAX_PENCE]);

    const bad = validateOption('fps_call_off', { ...CONSIDERED_INPUT, fee: '-5', addOns: 'abc', transport: '£ 2,000,000.01', therapies: '1.555' }, ctx);
    expect(failures(bad)).toEqual({ fee: 'negative_amount', addOns: 'invalid_amount', transport: 'amount_too_large', therapies: 'invalid_amount' });
    expect(message(bad, 'fee')).toBe("A cost can't be negative. Enter 0 if there is none.");
    expect(message(bad, 'addOns')).toBe('Enter an amount in pounds a year, e.g. 45000 or £45,000.50.');
    expect(message(bad, 'transport')).toBe('Each cost must be £2,000,000 a year or less: check the number of digits.');
  });

  it('reads the travel time as whole minutes from 0 to 300', () => {
    expect(values(validateOption('mainstream', { ...CONSIDERED_INPUT, travelMinutes: '0' }, ctx)).travelMinutes).toBe(0);
    expect(values(validateOption('mainstream', { ...CONSIDERED_INPUT, travelMinutes: '300' }, ctx)).travelMinutes).toBe(300);
    expect(failures(validateOption('mainstream', { ...CONSIDERED_INPUT, travelMinutes: '301' }, ctx))).toEqual({ travelMinutes: 'out_of_range' });
    for (const bad of ['45.5', '-1', 'forty', '1e2']) {
      const result = validateOption('mainstream', { ...CONSIDERED_INPUT, travelMinutes: bad }, ctx);
      expect(failures(result), bad).toEqual({ travelMinutes: 'invalid_number' });
      expect(message(result, 'travelMinutes')).toBe('Enter the travel time in whole minutes, from 0 to 300.');
    }
  });

  it('stores a legal ground with its evidence', () => {
    const v = values(
      validateOption(
        'mainstream',
        { ...CONSIDERED_INPUT, legalGround: 's33_incompatible_with_wishes', legalGroundEvidence: 'Parents asked in writing for a special school.' },
        ctx,
      ),
    );
    expect([v.legalGround, v.legalGroundEvidence]).toEqual(['s33_incompatible_with_wishes', 'Parents asked in writing for a special school.']);
  });

  it('requires evidence for a ground, and a ground for evidence', () => {
    const noEvidence = validateOption('fps_call_off', { ...CONSIDERED_INPUT, legalGround: 's9_unreasonable_public_expenditure' }, ctx);
    expect(failures(noEvidence)).toEqual({ legalGroundEvidence: 'required' });
    expect(failures(validateOption('fps_call_off', { ...CONSIDERED_INPUT, legalGroundEvidence: 'Costs twice the alternative.' }, ctx))).toEqual({
      legalGround: 'evidence_without_ground',
    });
    expect(
      failures(
        validateOption('fps_call_off', { ...CONSIDERED_INPUT, legalGround: 's39_4_unsuitable', legalGroundEvidence: 'x'.repeat(1001) }, ctx),
      ),
    ).toEqual({ legalGroundEvidence: 'too_long' });
    expect(failures(validateOption('fps_call_off', { ...CONSIDERED_INPUT, legalGround: 's99_made_up', legalGroundEvidence: 'Evidence.' }, ctx))).toEqual({
      legalGround: 'not_in_list',
    });
  });

  it('refuses a ground that does not fit the route', () => {
    const withGround = (route: Route, legalGround: string) =>
      validateOption(route, { ...CONSIDERED_INPUT, legalGround, legalGroundEvidence: 'Evidence on file.' }, ctx);
    const s33 = withGround('fps_call_off', 's33_incompatible_with_wishes');
    expect(failures(s33)).toEqual({ legalGround: 'ground_not_for_route' });
    expect(message(s33, 'legalGround')).toContain('only be recorded on the mainstream route');
    expect(failures(withGround('mainstream', 's9_unreasonable_public_expenditure'))).toEqual({ legalGround: 'ground_not_for_route' });
    expect(failures(withGround('maintained_special', 's9_unreasonable_public_expenditure'))).toEqual({ legalGround: 'ground_not_for_route' });
    expect(failures(withGround('other', 's39_4_incompatible_with_efficient_use_of_resources'))).toEqual({ legalGround: 'ground_not_for_route' });
    expect(withGround('spot_purchase', 's39_4_incompatible_with_efficient_use_of_resources').ok).toBe(true);
    expect(withGround('other', 's9_unreasonable_public_expenditure').ok).toBe(true);
    expect(withGround('mainstream', 's33_incompatible_with_efficient_education_of_others').ok).toBe(true);
  });

  it('keeps what was typed so the card can be shown again, and refuses answers of the wrong type', () => {
    const result = validateOption('mainstream', { ...CONSIDERED_INPUT, fee: 'abc', suitabilityReason: { forged: true } }, ctx);
    expect(failures(result)).toEqual({ suitabilityReason: 'invalid_type', fee: 'invalid_amount' });
    if (result.ok) return;
    expect(result.kept.fee).toBe('abc');
    expect(result.kept.suitabilityReason).toBe('');
    expect(result.kept.travelMinutes).toBe('35');
    expect(Object.keys(result.kept)).toEqual([...OPTION_FIELDS]);
  });

  it('warns about personal data in free text without refusing it', () => {
    const result = validateOption(
      'mainstream',
      { ...CONSIDERED_INPUT, parentView: 'Mother says Jack Smith is settled here.', suitabilityReason: 'Call the SENCO on 07700 900123.' },
      ctx,
    );
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Parent's or young person's view: This looks like it contains a person's full name/),
      expect.stringMatching(/^Reason \(Section F\): This looks like it contains a phone number/),
    ]);
  });
});

describe('a place to be tested by the call-off (issue 12, finding 3)', () => {
  const CALL_OFF = { ...CONSIDERED_INPUT, placeAvailable: 'call_off', availableFrom: '' };
  const REGIONAL = { annualPence: 12_920_000, basis: 'the regional median for lot 1 and ASD' };

  it('is an answer only for an FPS call-off or a spot purchase', () => {
    expect(values(validateOption('fps_call_off', CALL_OFF, ctx)).placeAvailable).toBe('call_off');
    expect(values(validateOption('spot_purchase', CALL_OFF, ctx)).placeAvailable).toBe('call_off');
    for (const route of ['mainstream', 'resourced_provision', 'maintained_special', 'other'] as const) {
      expect(failures(validateOption(route, CALL_OFF, ctx))).toEqual({ placeAvailable: 'not_in_list' });
    }
  });

  it("records the officer's fee as an estimate, and the regional figure when the FPS fee is left blank", () => {
    expect(values(validateOption('fps_call_off', CALL_OFF, { ...ctx, regionalFee: REGIONAL }))).toMatchObject({ feePence: 4_500_000, feeEstimate: { source: 'officer' } });
    expect(values(validateOption('fps_call_off', { ...CALL_OFF, fee: '' }, { ...ctx, regionalFee: REGIONAL }))).toMatchObject({
      feePence: 12_920_000,
      feeEstimate: { source: 'regional', basis: REGIONAL.basis },
    });
    // A known place keeps its fee as typed, never an estimate.
    expect(values(validateOption('fps_call_off', { ...CONSIDERED_INPUT, fee: '' }, { ...ctx, regionalFee: REGIONAL })).feeEstimate).toBeUndefined();
  });

  it('asks for an estimate when there is no figure to fall back on', () => {
    expect(message(validateOption('fps_call_off', { ...CALL_OFF, fee: '' }, ctx), 'fee')).toMatch(/too few placements/);
    expect(message(validateOption('spot_purchase', { ...CALL_OFF, fee: '' }, { ...ctx, regionalFee: REGIONAL }), 'fee')).toMatch(/estimated annual fee/);
  });

  it('recommends the cheaper estimated FPS over a dearer spot purchase, never calling the estimate the lowest cost outright', () => {
    const fps = suitable('fps_call_off', 140_600, { placeAvailable: 'call_off', feeEstimate: { source: 'regional', basis: 'the regional median' } });
    const spot = suitable('spot_purchase', 182_000, { placeAvailable: 'call_off', feeEstimate: { source: 'officer', basis: "the officer's estimate" } });
    const rec = recommendRoute([notConsidered('mainstream'), notConsidered('resourced_provision'), notConsidered('maintained_special'), fps, spot, notConsidered('other')], NO_PREFERENCE);
    expect(rec.route).toBe('fps_call_off');
    expect(rec.rule).toBe('lowest_estimated_cost');
    expect(rec.reasons.join(' ')).toMatch(/an estimate/);
    expect(rec.reasons.join(' ')).toMatch(/The call-off will find out whether/);
    expect(costTextTable(rec.comparison)).toMatch(/FPS.*£140,600 \(estimate\).*to be tested by the call-off/);
  });

  it('calls the only suitable route that, not the lowest cost', () => {
    const rec = recommendRoute([notConsidered('mainstream'), notConsidered('resourced_provision'), notConsidered('maintained_special'), suitable('fps_call_off', 140_600), notConsidered('spot_purchase'), notConsidered('other')], NO_PREFERENCE);
    expect(rec.rule).toBe('only_suitable_route');
  });
});

describe('validatePreference', () => {
  const NAMED = {
    hasPreference: 'true',
    settingName: 'Oak Tree School',
    settingKind: 's41_approved',
    route: 'fps_call_off',
    councilWillName: 'true',
    ground: '',
    groundEvidence: '',
    views: 'The young person wants a small school near home.',
  };

  it('has one card input per field', () => {
    expect(Object.keys(NAMED)).toEqual([...PREFERENCE_FIELDS]);
  });

  it('records that there is no preference, with the views', () => {
    expect(validatePreference({ hasPreference: 'false', views: 'Happy with any school that meets his needs.' }, ctx)).toEqual({
      ok: true,
      values: { hasPreference: false, views: 'Happy with any school that meets his needs.' },
      warnings: [],
    });
    expect(values(validatePreference({ hasPreference: false }, ctx))).toEqual({ hasPreference: false });
  });

  it('asks whether there is a preference', () => {
    expect(failures(validatePreference({}, ctx))).toEqual({ hasPreference: 'required' });
  });

  it('accepts a named setting the council will name, ignoring any ground', () => {
    expect(values(validatePreference({ ...NAMED, ground: 's39_4_unsuitable', groundEvidence: 'Left over.' }, ctx))).toEqual({
      hasPreference: true,
      settingName: 'Oak Tree School',
      settingKind: 's41_approved',
      route: 'fps_call_off',
      councilWillName: true,
      views: 'The young person wants a small school near home.',
    });
  });

  it('requires the setting, its kind, its route and whether the council will name it', () => {
    const result = validatePreference({ hasPreference: 'true' }, ctx);
    expect(failures(result)).toEqual({ settingName: 'required', settingKind: 'required', route: 'required', councilWillName: 'required' });
    expect(failures(validatePreference({ ...NAMED, settingName: 'x'.repeat(121), route: 'home' }, ctx))).toEqual({
      settingName: 'too_long',
      route: 'not_in_list',
    });
  });

  it('requires a ground and its evidence when the council will not name the setting', () => {
    const result = validatePreference({ ...NAMED, councilWillName: 'false' }, ctx);
    expect(failures(result)).toEqual({ ground: 'required', groundEvidence: 'required' });
    expect(message(result, 'ground')).toBe('Choose the legal ground for not naming the setting asked for.');
    expect(failures(validatePreference({ ...NAMED, councilWillName: 'false', ground: 's39_4_unsuitable', groundEvidence: 'x'.repeat(1001) }, ctx))).toEqual({
      groundEvidence: 'too_long',
    });
  });

  it('accepts the s.39(4) grounds for maintained and s.41 settings and s.9 for other independent schools', () => {
    const refuse = (settingKind: string, ground: string) =>
      validatePreference({ ...NAMED, settingKind, councilWillName: 'false', ground, groundEvidence: 'Costs compared on 20 April.' }, ctx);
    expect(values(refuse('s41_approved', 's39_4_incompatible_with_efficient_use_of_resources'))).toMatchObject({
      councilWillName: false,
      ground: 's39_4_incompatible_with_efficient_use_of_resources',
      groundEvidence: 'Costs compared on 20 April.',
    });
    expect(refuse('maintained', 's39_4_unsuitable').ok).toBe(true);
    expect(refuse('independent_not_s41', 's9_unreasonable_public_expenditure').ok).toBe(true);
  });

  it('refuses a ground that does not apply to the kind of setting', () => {
    const refuse = (settingKind: string, ground: string) =>
      validatePreference({ ...NAMED, settingKind, councilWillName: 'false', ground, groundEvidence: 'Evidence on file.' }, ctx);
    const s9ForMaintained = refuse('maintained', 's9_unreasonable_public_expenditure');
    expect(failures(s9ForMaintained)).toEqual({ ground: 'ground_not_for_setting_kind' });
    expect(message(s9ForMaintained, 'ground')).toContain('s.39(4) ground');
    const s39ForIndependent = refuse('independent_not_s41', 's39_4_incompatible_with_efficient_use_of_resources');
    expect(failures(s39ForIndependent)).toEqual({ ground: 'ground_not_for_setting_kind' });
    expect(message(s39ForIndependent, 'ground')).toContain('s.9 of the Education Act 1996');
    expect(failures(refuse('s41_approved', 's33_incompatible_with_wishes'))).toEqual({ ground: 'ground_not_for_setting_kind' });
  });
});

describe('totalAnnualCostPence', () => {
  it('adds fee, add-ons, transport and therapies in pence', () => {
    expect(totalAnnualCostPence({ feePence: 4_500_000, addOnsPence: 1_250_050, transportPence: 600_000, therapiesPence: 99 })).toBe(6_350_149);
    // A vacant funded place in a maintained school: the caseworker enters no fee.
    expect(totalAnnualCostPence({ ...NO_COST, transportPence: 250_000 })).toBe(250_000);
  });
});

describe('recommendRoute', () => {
  const REST_NOT_CONSIDERED = [notConsidered('spot_purchase'), notConsidered('other')];

  describe('mainstream presumption (s.33)', () => {
    it('recommends suitable mainstream even when another suitable route costs less', () => {
      const rec = recommendRoute(
        [
          suitable('mainstream', 30_000, { addOnsPence: 1_200_000 }),
          suitable('resourced_provision', 25_000),
          notConsidered('maintained_special'),
          suitable('fps_call_off', 60_000),
          ...REST_NOT_CONSIDERED,
        ],
        NO_PREFERENCE,
      );
      expect(rec.route).toBe('mainstream');
      expect(rec.rule).toBe('mainstream_presumption');
      expect(rec.reasons).toContain(
        'It is recommended although Resourced provision / specialist unit in a maintained school would cost £17,000 a year less (£25,000 against £42,000): the presumption does not depend on cost.',
      );
      expect(rec.reasons.some((r) => r.includes('Under s.33 of the Children and Families Act 2014') && r.includes('no such exception has been recorded'))).toBe(true);
      expect(rec.warnings).toEqual([]);
    });

    it('excludes mainstream when an exception is recorded, and the next route wins', () => {
      const rec = recommendRoute(
        [
          suitable('mainstream', 10_000, { legalGround: 's33_incompatible_with_wishes', legalGroundEvidence: 'Parents asked in writing for a special school' }),
          notConsidered('resourced_provision'),
          suitable('maintained_special', 35_000),
          suitable('fps_call_off', 60_000),
          ...REST_NOT_CONSIDERED,
        ],
        NO_PREFERENCE,
      );
      expect(rec.route).toBe('maintained_special');
      expect(rec.rule).toBe('lowest_cost');
      const mainstream = rec.comparison.find((c) => c.route === 'mainstream');
      expect(mainstream).toMatchObject({ suitable: true, legalGround: 's33_incompatible_with_wishes', totalPence: 1_000_000 });
      expect(mainstream?.excludedBecause).toContain('an exception to the mainstream presumption');
      expect(mainstream?.excludedBecause).toContain('Evidence recorded: Parents asked in writing for a special school.');
      expect(rec.reasons.some((r) => r.startsWith('The mainstream presumption (s.33 of the Children and Families Act 2014) was considered, but mainstream cannot be recommended.'))).toBe(
        true,
      );
    });

    it('says why the presumption does not apply when mainstream is unsuitable or not considered', () => {
      const unsuitable = recommendRoute(
        [
          { ...suitable('mainstream', 0), meetsSectionF: 'no', suitabilityReason: 'Needs a waking-day curriculum' },
          suitable('maintained_special', 35_000),
        ],
        NO_PREFERENCE,
      );
      expect(unsuitable.reasons).toContain(
        'The mainstream presumption (s.33 of the Children and Families Act 2014) was considered, but mainstream cannot be recommended. It cannot meet the provision in Section F. Reason given: Needs a waking-day curriculum.',
      );
      const skipped = recommendRoute([notConsidered('mainstream', 'Tribunal order names a special school'), suitable('maintained_special', 35_000)], NO_PREFERENCE);
      expect(skipped.reasons).toContain(
        'The mainstream presumption (s.33 of the Children and Families Act 2014) was considered, but mainstream cannot be recommended. It was not considered. Reason given: Tribunal order names a special school.',
      );
      expect(skipped.route).toBe('maintained_special');
    });
  });

  describe('parental preference', () => {
    const OPTIONS = [
      suitable('mainstream', 12_000),
      suitable('maintained_special', 38_000),
      suitable('fps_call_off', 65_000, { therapiesPence: 500_000 }),
      notConsidered('resourced_provision'),
      ...REST_NOT_CONSIDERED,
    ];

    it('honours a named setting the council will name, even though it is dearer', () => {
      const rec = recommendRoute(OPTIONS, {
        hasPreference: true,
        settingName: 'Oak Tree School',
        settingKind: 's41_approved',
        route: 'fps_call_off',
        councilWillName: true,
      });
      expect(rec.route).toBe('fps_call_off');
      expect(rec.rule).toBe('preference_named');
      expect(rec.reasons[0]).toBe(
        'The parent or young person asked for Oak Tree School (independent special school or specialist post-16 institution on the s.41 approved list), and the council will name it.',
      );
      expect(rec.reasons).toContain(
        'It costs £70,000 a year, which is £58,000 more than the lowest-cost suitable route, Mainstream school with support, at £12,000; the council has recorded no ground for refusing the request, so the higher cost does not override it.',
      );
      expect(rec.reasons.some((r) => r.startsWith('Under s.39(4) of the Children and Families Act 2014'))).toBe(true);
      expect(rec.reasons.some((r) => r.includes('does not displace this request') && r.includes('s.39(5)'))).toBe(true);
      expect(rec.warnings).toEqual([]);
    });

    it('cites s.9 for a named independent school outside the s.41 list', () => {
      const rec = recommendRoute(OPTIONS, {
        hasPreference: true,
        settingName: 'Birch House',
        settingKind: 'independent_not_s41',
        route: 'fps_call_off',
        councilWillName: true,
      });
      expect(rec.rule).toBe('preference_named');
      expect(rec.reasons.some((r) => r.startsWith('Under s.9 of the Education Act 1996'))).toBe(true);
    });

    it('recommends nothing while the ground for not naming the setting is missing', () => {
      const rec = recommendRoute(OPTIONS, {
        hasPreference: true,
        settingName: 'Oak Tree School',
        settingKind: 's41_approved',
        route: 'fps_call_off',
        councilWillName: false,
      });
      expect(rec.route).toBeNull();
      expect(rec.rule).toBe('preference_ground_missing');
      expect(rec.reasons[0]).toContain('but no legal ground for not naming it has been recorded');
      expect(rec.reasons[0]).toContain('No route can be recommended until the legal ground for not naming the setting and its evidence are recorded.');
    });

    it('refuses a recorded ground that does not fit the kind of setting', () => {
      const rec = recommendRoute(OPTIONS, {
        hasPreference: true,
        settingName: 'Birch House',
        settingKind: 'independent_not_s41',
        route: 'fps_call_off',
        councilWillName: false,
        ground: 's39_4_incompatible_with_efficient_use_of_resources',
        groundEvidence: 'Costs compared.',
      });
      expect(rec.route).toBeNull();
      expect(rec.rule).toBe('preference_ground_missing');
      expect(rec.reasons[0]).toContain('does not apply to this kind of setting, which can only be declined on s.9: unreasonable public expenditure');
    });

    it('applies the other rules once a fitting ground is recorded, and records the ground in the reasons', () => {
      const rec = recommendRoute(OPTIONS, {
        hasPreference: true,
        settingName: 'Birch House',
        settingKind: 'independent_not_s41',
        route: 'fps_call_off',
        councilWillName: false,
        ground: 's9_unreasonable_public_expenditure',
        groundEvidence: 'Nearly six times the cost of the mainstream package',
      });
      expect(rec.route).toBe('mainstream');
      expect(rec.rule).toBe('mainstream_presumption');
      expect(rec.reasons[0]).toBe(
        `The parent or young person asked for Birch House (independent school not on the s.41 approved list); the council does not intend to name it and relies on s.9: unreasonable public expenditure. ${LEGAL_GROUND_EXPLANATIONS.s9_unreasonable_public_expenditure} Evidence recorded: Nearly six times the cost of the mainstream package.`,
      );
    });

    it('does not follow a named setting whose route is not suitable, and warns', () => {
      const rec = recommendRoute(
        [suitable('mainstream', 12_000), { ...suitable('fps_call_off', 65_000), placeAvailable: 'no' }],
        { hasPreference: true, settingName: 'Oak Tree School', settingKind: 's41_approved', route: 'fps_call_off', councilWillName: true },
      );
      expect(rec.route).toBe('mainstream');
      expect(rec.rule).toBe('mainstream_presumption');
      expect(rec.reasons[0]).toContain('but its route cannot be recommended in this appraisal. No place is available.');
      expect(rec.warnings).toContain(
        'The council said it will name Oak Tree School, but its route is not suitable in this appraisal: check the answers before the route is confirmed.',
      );
    });
  });

  describe('lowest cost to the public purse', () => {
    it('compares the whole cost: fee, add-ons, transport and therapies', () => {
      const rec = recommendRoute(
        [
          notConsidered('mainstream'),
          suitable('resourced_provision', 20_000, { addOnsPence: 1_500_000, transportPence: 1_000_000 }),
          suitable('maintained_special', 40_000),
          suitable('fps_call_off', 38_000, { therapiesPence: 300_000 }),
          ...REST_NOT_CONSIDERED,
        ],
        NO_PREFERENCE,
      );
      expect(rec.route).toBe('maintained_special');
      expect(rec.rule).toBe('lowest_cost');
      expect(rec.comparison.map((c) => c.totalPence)).toEqual([0, 4_500_000, 4_000_000, 4_100_000, 0, 0]);
      expect(rec.reasons).toContain(
        'Of the remaining routes that can meet Section F with a place available, Maintained special school (in or out of area) has the lowest total annual cost to the public purse: £40,000 (fee £40,000, add-ons £0, transport £0, therapies £0).',
      );
      expect(rec.reasons).toContain(
        'FPS call-off (independent special school or post-16 provider) can meet Section F with a place available, but costs £41,000 a year, £1,000 more than the recommended route.',
      );
    });

    it('breaks a tie by route order and says it is a tie', () => {
      const rec = recommendRoute(
        [
          notConsidered('mainstream'),
          notConsidered('resourced_provision'),
          suitable('spot_purchase', 50_000),
          suitable('fps_call_off', 45_000, { transportPence: 500_000 }),
          suitable('maintained_special', 60_000),
          notConsidered('other'),
        ],
        NO_PREFERENCE,
      );
      expect(rec.route).toBe('fps_call_off');
      expect(rec.rule).toBe('lowest_cost_tie');
      expect(rec.reasons).toContain(
        'FPS call-off (independent special school or post-16 provider) and Spot purchase outside the FPS can each meet Section F with a place available and cost the same, £50,000 a year to the public purse. This is a tie: FPS call-off (independent special school or post-16 provider) is recommended because it comes first in the order of routes (maintained and in-house provision before independent), not because it costs less.',
      );
    });

    it('prefers a maintained route in a tie with an independent one', () => {
      const rec = recommendRoute([notConsidered('mainstream'), suitable('fps_call_off', 40_000), suitable('maintained_special', 40_000)], NO_PREFERENCE);
      expect([rec.route, rec.rule]).toEqual(['maintained_special', 'lowest_cost_tie']);
    });

    it('treats "partly" and "unknown" as not suitable and says so, even when they are cheaper', () => {
      const rec = recommendRoute(
        [
          { ...suitable('mainstream', 5_000), meetsSectionF: 'partly', suitabilityReason: 'Cannot provide daily speech therapy' },
          { ...suitable('resourced_provision', 20_000), placeAvailable: 'unknown' },
          suitable('maintained_special', 40_000),
          notConsidered('fps_call_off'),
          ...REST_NOT_CONSIDERED,
        ],
        NO_PREFERENCE,
      );
      expect(rec.route).toBe('maintained_special');
      const byRoute = Object.fromEntries(rec.comparison.map((c) => [c.route, c]));
      expect(byRoute.mainstream?.suitable).toBe(false);
      expect(byRoute.mainstream?.excludedBecause).toContain('"partly" is not enough');
      expect(byRoute.resourced_provision?.suitable).toBe(false);
      expect(byRoute.resourced_provision?.excludedBecause).toContain('"unknown" is not enough');
      expect(rec.reasons).toContain(
        'Resourced provision / specialist unit in a maintained school is not recommended. It is not known whether a place is available, and a route is only recommended when a place is confirmed, so "unknown" is not enough.',
      );
      expect(rec.reasons.some((r) => r.endsWith('"partly" is not enough. Reason given: Cannot provide daily speech therapy.'))).toBe(true);
    });

    it('excludes a suitable route on which a legal ground is recorded', () => {
      const rec = recommendRoute(
        [
          notConsidered('mainstream'),
          suitable('spot_purchase', 30_000, { legalGround: 's9_unreasonable_public_expenditure', legalGroundEvidence: 'Out of region, with residential costs.' }),
          suitable('fps_call_off', 50_000),
        ],
        NO_PREFERENCE,
      );
      expect(rec.route).toBe('fps_call_off');
      expect(rec.reasons).toContain(
        'FPS call-off (independent special school or post-16 provider) is the only remaining route that can meet Section F with a place available; its total annual cost to the public purse is £50,000 (fee £50,000, add-ons £0, transport £0, therapies £0).',
      );
      expect(rec.comparison.find((c) => c.route === 'spot_purchase')?.excludedBecause).toContain('a legal ground against this route: s.9: unreasonable public expenditure');
    });

    it('mentions when a place becomes available', () => {
      const rec = recommendRoute([suitable('mainstream', 8_000, { availableFrom: '2026-09-03' })], NO_PREFERENCE);
      expect(rec.reasons.some((r) => r.includes('has a place available from 3 September 2026'))).toBe(true);
    });
  });

  it('recommends no route when none is suitable, with the reason for each', () => {
    const rec = recommendRoute(
      [
        { ...suitable('mainstream', 0), meetsSectionF: 'no', suitabilityReason: 'Needs 2:1 staffing' },
        { ...suitable('resourced_provision', 20_000), placeAvailable: 'no', availableFrom: '2027-09-01' },
        { ...suitable('maintained_special', 40_000), meetsSectionF: 'partly', placeAvailable: 'unknown' },
        notConsidered('fps_call_off', 'Lot 3 has no provider with capacity'),
        notConsidered('spot_purchase'),
        notConsidered('other'),
      ],
      NO_PREFERENCE,
    );
    expect(rec.route).toBeNull();
    expect(rec.rule).toBe('no_suitable_route');
    expect(rec.reasons).toEqual([
      'The parent or young person has not asked for a particular school or college.',
      'The mainstream presumption (s.33 of the Children and Families Act 2014) was considered, but mainstream cannot be recommended. It cannot meet the provision in Section F. Reason given: Needs 2:1 staffing.',
      'No route can be recommended: no route considered can meet all of Section F with a place available and no legal ground recorded against it.',
      'Resourced provision / specialist unit in a maintained school is not recommended. No place is available until 1 September 2027.',
      'Maintained special school (in or out of area) is not recommended. It can meet Section F only in part, and a route must be able to secure all of the provision in Section F to be suitable, so "partly" is not enough. Reason given: Can deliver all of Section F. It is not known whether a place is available, and a route is only recommended when a place is confirmed, so "unknown" is not enough.',
      'FPS call-off (independent special school or post-16 provider) is not recommended. It was not considered. Reason given: Lot 3 has no provider with capacity.',
      'Spot purchase outside the FPS is not recommended. It was not considered. Reason given: Not appropriate for this young person.',
      'Other (e.g. block-contract place, EOTAS package) is not recommended. It was not considered. Reason given: Not appropriate for this young person.',
    ]);
  });

  it('shows not-considered and unanswered routes in the comparison and warns about gaps', () => {
    const rec = recommendRoute([notConsidered('mainstream'), suitable('fps_call_off', 50_000)], undefined);
    expect(rec.comparison.map((c) => [c.route, c.answered, c.considered, c.suitable])).toEqual([
      ['mainstream', true, false, false],
      ['resourced_provision', false, false, false],
      ['maintained_special', false, false, false],
      ['fps_call_off', true, true, true],
      ['spot_purchase', false, false, false],
      ['other', false, false, false],
    ]);
    expect(rec.warnings).toEqual([
      'Not answered yet: Resourced provision / specialist unit in a maintained school, Maintained special school (in or out of area), Spot purchase outside the FPS and Other (e.g. block-contract place, EOTAS package). Answer each route or mark it as not considered before the route is confirmed.',
      "The parent's or young person's preference has not been asked yet; record it before the route is confirmed.",
    ]);
    expect(rec.reasons).toContain('Spot purchase outside the FPS is not recommended. It has not been answered yet.');
  });

  it('uses the first answer for a route answered twice, and warns', () => {
    const rec = recommendRoute([suitable('fps_call_off', 50_000), { ...suitable('fps_call_off', 10_000), meetsSectionF: 'no' }], NO_PREFERENCE);
    expect(rec.comparison.find((c) => c.route === 'fps_call_off')?.totalPence).toBe(5_000_000);
    expect(rec.warnings).toContain('FPS call-off (independent special school or post-16 provider) was answered more than once; the first answer is used.');
  });

  it('gives the same answer whatever order the routes are given in', () => {
    const options = [suitable('mainstream', 10_000, { meetsSectionF: 'partly' }), suitable('fps_call_off', 45_000), suitable('maintained_special', 45_000)];
    expect(recommendRoute([...options].reverse(), NO_PREFERENCE)).toEqual(recommendRoute(options, NO_PREFERENCE));
  });
});

describe('appraisalGaps', () => {
  it('lists every unanswered route and the preference question', () => {
    const gaps = appraisalGaps([], undefined);
    expect(gaps.map((g) => [g.code, g.route])).toEqual([
      ...ROUTES.map((r) => ['route_unanswered', r]),
      ['preference_not_asked', undefined],
    ]);
    expect(gaps[0]?.message).toBe('Answer “Mainstream school with support”, or mark it as not considered with a reason.');
  });

  it('is empty when every route is answered and the preference recorded', () => {
    const options = ROUTES.map((r) => (r === 'fps_call_off' ? suitable(r, 50_000) : notConsidered(r)));
    expect(appraisalGaps(options, NO_PREFERENCE)).toEqual([]);
    expect(
      appraisalGaps(options, {
        hasPreference: true,
        settingName: 'Oak Tree School',
        settingKind: 'maintained',
        route: 'maintained_special',
        councilWillName: false,
        ground: 's39_4_incompatible_with_efficient_education_of_others',
        groundEvidence: 'Class of 12 already at capacity.',
      }),
    ).toEqual([]);
  });

  it('finds half-answered routes and an incomplete preference', () => {
    const options: AppraisalOptionValues[] = ROUTES.map((r) => notConsidered(r));
    options[0] = { route: 'mainstream', considered: true, meetsSectionF: 'yes', ...NO_COST };
    options[1] = { route: 'resourced_provision', considered: false, ...NO_COST };
    expect(appraisalGaps(options, { hasPreference: true, settingName: 'Oak Tree School' }).map((g) => [g.code, g.route])).toEqual([
      ['route_incomplete', 'mainstream'],
      ['route_incomplete', 'resourced_provision'],
      ['preference_incomplete', undefined],
    ]);
  });

  it('asks for the ground when the council will not name the setting', () => {
    const options = ROUTES.map((r) => notConsidered(r));
    const gaps = appraisalGaps(options, {
      hasPreference: true,
      settingName: 'Birch House',
      settingKind: 'independent_not_s41',
      route: 'spot_purchase',
      councilWillName: false,
      ground: 's9_unreasonable_public_expenditure',
    });
    expect(gaps).toEqual([
      {
        code: 'preference_ground_missing',
        message: 'The council does not intend to name the setting asked for, but the evidence for the ground has not been recorded.',
      },
    ]);
  });
});

describe('cost chart and text table', () => {
  const rec = recommendRoute(
    [
      suitable('mainstream', 12_000, { meetsSectionF: 'partly', addOnsPence: 300_050 }),
      { ...suitable('resourced_provision', 0), placeAvailable: 'unknown' },
      suitable('maintained_special', 38_000),
      suitable('fps_call_off', 65_000),
      notConsidered('spot_purchase'),
    ],
    NO_PREFERENCE,
  );

  it('gives a bar for each considered route with a cost, in pounds', () => {
    expect(costChartData(rec.comparison)).toEqual([
      { label: 'Mainstream', valuePounds: 15_000.5 },
      { label: 'Maintained special', valuePounds: 38_000 },
      { label: 'FPS call-off', valuePounds: 65_000 },
    ]);
  });

  it('gives an aligned line per route as a text fallback', () => {
    expect(costTextTable(rec.comparison)).toBe(
      [
        'Mainstream           £15,000.50  meets Section F only partly',
        'Resourced provision          £0  place availability unknown',
        'Maintained special      £38,000  suitable, place available',
        'FPS call-off            £65,000  suitable, place available',
        'Spot purchase                 –  not considered',
        'Other                         –  not answered',
      ].join('\n'),
    );
  });
});

describe('confirmation', () => {
  it('lets only Service Managers and the Head of Service confirm', () => {
    expect(APPRAISAL_CONFIRMER_ROLES).toEqual(['service_manager', 'head_of_service']);
    expect(canConfirmAppraisal(['service_manager'])).toBe(true);
    expect(canConfirmAppraisal(['caseworker', 'head_of_service'])).toBe(true);
    expect(canConfirmAppraisal(['caseworker', 'placements_officer', 'admin'])).toBe(false);
    expect(canConfirmAppraisal([])).toBe(false);
  });

  const recommended = { route: 'maintained_special' as const };

  it('accepts the recommended route with a reason', () => {
    expect(validateConfirmation({ route: 'maintained_special', reason: 'Agree with the appraisal.' }, recommended)).toEqual({
      ok: true,
      values: { route: 'maintained_special', reason: 'Agree with the appraisal.' },
      overridesRecommendation: false,
      warnings: [],
    });
  });

  it('flags a different route and warns that the reason records the departure', () => {
    const result = validateConfirmation({ route: 'fps_call_off', reason: 'The special school place fell through this morning.' }, recommended);
    expect(result.ok && result.overridesRecommendation).toBe(true);
    expect(result.warnings).toEqual([
      'You chose FPS call-off (independent special school or post-16 provider), not the recommended route (Maintained special school (in or out of area)). Your reason will be recorded as the reason for departing from the recommendation.',
    ]);
  });

  it('allows any route with a reason when nothing was recommended', () => {
    const result = validateConfirmation({ route: 'other', reason: 'EOTAS package agreed with the family.' }, { route: null });
    expect(result).toMatchObject({ ok: true, overridesRecommendation: false, warnings: [] });
  });

  it('requires a route from the list and a reason of 10 to 1,000 characters', () => {
    expect(failures(validateConfirmation({}, recommended))).toEqual({ route: 'required', reason: 'required' });
    expect(failures(validateConfirmation({ route: 'home_school', reason: 'Agreed.' }, recommended))).toEqual({ route: 'not_in_list', reason: 'too_short' });
    expect(validateConfirmation({ route: 'mainstream', reason: '1234567890' }, recommended).ok).toBe(true);
    expect(failures(validateConfirmation({ route: 'mainstream', reason: 'x'.repeat(1001) }, recommended))).toEqual({ reason: 'too_long' });
    const blank = validateConfirmation({ route: 'mainstream', reason: '   ' }, recommended);
    expect(message(blank, 'reason')).toBe('Give the reason for this decision.');
  });

  it('warns about personal data in the reason', () => {
    const result = validateConfirmation({ route: 'maintained_special', reason: 'Spoke to Mrs Jones, who agrees.' }, recommended);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.stringMatching(/^Reason for the decision: This looks like it contains a person's full name/)]);
  });
});
