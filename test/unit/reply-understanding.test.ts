import { describe, expect, it } from 'vitest';
import { CONFIDENCE_TO_CONFIRM, understandReplyText, type ReplyUnderstandingInput } from '../../src/domain/reply-understanding.js';

const SENT = new Date('2026-11-12T10:00:00Z');

function understand(text: string, extra: Partial<ReplyUnderstandingInput> = {}) {
  return understandReplyText({ text, referenceDate: SENT, ...extra });
}

describe('reply understanding: offers', () => {
  it('reads a plain offer: needs met, weekly fee, fee basis and a UK-order start date', () => {
    const r = understand('We can meet his needs. Our weekly fee would be £3,450 (38-week placement) and he could start on 06/09/2027.');
    expect(r).toMatchObject({ kind: 'offer', canMeetNeeds: true, weeklyFee: 3450, feeWeeksPerYear: 38, startDate: '2027-09-06', additionalWeeklyCosts: null });
    expect(r.warnings).toEqual([]);
    expect(r.confidence).toBeGreaterThanOrEqual(CONFIDENCE_TO_CONFIRM);
  });

  it('reads year-less dates forwards from when the reply was sent', () => {
    expect(understand('Happy to offer a place from 7th September at £2,950 per week.').startDate).toBe('2027-09-07');
  });

  it('reads "pw", "p/w", "a week" and pence', () => {
    expect(understand('We can meet needs, £3,100 pw.').weeklyFee).toBe(3100);
    expect(understand('We can meet needs. Fee: £3,050.50 p/w.').weeklyFee).toBe(3050.5);
    expect(understand('We can meet needs at £2,800 a week.').weeklyFee).toBe(2800);
  });

  it('an offer of a place implies the needs can be met', () => {
    expect(understand('We can offer a place. Weekly fee £ 3,780. Start date 13 September 2027.')).toMatchObject({
      kind: 'offer',
      canMeetNeeds: true,
      weeklyFee: 3780,
    });
  });

  it('a priced reply that never says it can meet needs is an offer with the question left open', () => {
    const r = understand('Our weekly fee is £3,300 and a start on 6 September 2027 would suit.');
    expect(r).toMatchObject({ kind: 'offer', canMeetNeeds: null, weeklyFee: 3300 });
    expect(r.warnings.join(' ')).toMatch(/does not say it can meet the needs/);
  });

  it('form-style answers count: "Can meet needs: YES" / "Can we meet needs? No"', () => {
    expect(understand('Can meet needs: YES\nWeekly fee: £4,100.00\nFee basis: 38 weeks')).toMatchObject({ kind: 'offer', canMeetNeeds: true, feeWeeksPerYear: 38 });
    expect(understand('Can we meet needs? No - the cohort is not suitable.')).toMatchObject({ kind: 'decline', canMeetNeeds: false });
  });
});

describe('reply understanding: annual figures and fee basis', () => {
  it('derives the weekly fee from an annual fee and the weeks stated, and says so', () => {
    const r = understand('We can meet the needs described. The annual fee for a 52 week residential placement is £228,800.');
    expect(r).toMatchObject({ weeklyFee: 4400, feeWeeksPerYear: 52 });
    expect(r.warnings.join(' ')).toMatch(/derived from the annual fee £228,800 ÷ 52 weeks/);
  });

  it('does not guess weeks: an annual fee alone gives no weekly fee and a warning', () => {
    const r = understand('We can meet his needs. Our fee is £165,000 per annum.');
    expect(r.weeklyFee).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/without the weeks per year/);
    expect(r.confidence).toBeLessThan(CONFIDENCE_TO_CONFIRM);
  });

  it("uses the referral lot's weeks only when the reply gives none, and says where they came from", () => {
    const r = understand('We can meet his needs. Our fee is £165,000 per annum.', { expectedWeeksPerYear: 38 });
    expect(r).toMatchObject({ weeklyFee: 4342.11, feeWeeksPerYear: 38 });
    expect(r.warnings.join(' ')).toMatch(/referral's lot/);
  });

  it('infers the basis from a matching weekly and annual pair', () => {
    expect(understand('We are happy to offer a place. The weekly fee is £3,600 (annual £187,200).')).toMatchObject({ weeklyFee: 3600, feeWeeksPerYear: 52 });
  });

  it('warns when the annual figure does not match the weekly fee', () => {
    const r = understand('We can offer a place. Weekly fee £3,000 (38 weeks), £150,000 per year.');
    expect(r.weeklyFee).toBe(3000);
    expect(r.warnings.join(' ')).toMatch(/does not match the weekly fee/);
  });

  it('leaves feeWeeksPerYear null for a basis other than 38 or 52, with a warning', () => {
    const r = understand('We can meet needs. Fee £3,000 per week over 39 weeks.');
    expect(r.feeWeeksPerYear).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/39 weeks/);
  });
});

describe('reply understanding: add-ons', () => {
  it('sums weekly add-ons with their labels, apart from the core fee', () => {
    const r = understand('Yes - we can meet needs. Core fee: £2,980 per week. In addition, 1:1 support at £620 per week and SALT at £95 per week would be required.');
    expect(r.weeklyFee).toBe(2980);
    expect(r.additionalWeeklyCosts).toBe(715);
    expect(r.addOns).toEqual([
      { label: '1:1 support', weeklyAmount: 620 },
      { label: 'SALT', weeklyAmount: 95 },
    ]);
  });

  it('shares a period along a list: "£410 and £60 per week"', () => {
    expect(understand('We can meet needs. Fee £3,000 per week, plus transport £410 and an escort £60 per week.').additionalWeeklyCosts).toBe(470);
  });

  it('converts an annual add-on over the stated weeks; leaves out hourly ones, with warnings', () => {
    const r = understand('We can meet needs. Fee £3,000 per week (38 weeks). 1:1 support £24,700 per annum. SALT is charged at £65 per hour.');
    expect(r.addOns).toEqual([{ label: '1:1 support', weeklyAmount: 650 }]);
    expect(r.warnings.join(' ')).toMatch(/1:1 support worked out as £24,700 a year ÷ 38 weeks \(stated in the reply\) = £650 a week/);
    // An hourly add-on without the hours a week cannot be counted, so the weekly total is not known either.
    expect(r.warnings.join(' ')).toMatch(/SALT: £65 an hour is quoted but not how many hours a week/);
    expect(r.additionalWeeklyCosts).toBeNull();
  });

  it('names an add-on from what follows it when nothing before it does: "plus £450 per week for 1:1 support"', () => {
    const r = understand('We can meet needs. Our fee would be £3,300 per week, plus £450 per week for 1:1 support. Transport: £40 per week.');
    expect(r).toMatchObject({ weeklyFee: 3300, additionalWeeklyCosts: 490 });
    expect(r.addOns).toEqual([
      { label: '1:1 support', weeklyAmount: 450 },
      { label: 'Transport', weeklyAmount: 40 },
    ]);
  });

  it('a fee that includes therapies is still the core fee', () => {
    expect(understand('We can meet needs. Our weekly fee of £3,450 includes SALT and OT.')).toMatchObject({ weeklyFee: 3450, additionalWeeklyCosts: null });
  });

  it('"no additional costs" means add-ons of 0, not unknown', () => {
    expect(understand('We can meet needs. Fee £3,400 per week, with no additional costs.').additionalWeeklyCosts).toBe(0);
  });
});

describe('reply understanding: numbers that are never fees or start dates', () => {
  it('ignores phone, charity, company, URN, DfE, VAT numbers, postcodes and references', () => {
    const r = understand(
      [
        'Re: your ref PR-2026-0042. We can meet her needs. Our weekly fee is £3,275 (Ofsted URN 145678; DfE 888/6011). Start: 07/09/2027.',
        'Call 0151 663 8629 or +44 7700 900456. 14 Church Lane, Wigan WN1 2AB.',
        'Registered charity no. 1109876 | Company No. 04321987 | VAT reg 123 4567 89',
      ].join('\n'),
    );
    expect(r).toMatchObject({ weeklyFee: 3275, startDate: '2027-09-07', additionalWeeklyCosts: null });
    expect(r.warnings).toEqual([]);
  });

  it('a phone number after a "Fees:" label is not a fee', () => {
    const r = understand('We can meet needs at £3,000 per week.\nFees: 01942 555 0100 (finance office)');
    expect(r.weeklyFee).toBe(3000);
    expect(r.warnings).toEqual([]);
  });

  it('takes a bare number only straight after a fee label, and says it had no £', () => {
    const r = understand('We can meet needs. Weekly fee: 3200. Tel 01925 443322.');
    expect(r.weeklyFee).toBe(3200);
    expect(r.warnings.join(' ')).toMatch(/without a £ sign/);
    expect(understand('We can meet needs. Fee basis: 38 weeks.').weeklyFee).toBeNull();
  });

  it('ignores budgets, deposits and lower bounds of price lists', () => {
    const r = understand('We can meet needs within your budget of £3,000 per week. Our fee is £2,900 per week; a deposit of £500 is payable.');
    expect(r.weeklyFee).toBe(2900);
    expect(understand('We can offer places; fees start from £2,900 per week.').weeklyFee).toBeNull();
  });

  it('does not read a date as a fee or a clock time as a date', () => {
    const r = understand('We can offer a place from 13.09.2027 at £2,990 per week. Call us at 09:30.');
    expect(r).toMatchObject({ weeklyFee: 2990, startDate: '2027-09-13' });
  });
});

describe('reply understanding: conflicts lower the confidence instead of guessing', () => {
  it('two different weekly fees: no fee, a warning, low confidence', () => {
    const r = understand('We can meet needs and can offer a place from 6 September 2027. Our weekly fee is £3,480.\nFrom April 2027 our weekly fee will be £3,620.');
    expect(r.weeklyFee).toBeNull();
    expect(r.startDate).toBe('2027-09-06');
    expect(r.warnings.join(' ')).toMatch(/Conflicting weekly fees .*£3,480, £3,620/);
    expect(r.confidence).toBeLessThan(0.5);
  });

  it('a fee range is a conflict, and its condition is kept', () => {
    const r = understand('We can meet his needs. The fee will be £3,000 - £3,400 per week depending on assessment.');
    expect(r.weeklyFee).toBeNull();
    expect(r.conditions).toEqual(['The fee will be £3,000 - £3,400 per week depending on assessment.']);
  });

  it("picks the option matching the referral's weeks when the reply offers 38- and 52-week prices", () => {
    const text = 'We can offer a 38 week place at £3,000 per week, or a 52 week place at £4,100 per week.';
    expect(understand(text).weeklyFee).toBeNull();
    expect(understand(text, { expectedWeeksPerYear: 52 })).toMatchObject({ weeklyFee: 4100, feeWeeksPerYear: 52 });
  });

  it('a daily rate without the days a week is not turned into a weekly fee', () => {
    const r = understand('We can offer a place at a daily rate of £450 per day.');
    expect(r.weeklyFee).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/£450 a day is quoted but not how many days a week/);
  });

  it('an amount with no period is read as weekly only with a warning', () => {
    const r = understand('We can offer a place. Our fee is £3,400.');
    expect(r.weeklyFee).toBe(3400);
    expect(r.confidence).toBeLessThanOrEqual(CONFIDENCE_TO_CONFIRM);
  });
});

describe('reply understanding: start dates', () => {
  it('does not take a reply-by, visit, meeting or "until" date as the start', () => {
    const r = understand('We can meet needs at £3,000 per week. Please reply by 20/11/2026. We could visit on 3 December. I am away until 16 November.');
    expect(r.startDate).toBeNull();
  });

  it('takes the earliest stated start date and says there were several', () => {
    const r = understand('We can meet needs at £3,000 per week, starting 8 September 2027 or at the latest from 15/09/2027.');
    expect(r.startDate).toBe('2027-09-08');
    expect(r.warnings.join(' ')).toMatch(/Several start dates/);
  });

  it('a month-only start is the 1st, with a warning', () => {
    const r = understand('We can meet needs at £3,000 per week from January 2028.');
    expect(r.startDate).toBe('2028-01-01');
    expect(r.warnings.join(' ')).toMatch(/month only/);
  });

  it('a date in a refused clause is not the start: "no places for September, but from January 2028"', () => {
    const r = understand('We have no places available for September, however we could offer a place from 10 January 2028 at £3,300 per week.');
    expect(r).toMatchObject({ kind: 'offer', startDate: '2028-01-10', weeklyFee: 3300 });
  });
});

describe('reply understanding: declines, queries and the rest', () => {
  it('a full cohort is a decline: needs cannot be met for this placement', () => {
    expect(understand('Unfortunately we are unable to offer a place as our Year 7 cohort is currently full.')).toMatchObject({
      kind: 'decline',
      canMeetNeeds: false,
      weeklyFee: null,
      startDate: null,
    });
  });

  it('reads contracted refusals', () => {
    expect(understand("Sorry, we're full for September.")).toMatchObject({ kind: 'decline', canMeetNeeds: false });
    expect(understand("Unfortunately, we don't have a place for him.").kind).toBe('decline');
  });

  it('"we do not feel we could meet" is a negative, not a positive', () => {
    expect(understand("Having considered the referral, we do not feel we could meet J.B.'s needs within our current cohort.")).toMatchObject({
      kind: 'decline',
      canMeetNeeds: false,
    });
  });

  it('can meet needs but no place is a decline that keeps canMeetNeeds true', () => {
    expect(understand("We could meet A.K.'s needs, but unfortunately we are full until September 2028.")).toMatchObject({ kind: 'decline', canMeetNeeds: true });
  });

  it('a question about the referral is a query', () => {
    expect(understand('Before we can confirm, could you send the most recent annual review and the EP report?')).toMatchObject({ kind: 'query', canMeetNeeds: null });
    expect(understand("We are not sure whether we can meet his needs; could you send the EP report?").kind).toBe('query');
  });

  it('a question about something else, or nothing at all, is unknown; thanks with a promise to answer is an acknowledgement', () => {
    expect(understand('Are you coming to the Christmas lunch?').kind).toBe('unknown');
    expect(understand('').kind).toBe('unknown');
    expect(understand('Thanks for the referral. We will come back to you by Friday.')).toMatchObject({ kind: 'acknowledgement', startDate: null });
  });

  it('an out-of-office without headers is recognised from its text', () => {
    expect(understand('I am currently on annual leave, returning on Monday 23 November.')).toMatchObject({ kind: 'auto-reply', startDate: null });
  });

  it('keeps conditions in the provider\'s words', () => {
    expect(understand('We can offer a place subject to a successful assessment visit. Fee £3,100 per week excluding transport.').conditions).toEqual([
      'We can offer a place subject to a successful assessment visit.',
      'Fee £3,100 per week excluding transport.',
    ]);
  });
});

describe("reply understanding: our referral's reply form", () => {
  const form = (answers: string[]) =>
    [
      `Can you meet the needs in Section F? (yes/no):${answers[0]}`,
      `Weekly fee (£):${answers[1]}`,
      `Weeks per year (38/52):${answers[2]}`,
      `Additional costs per week (e.g. 1:1, therapies) (£):${answers[3]}`,
      `Earliest start date (dd/mm/yyyy):${answers[4]}`,
      `Conditions or questions:${answers[5]}`,
    ].join('\n\n');

  it('reads the filled-in lines, numbers after "(£):" being pounds', () => {
    const r = understand(form([' yes', ' 3,450', ' 38', ' 620 (1:1), 95 (SALT)', ' 07/09/2027', ' transport to be arranged by the council']));
    expect(r).toMatchObject({
      kind: 'offer',
      canMeetNeeds: true,
      weeklyFee: 3450,
      feeWeeksPerYear: 38,
      additionalWeeklyCosts: 715,
      startDate: '2027-09-07',
      conditions: ['transport to be arranged by the council'],
    });
    expect(r.addOns).toEqual([
      { label: '1:1', weeklyAmount: 620 },
      { label: 'SALT', weeklyAmount: 95 },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('"none" for additional costs is 0; "no" to the needs question is a decline', () => {
    expect(understand(form([' Yes', ' £4,100', ' 52', ' none', ' 14/09/2027', ' none'])).additionalWeeklyCosts).toBe(0);
    expect(understand(form([' no', '', '', '', '', '']))).toMatchObject({ kind: 'decline', canMeetNeeds: false });
  });

  it('an untouched form is not a question from the provider', () => {
    expect(understand(form(['', '', '', '', '', ''])).kind).toBe('unknown');
  });
});

describe('reply understanding: header flags', () => {
  const offer = 'We can meet needs at £3,000 per week from 6 September 2027.';

  it('a bounce or an auto-reply is never read as an offer', () => {
    expect(understand(offer, { flags: { bounce: true } })).toMatchObject({ kind: 'bounce', weeklyFee: null });
    expect(understand(offer, { flags: { autoReply: true } })).toMatchObject({ kind: 'auto-reply', weeklyFee: null });
    expect(understand('Back on Monday.', { subject: 'Automatic reply: Placement referral' }).kind).toBe('auto-reply');
  });

  it('bulk mail that is not a reply is unknown; a bulk-sent reply is read with a warning', () => {
    expect(understand(offer, { flags: { bulk: true, isReply: false } }).kind).toBe('unknown');
    const reply = understand(offer, { flags: { bulk: true, isReply: true } });
    expect(reply).toMatchObject({ kind: 'offer', weeklyFee: 3000 });
    expect(reply.warnings.join(' ')).toMatch(/bulk/);
  });
});
