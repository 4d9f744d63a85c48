import type { Tx } from '../../db/client.js';
import { scopeOf } from '../../db/council-scope.js';
import { writeTransaction } from '../../db/transaction.js';
import { saveAppraisalOption, updateAppraisalIfVersion, type AppraisalChanges, type AppraisalRow } from '../../db/repositories/appraisals.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import type { Actor } from '../../db/repositories/staff.js';
import type { AppraisalPosition } from '../../db/schema/appraisals.js';
import { appraisalGaps } from '../../domain/appraisal/recommendation.js';
import { ROUTES, type Route } from '../../domain/appraisal/routes.js';
import { totalAnnualCostPence, validateOption, validatePreference } from '../../domain/appraisal/answers.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { canAnswerAppraisal } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';
import type { StepNavigation } from '../requests/save-request-step.js';
import { advanceRequest } from '../requests/advance-request.js';
import { loadAppraisal } from './load-appraisal.js';
import { regionalFeeEstimate } from '../regional/fee-benchmark.js';
import { calendarDateOf, formatUkDate } from '../../domain/calendar-date.js';
import { formatPounds } from '../../domain/money.js';
import { isLot, isNeedCode, LOT_LABELS } from '../../domain/reference-data.js';

export const APPRAISAL_STEPS: readonly AppraisalPosition[] = [...ROUTES, 'preference', 'review'];

export function isAppraisalStep(value: unknown): value is Route | 'preference' {
  return value === 'preference' || (ROUTES as readonly unknown[]).includes(value);
}

function neighbour(step: AppraisalPosition, direction: 1 | -1): AppraisalPosition {
  const i = Math.max(0, APPRAISAL_STEPS.indexOf(step) + direction);
  return APPRAISAL_STEPS[Math.min(i, APPRAISAL_STEPS.length - 1)]!;
}

const ENTERED_MAX_LENGTH = 5000;

/** The typed values of a card as text, capped, without the card's own navigation data. */
function enteredText(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (['appraisalId', 'version', 'step', 'nav', 'requestId'].includes(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = String(value).slice(0, ENTERED_MAX_LENGTH);
  }
  return out;
}

export type SaveAppraisalResult =
  | { outcome: 'saved'; appraisal: AppraisalRow; warnings: string[] }
  | { outcome: 'invalid'; appraisal: AppraisalRow; errors: Record<string, string>; kept: Record<string, string>; warnings: string[] }
  | { outcome: 'stale'; appraisal: AppraisalRow };

/**
 * One card of the appraisal conversation: a route's answers or the preference. Same contract as the
 * request form: typed text is always kept, valid answers are stored, old cards change nothing, and a
 * confirmed appraisal is read-only.
 */
export async function saveAppraisalStep(
  deps: ServiceDeps,
  input: { actor: Actor; appraisalId: unknown; step: Route | 'preference'; version: number; nav: StepNavigation; input: Record<string, unknown> },
): Promise<SaveAppraisalResult> {
  const { actor } = input;
  const { appraisal, request, options } = (await loadAppraisal(deps, actor, input.appraisalId));
  if (!canAnswerAppraisal(actor, request)) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, "The options appraisal is answered by the request's caseworker or a placements officer.");
  }
  refuseIfNotInProgress(appraisal, request);
  requireAction(request, 'answer_appraisal');
  if (appraisal.version !== input.version || appraisal.position !== input.step) return { outcome: 'stale', appraisal };

  const scope = scopeOf(actor);
  const now = deps.clock.now();
  const entered = { ...appraisal.entered, [input.step]: enteredText(input.input) };

  const commit = (changes: AppraisalChanges, write?: (tx: Tx) => Promise<void>, valid?: boolean) =>
    writeTransaction(deps.db, async (tx) => {
      (await advanceRequest(tx, scope, request.id, 'answer_appraisal', { now }));
      const updated = (await updateAppraisalIfVersion(tx, scope, appraisal.id, appraisal.version, changes));
      if (!updated) return undefined;
      await write?.(tx);
      (await appendStaffAudit(tx, now, actor, {
        action: 'appraisal.answer_saved',
        entityType: 'placement_request',
        entityId: request.id,
        details: { appraisalId: appraisal.id, revision: appraisal.revision, step: input.step, nav: input.nav, valid: valid ?? null },
      }));
      return updated;
    });

  if (input.nav === 'back') {
    const updated = (await commit({ entered, position: neighbour(input.step, -1), updatedAt: now.toISOString() }));
    return updated ? { outcome: 'saved', appraisal: updated, warnings: [] } : { outcome: 'stale', appraisal };
  }

  const result =
    input.step === 'preference'
      ? validatePreference(input.input, { today: now })
      : validateOption(input.step, input.input, { today: now, regionalFee: input.step === 'fps_call_off' ? (await regionalFeeForAppraisal(deps, request)) : undefined });
  if (!result.ok) {
    const updated = (await commit({ entered, updatedAt: now.toISOString() }, undefined, false));
    if (!updated) return { outcome: 'stale', appraisal };
    return { outcome: 'invalid', appraisal: updated, errors: result.errors, kept: result.kept, warnings: result.warnings };
  }

  const answeredOptions = input.step === 'preference' ? options : [...options.filter((o) => o.route !== input.step), result.values as (typeof options)[number]];
  const preference = input.step === 'preference' ? (result.values as AppraisalRow['preference']) : appraisal.preference;
  const complete = appraisalGaps(answeredOptions, preference ?? undefined).length === 0;
  const position: AppraisalPosition = input.nav === 'save' ? input.step : input.nav === 'review' && complete ? 'review' : neighbour(input.step, 1);
  const updated = (await commit(
    { entered, position, updatedAt: now.toISOString(), ...(input.step === 'preference' ? { preference } : {}) },
    async (tx) => {
      if (input.step !== 'preference') {
        const option = result.values as (typeof options)[number];
        (await saveAppraisalOption(tx, scope, appraisal.id, option, totalAnnualCostPence(option)));
      }
    },
    true,
  ));
  return updated ? { outcome: 'saved', appraisal: updated, warnings: result.warnings } : { outcome: 'stale', appraisal };
}

/**
 * The region's median annual fee for the request's lot and primary need (24 months to today), in words for
 * the record, or undefined when the region has too few placements of them (fewer than 5) to say.
 */
export async function regionalFeeForAppraisal(deps: ServiceDeps, request: { lot: number | null; primaryNeed: string | null }): Promise<{ annualPence: number; basis: string } | undefined> {
  if (request.lot === null || request.primaryNeed === null || !isLot(request.lot) || !isNeedCode(request.primaryNeed)) return undefined;
  const estimate = (await regionalFeeEstimate(deps, request.lot, request.primaryNeed, calendarDateOf(deps.clock.now())));
  if (!estimate) return undefined;
  return {
    annualPence: estimate.medianAnnualPence,
    basis: `the regional median for lot ${estimate.lot} (${LOT_LABELS[estimate.lot]}) and ${estimate.need}, ${formatPounds(estimate.medianWeeklyPence)} a week, from ≈${estimate.placementsRounded} placements awarded ${formatUkDate(estimate.from)} to ${formatUkDate(estimate.to)}`,
  };
}

/** Opens a card of an in-progress appraisal (the review's Edit buttons, Back from the review). */
export async function moveAppraisalTo(deps: ServiceDeps, input: { actor: Actor; appraisalId: unknown; version: number; position: AppraisalPosition }) {
  const { appraisal, request } = (await loadAppraisal(deps, input.actor, input.appraisalId));
  if (!canAnswerAppraisal(input.actor, request)) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, "The options appraisal is answered by the request's caseworker or a placements officer.");
  }
  refuseIfNotInProgress(appraisal, request);
  requireAction(request, 'answer_appraisal');
  if (appraisal.version !== input.version) return { outcome: 'stale' as const, appraisal };
  const updated = (await writeTransaction(deps.db, (tx) =>
    updateAppraisalIfVersion(tx, scopeOf(input.actor), appraisal.id, appraisal.version, { position: input.position, updatedAt: deps.clock.now().toISOString() }),
  ));
  return updated ? { outcome: 'moved' as const, appraisal: updated } : { outcome: 'stale' as const, appraisal };
}

/** A confirmed appraisal is read-only: a change is a new, audited revision. */
function refuseIfNotInProgress(appraisal: AppraisalRow, request: { reference: string | null }): void {
  if (appraisal.status !== 'in_progress') {
    throw new AppError(ErrorCodes.RECORD_FROZEN, `This appraisal was confirmed and is now read-only. To change it, start a new revision: **revise appraisal ${request.reference}**.`);
  }
}
