import { listCurrentCoversOf, type CoverRow } from '../../db/repositories/covers.js';
import { findCouncilStaffMember, type Actor, type CouncilStaffRow } from '../../db/repositories/staff.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import type { ServiceDeps } from '../deps.js';
import { loadCouncilMember, requireCouncilAdmin } from './council-staff.js';

export interface StaffMemberDetails {
  member: CouncilStaffRow;
  /** Cover they give or hold, active or to come. */
  covers: CoverRow[];
  deactivatedByName?: string;
  today: string;
}

/** One person of the administrator's council, as the staff card shows them. */
export async function staffMemberDetails(deps: ServiceDeps, actor: Actor, staffId: unknown): Promise<StaffMemberDetails> {
  requireCouncilAdmin(actor);
  const member = (await loadCouncilMember(deps, actor, staffId));
  const scope = { councilId: actor.councilId };
  const today = calendarDateOf(deps.clock.now());
  const by = member.deactivatedByStaffId === null ? undefined : (await findCouncilStaffMember(deps.db, scope, member.deactivatedByStaffId));
  return { member, covers: (await listCurrentCoversOf(deps.db, scope, member.staffId, today)), deactivatedByName: by?.name, today };
}
