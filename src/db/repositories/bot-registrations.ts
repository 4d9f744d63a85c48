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
export function findActiveRegistrationByAppId(db: DbOrTx, appId: string): CouncilRegistration | undefined {
  return db
    .select(registrationColumns)
    .from(botRegistrations)
    .innerJoin(councils, eq(councils.id, botRegistrations.councilId))
    .where(and(eq(botRegistrations.appId, appId.toLowerCase()), eq(councils.status, 'active')))
    .get();
}

/** Any council's registration by app id, removed or not (to keep app ids unique across councils). */
export function findRegistrationByAppId(db: DbOrTx, appId: string): CouncilRegistration | undefined {
  return db
    .select(registrationColumns)
    .from(botRegistrations)
    .innerJoin(councils, eq(councils.id, botRegistrations.councilId))
    .where(eq(botRegistrations.appId, appId.toLowerCase()))
    .get();
}

export function findRegistrationByCouncil(db: DbOrTx, councilId: number): CouncilRegistration | undefined {
  return db
    .select(registrationColumns)
    .from(botRegistrations)
    .innerJoin(councils, eq(councils.id, botRegistrations.councilId))
    .where(eq(botRegistrations.councilId, councilId))
    .get();
}

export function countActiveRegistrations(db: DbOrTx): number {
  return (
    db
      .select({ n: count() })
      .from(botRegistrations)
      .innerJoin(councils, eq(councils.id, botRegistrations.councilId))
      .where(eq(councils.status, 'active'))
      .get()?.n ?? 0
  );
}

export function insertRegistration(tx: DbOrTx, councilId: number, fields: RegistrationFields, at: Date): void {
  const now = at.toISOString();
  tx.insert(botRegistrations).values({ councilId, ...fields, createdAt: now, updatedAt: now }).run();
}

export function updateRegistration(tx: DbOrTx, councilId: number, fields: Partial<RegistrationFields>, at: Date): void {
  tx.update(botRegistrations).set({ ...fields, updatedAt: at.toISOString() }).where(eq(botRegistrations.councilId, councilId)).run();
}

export function setCouncilStatus(tx: DbOrTx, councilId: number, status: CouncilStatus, at: Date): void {
  tx.update(councils)
    .set({ status, removedAt: status === 'removed' ? at.toISOString() : null })
    .where(eq(councils.id, councilId))
    .run();
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
export function listCouncilOverview(db: DbOrTx): CouncilOverviewRow[] {
  const rows = db
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
      activeStaff: sql<number>`(select count(*) from ${staff} where ${staff.councilId} = ${councils.id} and ${staff.active} = 1)`,
      approvalsChannels: sql<number>`(select count(*) from ${conversationReferences} where ${conversationReferences.councilId} = ${councils.id} and ${conversationReferences.purpose} = 'approvals_channel')`,
    })
    .from(councils)
    .leftJoin(botRegistrations, eq(botRegistrations.councilId, councils.id))
    .orderBy(asc(councils.code))
    .all();
  return rows.map(({ approvalsChannels, ...r }) => ({ ...r, hasApprovalsChannel: approvalsChannels > 0 }));
}
