import { listCouncilOverview } from '../../db/repositories/bot-registrations.js';
import { describeSecretLocation, type CouncilStatus } from '../../domain/bot-registration.js';
import type { ServiceDeps } from '../deps.js';
import { environmentRegistration } from './bot-registrations.js';
import { SECRET_PROBLEM_TEXT, type SecretLocation, type SecretReader } from './secrets.js';

export interface CouncilListing {
  code: string;
  name: string;
  status: CouncilStatus;
  removedOn: string | null;
  registration: { appId: string; tenantId: string; secret: string } | null;
  activeStaff: number;
  hasApprovalsChannel: boolean;
}

export interface EnvironmentListing {
  appId: string;
  tenantId: string;
  /** The council code BOT_COUNCIL names, or null when the registration serves whichever council the person belongs to. */
  councilCode: string | null;
  secret: string;
}

/**
 * What the operator needs to see for onboarding: every council, its registration and whether this
 * environment can read its secret (never the secret), staff count and whether an approvals channel is chosen.
 */
export async function listCouncils(deps: ServiceDeps, secrets: SecretReader): Promise<{ councils: CouncilListing[]; environment: EnvironmentListing | null }> {
  const councils = (await listCouncilOverview(deps.db)).map((row): CouncilListing => ({
    code: row.code,
    name: row.name,
    status: row.status,
    removedOn: row.removedAt?.slice(0, 10) ?? null,
    registration:
      row.appId && row.tenantId && row.secretSource && row.secretRef
        ? { appId: row.appId, tenantId: row.tenantId, secret: secretStatus(secrets, row.secretSource === 'env' ? { source: 'env', ref: row.secretRef } : { source: 'file', ref: row.secretRef }) }
        : null,
    activeStaff: row.activeStaff,
    hasApprovalsChannel: row.hasApprovalsChannel,
  }));
  const env = (await environmentRegistration(deps));
  return {
    councils,
    environment: env ? { appId: env.appId, tenantId: env.tenantId, councilCode: env.councilCode, secret: secretStatus(secrets, env.secret) } : null,
  };
}

function secretStatus(secrets: SecretReader, location: SecretLocation): string {
  const where = location.source === 'config' ? 'BOT_PASSWORD' : describeSecretLocation(location.source, location.ref);
  const found = secrets.read(location);
  return `${where} (${found.ok ? 'readable here' : SECRET_PROBLEM_TEXT[found.problem]})`;
}
