import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
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

export function saveConversationReference(tx: DbOrTx, ref: StoredReference, at: Date): void {
  tx.insert(conversationReferences)
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
    })
    .run();
}

export function findApprovalsChannel(db: DbOrTx, councilId: number) {
  return db
    .select()
    .from(conversationReferences)
    .where(
      and(
        eq(conversationReferences.purpose, 'approvals_channel'),
        eq(conversationReferences.ownerKey, ownerKeyOf({ councilId, staffId: null })),
      ),
    )
    .get();
}

export function findPersonalChat(db: DbOrTx, councilId: number, staffId: number) {
  return db
    .select()
    .from(conversationReferences)
    .where(
      and(
        eq(conversationReferences.purpose, 'personal_chat'),
        eq(conversationReferences.ownerKey, ownerKeyOf({ councilId, staffId })),
        eq(conversationReferences.councilId, councilId),
      ),
    )
    .get();
}

/**
 * A person speaks in their personal chat: they hold it. In Teams each person has their own chat with the bot,
 * but a shared client (the Agents Playground, one page for several people) puts several staff in one
 * conversation id; the others' references stop holding it until they speak there again. Returns whether
 * anything changed (the common case, one person in one chat, changes nothing).
 */
export function holdPersonalChat(tx: DbOrTx, councilId: number, staffId: number, conversationId: string): boolean {
  const others = tx
    .update(conversationReferences)
    .set({ holdsConversation: false })
    .where(
      and(
        eq(conversationReferences.purpose, 'personal_chat'),
        eq(conversationReferences.conversationId, conversationId),
        ne(conversationReferences.ownerKey, ownerKeyOf({ councilId, staffId })),
        eq(conversationReferences.holdsConversation, true),
      ),
    )
    .run().changes;
  const mine = tx
    .update(conversationReferences)
    .set({ holdsConversation: true })
    .where(and(eq(conversationReferences.purpose, 'personal_chat'), eq(conversationReferences.ownerKey, ownerKeyOf({ councilId, staffId })), eq(conversationReferences.holdsConversation, false)))
    .run().changes;
  return others + mine > 0;
}

/** Whether the conversation needs a hand-over: someone else holds it, or this person does not. */
export function personalChatNeedsHandover(db: DbOrTx, councilId: number, staffId: number, conversationId: string): boolean {
  const rows = db
    .select({ ownerKey: conversationReferences.ownerKey, holds: conversationReferences.holdsConversation })
    .from(conversationReferences)
    .where(and(eq(conversationReferences.purpose, 'personal_chat'), eq(conversationReferences.conversationId, conversationId)))
    .all();
  const mine = ownerKeyOf({ councilId, staffId });
  return rows.some((r) => (r.ownerKey === mine ? !r.holds : r.holds));
}
