import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { rawExecute, type Db, type Tx } from './client.js';

/** The SQLite connection's transaction in progress in this async context (a nested call joins it). */
const currentSqliteTransaction = new AsyncLocalStorage<Tx>();
/** The same for PostgreSQL (a nested writeTransaction joins the outer one instead of taking a second connection). */
const currentPgTransaction = new AsyncLocalStorage<Tx>();
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
    if (joined) return work(joined);
    return (db as unknown as { transaction(fn: (tx: Tx) => Promise<T>): Promise<T> }).transaction(async (pgTx) => {
      const tx = Object.assign(pgTx, { $dialect: 'pg' as const, $pool: db.$pool }) as unknown as Tx;
      await rawExecute(tx, sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
      return currentPgTransaction.run(tx, () => work(tx));
    });
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
