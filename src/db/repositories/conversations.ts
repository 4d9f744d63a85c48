import { and, eq, ne, or } from 'drizzle-orm';
import { affectedRows, type DbOrTx } from '../client.js';
import { conversationReferences, type ConversationPurpose } from '../schema/conversations.js';

export interface StoredReference {
  councilId: number;
  purpose: ConversationPurpose;
  staffId: number | null;
  conversationId: string;
  reference: Record<string, unknown>;
  registeredByStaffId: number | null;
}

/** One approvals channel per council, one personal chat per staff member: later saves replace earlier ones. */
function ownerKeyOf(ref: Pick<StoredReference, 'councilId' | 'staffId'>): string {
  return ref.staffId === null ? `council:${ref.councilId}` : `staff:${ref.staffId}`;
}

export async function saveConversationReference(tx: DbOrTx, ref: StoredReference, at: Date): Promise<void> {
  (await tx.insert(conversationReferences)
    .values({ ...ref, ownerKey: ownerKeyOf(ref), updatedAt: at.toISOString() })
    .onConflictDoUpdate({
      target: [conversationReferences.purpose, conversationReferences.ownerKey],
      set: {
        conversationId: ref.conversationId,
        holdsConversation: true,
        reference: ref.reference,
        registeredByStaffId: ref.registeredByStaffId,
        updatedAt: at.toISOString(),
      },
    }));
}

export async function findApprovalsChannel(db: DbOrTx, councilId: number) {
  return (await db
    .select()
    .from(conversationReferences)
    .where(
      and(
        eq(conversationReferences.purpose, 'approvals_channel'),
        eq(conversationReferences.ownerKey, ownerKeyOf({ councilId, staffId: null })),
      ),
    ))[0];
}

export async function findPersonalChat(db: DbOrTx, councilId: number, staffId: number) {
  return (await db
    .select()
    .from(conversationReferences)
    .where(
      and(
        eq(conversationReferences.purpose, 'personal_chat'),
        eq(conversationReferences.ownerKey, ownerKeyOf({ councilId, staffId })),
        eq(conversationReferences.councilId, councilId),
      ),
    ))[0];
}

/**
 * A person speaks in their personal chat: they hold it. In Teams each person has their own chat with the bot,
 * but a shared client (the Agents Playground, one page for several people) puts several staff in one
 * conversation id; the others' references stop holding it until they speak there again. Returns whether
 * anything changed (the common case, one person in one chat, changes nothing).
 */
export async function holdPersonalChat(tx: DbOrTx, councilId: number, staffId: number, conversationId: string): Promise<boolean> {
  const others = (await tx
    .update(conversationReferences)
    .set({ holdsConversation: false })
    .where(
      and(
        eq(conversationReferences.purpose, 'personal_chat'),
        eq(conversationReferences.conversationId, conversationId),
        ne(conversationReferences.ownerKey, ownerKeyOf({ councilId, staffId })),
        eq(conversationReferences.holdsConversation, true),
      ),
    ));
  const mine = (await tx
    .update(conversationReferences)
    .set({ holdsConversation: true })
    .where(and(eq(conversationReferences.purpose, 'personal_chat'), eq(conversationReferences.ownerKey, ownerKeyOf({ councilId, staffId })), eq(conversationReferences.holdsConversation, false))));
  return affectedRows(others) + affectedRows(mine) > 0;
}

/**
 * A staff member's personal chat as a message in `conversationId` finds it, in one query: their stored
 * reference (undefined the first time), and whether the chat changes hands now: someone else holds this
 * conversation, or their own reference for it stopped holding it (see holdPersonalChat).
 */
export async function personalChatAsSpokenIn(
  db: DbOrTx,
  councilId: number,
  staffId: number,
  conversationId: string,
): Promise<{ mine: typeof conversationReferences.$inferSelect | undefined; needsHandover: boolean }> {
  const ownerKey = ownerKeyOf({ councilId, staffId });
  const rows = (await db
    .select()
    .from(conversationReferences)
    .where(
      and(
        eq(conversationReferences.purpose, 'personal_chat'),
        or(and(eq(conversationReferences.ownerKey, ownerKey), eq(conversationReferences.councilId, councilId)), eq(conversationReferences.conversationId, conversationId)),
      ),
    ));
  return {
    mine: rows.find((r) => r.ownerKey === ownerKey && r.councilId === councilId),
    needsHandover: rows.filter((r) => r.conversationId === conversationId).some((r) => (r.ownerKey === ownerKey ? !r.holdsConversation : r.holdsConversation)),
  };
}
