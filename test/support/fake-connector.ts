import type { AddressInfo } from 'node:net';
import express from 'express';

export interface SentActivity {
  /** How it reached the connector. */
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The activity id being replied to or updated, from the URL. */
  pathActivityId?: string;
  /** The id the connector gave (POST) or kept (PUT). */
  id: string;
  activity: Record<string, any>;
  /** The Authorization header the bot sent (its bearer token in production mode). */
  authorization?: string;
}

/**
 * A stand-in for Microsoft's Bot Connector service: the bot's replies and proactive posts arrive
 * here over HTTP exactly as they would in Teams, and are recorded for assertions.
 */
export async function startFakeConnector() {
  const sent: SentActivity[] = [];
  /**
   * Conversations Teams no longer has (a deleted thread, channel or chat; the bot removed): posting to
   * one, or to a thread of a gone channel, answers 404 ConversationNotFound as the Bot Connector does.
   */
  const gone = new Set<string>();
  let next = 1;
  const app = express();
  app.use(express.json({ limit: '5mb' }));
  app.use('/v3/conversations/:conversationId', (req, res, next) => {
    const id = decodeURIComponent(req.params.conversationId ?? '');
    if (gone.has(id) || gone.has(id.split(';messageid=')[0]!)) {
      res.status(404).json({ error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
      return;
    }
    next();
  });

  const record = (req: express.Request, method: 'POST' | 'PUT', conversationId: string, pathActivityId: string | undefined, activity: Record<string, any>) => {
    const id = method === 'PUT' && pathActivityId ? pathActivityId : `activity-${next++}`;
    const authorization = req.get('authorization');
    sent.push({ method, conversationId, pathActivityId, id, activity, ...(authorization ? { authorization } : {}) });
    return id;
  };

  app.post('/v3/conversations', (req, res) => {
    const conversationId = `created-${next++}`;
    const activity = req.body?.activity;
    const activityId = activity ? record(req, 'POST', req.body?.channelData?.channel?.id ?? conversationId, undefined, activity) : undefined;
    res.status(201).json({ id: activity && req.body?.channelData?.channel?.id ? `${req.body.channelData.channel.id};messageid=${activityId}` : conversationId, activityId });
  });
  app.post('/v3/conversations/:conversationId/activities', (req, res) => {
    res.status(201).json({ id: record(req, 'POST', req.params.conversationId, undefined, req.body) });
  });
  app.post('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
    res.status(201).json({ id: record(req, 'POST', req.params.conversationId, req.params.activityId, req.body) });
  });
  app.put('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
    res.status(200).json({ id: record(req, 'PUT', req.params.conversationId, req.params.activityId, req.body) });
  });
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'NotFound', message: `fake connector has no ${req.method} ${req.path}` } });
  });

  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    sent,
    gone,
    clear: () => {
      sent.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeConnector = Awaited<ReturnType<typeof startFakeConnector>>;
