import { scopeOf } from '../../db/council-scope.js';
import type { Actor } from '../../db/repositories/staff.js';
import { canConfirmAppraisal } from '../../domain/appraisal/answers.js';
import { recommendRoute } from '../../domain/appraisal/recommendation.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { loadAppraisal } from '../../services/appraisals/load-appraisal.js';
import type { ServiceDeps } from '../../services/deps.js';
import { loadReply } from '../../services/replies/handle-reply.js';
import { triageFor, triageViewerOf } from '../../services/replies/triage.js';
import { myWork } from '../../services/work/my-work.js';
import { loadVisibleProposal } from '../../services/work/open-work.js';
import { nameOfStaff } from '../../services/work/names.js';
import { appraisalConfirmationCard } from '../cards/appraisal.js';
import { messageCard, type AdaptiveCard } from '../cards/card.js';
import { myWorkCard } from '../cards/my-work.js';
import { sendCard } from '../turn.js';
import { appraisalRecordFor, currentAppraisalCard } from './appraisals.js';
import { approvalCardFor } from './awards.js';
import type { CardAction } from './card-actions.js';
import type { TextRoute } from './messages.js';
import { replyCardFor, triageCardFor } from './replies.js';

export async function myWorkCardFor(deps: ServiceDeps, actor: Actor): Promise<AdaptiveCard> {
  return myWorkCard((await myWork(deps, actor)), actor.councilName);
}

/** The card an item of "my work" needs, in whatever chat the button was pressed; its own buttons check authority again. */
async function openWork(deps: ServiceDeps, actor: Actor, data: Record<string, unknown>): Promise<AdaptiveCard> {
  switch (data.kind) {
    case 'confirm_route': {
      const loaded = (await loadAppraisal(deps, actor, data.appraisalId));
      const { appraisal, request, options } = loaded;
      if (appraisal.status !== 'in_progress') return appraisalRecordFor(deps, actor, { id: request.id });
      if (!canConfirmAppraisal(actor.roles) || !appraisal.confirmationRequestedAt) return currentAppraisalCard(deps, actor, loaded);
      return appraisalConfirmationCard(request, appraisal, options, recommendRoute(options, appraisal.preference ?? undefined), (await nameOfStaff(deps, appraisal.createdByStaffId)));
    }
    case 'reply':
      return replyCardFor(deps, scopeOf(actor), (await loadReply(deps, actor, data.replyId)).reply);
    case 'proposal':
      return approvalCardFor(deps, scopeOf(actor), (await loadVisibleProposal(deps, actor, data.proposalId)));
    case 'triage': {
      const [first] = (await triageFor(deps, actor, 1));
      return first ? (await triageCardFor(deps, triageViewerOf(actor), first)) : messageCard('Nothing in triage', 'No messages are waiting in triage.', 'good');
    }
    default:
      throw new AppError(ErrorCodes.INVALID_INPUT);
  }
}

export function workCardActions(deps: ServiceDeps): CardAction[] {
  return [
    { verb: 'work.show', handle: async ({ actor }) => myWorkCardFor(deps, actor) },
    { verb: 'work.open', handle: async ({ actor, data }) => openWork(deps, actor, data) },
  ];
}

export function workTextRoutes(deps: ServiceDeps): TextRoute[] {
  return [
    {
      match: (c) => ['my work', 'work', 'waiting for me', 'what is waiting for me', 'todo', 'to do', 'tasks', 'my tasks'].includes(c),
      handle: async ({ context, actor }) => void (await sendCard(context, (await myWorkCardFor(deps, actor)))),
    },
  ];
}
