import { isAnonymousMode, type Config } from './config.js';
import { closeDatabase, migrationsPending, openDatabase } from './db/client.js';
import { systemClock, type Clock } from './domain/clock.js';
import type { Logger } from './logger.js';
import { startHttpServer, type RunningServer } from './server.js';
import { documentLinkHandler } from './http/documents.js';
import type { ServiceDeps } from './services/deps.js';
import { createTeamsBot, type TeamsBot } from './teams/app.js';
import { botRequestHandler } from './teams/endpoint.js';
import { routeConsoleToLogger } from './teams/console-noise.js';
import { teamsFeatures } from './teams/features.js';
import { createTeamsPoster } from './teams/proactive.js';
import { createOutboxRenderer } from './teams/outbox-render.js';
import { createOutboxDispatcher, type OutboxDispatcher } from './services/outbox/dispatcher.js';
import { channelPostHandler, channelUpdateHandler, personalMessageHandler } from './services/outbox/deliver-teams-post.js';
import { emailHandler } from './services/outbox/deliver-email.js';
import { runReferralTimers } from './services/referrals/referral-timers.js';
import { runApprovalEscalations } from './services/awards/approval-escalations.js';
import { createTimers, type Timers } from './services/timers.js';
import { createSmtpMailer, type Mailer } from './mail/outbound/mailer.js';
import { createMailboxReader, type MailboxReader } from './mail/inbound/mailbox-reader.js';
import { processInboundMessage } from './services/replies/process-inbound-message.js';
import { replyPageRouter } from './web/reply-page-routes.js';

export interface RunningApp {
  deps: ServiceDeps;
  bot: TeamsBot;
  outbox: OutboxDispatcher;
  timers: Timers;
  /** Present when IMAP_ENABLED: reads provider replies from the mailbox. */
  mailbox?: MailboxReader;
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
  /** 0 turns the clock-driven jobs off (tests call `timers.runOnce()`). */
  timerIntervalMs?: number;
  /** Outgoing mail; SMTP from the config unless given. */
  mailer?: Mailer;
  /** false leaves delivery to the poll (tests use it to stand for a crash right after a commit). */
  deliverOnCommit?: boolean;
  /** false: the mailbox reader is built but not started (tests call `mailbox.sweepOnce()`). */
  startMailbox?: boolean;
  /** Told when the bot is added to a conversation (dev mode rebuilds the Playground's view then). */
  onInstalled?: (conversation: { id: string; conversationType: string | undefined }) => void;
}): Promise<RunningApp> {
  // botbuilder prints stacks for refused tokens; while the app runs that output is debug lines of our logger.
  const restoreConsole = routeConsoleToLogger(opts.log);
  const db = (await openDatabase(opts.config));
  const deps: ServiceDeps = { config: opts.config, db, clock: opts.clock ?? systemClock, log: opts.log };
  const outboxRef: { current?: OutboxDispatcher } = {};
  const afterCommit = () => {
    if (opts.deliverOnCommit !== false) outboxRef.current?.kick();
  };
  // Document links point at where browsers reach the bot: the configured address, else where it listens.
  const listening: { url?: string } = {};
  const documentBaseUrl = () => opts.config.PUBLIC_BASE_URL ?? listening.url ?? `http://${opts.config.HOST}:${opts.config.PORT}`;
  const bot = createTeamsBot(deps, { ...teamsFeatures(deps, afterCommit, { baseUrl: documentBaseUrl }), ...(opts.onInstalled ? { onInstalled: opts.onInstalled } : {}) });
  const poster = createTeamsPoster(bot, deps);
  const render = createOutboxRenderer(deps);
  const mailer = opts.mailer ?? createSmtpMailer(opts.config, opts.log);
  const outbox = createOutboxDispatcher(
    deps,
    {
      'teams.channel_post': channelPostHandler(deps, poster, render),
      'teams.personal_message': personalMessageHandler(deps, poster, render),
      'teams.channel_update': channelUpdateHandler(deps, poster, render),
      email: emailHandler(deps, mailer),
    },
    { pollMs: opts.outboxPollMs },
  );
  outboxRef.current = outbox;
  const timers = createTimers(
    deps,
    [
      { name: 'referrals', run: () => runReferralTimers(deps) },
      { name: 'approval-escalations', run: () => runApprovalEscalations(deps) },
    ],
    { intervalMs: opts.timerIntervalMs ?? opts.config.TIMER_INTERVAL_SECONDS * 1000, afterRun: () => outbox.kick() },
  );
  let stopping = false;
  const server = await startHttpServer({
    host: opts.config.HOST,
    port: opts.config.PORT,
    botHandler: botRequestHandler(bot, deps),
    documentHandler: documentLinkHandler(deps),
    log: opts.log,
    readiness: async () => {
      if (stopping) return { ready: false, reason: 'shutting down' };
      try {
        const pending = await migrationsPending(db);
        return pending ? { ready: false, reason: `${pending} database migration(s) not applied (npm run cli -- migrate)` } : { ready: true };
      } catch (err) {
        opts.log.warn({ err }, 'readiness: database unreachable');
        return { ready: false, reason: 'database unreachable' };
      }
    },
    pages: [{ path: '/reply', router: replyPageRouter(deps, { afterCommit }) }],
    trustProxy: opts.config.TRUST_PROXY,
  });
  // Reply-page links need the address providers reach us at; a local run can use its own.
  deps.publicBaseUrl = opts.config.PUBLIC_BASE_URL ?? (isAnonymousMode(opts.config) ? server.url : undefined);
  listening.url = server.url;
  // Provider replies: the mailbox reader stores each message, then routing/understanding relays it.
  const mailbox = opts.config.IMAP_ENABLED
    ? createMailboxReader(deps, {
        process: async (inboundId, parsed) => {
          await processInboundMessage(deps, inboundId, () => outbox.kick(), parsed);
        },
      })
    : undefined;
  if (mailbox && opts.startMailbox !== false) mailbox.start();
  if (opts.outboxPollMs !== 0) outbox.start();
  if (opts.timerIntervalMs !== 0) timers.start();
  return {
    deps,
    bot,
    server,
    outbox,
    timers,
    mailbox,
    async stop() {
      // The load balancer sees /readyz fail at once and stops sending; work in hand finishes, leases are handed over.
      stopping = true;
      await timers.stop();
      await mailbox?.stop();
      await outbox.stop();
      await mailer.close();
      await server.close();
      (await closeDatabase(db));
      restoreConsole();
    },
  };
}
