import { existsSync } from 'node:fs';
import { closeDatabase, isPostgresUrl, openDatabase, type Db } from '../../db/client.js';
import { CopyDatabaseError, copySqliteToPostgres } from '../../db/copy-database.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';

/** The address without its password, for what is printed. */
function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

export const copyDatabaseCommand: CliCommand = {
  name: 'copy-database',
  summary: "Copy a council's SQLite pilot database into a new, empty PostgreSQL database, in one pass, then count every table on both sides",
  usage: 'copy-database --from sqlite:FILE --to postgres://USER:PASSWORD@HOST:5432/DATABASE',
  async run(ctx, args) {
    const { options } = parseArgs(args, ['from', 'to']);
    const from = typeof options.from === 'string' ? options.from : '';
    const to = typeof options.to === 'string' ? options.to : '';
    if (!from.startsWith('sqlite:')) throw new UsageError('Give the pilot database as --from sqlite:FILE.');
    if (!isPostgresUrl(to)) throw new UsageError('Give the new database as --to postgres://…');
    const file = from.slice('sqlite:'.length);
    if (!existsSync(file)) {
      ctx.err(`There is no SQLite file at ${file}.`);
      return 1;
    }
    let source: Db | undefined;
    let target: Db | undefined;
    try {
      // Both sides are brought to the current schema first: an older pilot is migrated in place, as the server would.
      source = await openDatabase(file);
      target = await openDatabase(to);
      ctx.err(`Copying ${file} into ${redacted(to)}…`);
      const counts = await copySqliteToPostgres(source, target, (table, done, total) => ctx.progress(`  ${table}`, done, total));
      const width = Math.max(...counts.map((c) => c.table.length));
      let mismatches = 0;
      for (const c of counts) {
        const same = c.source === c.target;
        if (!same) mismatches++;
        ctx.out(`${c.table.padEnd(width)}  ${String(c.source).padStart(9)} → ${String(c.target).padStart(9)}  ${same ? 'ok' : 'MISMATCH'}`);
      }
      const rows = counts.reduce((n, c) => n + c.target, 0);
      if (mismatches) {
        ctx.err(`${mismatches} table(s) differ after the copy: do not switch to the PostgreSQL database.`);
        return 1;
      }
      ctx.err(`Copied ${rows.toLocaleString('en-GB')} row(s) in ${counts.length} tables; every table has the same number of rows on both sides. Run verify-audit against the new database before switching.`);
      return 0;
    } catch (err) {
      if (err instanceof CopyDatabaseError) {
        ctx.err(err.message);
        return 1;
      }
      throw err;
    } finally {
      if (source) await closeDatabase(source);
      if (target) await closeDatabase(target);
    }
  },
};
