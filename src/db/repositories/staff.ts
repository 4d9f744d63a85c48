import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import type { CouncilScope } from '../council-scope.js';
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
  /** False once an administrator deactivated them (only people found by id can be inactive). */
  active: boolean;
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

/** Active staff of an active council, by id: what a link or token issued earlier is checked against. */
export async function findActiveActorById(db: DbOrTx, staffId: number): Promise<Actor | undefined> {
  const row = (await db
    .select({ staff, council: councils })
    .from(staff)
    .innerJoin(councils, eq(councils.id, staff.councilId))
    .where(and(eq(staff.id, staffId), eq(staff.active, true), eq(councils.status, 'active'))))[0];
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
    active: s.active,
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

/** Someone Teams identifies who is on a staff list but may no longer use the bot: what an old card they click is told. */
export interface StaffStanding {
  staffId: number;
  councilId: number;
  councilName: string;
  active: boolean;
  councilActive: boolean;
  deactivatedAt: string | null;
}

export async function findStaffStandingByIdentity(db: DbOrTx, aadObjectId: string, tenantId: string): Promise<StaffStanding | undefined> {
  return (await db
    .select({
      staffId: staff.id,
      councilId: councils.id,
      councilName: councils.name,
      active: staff.active,
      councilActive: sql<boolean>`${councils.status} = 'active'`.mapWith(Boolean),
      deactivatedAt: staff.deactivatedAt,
    })
    .from(staff)
    .innerJoin(councils, eq(councils.id, staff.councilId))
    .where(and(eq(staff.aadObjectId, aadObjectId), eq(staff.tenantId, tenantId))))[0];
}

/** A council's staff as its administrator sees them: everyone, active or not. */
export interface CouncilStaffRow {
  staffId: number;
  councilId: number;
  name: string;
  email: string;
  aadObjectId: string;
  tenantId: string;
  roles: StaffRole[];
  approvalLimit: number;
  active: boolean;
  deactivatedAt: string | null;
  deactivatedByStaffId: number | null;
  deactivationReason: string | null;
  version: number;
  updatedAt: string;
}

const councilStaffColumns = {
  staffId: staff.id,
  councilId: staff.councilId,
  name: staff.name,
  email: staff.email,
  aadObjectId: staff.aadObjectId,
  tenantId: staff.tenantId,
  roles: staff.roles,
  approvalLimit: staff.approvalLimit,
  active: staff.active,
  deactivatedAt: staff.deactivatedAt,
  deactivatedByStaffId: staff.deactivatedByStaffId,
  deactivationReason: staff.deactivationReason,
  version: staff.version,
  updatedAt: staff.updatedAt,
};

/** Everyone on the council's staff list, by name; inactive people too when asked. */
export async function listCouncilStaff(db: DbOrTx, scope: CouncilScope, options: { includeInactive?: boolean } = {}): Promise<CouncilStaffRow[]> {
  return (await db
    .select(councilStaffColumns)
    .from(staff)
    .where(and(eq(staff.councilId, scope.councilId), options.includeInactive ? undefined : eq(staff.active, true)))
    .orderBy(asc(sql`lower(${staff.name})`), asc(staff.id)));
}

export async function findCouncilStaffMember(db: DbOrTx, scope: CouncilScope, staffId: number): Promise<CouncilStaffRow | undefined> {
  return (await db.select(councilStaffColumns).from(staff).where(and(eq(staff.councilId, scope.councilId), eq(staff.id, staffId))))[0];
}

/** Whoever holds this Entra identity, in any council: an identity belongs to one person only. */
export async function findStaffByIdentity(db: DbOrTx, aadObjectId: string, tenantId: string): Promise<(CouncilStaffRow & { councilCode: string }) | undefined> {
  return (await db
    .select({ ...councilStaffColumns, councilCode: councils.code })
    .from(staff)
    .innerJoin(councils, eq(councils.id, staff.councilId))
    .where(and(eq(staff.aadObjectId, aadObjectId), eq(staff.tenantId, tenantId))))[0];
}
