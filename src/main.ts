import 'dotenv/config';
import { startApp } from './app.js';
import { assertProductionSafe, ConfigError, isAnonymousMode, loadConfig } from './config.js';
import { closeDatabase, migrationsPending, openDatabase } from './db/client.js';
import { countActiveRegistrations } from './db/repositories/bot-registrations.js';
import { findCouncilByCode } from './db/repositories/staff.js';
import { createLogger } from './logger.js';

/** The registrations in the database decide, with the environment, whether the bot may start. */
async function checkRegistrations(config: ReturnType<typeof loadConfig>): Promise<number> {
  const db = (await openDatabase(config));
  try {
    const pending = await migrationsPending(db);
    if (pending) {
      throw new ConfigError([`The database needs ${pending} migration(s) this version brings, and MIGRATE_ON_START is false: run \`npm run cli -- migrate\` first.`]);
    }
    const databaseRegistrations = (await countActiveRegistrations(db));
    assertProductionSafe(config, { databaseRegistrations });
    if (config.BOT_COUNCIL) {
      const council = (await findCouncilByCode(db, config.BOT_COUNCIL.trim().toUpperCase()));
      if (!council || council.status !== 'active') {
        throw new ConfigError([`BOT_COUNCIL: there is no active council ${config.BOT_COUNCIL} (list-councils shows them).`]);
      }
    }
    return databaseRegistrations;
  } finally {
    (await closeDatabase(db));
  }
}

/** Production entry point: refuses to run without Bot Framework authentication (or an explicit local opt-in). */
async function main() {
  const config = loadConfig();
  const councilRegistrations = (await checkRegistrations(config));
  const log = createLogger(config.LOG_LEVEL);
  const app = await startApp({ config, log });
  log.info(
    { url: app.server.url, authenticated: !isAnonymousMode(config), councilRegistrations, environmentRegistration: Boolean(config.BOT_ID) },
    'Placement Desk listening on /api/messages',
  );
  // The reply page is offered in referral e-mails only where providers can reach it.
  if (!app.deps.publicBaseUrl) log.warn('PUBLIC_BASE_URL is not set: referral e-mails carry no reply-page link (providers answer by e-mail only)');
  else if (!app.deps.publicBaseUrl.startsWith('https://') && !isAnonymousMode(config)) log.warn({ publicBaseUrl: app.deps.publicBaseUrl }, 'PUBLIC_BASE_URL is not https: reply-page links would travel unencrypted');
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
