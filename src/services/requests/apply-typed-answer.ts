import { scopeOf } from '../../db/council-scope.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { listRequests, type PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Actor } from '../../db/repositories/staff.js';
import { calendarDateOf, formatUkDate, parseTypedDate } from '../../domain/calendar-date.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { FIELD_LABELS, type RequestField, type RequestStep } from '../../domain/placement-request/fields.js';
import { stepInputFromDraft, validateStep } from '../../domain/placement-request/steps.js';
import type { ServiceDeps } from '../deps.js';
import { advanceRequest } from './advance-request.js';

/** Phrases a caseworker may type instead of using the card, and the field each one answers. */
const TYPED_FIELDS: Array<{ pattern: RegExp; step: RequestStep; field: RequestField; date?: 'future' | 'past' | 'birth' }> = [
  { pattern: /^(?:required )?start(?:ing)? date$/, step: 'placement', field: 'requiredStartDate', date: 'future' },
  { pattern: /^(?:date of birth|dob|d\.o\.b\.?)$/, step: 'child', field: 'dateOfBirth', date: 'birth' },
  { pattern: /^(?:plan date|ehcp date|date of (?:the )?plan)$/, step: 'needs', field: 'planDate', date: 'past' },
  { pattern: /^(?:assessment request date|date of (?:the )?request for assessment|request for assessment)$/, step: 'needs', field: 'assessmentRequestDate', date: 'past' },
  { pattern: /^(?:review date|annual review(?: date)?|phase[- ]transfer date)$/, step: 'needs', field: 'reviewDate', date: 'future' },
  { pattern: /^(?:postcode|postcode district|home postcode)$/, step: 'child', field: 'homePostcodeDistrict' },
  { pattern: /^(?:initials|child initials|child's initials)$/, step: 'child', field: 'childInitials' },
  { pattern: /^(?:case ref|case reference|case number)$/, step: 'child', field: 'caseReference' },
  { pattern: /^(?:primary need|need)$/, step: 'needs', field: 'primaryNeed' },
  { pattern: /^lot$/, step: 'placement', field: 'lot' },
  { pattern: /^(?:preferred setting|preferred school|parental preference)$/, step: 'placement', field: 'preferredSetting' },
];

/** Recognises "start date 7 Sept 2027" and the like; undefined when the text is not a typed answer. */
export function matchTypedAnswer(text: string): { step: RequestStep; field: RequestField; value: string; date?: 'future' | 'past' | 'birth' } | undefined {
  const words = text.trim().split(/\s+/);
  // Longest phrase first, so "start date 7 Sept" is read as "start date" + "7 Sept".
  for (let n = Math.min(6, words.length - 1); n >= 1; n--) {
    const phrase = words.slice(0, n).join(' ').toLowerCase().replace(/[:=]$/, '');
    const spec = TYPED_FIELDS.find((f) => f.pattern.test(phrase));
    const value = words.slice(n).join(' ').replace(/^(?:[:=]|is\b)\s*/i, '').trim();
    if (spec && value) return { step: spec.step, field: spec.field, value, date: spec.date };
  }
  return undefined;
}

export type TypedAnswerResult =
  | { outcome: 'saved'; request: PlacementRequestRow; field: RequestField; shown: string }
  | { outcome: 'invalid'; request: PlacementRequestRow; field: RequestField; message: string };

/**
 * Applies a typed answer to the caseworker's most recent draft: the value is checked with the same
 * rules as the card; a valid value is stored (and the step's values too once the whole step is valid).
 */
export async function applyTypedAnswer(
  deps: ServiceDeps,
  actor: Actor,
  answer: { step: RequestStep; field: RequestField; value: string; date?: 'future' | 'past' | 'birth' },
): Promise<TypedAnswerResult> {
  const scope = scopeOf(actor);
  const [request] = (await listRequests(deps.db, scope, { caseworkerStaffId: actor.staffId, statuses: ['draft'] }, 1));
  if (!request) {
    throw new AppError(ErrorCodes.NOT_FOUND, 'You have no draft request in progress. Type **new request** to start one.');
  }
  const now = deps.clock.now();
  const today = calendarDateOf(now);
  let value = answer.value.trim();
  if (answer.date) {
    const parsed = parseTypedDate(value, { today, prefer: answer.date === 'future' ? 'future' : 'past', requireYear: answer.date === 'birth' });
    if (!parsed.ok) {
      return { outcome: 'invalid', request, field: answer.field, message: `I could not read "${value.slice(0, 40)}" as a date. Try for example 7 September 2027 or 07/09/2027.` };
    }
    value = parsed.date;
  }
  const input = { ...stepInputFromDraft(answer.step, request.draft), ...(request.entered[answer.step] ?? {}), [answer.field]: value };
  const result = validateStep(answer.step, input, { today: now, draft: request.draft });
  if (!result.ok && result.errors[answer.field]) {
    return { outcome: 'invalid', request, field: answer.field, message: result.errors[answer.field]! };
  }
  const draft = result.ok ? { ...request.draft, [answer.step]: result.values } : request.draft;
  const entered = { ...request.entered, [answer.step]: result.ok ? stepInputFromDraft(answer.step, draft) : input };
  const updated = (await writeTransaction(deps.db, async (tx) => {
    const row = (await advanceRequest(tx, scope, request.id, 'edit_draft', { now, seenVersion: request.version, changes: { entered, draft } }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'request.draft_saved',
      entityType: 'placement_request',
      entityId: request.id,
      details: { step: answer.step, typedField: answer.field, valid: result.ok },
    }));
    return row;
  }));
  return { outcome: 'saved', request: updated, field: answer.field, shown: `${FIELD_LABELS[answer.field]}: ${answer.date ? formatUkDate(value, { weekday: true }) : value}` };
}
