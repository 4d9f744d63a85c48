import { describe, expect, it } from 'vitest';
import { understandReplyText, type ReplyUnderstandingInput } from '../../src/domain/reply-understanding.js';
import { unwrapSoftBreaks } from '../../src/domain/reply-scan.js';

/**
 * The reply reader by meaning: each phrasing providers use for a decline, an offer, a question, an
 * acknowledgement or an automatic answer, the structures they answer in (form lines, tables), the rates
 * they quote, and the evidence kept for every conclusion.
 */

const SENT = new Date('2026-11-12T10:00:00Z');

function understand(text: string, extra: Partial<ReplyUnderstandingInput> = {}) {
  return understandReplyText({ text, referenceDate: SENT, ...extra });
}

describe('declines without the word "decline" (or "no")', () => {
  it.each([
    ['an age range that rules the child out', 'As a college for 16 to 25 year olds we could not admit a nine-year-old.'],
    ['"too young for us"', 'Our youngest class is Year 7, so she is too young for us.'],
    ['"rules out"', 'The school is registered for secondary age only, which rules out a placement for a Year 2 child.'],
    ['a single-sex registration', 'We are a girls only school.'],
    ['a conclusion after a visit', 'After observing him in class on Monday we came to the view that Hilltop would not be the right school for him.'],
    ['"don\'t believe we are the right setting"', "Honestly, I don't believe we are the right setting for someone with his level of anxiety."],
    ['"not the right fit"', 'I think we are not the best fit for her.'],
    ['"not in a position to"', 'We are not in a position to offer the overnight support required.'],
    ['"no vacancies in that year group"', 'There are currently no vacancies in our Year 10 group.'],
    ['"won\'t have anything"', "We won't have any places until the new building opens in 2029."],
    ['"isn\'t one for us"', "I'm sorry but this is not one for us."],
    ['"doesn\'t fit what we do"', "Her profile doesn't fit the cohort we support."],
    ['"would not suit him"', 'A busy site like ours would not suit him.'],
    ['"outside our expertise"', 'Tracheostomy care falls outside our expertise.'],
    ['"not set up for"', 'The school is not set up for pupils who need hoisting.'],
    ['"don\'t have the staff"', 'We do not have the nursing staff to manage his epilepsy overnight.'],
    ['"better suited elsewhere"', 'We feel she would be better suited to a smaller specialist setting.'],
    ['"turn it down"', 'Regretfully we have to turn it down.'],
    ['"pass on this one"', 'We will pass on this referral, thank you.'],
    ['"a no from us"', 'Sorry, a no from us for now.'],
    ['"nothing available"', 'We have nothing available for a January start.'],
    ['"won\'t be offering"', 'We will not be offering a place on this occasion.'],
    ['"decided not to proceed"', 'The panel decided not to offer a place.'],
    ['"unable to consider"', 'We are unable to consider any referrals for Year 11 this year.'],
    ['"at capacity"', 'The residential houses are at full capacity.'],
    ['"not accepting"', 'We are not accepting new referrals until September.'],
    ['"unfortunately not"', "I'm afraid not."],
  ])('%s', (_what, text) => {
    const r = understand(text);
    expect(r).toMatchObject({ kind: 'decline', canMeetNeeds: false, weeklyFee: null, startDate: null });
    expect(r.evidence.kind).toBe(text);
  });

  it('keeps "can meet needs" when the provider says it could, but has no place', () => {
    const r = understand('We would be able to meet his needs. Unfortunately our Year 9 group is full.');
    expect(r).toMatchObject({ kind: 'decline', canMeetNeeds: true });
    expect(r.evidence).toEqual({ kind: 'Unfortunately our Year 9 group is full.', canMeetNeeds: 'We would be able to meet his needs.' });
  });

  it('an offer of the education but not the staffing, "so we will not be making an offer", is a decline', () => {
    const r = understand('We could offer the therapeutic education JB needs, but we would not be able to provide 2:1 staffing in the community, so we will not be making an offer.');
    expect(r).toMatchObject({ kind: 'decline', canMeetNeeds: false });
  });

  it('a suitability word that is not negated is not a decline', () => {
    expect(understand('We believe we are the right school for AK and can offer a place at £3,200 per week.').kind).toBe('offer');
  });
});

describe('offers by what they say', () => {
  it.each([
    ['"we would be delighted to"', 'We would be delighted to offer RS a place in our primary department.'],
    ['"we can offer"', 'We can offer him a place in the autumn term.'],
    ['"we\'d take"', "We'd take him tomorrow if the funding is agreed."],
    ['"happy to have"', 'We would be happy to have her join our sixth form.'],
    ['"able to accommodate"', 'We are able to accommodate EW on the Monday to Thursday timetable.'],
    ['"we\'ve got a place"', "We've got a place in Oak class."],
    ['"have a vacancy"', 'We have a vacancy in our nurture group.'],
    ['a conditional offer', 'Subject to the family visiting, we could offer him a place.'],
    ['"provided that"', 'Provided that the EHCP is finalised, we can offer a place.'],
    ['a forwarded instruction', 'Please offer them a 52-week place from January.'],
    ['"I can confirm we have a place"', 'I can confirm that we have a place for JB.'],
    ['"there is a place for her"', 'There is a place available for her from September.'],
  ])('%s', (_what, text) => {
    const r = understand(text);
    expect(r).toMatchObject({ kind: 'offer', canMeetNeeds: true });
    expect(r.evidence.kind).toBe(text);
  });

  it('a casual offer in shorthand money: "yeah we can have her, £3.6k a week"', () => {
    const r = understand('Yeah we can have her! 38 wks, £3.6k a week, nothing on top. She could join us on 13th Sept 2027.');
    expect(r).toMatchObject({ kind: 'offer', canMeetNeeds: true, weeklyFee: 3600, feeWeeksPerYear: 38, additionalWeeklyCosts: 0, startDate: '2027-09-13' });
  });

  it('"Can do." opening a priced reply is a yes; a bare number with "/wk" is read as pounds, with a warning', () => {
    const r = understand('Can do. 3450/wk, 38wks, from 6/9/27. Rick');
    expect(r).toMatchObject({ kind: 'offer', canMeetNeeds: true, weeklyFee: 3450, feeWeeksPerYear: 38, startDate: '2027-09-06' });
    expect(r.warnings.join(' ')).toMatch(/without a £ sign/);
  });

  it('a refused clause and an offered alternative: "no place in September, but from January"', () => {
    const r = understand("We aren't able to offer a place for September 2027, but we could offer AK a place from 4 January 2028. We can meet her needs, and the weekly fee would be £3,410.");
    expect(r).toMatchObject({ kind: 'offer', canMeetNeeds: true, weeklyFee: 3410, startDate: '2028-01-04' });
  });

  it('negated offers are not offers: "it wouldn\'t be fair to offer a place we couldn\'t sustain"', () => {
    expect(understand("We don't think we'd be able to give him the calm environment he needs. It wouldn't be fair on him to offer a place we couldn't sustain.").kind).toBe('decline');
  });
});

describe('questions, requests for full papers, acknowledgements', () => {
  it.each([
    ['a request for the full papers', 'We would need to see the full EHC plan and the latest EP report before we could give you an answer.'],
    ['a request without a question mark', 'Please send the complete EHCP and any CAMHS letters.'],
    ['a question about transport', 'Will the local authority be providing an escort?'],
    ['a question about a visit', 'Would the family like to come and look round first?'],
    ['"could you forward"', 'Could you forward the most recent annual review so we can consider her properly?'],
  ])('%s is a query', (_what, text) => {
    const r = understand(text);
    expect(r).toMatchObject({ kind: 'query', canMeetNeeds: null, weeklyFee: null, startDate: null });
    expect(r.evidence.kind).toBe(text);
  });

  it('a date in a question is not taken for a start date', () => {
    const r = understand('Is it essential that she starts on 6 September 2027, or could she join us after October half term?');
    expect(r).toMatchObject({ kind: 'query', startDate: null });
    const offer = understand('We can offer a place at £3,000 per week. Would a start on 7 September 2027 suit the family?');
    expect(offer).toMatchObject({ kind: 'offer', startDate: null });
  });

  it('"we may be able to support" is not a commitment: a query, needs left open', () => {
    expect(understand('She might be someone we could help, but could you send the speech and language report first?')).toMatchObject({ kind: 'query', canMeetNeeds: null });
  });

  it.each([
    ['"we will come back to you by Friday"', 'Thanks for the referral. We will come back to you by Friday.'],
    ['"shared with our clinical team"', "I've shared the referral with our clinical team and we'll get back to you by 20 November."],
    ['"safely received"', 'Just confirming the referral has been received.'],
    ['"will be considered at our meeting"', 'The referral will be considered at our placements meeting on Tuesday 17 November and I will let you know the outcome.'],
    ['"looking into whether we can meet"', 'We are currently checking whether we can meet her needs and will respond shortly.'],
    ['a colleague away (a person writing, not an out-of-office)', 'Our head of admissions is off this week, so I will make sure she replies when she is back.'],
    ['"I\'ll pick this up"', 'Thanks, I will pick this up tomorrow.'],
  ])('%s is an acknowledgement, with no figures and no start date', (_what, text) => {
    const r = understand(text);
    expect(r).toMatchObject({ kind: 'acknowledgement', canMeetNeeds: null, weeklyFee: null, startDate: null });
    expect(r.evidence.kind).toBeTruthy();
  });

  it('a question about something else is neither a query nor an acknowledgement', () => {
    expect(understand('Unrelated to this one, are you going to the regional SEND conference next week?').kind).toBe('unknown');
    expect(understand('Are you coming to the Christmas lunch?').kind).toBe('unknown');
  });
});

describe('automatic answers without auto-reply headers', () => {
  it.each([
    ['a ticket system', 'Thank you for your email, which has been logged. This is an automatic acknowledgement: your ticket number is 55120.'],
    ['a mailbox no longer in use', 'Please note this e-mail address is no longer in use. Send referrals to office@example.org.'],
    ['a holiday closure', 'The college is closed for half term. Messages will be answered when we return on 2 November.'],
    ['an out-of-office typed as text', "I'm out of the office on a training course until Thursday and will reply on my return."],
  ])('%s is an automatic reply', (_what, text) => {
    expect(understand(text, { subject: 'RE: Referral PR-2026-0042' })).toMatchObject({ kind: 'auto-reply', startDate: null });
  });

  it('headers decide first, and say so as the evidence', () => {
    expect(understand('We can offer a place at £3,000 per week.', { flags: { autoReply: true } }).evidence.kind).toMatch(/headers or subject mark it as an automatic reply/);
    expect(understand('', { flags: { bounce: true } }).evidence.kind).toMatch(/delivery failure report/);
  });
});

describe('structure first: form lines and tables', () => {
  it('retyped form lines without the format hints', () => {
    const r = understand('Can you meet the needs in Section F? Yes\nWeekly fee: £3,150\nWeeks per year: 38\nAdditional costs: None\nEarliest start date: 13/09/2027');
    expect(r).toMatchObject({ kind: 'offer', canMeetNeeds: true, weeklyFee: 3150, feeWeeksPerYear: 38, additionalWeeklyCosts: 0, startDate: '2027-09-13' });
    expect(r.evidence.canMeetNeeds).toBe('Can you meet the needs in Section F? Yes');
    expect(r.evidence.feeWeeksPerYear).toBe('Weeks per year: 38');
  });

  it('a sentence ending in a colon is not a form line: "can meet her needs. Our costs are as follows:"', () => {
    expect(understand("We can meet her needs. Our costs are as follows:\n\nWeekly fee: £3,100").canMeetNeeds).toBe(true);
  });

  it('a table: the £ only in the header, weeks from each row\'s own cell, add-ons below the placement row', () => {
    const r = understand(
      'We can meet his needs and can offer a place.\n\nService | £ per week | Weeks\nPlacement (education) | 2,960 | 38\nAudiology support | 60 | 38\nCounselling | Included | \n\nStart 6 January 2027.',
    );
    expect(r).toMatchObject({ weeklyFee: 2960, feeWeeksPerYear: 38, additionalWeeklyCosts: 60, startDate: '2027-01-06' });
    expect(r.addOns).toEqual([{ label: 'Audiology support', weeklyAmount: 60 }]);
    expect(r.evidence.weeklyFee).toBe('Placement (education): 2,960 (£ per week, 38 weeks)');
    expect(r.warnings).toEqual([]);
  });

  it('tab-separated cells (Outlook\'s plain text of a table) read the same', () => {
    const r = understand('We can offer a place.\n\nDescription\tWeeks\tWeekly (£)\nCore residential fee\t38\t4,275.00\nPhysiotherapy\t38\t95.00');
    expect(r).toMatchObject({ weeklyFee: 4275, feeWeeksPerYear: 38, additionalWeeklyCosts: 95 });
  });

  it('weekly and annual columns agree; the annual cell is the same amount, not a second fee', () => {
    const r = understand('We can offer a place.\n\nElement | Weekly | Annual\nCore | £4,380 | £166,440\nWaking night staff | £520 | £19,760');
    expect(r).toMatchObject({ weeklyFee: 4380, feeWeeksPerYear: 38, additionalWeeklyCosts: 520 });
  });

  it('a table of alternatives (38 or 52 weeks) is a conflict: fee and weeks left empty', () => {
    const r = understand('We can offer a place.\n\nOption | Weeks per year | Weekly fee\nWeekly boarding | 38 | £3,990\nFull-time residential | 52 | £5,050');
    expect(r).toMatchObject({ weeklyFee: null, feeWeeksPerYear: null });
    expect(r.warnings.join(' ')).toMatch(/Conflicting weekly fees/);
    expect(understandReplyText({ text: 'We can offer a place.\n\nOption | Weeks per year | Weekly fee\nWeekly boarding | 38 | £3,990\nFull-time residential | 52 | £5,050', referenceDate: SENT, expectedWeeksPerYear: 52 })).toMatchObject({ weeklyFee: 5050, feeWeeksPerYear: 52 });
  });

  it('a two-column table of questions and answers reads like the form', () => {
    const r = understand('Question | Answer\nCan we meet needs? | Yes\nCore weekly fee | £3,300\nWeeks per year | 38\n1:1 support | £450 per week\nEarliest start | 07/09/2027');
    expect(r).toMatchObject({ kind: 'offer', canMeetNeeds: true, weeklyFee: 3300, feeWeeksPerYear: 38, additionalWeeklyCosts: 450, startDate: '2027-09-07' });
  });
});

describe('rates converted to weekly only with what the reply states', () => {
  it('a day rate with the days a week', () => {
    const r = understand('We can offer a place on the supported internship. Attendance is 3 days per week over 38 weeks at a daily rate of £410.');
    expect(r).toMatchObject({ weeklyFee: 1230, feeWeeksPerYear: 38 });
    expect(r.warnings.join(' ')).toMatch(/Weekly fee £1,230 worked out as £410 a day × 3 days a week \(stated in the reply\)/);
  });

  it('a termly fee with the terms and weeks a year; not without the terms', () => {
    const r = understand('We can offer a place. The termly fee is £41,040. There are three terms in our 38-week academic year.');
    expect(r).toMatchObject({ weeklyFee: 3240, feeWeeksPerYear: 38 });
    expect(r.warnings.join(' ')).toMatch(/£41,040 a term × 3 terms ÷ 38 weeks/);
    const unknownTerms = understand('We can offer a place. Our fee is £39,900 per term for a 38-week placement.');
    expect(unknownTerms.weeklyFee).toBeNull();
    expect(unknownTerms.warnings.join(' ')).toMatch(/not how many terms the fee year has/);
  });

  it('a monthly charge over the weeks stated', () => {
    expect(understand('We can offer a 52 week place. The fee is £19,500 a month.')).toMatchObject({ weeklyFee: 4500, feeWeeksPerYear: 52 });
  });

  it('an add-on per session with the sessions a week; left empty with the reason without them', () => {
    const withSessions = understand('We can offer a place at £2,840 per week. SALT is charged at £95 per session, and Section F asks for two sessions a week.');
    expect(withSessions).toMatchObject({ additionalWeeklyCosts: 190, addOns: [{ label: 'SALT', weeklyAmount: 190 }] });
    const without = understand('We can offer a place at £3,870 per week. Hydrotherapy is an additional £65 per session.');
    expect(without.additionalWeeklyCosts).toBeNull();
    expect(without.warnings.join(' ')).toMatch(/Add-ons a week left empty: Hydrotherapy: £65 a session is quoted but not how many sessions a week/);
  });

  it('an hourly add-on with the hours a week', () => {
    expect(understand('We can offer a place at £2,690 a week. Lunchtime 1:1 would be 10 hours per week at £21 per hour.').additionalWeeklyCosts).toBe(210);
  });

  it('an add-on restated as a weekly amount is one add-on, counted once', () => {
    const r = understand('We can offer a place at £3,200 per week. Art therapy once a fortnight costs £90 a session, i.e. £45 per week.');
    expect(r.additionalWeeklyCosts).toBe(45);
    expect(r.addOns).toHaveLength(1);
  });

  it('a one-off cost is not a weekly add-on', () => {
    const r = understand('We can offer a place. Weekly fee: £4,540 (38 weeks). Waking night staff: £300 per week. Specialist seating: £1,200 one-off.');
    expect(r).toMatchObject({ weeklyFee: 4540, additionalWeeklyCosts: 300 });
  });
});

describe('never guess', () => {
  it('a budget after the amount is not a second fee', () => {
    expect(understand('We can offer a place. Our weekly fee is £4,380, which I know is within the £4,500 budget you mentioned.').weeklyFee).toBe(4380);
  });

  it('two weeks bases leave the weeks empty with the reason', () => {
    const r = understand('We can offer a place at £3,000 per week. We usually work on 38 weeks but can do 52 weeks.');
    expect(r.feeWeeksPerYear).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/several fee bases \(38 and 52 weeks\)/);
  });

  it('"(£131,100 per annum)" after a weekly fee is a check of it, and gives the weeks', () => {
    expect(understand('We can offer a place. The fee is £3,450.00 per week (£131,100.00 per annum).')).toMatchObject({ weeklyFee: 3450, feeWeeksPerYear: 38 });
  });

  it('an amount such as "95.00" is never taken for a clock time, and 09:30 never for an amount', () => {
    expect(understand('We can offer a place at £2,000 per week. Physiotherapy | 95.00 per week').weeklyFee).toBe(2000);
    expect(understand('We can offer a place from 6 September 2027 at £2,990 per week. Call us at 09:30.').weeklyFee).toBe(2990);
  });
});

describe('sentences as mail clients send them', () => {
  it('joins lines a client wrapped mid-sentence, keeping every offset', () => {
    const wrapped = 'and having weighed up the mix of young people in our homes, we are not in\na position to offer JB a place at this time.\n\nRegards\nHoward';
    const joined = unwrapSoftBreaks(wrapped);
    expect(joined).toHaveLength(wrapped.length);
    expect(joined).toContain('we are not in a position to offer JB');
    expect(joined).toContain('\n\nRegards\nHoward');
    expect(understand(wrapped).kind).toBe('decline');
  });

  it('dotted initials do not end a sentence: "we can offer A.K. a place"', () => {
    expect(understand('Further to your referral, we can offer A.K. a place at £2,875 per week.')).toMatchObject({ kind: 'offer', canMeetNeeds: true });
  });

  it('"from 6 Jan." is the 6th of January, not six o\'clock', () => {
    expect(understand('Yes - happy to offer DP a place from 6 Jan. Fee £3k per week, 38 weeks.')).toMatchObject({ startDate: '2027-01-06', weeklyFee: 3000 });
  });

  it('"when we go back on the 6th" is the school going back, so a start date', () => {
    expect(understand("Yes - we'd have DP. £3.9k/wk, term time only. He could start when we go back on the 6th January.")).toMatchObject({ startDate: '2027-01-06', feeWeeksPerYear: 38 });
  });
});
