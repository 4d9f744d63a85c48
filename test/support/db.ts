import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import { closeDatabase, openDatabase, rawRows, type Db } from '../../src/db/client.js';
import { dropTestDatabase, newTestDatabase } from './test-database.js';

/**
 * A real database with the real migrations, removed when the test is done: a SQLite file, or a PostgreSQL
 * database when the suite runs on PostgreSQL. `path` names it for `openDatabase` and `databaseEnv`.
 */
export async function createTempDb(): Promise<{ db: Db; path: string; dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'placement-desk-test-'));
  const path = await newTestDatabase(join(dir, 'placements.db'));
  const db = (await openDatabase(path));
  return {
    db,
    path,
    dir,
    cleanup: async () => {
      try {
        (await closeDatabase(db));
      } catch {
        // already closed by the test
      }
      await dropTestDatabase(path);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Drizzle wraps driver errors ("Failed query …"); the database's own message is on the cause chain. */
export async function expectDbError(fn: () => unknown, pattern: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected the statement to fail').toBeInstanceOf(Error);
  const messages: string[] = [];
  for (let e: unknown = caught; e instanceof Error; e = e.cause) messages.push(e.message);
  expect(messages.join(' | ')).toMatch(pattern);
}

/**
 * Waits until `count` write transactions are queued behind one the test holds open. PostgreSQL: they show as
 * advisory-lock requests not yet granted in this database. SQLite: better-sqlite3 answers every read
 * synchronously, so a caller has read all it reads and queued its transaction once the pending microtasks have
 * run; a few turns of the event loop are enough, with no clock involved.
 */
export async function waitForQueuedWriters(db: Db, count: number): Promise<void> {
  if (db.$dialect === 'sqlite') {
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  await vi.waitFor(
    async () => {
      const [row] = await rawRows<{ waiting: number }>(
        db,
        sql`SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(row?.waiting).toBe(count);
    },
    { timeout: 10_000, interval: 20 },
  );
}
