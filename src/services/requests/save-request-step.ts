import { scopeOf } from '../../db/council-scope.js';
import { writeTransaction } from '../../db/transaction.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import type { DraftPosition } from '../../db/schema/placement-requests.js';
import { isComplete } from '../../domain/placement-request/completeness.js';
import { REQUEST_STEPS, STEP_FIELDS, type RequestStep } from '../../domain/placement-request/fields.js';
import { stepInputFromDraft, validateStep } from '../../domain/placement-request/steps.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import type { ServiceDeps } from '../deps.js';
import { advanceRequest } from './advance-request.js';
import { loadOwnDraft } from './load-request.js';

/** next: validate and go on; review: validate and go to the summary (after an Edit); save: validate and stay; back. */
export const STEP_NAVIGATION = ['next', 'review', 'back', 'save'] as const;
export type StepNavigation = (typeof STEP_NAVIGATION)[number];

export interface SaveStepInput {
  actor: Actor;
  requestId: unknown;
  step: RequestStep;
  /** The version the card was drawn from. */
  version: number;
  nav: StepNavigation;
  /** Untrusted card inputs. */
  input: Record<string, unknown>;
}

export type SaveStepResult =
  | { outcome: 'saved'; request: PlacementRequestRow; warnings: string[] }
  | { outcome: 'invalid'; request: PlacementRequestRow; errors: Record<string, string>; kept: Record<string, string>; warnings: string[] }
  | { outcome: 'stale'; request: PlacementRequestRow };

const ENTERED_MAX_LENGTH = 5000;

/** What was typed for this step, as text, limited to the step's own fields. */
export function enteredFor(step: RequestStep, input: Record<string, unknown>): Record<string, string> | undefined {
  const fields = STEP_FIELDS[step] as readonly string[];
  if (!fields.some((f) => f in input)) return undefined;
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = input[f];
    out[f] = (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '').slice(0, ENTERED_MAX_LENGTH);
  }
  return out;
}

function neighbour(step: RequestStep, direction: 1 | -1): DraftPosition {
  const i = REQUEST_STEPS.indexOf(step) + direction;
  if (i < 0) return REQUEST_STEPS[0];
  return REQUEST_STEPS[i] ?? 'summary';
}

/**
 * One step of the request form: Next validates and moves on, Save validates and stays, Back moves back.
 * Whatever was typed is kept; only valid values become part of the draft. A card for another step or
 * an older version (an old card, a double click) changes nothing.
 */
export async function saveRequestStep(deps: ServiceDeps, input: SaveStepInput): Promise<SaveStepResult> {
  const { actor } = input;
  const request = (await loadOwnDraft(deps, actor, input.requestId));
  requireAction(request, 'edit_draft');
  if (request.version !== input.version || request.position !== input.step) return { outcome: 'stale', request };

  const entered = enteredFor(input.step, input.input);
  const now = deps.clock.now();
  const enteredAll = entered ? { ...request.entered, [input.step]: entered } : request.entered;

  if (input.nav === 'back') {
    const updated = (await persist(deps, actor, request, { entered: enteredAll, position: neighbour(input.step, -1) }, { step: input.step, nav: 'back' }, now));
    return { outcome: 'saved', request: updated, warnings: [] };
  }

  const result = validateStep(input.step, input.input, { today: now, draft: request.draft });
  if (!result.ok) {
    // Keep what was typed even though it is not valid yet, so nothing entered is lost.
    const updated = (await persist(deps, actor, request, { entered: enteredAll }, { step: input.step, nav: input.nav, valid: false }, now));
    return { outcome: 'invalid', request: updated, errors: result.errors, kept: result.kept, warnings: result.warnings };
  }
  const draft = { ...request.draft, [input.step]: result.values };
  // Once valid, the card shows the values as the rules normalised them ("j.s." → "JS").
  const enteredValid = { ...request.entered, [input.step]: stepInputFromDraft(input.step, draft) };
  const position =
    input.nav === 'save' ? input.step : input.nav === 'review' && isComplete(draft).complete ? 'summary' : neighbour(input.step, 1);
  const updated = (await persist(deps, actor, request, { draft, entered: enteredValid, position }, { step: input.step, nav: input.nav, valid: true }, now));
  return { outcome: 'saved', request: updated, warnings: result.warnings };
}

async function persist(
  deps: ServiceDeps,
  actor: Actor,
  request: PlacementRequestRow,
  changes: Partial<Pick<PlacementRequestRow, 'draft' | 'entered' | 'position'>>,
  auditDetails: Record<string, unknown>,
  now: Date,
): Promise<PlacementRequestRow> {
  return writeTransaction(deps.db, async (tx) => {
    const updated = (await advanceRequest(tx, scopeOf(actor), request.id, 'edit_draft', { now, seenVersion: request.version, changes }));
    // Step names only: the audit log never holds the child's details.
    (await appendStaffAudit(tx, now, actor, {
      action: 'request.draft_saved',
      entityType: 'placement_request',
      entityId: request.id,
      details: auditDetails,
    }));
    return updated;
  });
}
