import { CardFactory, type Activity, type ConversationReference } from 'botbuilder';
import type { TeamsMessage, TeamsPoster } from '../services/ports.js';
import type { TeamsBot } from './app.js';

function toActivity(message: TeamsMessage): Partial<Activity> {
  return {
    type: 'message',
    ...(message.text ? { text: message.text } : {}),
    ...(message.card ? { attachments: [CardFactory.adaptiveCard(message.card)] } : {}),
  };
}

/** Sends outside a turn through the stored conversation reference; needs a non-empty bot app id. */
export function createTeamsPoster(bot: TeamsBot): TeamsPoster {
  async function send(reference: Partial<ConversationReference>, message: TeamsMessage): Promise<{ messageId: string }> {
    let messageId: string | undefined;
    await bot.adapter.continueConversationAsync(bot.botAppId, reference, async (context) => {
      const response = await context.sendActivity(toActivity(message));
      messageId = response?.id;
    });
    if (!messageId) throw new Error('Teams accepted the message but returned no id');
    return { messageId };
  }

  return {
    postToChannel(reference, message, threadRootId) {
      const conversation = (reference.conversation ?? {}) as Record<string, unknown>;
      const channelId = String(conversation.id ?? '').split(';messageid=')[0];
      // A channel thread is addressed as "<channel id>;messageid=<root id>"; replyToId alone does not thread.
      const conversationId = threadRootId ? `${channelId};messageid=${threadRootId}` : channelId;
      return send({ ...(reference as Partial<ConversationReference>), conversation: { ...conversation, id: conversationId } as ConversationReference['conversation'] }, message);
    },
    sendToPersonalChat(reference, message) {
      return send(reference as Partial<ConversationReference>, message);
    },
    async updateChannelMessage(reference, threadRootId, messageId, message) {
      const conversation = (reference.conversation ?? {}) as Record<string, unknown>;
      const channelId = String(conversation.id ?? '').split(';messageid=')[0];
      const threaded = { ...(reference as Partial<ConversationReference>), conversation: { ...conversation, id: `${channelId};messageid=${threadRootId}` } as ConversationReference['conversation'] };
      await bot.adapter.continueConversationAsync(bot.botAppId, threaded, async (context) => {
        await context.updateActivity({ ...toActivity(message), id: messageId });
      });
    },
  };
}
