import { spawnSync } from 'node:child_process';
import { databaseEnv, storedText } from '../support/test-database.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.js';
import { addCouncilCommand, listCouncilsCommand, reinstateCouncilCommand, removeCouncilCommand, updateCouncilCommand } from '../../src/cli/commands/councils.js';
import { packageAppCommand } from '../../src/cli/commands/package-app.js';
import { auditLog, botRegistrations, councils } from '../../src/db/schema/index.js';
import { verifyAuditChain } from '../../src/db/repositories/audit.js';
import { cliSession, importCastStaff, NORTHSHIRE, WESTBAY } from '../support/councils.js';
import { createTempDb } from '../support/db.js';

const SECRET = 'super-secret-client-value-123';
let t: Awaited<ReturnType<typeof createTempDb>>;
beforeEach(async () => {
  t = (await createTempDb());
  process.env.HALTON_BOT_SECRET = SECRET;
});
afterEach(async () => {
  delete process.env.HALTON_BOT_SECRET;
  await t.cleanup();
});

const HALTON = { code: 'HALTON', name: 'Halton Borough Council', tenantId: '1a2b3c4d-0000-4000-8000-0000000000a1', appId: '1a2b3c4d-1111-4111-8111-0000000000a1' };

async function run(command: typeof addCouncilCommand, args: string[], env: Record<string, string> = {}) {
  const cli = cliSession(t.db, env);
  const code = await command.run(cli.ctx, args);
  return { code, out: cli.out.join('\n'), err: cli.err.join('\n') };
}

const addHalton = (extra: string[] = ['--secret-env', 'HALTON_BOT_SECRET']) =>
  run(addCouncilCommand, [HALTON.code, '--name', HALTON.name, '--tenant', HALTON.tenantId.toUpperCase(), '--app-id', HALTON.appId, ...extra]);

describe('add-council', () => {
  it('creates the council and its registration, audited, with the secret location and never the secret', async () => {
    const r = await addHalton();
    expect(r).toMatchObject({ code: 0, out: 'council created HALTON' });
    expect(r.err).toContain('npm run package -- --council HALTON');
    const reg = (await t.db.select().from(botRegistrations))[0]!;
    expect(reg).toMatchObject({ appId: HALTON.appId, tenantId: HALTON.tenantId, secretSource: 'env', secretRef: 'HALTON_BOT_SECRET' });
    const actions = (await t.db.select().from(auditLog)).map((a) => [a.action, a.actorLabel]);
    expect(actions).toEqual([
      ['council.created', 'cli:add-council'],
      ['bot_registration.added', 'cli:add-council'],
    ]);
    expect((await verifyAuditChain(t.db)).problems).toEqual([]);
    // The secret is nowhere in the database (a SQLite file with its WAL checkpointed, or every PostgreSQL row).
    if (t.db.$dialect === 'sqlite') t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    expect((await storedText(t.path)).includes(SECRET)).toBe(false);
  });

  it('gives an existing council (from the staff import) its registration without renaming it', async () => {
    (await importCastStaff(t.db));
    const r = await run(addCouncilCommand, [WESTBAY.code, '--tenant', WESTBAY.tenantId, '--app-id', WESTBAY.appId, '--secret-file', join(t.dir, 'westbay-secret')]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('registration added to council WESTBAY');
    expect(r.err).toContain(`warning: The file ${join(t.dir, 'westbay-secret')} is file missing here`);
    const renamed = await run(addCouncilCommand, [NORTHSHIRE.code, '--name', 'Another Name', '--tenant', NORTHSHIRE.tenantId, '--app-id', NORTHSHIRE.appId, '--secret-env', 'X']);
    expect(renamed.code).toBe(1);
    expect(renamed.err).toContain('is named "Northshire Borough Council"');
  });

  const base = { '--name': HALTON.name, '--tenant': HALTON.tenantId, '--app-id': HALTON.appId, '--secret-env': 'HALTON_BOT_SECRET' } as Record<string, string | undefined>;
  it.each([
    ['a tenant that is not a GUID', { '--tenant': 'halton.onmicrosoft.com' }, /--tenant: "halton.onmicrosoft.com" is not a GUID/],
    ['an app id that is not a GUID', { '--app-id': 'placement-bot' }, /--app-id: "placement-bot" is not a GUID/],
    ['no name for a new council', { '--name': undefined }, /--name: is required/],
    ['no secret location', { '--secret-env': undefined }, /--secret: say where the client secret is/],
    ['both secret locations', { '--secret-file': '/run/secrets/halton' }, /either --secret-env or --secret-file, not both/],
    ['a relative secret file', { '--secret-env': undefined, '--secret-file': 'secrets/halton' }, /"secrets\/halton" is not an absolute path/],
    ['an environment variable name with a dash', { '--secret-env': 'HALTON-SECRET' }, /not an environment variable name/],
    ['a council code with spaces', { code: 'HALTON BC' }, /Unexpected argument|is not a council code/],
  ] as Array<[string, Record<string, string | undefined>, RegExp]>)('refuses %s and saves nothing', async (_name, change, message) => {
    const { code = HALTON.code, ...flags } = { ...base, ...change };
    const args = [...code.split(' '), ...Object.entries(flags).flatMap(([k, v]) => (v === undefined ? [] : [k, v]))];
    const r = await run(addCouncilCommand, args).catch((err: Error) => ({ code: 2, out: '', err: err.message }));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect((await t.db.select().from(councils))).toHaveLength(0);
    expect((await t.db.select().from(auditLog))).toHaveLength(0);
  });

  it('refuses a secret on the command line, saying where it belongs', async () => {
    await expect(addHalton(['--secret', SECRET])).rejects.toThrow(UsageError);
    await expect(addHalton(['--password', SECRET])).rejects.toThrow(/never given on the command line or kept in the database/);
    expect((await t.db.select().from(councils))).toHaveLength(0);
  });

  it('keeps app ids unique across councils and sends an existing registration to update-council', async () => {
    await addHalton();
    const again = await addHalton();
    expect(again).toMatchObject({ code: 1 });
    expect(again.err).toContain('already has a bot registration. Change it with update-council HALTON');
    const sameApp = await run(addCouncilCommand, ['WIRRAL', '--name', 'Wirral Council', '--tenant', WESTBAY.tenantId, '--app-id', HALTON.appId, '--secret-env', 'W']);
    expect(sameApp.err).toContain(`App id ${HALTON.appId} is already the registration of council HALTON`);
    expect((await t.db.select().from(councils)).map((c) => c.code)).toEqual(['HALTON']);
  });
});

describe('update-council', () => {
  it('changes the registration and records what changed; unchanged values are no change', async () => {
    await addHalton();
    const file = join(t.dir, 'halton-secret');
    writeFileSync(file, 'rotated\n');
    const newApp = '1a2b3c4d-9999-4999-8999-0000000000a1';
    const r = await run(updateCouncilCommand, [HALTON.code, '--app-id', newApp, '--secret-file', file, '--tenant', HALTON.tenantId]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      `council HALTON: app id ${HALTON.appId} → ${newApp}`,
      `council HALTON: secret from environment variable HALTON_BOT_SECRET → file ${file}`,
    ]);
    expect((await t.db.select().from(botRegistrations))[0]).toMatchObject({ appId: newApp, secretSource: 'file', secretRef: file });
    const audit = (await t.db.select().from(auditLog).where(eq(auditLog.action, 'council.updated')))[0]!;
    expect(audit.details).toMatchObject({ code: 'HALTON', changes: { appId: { from: HALTON.appId, to: newApp }, secretSource: { from: 'env', to: 'file' } } });
    expect((await run(updateCouncilCommand, [HALTON.code, '--app-id', newApp])).out).toBe('council HALTON unchanged');
  });

  it('explains what is missing', async () => {
    (await importCastStaff(t.db));
    expect((await run(updateCouncilCommand, ['NOWHERE', '--name', 'x'])).err).toContain('There is no council NOWHERE');
    expect((await run(updateCouncilCommand, [WESTBAY.code])).err).toContain('Nothing to change');
    expect((await run(updateCouncilCommand, [WESTBAY.code, '--app-id', WESTBAY.appId])).err).toContain('has no bot registration yet');
    expect((await run(updateCouncilCommand, [WESTBAY.code, '--name', 'Westbay Borough Council'])).out).toBe('council WESTBAY: name "Westbay Council" → "Westbay Borough Council"');
  });
});

describe('remove-council and reinstate-council', () => {
  it('marks the council removed with the reason, keeps everything, refuses to add it again, and can undo', async () => {
    await addHalton();
    expect((await run(removeCouncilCommand, [HALTON.code])).err).toContain('--reason');
    expect(await run(removeCouncilCommand, [HALTON.code, '--reason', 'Left the FPS'])).toMatchObject({ code: 0 });
    expect((await t.db.select().from(councils))[0]).toMatchObject({ status: 'removed' });
    expect((await t.db.select().from(botRegistrations))).toHaveLength(1);
    expect((await run(removeCouncilCommand, [HALTON.code, '--reason', 'again'])).err).toContain('already removed');
    expect((await addHalton()).err).toContain('Reinstate it first: reinstate-council HALTON');
    const listed = await run(listCouncilsCommand, []);
    expect(listed.out).toMatch(/^HALTON {2}Halton Borough Council {2}\[removed \d{4}-\d{2}-\d{2}\]/);
    expect(await run(reinstateCouncilCommand, [HALTON.code, '--reason', 'Rejoined'])).toMatchObject({ code: 0 });
    expect((await t.db.select().from(councils))[0]).toMatchObject({ status: 'active', removedAt: null });
    const trail = (await t.db.select().from(auditLog)).map((a) => [a.action, (a.details as { reason?: string }).reason ?? null]);
    expect(trail.slice(-2)).toEqual([
      ['council.removed', 'Left the FPS'],
      ['council.reinstated', 'Rejoined'],
    ]);
  });
});

describe('list-councils', () => {
  it('shows each registration and whether its secret is readable here, never the secret', async () => {
    (await importCastStaff(t.db));
    await addHalton();
    const r = await run(listCouncilsCommand, [], { BOT_ID: '0e0e0e0e-3333-4333-8333-0000000000ee', BOT_PASSWORD: 'env-secret-value', BOT_TENANT_ID: WESTBAY.tenantId });
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(
      `HALTON  Halton Borough Council  [active]  tenant ${HALTON.tenantId}  app ${HALTON.appId}  secret environment variable HALTON_BOT_SECRET (readable here)  staff 0  approvals channel not chosen`,
    );
    expect(lines[1]).toBe('NWDEMO  Northshire Borough Council  [active]  no registration of its own  staff 2  approvals channel not chosen');
    expect(lines.at(-1)).toBe(`(environment BOT_ID)  tenant ${WESTBAY.tenantId}  app 0e0e0e0e-3333-4333-8333-0000000000ee  secret BOT_PASSWORD (readable here)  serves staff of any council in that tenant`);
    expect(r.out).not.toContain(SECRET);
    expect(r.out).not.toContain('env-secret-value');
    delete process.env.HALTON_BOT_SECRET;
    expect((await run(listCouncilsCommand, [])).out).toContain('HALTON_BOT_SECRET (not set)');
  });
});

describe('package-app --council', () => {
  it("fills in the council's own app id", async () => {
    await addHalton();
    const outFile = join(t.dir, 'halton.zip');
    const r = await run(packageAppCommand, ['--council', 'halton', '--out', outFile]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`council HALTON, bot ${HALTON.appId}`);
    const manifest = JSON.parse(new AdmZip(outFile).readAsText('manifest.json'));
    expect(manifest.id).toBe(HALTON.appId);
    expect(manifest.bots[0].botId).toBe(HALTON.appId);
  });

  it('refuses an unknown, unregistered or removed council, and --council with --bot-id', async () => {
    (await importCastStaff(t.db));
    await addHalton();
    await expect(run(packageAppCommand, ['--council', 'NOWHERE'])).rejects.toThrow(/There is no council NOWHERE/);
    await expect(run(packageAppCommand, ['--council', WESTBAY.code])).rejects.toThrow(/has no bot registration yet/);
    await expect(run(packageAppCommand, ['--council', 'HALTON', '--bot-id', HALTON.appId])).rejects.toThrow(/not both/);
    await run(removeCouncilCommand, ['HALTON', '--reason', 'gone']);
    await expect(run(packageAppCommand, ['--council', 'HALTON'])).rejects.toThrow(/is removed/);
  });
});

describe('the CLI entry point', () => {
  it('runs add-council and list-councils as an operator would, with exit codes', () => {
    const env = { PATH: process.env.PATH ?? '', ...databaseEnv(t.path), LOG_LEVEL: 'silent', HALTON_BOT_SECRET: SECRET };
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
    const added = cli(['add-council', HALTON.code, '--name', HALTON.name, '--tenant', HALTON.tenantId, '--app-id', HALTON.appId, '--secret-env', 'HALTON_BOT_SECRET']);
    expect(added.status).toBe(0);
    expect(added.stdout).toBe('council created HALTON\n');
    const bad = cli(['add-council', 'X', '--tenant', 'nope']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--tenant: "nope" is not a GUID');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const listed = cli(['list-councils']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('HALTON_BOT_SECRET (readable here)');
    expect(listed.stdout).not.toContain(SECRET);
  });
});
