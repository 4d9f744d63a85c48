import { writeTransaction } from '../../db/transaction.js';
import { appendAudit } from '../../db/repositories/audit.js';
import { setCouncilStatus } from '../../db/repositories/bot-registrations.js';
import { findCouncilByCode } from '../../db/repositories/staff.js';
import { normaliseCouncilCode } from '../../domain/bot-registration.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { auditDetails, type CouncilOperator } from './council-admin.js';

/** Undoes remove-council: the registration and the staff are accepted again from the next request. */
export async function reinstateCouncil(deps: ServiceDeps, input: { code: string; reason: string }, operator: CouncilOperator): Promise<{ code: string }> {
  const code = normaliseCouncilCode(input.code);
  const reason = input.reason.trim();
  if (!reason) throw new AppError(ErrorCodes.INVALID_INPUT, 'Say why the council is reinstated: --reason "…" (it goes on the record).');
  const at = deps.clock.now();
  const councilId = (await writeTransaction(deps.db, async (tx) => {
    const council = code ? (await findCouncilByCode(tx, code)) : undefined;
    if (!council) throw new AppError(ErrorCodes.NOT_FOUND, `There is no council ${code || '(no code given)'}. list-councils shows them.`);
    if (council.status === 'active') throw new AppError(ErrorCodes.CONFLICT, `Council ${code} is not removed.`);
    (await setCouncilStatus(tx, council.id, 'active', at));
    (await appendAudit(tx, at, {
      councilId: council.id, actorStaffId: null, actorLabel: operator.label,
      action: 'council.reinstated', entityType: 'council', entityId: String(council.id),
      details: auditDetails(operator, { code, reason }),
    }));
    return council.id;
  }));
  deps.log.info({ councilId }, 'council reinstated');
  return { code };
}
