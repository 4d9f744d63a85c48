/**
 * A failure the user can act on: a stable code for logs and tests, and a message written for the
 * person in Teams or at the command line.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
    readonly details: Record<string, string> = {},
  ) {
    super(`${code}: ${userMessage}`);
  }
}

export const ErrorCodes = {
  UNKNOWN_USER: 'UNKNOWN_USER',
  FORBIDDEN_ROLE: 'FORBIDDEN_ROLE',
  NOT_FOUND: 'NOT_FOUND',
  NOT_IN_CHANNEL: 'NOT_IN_CHANNEL',
  INVALID_INPUT: 'INVALID_INPUT',
  STALE_CARD: 'STALE_CARD',
  CONFLICT: 'CONFLICT',
  STORAGE_FAILED: 'STORAGE_FAILED',
} as const;
