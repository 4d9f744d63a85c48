import 'dotenv/config';
import { resolve, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { closeDatabase, openDatabase } from './db/client.js';
import { systemClock } from './domain/clock.js';
import { configActingAs, readPlaygroundConfig, startPlayground, writeConfig, PLAYGROUND_CONFIG } from './dev/playground.js';
import { registerPlaygroundChannel } from './dev/register-playground-channel.js';
import { rebuildPlaygroundView } from './dev/rebuild-playground-view.js';
import { demoCouncilId, isEmptyDatabase, seedDemoData, seedDemoHistory } from './dev/seed-demo.js';
import { createLogger } from './logger.js';
import { startEmbeddedSmtp } from './dev/embedded-smtp.js';
import { startEmbeddedImap } from './dev/embedded-imap.js';
import { DEV_IMAP_PASSWORD } from './dev/dev-mail.js';

/**
 * `npm run dev`: the whole product on one machine. The bot on 127.0.0.1 without Bot Framework auth
 * (loopback only), the SQLite file under ./data, a demo register on first run, and Microsoft's Agents
 * Playground as the Teams client. `npm run dev -- --as Sam` acts as another Playground person.
 */
async function dev(argv: string[]) {
  const asIndex = argv.indexOf('--as');
  const actAs = asIndex >= 0 ? argv[asIndex + 1] : undefined;
  const withPlayground = !argv.includes('--no-playground');

  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', ALLOW_ANONYMOUS_LOCAL: 'true' };
  // The Playground sends unauthenticated activities, so dev mode never uses an app registration
  // (councils' registrations in the database are ignored too: without BOT_ID the bot runs anonymous).
  for (const key of ['BOT_ID', 'BOT_PASSWORD', 'BOT_PASSWORD_FILE', 'BOT_TENANT_ID', 'BOT_COUNCIL']) delete env[key];
  const baseConfig = loadConfig(env);
  const log = createLogger(baseConfig.LOG_LEVEL);
  const say = (line: string) => process.stdout.write(`${line}\n`);

  // Outgoing mail goes to an embedded SMTP server that keeps every message as an .eml file.
  const smtp = await startEmbeddedSmtp({ port: baseConfig.SMTP_PORT, storeDir: baseConfig.MAIL_STORE_DIR, log });
  // Provider replies land in an embedded IMAP mailbox, read by the same reader as production.
  const imapPassword = baseConfig.IMAP_PASSWORD ?? DEV_IMAP_PASSWORD;
  const imap = await startEmbeddedImap({
    port: baseConfig.IMAP_PORT,
    user: baseConfig.IMAP_USER,
    password: imapPassword,
    folders: [baseConfig.IMAP_PROCESSED_FOLDER, baseConfig.IMAP_QUARANTINE_FOLDER],
    log,
  });
  const config = loadConfig({
    ...env,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: 'false',
    SMTP_REQUIRE_TLS: 'false',
    IMAP_ENABLED: 'true',
    IMAP_HOST: '127.0.0.1',
    IMAP_PORT: String(imap.port),
    IMAP_SECURE: 'false',
    IMAP_PASSWORD: imapPassword,
    IMAP_SWEEP_SECONDS: process.env.IMAP_SWEEP_SECONDS ?? '10',
  });
  say(`Outgoing e-mail is kept in ${resolve(config.MAIL_STORE_DIR, 'sent')} (embedded SMTP on port ${smtp.port}); list it with: npm run cli -- mail-list`);
  say(`Provider replies are read from an embedded IMAP mailbox on port ${imap.port}; play a provider with: npm run cli -- dev-reply PR-… --provider FPS-… --text "…"`);

  const setupDb = (await openDatabase(config));
  if ((await isEmptyDatabase(setupDb))) {
    say('Empty database: loading the demo data.');
    (await seedDemoData(setupDb, systemClock)).forEach((l) => say(`  ${l}`));
    (await seedDemoHistory({ config, db: setupDb, clock: systemClock, log })).forEach((l) => say(`  ${l}`));
  }
  const councilId = (await demoCouncilId(setupDb));
  (await closeDatabase(setupDb));

  // The Playground's page starts empty each time it is opened or reloaded (it keeps no history): when it
  // opens, post again the open threads and the cards waiting in them.
  const view: { rebuild?: () => Promise<void> } = {};
  const app = await startApp({
    config,
    log,
    onInstalled: (conversation) => {
      // The page tells the bot it is installed in the personal chat each time it loads.
      if (conversation.conversationType === 'personal') view.rebuild?.().catch((err: unknown) => log.warn({ err }, 'could not post the open threads again'));
    },
  });
  const botEndpoint = `${app.server.url}/api/messages`;
  say(`Bot listening on ${botEndpoint} (database ${resolve(config.DB_PATH)}).`);

  let stopPlayground = () => {};
  if (withPlayground) {
    const base = readPlaygroundConfig();
    let requestedPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
    /** Starts the Playground acting as this person (its config's `currentUser`, or the one named). */
    const playAs = async (who: string | undefined) => {
      const pgConfig = who ? configActingAs(base, who) : base;
      const configPath = who ? writeConfig(pgConfig, dirname(resolve(config.DB_PATH))) : PLAYGROUND_CONFIG;
      const playground = await startPlayground({ botEndpoint, port: requestedPort, configPath, log });
      // A later switch of person reuses the port, so the address in the browser stays the same.
      requestedPort = playground.port;
      stopPlayground = () => playground.child.kill('SIGTERM');
      const stopped = new Promise((r) => playground.child.once('exit', r));
      const channel = (await registerPlaygroundChannel(app.deps.db, systemClock, councilId, pgConfig, playground.port));
      say(
        `Approvals channel: "${channel.channelName}" in team "${channel.teamName}" is registered as the demo council's approvals channel` +
          (channel.changed ? '.' : ' (already registered).'),
      );
      // The Playground starts empty: post again what this person should see (open threads, their work),
      // now and whenever its page is opened again.
      view.rebuild = async () => {
        const rebuilt = (await rebuildPlaygroundView(app.deps, councilId, pgConfig, playground.port));
        app.outbox.kick();
        if (rebuilt.threads) say(`Posted ${rebuilt.threads} open request thread(s) again in "${channel.channelName}" (the Playground keeps no history).`);
      };
      say('');
      say(`Open http://localhost:${playground.port} to chat with the bot as ${pgConfig.currentUser.name}.`);
      say('To act as someone else, type "as <Alex|Priya|Sam|Helen|Tom|Wendy>" here and reload the page (or start with npm run dev -- --as <name>). Stop with Ctrl+C.');
      // In an object: an async function returning the promise itself would wait for the Playground to exit.
      return { stopped };
    };
    let current = await playAs(actAs);
    // "as Sam" typed in this terminal: the Playground (not the bot) starts again as Sam; the database, the
    // outbox and the mail servers carry on, and the page shows his view once reloaded.
    let switching = Promise.resolve();
    createInterface({ input: process.stdin }).on('line', (line) => {
      const who = /^\s*as\s+(\S+)\s*$/i.exec(line)?.[1];
      if (!who) {
        if (line.trim()) say('Type "as <name>" to act as someone else, e.g. as Sam.');
        return;
      }
      switching = switching.then(async () => {
        try {
          configActingAs(base, who);
        } catch (err) {
          say(err instanceof Error ? err.message : String(err));
          return;
        }
        say(`Starting the Playground again as ${who}…`);
        stopPlayground();
        await current.stopped;
        current = await playAs(who);
      }).catch((err: unknown) => log.error({ err }, 'could not switch the Playground to another person'));
    });
  }

  const shutdown = async () => {
    stopPlayground();
    await app.stop();
    await smtp.close();
    await imap.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

dev(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
