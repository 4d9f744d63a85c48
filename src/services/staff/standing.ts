import { recordAudit } from '../../db/repositories/audit.js';
import { findStaffStandingByIdentity } from '../../db/repositories/staff.js';
import { calendarDateOf, formatUkDate } from '../../domain/calendar-date.js';
import type { ServiceDeps } from '../deps.js';

/**
 * Someone the bot no longer serves because their council's administrator deactivated them: what they
 * are told when an old card or a message of theirs arrives (nothing is changed), and the attempt is on
 * the council's record. Undefined for anyone else (strangers get the usual "I don't know you yet").
 * `registrationCouncilId` is the council whose registration the turn came through, when there is one.
 */
export async function refuseDeactivated(
  deps: ServiceDeps,
  identity: { aadObjectId?: string; tenantId?: string },
  registrationCouncilId: number | null | undefined,
  attempt: { entityType: 'card_action' | 'message'; entityId: string },
): Promise<{ councilName: string; endedOn: string | null } | undefined> {
  if (!identity.aadObjectId || !identity.tenantId) return undefined;
  const standing = (await findStaffStandingByIdentity(deps.db, identity.aadObjectId, identity.tenantId));
  if (!standing || standing.active || !standing.councilActive) return undefined;
  if (registrationCouncilId != null && registrationCouncilId !== standing.councilId) return undefined;
  const now = deps.clock.now();
  (await recordAudit(deps.db, now, {
    councilId: standing.councilId,
    actorStaffId: standing.staffId,
    actorLabel: `staff:${standing.staffId}`,
    action: 'access.refused',
    entityType: attempt.entityType,
    entityId: attempt.entityId,
    details: { reason: 'deactivated' },
  }));
  return { councilName: standing.councilName, endedOn: standing.deactivatedAt ? formatUkDate(calendarDateOf(new Date(standing.deactivatedAt))) : null };
}
