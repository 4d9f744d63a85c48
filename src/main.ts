import 'dotenv/config';
import { startApp } from './app.js';
import { assertProductionSafe, ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/** Production entry point: refuses to run without Bot Framework authentication (or an explicit local opt-in). */
async function main() {
  const config = loadConfig();
  assertProductionSafe(config);
  const log = createLogger(config.LOG_LEVEL);
  const app = await startApp({ config, log });
  log.info({ url: app.server.url, authenticated: Boolean(config.BOT_ID) }, 'Placement Desk listening on /api/messages');
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Placement Desk failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
