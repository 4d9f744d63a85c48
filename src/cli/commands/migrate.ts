import { closeDatabase, migrateDatabase, migrationsPending, openDatabase } from '../../db/client.js';
import type { CliCommand } from '../command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Apply the database migrations this version brings (for deployments that start instances with MIGRATE_ON_START=false)',
  usage: 'migrate',
  async run(ctx) {
    const db = await openDatabase({ ...ctx.config, MIGRATE_ON_START: false });
    try {
      const pending = await migrationsPending(db);
      if (!pending) {
        ctx.err('The database schema is current: nothing to apply.');
        return 0;
      }
      ctx.err(`Applying ${pending} migration(s)…`);
      await migrateDatabase(db);
      const left = await migrationsPending(db);
      if (left) {
        ctx.err(`${left} migration(s) are still not applied.`);
        return 1;
      }
      ctx.err(`Applied ${pending} migration(s); the schema is current.`);
      return 0;
    } finally {
      await closeDatabase(db);
    }
  },
};
