import type { Config } from './config.js';
import { closeDatabase, openDatabase } from './db/client.js';
import { systemClock, type Clock } from './domain/clock.js';
import type { Logger } from './logger.js';
import { startHttpServer, type RunningServer } from './server.js';
import type { ServiceDeps } from './services/deps.js';
import { createTeamsBot, type TeamsBot } from './teams/app.js';
import { botRequestHandler } from './teams/endpoint.js';
import { teamsFeatures } from './teams/features.js';

export interface RunningApp {
  deps: ServiceDeps;
  bot: TeamsBot;
  server: RunningServer;
  stop(): Promise<void>;
}

/** Composition root shared by production, dev mode and the tests: db → services → Teams → HTTP. */
export async function startApp(opts: { config: Config; log: Logger; clock?: Clock }): Promise<RunningApp> {
  const db = openDatabase(opts.config.DB_PATH);
  const deps: ServiceDeps = { config: opts.config, db, clock: opts.clock ?? systemClock, log: opts.log };
  const bot = createTeamsBot(deps, teamsFeatures(deps));
  const server = await startHttpServer({
    host: opts.config.HOST,
    port: opts.config.PORT,
    botHandler: botRequestHandler(bot),
    log: opts.log,
  });
  return {
    deps,
    bot,
    server,
    async stop() {
      await server.close();
      closeDatabase(db);
    },
  };
}
