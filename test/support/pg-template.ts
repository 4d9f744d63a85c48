import pg from 'pg';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { startTestPostgres, type TestPostgres } from './postgres.js';
import { PG_TEMPLATE_DATABASE } from './test-database.js';

/**
 * A real PostgreSQL with the template database every test (or benchmark) database is copied from, migrated
 * once; `TEST_DATABASE=pg` and `TEST_PG_SERVER_URL` point test/support/test-database.ts at it.
 */
export async function startPostgresForTests(): Promise<TestPostgres> {
  const server = await startTestPostgres();
  const admin = new pg.Client({ connectionString: `${server.baseUrl}postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${PG_TEMPLATE_DATABASE}"`);
  await admin.end();
  await closeDatabase(await openDatabase(`${server.baseUrl}${PG_TEMPLATE_DATABASE}`));
  process.env.TEST_PG_SERVER_URL = server.baseUrl;
  return server;
}
