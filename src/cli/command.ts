import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';

/** What every operator command gets. The database is opened on first use, so `--help` needs none. */
export interface CliContext {
  config: Config;
  db(): Promise<Db>;
  log: Logger;
  clock: Clock;
  /** Results go to stdout (pipeable); progress and messages for a person go to stderr. */
  out: (line: string) => void;
  err: (line: string) => void;
  progress: (label: string, done: number, total: number) => void;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(ctx: CliContext, args: string[]): Promise<number>;
}

/** A problem the operator can fix: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  readonly code = 'CLI_USAGE';
}

/** Splits `--flag value` and `--flag=value` options from positional arguments. */
export function parseArgs(args: string[], flagsWithValues: readonly string[] = []) {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) options[name] = inline;
    else if (flagsWithValues.includes(name)) {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      options[name] = next;
      i++;
    } else options[name] = true;
  }
  return { positional, options };
}
