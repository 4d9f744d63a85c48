import { appendStaffAudit } from '../db/repositories/audit.js';
import { findApprovalsChannel, saveConversationReference } from '../db/repositories/conversations.js';
import type { Actor } from '../db/repositories/staff.js';
import { AppError, ErrorCodes } from '../domain/errors.js';
import type { ServiceDeps } from './deps.js';
import { writeTransaction } from '../db/transaction.js';

export interface RegisterApprovalsChannelInput {
  actor: Actor;
  conversationType: string | undefined;
  /** The channel's conversation id without any `;messageid=` thread suffix. */
  channelConversationId: string;
  channelName?: string;
  reference: Record<string, unknown>;
}

/** An administrator makes a Teams channel the place where their council's approval threads are posted. */
export async function registerApprovalsChannel(deps: ServiceDeps, input: RegisterApprovalsChannelInput) {
  const { actor } = input;
  if (!actor.roles.includes('admin')) {
    throw new AppError(
      ErrorCodes.FORBIDDEN_ROLE,
      'Only an administrator of your council can choose the approvals channel. Ask your Placement Desk administrator.',
    );
  }
  if (input.conversationType !== 'channel') {
    throw new AppError(
      ErrorCodes.NOT_IN_CHANNEL,
      'Type this in the team channel you want to use (mention me there), not in a personal or group chat.',
    );
  }
  const now = deps.clock.now();
  const previous = (await findApprovalsChannel(deps.db, actor.councilId));
  (await writeTransaction(deps.db, async (tx) => {
    (await saveConversationReference(
      tx,
      {
        councilId: actor.councilId,
        purpose: 'approvals_channel',
        staffId: null,
        conversationId: input.channelConversationId,
        reference: input.reference,
        registeredByStaffId: actor.staffId,
      },
      now,
    ));
    (await appendStaffAudit(tx, now, actor, {
      action: 'approvals_channel.registered',
      entityType: 'council',
      entityId: actor.councilId,
      details: {
        conversationId: input.channelConversationId,
        channelName: input.channelName ?? null,
        replaced: previous?.conversationId ?? null,
      },
    }));
  }));
  deps.log.info({ councilId: actor.councilId, staffId: actor.staffId }, 'approvals channel registered');
  return { replaced: previous !== undefined && previous.conversationId !== input.channelConversationId };
}
