import Cursor from 'pg-cursor';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias as sqliteAlias, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { alias as pgAlias } from 'drizzle-orm/pg-core';
import { pgTableFor } from './schema/pg.js';
import type { DbOrTx } from './client.js';

/**
 * Plain SQL for the few reads written by hand: aggregates over hundreds of thousands of rows (dashboards,
 * exports), where the query builder's per-row mapping would dominate. Written once with `?` placeholders and
 * the common subset of SQLite and PostgreSQL (quoted camelCase aliases, CAST, CASE, NOT on booleans); what
 * must differ comes from `dialectSql`.
 */

/** `?` placeholders to PostgreSQL's `$1, $2, …` (outside quoted strings and identifiers). */
function numberedPlaceholders(text: string): string {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
      out += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else out += c === '?' ? `$${++n}` : c;
  }
  return out;
}

function poolOf(db: DbOrTx) {
  if (!db.$pool) throw new Error('Hand-written reads run on the database, not inside a transaction');
  return db.$pool;
}

export async function rawAll<T>(db: DbOrTx, text: string, params: readonly unknown[] = []): Promise<T[]> {
  if (db.$dialect === 'pg') return (await poolOf(db).query(numberedPlaceholders(text), [...params])).rows as T[];
  return db.$client.prepare(text).all(...params) as T[];
}

export async function rawFirst<T>(db: DbOrTx, text: string, params: readonly unknown[] = []): Promise<T | undefined> {
  return (await rawAll<T>(db, text, params))[0];
}

/** Rows one at a time (a cursor on PostgreSQL), so a large export never sits in memory. */
export async function* rawIterate<T>(db: DbOrTx, text: string, params: readonly unknown[] = [], batchSize = 2_000): AsyncGenerator<T> {
  if (db.$dialect !== 'pg') {
    yield* db.$client.prepare(text).iterate(...params) as IterableIterator<T>;
    return;
  }
  const client = await poolOf(db).connect();
  try {
    const cursor = client.query(new Cursor<T>(numberedPlaceholders(text), [...params]));
    for (let rows = await cursor.read(batchSize); rows.length; rows = await cursor.read(batchSize)) yield* rows;
    await cursor.close();
  } finally {
    client.release();
  }
}

/** The SQL that differs between the backends. */
export function dialectSql(db: DbOrTx) {
  const pg = db.$dialect === 'pg';
  return {
    /** Whole days from one ISO timestamp's date to another's. */
    daysBetween: (from: string, to: string) => (pg ? `(substr(${to}, 1, 10)::date - substr(${from}, 1, 10)::date)` : `CAST(julianday(substr(${to}, 1, 10)) - julianday(substr(${from}, 1, 10)) AS INTEGER)`),
    /** A column compared without letting SQLite drive the query by its index (`+column`); PostgreSQL plans on its own. */
    noIndex: (column: string) => (pg ? column : `+${column}`),
    /**
     * A boolean column is false, spelled as a partial index's WHERE spells it, so the planner can use that
     * index: SQLite matches `column = 0` against `"column" = 0`, but not `NOT column` or `column = FALSE`.
     */
    isFalse: (column: string) => (pg ? `${column} = false` : `${column} = 0`),
  };
}

/** Query-builder fragments for JSON columns, whose functions differ (SQLite json1, PostgreSQL jsonb). */
export const jsonSql = {
  /** Whether the JSON array in `column` holds the number `value`. */
  arrayHasNumber: (db: DbOrTx, column: AnyColumn, value: number): SQL =>
    db.$dialect === 'pg' ? sql`(${column} @> jsonb_build_array(${value}::integer))` : sql`EXISTS (SELECT 1 FROM json_each(${column}) WHERE json_each.value = ${value})`,
  /** The integer at `key` of the JSON object in `column`. */
  integerField: (db: DbOrTx, column: AnyColumn, key: string): SQL =>
    db.$dialect === 'pg' ? sql`((${column} ->> ${key})::integer)` : sql`json_extract(${column}, ${`$.${key}`})`,
  /** A value for a JSON column inside an expression (a CASE), where PostgreSQL cannot infer the parameter's type. */
  value: (db: DbOrTx, value: unknown): SQL => (db.$dialect === 'pg' ? sql`${JSON.stringify(value)}::jsonb` : sql`${JSON.stringify(value)}`),
};

/**
 * A table under another name in one query (the same table joined twice). The alias must be of the backend's
 * own table class for its dialect to print `"staff" "delegator"`; SQLite's would lose the alias on PostgreSQL.
 */
export function tableAlias<T extends SQLiteTable, A extends string>(db: DbOrTx, table: T, name: A): ReturnType<typeof sqliteAlias<T, A>> {
  if (db.$dialect === 'pg') return pgAlias(pgTableFor(table), name) as unknown as ReturnType<typeof sqliteAlias<T, A>>;
  return sqliteAlias(table, name);
}
