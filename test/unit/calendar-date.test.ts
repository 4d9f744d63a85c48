import { describe, expect, it } from 'vitest';
import {
  academicYearLabel,
  academicYearStart,
  addDays,
  addYears,
  calendarDateOf,
  dayOfWeek,
  daysBetween,
  formatUkDate,
  isCalendarDate,
  parseTypedDate,
  toCalendarDate,
} from '../../src/domain/calendar-date.js';

describe('calendar dates', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-9-7')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
    expect(isCalendarDate(20270907)).toBe(false);
    expect(() => toCalendarDate('07/09/2027')).toThrow(RangeError);
  });

  it('reads an instant as the date in England, not in UTC', () => {
    // 00:30 BST on 1 June is still 31 May in UTC.
    expect(calendarDateOf(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    // In winter England is on UTC.
    expect(calendarDateOf(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(toCalendarDate(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29');
    expect(() => calendarDateOf(new Date('nonsense'))).toThrow(RangeError);
  });

  it('does day and year arithmetic across month, leap-year and BST boundaries', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-05-01', -10)).toBe('2016-05-01');
    expect(daysBetween('2026-03-02', '2026-07-20')).toBe(140);
    expect(daysBetween('2026-07-20', '2026-03-02')).toBe(-140);
    expect(dayOfWeek('2026-05-01')).toBe(5);
    expect(() => addDays('2026-05-01', 1.5)).toThrow(RangeError);
  });

  it('formats dates the British way', () => {
    expect(formatUkDate('2027-09-07')).toBe('7 September 2027');
    expect(formatUkDate('2027-09-07', { weekday: true })).toBe('Tuesday 7 September 2027');
  });

  it('knows the academic year (1 September to 31 August)', () => {
    expect(academicYearStart('2027-08-31')).toBe('2026-09-01');
    expect(academicYearStart('2027-09-01')).toBe('2027-09-01');
    expect(academicYearLabel('2027-09-07')).toBe('2027/28');
    expect(academicYearLabel('2000-01-10')).toBe('1999/00');
  });
});

describe('parseTypedDate', () => {
  const today = '2026-05-01';
  const future = { today, prefer: 'future' as const };
  const past = { today, prefer: 'past' as const };

  it('reads Input.Date values and numeric dates day first', () => {
    expect(parseTypedDate('2027-09-07', future)).toEqual({ ok: true, date: '2027-09-07' });
    expect(parseTypedDate('07/09/2027', future)).toEqual({ ok: true, date: '2027-09-07' });
    expect(parseTypedDate('7/9/27', future)).toEqual({ ok: true, date: '2027-09-07' });
    expect(parseTypedDate('07.09.2027', future)).toEqual({ ok: true, date: '2027-09-07' });
    expect(parseTypedDate('  12/01/2027 ', future)).toEqual({ ok: true, date: '2027-01-12' });
  });

  it('reads written dates, with or without surrounding words', () => {
    expect(parseTypedDate('7 Sept 2027', future)).toEqual({ ok: true, date: '2027-09-07' });
    expect(parseTypedDate('start date 7 Sept 2027', future)).toEqual({ ok: true, date: '2027-09-07' });
    expect(parseTypedDate('Tuesday 7th September 2027', future)).toEqual({ ok: true, date: '2027-09-07' });
  });

  it('resolves a date without a year forwards or backwards as asked', () => {
    expect(parseTypedDate('7 Sept', future)).toEqual({ ok: true, date: '2026-09-07' });
    expect(parseTypedDate('7 Sept', past)).toEqual({ ok: true, date: '2025-09-07' });
    expect(parseTypedDate('7 Sept', { ...past, requireYear: true })).toEqual({ ok: false, reason: 'incomplete' });
  });

  it('says why a date could not be read', () => {
    expect(parseTypedDate('   ', future)).toEqual({ ok: false, reason: 'empty' });
    expect(parseTypedDate('31/02/2027', future)).toEqual({ ok: false, reason: 'not_real' });
    expect(parseTypedDate('2027-02-30', future)).toEqual({ ok: false, reason: 'not_real' });
    expect(parseTypedDate('09/13/2027', future)).toEqual({ ok: false, reason: 'not_real' });
    expect(parseTypedDate('after the holidays', future)).toEqual({ ok: false, reason: 'unrecognised' });
    expect(parseTypedDate('September 2027', future)).toEqual({ ok: false, reason: 'incomplete' });
    expect(parseTypedDate('7 Sept 2027 or 14 Sept 2027', future)).toEqual({ ok: false, reason: 'ambiguous' });
    expect(parseTypedDate('from 7 Sept 2027 to 9 Sept 2027', future)).toEqual({ ok: false, reason: 'ambiguous' });
    expect(parseTypedDate(`7 Sept 2027 ${'x'.repeat(200)}`, future)).toEqual({ ok: false, reason: 'unrecognised' });
  });
});
