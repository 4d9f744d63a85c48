import { and, desc, eq, getTableColumns, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { affectedRows, type Db, type DbOrTx } from '../client.js';
import { INBOUND_STATUSES, REPLY_PAGE_MAILBOX, inboundMessages, mailboxCursors, mailboxLeases, type InboundStatus } from '../schema/inbound.js';
import { writeTransaction } from '../transaction.js';
import { jsonSql } from '../raw-sql.js';

export type InboundMessageRow = typeof inboundMessages.$inferSelect;
export type MailboxCursor = typeof mailboxCursors.$inferSelect;

export interface NewInboundMessage {
  /** Hex SHA-256 of the raw bytes: the same bytes delivered twice are one message. */
  sha256: string;
  mailbox: string;
  uidValidity: number | null;
  uid: number | null;
  raw: Buffer;
  fromAddress: string | null;
  toAddresses: string[];
  subject: string | null;
  messageIdHeader: string | null;
  inReplyTo: string | null;
  references: string[];
  receivedAt: Date;
  status?: InboundStatus;
  problem?: string | null;
  at: Date;
}

/** What storing found: the row's id, whether this call created it, and its status (a duplicate's may be anything). */
export interface StoredInbound {
  id: number;
  created: boolean;
  status: InboundStatus;
}

function inboundValues(message: NewInboundMessage) {
  return {
    sha256: message.sha256,
    mailbox: message.mailbox,
    uidValidity: message.uidValidity,
    uid: message.uid,
    raw: message.raw,
    sizeBytes: message.raw.length,
    fromAddress: message.fromAddress,
    toAddresses: message.toAddresses,
    subject: message.subject,
    messageIdHeader: message.messageIdHeader,
    inReplyTo: message.inReplyTo,
    references: message.references,
    receivedAt: message.receivedAt.toISOString(),
    status: message.status ?? 'stored',
    problem: message.problem ?? null,
    createdAt: message.at.toISOString(),
  };
}

/**
 * Stores the raw message unless the same bytes are already stored. `created` is false for a
 * redelivery or a message read again after a crash; the caller then looks at the existing row.
 */
export async function storeInboundMessage(db: Db, message: NewInboundMessage): Promise<{ id: number; created: boolean }> {
  const [stored] = await storeInboundMessages(db, [message]);
  return { id: stored!.id, created: stored!.created };
}

/**
 * Stores several messages in one transaction (the mailbox reader's fetched batch), each unless the same
 * bytes are already stored, and answers for each in order. A new row is read back from its own INSERT;
 * only a duplicate costs a second statement.
 */
export async function storeInboundMessages(db: Db, messages: readonly NewInboundMessage[]): Promise<StoredInbound[]> {
  if (!messages.length) return [];
  return writeTransaction(db, async (tx) => {
    const stored: StoredInbound[] = [];
    for (const message of messages) {
      const [inserted] = await tx
        .insert(inboundMessages)
        .values(inboundValues(message))
        .onConflictDoNothing({ target: inboundMessages.sha256 })
        .returning({ id: inboundMessages.id, status: inboundMessages.status });
      if (inserted) {
        stored.push({ ...inserted, created: true });
        continue;
      }
      const [existing] = await tx.select({ id: inboundMessages.id, status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.sha256, message.sha256));
      if (!existing) throw new Error('inbound message vanished between insert and select');
      stored.push({ ...existing, created: false });
    }
    return stored;
  });
}

/**
 * Stores a reply-page submission as an inbound message of its own kind, already routed to its referral, in
 * the caller's transaction (which records the reply too). `key` is the hash of the form's nonce: a form sent
 * twice is stored once, and `created` is false the second time.
 */
export async function insertReplyPageMessage(
  tx: DbOrTx,
  message: { key: string; raw: Buffer; subject: string; councilId: number; referralId: number; at: Date },
): Promise<{ id: number; created: boolean }> {
  const at = message.at.toISOString();
  const inserted = (await tx
    .insert(inboundMessages)
    .values({
      sha256: message.key,
      mailbox: REPLY_PAGE_MAILBOX,
      uidValidity: null,
      uid: null,
      raw: message.raw,
      sizeBytes: message.raw.length,
      fromAddress: null,
      toAddresses: [],
      subject: message.subject,
      messageIdHeader: null,
      inReplyTo: null,
      references: [],
      receivedAt: at,
      status: 'routed',
      councilId: message.councilId,
      referralId: message.referralId,
      routeMethod: 'reply_page',
      createdAt: at,
    })
    .onConflictDoNothing({ target: inboundMessages.sha256 }));
  const row = (await tx.select({ id: inboundMessages.id }).from(inboundMessages).where(eq(inboundMessages.sha256, message.key)))[0];
  if (!row) throw new Error('reply-page message vanished between insert and select');
  return { id: row.id, created: affectedRows(inserted) === 1 };
}

/** A reply-page submission by its nonce key (only that kind: an e-mail with the same hash is not one). */
export async function findReplyPageMessageByKey(db: DbOrTx, key: string): Promise<InboundMessageRow | undefined> {
  return (await db.select().from(inboundMessages).where(and(eq(inboundMessages.sha256, key), eq(inboundMessages.mailbox, REPLY_PAGE_MAILBOX))))[0];
}

export async function findInboundMessage(db: DbOrTx, id: number): Promise<InboundMessageRow | undefined> {
  return (await db.select().from(inboundMessages).where(eq(inboundMessages.id, id)))[0];
}

/** A stored message's status alone: the mailbox reader's check, without reading the raw bytes back. */
export async function findInboundStatus(db: DbOrTx, id: number): Promise<InboundStatus | undefined> {
  return (await db.select({ status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.id, id)))[0]?.status;
}

export type InboundChanges = Partial<
  Pick<InboundMessageRow, 'status' | 'problem' | 'councilId' | 'candidateCouncilIds' | 'referralId' | 'routeMethod' | 'handledByStaffId' | 'handledAt'>
>;

export async function markInbound(db: DbOrTx, id: number, changes: InboundChanges): Promise<void> {
  (await db.update(inboundMessages).set(changes).where(eq(inboundMessages.id, id)));
}

/**
 * Takes the mailbox's lease when it is free, expired, or already ours (which extends it), in one
 * statement so two processes racing for it cannot both win.
 */
export async function acquireLease(db: DbOrTx, mailbox: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const result = (await db
    .insert(mailboxLeases)
    .values({ mailbox, holder, expiresAt: new Date(now.getTime() + ttlMs).toISOString() })
    .onConflictDoUpdate({
      target: mailboxLeases.mailbox,
      set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
      setWhere: or(eq(mailboxLeases.holder, holder), lte(mailboxLeases.expiresAt, now.toISOString())),
    }));
  return affectedRows(result) === 1;
}

/** Extends a lease we hold; false when another process has taken it over (ours had expired). */
export async function renewLease(db: DbOrTx, mailbox: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const result = (await db
    .update(mailboxLeases)
    .set({ expiresAt: new Date(now.getTime() + ttlMs).toISOString() })
    .where(and(eq(mailboxLeases.mailbox, mailbox), eq(mailboxLeases.holder, holder))));
  return affectedRows(result) === 1;
}

export async function releaseLease(db: DbOrTx, mailbox: string, holder: string): Promise<void> {
  (await db.delete(mailboxLeases).where(and(eq(mailboxLeases.mailbox, mailbox), eq(mailboxLeases.holder, holder))));
}

export async function getCursor(db: DbOrTx, mailbox: string): Promise<MailboxCursor | undefined> {
  return (await db.select().from(mailboxCursors).where(eq(mailboxCursors.mailbox, mailbox)))[0];
}

export async function saveCursor(db: DbOrTx, mailbox: string, cursor: { uidValidity: number; lastUid: number }, at: Date): Promise<void> {
  const updatedAt = at.toISOString();
  (await db.insert(mailboxCursors)
    .values({ mailbox, uidValidity: cursor.uidValidity, lastUid: cursor.lastUid, updatedAt })
    .onConflictDoUpdate({ target: mailboxCursors.mailbox, set: { uidValidity: cursor.uidValidity, lastUid: cursor.lastUid, updatedAt } }));
}

/**
 * Who may see a message waiting for a person: the officers of the council it belongs to; while it belongs
 * to no council, the councils it could belong to; and (`regional`) the regional administrators, who see
 * every message without a council.
 */
export interface TriageViewer {
  /** The council whose triage the viewer handles (a placements officer's); null for a regional administrator who is not one. */
  councilId: number | null;
  regional: boolean;
}

function visibleTo(db: DbOrTx, viewer: TriageViewer): SQL {
  const regional = viewer.regional ? isNull(inboundMessages.councilId) : undefined;
  if (viewer.councilId === null) return regional ?? sql`1 = 0`;
  const candidate = and(isNull(inboundMessages.councilId), jsonSql.arrayHasNumber(db, inboundMessages.candidateCouncilIds, viewer.councilId))!;
  return or(eq(inboundMessages.councilId, viewer.councilId), candidate, regional)!;
}

/** A message waiting in triage that this viewer may see. */
export async function findTriagedMessage(db: DbOrTx, viewer: TriageViewer, id: number): Promise<InboundMessageRow | undefined> {
  return (await db
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'triage'), visibleTo(db, viewer))))[0];
}

/** Messages waiting in triage that this viewer may see, newest first. */
export async function listTriage(db: DbOrTx, viewer: TriageViewer, limit = 50): Promise<InboundMessageRow[]> {
  return (await db.select().from(inboundMessages).where(and(eq(inboundMessages.status, 'triage'), visibleTo(db, viewer))).orderBy(desc(inboundMessages.id)).limit(limit));
}

/** For the operator: every message still waiting for a person (triage) or set aside (quarantined), with no bodies read. */
export async function listWaitingMessages(db: DbOrTx, filter: { councilId?: number; limit?: number } = {}): Promise<Array<Omit<InboundMessageRow, 'raw'>>> {
  const { raw: _raw, ...columns } = getTableColumns(inboundMessages);
  return (await db
    .select(columns)
    .from(inboundMessages)
    .where(and(inArray(inboundMessages.status, ['triage', 'quarantined', 'stored']), filter.councilId !== undefined ? eq(inboundMessages.councilId, filter.councilId) : undefined))
    .orderBy(desc(inboundMessages.id))
    .limit(filter.limit ?? 200));
}

/** Every message by its outcome, for the proof that none is left unseen. */
export async function countInboundByStatus(db: DbOrTx): Promise<Record<InboundStatus, number>> {
  const rows = (await db.select({ status: inboundMessages.status, n: sql<number>`count(*)`.mapWith(Number) }).from(inboundMessages).groupBy(inboundMessages.status));
  const counts = Object.fromEntries(INBOUND_STATUSES.map((s) => [s, 0])) as Record<InboundStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
