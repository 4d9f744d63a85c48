import { writeTransaction } from '../../db/transaction.js';
import { appendAudit } from '../../db/repositories/audit.js';
import { findRegistrationByAppId, findRegistrationByCouncil, insertRegistration } from '../../db/repositories/bot-registrations.js';
import { insertCouncil } from '../../db/repositories/staff-admin.js';
import { findCouncilByCode } from '../../db/repositories/staff.js';
import {
  councilCodeProblem,
  councilNameProblem,
  describeSecretLocation,
  normaliseCouncilCode,
  validateRegistration,
  type CouncilRegistrationInput,
  type FieldProblem,
} from '../../domain/bot-registration.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { auditDetails, invalidInput, type CouncilOperator } from './council-admin.js';
import { SECRET_PROBLEM_TEXT, type SecretReader } from './secrets.js';

export interface AddCouncilResult {
  councilId: number;
  code: string;
  /** False when the council already existed (e.g. from the staff import) and got its registration now. */
  councilCreated: boolean;
  /** Things the operator should check; nothing was refused because of them. */
  warnings: string[];
}

/**
 * Onboards a council's bot registration: the council (created when new) and its Entra tenant, app id and
 * secret location, in one audited transaction. The secret is looked for but never stored: the CLI may run
 * with another environment than the server, so a secret not found here is a warning, not a refusal.
 */
export async function addCouncil(deps: ServiceDeps, secrets: SecretReader, input: CouncilRegistrationInput, operator: CouncilOperator): Promise<AddCouncilResult> {
  const code = normaliseCouncilCode(input.code ?? '');
  const name = input.name?.trim() ?? '';
  const problems: FieldProblem[] = [];
  const codeProblem = councilCodeProblem(code);
  if (codeProblem) problems.push({ field: 'code', message: codeProblem });
  const nameProblem = name ? councilNameProblem(name) : undefined;
  if (nameProblem) problems.push({ field: 'name', message: nameProblem });
  const registration = validateRegistration(input, { tenantId: true, appId: true, secret: true });
  problems.push(...registration.problems);
  if (problems.length) throw invalidInput(problems);
  const { tenantId, appId, secret } = registration as Required<typeof registration>;

  // Looked for, never stored, and outside the transaction (file I/O).
  const warnings: string[] = [];
  const found = secrets.read(secret);
  if (!found.ok) {
    warnings.push(`The ${describeSecretLocation(secret.source, secret.ref)} is ${SECRET_PROBLEM_TEXT[found.problem]} here; the server must be able to read it.`);
  }
  if (deps.config.BOT_ID?.toLowerCase() === appId) {
    warnings.push('BOT_ID in this environment is the same app: the council registration now takes precedence, and BOT_ID/BOT_PASSWORD/BOT_TENANT_ID can be removed.');
  }

  const at = deps.clock.now();
  const fields = { tenantId, appId, secretSource: secret.source, secretRef: secret.ref };
  const { councilId, created } = (await writeTransaction(deps.db, async (tx) => {
    const existing = (await findCouncilByCode(tx, code));
    if (!existing && !name) throw invalidInput([{ field: 'name', message: 'is required for a new council' }]);
    if (existing?.status === 'removed') {
      throw new AppError(ErrorCodes.CONFLICT, `Council ${code} was removed on ${existing.removedAt?.slice(0, 10)}. Reinstate it first: reinstate-council ${code} --reason "…".`);
    }
    if (existing && (await findRegistrationByCouncil(tx, existing.id))) {
      throw new AppError(ErrorCodes.CONFLICT, `Council ${code} already has a bot registration. Change it with update-council ${code} ….`);
    }
    if (existing && name && existing.name !== name) {
      throw new AppError(ErrorCodes.CONFLICT, `Council ${code} is named "${existing.name}". Rename it with update-council ${code} --name "…".`);
    }
    const taken = (await findRegistrationByAppId(tx, appId));
    if (taken) throw new AppError(ErrorCodes.CONFLICT, `App id ${appId} is already the registration of council ${taken.councilCode}.`);

    const council = existing ?? (await insertCouncil(tx, { code, name }, at));
    const audit = (action: string, entityType: string, entityId: string, details: Record<string, unknown>) =>
      appendAudit(tx, at, { councilId: council.id, actorStaffId: null, actorLabel: operator.label, action, entityType, entityId, details: auditDetails(operator, details) });
    if (!existing) (await audit('council.created', 'council', String(council.id), { code, name }));
    (await insertRegistration(tx, council.id, fields, at));
    (await audit('bot_registration.added', 'bot_registration', appId, { code, tenantId, appId, secretSource: secret.source, secretRef: secret.ref }));
    return { councilId: council.id, created: !existing };
  }));
  deps.log.info({ councilId, appId }, 'council bot registration added');
  return { councilId, code, councilCreated: created, warnings };
}
