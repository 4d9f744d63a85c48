import type { CliContext } from '../../src/cli/command.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { systemClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logger.js';
import { importStaffCsv } from '../../src/services/import-staff.js';
import type { BotIdentity } from './bot-identity.js';
import type { TestPerson } from './people.js';

/**
 * Two councils, each with its own Microsoft tenant and its own single-tenant bot registration pointing
 * at the one deployment: the shape of the real North West setup.
 */
export const NORTHSHIRE = {
  code: 'NWDEMO',
  name: 'Northshire Borough Council',
  tenantId: '0a1b2c3d-0000-4000-8000-00000000000a',
  appId: '0a1b2c3d-1111-4111-8111-00000000000a',
  secretEnv: 'NWDEMO_BOT_SECRET',
  channelId: '19:northshire-approvals@thread.tacv2',
} as const;

export const WESTBAY = {
  code: 'WESTBAY',
  name: 'Westbay Council',
  tenantId: '0b1b2c3d-0000-4000-8000-00000000000b',
  appId: '0b1b2c3d-2222-4222-8222-00000000000b',
  channelId: '19:westbay-approvals@thread.tacv2',
} as const;

export type CouncilFixture = typeof NORTHSHIRE | typeof WESTBAY;

const member = (name: string, aad: string, council: CouncilFixture): TestPerson & { council: CouncilFixture } => ({
  name,
  aadObjectId: aad,
  tenantId: council.tenantId,
  teamsId: `29:${aad}`,
  council,
});

export const cast = {
  northCaseworker: member('Alex Wilber', 'a0000000-0000-4000-8000-000000000001', NORTHSHIRE),
  northHead: member('Helen Brooks', 'a0000000-0000-4000-8000-000000000002', NORTHSHIRE),
  westCaseworker: member('Tom Reilly', 'b0000000-0000-4000-8000-000000000001', WESTBAY),
  westHead: member('Wendy Clarke', 'b0000000-0000-4000-8000-000000000002', WESTBAY),
  /** On Westbay's staff list, but with an account in Northshire's tenant (e.g. a shared service): reaches Northshire's bot. */
  sharedOfficer: { ...member('Sam Okafor', 'a0000000-0000-4000-8000-000000000077', NORTHSHIRE) },
  /** A real person of Westbay's tenant, who is nobody's staff. */
  westStranger: member('Nobody Known', 'b0000000-0000-4000-8000-000000000999', WESTBAY),
};

/** The staff spreadsheet of both councils, imported the way an administrator does. */
export async function importCastStaff(db: Db): Promise<void> {
  const rows = [
    ['NWDEMO', NORTHSHIRE.name, cast.northCaseworker, 'caseworker', ''],
    ['NWDEMO', NORTHSHIRE.name, cast.northHead, 'head_of_service;admin', ''],
    ['WESTBAY', WESTBAY.name, cast.westCaseworker, 'caseworker', ''],
    ['WESTBAY', WESTBAY.name, cast.westHead, 'head_of_service;admin', ''],
    ['WESTBAY', WESTBAY.name, cast.sharedOfficer, 'caseworker', ''],
  ] as const;
  const csv = [
    'council_code,council_name,name,email,aad_object_id,tenant_id,roles,approval_limit',
    ...rows.map(([code, name, p, roles, limit]) => `${code},${name},${p.name},${p.aadObjectId.slice(0, 8)}@${code.toLowerCase()}.example.org,${p.aadObjectId},${p.tenantId},${roles},${limit}`),
  ].join('\n');
  const result = (await importStaffCsv(db, csv, { clock: systemClock, actorLabel: 'test' }));
  if (!result.ok) throw new Error(`${result.message}: ${JSON.stringify(result.errors)}`);
}

/** An operator's CLI session on this database, capturing what the command prints. */
export function cliSession(db: Db, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    config: loadConfig({ DB_PATH: ':memory:', ...env }),
    db: async () => db,
    log: createLogger('silent'),
    clock: systemClock,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    progress: () => {},
  };
  return { ctx, out, err };
}

/** How each person's Teams reaches the bot: their council's registration, with a token the channel signed for it. */
export function channelOf(identity: BotIdentity) {
  return (p: TestPerson, activity: Record<string, unknown>) => {
    const council = (p as { council?: CouncilFixture }).council;
    if (!council) return {};
    return {
      recipient: { id: `28:${council.appId}`, name: 'Placement Desk' },
      authorization: identity.channelAuthorization({ appId: council.appId, serviceUrl: String(activity.serviceUrl) }),
    };
  };
}
