import { findActiveRegistrationByAppId, findRegistrationByCouncil, type CouncilRegistration } from '../../db/repositories/bot-registrations.js';
import { findCouncilByCode, findCouncilById } from '../../db/repositories/staff.js';
import type { ServiceDeps } from '../deps.js';
import type { SecretLocation } from './secrets.js';

/**
 * A bot registration the deployment answers for: a council's own (added with add-council) or the one
 * in the environment (BOT_ID…, the single-registration setup). Read from the database on every call,
 * so a registration added, changed or removed by the CLI applies to the next request without a restart.
 */
export interface BotRegistration {
  /** Microsoft App ID, lower-case. */
  appId: string;
  /** Entra tenant id, lower-case: activities for this registration must come from it. */
  tenantId: string;
  /** The council the registration belongs to; null for an environment registration without BOT_COUNCIL. */
  councilId: number | null;
  councilCode: string | null;
  origin: 'council' | 'environment';
  secret: SecretLocation;
}

function fromCouncil(row: CouncilRegistration): BotRegistration {
  return {
    appId: row.appId,
    tenantId: row.tenantId,
    councilId: row.councilId,
    councilCode: row.councilCode,
    origin: 'council',
    secret: row.secretSource === 'env' ? { source: 'env', ref: row.secretRef } : { source: 'file', ref: row.secretRef },
  };
}

/** The BOT_ID registration, if configured (and its BOT_COUNCIL, when named, exists and is active). */
export async function environmentRegistration(deps: ServiceDeps): Promise<BotRegistration | undefined> {
  const { BOT_ID, BOT_TENANT_ID, BOT_COUNCIL, BOT_PASSWORD_FILE } = deps.config;
  if (!BOT_ID || !BOT_TENANT_ID) return undefined;
  let council: { id: number; code: string } | undefined;
  if (BOT_COUNCIL) {
    const found = (await findCouncilByCode(deps.db, BOT_COUNCIL.trim().toUpperCase()));
    if (!found || found.status !== 'active') return undefined;
    council = found;
  }
  return {
    appId: BOT_ID.toLowerCase(),
    tenantId: BOT_TENANT_ID.toLowerCase(),
    councilId: council?.id ?? null,
    councilCode: council?.code ?? null,
    origin: 'environment',
    secret: BOT_PASSWORD_FILE ? { source: 'file', ref: BOT_PASSWORD_FILE } : { source: 'config', ref: 'BOT_PASSWORD' },
  };
}

/** The registration a verified token was issued for. A council's own wins over the environment's. */
export async function registrationForAppId(deps: ServiceDeps, appId: string): Promise<BotRegistration | undefined> {
  const own = (await findActiveRegistrationByAppId(deps.db, appId));
  if (own) return fromCouncil(own);
  const env = (await environmentRegistration(deps));
  return env && env.appId === appId.toLowerCase() ? env : undefined;
}

/**
 * The registration the council's proactive posts go out with: its own, else the environment's when that
 * serves any council or this one. None for a removed council.
 */
export async function registrationForCouncil(deps: ServiceDeps, councilId: number): Promise<BotRegistration | undefined> {
  const council = (await findCouncilById(deps.db, councilId));
  if (!council || council.status !== 'active') return undefined;
  const own = (await findRegistrationByCouncil(deps.db, councilId));
  if (own) return fromCouncil(own);
  const env = (await environmentRegistration(deps));
  return env && (env.councilId === null || env.councilId === councilId) ? env : undefined;
}
