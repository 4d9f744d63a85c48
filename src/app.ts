import type { Config } from './config.js';
import { closeDatabase, openDatabase } from './db/client.js';
import { systemClock, type Clock } from './domain/clock.js';
import type { Logger } from './logger.js';
import { startHttpServer, type RunningServer } from './server.js';
import type { ServiceDeps } from './services/deps.js';
import { createTeamsBot, type TeamsBot } from './teams/app.js';
import { botRequestHandler } from './teams/endpoint.js';
import { teamsFeatures } from './teams/features.js';
import { createTeamsPoster } from './teams/proactive.js';
import { createOutboxRenderer } from './teams/outbox-render.js';
import { createOutboxDispatcher, type OutboxDispatcher } from './services/outbox-dispatcher.js';
import { channelPostHandler, personalMessageHandler } from './services/deliver-teams-post.js';

export interface RunningApp {
  deps: ServiceDeps;
  bot: TeamsBot;
  outbox: OutboxDispatcher;
  server: RunningServer;
  stop(): Promise<void>;
}

/** Composition root shared by production, dev mode and the tests: db → services → Teams → HTTP. */
export async function startApp(opts: {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** 0 turns the background poll off (tests deliver by calling `outbox.runOnce()`). */
  outboxPollMs?: number;
}): Promise<RunningApp> {
  const db = openDatabase(opts.config.DB_PATH);
  const deps: ServiceDeps = { config: opts.config, db, clock: opts.clock ?? systemClock, log: opts.log };
  const outboxRef: { current?: OutboxDispatcher } = {};
  const bot = createTeamsBot(deps, teamsFeatures(deps, () => outboxRef.current?.kick()));
  const poster = createTeamsPoster(bot);
  const render = createOutboxRenderer(deps);
  const outbox = createOutboxDispatcher(
    deps,
    {
      'teams.channel_post': channelPostHandler(deps, poster, render),
      'teams.personal_message': personalMessageHandler(deps, poster, render),
    },
    { pollMs: opts.outboxPollMs },
  );
  outboxRef.current = outbox;
  const server = await startHttpServer({
    host: opts.config.HOST,
    port: opts.config.PORT,
    botHandler: botRequestHandler(bot),
    log: opts.log,
  });
  if (opts.outboxPollMs !== 0) outbox.start();
  return {
    deps,
    bot,
    server,
    outbox,
    async stop() {
      await outbox.stop();
      await server.close();
      closeDatabase(db);
    },
  };
}
