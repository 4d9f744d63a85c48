import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import type { CouncilScope } from '../council-scope.js';
import { councils, staff } from '../schema/councils.js';
import type { StoredStaff } from '../../domain/staff-register.js';
import type { EscalationSettings } from '../../domain/approval-escalation.js';

/**
 * Administration writes for councils and staff (the staff import). Reads that serve a Teams user live
 * in staff.ts; these are whole-table reads for the operator, across councils by design.
 */

export type CouncilRow = typeof councils.$inferSelect;

export async function listCouncils(db: DbOrTx): Promise<CouncilRow[]> {
  return (await db.select().from(councils).orderBy(asc(councils.code)));
}

export async function insertCouncil(tx: DbOrTx, council: { code: string; name: string }, at: Date): Promise<CouncilRow> {
  return (await tx.insert(councils).values({ ...council, createdAt: at.toISOString() }).returning())[0]!;
}

export async function renameCouncil(tx: DbOrTx, councilId: number, name: string): Promise<void> {
  (await tx.update(councils).set({ name }).where(eq(councils.id, councilId)));
}

export interface StaffAdminRow extends StoredStaff {
  staffId: number;
  councilId: number;
}

/** Every staff member with their council's code, active or not. */
export async function listStaffForAdmin(db: DbOrTx): Promise<StaffAdminRow[]> {
  return (await db
    .select({
      staffId: staff.id,
      councilId: staff.councilId,
      councilCode: councils.code,
      name: staff.name,
      email: staff.email,
      aadObjectId: staff.aadObjectId,
      tenantId: staff.tenantId,
      roles: staff.roles,
      approvalLimit: staff.approvalLimit,
    })
    .from(staff)
    .innerJoin(councils, eq(councils.id, staff.councilId))
    .orderBy(asc(staff.id)));
}

export type StaffWrite = Pick<typeof staff.$inferInsert, 'councilId' | 'name' | 'email' | 'aadObjectId' | 'tenantId' | 'roles' | 'approvalLimit'>;

export async function insertStaff(tx: DbOrTx, values: StaffWrite, at: Date): Promise<number> {
  const now = at.toISOString();
  return (await tx.insert(staff).values({ ...values, createdAt: now, updatedAt: now }).returning({ id: staff.id }))[0]!.id;
}

/** Identity (object id + tenant) never changes: it is how the row was found. */
export async function updateStaff(tx: DbOrTx, staffId: number, values: Omit<StaffWrite, 'aadObjectId' | 'tenantId'>, at: Date): Promise<void> {
  (await tx.update(staff).set({ ...values, version: sql`${staff.version} + 1`, updatedAt: at.toISOString() }).where(eq(staff.id, staffId)));
}

/**
 * An administrator's change to one person of their council, only if the person is still as the card
 * showed them (the version): a change made meanwhile by a colleague or an import is never overwritten.
 */
export async function updateStaffIfVersion(
  tx: DbOrTx,
  scope: CouncilScope,
  staffId: number,
  expectedVersion: number,
  values: Partial<Pick<typeof staff.$inferInsert, 'name' | 'email' | 'roles' | 'approvalLimit' | 'active' | 'deactivatedAt' | 'deactivatedByStaffId' | 'deactivationReason'>>,
  at: Date,
): Promise<boolean> {
  const row = (await tx
    .update(staff)
    .set({ ...values, version: expectedVersion + 1, updatedAt: at.toISOString() })
    .where(and(eq(staff.id, staffId), eq(staff.councilId, scope.councilId), eq(staff.version, expectedVersion)))
    .returning({ id: staff.id }))[0];
  return row !== undefined;
}

export async function updateEscalationSettings(tx: DbOrTx, councilId: number, settings: EscalationSettings): Promise<void> {
  (await tx.update(councils)
    .set({ approvalReminderWorkingDays: settings.reminderWorkingDays, approvalEscalationWorkingDays: settings.escalationWorkingDays })
    .where(eq(councils.id, councilId)));
}
