import { findApprovalsChannel, findPersonalChat } from '../../db/repositories/conversations.js';
import { findOutboxByDedupKey, type OutboxRow } from '../../db/repositories/outbox.js';
import { findRequestById, setApprovalThread } from '../../db/repositories/placement-requests.js';
import { findActorById } from '../../db/repositories/staff.js';
import type { ServiceDeps } from '../deps.js';
import { PermanentDeliveryError, type OutboxHandler } from './dispatcher.js';
import type { TeamsMessage, TeamsPoster } from '../ports.js';

/**
 * Payload of a `teams.channel_post`: which message (a template the Teams layer renders when it is
 * delivered, so the card shows the state of that moment) for which request's thread.
 */
export interface ChannelPostPayload {
  requestId?: number;
  template: string;
  [key: string]: unknown;
}

/** Payload of a `teams.personal_message`: a message to one staff member's personal chat with the bot. */
export interface PersonalMessagePayload {
  staffId: number;
  template: string;
  [key: string]: unknown;
}

/** Turns an outbox payload into the message to post. Provided by the Teams layer. */
export type OutboxRenderer = (item: OutboxRow) => Promise<TeamsMessage>;

/**
 * Posts into the request's thread in the approvals channel, starting the thread with the first post
 * and remembering its root so every later post for the request lands in the same thread.
 */
export function channelPostHandler(deps: ServiceDeps, poster: TeamsPoster, render: OutboxRenderer): OutboxHandler {
  return {
    async deliver(item) {
      const payload = item.payload as ChannelPostPayload;
      const scope = { councilId: item.councilId };
      const channel = (await findApprovalsChannel(deps.db, item.councilId));
      if (!channel) throw new PermanentDeliveryError('no approvals channel is registered for this council');
      const request = payload.requestId !== undefined ? (await findRequestById(deps.db, scope, payload.requestId)) : undefined;
      if (payload.requestId !== undefined && !request) throw new PermanentDeliveryError('request not found');
      // A thread lives in one channel: if the council has since chosen another channel, start a new thread there.
      const threadPrefix = `${channel.conversationId};messageid=`;
      const threadRootId = request?.approvalThreadId?.startsWith(threadPrefix) ? request.approvalThreadId.slice(threadPrefix.length) : undefined;
      const { messageId } = await poster.postToChannel(item.councilId, channel.reference, await render(item), threadRootId);
      return { messageId, threadRootId: threadRootId ?? messageId, ...(threadRootId ? {} : { newThread: `${threadPrefix}${messageId}` }) };
    },
    async recordSent(tx, item, result) {
      // The first post of a request starts its thread: every later post for the request lands in it.
      const payload = item.payload as ChannelPostPayload;
      if (typeof result.newThread === 'string' && payload.requestId !== undefined) (await setApprovalThread(tx, { councilId: item.councilId }, payload.requestId, result.newThread));
    },
  };
}

export function personalMessageHandler(deps: ServiceDeps, poster: TeamsPoster, render: OutboxRenderer): OutboxHandler {
  return {
    async deliver(item) {
      const payload = item.payload as PersonalMessagePayload;
      // Someone deactivated since the message was queued (they left) is sent nothing more, child data least of all.
      if ((await findActorById(deps.db, payload.staffId))?.active === false) throw new PermanentDeliveryError('this person has been deactivated, so nothing more is sent to them');
      const chat = (await findPersonalChat(deps.db, item.councilId, payload.staffId));
      if (!chat) throw new PermanentDeliveryError('this person has not chatted with the bot yet, so it cannot message them');
      return poster.sendToPersonalChat(item.councilId, chat.reference, await render(item));
    },
  };
}

/**
 * Replaces an earlier channel post (found through the outbox row that posted it) with its current
 * rendering: every copy of an approval card then shows the decision.
 */
export function channelUpdateHandler(deps: ServiceDeps, poster: TeamsPoster, render: OutboxRenderer): OutboxHandler {
  return {
    async deliver(item) {
      const payload = item.payload as { proposalId?: number };
      const channel = (await findApprovalsChannel(deps.db, item.councilId));
      if (!channel) throw new PermanentDeliveryError('no approvals channel is registered for this council');
      const posted = (await findOutboxByDedupKey(deps.db, `approval:${payload.proposalId}`));
      const result = posted?.result as { messageId?: string; threadRootId?: string } | null | undefined;
      if (!result?.messageId || !result.threadRootId) throw new Error('the approval card has not been posted yet');
      await poster.updateChannelMessage(item.councilId, channel.reference, result.threadRootId, result.messageId, await render(item));
      return { updated: result.messageId };
    },
  };
}
