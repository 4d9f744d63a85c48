import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/client.js';
import { countCouncils, findCouncilByCode } from '../db/repositories/staff.js';
import type { Clock } from '../domain/clock.js';
import { importProvidersCsv } from '../services/import-providers.js';
import { importStaffCsv } from '../services/import-staff.js';

export const SEED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../seed');
export const DEMO_COUNCIL_CODE = 'NWDEMO';

export function isEmptyDatabase(db: Db): boolean {
  return countCouncils(db) === 0;
}

/**
 * Loads the project's own fictional demo register and staff (matching the Playground's people).
 * Returns lines to tell the developer what was loaded.
 */
export function seedDemoData(db: Db, clock: Clock): string[] {
  const staff = importStaffCsv(db, readFileSync(resolve(SEED_DIR, 'demo-staff.csv'), 'utf8'), { clock, actorLabel: 'dev:seed' });
  if (!staff.ok) throw new Error(`The demo staff file is invalid: ${staff.message}`);
  const providers = importProvidersCsv(db, readFileSync(resolve(SEED_DIR, 'demo-providers.csv'), 'utf8'), { clock, actorLabel: 'dev:seed' });
  if (!providers.ok) throw new Error(`The demo provider register is invalid: ${providers.message}`);
  return [
    `Loaded demo councils ${staff.summary.councilsCreated.join(', ')} with ${staff.summary.created} staff (seed/demo-staff.csv).`,
    `Loaded the demo provider register: ${providers.summary.created} providers (seed/demo-providers.csv).`,
  ];
}

export function demoCouncilId(db: Db): number {
  const council = findCouncilByCode(db, DEMO_COUNCIL_CODE);
  if (!council) throw new Error(`Demo council ${DEMO_COUNCIL_CODE} is missing from the database`);
  return council.id;
}
