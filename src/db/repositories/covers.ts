import { and, asc, eq, gte, isNull, or } from 'drizzle-orm';
import { tableAlias } from '../raw-sql.js';
import type { DbOrTx } from '../client.js';
import type { CouncilScope } from '../council-scope.js';
import { approvalCovers, staff } from '../schema/councils.js';
import type { StaffRole } from '../../domain/reference-data.js';

/**
 * Cover while away, with both people as they are now (name, roles, limit, active): authority is judged on
 * the delegator as the database holds them at the moment of each decision, never as they were when the
 * cover was arranged.
 */
export interface CoverRow {
  coverId: number;
  councilId: number;
  startsOn: string;
  endsOn: string;
  limitPounds: number | null;
  createdAt: string;
  endedAt: string | null;
  delegator: { staffId: number; councilId: number; name: string; roles: StaffRole[]; approvalLimit: number; active: boolean };
  delegate: { staffId: number; councilId: number; name: string; roles: StaffRole[]; approvalLimit: number; active: boolean };
}

type StaffAlias = ReturnType<typeof tableAlias<typeof staff, string>>;
const person = (t: StaffAlias) => ({ staffId: t.id, councilId: t.councilId, name: t.name, roles: t.roles, approvalLimit: t.approvalLimit, active: t.active });

function selectCovers(db: DbOrTx) {
  // The staff table twice: the person who gives the cover and the person who holds it.
  const delegator = tableAlias(db, staff, 'delegator');
  const delegate = tableAlias(db, staff, 'delegate');
  return db
    .select({
      coverId: approvalCovers.id,
      councilId: approvalCovers.councilId,
      startsOn: approvalCovers.startsOn,
      endsOn: approvalCovers.endsOn,
      limitPounds: approvalCovers.limitPounds,
      createdAt: approvalCovers.createdAt,
      endedAt: approvalCovers.endedAt,
      delegator: person(delegator),
      delegate: person(delegate),
    })
    .from(approvalCovers)
    .innerJoin(delegator, eq(delegator.id, approvalCovers.delegatorStaffId))
    .innerJoin(delegate, eq(delegate.id, approvalCovers.delegateStaffId));
}

/** Not ended early and not over by `today` (England): active now or still to come. */
const current = (today: string) => and(isNull(approvalCovers.endedAt), gte(approvalCovers.endsOn, today));

/** The council's covers that are active or still to come. */
export async function listCurrentCovers(db: DbOrTx, scope: CouncilScope, today: string): Promise<CoverRow[]> {
  return (await selectCovers(db).where(and(eq(approvalCovers.councilId, scope.councilId), current(today))).orderBy(asc(approvalCovers.startsOn), asc(approvalCovers.id)));
}

/** Covers a person gives or holds, active or to come. */
export async function listCurrentCoversOf(db: DbOrTx, scope: CouncilScope, staffId: number, today: string): Promise<CoverRow[]> {
  return (await selectCovers(db)
    .where(and(eq(approvalCovers.councilId, scope.councilId), current(today), or(eq(approvalCovers.delegatorStaffId, staffId), eq(approvalCovers.delegateStaffId, staffId))))
    .orderBy(asc(approvalCovers.startsOn), asc(approvalCovers.id)));
}

export async function findCover(db: DbOrTx, scope: CouncilScope, coverId: number): Promise<CoverRow | undefined> {
  return (await selectCovers(db).where(and(eq(approvalCovers.councilId, scope.councilId), eq(approvalCovers.id, coverId))))[0];
}

export async function insertCover(
  tx: DbOrTx,
  scope: CouncilScope,
  values: { delegatorStaffId: number; delegateStaffId: number; startsOn: string; endsOn: string; limitPounds: number | null; createdAt: string },
): Promise<number> {
  return (await tx.insert(approvalCovers).values({ ...values, councilId: scope.councilId }).returning({ id: approvalCovers.id }))[0]!.id;
}

/** Ends a cover early, once: false when it had already ended. */
export async function endCoverIfOpen(tx: DbOrTx, scope: CouncilScope, coverId: number, at: Date, byStaffId: number): Promise<boolean> {
  return (
    (await tx
      .update(approvalCovers)
      .set({ endedAt: at.toISOString(), endedByStaffId: byStaffId })
      .where(and(eq(approvalCovers.councilId, scope.councilId), eq(approvalCovers.id, coverId), isNull(approvalCovers.endedAt)))
      .returning({ id: approvalCovers.id }))[0] !== undefined
  );
}
