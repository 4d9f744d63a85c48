import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { CalendarDate } from '../../domain/calendar-date.js';
import { isComplete } from '../../domain/placement-request/completeness.js';
import { isRequestStep } from '../../domain/placement-request/fields.js';
import { stepInputFromDraft } from '../../domain/placement-request/steps.js';
import type { AdaptiveCard, CardNotice } from './card.js';
import { requestStepCard } from './request-form.js';
import { requestDetailCard, requestSummaryCard } from './request-view.js';


/** The card for where a request is now: the draft's current step or summary, or the request itself. */
export function currentRequestCard(request: PlacementRequestRow, today: CalendarDate, viewerStaffId: number, notice?: CardNotice): AdaptiveCard {
  if (request.status === 'draft' && request.caseworkerStaffId === viewerStaffId) {
    if (isRequestStep(request.position)) {
      const step = request.position;
      return requestStepCard(request, step, {
        values: { ...stepInputFromDraft(step, request.draft), ...(request.entered[step] ?? {}) },
        notice,
        canReview: isComplete(request.draft).complete,
      });
    }
    return requestSummaryCard(request, today, { notice });
  }
  return requestDetailCard(request, today, { notice });
}
