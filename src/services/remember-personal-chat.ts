import { holdPersonalChat, personalChatAsSpokenIn, saveConversationReference } from '../db/repositories/conversations.js';
import { pullForwardHeldMessages } from '../db/repositories/outbox.js';
import type { Actor } from '../db/repositories/staff.js';
import { writeTransaction } from '../db/transaction.js';
import type { ServiceDeps } from './deps.js';

/**
 * Keeps the latest personal-chat reference of a staff member so the bot can tell them things later
 * (a provider replied, an award was approved). Returns true the first time, which is when the bot
 * introduces itself.
 *
 * When a conversation is shared (a dev client with one chat for several people), the person speaking
 * takes it over, and what was held for them while someone else used it is delivered now.
 */
export async function rememberPersonalChat(
  deps: ServiceDeps,
  actor: Actor,
  conversationId: string,
  reference: Record<string, unknown>,
): Promise<{ firstContact: boolean }> {
  const { mine: existing, needsHandover } = (await personalChatAsSpokenIn(deps.db, actor.councilId, actor.staffId, conversationId));
  if (existing && existing.conversationId === conversationId) {
    // The common case (one person, one chat) writes nothing.
    if (!needsHandover) return { firstContact: false };
    const now = deps.clock.now();
    (await writeTransaction(deps.db, async (tx) => {
      (await holdPersonalChat(tx, actor.councilId, actor.staffId, conversationId));
      (await pullForwardHeldMessages(tx, actor.staffId, now));
    }));
    return { firstContact: false };
  }
  const now = deps.clock.now();
  (await writeTransaction(deps.db, async (tx) => {
    (await saveConversationReference(
      tx,
      {
        councilId: actor.councilId,
        purpose: 'personal_chat',
        staffId: actor.staffId,
        conversationId,
        reference,
        registeredByStaffId: actor.staffId,
      },
      now,
    ));
    (await holdPersonalChat(tx, actor.councilId, actor.staffId, conversationId));
    (await pullForwardHeldMessages(tx, actor.staffId, now));
  }));
  return { firstContact: existing === undefined };
}
