import { createHash } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import { auditLog } from '../schema/audit.js';
import type { Db, DbOrTx, Tx } from '../client.js';
import { knownLastAuditHash, noteLastAuditHash, writeTransaction } from '../transaction.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  councilId: number | null;
  actorStaffId: number | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
}

/** Stable JSON: keys sorted, so the same entry always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function hashAuditEntry(prevHash: string, at: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical({ at, ...entry })).digest('hex');
}

/** Rows per multi-row INSERT: far inside SQLite's (32,766) and PostgreSQL's (65,535) bound-parameter limits. */
const INSERT_CHUNK = 500;

/**
 * Appends one entry chained to the previous one, inside the (IMMEDIATE) transaction that makes the change,
 * so the change and its audit row commit or roll back together and no other writer can slip an entry in
 * between reading the last hash and writing the next.
 */
export async function appendAudit(tx: Tx, at: Date, entry: AuditEntry): Promise<void> {
  await appendAuditEntries(tx, at, [entry]);
}

/**
 * Appends many entries in that order, each chained to the one before, in the same transaction: the last
 * hash is read once and carried from entry to entry (a bulk change such as a register import would
 * otherwise read it back once per row), and the rows go in as a few multi-row inserts.
 */
export async function appendAuditEntries(tx: Tx, at: Date, entries: readonly AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  // PostgreSQL read it when the transaction took the write lock; SQLite reads it here.
  const known = knownLastAuditHash(tx);
  const last = known === undefined ? (await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]?.hash : known;
  let prevHash = last ?? GENESIS_HASH;
  const atIso = at.toISOString();
  const rows = entries.map((entry) => {
    const hash = hashAuditEntry(prevHash, atIso, entry);
    const row = { ...entry, at: atIso, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One multi-row INSERT gives its rows ascending ids in the order given, so the chain reads in id order.
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) (await tx.insert(auditLog).values(rows.slice(i, i + INSERT_CHUNK)));
  noteLastAuditHash(tx, prevHash);
}

export interface AuditChainProblem {
  id: number;
  problem: string;
}

/** Walks the whole chain; returns every entry whose hash or link does not match. */
export async function verifyAuditChain(db: DbOrTx): Promise<{ checked: number; problems: AuditChainProblem[] }> {
  const rows = (await db.select().from(auditLog).orderBy(asc(auditLog.id)));
  const problems: AuditChainProblem[] = [];
  let prev = GENESIS_HASH;
  for (const row of rows) {
    if (row.prevHash !== prev) problems.push({ id: row.id, problem: 'link to the previous entry is broken' });
    const expected = hashAuditEntry(row.prevHash, row.at, {
      councilId: row.councilId,
      actorStaffId: row.actorStaffId,
      actorLabel: row.actorLabel,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      details: row.details,
    });
    if (expected !== row.hash) problems.push({ id: row.id, problem: 'content does not match its hash' });
    prev = row.hash;
  }
  return { checked: rows.length, problems };
}

export async function auditEntriesFor(db: DbOrTx, entityType: string, entityId: string) {
  return (await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id)));
}

/** An entry that records no change of its own (a refusal, an access attempt): appended in a transaction of its own. */
export async function recordAudit(db: Db, at: Date, entry: AuditEntry): Promise<void> {
  (await writeTransaction(db, (tx) => appendAudit(tx, at, entry)));
}

/** Who did it: a staff member, recorded by id and label. */
export interface AuditActor {
  staffId: number;
  councilId: number;
}

/** The common case: a staff member acted on something of their council. */
export async function appendStaffAudit(
  tx: Tx,
  at: Date,
  actor: AuditActor,
  entry: { action: string; entityType: string; entityId: string | number; details: Record<string, unknown> },
): Promise<void> {
  (await appendAudit(tx, at, staffAuditEntry(actor, entry)));
}

/** A staff member's refusal or attempt, recorded in a transaction of its own. */
export async function recordStaffAudit(
  db: Db,
  at: Date,
  actor: AuditActor,
  entry: { action: string; entityType: string; entityId: string | number; details: Record<string, unknown> },
): Promise<void> {
  (await recordAudit(db, at, staffAuditEntry(actor, entry)));
}

function staffAuditEntry(actor: AuditActor, entry: { action: string; entityType: string; entityId: string | number; details: Record<string, unknown> }): AuditEntry {
  return {
    councilId: actor.councilId,
    actorStaffId: actor.staffId,
    actorLabel: `staff:${actor.staffId}`,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    details: entry.details,
  };
}
