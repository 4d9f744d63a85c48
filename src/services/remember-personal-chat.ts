import { findPersonalChat, saveConversationReference } from '../db/repositories/conversations.js';
import type { Actor } from '../db/repositories/staff.js';
import type { ServiceDeps } from './deps.js';

/**
 * Keeps the latest personal-chat reference of a staff member so the bot can tell them things later
 * (a provider replied, an award was approved). Returns true the first time, which is when the bot
 * introduces itself.
 */
export async function rememberPersonalChat(
  deps: ServiceDeps,
  actor: Actor,
  conversationId: string,
  reference: Record<string, unknown>,
): Promise<{ firstContact: boolean }> {
  const existing = (await findPersonalChat(deps.db, actor.councilId, actor.staffId));
  if (existing && existing.conversationId === conversationId) return { firstContact: false };
  (await saveConversationReference(
    deps.db,
    {
      councilId: actor.councilId,
      purpose: 'personal_chat',
      staffId: actor.staffId,
      conversationId,
      reference,
      registeredByStaffId: actor.staffId,
    },
    deps.clock.now(),
  ));
  return { firstContact: existing === undefined };
}
