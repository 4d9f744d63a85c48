import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
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
