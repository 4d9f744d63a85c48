import { writeTransaction } from '../../db/transaction.js';
import { appendAudit } from '../../db/repositories/audit.js';
import { findRegistrationByAppId, findRegistrationByCouncil, updateRegistration } from '../../db/repositories/bot-registrations.js';
import { renameCouncil } from '../../db/repositories/staff-admin.js';
import { findCouncilByCode } from '../../db/repositories/staff.js';
import {
  councilNameProblem,
  describeSecretLocation,
  normaliseCouncilCode,
  validateRegistration,
  type CouncilRegistrationInput,
  type FieldProblem,
  type RegistrationFields,
} from '../../domain/bot-registration.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { auditDetails, invalidInput, type CouncilOperator } from './council-admin.js';
import { SECRET_PROBLEM_TEXT, type SecretReader } from './secrets.js';

export interface UpdateCouncilResult {
  code: string;
  /** One line per change, e.g. "app id 1111… → 2222…"; empty when nothing changed. */
  changes: string[];
  warnings: string[];
}

/**
 * Changes a council's name or registration (new tenant, new app, secret moved to another variable or
 * file). The server reads registrations per request, so the change applies to the next activity.
 */
export async function updateCouncil(deps: ServiceDeps, secrets: SecretReader, input: CouncilRegistrationInput, operator: CouncilOperator): Promise<UpdateCouncilResult> {
  const code = normaliseCouncilCode(input.code ?? '');
  const problems: FieldProblem[] = [];
  const name = input.name?.trim();
  if (name !== undefined) {
    const nameProblem = councilNameProblem(name);
    if (nameProblem) problems.push({ field: 'name', message: nameProblem });
  }
  const registration = validateRegistration(input, { tenantId: false, appId: false, secret: false });
  problems.push(...registration.problems);
  if (problems.length) throw invalidInput(problems);
  const wantsRegistrationChange = registration.tenantId !== undefined || registration.appId !== undefined || registration.secret !== undefined;
  if (name === undefined && !wantsRegistrationChange) {
    throw new AppError(ErrorCodes.INVALID_INPUT, 'Nothing to change: give --name, --tenant, --app-id, --secret-env or --secret-file.');
  }

  // Looked for, never stored, and outside the transaction (file I/O).
  const warnings: string[] = [];
  if (registration.secret) {
    const found = secrets.read(registration.secret);
    if (!found.ok) warnings.push(`The ${describeSecretLocation(registration.secret.source, registration.secret.ref)} is ${SECRET_PROBLEM_TEXT[found.problem]} here; the server must be able to read it.`);
  }

  const at = deps.clock.now();
  const { councilId, changes, fields } = (await writeTransaction(deps.db, async (tx) => {
    const council = code ? (await findCouncilByCode(tx, code)) : undefined;
    if (!council) throw new AppError(ErrorCodes.NOT_FOUND, `There is no council ${code || '(no code given)'}. list-councils shows them.`);
    if (council.status === 'removed') warnings.push(`Council ${code} is removed: its registration stays refused until reinstate-council.`);
    const before = (await findRegistrationByCouncil(tx, council.id));
    if (wantsRegistrationChange && !before) {
      throw new AppError(ErrorCodes.NOT_FOUND, `Council ${code} has no bot registration yet. Add one: add-council ${code} --tenant … --app-id … --secret-env NAME.`);
    }
    if (registration.appId && registration.appId !== before?.appId) {
      const taken = (await findRegistrationByAppId(tx, registration.appId));
      if (taken) throw new AppError(ErrorCodes.CONFLICT, `App id ${registration.appId} is already the registration of council ${taken.councilCode}.`);
    }

    const changed: Partial<RegistrationFields> = {};
    const lines: string[] = [];
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    if (name !== undefined && name !== council.name) {
      diff.name = { from: council.name, to: name };
      lines.push(`name "${council.name}" → "${name}"`);
    }
    if (before) {
      if (registration.tenantId && registration.tenantId !== before.tenantId) {
        changed.tenantId = registration.tenantId;
        lines.push(`tenant ${before.tenantId} → ${registration.tenantId}`);
      }
      if (registration.appId && registration.appId !== before.appId) {
        changed.appId = registration.appId;
        lines.push(`app id ${before.appId} → ${registration.appId}`);
      }
      if (registration.secret && (registration.secret.source !== before.secretSource || registration.secret.ref !== before.secretRef)) {
        changed.secretSource = registration.secret.source;
        changed.secretRef = registration.secret.ref;
        lines.push(`secret from ${describeSecretLocation(before.secretSource, before.secretRef)} → ${describeSecretLocation(registration.secret.source, registration.secret.ref)}`);
      }
      for (const key of Object.keys(changed) as Array<keyof RegistrationFields>) diff[key] = { from: before[key], to: changed[key] };
    }
    if (!lines.length) return { councilId: council.id, changes: lines, fields: [] };

    if (diff.name) (await renameCouncil(tx, council.id, name!));
    if (Object.keys(changed).length) (await updateRegistration(tx, council.id, changed, at));
    (await appendAudit(tx, at, {
      councilId: council.id,
      actorStaffId: null,
      actorLabel: operator.label,
      action: 'council.updated',
      entityType: 'council',
      entityId: String(council.id),
      details: auditDetails(operator, { code, changes: diff }),
    }));
    return { councilId: council.id, changes: lines, fields: Object.keys(diff) };
  }));
  if (changes.length) deps.log.info({ councilId, fields }, 'council updated');
  return { code, changes, warnings };
}
