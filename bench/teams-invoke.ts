import { performance } from 'node:perf_hooks';
import { BOT, type Driver } from '../test/support/driver.js';
import type { TestPerson } from '../test/support/people.js';

let sequence = 0;

/**
 * An Action.Execute click exactly as the test driver sends it, but timed around the HTTP request
 * alone: `driver.click` also validates every card it sees, which is test work, not the bot's, and
 * would inflate the figure. The returned card is checked afterwards, outside the timing.
 */
export async function timedInvoke(
  d: Driver,
  person: TestPerson,
  verb: string,
  data: Record<string, unknown>,
  conversationId = d.personalConversation(person),
): Promise<{ ms: number; status: number; card: unknown }> {
  const activity = {
    id: `bench-${++sequence}`,
    timestamp: new Date().toISOString(),
    serviceUrl: d.connector.url,
    channelId: 'msteams',
    from: { id: person.teamsId, name: person.name, aadObjectId: person.aadObjectId },
    recipient: BOT,
    conversation: { tenantId: person.tenantId, id: conversationId, conversationType: conversationId.startsWith('19:') ? 'channel' : 'personal' },
    channelData: { tenant: { id: person.tenantId } },
    locale: 'en-GB',
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
  const start = performance.now();
  const { status, body } = await d.post(activity);
  const ms = performance.now() - start;
  const answer = body as { type?: string; value?: unknown } | undefined;
  const card = answer?.type === 'application/vnd.microsoft.card.adaptive' ? answer.value : undefined;
  if (status !== 200 || !card) throw new Error(`${verb}: expected a card with HTTP 200, got ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  d.checkCards([card]);
  return { ms, status, card };
}
