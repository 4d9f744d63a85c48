import 'dotenv/config';
import { ConfigError, loadConfig } from '../config.js';
import { closeDatabase, openDatabase, type Db } from '../db/client.js';
import { systemClock } from '../domain/clock.js';
import { createLogger } from '../logger.js';
import { UsageError, type CliContext } from './command.js';
import { COMMANDS } from './commands/index.js';
import { createProgress } from './progress.js';

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Placement Desk operator commands',
    '',
    'Usage: npm run cli -- <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command honours DATABASE_URL (PostgreSQL) or DB_PATH (SQLite, default ./data/placements.db). `npm run cli -- <command> --help` shows its usage.',
  ].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${helpText()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.summary}\n\nUsage: npm run cli -- ${command.usage}\n`);
    return 0;
  }
  let db: Db | undefined;
  try {
    const config = loadConfig();
    // Operator output is for people; the logger only carries warnings to stderr.
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, undefined);
    const ctx: CliContext = {
      config,
      db: async () => (db ??= (await openDatabase(config))),
      log,
      clock: systemClock,
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      progress: createProgress(),
    };
    return await command.run(ctx, rest);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n\nUsage: npm run cli -- ${command.usage}\n`);
      return 2;
    }
    throw err;
  } finally {
    if (db) (await closeDatabase(db));
  }
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
