import pg from 'pg';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { startTestPostgres, type TestPostgres } from './postgres.js';
import { PG_TEMPLATE_DATABASE } from './test-database.js';

/**
 * `TEST_DATABASE=pg`: one real PostgreSQL for the whole run, with a template database migrated once; each
 * test copies the template (test/support/test-database.ts). SQLite runs need nothing here.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE !== 'pg') return undefined;
  const server: TestPostgres = await startTestPostgres();
  const adminClient = new pg.Client({ connectionString: `${server.baseUrl}postgres` });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE "${PG_TEMPLATE_DATABASE}"`);
  await adminClient.end();
  const template = await openDatabase(`${server.baseUrl}${PG_TEMPLATE_DATABASE}`);
  await closeDatabase(template);
  // Workers are started after this and inherit the environment.
  process.env.TEST_PG_SERVER_URL = server.baseUrl;
  return async () => server.stop();
}
