import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // PostgreSQL-only tests (*.pg.test.ts) run in the PostgreSQL run of the suite (TEST_DATABASE=pg, see scripts/test.ts).
    exclude: process.env.TEST_DATABASE === 'pg' ? ['**/node_modules/**'] : ['**/node_modules/**', 'test/**/*.pg.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // TEST_DATABASE=pg: the PostgreSQL server and template database every test copies.
    globalSetup: ['test/support/global-setup.ts'],
  },
});
