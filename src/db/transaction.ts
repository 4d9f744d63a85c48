import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Tx } from './client.js';

/** The SQLite connection's transaction in progress in this async context (a nested call joins it). */
const currentSqliteTransaction = new AsyncLocalStorage<Tx>();
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
 * PostgreSQL: a transaction on one pooled connection. The checks that matter are compare-and-set updates
 * and row locks (FOR UPDATE), which hold under concurrent writers; the audit chain takes an advisory lock.
 *
 * Keep transactions short: never wait on the network (mail, Teams) in here; write an outbox row instead.
 */
export async function writeTransaction<T>(db: Db, work: (tx: Tx) => Promise<T> | T): Promise<T> {
  if (db.$dialect === 'pg') return (db as unknown as { transaction(fn: (tx: Tx) => Promise<T>): Promise<T> }).transaction(async (tx) => work(Object.assign(tx, { $dialect: 'pg' as const }) as Tx));
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
