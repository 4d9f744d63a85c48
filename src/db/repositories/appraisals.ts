import { asc, desc, eq } from 'drizzle-orm';
import type { AppraisalOptionValues } from '../../domain/appraisal/answers.js';
import type { Route } from '../../domain/appraisal/routes.js';
import type { DbOrTx } from '../client.js';
import { withinCouncil, type CouncilScope } from '../council-scope.js';
import { appraisalOptions, appraisals } from '../schema/appraisals.js';

export type AppraisalRow = typeof appraisals.$inferSelect;
export type AppraisalChanges = Partial<Omit<AppraisalRow, 'id' | 'councilId' | 'requestId' | 'revision' | 'version' | 'createdAt' | 'updatedAt'>> & {
  updatedAt: string;
};

export async function findAppraisalById(db: DbOrTx, scope: CouncilScope, id: number): Promise<AppraisalRow | undefined> {
  return (await db.select().from(appraisals).where(withinCouncil(appraisals.councilId, scope, eq(appraisals.id, id))))[0];
}

/** Every revision of a request's appraisal, oldest first. */
export async function listAppraisalRevisions(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<AppraisalRow[]> {
  return (await db.select().from(appraisals).where(withinCouncil(appraisals.councilId, scope, eq(appraisals.requestId, requestId))).orderBy(asc(appraisals.revision)));
}

export async function findLatestAppraisal(db: DbOrTx, scope: CouncilScope, requestId: number): Promise<AppraisalRow | undefined> {
  return (await db
    .select()
    .from(appraisals)
    .where(withinCouncil(appraisals.councilId, scope, eq(appraisals.requestId, requestId)))
    .orderBy(desc(appraisals.revision))
    .limit(1))[0];
}

export async function insertAppraisal(
  tx: DbOrTx,
  scope: CouncilScope,
  values: Pick<AppraisalRow, 'requestId' | 'revision' | 'position' | 'createdByStaffId'> & Partial<Pick<AppraisalRow, 'revisionReason' | 'preference' | 'entered'>> & { at: Date },
): Promise<AppraisalRow> {
  const at = values.at.toISOString();
  return (await tx
    .insert(appraisals)
    .values({
      councilId: scope.councilId,
      requestId: values.requestId,
      revision: values.revision,
      revisionReason: values.revisionReason ?? null,
      position: values.position,
      preference: values.preference ?? null,
      entered: values.entered ?? {},
      createdByStaffId: values.createdByStaffId,
      createdAt: at,
      updatedAt: at,
    })
    .returning())[0]!;
}

/** Compare-and-set on the version the card was drawn from; undefined when someone else changed it first. */
export async function updateAppraisalIfVersion(
  tx: DbOrTx,
  scope: CouncilScope,
  id: number,
  expectedVersion: number,
  changes: AppraisalChanges,
): Promise<AppraisalRow | undefined> {
  return (await tx
    .update(appraisals)
    .set({ ...changes, version: expectedVersion + 1 })
    .where(withinCouncil(appraisals.councilId, scope, eq(appraisals.id, id), eq(appraisals.version, expectedVersion)))
    .returning())[0]!;
}

export async function saveAppraisalOption(tx: DbOrTx, scope: CouncilScope, appraisalId: number, values: AppraisalOptionValues, totalPence: number): Promise<void> {
  (await tx.insert(appraisalOptions)
    .values({ councilId: scope.councilId, appraisalId, route: values.route, values, totalPence })
    .onConflictDoUpdate({ target: [appraisalOptions.appraisalId, appraisalOptions.route], set: { values, totalPence } }));
}

export async function listAppraisalOptions(db: DbOrTx, scope: CouncilScope, appraisalId: number): Promise<AppraisalOptionValues[]> {
  return (await db
    .select({ values: appraisalOptions.values })
    .from(appraisalOptions)
    .where(withinCouncil(appraisalOptions.councilId, scope, eq(appraisalOptions.appraisalId, appraisalId)))
    .orderBy(asc(appraisalOptions.id)))
    .map((r) => r.values);
}

export function optionsByRoute(options: AppraisalOptionValues[]): Partial<Record<Route, AppraisalOptionValues>> {
  return Object.fromEntries(options.map((o) => [o.route, o]));
}
