import { findActorById } from '../../db/repositories/staff.js';
import type { ServiceDeps } from '../deps.js';

/** A colleague's name for a card ("completed by …"); a person no longer on the register is "a colleague". */
export async function nameOfStaff(deps: ServiceDeps, staffId: number | null | undefined): Promise<string> {
  if (staffId === null || staffId === undefined) return 'someone';
  return (await findActorById(deps.db, staffId))?.name ?? 'a colleague';
}
