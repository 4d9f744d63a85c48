import { copyFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { isPostgresUrl } from '../../src/db/client.js';

/**
 * Which backend the suite runs on: `TEST_DATABASE=pg` runs it on PostgreSQL (a server started once by
 * test/support/global-setup.ts, a fresh database per test made from a migrated template), otherwise SQLite
 * files. A test database is named by one string, as `openDatabase` takes it: a file path or a postgres:// URL.
 */
export type TestBackend = 'sqlite' | 'pg';
/** Read when asked, so the benchmarks can run the same work on one backend and then the other. */
export const currentTestBackend = (): TestBackend => (process.env.TEST_DATABASE === 'pg' ? 'pg' : 'sqlite');
export const testBackend: TestBackend = currentTestBackend();

/** The template every PostgreSQL test database is copied from (migrated once by the global setup). */
export const PG_TEMPLATE_DATABASE = 'placement_desk_template';

function serverUrl(): string {
  const url = process.env.TEST_PG_SERVER_URL;
  if (!url) throw new Error('TEST_DATABASE=pg but no PostgreSQL server was started (test/support/global-setup.ts sets TEST_PG_SERVER_URL)');
  return url;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${serverUrl()}postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE … TEMPLATE fails while another session is on the template for an instant; it is retried. */
async function createDatabaseFrom(template: string): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}" STRATEGY FILE_COPY`));
      return `${serverUrl()}${name}`;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + attempt * 50));
    }
  }
}

/** A new, migrated, empty database on the suite's backend: `fileWhenSqlite` for SQLite, else a PostgreSQL URL. */
export async function newTestDatabase(fileWhenSqlite: string): Promise<string> {
  return currentTestBackend() === 'pg' ? (await createDatabaseFrom(PG_TEMPLATE_DATABASE)) : fileWhenSqlite;
}

/** A second database with the same rows (nobody may be connected to the original while it is copied). */
export async function copyTestDatabase(location: string, fileWhenSqlite: string): Promise<string> {
  if (!isPostgresUrl(location)) {
    copyFileSync(location, fileWhenSqlite);
    return fileWhenSqlite;
  }
  return createDatabaseFrom(new URL(location).pathname.slice(1));
}

export async function dropTestDatabase(location: string): Promise<void> {
  if (!isPostgresUrl(location)) return;
  const name = new URL(location).pathname.slice(1);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** The environment a child process (CLI, production server) needs to open this database. */
export function databaseEnv(location: string): { DB_PATH: string; DATABASE_URL?: string } {
  return isPostgresUrl(location) ? { DB_PATH: './data/unused-when-postgres.db', DATABASE_URL: location } : { DB_PATH: location };
}

/** Everything the database stores, as text (a SQLite file's bytes, or every PostgreSQL row as JSON): to prove a secret is not in it. */
export async function storedText(location: string): Promise<string> {
  if (!isPostgresUrl(location)) return readFileSync(location).toString('latin1');
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'");
    const parts: string[] = [];
    for (const { name } of tables.rows) parts.push(JSON.stringify((await client.query(`SELECT * FROM "${name}"`)).rows));
    return parts.join('\n');
  } finally {
    await client.end();
  }
}
