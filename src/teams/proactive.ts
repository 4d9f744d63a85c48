import { CardFactory, type Activity, type ConversationReference } from 'botbuilder';
import { registrationForCouncil } from '../services/councils/bot-registrations.js';
import type { ServiceDeps } from '../services/deps.js';
import { ConversationGoneError, PermanentDeliveryError } from '../services/outbox/dispatcher.js';
import type { TeamsMessage, TeamsPoster } from '../services/ports.js';
import { LOCAL_BOT_APP_ID, type TeamsBot } from './app.js';

function toActivity(message: TeamsMessage): Partial<Activity> {
  return {
    type: 'message',
    ...(message.text ? { text: message.text } : {}),
    ...(message.card ? { attachments: [CardFactory.adaptiveCard(message.card)] } : {}),
  };
}

/** A channel thread is addressed as "<channel id>;messageid=<root id>"; replyToId alone does not thread. */
function inThread(reference: Record<string, unknown>, threadRootId: string | undefined): Partial<ConversationReference> {
  const conversation = (reference.conversation ?? {}) as Record<string, unknown>;
  const channelId = String(conversation.id ?? '').split(';messageid=')[0];
  const id = threadRootId ? `${channelId};messageid=${threadRootId}` : channelId;
  return { ...(reference as Partial<ConversationReference>), conversation: { ...conversation, id } as ConversationReference['conversation'] };
}

/**
 * Sends outside a turn through the stored conversation reference, as the council's own bot
 * registration: botbuilder then asks the credentials factory for that app's token. A council without
 * a registration (or a removed one) cannot be posted for: a permanent failure, not a retry.
 */
/** The Bot Connector's answer for a conversation (thread, channel, chat) that no longer exists. */
function isConversationNotFound(err: unknown): boolean {
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown; body?: unknown } | null;
  if (!e) return false;
  const said = `${String(e.code ?? '')} ${String(e.message ?? '')} ${typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? '')}`;
  return e.statusCode === 404 || /ConversationNotFound/.test(said);
}

/**
 * Runs a send through the connector, naming a vanished conversation for what it is. The adapter's turn
 * error handler swallows what the callback throws, so the callback's own failure is caught and rethrown here.
 */
async function addressed(what: string, run: (within: (send: () => Promise<void>) => Promise<void>) => Promise<void>): Promise<void> {
  let failure: unknown;
  const within = async (send: () => Promise<void>) => {
    try {
      await send();
    } catch (err) {
      failure = err;
    }
  };
  await run(within);
  if (failure === undefined) return;
  if (isConversationNotFound(failure)) throw new ConversationGoneError(`Teams no longer has this ${what} (ConversationNotFound)`);
  throw failure;
}

export function createTeamsPoster(bot: TeamsBot, deps: ServiceDeps): TeamsPoster {
  async function appIdFor(councilId: number): Promise<string> {
    if (bot.anonymous) return LOCAL_BOT_APP_ID;
    const registration = (await registrationForCouncil(deps, councilId));
    if (!registration) throw new PermanentDeliveryError('this council has no active bot registration (removed, or never added)');
    return registration.appId;
  }

  async function send(councilId: number, reference: Partial<ConversationReference>, message: TeamsMessage): Promise<{ messageId: string }> {
    let messageId: string | undefined;
    const appId = (await appIdFor(councilId));
    await addressed(String(reference.conversation?.id ?? '').includes(';messageid=') ? 'thread' : 'conversation', (within) =>
      bot.adapter.continueConversationAsync(appId, reference, (context) =>
        within(async () => {
          const response = await context.sendActivity(toActivity(message));
          messageId = response?.id;
        }),
      ),
    );
    if (!messageId) throw new Error('Teams accepted the message but returned no id');
    return { messageId };
  }

  return {
    postToChannel(councilId, reference, message, threadRootId) {
      return send(councilId, inThread(reference, threadRootId), message);
    },
    sendToPersonalChat(councilId, reference, message) {
      return send(councilId, reference as Partial<ConversationReference>, message);
    },
    async updateChannelMessage(councilId, reference, threadRootId, messageId, message) {
      const appId = (await appIdFor(councilId));
      await addressed('thread', (within) =>
        bot.adapter.continueConversationAsync(appId, inThread(reference, threadRootId), (context) =>
          within(async () => {
            await context.updateActivity({ ...toActivity(message), id: messageId });
          }),
        ),
      );
    },
  };
}
