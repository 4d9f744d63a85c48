import { and, eq } from 'drizzle-orm';
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

export async function saveConversationReference(tx: DbOrTx, ref: StoredReference, at: Date): Promise<void> {
  (await tx.insert(conversationReferences)
    .values({ ...ref, ownerKey: ownerKeyOf(ref), updatedAt: at.toISOString() })
    .onConflictDoUpdate({
      target: [conversationReferences.purpose, conversationReferences.ownerKey],
      set: {
        conversationId: ref.conversationId,
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
