import { type CalendarDate } from './calendar-date.js';
import { workingDaysBetween } from './deadlines.js';

/**
 * A proposal waiting for a decision: after the council's number of working days its approvers are
 * reminded, and after a second period it is escalated to the Head of Service. Working days as everywhere
 * (no weekends, no England & Wales bank holidays), counted from the day the award was proposed.
 */
export interface EscalationSettings {
  reminderWorkingDays: number;
  escalationWorkingDays: number;
}

export const DEFAULT_ESCALATION: EscalationSettings = { reminderWorkingDays: 3, escalationWorkingDays: 3 };
export const ESCALATION_DAYS_RANGE = { min: 1, max: 20 } as const;

export interface EscalationDue {
  workingDaysWaited: number;
  reminder: boolean;
  escalation: boolean;
}

/** Which steps are due today and not yet taken (each is taken once). */
export function escalationDue(proposedOn: CalendarDate, today: CalendarDate, settings: EscalationSettings, done: { reminder: boolean; escalation: boolean }): EscalationDue {
  const workingDaysWaited = Math.max(0, workingDaysBetween(proposedOn, today));
  return {
    workingDaysWaited,
    reminder: !done.reminder && workingDaysWaited >= settings.reminderWorkingDays,
    escalation: !done.escalation && workingDaysWaited >= settings.reminderWorkingDays + settings.escalationWorkingDays,
  };
}

/** The administrator's card sends text: whole working days from 1 to 20 each. */
export function validateEscalationSettings(input: { reminderWorkingDays: unknown; escalationWorkingDays: unknown }):
  | { ok: true; settings: EscalationSettings }
  | { ok: false; errors: Partial<Record<keyof EscalationSettings, string>> } {
  const errors: Partial<Record<keyof EscalationSettings, string>> = {};
  const read = (key: keyof EscalationSettings, what: string): number => {
    const value = input[key];
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    if (!(n >= ESCALATION_DAYS_RANGE.min && n <= ESCALATION_DAYS_RANGE.max)) errors[key] = `Give ${what} as a whole number of working days from ${ESCALATION_DAYS_RANGE.min} to ${ESCALATION_DAYS_RANGE.max}.`;
    return n;
  };
  const reminderWorkingDays = read('reminderWorkingDays', 'the wait before the reminder');
  const escalationWorkingDays = read('escalationWorkingDays', 'the further wait before escalation');
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, settings: { reminderWorkingDays, escalationWorkingDays } };
}
