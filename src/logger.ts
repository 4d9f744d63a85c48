import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths that could carry child data or e-mail bodies are redacted wherever they appear,
 * so a careless `log.info({ request })` still cannot leak special category data.
 */
const REDACT = [
  'text', '*.text', 'body', '*.body', 'html', '*.html', 'raw', '*.raw',
  'childInitials', '*.childInitials', 'dateOfBirth', '*.dateOfBirth',
  'sectionB', '*.sectionB', 'sectionE', '*.sectionE', 'sectionF', '*.sectionF',
  'value', '*.value', 'activity.value', 'activity.text', 'password', '*.password',
  'authorization', '*.authorization', 'headers.authorization',
];

/**
 * Errors are logged by type, code and message only. A database error's message carries the statement's
 * parameters (a draft request, a reply's text), so everything from "params:" on is dropped, and so is the
 * first stack line, which repeats the message.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err).slice(0, 300) };
  const strip = (message: string) => message.split(/\n?params:/)[0]!.slice(0, 500);
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: strip(err.message),
    ...(err.cause instanceof Error ? { cause: { type: err.cause.name, message: strip(err.cause.message) } } : {}),
    stack: (err.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 12).join('\n'),
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'placement-desk' }, serializers: { err: safeError } },
    destination,
  );
}
