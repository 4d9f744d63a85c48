import { readFileSync } from 'node:fs';
import type { Config } from '../../config.js';

/** Where a bot registration's client secret is read. Never the secret itself. */
export type SecretLocation =
  | { source: 'env'; ref: string }
  | { source: 'file'; ref: string }
  /** The environment registration's BOT_PASSWORD, as parsed into the config. */
  | { source: 'config'; ref: 'BOT_PASSWORD' };

export type SecretRead = { ok: true; secret: string } | { ok: false; problem: 'not_set' | 'missing_file' | 'unreadable' | 'empty' };

/**
 * Reads secrets at the moment they are needed, so a rotated secret (a new value in the file, or a
 * registration pointed at another variable or file) is used from the next token on, without a restart.
 */
export interface SecretReader {
  read(location: SecretLocation): SecretRead;
}

export function createSecretReader(config: Pick<Config, 'BOT_PASSWORD'>, env: NodeJS.ProcessEnv = process.env): SecretReader {
  return {
    read(location) {
      if (location.source === 'config') return present(config.BOT_PASSWORD);
      if (location.source === 'env') return present(env[location.ref]);
      try {
        return present(readFileSync(location.ref, 'utf8').trim(), 'empty');
      } catch (err) {
        return { ok: false, problem: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing_file' : 'unreadable' };
      }
    },
  };
}

function present(value: string | undefined, whenEmpty: 'not_set' | 'empty' = 'not_set'): SecretRead {
  if (value === undefined) return { ok: false, problem: 'not_set' };
  return value === '' ? { ok: false, problem: whenEmpty } : { ok: true, secret: value };
}

export const SECRET_PROBLEM_TEXT: Record<Exclude<SecretRead, { ok: true }>['problem'], string> = {
  not_set: 'not set',
  missing_file: 'file missing',
  unreadable: 'file unreadable',
  empty: 'file empty',
};
