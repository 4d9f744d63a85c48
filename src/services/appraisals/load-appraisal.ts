import { scopeOf } from '../../db/council-scope.js';
import { parseId } from '../../domain/ids.js';
import { findAppraisalById, listAppraisalOptions, type AppraisalRow } from '../../db/repositories/appraisals.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { Actor } from '../../db/repositories/staff.js';
import type { AppraisalOptionValues } from '../../domain/appraisal/answers.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { loadVisibleRequest } from '../requests/load-request.js';

export interface LoadedAppraisal {
  appraisal: AppraisalRow;
  request: PlacementRequestRow;
  options: AppraisalOptionValues[];
}

/** An appraisal the actor may see (through its request's visibility), with its answers. */
export async function loadAppraisal(deps: ServiceDeps, actor: Actor, appraisalId: unknown): Promise<LoadedAppraisal> {
  const scope = scopeOf(actor);
  const id = parseId(appraisalId);
  const appraisal = id === undefined ? undefined : (await findAppraisalById(deps.db, scope, id));
  if (!appraisal) throw new AppError(ErrorCodes.NOT_FOUND, 'I could not find that appraisal. Type **my requests** to find the request.');
  const request = (await loadVisibleRequest(deps, actor, { id: appraisal.requestId }));
  return { appraisal, request, options: (await listAppraisalOptions(deps.db, scope, appraisal.id)) };
}
