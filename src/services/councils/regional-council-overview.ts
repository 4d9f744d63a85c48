import type { Actor } from '../../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { listCouncils, type CouncilListing, type EnvironmentListing } from './list-councils.js';
import { createSecretReader } from './secrets.js';

/**
 * `councils` in Teams, for regional administrators: where each council's onboarding stands (its bot
 * registration, whether this server can read its secret, active staff, approvals channel), as the
 * operator's `list-councils` shows it. Read-only and without any child-level data: adding, changing and
 * removing a registration stay operator commands on the server, because they decide whom the deployment
 * trusts and the secret has to be put there.
 */
export async function regionalCouncilOverview(deps: ServiceDeps, actor: Actor): Promise<{ councils: CouncilListing[]; environment: EnvironmentListing | null }> {
  if (!actor.roles.includes('regional_admin')) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'The list of councils on the deployment is for regional administrators.');
  }
  return listCouncils(deps, createSecretReader(deps.config));
}
