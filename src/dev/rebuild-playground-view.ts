import { findApprovalsChannel, holdPersonalChat, saveConversationReference } from '../db/repositories/conversations.js';
import { enqueueOutbox, pullForwardHeldMessages } from '../db/repositories/outbox.js';
import { clearApprovalThread, listRequests } from '../db/repositories/placement-requests.js';
import { findLatestAppraisal } from '../db/repositories/appraisals.js';
import { findPendingProposal } from '../db/repositories/awards.js';
import { listRepliesForRequest } from '../db/repositories/replies.js';
import { findActorByIdentity } from '../db/repositories/staff.js';
import { writeTransaction } from '../db/transaction.js';
import type { ServiceDeps } from '../services/deps.js';
import type { PlaygroundConfig } from './playground.js';

/** Requests with a thread worth showing again: submitted and still moving. */
const OPEN = ['submitted', 'appraisal', 'referrals', 'responses', 'evaluation', 'awaiting_approval'] as const;

/**
 * The Agents Playground keeps no history: after a start (or a switch of person) its channel and chat are
 * empty. Dev mode rebuilds what people should see, through the outbox like any post: each open request
 * of the council gets a new thread (its root says the earlier one is gone), with the cards still waiting
 * in it (the route to confirm, replies to check, the award to decide); and the personal chat of the person
 * the page acts as points at this run's Playground (their welcome card, with what waits for them, comes
 * when the page opens).
 */
export async function rebuildPlaygroundView(deps: ServiceDeps, councilId: number, config: PlaygroundConfig, playgroundPort: number): Promise<{ threads: number; person?: string }> {
  const now = deps.clock.now();
  const run = now.toISOString();
  const scope = { councilId };
  const serviceUrl = `http://localhost:${playgroundPort}/_connector`;
  const person = config.currentUser;
  const actor = (await findActorByIdentity(deps.db, person.aadObjectId, config.tenantId));
  let threads = 0;
  (await writeTransaction(deps.db, async (tx) => {
    if ((await findApprovalsChannel(tx, councilId))) {
      for (const request of (await listRequests(tx, scope, { statuses: OPEN }, 200)).reverse()) {
        // Every submitted request has (or is about to have) a thread; the Playground has none of them now.
        threads += 1;
        (await clearApprovalThread(tx, scope, request.id));
        const post = (key: string, payload: Record<string, unknown>) =>
          enqueueOutbox(tx, { councilId, kind: 'teams.channel_post', dedupKey: `dev-rebuild:${run}:${request.id}:${key}`, payload: { requestId: request.id, ...payload }, at: now });
        (await post('root', { template: 'thread_restarted' }));
        const appraisal = request.status === 'appraisal' ? (await findLatestAppraisal(tx, scope, request.id)) : undefined;
        if (appraisal?.status === 'in_progress' && appraisal.confirmationRequestedAt) (await post('appraisal', { template: 'appraisal_ready', appraisalId: appraisal.id }));
        for (const reply of (await listRepliesForRequest(tx, scope, request.id))) {
          if (reply.status === 'needs_confirmation' || reply.status === 'query') (await post(`reply:${reply.id}`, { template: 'reply_received', replyId: reply.id }));
        }
        const proposal = request.status === 'awaiting_approval' ? (await findPendingProposal(tx, scope, request.id)) : undefined;
        if (proposal) (await post(`proposal:${proposal.id}`, { template: 'approval_request', proposalId: proposal.id }));
      }
    }
    if (actor) {
      // The page's personal chat now belongs to this person, at the Playground's address of this run.
      const conversationId = config.personalChat.id;
      (await saveConversationReference(
        tx,
        {
          councilId: actor.councilId,
          purpose: 'personal_chat',
          staffId: actor.staffId,
          conversationId,
          reference: {
            channelId: 'msteams',
            serviceUrl,
            bot: config.bot,
            user: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
            conversation: { id: conversationId, conversationType: 'personal', tenantId: config.tenantId },
          },
          registeredByStaffId: actor.staffId,
        },
        now,
      ));
      (await holdPersonalChat(tx, actor.councilId, actor.staffId, conversationId));
      // Held messages for them go out now; their welcome card (with what waits for them) comes when the page opens.
      (await pullForwardHeldMessages(tx, actor.staffId, now));
    }
  }));
  return { threads, ...(actor ? { person: actor.name } : {}) };
}
