import { findApprovalsChannel, findPersonalChat } from '../../db/repositories/conversations.js';
import { enqueueOutbox, findOutboxByDedupKey, type OutboxRow } from '../../db/repositories/outbox.js';
import { findRequestById, setApprovalThread } from '../../db/repositories/placement-requests.js';
import { findActorById, listStaffWithRole } from '../../db/repositories/staff.js';
import { appendAudit } from '../../db/repositories/audit.js';
import type { Tx } from '../../db/client.js';
import type { ServiceDeps } from '../deps.js';
import { ApprovalsChannelGoneError, ConversationGoneError, PermanentDeliveryError, type OutboxHandler } from './dispatcher.js';
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
 *
 * A thread Teams no longer has (deleted, or its root removed) is started again: a new root that says the
 * earlier thread is gone, then the post in it; the new root is remembered, so the posts queued behind this
 * one (same sequence key) follow it there. When the channel itself is gone the post is dead at once and the
 * council's placements officers and administrators are told, once per channel, to choose another.
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
      const message = await render(item);
      if (threadRootId) {
        try {
          const { messageId } = await poster.postToChannel(item.councilId, channel.reference, message, threadRootId);
          return { messageId, threadRootId };
        } catch (err) {
          if (!(err instanceof ConversationGoneError) || !request) throw err;
          deps.log.warn({ outboxId: item.id, requestId: request.id }, 'request thread is gone from Teams: starting it again');
        }
        const restart = await renderRestart(item);
        const restartedRoot = await inChannel(() => poster.postToChannel(item.councilId, channel.reference, restart));
        const { messageId } = await poster.postToChannel(item.councilId, channel.reference, message, restartedRoot.messageId);
        return { messageId, threadRootId: restartedRoot.messageId, newThread: `${threadPrefix}${restartedRoot.messageId}`, restartedFrom: request.approvalThreadId };
      }
      const { messageId } = await inChannel(() => poster.postToChannel(item.councilId, channel.reference, message));
      return { messageId, threadRootId: messageId, ...(request ? { newThread: `${threadPrefix}${messageId}` } : {}) };
    },
    async recordSent(tx, item, result) {
      // The first post of a request starts its thread: every later post for the request lands in it.
      const payload = item.payload as ChannelPostPayload;
      if (typeof result.newThread !== 'string' || payload.requestId === undefined) return;
      (await setApprovalThread(tx, { councilId: item.councilId }, payload.requestId, result.newThread));
      if (typeof result.restartedFrom === 'string') {
        (await appendAudit(tx, deps.clock.now(), {
          councilId: item.councilId,
          actorStaffId: null,
          actorLabel: 'system:outbox',
          action: 'approval_thread.restarted',
          entityType: 'placement_request',
          entityId: String(payload.requestId),
          details: { outboxId: item.id, previousThread: result.restartedFrom, newThread: result.newThread },
        }));
      }
    },
    async recordFailed(tx, item, failure) {
      if (failure.dead && failure.error.startsWith('TEAMS_CHANNEL_GONE')) (await tellChannelGone(deps, tx, item));
    },
  };

  /** The root of a thread started again: the request as it is now, saying its earlier thread is gone. */
  function renderRestart(item: OutboxRow) {
    return render({ ...item, payload: { requestId: (item.payload as ChannelPostPayload).requestId, template: 'thread_restarted' } });
  }
}

/** A post that cannot even start a thread: the channel is gone. */
async function inChannel<T>(post: () => Promise<T>): Promise<T> {
  try {
    return await post();
  } catch (err) {
    if (err instanceof ConversationGoneError) throw new ApprovalsChannelGoneError('the approvals channel is gone from Teams (deleted, archived, or the bot removed)');
    throw err;
  }
}

/** Everyone who can choose a new channel or must know their requests' posts stopped, told once per lost channel. */
async function tellChannelGone(deps: ServiceDeps, tx: Tx, item: OutboxRow): Promise<void> {
  const channel = (await findApprovalsChannel(tx, item.councilId));
  if (!channel) return;
  const now = deps.clock.now();
  const dedup = `channel-gone:${item.councilId}:${channel.conversationId}`;
  const people = new Set<number>();
  for (const role of ['placements_officer', 'admin'] as const) {
    for (const s of (await listStaffWithRole(tx, role))) if (s.councilId === item.councilId) people.add(s.staffId);
  }
  if (channel.registeredByStaffId !== null) people.add(channel.registeredByStaffId);
  const reachable: number[] = [];
  for (const staffId of people) if (await findPersonalChat(tx, item.councilId, staffId)) reachable.push(staffId);
  // Every post queued for the lost channel fails the same way: the people are told (and it is audited) once.
  for (const staffId of reachable) if (await findOutboxByDedupKey(tx, `${dedup}:${staffId}`)) return;
  (await appendAudit(tx, now, {
    councilId: item.councilId,
    actorStaffId: null,
    actorLabel: 'system:outbox',
    action: 'approvals_channel.gone',
    entityType: 'council',
    entityId: String(item.councilId),
    details: { outboxId: item.id, conversationId: channel.conversationId, told: reachable.length },
  }));
  for (const staffId of reachable) {
    (await enqueueOutbox(tx, { councilId: item.councilId, kind: 'teams.personal_message', dedupKey: `${dedup}:${staffId}`, payload: { staffId, template: 'approvals_channel_gone' }, at: now }));
  }
}

export function personalMessageHandler(deps: ServiceDeps, poster: TeamsPoster, render: OutboxRenderer): OutboxHandler {
  return {
    async deliver(item) {
      const payload = item.payload as PersonalMessagePayload;
      // Someone deactivated since the message was queued (they left) is sent nothing more, child data least of all.
      if ((await findActorById(deps.db, payload.staffId))?.active === false) throw new PermanentDeliveryError('this person has been deactivated, so nothing more is sent to them');
      const chat = (await findPersonalChat(deps.db, item.councilId, payload.staffId));
      if (!chat) throw new PermanentDeliveryError('this person has not chatted with the bot yet, so it cannot message them');
      // Someone else now uses this conversation (one shared client for several people): hold the message
      // for its person, who gets it when they are back in the chat (the retry is then pulled forward).
      if (!chat.holdsConversation) throw new Error('held: another person now uses this personal chat; delivered when its person is back');
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
