import { describe, expect, it } from 'vitest';
import {
  SOON_WORKING_DAYS,
  addWorkingDays,
  bankHolidays,
  computeRequestDeadlines,
  deadlineStatus,
  isBankHoliday,
  isWorkingDay,
  phaseTransferDeadline,
  responseDeadline,
  workingDaysBetween,
} from '../../src/domain/deadlines.js';
import { addDays } from '../../src/domain/calendar-date.js';
import type { RequestDraft } from '../../src/domain/placement-request/fields.js';

describe('England & Wales bank holidays', () => {
  it('lists the 2026 bank holidays, with the Boxing Day substitute and without observances', () => {
    expect([...bankHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03', // Good Friday
      '2026-04-06', // Easter Monday
      '2026-05-04', // early May
      '2026-05-25', // spring
      '2026-08-31', // summer
      '2026-12-25',
      '2026-12-26', // a Saturday…
      '2026-12-28', // …so the Monday is the substitute day
    ]);
    // Mother's Day and Easter Sunday are observances in date-holidays, not days off.
    expect(isBankHoliday('2026-03-15')).toBe(false);
    expect(isBankHoliday('2026-04-05')).toBe(false);
  });

  it('has two substitute days when Christmas and Boxing Day both fall at a weekend (2027)', () => {
    expect(isBankHoliday('2027-12-27')).toBe(true);
    expect(isBankHoliday('2027-12-28')).toBe(true);
    expect(isWorkingDay('2027-12-29')).toBe(true);
  });

  it('skips Easter 2027 (Good Friday 26 March, Easter Monday 29 March)', () => {
    expect(isWorkingDay('2027-03-25')).toBe(true);
    expect(isWorkingDay('2027-03-26')).toBe(false);
    expect(isWorkingDay('2027-03-29')).toBe(false);
    expect(addWorkingDays('2027-03-25', 1)).toBe('2027-03-30');
    expect(addWorkingDays('2027-03-30', -1)).toBe('2027-03-25');
  });

  it('skips the early May and spring bank holidays', () => {
    expect(isWorkingDay('2026-05-04')).toBe(false);
    expect(isWorkingDay('2026-05-25')).toBe(false);
    expect(isWorkingDay('2027-05-03')).toBe(false);
    expect(isWorkingDay('2027-05-31')).toBe(false);
    expect(addWorkingDays('2026-05-01', 1)).toBe('2026-05-05');
    expect(addWorkingDays('2026-05-22', 1)).toBe('2026-05-26');
  });

  it('treats weekends as non-working and an ordinary weekday as working', () => {
    expect(isWorkingDay('2026-05-02')).toBe(false);
    expect(isWorkingDay('2026-05-03')).toBe(false);
    expect(isWorkingDay('2026-05-05')).toBe(true);
  });

  it('reads a Date as the day in England (00:30 BST on 5 May 2026 is a working Tuesday, not the 4 May bank holiday)', () => {
    expect(isWorkingDay(new Date('2026-05-04T23:30:00Z'))).toBe(true);
    expect(isWorkingDay(new Date('2026-05-04T12:00:00Z'))).toBe(false);
  });
});

describe('working-day arithmetic', () => {
  it('counts 3 working days from 23 December 2026 past Christmas and the substitute day', () => {
    // 24 Dec (1); 25, 26 bank holidays; 27 Sunday; 28 substitute; 29 (2); 30 (3).
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-30');
  });

  it('crosses the year end', () => {
    // 1 January 2027 is a Friday bank holiday, then a weekend.
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(addWorkingDays('2027-12-24', 1)).toBe('2027-12-29');
    expect(workingDaysBetween('2026-12-23', '2027-01-04')).toBe(5);
  });

  it('leaves the date alone for 0 and rejects fractions', () => {
    expect(addWorkingDays('2026-12-26', 0)).toBe('2026-12-26');
    expect(() => addWorkingDays('2026-12-26', 0.5)).toThrow(RangeError);
  });

  it('workingDaysBetween excludes the first date, includes the second, and inverts addWorkingDays', () => {
    expect(workingDaysBetween('2026-05-05', '2026-05-05')).toBe(0);
    expect(workingDaysBetween('2026-05-05', '2026-05-06')).toBe(1);
    expect(workingDaysBetween('2026-05-06', '2026-05-05')).toBe(-1);
    // Friday to the next Friday, over a bank-holiday Monday: Tue–Fri.
    expect(workingDaysBetween('2026-05-01', '2026-05-08')).toBe(4);
    for (let n = -15; n <= 15; n += 1) {
      expect(workingDaysBetween('2026-12-18', addWorkingDays('2026-12-18', n))).toBe(n);
    }
  });

  it('sets a provider response deadline of 10 working days by default', () => {
    // Friday 1 May 2026: Monday 4 May is a bank holiday, so day 10 is Monday 18 May.
    expect(responseDeadline('2026-05-01')).toBe('2026-05-18');
    expect(responseDeadline(new Date('2026-05-01T16:00:00Z'))).toBe('2026-05-18');
    // Sent on a Saturday: the count starts on Monday.
    expect(responseDeadline('2026-05-09', 10)).toBe('2026-05-22');
    // Friday 18 December 2026: 21, 22, 23, 24, then 29 (25, 26 and 28 are bank holidays).
    expect(responseDeadline('2026-12-18', 5)).toBe('2026-12-29');
    expect(() => responseDeadline('2026-05-01', 0)).toThrow(RangeError);
  });
});

describe('phase-transfer deadline', () => {
  it('is 15 February (31 March for post-16) before a September transfer', () => {
    expect(phaseTransferDeadline('2027-09-07', 'phase')).toBe('2027-02-15');
    expect(phaseTransferDeadline('2027-09-07', 'post16')).toBe('2027-03-31');
    expect(phaseTransferDeadline('2027-12-01', 'phase')).toBe('2027-02-15');
  });

  it('never falls after the start date', () => {
    expect(phaseTransferDeadline('2027-02-15', 'phase')).toBe('2027-02-15');
    expect(phaseTransferDeadline('2027-02-14', 'phase')).toBe('2026-02-15');
    expect(phaseTransferDeadline('2028-01-10', 'phase')).toBe('2027-02-15');
    expect(phaseTransferDeadline('2027-03-30', 'post16')).toBe('2026-03-31');
  });
});

describe('computeRequestDeadlines', () => {
  const today = '2026-05-01';
  const draft: RequestDraft = {
    needs: { ehcpStatus: 'draft', assessmentRequestDate: '2026-03-02', phaseTransfer: 'phase' },
    placement: { requiredStartDate: '2027-09-07' },
  };

  it('computes the 20-week, phase-transfer and start deadlines, earliest first', () => {
    const deadlines = computeRequestDeadlines(draft, today);
    expect(deadlines.map((d) => [d.kind, d.date, d.status])).toEqual([
      ['ehcp_20_week', '2026-07-20', 'ok'],
      ['phase_transfer', '2027-02-15', 'ok'],
      ['required_start', '2027-09-07', 'ok'],
    ]);
    const [ehcp, phase] = deadlines;
    expect(ehcp?.basis).toContain('2 March 2026');
    expect(ehcp?.basis).toContain('20 calendar weeks');
    expect(phase?.basis).toContain('15 February');
    expect(ehcp?.workingDaysLeft).toBe(workingDaysBetween(today, '2026-07-20'));
  });

  it('adds 20 weeks as 140 calendar days, across a leap February', () => {
    const [ehcp] = computeRequestDeadlines({ needs: { ehcpStatus: 'draft', assessmentRequestDate: '2027-12-20' } }, '2027-12-21');
    expect(ehcp?.date).toBe('2028-05-08');
  });

  it('uses 31 March for a move to post-16', () => {
    const deadlines = computeRequestDeadlines({ ...draft, needs: { ...draft.needs, phaseTransfer: 'post16' } }, today);
    expect(deadlines.find((d) => d.kind === 'phase_transfer')?.date).toBe('2027-03-31');
  });

  it('leaves out what does not apply', () => {
    expect(computeRequestDeadlines({}, today)).toEqual([]);
    // No assessment date, no phase transfer.
    const noTransfer = computeRequestDeadlines(
      { needs: { ehcpStatus: 'draft', phaseTransfer: 'none' }, placement: { requiredStartDate: '2027-09-07' } },
      today,
    );
    expect(noTransfer.map((d) => d.kind)).toEqual(['required_start']);
    // A final plan has already been issued: its 20-week deadline is no longer live.
    const final = computeRequestDeadlines({ needs: { ehcpStatus: 'final', assessmentRequestDate: '2026-03-02' } }, today);
    expect(final).toEqual([]);
    // A phase transfer without a start date cannot be dated.
    expect(computeRequestDeadlines({ needs: { phaseTransfer: 'phase' } }, today)).toEqual([]);
  });

  it('marks soon within 10 working days, ok beyond, missed once past', () => {
    const at = (date: string) => computeRequestDeadlines({ placement: { requiredStartDate: date } }, today)[0];
    const tenth = addWorkingDays(today, SOON_WORKING_DAYS);
    expect(tenth).toBe('2026-05-18');
    expect(at(tenth)).toMatchObject({ status: 'soon', workingDaysLeft: 10 });
    expect(at(addWorkingDays(today, SOON_WORKING_DAYS + 1))).toMatchObject({ status: 'ok', workingDaysLeft: 11 });
    // A weekend deadline counts the working days up to it.
    expect(at('2026-05-17')).toMatchObject({ status: 'soon', workingDaysLeft: 9 });
    expect(at(today)).toMatchObject({ status: 'soon', workingDaysLeft: 0 });
    expect(at(addDays(today, -1))).toMatchObject({ status: 'missed', workingDaysLeft: -1 });
    expect(at('2026-04-24')).toMatchObject({ status: 'missed', workingDaysLeft: -5 });
  });

  it('takes today as an instant read in England', () => {
    // 23:30 UTC on 17 May is already 18 May in England: the deadline is due today.
    expect(deadlineStatus('2026-05-18', '2026-05-18')).toEqual({ status: 'soon', workingDaysLeft: 0 });
    const [start] = computeRequestDeadlines({ placement: { requiredStartDate: '2026-05-17' } }, new Date('2026-05-17T23:30:00Z'));
    expect(start).toMatchObject({ status: 'missed' });
  });
});
