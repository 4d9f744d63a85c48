import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { pgConnectionHandle, type Db, type Tx } from './client.js';

/** The SQLite connection's transaction in progress in this async context (a nested call joins it). */
const currentSqliteTransaction = new AsyncLocalStorage<Tx>();
/**
 * The same for PostgreSQL (a nested writeTransaction joins the outer one instead of taking a second connection),
 * with the audit chain's last hash as read under the lock and as this transaction's appends moved it on.
 */
const currentPgTransaction = new AsyncLocalStorage<{ tx: Tx; lastAuditHash: string | null }>();
/** The advisory lock every PostgreSQL write transaction holds until it commits (any constant shared by all instances). */
const WRITE_LOCK_KEY = 7_150_002;
/** One SQLite transaction at a time per connection: the next waits for the one before to finish. */
const sqliteQueues = new WeakMap<object, Promise<unknown>>();

/**
 * Every write goes through here, in one transaction: the change, its audit entry and its outbox rows commit
 * or roll back together; throwing inside rolls everything back.
 *
 * SQLite: `BEGIN IMMEDIATE` takes the write lock before the first read, so what a use case checks inside the
 * transaction is still true when it writes; a second process (another instance, a CLI import) waits for the
 * lock (busy_timeout) instead of failing halfway with SQLITE_BUSY_SNAPSHOT. Transactions on the one
 * connection are queued one after another.
 *
 * PostgreSQL: a transaction on one pooled connection that first takes one transaction-scoped advisory lock,
 * so write transactions run one at a time across every instance, as SQLite's single writer does. What a use
 * case checks inside the transaction therefore still holds when it writes (besides the compare-and-set
 * versions), and the audit chain stays one line: each append reads the last hash committed before it.
 * Reads outside writeTransaction are not serialised. Write transactions are short (milliseconds), so the
 * cost is queueing, not throughput that this service needs.
 *
 * Keep transactions short: never wait on the network (mail, Teams) in here; write an outbox row instead.
 */
export async function writeTransaction<T>(db: Db, work: (tx: Tx) => Promise<T> | T): Promise<T> {
  if (db.$dialect === 'pg') {
    const joined = currentPgTransaction.getStore();
    if (joined) return work(joined.tx);
    return inPgTransaction(db, work);
  }
  const joined = currentSqliteTransaction.getStore();
  if (joined) return work(joined);
  const previous = sqliteQueues.get(db) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => inSqliteTransaction(db, work));
  sqliteQueues.set(db, run);
  return run;
}

async function inSqliteTransaction<T>(db: Db, work: (tx: Tx) => Promise<T> | T): Promise<T> {
  const tx = db as Tx;
  db.$client.exec('BEGIN IMMEDIATE');
  try {
    const result = await currentSqliteTransaction.run(tx, () => work(tx));
    db.$client.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.$client.inTransaction) db.$client.exec('ROLLBACK');
    throw err;
  }
}

/**
 * One round trip opens the transaction, takes the write lock and reads the audit chain's last hash (simple query
 * protocol: the three statements in one message, run in order, so the hash is read once the lock is held). A
 * turn's write transaction is then its own statements and COMMIT, and the lock is held for no extra round trip
 * to read the hash when the change is audited, as nearly all are (issue 17, `turns`).
 */
async function inPgTransaction<T>(db: Db, work: (tx: Tx) => Promise<T> | T): Promise<T> {
  const client = await db.$pool!.connect();
  let unusable: Error | undefined;
  try {
    const opened = (await client.query(
      `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY}); SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`,
    )) as unknown as Array<pg.QueryResult<{ hash: string }>>;
    const state = { tx: pgConnectionHandle(db, client), lastAuditHash: opened[2]?.rows[0]?.hash ?? null };
    const result = await currentPgTransaction.run(state, () => work(state.tx));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // Whatever failed (opening, the work, the commit) is rolled back; a connection that cannot roll back is not handed on.
    await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
      unusable = rollbackFailed;
    });
    throw err;
  } finally {
    client.release(unusable);
  }
}

/**
 * The last hash of the audit chain as this PostgreSQL transaction knows it (read under its write lock, moved on
 * by its own appends), null when the chain is empty; undefined outside one and on SQLite, where the caller reads
 * it itself (in-process, no round trip).
 */
export function knownLastAuditHash(tx: Tx): string | null | undefined {
  const state = currentPgTransaction.getStore();
  return state && state.tx === tx ? state.lastAuditHash : undefined;
}

/** Called by the audit append once its rows are written, so the next append in the transaction chains to them. */
export function noteLastAuditHash(tx: Tx, hash: string): void {
  const state = currentPgTransaction.getStore();
  if (state && state.tx === tx) state.lastAuditHash = hash;
}
