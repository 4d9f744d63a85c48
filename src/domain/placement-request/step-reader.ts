import { FIELD_LABELS, type FieldErrorCode, type RequestField } from './fields.js';
import { PERSONAL_DATA_MESSAGES, detectPersonalData, type PersonalDataKind } from '../personal-data.js';
import { CardAnswers, DATE_PARSE_MESSAGES, KEPT_MAX_LENGTH, cleanText } from '../card-answers.js';
import { parseTypedDate, type CalendarDate } from '../calendar-date.js';
import { MULTI_SELECT_FIELDS } from './fields.js';

/** Reads one step's card answers as untrusted text: kept as typed, each field checked, errors with stable codes. */

/** "EHCP status" stays as it is; "Date of birth" becomes "date of birth". */
function noun(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function codePoints(text: string): number {
  return [...text].length;
}

export class StepReader extends CardAnswers<RequestField, FieldErrorCode> {
  constructor(
    input: unknown,
    readonly today: CalendarDate,
  ) {
    super(input);
  }

  /** The raw answer as text ('' when absent), or null when it is of a type no card sends; kept as typed. */
  private raw(field: RequestField): string | null {
    const text = this.rawText(field, (value) =>
      MULTI_SELECT_FIELDS.has(field) && Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(',') : null,
    );
    this.kept[field] = (text ?? '').slice(0, KEPT_MAX_LENGTH);
    if (text === null) this.fail(field, 'invalid_type', 'This answer could not be read. Please enter it again.');
    return text;
  }

  /** Non-empty cleaned text, or undefined when empty (an error if required) or invalid. */
  text(field: RequestField, options: { required: boolean; max: number; multiline?: boolean; personalData?: boolean }): string | undefined {
    const raw = this.raw(field);
    if (raw === null) return undefined;
    const text = cleanText(raw, options.multiline ?? false);
    if (text === '') return options.required ? this.fail(field, 'required', `Enter the ${noun(FIELD_LABELS[field])}.`) : undefined;
    const length = codePoints(text);
    if (length > options.max) {
      return this.fail(field, 'too_long', `Keep this to ${options.max.toLocaleString('en-GB')} characters or fewer (it is ${length.toLocaleString('en-GB')}).`);
    }
    if (options.personalData ?? true) this.warnAboutPersonalData(field, detectPersonalData(text));
    return text;
  }

  warnAboutPersonalData(field: RequestField, kinds: readonly PersonalDataKind[]): void {
    for (const kind of kinds) this.warnings.push(`${FIELD_LABELS[field]}: ${PERSONAL_DATA_MESSAGES[kind]}`);
  }

  choice<T extends string>(field: RequestField, options: readonly T[]): T | undefined {
    const raw = this.raw(field);
    if (raw === null) return undefined;
    const value = raw.trim().toLowerCase();
    if (value === '') return this.fail(field, 'required', `Choose the ${noun(FIELD_LABELS[field])}.`);
    const match = options.find((o) => o === value);
    return match ?? this.fail(field, 'not_in_list', `Choose one of the options for ${noun(FIELD_LABELS[field])}.`);
  }

  /** Comma-separated values (spaces and semicolons tolerated for typed answers), upper- or lower-cased. */
  list(field: RequestField, normalise: (item: string) => string): string[] | undefined {
    const raw = this.raw(field);
    if (raw === null) return undefined;
    return raw
      .split(/[,;\s]+/)
      .map((item) => normalise(item.trim()))
      .filter((item) => item !== '');
  }

  date(
    field: RequestField,
    options: { required: boolean; prefer: 'future' | 'past'; requireYear?: boolean },
  ): CalendarDate | undefined {
    const raw = this.raw(field);
    if (raw === null) return undefined;
    const parsed = parseTypedDate(cleanText(raw, false), { today: this.today, prefer: options.prefer, requireYear: options.requireYear ?? false });
    if (parsed.ok) return parsed.date;
    if (parsed.reason === 'empty') {
      return options.required ? this.fail(field, 'required', `Enter the ${noun(FIELD_LABELS[field])}.`) : undefined;
    }
    return this.fail(field, 'invalid_date', DATE_PARSE_MESSAGES[parsed.reason]);
  }

  /** `min` and `max` are inclusive; each comes with the message shown when it is crossed. */
  dateWithin(
    field: RequestField,
    date: CalendarDate | undefined,
    bounds: { min?: [CalendarDate, string]; max?: [CalendarDate, string] },
  ): CalendarDate | undefined {
    if (date === undefined) return undefined;
    if (bounds.min && date < bounds.min[0]) return this.fail(field, 'date_out_of_range', bounds.min[1]);
    if (bounds.max && date > bounds.max[0]) return this.fail(field, 'date_out_of_range', bounds.max[1]);
    return date;
  }
}

