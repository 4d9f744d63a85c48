import { md } from '../cards/card.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { AppError } from '../../domain/errors.js';
import { isRequestStep, type RequestStep } from '../../domain/placement-request/fields.js';
import { canRaiseRequests } from '../../domain/request-access.js';
import type { ServiceDeps } from '../../services/deps.js';
import { applyTypedAnswer, matchTypedAnswer } from '../../services/requests/apply-typed-answer.js';
import { cancelRequest } from '../../services/requests/cancel-request.js';
import { listRequestsFor } from '../../services/requests/list-requests.js';
import { loadVisibleRequest } from '../../services/requests/load-request.js';
import { moveRequestTo } from '../../services/requests/move-request.js';
import { enteredFor, saveRequestStep } from '../../services/requests/save-request-step.js';
import { startRequest } from '../../services/requests/start-request.js';
import { submitRequest } from '../../services/requests/submit-request.js';
import { currentRequestCard } from '../cards/request-current.js';
import { requestStepCard } from '../cards/request-form.js';
import { requestCancelledCard, requestDetailCard, requestListCard, requestSummaryCard } from '../cards/request-view.js';
import { cardNavigation, cardVersion, type CardAction } from './card-actions.js';
import type { TextRoute } from './messages.js';
import { sendCard } from '../turn.js';

const STALE = { text: 'That card was out of date, so nothing was changed. This is where the request is now.', style: 'warning' } as const;

function stepOf(data: Record<string, unknown>): RequestStep {
  if (!isRequestStep(data.step)) throw new AppError('INVALID_INPUT');
  return data.step;
}

export function requestCardActions(deps: ServiceDeps, afterCommit: () => void): CardAction[] {
  const today = () => calendarDateOf(deps.clock.now());
  return [
    {
      verb: 'request.new',
      handle: async ({ actor }) => currentRequestCard((await startRequest(deps, actor)), today(), actor.staffId),
    },
    {
      verb: 'request.list',
      handle: async ({ actor }) => requestListCard((await listRequestsFor(deps, actor)), today(), canRaiseRequests(actor)),
    },
    {
      verb: 'request.open',
      handle: async ({ actor, data }) => currentRequestCard((await loadVisibleRequest(deps, actor, { id: data.requestId })), today(), actor.staffId),
    },
    {
      verb: 'request.step',
      handle: async ({ actor, data }) => {
        const step = stepOf(data);
        const version = cardVersion(data);
        let result;
        try {
          result = (await saveRequestStep(deps, { actor, requestId: data.requestId, step, version, nav: cardNavigation(data), input: data }));
        } catch (err) {
          if (err instanceof AppError) throw err;
          // Storage failed part-way: the transaction rolled back, so show the same step with what was typed.
          deps.log.error({ err, staffId: actor.staffId }, 'saving a request step failed');
          const request = (await loadVisibleRequest(deps, actor, { id: data.requestId }));
          return requestStepCard(request, step, {
            values: enteredFor(step, data) ?? {},
            notice: { text: 'Sorry, I could not save that just now and nothing was changed. Your answers are still here: please try again.', style: 'attention' },
          });
        }
        if (result.outcome === 'stale') return currentRequestCard(result.request, today(), actor.staffId, STALE);
        if (result.outcome === 'invalid') {
          return requestStepCard(result.request, step, { values: result.kept, errors: result.errors, warnings: result.warnings });
        }
        const card = currentRequestCard(result.request, today(), actor.staffId, result.warnings.length ? { text: result.warnings.join('\n\n'), style: 'warning' } : undefined);
        return card;
      },
    },
    {
      verb: 'request.edit',
      handle: async ({ actor, data }) => {
        const result = (await moveRequestTo(deps, { actor, requestId: data.requestId, version: cardVersion(data), position: stepOf(data) }));
        return currentRequestCard(result.request, today(), actor.staffId, result.outcome === 'stale' ? STALE : undefined);
      },
    },
    {
      verb: 'request.submit',
      handle: async ({ actor, data }) => {
        const result = (await submitRequest(deps, { actor, requestId: data.requestId, version: cardVersion(data) }));
        switch (result.outcome) {
          case 'submitted':
            afterCommit();
            return requestDetailCard(result.request, today(), {
              notice: {
                text:
                  md`Submitted as **${result.request.reference}**.` +
                  (result.channelNotified ? " Your council's approvals channel has been told." : ' (Your council has no approvals channel registered yet, so nobody was notified there.)'),
                style: 'good',
              },
            });
          case 'already_submitted':
            return requestDetailCard(result.request, today(), { notice: { text: md`This request was already submitted as ${result.request.reference}.`, style: 'accent' } });
          case 'incomplete':
            return requestSummaryCard(result.request, today(), { missing: result.missing });
          case 'stale':
            return currentRequestCard(result.request, today(), actor.staffId, STALE);
        }
      },
    },
    {
      verb: 'request.cancel',
      handle: async ({ actor, data }) => {
        const result = (await cancelRequest(deps, { actor, requestId: data.requestId, version: cardVersion(data) }));
        return result.outcome === 'cancelled' ? requestCancelledCard(result.request) : currentRequestCard(result.request, today(), actor.staffId, STALE);
      },
    },
  ];
}

export function requestTextRoutes(deps: ServiceDeps): TextRoute[] {
  const today = () => calendarDateOf(deps.clock.now());
  return [
    {
      match: (c) => c === 'new request' || c === 'new placement request' || c === 'raise a request',
      handle: async ({ context, actor }) => void (await sendCard(context, currentRequestCard((await startRequest(deps, actor)), today(), actor.staffId))),
    },
    {
      match: (c) => c === 'my requests' || c === 'requests' || c === 'list requests',
      handle: async ({ context, actor }) => void (await sendCard(context, requestListCard((await listRequestsFor(deps, actor)), today(), canRaiseRequests(actor)))),
    },
    {
      match: (c) => /^(?:(?:open|show|request)\s+)?pr-\d{4}-\d+$/.test(c),
      handle: async ({ context, actor, command }) => {
        const reference = command.replace(/^(?:open|show|request)\s+/, '');
        await sendCard(context, currentRequestCard((await loadVisibleRequest(deps, actor, { reference })), today(), actor.staffId));
      },
    },
    {
      match: (c) => matchTypedAnswer(c) !== undefined,
      handle: async ({ context, actor, rawText }) => {
        const answer = matchTypedAnswer(rawText)!;
        const result = (await applyTypedAnswer(deps, actor, answer));
        if (result.outcome === 'invalid') {
          await context.sendActivity(md`${result.message} Nothing was changed.`);
          return;
        }
        await context.sendActivity(md`Saved on draft request #${result.request.id}. ${result.shown}.`);
        await sendCard(context, currentRequestCard(result.request, today(), actor.staffId));
      },
    },
  ];
}
