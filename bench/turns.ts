import { Application, type TurnState } from '@microsoft/teams-ai';
import type { Request, Response } from 'express';
import { fixedClock } from '../src/domain/clock.js';
import { importStaffCsv } from '../src/services/import-staff.js';
import { createLogger } from '../src/logger.js';
import { startHttpServer } from '../src/server.js';
import { PlacementDeskAdapter } from '../src/teams/adapter.js';
import { botFrameworkSettings, CouncilRegistrationsCredentialsFactory } from '../src/teams/bot-auth.js';
import { BOT, cardText, startDriver, type Driver } from '../test/support/driver.js';
import { people, type TestPerson } from '../test/support/people.js';
import { concurrently, sideBySide, type Comparison, type ComparisonBenchmark } from './harness.js';

let sequence = 0;

function activityFor(serviceUrl: string, person: TestPerson, conversationId: string, turn: Turn): Record<string, unknown> {
  const base = {
    id: `bench-turn-${++sequence}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: person.teamsId, name: person.name, aadObjectId: person.aadObjectId },
    recipient: BOT,
    conversation: { tenantId: person.tenantId, id: conversationId, conversationType: 'personal' },
    channelData: { tenant: { id: person.tenantId } },
    locale: 'en-GB',
  };
  return turn === 'help'
    ? { ...base, type: 'message', text: 'help', textFormat: 'plain' }
    : { ...base, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'request.new', data: {} }, trigger: 'manual' } };
}

type Turn = 'help' | 'request.new';

async function postActivity(url: string, activity: Record<string, unknown>): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}

/**
 * The floor for a turn: a bare teams-ai Application on the same adapter (PlacementDeskAdapter, same
 * Bot Framework settings, anonymous as the product runs here) and the same express host
 * (startHttpServer), that answers `help` with the very reply the product sent and `request.new` with the
 * very card the product returned: same bytes on the wire, no database, no services.
 */
async function startEchoBot(d: Driver, replies: { help: unknown; requestNewCard: unknown }) {
  const adapter = new PlacementDeskAdapter(botFrameworkSettings(d.config), new CouncilRegistrationsCredentialsFactory(d.app.deps, true));
  const app = new Application<TurnState>({ adapter, botAppId: 'placement-desk-local', startTypingTimer: false, removeRecipientMention: false });
  app.activity('message', async (context) => {
    await context.sendActivity(replies.help as never);
  });
  app.adaptiveCards.actionExecute('request.new', async () => replies.requestNewCard as never);
  const botHandler = async (req: Request, res: Response) => {
    const activity = req.body as never;
    const auth = await adapter.authenticate(activity, req.get('authorization') ?? '');
    const invokeResponse = await adapter.runVerified(auth, activity, (context) => app.run(context).then(() => undefined));
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body !== undefined) res.json(invokeResponse.body);
    else res.end();
  };
  return startHttpServer({
    host: '127.0.0.1',
    port: 0,
    log: createLogger('silent'),
    botHandler: (req, res, next) => {
      botHandler(req, res).catch(next);
    },
  });
}

/**
 * Turns through /api/messages, the product against the echo bot: a cheap message (`help`) and a
 * state-changing invoke (`request.new`, which writes a draft request and its audit row), one
 * conversation at a time and 20 at once: 20 caseworkers of one council, each in their own personal chat, as in
 * Teams (one person in 20 chats at once would make every turn a hand-over of the chat, which Teams never does).
 */
export const turns: ComparisonBenchmark = {
  title: 'Turns through /api/messages vs a bare teams-ai echo bot',
  usesDatabase: true,
  async run({ quick, progress }): Promise<Comparison[]> {
    const rounds = quick ? 3 : 5;
    const d = await startDriver({ clock: fixedClock('2026-11-26T10:00:00Z') });
    try {
      const lanesAtMost = 20;
      const caseworkers = Array.from({ length: lanesAtMost }, (_, lane) => ({ ...people.caseworker, name: `Bench Caseworker ${lane + 1}`, aadObjectId: `aad-bench-${lane + 1}`, teamsId: `29:aad-bench-${lane + 1}` }));
      const staffFile = [
        'council_code,council_name,name,email,aad_object_id,tenant_id,roles,approval_limit',
        ...caseworkers.map((p) => `NWDEMO,Northshire Borough Council,${p.name},${p.aadObjectId}@example.org,${p.aadObjectId},${p.tenantId},caseworker,0`),
      ].join('\n');
      const imported = await importStaffCsv(d.db, staffFile, { clock: fixedClock('2026-11-26T10:00:00Z'), actorLabel: 'bench' });
      if (!imported.ok) throw new Error(imported.message);
      const person = caseworkers[0]!;
      const personOf = (lane: number) => caseworkers[lane % lanesAtMost]!;
      const conversation = (lane: number) => `a:personal-bench-${personOf(lane).aadObjectId}`;
      // What the product answers, captured once: the echo bot sends the same bytes.
      const before = d.connector.sent.length;
      const help = await postActivity(d.app.server.url, activityFor(d.connector.url, person, conversation(0), 'help'));
      const helpReply = d.connector.sent.slice(before).at(-1)?.activity as Record<string, unknown> | undefined;
      if (help.status !== 200 || !helpReply) throw new Error(`help: expected a reply, got HTTP ${help.status}`);
      const started = await postActivity(d.app.server.url, activityFor(d.connector.url, person, conversation(0), 'request.new'));
      const requestNewCard = (JSON.parse(started.body) as { value?: unknown }).value;
      if (started.status !== 200 || !cardText(requestNewCard).includes('Step 1 of 4')) throw new Error(`request.new did not show step 1 (HTTP ${started.status})`);
      const { type: _type, id: _id, timestamp: _timestamp, replyToId: _replyTo, conversation: _c, from: _f, recipient: _r, serviceUrl: _s, channelId: _ch, ...replyContent } = helpReply;
      const echo = await startEchoBot(d, { help: { type: 'message', ...replyContent }, requestNewCard });
      // Each caseworker's first message is their first contact (the chat is remembered, a welcome is sent): not measured.
      for (let lane = 1; lane < lanesAtMost; lane++) await postActivity(d.app.server.url, activityFor(d.connector.url, personOf(lane), conversation(lane), 'help'));

      const turnOn = (url: string, turn: Turn) => async (_i: number, lane: number) => {
        const answer = await postActivity(url, activityFor(d.connector.url, personOf(lane), conversation(lane), turn));
        if (answer.status !== 200) throw new Error(`${turn}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
        if (turn === 'request.new' && !answer.body.includes('Step 1 of 4')) throw new Error(`request.new: no step 1 card: ${answer.body.slice(0, 200)}`);
      };
      const out: Comparison[] = [];
      try {
        for (const turn of ['help', 'request.new'] as const) {
          for (const lanes of [1, 20]) {
            const total = lanes === 1 ? (quick ? 20 : 60) : quick ? 80 : 300;
            progress.note(`${turn}, ${lanes} concurrent, ${total} turns a round, ${rounds} rounds`);
            // One untimed warm-up batch each, so neither side pays for first-time compilation.
            await concurrently(10, Math.min(lanes, 10), turnOn(d.app.server.url, turn));
            await concurrently(10, Math.min(lanes, 10), turnOn(echo.url, turn));
            out.push(
              ...(await sideBySide({
                path: `turn ${turn}, ${lanes} concurrent`,
                baselineLabel: 'bare teams-ai echo bot, same adapter and host',
                rounds,
                metrics: [
                  { metric: 'throughput', unit: 'turns/s', better: 'higher', targetRatio: 0.5 },
                  { metric: 'p50', unit: 'ms', better: 'lower' },
                  { metric: 'p99', unit: 'ms', better: 'lower', targetRatio: 1.5 },
                ],
                ours: () => concurrently(total, lanes, turnOn(d.app.server.url, turn)),
                baseline: () => concurrently(total, lanes, turnOn(echo.url, turn)),
              })),
            );
          }
        }
      } finally {
        await echo.close();
      }
      return out;
    } finally {
      await d.stop();
    }
  },
};
