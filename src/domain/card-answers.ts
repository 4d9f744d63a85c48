import type { DateParseFailure } from './calendar-date.js';

/**
 * What every card form's validation shares: untrusted input read safely, one error per field with a
 * stable code and a message for people, non-blocking warnings, and what was typed kept so the card can
 * be shown again. The request form and the appraisal build their field rules on top of this.
 */

// A forged submission could carry megabytes; what is echoed back into a card is capped.
export const KEPT_MAX_LENGTH = 5000;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Card text minus control characters (tabs and, for multi-line fields, line breaks survive), trimmed. */
export function cleanText(text: string, multiline: boolean): string {
  const unified = text.replace(/\r\n?/g, '\n');
  const visible = multiline
    ? unified.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    : unified.replace(/[\u0000-\u001F\u007F]+/g, ' ').replace(/ {2,}/g, ' ');
  return visible.trim();
}

export const DATE_PARSE_MESSAGES: Record<Exclude<DateParseFailure, 'empty'>, string> = {
  unrecognised: 'Enter a date like 07/09/2027 or 7 September 2027.',
  not_real: 'That is not a real date: check the day and the month (day first, e.g. 07/09/2027 is 7 September).',
  incomplete: 'Give a full date: day, month and year.',
  ambiguous: 'Enter one date only.',
};

export interface CardAnswersFailure<C extends string> {
  ok: false;
  /** User-facing message per field id. */
  errors: Record<string, string>;
  /** Stable code per field id, for tests and logs (never the entered value). */
  codes: Record<string, C>;
  /** What was entered, as text, for every field of the form, so the card can be shown again. */
  kept: Record<string, string>;
  warnings: string[];
}

/** Errors, codes, warnings and kept text of one form submission; the first error of a field wins. */
export class CardAnswers<F extends string, C extends string> {
  readonly errors: Record<string, string> = {};
  readonly codes: Record<string, C> = {};
  readonly kept: Record<string, string> = {};
  readonly warnings: string[] = [];
  protected readonly input: Record<string, unknown>;

  constructor(input: unknown) {
    this.input = isRecord(input) ? input : {};
  }

  fail(field: F, code: C, message: string): undefined {
    if (!(field in this.errors)) {
      this.errors[field] = message;
      this.codes[field] = code;
    }
    return undefined;
  }

  failed(field: F): boolean {
    return field in this.errors;
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  failure(): CardAnswersFailure<C> {
    return { ok: false, errors: this.errors, codes: this.codes, kept: this.kept, warnings: this.warnings };
  }

  /** The answer as text ('' when absent), or null when it is of a type no card sends. */
  protected rawText(field: F, alsoAccept?: (value: unknown) => string | null): string | null {
    const value = Object.hasOwn(this.input, field) ? this.input[field] : undefined;
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return alsoAccept?.(value) ?? null;
  }
}
