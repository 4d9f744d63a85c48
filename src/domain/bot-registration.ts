import { isGuid } from './entra-ids.js';
import { COUNCIL_CODE } from './staff-register.js';

export { isGuid };

/**
 * A council's own Microsoft bot registration: its single-tenant Entra app (Microsoft App ID) in the
 * council's tenant, and where the app's client secret can be read. The secret itself is never stored:
 * only the name of an environment variable or the path of a file that holds it.
 */
export const SECRET_SOURCES = ['env', 'file'] as const;
export type SecretSource = (typeof SECRET_SOURCES)[number];

export const COUNCIL_STATUSES = ['active', 'removed'] as const;
export type CouncilStatus = (typeof COUNCIL_STATUSES)[number];

/** POSIX-style names, as every shell and container platform accepts them. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface RegistrationFields {
  tenantId: string;
  appId: string;
  secretSource: SecretSource;
  secretRef: string;
}

export interface CouncilRegistrationInput {
  code?: string;
  name?: string;
  tenantId?: string;
  appId?: string;
  secretEnv?: string;
  secretFile?: string;
}

export interface FieldProblem {
  field: 'code' | 'name' | 'tenant' | 'app-id' | 'secret';
  message: string;
}

export function normaliseCouncilCode(code: string): string {
  return code.trim().toUpperCase();
}

export function councilCodeProblem(code: string): string | undefined {
  if (!code) return 'is required';
  if (!COUNCIL_CODE.test(code) || code.length > 32) return `"${code}" is not a council code (letters and digits, e.g. HALTON)`;
  return undefined;
}

export function councilNameProblem(name: string): string | undefined {
  if (!name) return 'is required';
  if (name.length > 200) return 'is longer than 200 characters';
  if (CONTROL.test(name)) return 'contains control characters';
  return undefined;
}

/** The secret's location: exactly one of an environment variable name or an absolute file path. */
export function parseSecretLocation(input: { secretEnv?: string; secretFile?: string }): { ok: true; source: SecretSource; ref: string } | { ok: false; message: string } {
  const env = input.secretEnv?.trim();
  const file = input.secretFile?.trim();
  if (env && file) return { ok: false, message: 'give either --secret-env or --secret-file, not both' };
  if (env) {
    if (!ENV_NAME.test(env)) return { ok: false, message: `"${env}" is not an environment variable name (letters, digits and _, not starting with a digit)` };
    return { ok: true, source: 'env', ref: env };
  }
  if (file) {
    if (CONTROL.test(file)) return { ok: false, message: 'the file path contains control characters' };
    if (!file.startsWith('/')) return { ok: false, message: `"${file}" is not an absolute path; the server may run from another folder` };
    return { ok: true, source: 'file', ref: file };
  }
  return { ok: false, message: 'say where the client secret is: --secret-env NAME or --secret-file /path' };
}

/** Checks the registration fields given; reports every problem, not just the first. GUIDs come back lower-case. */
export function validateRegistration(
  input: CouncilRegistrationInput,
  required: { tenantId: boolean; appId: boolean; secret: boolean },
): { problems: FieldProblem[]; tenantId?: string; appId?: string; secret?: { source: SecretSource; ref: string } } {
  const problems: FieldProblem[] = [];
  const guid = (field: 'tenant' | 'app-id', value: string | undefined, needed: boolean, what: string) => {
    const v = value?.trim();
    if (!v) {
      if (needed) problems.push({ field, message: `is required (${what})` });
      return undefined;
    }
    if (!isGuid(v)) {
      problems.push({ field, message: `"${v}" is not a GUID (${what})` });
      return undefined;
    }
    return v.toLowerCase();
  };
  const tenantId = guid('tenant', input.tenantId, required.tenantId, "the council's Entra tenant id");
  const appId = guid('app-id', input.appId, required.appId, 'the Microsoft App ID of the bot registration');
  let secret: { source: SecretSource; ref: string } | undefined;
  if (input.secretEnv !== undefined || input.secretFile !== undefined || required.secret) {
    const parsed = parseSecretLocation(input);
    if (parsed.ok) secret = { source: parsed.source, ref: parsed.ref };
    else problems.push({ field: 'secret', message: parsed.message });
  }
  return { problems, tenantId, appId, secret };
}

export function describeSecretLocation(source: SecretSource, ref: string): string {
  return source === 'env' ? `environment variable ${ref}` : `file ${ref}`;
}
