/**
 * The PostgreSQL schema, derived from the SQLite one (src/db/schema/*.ts), so there is one source of truth
 * for tables, column names, status values, defaults, keys and indexes. Each SQLite column type has one
 * PostgreSQL counterpart: integer → integer (identity for the auto-increment keys), text → text, JSON text →
 * jsonb, boolean → boolean, blob → bytea. drizzle-kit generates `drizzle/pg` from this module.
 */
import { getTableName, is, SQL, sql, StringChunk, type AnyColumn } from 'drizzle-orm';
import { getTableConfig, SQLiteColumn, SQLiteTable as SQLiteTableClass, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import * as sqliteSchema from './index.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** The SQLite default `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`: the same ISO-8601 UTC text in PostgreSQL. */
const NOW_ISO = sql`to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function defaultOf(column: SQLiteColumn): unknown {
  const value = column.default;
  if (!is(value, SQL)) return value;
  const text = value.queryChunks.map((c) => (is(c, StringChunk) ? c.value.join('') : '')).join('');
  if (text.includes('strftime')) return NOW_ISO;
  if (text.trim() === "'[]'") return sql`'[]'::jsonb`;
  throw new Error(`No PostgreSQL equivalent for the SQLite default ${text} of ${column.name}`);
}

function pgColumnFor(column: SQLiteColumn): PgColumnBuilderBase {
  let builder: any;
  switch (column.columnType) {
    case 'SQLiteInteger':
      builder = integer(column.name);
      if (column.primary && (column as unknown as { autoIncrement?: boolean }).autoIncrement) builder = builder.generatedByDefaultAsIdentity();
      break;
    case 'SQLiteText':
      builder = text(column.name);
      break;
    case 'SQLiteTextJson':
      builder = jsonb(column.name);
      break;
    case 'SQLiteBoolean':
      builder = boolean(column.name);
      break;
    case 'SQLiteBlobBuffer':
      builder = bytea(column.name);
      break;
    default:
      throw new Error(`No PostgreSQL column type for ${column.columnType} (${column.name})`);
  }
  if (column.primary) builder = builder.primaryKey();
  if (column.notNull && !column.primary) builder = builder.notNull();
  if (column.hasDefault && column.default !== undefined) builder = builder.default(defaultOf(column));
  if (column.isUnique) builder = builder.unique(column.uniqueName);
  return builder;
}

const sqliteTables = (Object.values(sqliteSchema) as unknown[]).filter((v): v is SQLiteTable => is(v, SQLiteTableClass));

const pgTables = new Map<SQLiteTable, PgTableWithColumns<any>>();

/** The PostgreSQL column standing for a SQLite one (same table, same name). */
function pgColumnOf(column: AnyColumn): AnyColumn {
  const table = pgTables.get((column as unknown as { table: SQLiteTable }).table);
  const found = table && Object.values(table).find((c) => is(c, SQLiteColumn) === false && (c as AnyColumn)?.name === column.name);
  if (!found) throw new Error(`No PostgreSQL column for ${column.name}`);
  return found as AnyColumn;
}

/**
 * A partial index's condition, rebuilt on the PostgreSQL columns; SQLite's booleans are 0/1, PostgreSQL's
 * true/false.
 */
function conditionOnPg(condition: SQL, booleanColumns: ReadonlySet<string>, columnOf: (c: AnyColumn) => unknown): SQL {
  const chunks: unknown[] = [];
  let previousBoolean = false;
  for (const chunk of condition.queryChunks) {
    if (is(chunk, SQLiteColumn)) {
      chunks.push(columnOf(chunk));
      previousBoolean = booleanColumns.has(chunk.name);
      continue;
    }
    if (is(chunk, StringChunk) && previousBoolean) {
      chunks.push(new StringChunk(chunk.value.map((v) => v.replace(/^(\s*=\s*)0\b/, '$1false').replace(/^(\s*=\s*)1\b/, '$1true'))));
    } else chunks.push(chunk);
    previousBoolean = false;
  }
  return new SQL(chunks as SQL['queryChunks']);
}

for (const table of sqliteTables) {
  const config = getTableConfig(table);
  const columns = Object.fromEntries(
    Object.entries(table)
      .filter(([, c]) => is(c, SQLiteColumn))
      .map(([key, c]) => [key, pgColumnFor(c as SQLiteColumn)]),
  );
  const booleans = new Set(config.columns.filter((c) => c.columnType === 'SQLiteBoolean').map((c) => c.name));
  const keyOf = new Map(Object.entries(table).filter(([, c]) => is(c, SQLiteColumn)).map(([key, c]) => [(c as SQLiteColumn).name, key]));
  const pg = pgTable(getTableName(table), columns, (own: Record<string, any>) => {
    // Indexes and keys are built on the columns drizzle passes here (they carry index settings), by property name.
    const ownColumn = (c: AnyColumn) => own[keyOf.get(c.name)!];
    const extras: unknown[] = [];
    for (const ix of config.indexes) {
      const cols = ix.config.columns.map((c) => ownColumn(c as AnyColumn)) as [any, ...any[]];
      let built: any = (ix.config.unique ? uniqueIndex(ix.config.name) : index(ix.config.name)).on(...cols);
      if (ix.config.where) built = built.where(conditionOnPg(ix.config.where, booleans, ownColumn));
      extras.push(built);
    }
    for (const pk of config.primaryKeys) extras.push(primaryKey({ name: pk.getName(), columns: pk.columns.map(ownColumn) as [any, ...any[]] }));
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      let built: any = foreignKey({ name: fk.getName(), columns: ref.columns.map(ownColumn) as [any, ...any[]], foreignColumns: ref.foreignColumns.map(pgColumnOf) as [any, ...any[]] });
      if (fk.onDelete) built = built.onDelete(fk.onDelete);
      extras.push(built);
    }
    return extras as any;
  });
  pgTables.set(table, pg);
}

/** The PostgreSQL table standing for a SQLite table of the schema. */
export function pgTableFor<T extends SQLiteTable>(table: T): PgTableWithColumns<any> {
  const pg = pgTables.get(table);
  if (!pg) throw new Error(`No PostgreSQL table for ${getTableName(table)}`);
  return pg;
}

/** Every table, by the SQLite schema's export name: what drizzle-kit and the PostgreSQL client use. */
export const pgSchema: Record<string, PgTableWithColumns<any>> = Object.fromEntries(
  Object.entries(sqliteSchema)
    .filter(([, v]) => is(v, SQLiteTableClass) && pgTables.has(v as SQLiteTable))
    .map(([name, v]) => [name, pgTables.get(v as unknown as SQLiteTable)!]),
);
