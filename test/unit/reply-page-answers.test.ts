import { describe, expect, it } from 'vitest';
import { formValuesOf, replyKindOf, replyPageText, understandingOf, validateReplyPage, type FormValues } from '../../src/domain/reply-page-answers.js';

const today = '2026-11-30';
const valid = (values: FormValues) => {
  const result = validateReplyPage(values, { today });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.answers;
};

describe('reply page answers', () => {
  it('reads only the form fields, as trimmed text; repeated fields and other keys are ignored', () => {
    const values = formValuesOf({ weeklyFee: ' £3,450 \r\n', respondentName: ['a', 'b'], nonce: 'n', __proto__: { x: 1 }, conditions: 'a\u0000b\r\nc' });
    expect(values).toEqual({ weeklyFee: '£3,450', conditions: 'ab\nc' });
    expect(formValuesOf(undefined)).toEqual({});
  });

  it('an offer needs a place, a start date, a fee and weeks; a decline its reason; a question its question', () => {
    expect(validateReplyPage({ canMeetNeeds: 'yes', respondentName: 'Jo' }, { today })).toMatchObject({ ok: false, errors: { placeAvailable: 'Say whether you have a place for this young person.' } });
    const offer = validateReplyPage({ canMeetNeeds: 'yes', placeAvailable: 'yes', respondentName: 'Jo' }, { today });
    expect(offer.ok ? {} : Object.keys(offer.errors)).toEqual(['startDate', 'weeklyFee', 'weeksPerYear']);
    expect(validateReplyPage({ canMeetNeeds: 'no', respondentName: 'Jo' }, { today })).toMatchObject({ ok: false, errors: { needsReason: 'Tell us briefly why you cannot meet the needs.' } });
    expect(validateReplyPage({ canMeetNeeds: 'question', respondentName: 'Jo' }, { today })).toMatchObject({ ok: false, errors: { questions: 'Write your question, so the placements officer can answer it.' } });
    expect(validateReplyPage({ canMeetNeeds: 'maybe' }, { today })).toMatchObject({ ok: false, errors: { canMeetNeeds: 'Choose whether you can meet the needs in Section F.', respondentName: 'Give your name, so the council knows who answered.' } });
  });

  it('money is read like the officer\'s card reads it: pounds and pence, commas, a £ sign; nothing else', () => {
    const base = { canMeetNeeds: 'yes', placeAvailable: 'yes', startDate: '07/09/2027', weeksPerYear: '52', respondentName: 'Jo' };
    expect(valid({ ...base, weeklyFee: '£3,450.5' }).weeklyFeePence).toBe(345_050);
    for (const bad of ['3.450,00', '-3450', '3450.505', '£', '0', '50001', 'lots']) {
      const r = validateReplyPage({ ...base, weeklyFee: bad === '50001' ? '50,000.01' : bad }, { today });
      expect(r.ok, bad).toBe(false);
    }
    expect(valid({ ...base, weeklyFee: '3450' }).startDate).toBe('2027-09-07');
  });

  it('add-ons: listed ones by their cost, others need a description and a cost; an empty or zero cost is none', () => {
    const a = valid({ canMeetNeeds: 'yes', placeAvailable: 'yes', startDate: '2027-09-07', weeklyFee: '3450', weeksPerYear: '38', addOnSpeech: '120', addOnNursing: '0', otherAddOn2Label: 'Hydrotherapy', otherAddOn2Cost: '60', respondentName: 'Jo' });
    expect(a.addOns).toEqual([
      { label: 'Speech and language therapy', weeklyPence: 12_000 },
      { label: 'Hydrotherapy', weeklyPence: 6_000 },
    ]);
    const r = validateReplyPage({ canMeetNeeds: 'yes', placeAvailable: 'yes', startDate: '2027-09-07', weeklyFee: '3450', weeksPerYear: '38', otherAddOn1Cost: '60', otherAddOn2Label: 'Hydro', respondentName: 'Jo' }, { today });
    expect(r.ok ? {} : r.errors).toEqual({ otherAddOn1Label: 'Say what this additional cost is for.', otherAddOn2Cost: 'Give the weekly cost in pounds, for example 120.' });
  });

  it('dates: real, not in the past', () => {
    const base = { canMeetNeeds: 'yes', placeAvailable: 'yes', weeklyFee: '3450', weeksPerYear: '38', respondentName: 'Jo' };
    expect(validateReplyPage({ ...base, startDate: '31/02/2027' }, { today })).toMatchObject({ ok: false, errors: { startDate: 'Give the earliest start date as a real date, for example 07/09/2027.' } });
    expect(validateReplyPage({ ...base, startDate: '2026-11-29' }, { today })).toMatchObject({ ok: false, errors: { startDate: 'The earliest start date cannot be in the past: give 30 November 2026 or later.' } });
    expect(valid({ ...base, startDate: '2026-11-30' }).startDate).toBe('2026-11-30');
  });

  it('the understanding is exact and says where each conclusion came from', () => {
    const a = valid({ canMeetNeeds: 'yes', placeAvailable: 'yes', startDate: '2027-09-07', weeklyFee: '3,450', weeksPerYear: '38', addOnOneToOne: '450', questions: 'Is transport arranged?', respondentName: 'Jo' });
    const u = understandingOf(a);
    expect(u).toMatchObject({ kind: 'offer', canMeetNeeds: true, weeklyFee: 3450, feeWeeksPerYear: 38, additionalWeeklyCosts: 450, startDate: '2027-09-07', confidence: 1 });
    expect(u.warnings).toEqual(['The provider also asked a question or left a comment on the reply page: see the reply.']);
    expect(Object.values(u.evidence).every((e) => e!.startsWith('Submitted on the reply page: '))).toBe(true);
    expect(replyPageText(a, { correction: true })).toContain('Correction submitted on the reply page by Jo.');
  });

  it('needs met but no place is a decline; a question first is a query with nothing concluded about the needs', () => {
    const noPlace = valid({ canMeetNeeds: 'yes', placeAvailable: 'no', weeklyFee: 'ignored when there is no place', respondentName: 'Jo' });
    expect(replyKindOf(noPlace)).toBe('decline');
    expect(understandingOf(noPlace)).toMatchObject({ kind: 'decline', canMeetNeeds: true, weeklyFee: null, additionalWeeklyCosts: null });
    expect(replyPageText(noPlace, { correction: false })).toContain('no place available');
    const question = valid({ canMeetNeeds: 'question', questions: 'Is there a PDA diagnosis?', respondentName: 'Jo' });
    expect(understandingOf(question)).toMatchObject({ kind: 'query', canMeetNeeds: null, warnings: [] });
  });
});
