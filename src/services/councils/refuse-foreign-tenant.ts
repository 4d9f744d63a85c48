import { recordAudit } from '../../db/repositories/audit.js';
import type { ServiceDeps } from '../deps.js';
import type { BotRegistration } from './bot-registrations.js';

export interface ForeignTenantAttempt {
  registration: BotRegistration;
  /** The tenant the activity says it comes from (conversation or channel data); undefined when it says none. */
  activityTenantId: string | undefined;
  aadObjectId: string | undefined;
  activityType: string;
}

/**
 * Someone of another tenant reached a council's registration (e.g. another tenant uploaded an app with
 * this council's bot id). Refused before any handler runs, and put on the council's record.
 */
export async function refuseForeignTenant(deps: ServiceDeps, attempt: ForeignTenantAttempt): Promise<void> {
  const { registration } = attempt;
  (await recordAudit(deps.db, deps.clock.now(), {
    councilId: registration.councilId,
    actorStaffId: null,
    actorLabel: `teams:${attempt.aadObjectId ?? '?'}@${attempt.activityTenantId ?? '?'}`,
    action: 'access.refused',
    entityType: 'bot_registration',
    entityId: registration.appId,
    details: {
      reason: 'tenant mismatch',
      registrationTenantId: registration.tenantId,
      activityTenantId: attempt.activityTenantId ?? null,
      activityType: attempt.activityType,
    },
  }));
}
