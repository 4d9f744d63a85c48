import type { AdaptiveCardJson } from './cards.js';

/** A message for Teams: text, a card, or both. */
export interface TeamsMessage {
  text?: string;
  card?: AdaptiveCardJson;
}

/**
 * Proactive posting to Teams, behind an interface so services do not depend on the Teams library.
 * References are the stored Bot Framework conversation references; `councilId` is whose post it is,
 * which decides the bot registration it is sent as.
 */
export interface TeamsPoster {
  /** Posts in a channel: a new thread when `threadRootId` is absent, else a reply in that thread. */
  postToChannel(councilId: number, reference: Record<string, unknown>, message: TeamsMessage, threadRootId?: string): Promise<{ messageId: string }>;
  sendToPersonalChat(councilId: number, reference: Record<string, unknown>, message: TeamsMessage): Promise<{ messageId: string }>;
  /** Replaces a message the bot posted in a channel thread (e.g. an approval card once decided). */
  updateChannelMessage(councilId: number, reference: Record<string, unknown>, threadRootId: string, messageId: string, message: TeamsMessage): Promise<void>;
}
