import { councils, staff } from '../../src/db/schema/index.js';
import type { Db } from '../../src/db/client.js';
import type { StaffRole } from '../../src/domain/reference-data.js';

export interface TestPerson {
  name: string;
  aadObjectId: string;
  tenantId: string;
  /** Teams' per-bot user id. */
  teamsId: string;
}

const TENANT = 'tenant-1';
const person = (name: string, aad: string, tenantId = TENANT): TestPerson => ({ name, aadObjectId: aad, tenantId, teamsId: `29:${aad}` });

/** The cast of the tests: one council with every role, a second council, and a stranger. */
export const people = {
  caseworker: person('Alex Wilber', 'aad-0'),
  placementsOfficer: person('Priya Shah', 'aad-1'),
  serviceManager: person('Sam Okafor', 'aad-2'),
  headOfService: person('Helen Brooks', 'aad-3'),
  otherCaseworker: person('Tom Reilly', 'aad-4'),
  otherAdmin: person('Wendy Clarke', 'aad-5'),
  secondCaseworker: person('Chris Doyle', 'aad-6'),
  stranger: person('Nobody Known', 'aad-999'),
} as const;

export type PersonKey = keyof typeof people;

const ROLES: Partial<Record<PersonKey, { council: 'NWDEMO' | 'WESTBAY'; roles: StaffRole[]; limit: number }>> = {
  caseworker: { council: 'NWDEMO', roles: ['caseworker'], limit: 0 },
  placementsOfficer: { council: 'NWDEMO', roles: ['placements_officer'], limit: 0 },
  serviceManager: { council: 'NWDEMO', roles: ['service_manager'], limit: 150_000 },
  headOfService: { council: 'NWDEMO', roles: ['head_of_service', 'admin'], limit: 0 },
  otherCaseworker: { council: 'WESTBAY', roles: ['caseworker'], limit: 0 },
  otherAdmin: { council: 'WESTBAY', roles: ['admin'], limit: 0 },
  secondCaseworker: { council: 'NWDEMO', roles: ['caseworker'], limit: 0 },
};

/** Inserts the two councils and their staff directly (the staff import has its own tests). */
export async function seedPeople(db: Db): Promise<{ councilIds: Record<'NWDEMO' | 'WESTBAY', number> }> {
  const nw = (await db.insert(councils).values({ code: 'NWDEMO', name: 'Northshire Borough Council' }).returning())[0]!;
  const wb = (await db.insert(councils).values({ code: 'WESTBAY', name: 'Westbay Council' }).returning())[0]!;
  const ids = { NWDEMO: nw.id, WESTBAY: wb.id };
  for (const [key, r] of Object.entries(ROLES)) {
    const p = people[key as PersonKey];
    (await db.insert(staff)
      .values({
        councilId: ids[r.council],
        name: p.name,
        email: `${p.aadObjectId}@example.org`,
        aadObjectId: p.aadObjectId,
        tenantId: p.tenantId,
        roles: r.roles,
        approvalLimit: r.limit,
      }));
  }
  return { councilIds: ids };
}
