import type { Db, Tx } from './client.js';

/**
 * Every write goes through here: `BEGIN IMMEDIATE` takes the write lock before the first read, so what a
 * use case checks inside the transaction is still true when it writes, and a second process (another
 * instance, a CLI import) waits for the lock (busy_timeout) instead of failing with SQLITE_BUSY_SNAPSHOT
 * halfway through. Throwing inside rolls everything back. Never await, send mail or call Teams in here.
 */
export function writeTransaction<T>(db: Db, work: (tx: Tx) => T): T {
  return db.transaction(work, { behavior: 'immediate' });
}
