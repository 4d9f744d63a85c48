import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';

/** A real SQLite file with the real migrations, removed when the test is done. */
export function createTempDb(): { db: Db; path: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'placement-desk-test-'));
  const path = join(dir, 'placements.db');
  const db = openDatabase(path);
  return {
    db,
    path,
    dir,
    cleanup: () => {
      try {
        closeDatabase(db);
      } catch {
        // already closed by the test
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Drizzle wraps driver errors ("Failed to run the query …"); the SQLite message is on the cause chain. */
export function expectSqliteError(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected the statement to fail').toBeInstanceOf(Error);
  const messages: string[] = [];
  for (let e: unknown = caught; e instanceof Error; e = e.cause) messages.push(e.message);
  expect(messages.join(' | ')).toMatch(pattern);
}
