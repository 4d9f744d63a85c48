import type { CouncilScope } from '../../db/council-scope.js';
import { findProviderReply, findReplyArrival, findReplySuperseding, type ProviderReplyRow } from '../../db/repositories/replies.js';
import type { ServiceDeps } from '../deps.js';

/** How a reply reached us: by e-mail, or on the reply page (a correction names the answer it replaces). */
export interface ReplyArrival {
  onReplyPage: boolean;
  /** When the earlier reply-page answer this one corrects was sent. */
  correctsSentAt?: string;
  /** When a later correction on the reply page replaced this answer. */
  supersededAt?: string;
}

export async function replyArrival(deps: ServiceDeps, scope: CouncilScope, reply: ProviderReplyRow): Promise<ReplyArrival> {
  const corrects = reply.supersedesReplyId !== null ? (await findProviderReply(deps.db, scope, reply.supersedesReplyId)) : undefined;
  const correctedBy = (await findReplySuperseding(deps.db, scope, reply.id));
  return {
    onReplyPage: (await findReplyArrival(deps.db, reply))?.routeMethod === 'reply_page',
    ...(corrects ? { correctsSentAt: corrects.createdAt } : {}),
    ...(correctedBy ? { supersededAt: correctedBy.createdAt } : {}),
  };
}
