import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable, type SQLiteTable as SQLiteTableType } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';
import * as schema from './schema/index.js';

/** One table's rows counted on both sides after the copy. */
export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export class CopyDatabaseError extends Error {}

/** Every table of the schema, parents before children (foreign keys), so each row's references exist when it is inserted. */
export function tablesInCopyOrder(): SQLiteTableType[] {
  const tables = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTableType => is(v, SQLiteTable));
  const ordered: SQLiteTableType[] = [];
  const placed = new Set<SQLiteTableType>();
  const visit = (table: SQLiteTableType, path: Set<SQLiteTableType>) => {
    if (placed.has(table) || path.has(table)) return;
    path.add(table);
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = fk.reference().foreignTable as SQLiteTableType;
      if (parent !== table) visit(parent, path);
    }
    placed.add(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

const ROWS_PER_STATEMENT_PARAMS = 30_000;

/**
 * Copies every row of a SQLite database (a council's pilot) into an empty, migrated PostgreSQL database, in
 * one transaction: all of it or none. Ids are kept (every reference, the audit chain and card links stay
 * valid) and each identity sequence continues after the highest id. The frozen-record triggers are held off
 * during the copy (the rows are copied as they are, decided ones included) and are on again at commit;
 * foreign keys are checked row by row. Afterwards each table's rows are counted on both sides.
 */
export async function copySqliteToPostgres(source: Db, target: Db, progress: (table: string, done: number, total: number) => void): Promise<TableCount[]> {
  if (source.$dialect !== 'sqlite' || target.$dialect !== 'pg') throw new CopyDatabaseError('copy-database copies a SQLite file into PostgreSQL.');
  const tables = tablesInCopyOrder().map(getTableName);
  const client = await target.$pool!.connect();
  try {
    for (const name of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`);
      if (Number(rows[0]!.n) > 0) throw new CopyDatabaseError(`The PostgreSQL database is not empty (${name} has ${rows[0]!.n} row(s)). copy-database only fills a new, empty database.`);
    }
    const booleanColumns = new Set(
      (await client.query<{ t: string; c: string }>("SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'boolean'")).rows.map((r) => `${r.t}.${r.c}`),
    );
    await client.query('BEGIN');
    for (const name of tables) await client.query(`ALTER TABLE "${name}" DISABLE TRIGGER USER`);
    for (const name of tables) {
      const total = Number(source.$client.prepare(`SELECT count(*) FROM "${name}"`).pluck().get());
      const columns = (source.$client.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(name) as string[]);
      const hasId = columns.includes('id');
      const perStatement = Math.max(1, Math.floor(ROWS_PER_STATEMENT_PARAMS / columns.length));
      const rows = source.$client.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${name}"${hasId ? ' ORDER BY id' : ''}`).raw().iterate() as IterableIterator<unknown[]>;
      let batch: unknown[][] = [];
      let done = 0;
      const flush = async () => {
        if (!batch.length) return;
        const params: unknown[] = [];
        const tuples = batch.map((row) => `(${row.map((value, i) => (params.push(booleanColumns.has(`${name}.${columns[i]}`) && value !== null ? value === 1 : value), `$${params.length}`)).join(', ')})`);
        await client.query(`INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`, params);
        done += batch.length;
        batch = [];
        progress(name, done, total);
      };
      progress(name, 0, total);
      for (const row of rows) {
        batch.push(row);
        if (batch.length >= perStatement) await flush();
      }
      await flush();
      const sequence = hasId ? (await client.query<{ seq: string | null }>(`SELECT pg_get_serial_sequence('"${name}"', 'id') AS seq`)).rows[0]?.seq : null;
      if (sequence) await client.query(`SELECT setval($1, COALESCE((SELECT max(id) FROM "${name}"), 1), (SELECT max(id) IS NOT NULL FROM "${name}"))`, [sequence]);
    }
    for (const name of tables) await client.query(`ALTER TABLE "${name}" ENABLE TRIGGER USER`);
    await client.query('COMMIT');
    const counts: TableCount[] = [];
    for (const name of tables) {
      const sourceRows = Number(source.$client.prepare(`SELECT count(*) FROM "${name}"`).pluck().get());
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`);
      counts.push({ table: name, source: sourceRows, target: Number(rows[0]!.n) });
    }
    return counts;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
