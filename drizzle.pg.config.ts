import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations, generated from the schema derived from the SQLite one (src/db/schema/pg.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/pg-tables.ts',
  out: './drizzle/pg',
});
