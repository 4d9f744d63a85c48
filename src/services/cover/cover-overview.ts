import { listCurrentCoversOf, type CoverRow } from '../../db/repositories/covers.js';
import { listCouncilStaff, type Actor } from '../../db/repositories/staff.js';
import { coverState, isApprover, type CoverState } from '../../domain/approval-authority.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import type { ServiceDeps } from '../deps.js';

export interface CoverWithState extends CoverRow {
  state: CoverState;
}

export interface CoverOverview {
  today: string;
  /** Covers this person has arranged for their own authority (active or to come). */
  given: CoverWithState[];
  /** Covers this person holds for colleagues (active or to come). */
  held: CoverWithState[];
  /** Whether they hold delegated authority of their own to hand on. */
  mayGive: boolean;
  /** The colleagues they could choose (active staff of their council but themselves). */
  colleagues: Array<{ staffId: number; name: string }>;
}

/** `cover` and `whoami`: the covers a person gives and holds today, read from the database. */
export async function coverOverview(deps: ServiceDeps, actor: Actor): Promise<CoverOverview> {
  const today = calendarDateOf(deps.clock.now());
  const scope = { councilId: actor.councilId };
  const mine = (await listCurrentCoversOf(deps.db, scope, actor.staffId, today)).map((c) => ({ ...c, state: coverState(c, today) }));
  const mayGive = isApprover(actor);
  return {
    today,
    given: mine.filter((c) => c.delegator.staffId === actor.staffId),
    held: mine.filter((c) => c.delegate.staffId === actor.staffId),
    mayGive,
    colleagues: mayGive ? (await listCouncilStaff(deps.db, scope)).filter((m) => m.staffId !== actor.staffId).map((m) => ({ staffId: m.staffId, name: m.name })) : [],
  };
}
