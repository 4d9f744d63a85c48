import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // TEST_DATABASE=pg: the PostgreSQL server and template database every test copies.
    globalSetup: ['test/support/global-setup.ts'],
  },
});
