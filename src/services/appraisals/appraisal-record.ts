import type { CouncilScope } from '../../db/council-scope.js';
import { listAppraisalOptions, listAppraisalRevisions } from '../../db/repositories/appraisals.js';
import { auditEntriesFor } from '../../db/repositories/audit.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { findActorById } from '../../db/repositories/staff.js';
import type { AppraisalStatus } from '../../db/schema/appraisals.js';
import { appraisalGaps, recommendRoute, type AppraisalGap, type Recommendation } from '../../domain/appraisal/recommendation.js';
import type { AppraisalOptionValues, PreferenceValues } from '../../domain/appraisal/answers.js';
import type { Route } from '../../domain/appraisal/routes.js';
import type { StaffRole } from '../../domain/reference-data.js';
import type { ServiceDeps } from '../deps.js';

export interface AppraisalRevisionRecord {
  id: number;
  revision: number;
  status: AppraisalStatus;
  revisionReason: string | null;
  startedBy: string;
  startedAt: string;
  options: AppraisalOptionValues[];
  preference: PreferenceValues | null;
  /** As stored at confirmation; for a revision in progress, computed from its answers so far. */
  recommendation: Recommendation | undefined;
  gaps: AppraisalGap[];
  confirmation?: { route: Route; byName: string; role: StaffRole; at: string; reason: string; overridesRecommendation: boolean };
}

export interface AppraisalRecord {
  councilName: string;
  request: PlacementRequestRow;
  revisions: AppraisalRevisionRecord[];
  trail: Array<{ at: string; who: string; action: string; details: Record<string, unknown> }>;
}

/** Everything the appraisal evidence shows: every revision, its answers, recommendation and confirmation, and the audit trail. */
export async function buildAppraisalRecord(deps: ServiceDeps, scope: CouncilScope, request: PlacementRequestRow, councilName: string): Promise<AppraisalRecord> {
  const nameOf = async (id: number | null) => (id === null ? 'system' : ((await findActorById(deps.db, id))?.name ?? `staff #${id}`));
  const revisions = (await Promise.all((await listAppraisalRevisions(deps.db, scope, request.id)).map(async (a): Promise<AppraisalRevisionRecord> => {
    const options = (await listAppraisalOptions(deps.db, scope, a.id));
    const gaps = appraisalGaps(options, a.preference ?? undefined);
    const recommendation = a.recommendation ?? (gaps.length === 0 ? recommendRoute(options, a.preference ?? undefined) : undefined);
    return {
      id: a.id,
      revision: a.revision,
      status: a.status,
      revisionReason: a.revisionReason,
      startedBy: (await nameOf(a.createdByStaffId)),
      startedAt: a.createdAt,
      options,
      preference: a.preference,
      recommendation,
      gaps,
      ...(a.confirmedRoute && a.confirmedAt && a.confirmedRole
        ? {
            confirmation: {
              route: a.confirmedRoute,
              byName: (await nameOf(a.confirmedByStaffId)),
              role: a.confirmedRole,
              at: a.confirmedAt,
              reason: a.confirmationReason ?? '',
              overridesRecommendation: a.overridesRecommendation ?? false,
            },
          }
        : {}),
    };
  })));
  const trail = (await Promise.all((await auditEntriesFor(deps.db, 'placement_request', String(request.id)))
    .filter((e) => e.action.startsWith('appraisal.') || e.action === 'request.submitted')
    .map(async (e) => ({ at: e.at, who: e.actorStaffId === null ? e.actorLabel : (await nameOf(e.actorStaffId)), action: e.action, details: e.details }))));
  return { councilName, request, revisions, trail };
}
