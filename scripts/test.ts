/**
 * `npm test`: type check, lint, then the whole suite on SQLite and again on PostgreSQL (a real server the
 * suite starts itself: test/support/global-setup.ts). Without PostgreSQL installed the second run cannot
 * happen; that is said at the end, in capitals, rather than passed over.
 */
import { spawnSync } from 'node:child_process';
import { postgresBinDir } from '../test/support/postgres.js';

function step(title: string, command: string, args: string[], env: Record<string, string> = {}): void {
  process.stderr.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${title} failed\n`);
    process.exit(result.status ?? 1);
  }
}

const extra = process.argv.slice(2);
step('Type check', 'npx', ['tsc', '--noEmit']);
step('Lint (promises awaited, none misused)', 'npx', ['eslint', '.']);
step('The suite on SQLite', 'npx', ['vitest', 'run', ...extra], { TEST_DATABASE: 'sqlite' });
if (postgresBinDir()) {
  step('The suite on PostgreSQL', 'npx', ['vitest', 'run', ...extra], { TEST_DATABASE: 'pg' });
  process.stderr.write('\n✓ Both backends passed: SQLite and PostgreSQL.\n');
} else {
  process.stderr.write(
    '\n!! POSTGRESQL IS NOT INSTALLED: THE SUITE RAN ON SQLITE ONLY. The PostgreSQL run (the whole suite again, and the\n' +
      '!! PostgreSQL-only tests *.pg.test.ts) did not happen. Install it (apt-get install postgresql) to run both, as CI does.\n',
  );
}
