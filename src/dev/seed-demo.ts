import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transaction.js';
import { countCouncils, findCouncilByCode } from '../db/repositories/staff.js';
import type { Clock } from '../domain/clock.js';
import { importProvidersCsv } from '../services/import-providers.js';
import { importStaffCsv } from '../services/import-staff.js';
import { markDemoData } from '../db/repositories/synthetic-history.js';
import { replaceCouncilArea } from '../db/repositories/regional.js';
import { generateDemoHistory } from '../services/regional/demo-history.js';
import type { ServiceDeps } from '../services/deps.js';
import { projectPath } from '../project-root.js';

export const SEED_DIR = projectPath('seed');
export const DEMO_COUNCIL_CODE = 'NWDEMO';
/** The fictional demo councils stand for real areas (DfE LA codes), so in-area figures mean something in dev mode. */
export const DEMO_COUNCIL_AREAS: Record<string, string[]> = { NWDEMO: ['888'], WESTBAY: ['344'] };
/** A small synthetic history so the dashboards are not empty in dev mode. */
export const DEV_HISTORY = { councils: 23, placements: 800, years: 4 } as const;

export async function isEmptyDatabase(db: Db): Promise<boolean> {
  return (await countCouncils(db)) === 0;
}

/**
 * Loads the project's own fictional demo register and staff (matching the Playground's people).
 * Returns lines to tell the developer what was loaded.
 */
export async function seedDemoData(db: Db, clock: Clock): Promise<string[]> {
  const staff = (await importStaffCsv(db, readFileSync(resolve(SEED_DIR, 'demo-staff.csv'), 'utf8'), { clock, actorLabel: 'dev:seed' }));
  if (!staff.ok) throw new Error(`The demo staff file is invalid: ${staff.message}`);
  const providers = (await importProvidersCsv(db, readFileSync(resolve(SEED_DIR, 'demo-providers.csv'), 'utf8'), { clock, actorLabel: 'dev:seed' }));
  if (!providers.ok) throw new Error(`The demo provider register is invalid: ${providers.message}`);
  (await markDemoData(db, staff.summary.councilsCreated, providers.summary.changes.map((c) => c.providerId)));
  (await writeTransaction(db, async (tx) => {
    for (const [code, areas] of Object.entries(DEMO_COUNCIL_AREAS)) {
      const council = (await findCouncilByCode(tx, code));
      if (council) (await replaceCouncilArea(tx, council.id, areas));
    }
  }));
  return [
    `Loaded demo councils ${staff.summary.councilsCreated.join(', ')} with ${staff.summary.created} staff (seed/demo-staff.csv).`,
    `Loaded the demo provider register: ${providers.summary.created} providers (seed/demo-providers.csv).`,
  ];
}

/** The dev-mode history behind the dashboards: the demo councils and synthetic ones for the rest of the region. */
export async function seedDemoHistory(deps: ServiceDeps): Promise<string[]> {
  const result = (await generateDemoHistory(deps, DEV_HISTORY));
  if (!result.ok) return [`No synthetic history: ${result.message}`];
  return [`Loaded a synthetic history for the dashboards: ${result.placements} placements across ${result.councils} councils (${result.councilsCreated} of them synthetic), ${result.offers} offers.`];
}

export async function demoCouncilId(db: Db): Promise<number> {
  const council = (await findCouncilByCode(db, DEMO_COUNCIL_CODE));
  if (!council) throw new Error(`Demo council ${DEMO_COUNCIL_CODE} is missing from the database`);
  return council.id;
}
