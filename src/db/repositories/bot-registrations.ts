import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { botRegistrations, councils, staff } from '../schema/councils.js';
import { conversationReferences } from '../schema/conversations.js';
import type { CouncilStatus, RegistrationFields } from '../../domain/bot-registration.js';

export type BotRegistrationRow = typeof botRegistrations.$inferSelect;

/** A council's registration with the council it belongs to. */
export interface CouncilRegistration extends RegistrationFields {
  councilId: number;
  councilCode: string;
  councilName: string;
  councilStatus: CouncilStatus;
}

const registrationColumns = {
  councilId: councils.id,
  councilCode: councils.code,
  councilName: councils.name,
  councilStatus: councils.status,
  tenantId: botRegistrations.tenantId,
  appId: botRegistrations.appId,
  secretSource: botRegistrations.secretSource,
  secretRef: botRegistrations.secretRef,
};

/** The registration an incoming token was issued for: only an active council's counts. */
export async function findActiveRegistrationByAppId(db: DbOrTx, appId: string): Promise<CouncilRegistration | undefined> {
  return (await db
    .select(registrationColumns)
    .from(botRegistrations)
    .innerJoin(councils, eq(councils.id, botRegistrations.councilId))
    .where(and(eq(botRegistrations.appId, appId.toLowerCase()), eq(councils.status, 'active'))))[0];
}

/** Any council's registration by app id, removed or not (to keep app ids unique across councils). */
export async function findRegistrationByAppId(db: DbOrTx, appId: string): Promise<CouncilRegistration | undefined> {
  return (await db
    .select(registrationColumns)
    .from(botRegistrations)
    .innerJoin(councils, eq(councils.id, botRegistrations.councilId))
    .where(eq(botRegistrations.appId, appId.toLowerCase())))[0];
}

export async function findRegistrationByCouncil(db: DbOrTx, councilId: number): Promise<CouncilRegistration | undefined> {
  return (await db
    .select(registrationColumns)
    .from(botRegistrations)
    .innerJoin(councils, eq(councils.id, botRegistrations.councilId))
    .where(eq(botRegistrations.councilId, councilId)))[0];
}

export async function countActiveRegistrations(db: DbOrTx): Promise<number> {
  return (
    (await db
      .select({ n: count() })
      .from(botRegistrations)
      .innerJoin(councils, eq(councils.id, botRegistrations.councilId))
      .where(eq(councils.status, 'active')))[0]?.n ?? 0
  );
}

export async function insertRegistration(tx: DbOrTx, councilId: number, fields: RegistrationFields, at: Date): Promise<void> {
  const now = at.toISOString();
  (await tx.insert(botRegistrations).values({ councilId, ...fields, createdAt: now, updatedAt: now }));
}

export async function updateRegistration(tx: DbOrTx, councilId: number, fields: Partial<RegistrationFields>, at: Date): Promise<void> {
  (await tx.update(botRegistrations).set({ ...fields, updatedAt: at.toISOString() }).where(eq(botRegistrations.councilId, councilId)));
}

export async function setCouncilStatus(tx: DbOrTx, councilId: number, status: CouncilStatus, at: Date): Promise<void> {
  (await tx.update(councils)
    .set({ status, removedAt: status === 'removed' ? at.toISOString() : null })
    .where(eq(councils.id, councilId)));
}

export interface CouncilOverviewRow {
  councilId: number;
  code: string;
  name: string;
  status: CouncilStatus;
  removedAt: string | null;
  appId: string | null;
  tenantId: string | null;
  secretSource: RegistrationFields['secretSource'] | null;
  secretRef: string | null;
  activeStaff: number;
  hasApprovalsChannel: boolean;
}

/** Every council with its registration (if any), for the operator: across councils by design, no child data. */
export async function listCouncilOverview(db: DbOrTx): Promise<CouncilOverviewRow[]> {
  const rows = (await db
    .select({
      councilId: councils.id,
      code: councils.code,
      name: councils.name,
      status: councils.status,
      removedAt: councils.removedAt,
      appId: botRegistrations.appId,
      tenantId: botRegistrations.tenantId,
      secretSource: botRegistrations.secretSource,
      secretRef: botRegistrations.secretRef,
      activeStaff: sql<number>`(select cast(count(*) as integer) from ${staff} where ${staff.councilId} = ${councils.id} and ${staff.active})`.mapWith(Number),
      approvalsChannels: sql<number>`(select cast(count(*) as integer) from ${conversationReferences} where ${conversationReferences.councilId} = ${councils.id} and ${conversationReferences.purpose} = 'approvals_channel')`.mapWith(Number),
    })
    .from(councils)
    .leftJoin(botRegistrations, eq(botRegistrations.councilId, councils.id))
    .orderBy(asc(councils.code)));
  return rows.map(({ approvalsChannels, ...r }) => ({ ...r, hasApprovalsChannel: approvalsChannels > 0 }));
}
