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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'placement-desk' } }, destination);
}
