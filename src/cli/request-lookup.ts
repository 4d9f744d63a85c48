import type { Db } from '../db/client.js';
import { findRequestsByReferenceAcrossCouncils, type PlacementRequestRow } from '../db/repositories/placement-requests.js';
import { findCouncilByCode, findCouncilById } from '../db/repositories/staff.js';
import { UsageError } from './command.js';

/** A request by reference for an operator command; `--council CODE` decides when two councils use the same reference. */
export async function requestForOperator(db: Db, reference: string | undefined, councilCode: string | undefined): Promise<{ request: PlacementRequestRow; councilName: string }> {
  if (!reference || !/^PR-\d{4}-\d+$/i.test(reference)) throw new UsageError('Give a request reference such as PR-2026-0042.');
  let matches = (await findRequestsByReferenceAcrossCouncils(db, reference));
  if (councilCode) {
    const council = (await findCouncilByCode(db, councilCode.toUpperCase()));
    if (!council) throw new UsageError(`No council has the code ${councilCode}.`);
    matches = matches.filter((m) => m.councilId === council.id);
  }
  if (matches.length === 0) throw new UsageError(`No request ${reference.toUpperCase()}${councilCode ? ` in council ${councilCode.toUpperCase()}` : ''}.`);
  if (matches.length > 1) throw new UsageError(`${matches.length} councils have a request ${reference.toUpperCase()}: add --council CODE.`);
  const request = matches[0]!;
  return { request, councilName: (await findCouncilById(db, request.councilId))?.name ?? '' };
}
