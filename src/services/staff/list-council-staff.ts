import { listCouncilStaff, type Actor, type CouncilStaffRow } from '../../db/repositories/staff.js';
import type { ServiceDeps } from '../deps.js';
import { councilOf, requireCouncilAdmin } from './council-staff.js';

export interface StaffDirectory {
  council: Awaited<ReturnType<typeof councilOf>>;
  /** Active people first, then deactivated ones; filtered by name or e-mail when asked. */
  members: CouncilStaffRow[];
  /** How many matched before the card's limit was applied. */
  matched: number;
}

/** `staff [name]`: the administrator's view of their own council's staff list, nobody else's. */
export async function staffDirectory(deps: ServiceDeps, actor: Actor, options: { query?: string; limit?: number } = {}): Promise<StaffDirectory> {
  requireCouncilAdmin(actor);
  const query = options.query?.trim().toLowerCase().slice(0, 100) ?? '';
  const everyone = (await listCouncilStaff(deps.db, { councilId: actor.councilId }, { includeInactive: true }));
  const matching = everyone
    .filter((m) => !query || m.name.toLowerCase().includes(query) || m.email.toLowerCase().includes(query))
    .sort((a, b) => Number(b.active) - Number(a.active));
  return { council: (await councilOf(deps, actor)), members: matching.slice(0, options.limit ?? 100), matched: matching.length };
}
