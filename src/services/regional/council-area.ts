import { appendAudit } from '../../db/repositories/audit.js';
import { writeTransaction } from '../../db/transaction.js';
import { loadCouncilAreas, replaceCouncilArea } from '../../db/repositories/regional.js';
import { findCouncilByCode } from '../../db/repositories/staff.js';
import { isLaCode, localAuthority } from '../../domain/local-authorities.js';
import type { ServiceDeps } from '../deps.js';

export type CouncilAreaResult = { ok: true; councilName: string; areas: string[] } | { ok: false; message: string };

/** An administrator's operator command: which local authorities (DfE LA codes) make up a council's area. */
export async function setCouncilArea(deps: ServiceDeps, input: { councilCode: string; laCodes: string[]; actorLabel: string }): Promise<CouncilAreaResult> {
  const council = (await findCouncilByCode(deps.db, input.councilCode.toUpperCase()));
  if (!council) return { ok: false, message: `No council has the code ${input.councilCode}.` };
  const unknown = input.laCodes.filter((c) => !isLaCode(c));
  if (unknown.length || !input.laCodes.length) return { ok: false, message: `Give DfE LA codes from the reference list (e.g. 895 for Cheshire East)${unknown.length ? `; not known: ${unknown.join(', ')}` : ''}.` };
  const taken = (await loadCouncilAreas(deps.db)).filter((c) => c.councilId !== council.id && c.areaCodes.some((a) => input.laCodes.includes(a)));
  if (taken.length) return { ok: false, message: `Already the area of ${taken.map((c) => c.name).join(', ')}: an area belongs to one council.` };
  const codes = [...new Set(input.laCodes)].sort();
  (await writeTransaction(deps.db, async (tx) => {
    (await replaceCouncilArea(tx, council.id, codes));
    (await appendAudit(tx, deps.clock.now(), { councilId: council.id, actorStaffId: null, actorLabel: input.actorLabel, action: 'council.area_set', entityType: 'council', entityId: String(council.id), details: { laCodes: codes } }));
  }));
  return { ok: true, councilName: council.name, areas: codes.map((c) => `${c} ${localAuthority(c)!.name}`) };
}
