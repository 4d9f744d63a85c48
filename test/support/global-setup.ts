import { startPostgresForTests } from './pg-template.js';

/**
 * `TEST_DATABASE=pg`: one real PostgreSQL for the whole run, with a template database migrated once; each
 * test copies the template (test/support/test-database.ts). SQLite runs need nothing here. Workers are
 * started after this and inherit the environment it sets.
 */
export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.TEST_DATABASE !== 'pg') return undefined;
  const server = await startPostgresForTests();
  return () => server.stop();
}
