import { scopeOf } from '../../db/council-scope.js';
import { findActorById, type Actor } from '../../db/repositories/staff.js';
import { appraisalGaps, recommendRoute } from '../../domain/appraisal/recommendation.js';
import { canConfirmAppraisal } from '../../domain/appraisal/answers.js';
import { AppError } from '../../domain/errors.js';
import { canAnswerAppraisal } from '../../domain/request-access.js';
import { buildAppraisalRecord } from '../../services/appraisals/appraisal-record.js';
import { askForConfirmation } from '../../services/appraisals/ask-for-confirmation.js';
import { confirmAppraisal } from '../../services/appraisals/confirm-appraisal.js';
import { loadAppraisal, type LoadedAppraisal } from '../../services/appraisals/load-appraisal.js';
import { isAppraisalStep, moveAppraisalTo, saveAppraisalStep } from '../../services/appraisals/save-appraisal-step.js';
import { reviseAppraisal } from '../../services/appraisals/revise-appraisal.js';
import { startAppraisal } from '../../services/appraisals/start-appraisal.js';
import type { ServiceDeps } from '../../services/deps.js';
import { loadVisibleRequest } from '../../services/requests/load-request.js';
import {
  appraisalConfirmationCard,
  appraisalConfirmedCard,
  appraisalScope,
  appraisalRecordCard,
  appraisalReviewCard,
  appraisalStepCard,
  optionInputs,
  preferenceInputs,
} from '../cards/appraisal.js';
import { md, adaptiveCard, execute, heading, notice, scopedInputs, text, type AdaptiveCard, type CardNotice } from '../cards/card.js';
import { cardNavigation, cardVersion, type CardAction } from './card-actions.js';
import type { TextRoute } from './messages.js';
import { sendCard } from '../turn.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { documentOffer } from './documents.js';
import type { DocumentLinkBase } from '../features.js';
import type { DocumentOffer } from '../cards/card.js';

const STALE: CardNotice = { text: 'That card was out of date, so nothing was changed. This is where the appraisal is now.', style: 'warning' };

export async function appraisalRecordFor(deps: ServiceDeps, actor: Actor, key: { id?: unknown; reference?: string }, download?: (request: PlacementRequestRow) => Promise<DocumentOffer>): Promise<AdaptiveCard> {
  const request = (await loadVisibleRequest(deps, actor, key));
  return appraisalRecordCard((await buildAppraisalRecord(deps, scopeOf(actor), request, actor.councilName)), download ? await download(request) : undefined);
}

/** The card for where an appraisal is now, for this viewer. */
export async function currentAppraisalCard(deps: ServiceDeps, actor: Actor, loaded: LoadedAppraisal, notice?: CardNotice): Promise<AdaptiveCard> {
  const { appraisal, request, options } = loaded;
  if (appraisal.status !== 'in_progress') return appraisalRecordFor(deps, actor, { id: request.id });
  const position = appraisal.position;
  const gaps = appraisalGaps(options, appraisal.preference ?? undefined);
  if (isAppraisalStep(position) && canAnswerAppraisal(actor, request)) {
    const stored = position === 'preference' ? preferenceInputs(appraisal.preference) : optionInputs(options.find((o) => o.route === position));
    return appraisalStepCard(request, appraisal, position, {
      values: { ...stored, ...(appraisal.entered[position] ?? {}) },
      notice,
      canReview: gaps.length === 0,
    });
  }
  const recommendation = gaps.length === 0 ? recommendRoute(options, appraisal.preference ?? undefined) : undefined;
  return appraisalReviewCard(request, appraisal, options, recommendation, gaps, { notice, canConfirm: canConfirmAppraisal(actor.roles) });
}

export function appraisalCardActions(deps: ServiceDeps, afterCommit: () => void): CardAction[] {
  return [
    {
      verb: 'appraisal.start',
      handle: async ({ actor, data }) => {
        const { appraisal } = (await startAppraisal(deps, { actor, requestId: data.requestId }));
        return currentAppraisalCard(deps, actor, (await loadAppraisal(deps, actor, appraisal.id)));
      },
    },
    {
      verb: 'appraisal.record',
      handle: async ({ actor, data }) => appraisalRecordFor(deps, actor, { id: data.requestId }),
    },
    {
      verb: 'appraisal.step',
      handle: async ({ actor, data }) => {
        if (!isAppraisalStep(data.step)) throw new AppError('INVALID_INPUT');
        const nav = cardNavigation(data);
        const result = (await saveAppraisalStep(deps, { actor, appraisalId: data.appraisalId, step: data.step, version: cardVersion(data), nav, input: data }));
        const loaded = (await loadAppraisal(deps, actor, result.appraisal.id));
        if (result.outcome === 'stale') return currentAppraisalCard(deps, actor, loaded, STALE);
        if (result.outcome === 'invalid') {
          return appraisalStepCard(loaded.request, loaded.appraisal, data.step, { values: result.kept, errors: result.errors, warnings: result.warnings });
        }
        return currentAppraisalCard(deps, actor, loaded, result.warnings.length ? { text: result.warnings.join('\n\n'), style: 'warning' } : undefined);
      },
    },
    {
      verb: 'appraisal.edit',
      handle: async ({ actor, data }) => {
        if (!isAppraisalStep(data.step)) throw new AppError('INVALID_INPUT');
        const result = (await moveAppraisalTo(deps, { actor, appraisalId: data.appraisalId, version: cardVersion(data), position: data.step }));
        return currentAppraisalCard(deps, actor, (await loadAppraisal(deps, actor, result.appraisal.id)), result.outcome === 'stale' ? STALE : undefined);
      },
    },
    {
      verb: 'appraisal.ask',
      handle: async ({ actor, data }) => {
        const result = (await askForConfirmation(deps, { actor, appraisalId: data.appraisalId, version: cardVersion(data) }));
        const loaded = (await loadAppraisal(deps, actor, result.appraisal.id));
        if (result.outcome === 'stale') return currentAppraisalCard(deps, actor, loaded, STALE);
        afterCommit();
        return currentAppraisalCard(deps, actor, loaded, {
          text: result.channelNotified
            ? 'Sent to your council\'s approvals channel, in this request\'s thread, for a Service Manager or the Head of Service to confirm the route.'
            : `Your council has no approvals channel registered, so ask a Service Manager or the Head of Service to type **appraise ${loaded.request.reference}** to confirm the route.`,
          style: 'good',
        });
      },
    },
    {
      verb: 'appraisal.confirm',
      handle: async ({ actor, data }) => {
        const answers = scopedInputs(data, appraisalScope(Number(data.appraisalId)));
        const result = (await confirmAppraisal(deps, { actor, appraisalId: data.appraisalId, version: cardVersion(data), route: answers.route, reason: answers.reason }));
        const loaded = (await loadAppraisal(deps, actor, result.appraisal.id));
        const { request, options, appraisal } = loaded;
        switch (result.outcome) {
          case 'confirmed': {
            afterCommit();
            return appraisalConfirmedCard(
              request,
              appraisal,
              {
                route: appraisal.confirmedRoute!,
                byName: actor.name,
                role: appraisal.confirmedRole!,
                at: appraisal.confirmedAt!,
                reason: appraisal.confirmationReason!,
                overridesRecommendation: appraisal.overridesRecommendation ?? false,
              },
              result.warnings,
            );
          }
          case 'invalid': {
            const recommendation = recommendRoute(options, appraisal.preference ?? undefined);
            const askedBy = (await findActorById(deps.db, appraisal.createdByStaffId))?.name ?? 'the caseworker';
            return appraisalConfirmationCard(request, appraisal, options, recommendation, askedBy, { confirmErrors: result.errors, confirmKept: result.kept });
          }
          case 'already_confirmed':
            return appraisalRecordFor(deps, actor, { id: request.id });
          case 'stale':
            return currentAppraisalCard(deps, actor, loaded, STALE);
        }
      },
    },
    {
      verb: 'appraisal.revise',
      handle: async ({ actor, data }) => {
        const result = (await reviseAppraisal(deps, { actor, requestId: data.requestId, reason: data.reason }));
        if (result.outcome === 'invalid') return revisionForm(result.request, { reason: typeof data.reason === 'string' ? data.reason : '', error: result.errors.reason });
        const { revision } = result;
        return currentAppraisalCard(deps, actor, (await loadAppraisal(deps, actor, revision.id)), {
          text: md`Revision ${revision.revision} started: check the answers, then ask for the route to be confirmed again. The earlier confirmed revision stays on the record.`,
          style: 'good',
        });
      },
    },
  ];
}

const REF = 'pr-\\d{4}-\\d+';

export function appraisalTextRoutes(deps: ServiceDeps, documents: DocumentLinkBase): TextRoute[] {
  return [
    {
      match: (c) => new RegExp(`^appraise\\s+${REF}$`).test(c),
      handle: async ({ context, actor, command }) => {
        const reference = command.replace(/^appraise\s+/, '');
        const { appraisal } = (await startAppraisal(deps, { actor, reference }));
        await sendCard(context, (await currentAppraisalCard(deps, actor, (await loadAppraisal(deps, actor, appraisal.id)))));
      },
    },
    {
      match: (c) => new RegExp(`^appraisal\\s+${REF}$`).test(c),
      handle: async ({ context, actor, command }) => {
        const download = (request: PlacementRequestRow) => documentOffer(deps, documents, context, actor, request, 'appraisal');
        await sendCard(context, (await appraisalRecordFor(deps, actor, { reference: command.replace(/^appraisal\s+/, '') }, download)));
      },
    },
    {
      match: (c) => new RegExp(`^revise appraisal\\s+${REF}$`).test(c),
      handle: async ({ context, actor, command }) => {
        const request = (await loadVisibleRequest(deps, actor, { reference: command.replace(/^revise appraisal\s+/, '') }));
        await sendCard(context, revisionForm(request));
      },
    },
  ];
}

/** Why the appraisal is revised: asked before a new revision is started (kept and explained when too short). */
function revisionForm(request: { id: number; reference: string | null }, kept: { reason?: string; error?: string } = {}): AdaptiveCard {
  return adaptiveCard(
    [
      ...heading(md`Revise the appraisal of ${request.reference}`),
      text('A confirmed appraisal is never changed: a new revision copies its answers, and the route must be confirmed again. Say why.'),
      ...(kept.error ? [notice(kept.error, 'attention')] : []),
      { type: 'Input.Text', id: 'reason', label: 'Reason for the revision', isMultiline: true, isRequired: true, errorMessage: kept.error ?? 'Give the reason for the revision.', maxLength: 1000, value: kept.reason ?? '' },
    ],
    [execute('Start a revision', 'appraisal.revise', { requestId: request.id })],
  );
}
