import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, closeDatabase, type Db } from '../../src/db/client.js';
import { databaseEnv, dropTestDatabase, newTestDatabase } from './test-database.js';
import type { Clock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logger.js';
import { collectExecuteVerbs, validateAdaptiveCard } from './cards.js';
import { startTestSmtp, type TestSmtpOptions } from './test-smtp-server.js';
import { startTestImap, type ImapTestServer } from './test-imap-server.js';
import { startDovecot } from './dovecot.js';
import { startFakeConnector, type FakeConnector, type SentActivity } from './fake-connector.js';
import { people, seedPeople, type TestPerson } from './people.js';

export const BOT = { id: '28:placement-desk-bot', name: 'Placement Desk' };
export const TEAM = { id: '19:team-general@thread.tacv2', teamId: '19:team@thread.tacv2', channelName: 'Placements approvals' };

let activitySeq = 0;

export interface DriverOptions {
  clock?: Clock;
  env?: Record<string, string>;
  seed?: boolean;
  /** How the test SMTP server should misbehave, if at all. */
  smtp?: TestSmtpOptions;
  /**
   * true: a commit kicks delivery at once, as in production (`app.outbox.whenIdle()` waits for it). Default false:
   * only `settle()` (and the other driver calls that deliver) sends, so what an action sent is never split
   * between it and the next call by timing.
   */
  deliverOnCommit?: boolean;
  /** Run a real IMAP server and the mailbox reader (swept by `readMail()`): hoodiecrow (`true`) or Dovecot. */
  imap?: boolean | 'dovecot';
  /** Seeds the database instead of the standard cast (runs before the app starts). */
  seedWith?: (db: Db) => void | Promise<void>;
  /**
   * Production mode: how each person's Teams client reaches the bot, i.e. which registration. Returns
   * the bot account the activity is addressed to and the Authorization header the channel would add.
   */
  channelFor?: (p: TestPerson, activity: Record<string, unknown>) => { recipient?: { id: string; name: string }; authorization?: string };
}

/**
 * Runs the real app on port 0 against a fake Bot Connector, and talks to it over HTTP with the
 * activities Teams sends. Helpers return what the bot sent during that call.
 */
export async function startDriver(options: DriverOptions = {}) {
  // First, so that a missing Dovecot fails the test before anything else is started.
  const imap = options.imap === true ? await startTestImap() : undefined;
  const dovecot = options.imap === 'dovecot' ? await startDovecot() : undefined;
  const mailServer: ImapTestServer | undefined = imap ?? dovecot;
  const dir = mkdtempSync(join(tmpdir(), 'placement-desk-driver-'));
  const dbPath = await newTestDatabase(join(dir, 'placements.db'));
  if (options.seed !== false || options.seedWith) {
    const db = (await openDatabase(dbPath));
    await (options.seedWith ?? seedPeople)(db);
    (await closeDatabase(db));
  }
  const connector: FakeConnector = await startFakeConnector();
  const smtp = await startTestSmtp(options.smtp);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ...databaseEnv(dbPath),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    MAIL_FROM: 'Northshire Placements <placements@northshire.example>',
    REPLY_DOMAIN: 'replies.northshire.example',
    REPLY_TOKEN_SECRET: 'test-reply-token-secret-0123456789abcdef',
    // Like dev mode: anonymous Bot Framework traffic on loopback, unless a test configures registrations.
    ALLOW_ANONYMOUS_LOCAL: 'true',
    ...(mailServer ? { IMAP_ENABLED: 'true', IMAP_HOST: '127.0.0.1', IMAP_PORT: String(mailServer.port), IMAP_USER: mailServer.user, IMAP_PASSWORD: mailServer.password } : {}),
    ...options.env,
  });
  const log = createLogger(config.LOG_LEVEL);
  const start = () => startApp({ config, log, clock: options.clock, outboxPollMs: 0, timerIntervalMs: 0, deliverOnCommit: options.deliverOnCommit ?? false, startMailbox: false });
  let app: RunningApp = await start();

  const personalConversation = (p: TestPerson) => `a:personal-${p.aadObjectId}`;

  function baseActivity(p: TestPerson, conversation: Record<string, unknown>) {
    return {
      id: `incoming-${++activitySeq}`,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.url,
      channelId: 'msteams',
      from: { id: p.teamsId, name: p.name, aadObjectId: p.aadObjectId },
      recipient: BOT as { id: string; name: string },
      conversation: { tenantId: p.tenantId, ...conversation },
      channelData: { tenant: { id: p.tenantId } },
      locale: 'en-GB',
    };
  }

  /** The activity as this person's Teams client would send it: to their council's bot, with the channel's token. */
  function asSentBy(p: TestPerson, activity: Record<string, unknown>): [Record<string, unknown>, Record<string, string>] {
    const channel = options.channelFor ? options.channelFor(p, activity) : {};
    const addressed = channel.recipient ? { ...activity, recipient: channel.recipient } : activity;
    if (channel.recipient && Array.isArray(activity.membersAdded)) {
      addressed.membersAdded = activity.membersAdded.map((m: { id: string }) => (m.id === BOT.id ? channel.recipient : m));
    }
    return [addressed, channel.authorization ? { authorization: channel.authorization } : {}];
  }

  const postAs = (p: TestPerson, activity: Record<string, unknown>) => post(...asSentBy(p, activity));

  async function post(activity: Record<string, unknown>, headers: Record<string, string> = {}) {
    const res = await fetch(`${app.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? safeJson(text) : undefined };
  }

  /**
   * Every card the bot sends must be one Teams can render (Adaptive Cards ≤ 1.5) and every button
   * must reach a handler: checked on every call, so each feature test checks its cards.
   */
  function checkCards(cards: unknown[]) {
    for (const card of cards) {
      const problems = validateAdaptiveCard(card);
      const unhandled = collectExecuteVerbs(card).filter((v) => !app.bot.verbs.includes(v));
      if (unhandled.length) problems.push(`Action.Execute verbs without a handler: ${unhandled.join(', ')}`);
      if (problems.length) throw new Error(`The bot sent an invalid card:\n${problems.join('\n')}\n${JSON.stringify(card).slice(0, 1500)}`);
    }
  }

  async function during(fn: () => Promise<unknown>): Promise<SentActivity[]> {
    const before = connector.sent.length;
    await fn();
    const sent = connector.sent.slice(before);
    checkCards(driver.cardsIn(sent));
    return sent;
  }

  const driver = {
    connector,
    smtp,
    /** The hoodiecrow server, with its synchronous helpers (`imap: true`). */
    imap,
    /** The Dovecot server (`imap: 'dovecot'`). */
    dovecot,
    /** Whichever IMAP server runs. */
    mailServer,
    config,
    people,
    dbPath,
    get app() {
      return app;
    },
    get db() {
      return app.deps.db;
    },
    post,
    postAs,
    personalConversation,

    /** A message in the person's personal chat with the bot. */
    say: (p: TestPerson, text: string) =>
      during(() =>
        postAs(p, { ...baseActivity(p, { id: personalConversation(p), conversationType: 'personal' }), type: 'message', text, textFormat: 'plain' }),
      ),

    /** A channel message; Teams only delivers these when the bot is @mentioned. */
    sayInChannel: (p: TestPerson, text: string, channelId = TEAM.id) =>
      during(() =>
        postAs(p, {
          ...baseActivity(p, { id: `${channelId};messageid=${activitySeq + 1000}`, conversationType: 'channel', isGroup: true }),
          type: 'message',
          text: `<at>${BOT.name}</at> ${text}`,
          entities: [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }],
          channelData: { tenant: { id: p.tenantId }, team: { id: TEAM.teamId }, channel: { id: channelId, name: TEAM.channelName } },
        }),
      ),

    /** The bot being added to the person's personal scope. */
    install: (p: TestPerson) =>
      during(() =>
        postAs(p, {
          ...baseActivity(p, { id: personalConversation(p), conversationType: 'personal' }),
          type: 'conversationUpdate',
          membersAdded: [{ id: BOT.id }],
        }),
      ),

    /** An Action.Execute click: returns the invoke response body (the card that replaces the clicked one). */
    async click(p: TestPerson, verb: string, data: Record<string, unknown> = {}, where?: { conversationId?: string; replyToId?: string }) {
      const conversationId = where?.conversationId ?? personalConversation(p);
      let response: { status: number; body: any } | undefined;
      const sent = await during(async () => {
        response = await postAs(p, {
          ...baseActivity(p, {
            id: conversationId,
            conversationType: conversationId.startsWith('19:') ? 'channel' : 'personal',
          }),
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: where?.replyToId,
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        });
      });
      const card = response!.body?.type === 'application/vnd.microsoft.card.adaptive' ? response!.body.value : undefined;
      if (card) checkCards([card]);
      return { status: response!.status, body: response!.body, card: card as any, sent };
    },

    /** Adaptive Cards among sent activities, newest last. */
    checkCards,
    cardsIn(sent: SentActivity[]): any[] {
      return sent.flatMap((s) => (s.activity.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => a.content));
    },
    textsIn(sent: SentActivity[]): string[] {
      return sent.map((s) => s.activity.text).filter((t): t is string => typeof t === 'string');
    },
    allCards() {
      return driver.cardsIn(connector.sent);
    },

    /** Delivers everything the outbox holds (Teams posts, e-mails) and returns what reached the connector. */
    settle: () => during(() => app.outbox.runOnce()),

    /** Reads the mailbox once (store, route, relay) and delivers what that queued. */
    readMail: () =>
      during(async () => {
        if (!app.mailbox) throw new Error("start the driver with { imap: true } or { imap: 'dovecot' }");
        await app.mailbox.sweepOnce();
        await app.outbox.runOnce();
      }),

    /** Runs the clock-driven jobs (reminders, deadline notices) at the clock's current time, then delivers. */
    tick: () =>
      during(async () => {
        await app.timers.runOnce();
        await app.outbox.runOnce();
      }),

    /** Stops the app process state (HTTP + database) and starts it again on the same database file. */
    async restart() {
      await app.stop();
      app = await start();
    },

    async stop() {
      await app.stop();
      await connector.close();
      await smtp.close();
      await mailServer?.close();
      await dropTestDatabase(dbPath);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return driver;
}

export type Driver = Awaited<ReturnType<typeof startDriver>>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** All text in a card, flattened, for "the card says X" assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === 'string' && ['text', 'title', 'value', 'label', 'placeholder', 'errorMessage'].includes(k)) out.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return out.join('\n');
}

/** The Action.Execute with this verb (and title, when several share a verb) anywhere in a card. */
export function findAction(card: unknown, verb: string, title?: string): { verb: string; title: string; data: Record<string, unknown> } {
  const found: any[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, any>;
      if (n.type === 'Action.Execute' && n.verb === verb && (title === undefined || n.title === title)) found.push(n);
      for (const [k, v] of Object.entries(n)) if (k !== 'data') walk(v);
    }
  };
  walk(card);
  if (!found.length) throw new Error(`no Action.Execute ${verb}${title ? ` "${title}"` : ''} in card: ${cardText(card).slice(0, 500)}`);
  return found[0];
}

/**
 * What a Teams client (and the Agents Playground page) sends when a person presses a button: the button's
 * data plus the values of the inputs it can see. An Action.Execute gathers the inputs of the card it is on
 * and of the cards that card opened from, never the inputs inside another Action.ShowCard (a show-card's
 * inputs are not sent with the card's own buttons); `associatedInputs: 'none'` sends none. `typed` are the
 * values the person typed or ticked: a value for an input the button does not gather is lost, as it is in
 * the client; a value for an id the card does not have is sent as is (a forged submission).
 */
export function submissionOf(card: unknown, verb: string, title?: string, typed: Record<string, unknown> = {}): Record<string, unknown> {
  type Input = { id: string; value: unknown; showCards: unknown[] };
  const inputs: Input[] = [];
  let button: { action: Record<string, any>; showCards: unknown[] } | undefined;
  const walk = (node: unknown, showCards: unknown[]) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, showCards));
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, any>;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id) inputs.push({ id: n.id, value: n.value ?? '', showCards });
    if (n.type === 'Action.Execute' && n.verb === verb && (title === undefined || n.title === title) && !button) button = { action: n, showCards };
    if (n.type === 'Action.ShowCard' && n.card) {
      walk(n.card, [...showCards, n.card]);
      return;
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'data') walk(v, showCards);
  };
  walk(card, []);
  if (!button) throw new Error(`no Action.Execute ${verb}${title ? ` "${title}"` : ''} in card: ${cardText(card).slice(0, 500)}`);
  const gathered = button.action.associatedInputs === 'none' ? [] : inputs.filter((i) => i.showCards.every((c) => button!.showCards.includes(c)));
  const lost = new Set(inputs.filter((i) => !gathered.includes(i)).map((i) => i.id));
  const values = Object.fromEntries(gathered.map((i) => [i.id, i.value]));
  // An answer may name the field (`weeklyFee`) of an input whose id names its record too (`weeklyFee_reply12`).
  const idOf = (key: string) => {
    if (inputs.some((i) => i.id === key)) return key;
    const scoped = [...new Set(inputs.filter((i) => i.id.startsWith(`${key}_`)).map((i) => i.id))];
    return scoped.length === 1 ? scoped[0]! : key;
  };
  const sent = Object.fromEntries(Object.entries(typed).map(([k, v]) => [idOf(k), v] as const).filter(([id]) => !lost.has(id)));
  return { ...(button.action.data ?? {}), ...values, ...sent };
}

/** The ids and values of a card's inputs, as Teams would send them back unchanged. */
export function inputValues(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, any>;
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id) out[n.id] = n.value ?? '';
      for (const [k, v] of Object.entries(n)) if (k !== 'data') walk(v);
    }
  };
  walk(card);
  return out;
}
