import { getTableName, is } from 'drizzle-orm';
import { getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqlite from '../../src/db/schema/index.js';
import { pgSchema } from '../../src/db/schema/pg.js';
import * as pgTables from '../../src/db/schema/pg-tables.js';

const sqliteTables = Object.entries(sqlite).filter(([, v]) => is(v, SQLiteTable)) as Array<[string, SQLiteTable]>;

/** One source of truth: the PostgreSQL schema is derived from the SQLite one, table by table, column by column. */
describe('the PostgreSQL schema', () => {
  it('has every table of the SQLite schema, exported for drizzle-kit', () => {
    expect(Object.keys(pgSchema).sort()).toEqual(sqliteTables.map(([name]) => name).sort());
    expect(Object.keys(pgTables).sort()).toEqual(sqliteTables.map(([name]) => name).sort());
  });

  it.each(sqliteTables)('%s: same table and column names, nullability, keys and indexes', (name, table) => {
    const a = sqliteConfig(table);
    const b = pgConfig(pgSchema[name]!);
    expect(getTableName(pgSchema[name]!)).toBe(getTableName(table));
    expect(b.columns.map((c) => [c.name, c.notNull, c.primary, c.hasDefault])).toEqual(a.columns.map((c) => [c.name, c.notNull, c.primary, c.hasDefault]));
    expect(b.indexes.map((i) => [i.config.name, i.config.unique, i.config.columns.length, Boolean(i.config.where)])).toEqual(
      a.indexes.map((i) => [i.config.name, i.config.unique, i.config.columns.length, Boolean(i.config.where)]),
    );
    expect(b.foreignKeys.length).toBe(a.foreignKeys.length);
    expect(b.primaryKeys.map((k) => k.columns.map((c) => c.name))).toEqual(a.primaryKeys.map((k) => k.columns.map((c) => c.name)));
  });
});
