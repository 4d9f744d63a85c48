import type { Logger } from '../logger.js';

/**
 * botbuilder writes to the console on its own (a whole stack for every refused token, warnings about
 * missing settings), which would flood the output during a scan and bypass the logger's redaction.
 * While an app runs, console output is turned into debug lines of that app's logger instead: one
 * summarised line per call, no stack. Nothing in src calls console.*, so all of it is library output.
 */
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
type Method = (typeof METHODS)[number];

const loggers: Logger[] = [];
let original: Pick<Console, Method> | undefined;

function summarise(args: unknown[]): string {
  return args
    .map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : safeJson(a)))
    .join(' ')
    .split('\n')[0]!
    .slice(0, 300);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Routes console output to `log` at debug until the returned function is called. Nested calls use the newest logger. */
export function routeConsoleToLogger(log: Logger): () => void {
  if (!original) {
    original = Object.fromEntries(METHODS.map((m) => [m, console[m]])) as Pick<Console, Method>;
    for (const method of METHODS) {
      console[method] = (...args: unknown[]) => loggers.at(-1)?.debug({ console: method, output: summarise(args) }, 'library console output');
    }
  }
  loggers.push(log);
  return () => {
    const at = loggers.lastIndexOf(log);
    if (at >= 0) loggers.splice(at, 1);
    if (loggers.length === 0 && original) {
      Object.assign(console, original);
      original = undefined;
    }
  };
}
