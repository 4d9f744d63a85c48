import type { DbOrTx } from '../../db/client.js';
import type { CouncilScope } from '../../db/council-scope.js';
import { listCurrentCovers, type CoverRow } from '../../db/repositories/covers.js';
import type { AuthorityContext, CoverForAuthority } from '../../domain/approval-authority.js';
import type { CalendarDate } from '../../domain/calendar-date.js';

export function coverForAuthority(row: CoverRow): CoverForAuthority {
  return {
    coverId: row.coverId,
    councilId: row.councilId,
    delegateStaffId: row.delegate.staffId,
    delegator: row.delegator,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    limitPounds: row.limitPounds,
    endedAt: row.endedAt,
  };
}

/** What a decision on a proposal of this council is checked against today: the council's covers as the database holds them now. */
export async function authorityContextFor(db: DbOrTx, scope: CouncilScope, today: CalendarDate): Promise<AuthorityContext> {
  return { today, covers: (await listCurrentCovers(db, scope, today)).map(coverForAuthority) };
}
