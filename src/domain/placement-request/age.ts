import { academicYearLabel, academicYearStart, addDays, dateParts, formatUkDate, toCalendarDate, type CalendarDate } from '../calendar-date.js';
import { LOT_LABELS, POST16_LOTS, UNDER16_LOTS, type Lot } from '../reference-data.js';
import { POST16_AGE, type FieldErrorCode } from './fields.js';

/** Ages, school years and which lots suit a young person at a date. */

/**
 * Completed years of age on `date`. Someone born on 29 February turns a year older on 1 March in a common
 * year (the usual legal reading in England). Negative when `date` is before the birth.
 */
export function ageOn(dateOfBirth: CalendarDate, date: Date | CalendarDate): number {
  const born = dateParts(dateOfBirth);
  const on = dateParts(toCalendarDate(date));
  const hadBirthday = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return on.year - born.year - (hadBirthday ? 0 : 1);
}

/**
 * Age on the 31 August that ends the academic year before the one containing `date`. English schools
 * group children by this age: it decides the National Curriculum year, and we use it for the lot rule too,
 * so a young person born on 1 September who turns 16 a week into Year 11 is not yet offered post-16 lots.
 */
export function ageAtAcademicYearStart(dateOfBirth: CalendarDate, date: Date | CalendarDate): number {
  return ageOn(dateOfBirth, addDays(academicYearStart(toCalendarDate(date)), -1));
}

export type NationalCurriculumYear = 'Nursery' | 'Reception' | `Year ${number}` | 'Post-19';

/**
 * The English National Curriculum year on `onDate`: Reception for children who were 4 on the 31 August
 * before the academic year began, Year 1 for 5, … Year 13 for 17 and Year 14 for 18 (the census year for a
 * third year in post-16). Younger children are in early years ("Nursery"); 19 and over is "Post-19".
 * Null before the child is born.
 */
export function nationalCurriculumYear(dateOfBirth: CalendarDate, onDate: Date | CalendarDate): NationalCurriculumYear | null {
  const on = toCalendarDate(onDate);
  if (on < dateOfBirth) return null;
  const age = ageAtAcademicYearStart(dateOfBirth, on);
  if (age <= 3) return 'Nursery';
  if (age === 4) return 'Reception';
  if (age >= 19) return 'Post-19';
  return `Year ${age - 4}`;
}

export interface LotAgeProblem {
  field: 'lot';
  code: Extract<FieldErrorCode, 'lot_too_young' | 'lot_reason_required'>;
  message: string;
}

/**
 * The lot must suit the young person's age at the required start date, taken on the 31 August before
 * the academic year of the start (see ageAtAcademicYearStart): post-16 lots (4, 5) need 16 or over;
 * 0–16 lots (1, 2, 3) are for under-16s unless a reason is given; alternative provision (6, 7) suits any age.
 */
export function checkLotForAge(args: {
  dateOfBirth: CalendarDate;
  requiredStartDate: CalendarDate;
  lot: Lot;
  lotReason: string | undefined;
}): LotAgeProblem | null {
  const { dateOfBirth, requiredStartDate, lot, lotReason } = args;
  const age = ageAtAcademicYearStart(dateOfBirth, requiredStartDate);
  const cutOff = formatUkDate(addDays(academicYearStart(requiredStartDate), -1));
  const year = nationalCurriculumYear(dateOfBirth, requiredStartDate);
  const inYear = year ? ` (${year} in ${academicYearLabel(requiredStartDate)})` : '';
  if (POST16_LOTS.includes(lot) && age < POST16_AGE) {
    return {
      field: 'lot',
      code: 'lot_too_young',
      message: `Lot ${lot} (${LOT_LABELS[lot]}) is for young people aged ${POST16_AGE} or over on the 31 August before the start date. On ${cutOff} this child is ${age}${inYear}.`,
    };
  }
  if (UNDER16_LOTS.includes(lot) && age >= POST16_AGE && !lotReason) {
    return {
      field: 'lot',
      code: 'lot_reason_required',
      message: `Lot ${lot} (${LOT_LABELS[lot]}) is for children under ${POST16_AGE}, but this young person is ${age} on ${cutOff}${inYear}. Choose a 16+ lot, or give a reason for this lot.`,
    };
  }
  return null;
}

