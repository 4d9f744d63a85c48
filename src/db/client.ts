import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { projectPath } from '../project-root.js';
import * as schema from './schema/index.js';
import { checkpointInBackground } from './sqlite-checkpointer.js';

/**
 * Two backends, one data layer. SQLite (better-sqlite3) is the embedded default: dev mode, a pilot council.
 * PostgreSQL (node-postgres) serves a regional deployment of several instances. The repositories are written
 * once, against the schema in src/db/schema (the PostgreSQL tables are derived from it, see schema/pg.ts),
 * with the query builder's common subset, always awaited; what differs is in this folder alone.
 */
export type Dialect = 'sqlite' | 'pg';

type SqliteDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * The database as the repositories see it. It is typed as the SQLite query builder, which has the same shape
 * as PostgreSQL's for everything the repositories use (select, insert, update, delete, returning, upserts);
 * `$dialect` says which one it is where SQL must differ.
 */
export type Db = SqliteDatabase & { readonly $dialect: Dialect; readonly $pool?: pg.Pool };

declare const inTransaction: unique symbol;
/** A handle inside `writeTransaction`: the only way to write (repository writes take a Tx). */
export type Tx = Db & { readonly [inTransaction]: true };
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = projectPath('drizzle');
export const PG_MIGRATIONS_FOLDER = projectPath('drizzle', 'pg');

export interface DatabaseSettings {
  /** postgres://… selects PostgreSQL; otherwise SQLite at DB_PATH. */
  DATABASE_URL?: string;
  DB_PATH: string;
  /** SQLite in WAL mode: `full` waits for the disk at every commit, `normal` (the default) only at checkpoints. */
  SQLITE_SYNCHRONOUS?: 'normal' | 'full';
  /** Apply the committed migrations when opening (production can leave it to `npm run cli -- migrate`). */
  MIGRATE_ON_START?: boolean;
  /** Connections in the PostgreSQL pool. */
  DATABASE_POOL_SIZE?: number;
}

// jsonb and json values arrive as text, as SQLite's JSON columns store them: the schema's JSON columns parse them.
pg.types.setTypeParser(pg.types.builtins.JSONB, (value: string) => value);
pg.types.setTypeParser(pg.types.builtins.JSON, (value: string) => value);

/**
 * Opens the database (creating the SQLite file's folder), SQLite in WAL mode with foreign keys on, and
 * applies every committed migration unless told not to. `:memory:` is accepted for throwaway use.
 */
export async function openDatabase(settings: DatabaseSettings | string): Promise<Db> {
  const s: DatabaseSettings = typeof settings === 'string' ? (isPostgresUrl(settings) ? { DATABASE_URL: settings, DB_PATH: '' } : { DB_PATH: settings }) : settings;
  const db = s.DATABASE_URL ? openPostgres(s.DATABASE_URL, s.DATABASE_POOL_SIZE ?? 10) : openSqlite(s.DB_PATH, s.SQLITE_SYNCHRONOUS ?? 'normal');
  if (s.MIGRATE_ON_START !== false) await migrateDatabase(db);
  return db;
}

/** A database given by one string: a postgres:// address, or else a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/** Distinct statements kept prepared per connection; the queries of this service are a few hundred. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Drizzle asks better-sqlite3 to prepare every query anew, and preparing (parsing and planning the SQL)
 * was the largest single cost of a turn and of a bulk import. The connection keeps its prepared
 * statements by SQL text instead and hands one back reset to its default result mode (drizzle switches
 * `raw()` on for its selects); a statement still busy (an iteration in progress) is never shared: the
 * caller gets a fresh one. The least recently used is dropped beyond STATEMENT_CACHE_SIZE.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = prepare(source);
    if (cached) return statement;
    cache.set(source, statement);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * WAL with synchronous NORMAL is what SQLite recommends for WAL: commits stay atomic and consistent and survive a
 * crash of the process; only a power cut or OS crash can lose the last ones (the WAL is synced at each checkpoint).
 * FULL adds an fsync to every commit, which on the shared disk here cost more than the rest of a turn together
 * (issue 17, `turns`); a deployment that wants it sets SQLITE_SYNCHRONOUS=full.
 */
/** What stops each SQLite file's background checkpoints (see sqlite-checkpointer.ts), by connection. */
const backgroundCheckpoints = new WeakMap<Database.Database, () => Promise<void>>();

function openSqlite(path: string, synchronous: 'normal' | 'full'): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  if (path !== ':memory:') backgroundCheckpoints.set(sqlite, checkpointInBackground(resolve(path)));
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  cacheStatements(sqlite);
  return Object.assign(drizzle(sqlite, { schema }), { $dialect: 'sqlite' as const }) as unknown as Db;
}

const pgClientHandles = new WeakMap<pg.PoolClient, Tx>();

/** The query builder on one pooled connection (a write transaction's), made once per connection. */
export function pgConnectionHandle(db: Db, client: pg.PoolClient): Tx {
  let handle = pgClientHandles.get(client);
  if (!handle) {
    handle = Object.assign(drizzlePg(client), { $dialect: 'pg' as const, $pool: db.$pool }) as unknown as Tx;
    pgClientHandles.set(client, handle);
  }
  return handle;
}

function openPostgres(url: string, poolSize: number): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection must not take the process down: the pool replaces it.
  pool.on('error', () => undefined);
  return Object.assign(drizzlePg(pool), { $dialect: 'pg' as const, $pool: pool }) as unknown as Db;
}

/** Any number that is the same in every instance: the session lock two instances starting together queue on. */
const MIGRATION_LOCK_KEY = 7_150_001;

export async function migrateDatabase(db: Db): Promise<void> {
  if (db.$dialect === 'sqlite') {
    migrateSqlite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  // Two instances starting at once would both apply the same migration; the second waits and finds none left.
  const client = await db.$pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg(client) as never, { migrationsFolder: PG_MIGRATIONS_FOLDER });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** Closes the database; closing it again does nothing. */
export async function closeDatabase(db: Db): Promise<void> {
  if (db.$dialect === 'pg') {
    if (!db.$pool!.ended) await db.$pool!.end();
  } else {
    const stopCheckpoints = backgroundCheckpoints.get(db.$client);
    backgroundCheckpoints.delete(db.$client);
    // The worker's connection closes first, so this one is the last and removes the log as it closes.
    await stopCheckpoints?.();
    db.$client.close();
  }
}

/** Runs a statement of raw SQL and returns its rows (the few places SQL differs by backend). */
export async function rawRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  if (db.$dialect === 'pg') {
    const result = (await (db as unknown as { execute(q: SQL): Promise<{ rows: T[] }> }).execute(query)) as { rows: T[] };
    return result.rows;
  }
  return db.all<T>(query);
}

export async function rawExecute(db: DbOrTx, query: SQL): Promise<void> {
  if (db.$dialect === 'pg') await (db as unknown as { execute(q: SQL): Promise<unknown> }).execute(query);
  else db.run(query);
}

/**
 * How many migrations this version ships in a folder. They cannot change while the process runs, so the files
 * are read (and hashed, by drizzle) once, not on every readiness probe.
 */
const committedMigrationCounts = new Map<string, number>();
async function committedMigrations(folder: string): Promise<number> {
  let count = committedMigrationCounts.get(folder);
  if (count === undefined) {
    const { readMigrationFiles } = await import('drizzle-orm/migrator');
    count = readMigrationFiles({ migrationsFolder: folder }).length;
    committedMigrationCounts.set(folder, count);
  }
  return count;
}

/** Whether every committed migration has been applied (for the load balancer's readiness probe). */
export async function migrationsPending(db: Db): Promise<number> {
  const expected = await committedMigrations(db.$dialect === 'pg' ? PG_MIGRATIONS_FOLDER : MIGRATIONS_FOLDER);
  const table = db.$dialect === 'pg' ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
  try {
    const [row] = await rawRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM ${table}`);
    return Math.max(0, expected - Number(row?.n ?? 0));
  } catch (err) {
    // No migrations table yet: nothing has been applied. Any other failure (the database unreachable) is not an answer.
    if (isMissingTable(err)) return expected;
    throw err;
  }
}

export { schema };

function isMissingTable(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ((e as { code?: string }).code === '42P01' || (e as { code?: string }).code === '3F000' || /no such table/.test(e.message)) return true;
  }
  return false;
}

/** Rows a write changed: better-sqlite3 says `changes`, node-postgres `rowCount`. */
export function affectedRows(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}
