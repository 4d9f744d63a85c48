import { and, count, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { councils, staff } from '../schema/councils.js';
import type { StaffRole } from '../../domain/reference-data.js';

/** The person behind a Teams turn, as the database knows them. Authority always comes from here. */
export interface Actor {
  staffId: number;
  name: string;
  email: string;
  councilId: number;
  councilCode: string;
  councilName: string;
  roles: StaffRole[];
  approvalLimit: number;
  aadObjectId: string;
  tenantId: string;
}

/** Active staff of an active council only: a removed council's people are refused like strangers. */
export async function findActorByIdentity(db: DbOrTx, aadObjectId: string, tenantId: string): Promise<Actor | undefined> {
  const row = (await db
    .select({ staff, council: councils })
    .from(staff)
    .innerJoin(councils, eq(councils.id, staff.councilId))
    .where(and(eq(staff.aadObjectId, aadObjectId), eq(staff.tenantId, tenantId), eq(staff.active, true), eq(councils.status, 'active'))))[0];
  if (!row) return undefined;
  return toActor(row.staff, row.council);
}

export async function findActorById(db: DbOrTx, staffId: number): Promise<Actor | undefined> {
  const row = (await db
    .select({ staff, council: councils })
    .from(staff)
    .innerJoin(councils, eq(councils.id, staff.councilId))
    .where(eq(staff.id, staffId)))[0];
  return row ? toActor(row.staff, row.council) : undefined;
}

function toActor(s: typeof staff.$inferSelect, c: typeof councils.$inferSelect): Actor {
  return {
    staffId: s.id,
    name: s.name,
    email: s.email,
    councilId: c.id,
    councilCode: c.code,
    councilName: c.name,
    roles: s.roles,
    approvalLimit: s.approvalLimit,
    aadObjectId: s.aadObjectId,
    tenantId: s.tenantId,
  };
}

export async function findCouncilByCode(db: DbOrTx, code: string) {
  return (await db.select().from(councils).where(eq(councils.code, code)))[0];
}

/** Active staff holding a role, in any council (e.g. the regional administrators). */
export async function listStaffWithRole(db: DbOrTx, role: StaffRole): Promise<Array<{ staffId: number; councilId: number; name: string }>> {
  return (await db
    .select({ staffId: staff.id, councilId: staff.councilId, name: staff.name, roles: staff.roles })
    .from(staff)
    .where(eq(staff.active, true)))
    .filter((s) => s.roles.includes(role))
    .map(({ staffId, councilId, name }) => ({ staffId, councilId, name }));
}

/** Every member of staff's name by id: for records that name the people who acted. */
export async function staffNamesById(db: DbOrTx): Promise<Map<number, string>> {
  return new Map((await db.select({ id: staff.id, name: staff.name }).from(staff)).map((s) => [s.id, s.name]));
}

export async function countCouncils(db: DbOrTx): Promise<number> {
  return (await db.select({ n: count() }).from(councils))[0]?.n ?? 0;
}

export async function countStaff(db: DbOrTx): Promise<number> {
  return (await db.select({ n: count() }).from(staff))[0]?.n ?? 0;
}

export async function findCouncilById(db: DbOrTx, id: number) {
  return (await db.select().from(councils).where(eq(councils.id, id)))[0];
}

/** Active staff with this e-mail address (case-insensitive): how operator commands name the acting person. */
export async function findActiveActorsByEmail(db: DbOrTx, email: string): Promise<Actor[]> {
  return (await db
    .select({ staff, council: councils })
    .from(staff)
    .innerJoin(councils, eq(councils.id, staff.councilId))
    .where(and(sql`lower(${staff.email}) = ${email.trim().toLowerCase()}`, eq(staff.active, true))))
    .map((row) => toActor(row.staff, row.council));
}
