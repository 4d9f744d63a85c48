/**
 * Every refusal the product gives, in one registry: a stable code (for logs, tests and monitoring) and the
 * words a person reads when the use case has nothing more specific to say. Use cases return validation
 * outcomes (`{ outcome: 'invalid', errors }`: the person corrects a field) and throw an AppError for a
 * refusal (the action cannot happen as asked), the same way everywhere.
 */
export const ERRORS = {
  UNKNOWN_USER: "I don't know you yet, so I cannot do that for you. Ask your council's Placement Desk administrator to add you.",
  FORBIDDEN_ROLE: 'Your roles do not allow that.',
  NOT_FOUND: 'I could not find that. Type **my requests** to see the ones you can open.',
  NOT_IN_CHANNEL: 'That only works in a team channel.',
  INVALID_INPUT: 'That card is missing information. Type **my requests** and open the request again.',
  STALE_CARD: 'This card is out of date; nothing was changed. Here is the current one.',
  CONFLICT: 'That changed at the same moment somewhere else, so nothing was changed. Please try again.',
  STORAGE_FAILED: 'I could not save that just now, and nothing was changed. Please try again in a moment.',
  ACTION_NOT_ALLOWED: 'That cannot be done at this stage of the request.',
  RECORD_FROZEN: 'That was decided and can no longer change.',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERRORS;

/** The codes by name, for `ErrorCodes.NOT_FOUND` at the throwing site. */
export const ErrorCodes = Object.fromEntries(Object.keys(ERRORS).map((code) => [code, code])) as { readonly [C in ErrorCode]: C };

/**
 * A refusal the person can act on: a stable code and a message written for them (the registry's words
 * unless the use case says more).
 */
export class AppError extends Error {
  readonly userMessage: string;

  constructor(
    readonly code: ErrorCode,
    userMessage?: string,
    readonly details: Record<string, string> = {},
  ) {
    const message = userMessage ?? ERRORS[code];
    super(`${code}: ${message}`);
    this.userMessage = message;
  }
}

/** Shorthand for the common case: refuse with the registry's words or more specific ones. */
export function refuse(code: ErrorCode, userMessage?: string, details?: Record<string, string>): never {
  throw new AppError(code, userMessage, details);
}
