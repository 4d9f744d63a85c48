import { addWorkingDays } from './deadlines.js';
import type { CalendarDate } from './calendar-date.js';

/** Providers who have not answered get one reminder this many working days before the deadline. */
export const REMINDER_WORKING_DAYS_BEFORE = 2;
/** Responses close at the end of the deadline day: 17:00 in England (GMT or BST). */
export const RESPONSES_CLOSE_HOUR_UK = 17;

/** True from the reminder day until the deadline itself (a reminder on the day would come too late to help). */
export function shouldRemind(today: CalendarDate, deadline: CalendarDate): boolean {
  return today >= addWorkingDays(deadline, -REMINDER_WORKING_DAYS_BEFORE) && today < deadline;
}

/** Made once: building an Intl formatter costs far more than using it (each e-mail with a reply-page link asks). */
const ukHourOf = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hour12: false });

/** The moment responses close: 17:00 in England on the deadline day. */
export function responsesClosingAt(deadline: CalendarDate): Date {
  const noonUtc = new Date(`${deadline}T12:00:00Z`);
  const ukHour = Number(ukHourOf.format(noonUtc));
  const offsetHours = ukHour - 12;
  return new Date(Date.UTC(noonUtc.getUTCFullYear(), noonUtc.getUTCMonth(), noonUtc.getUTCDate(), RESPONSES_CLOSE_HOUR_UK - offsetHours));
}
