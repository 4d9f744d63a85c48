import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCouncilCommand, removeCouncilCommand } from '../../src/cli/commands/councils.js';
import { auditLog, outbox, placementRequests, staff } from '../../src/db/schema/index.js';
import { addDays, calendarDateOf } from '../../src/domain/calendar-date.js';
import { startBotIdentity, type BotIdentity } from '../support/bot-identity.js';
import { cast, channelOf, cliSession, importCastStaff, NORTHSHIRE, WESTBAY } from '../support/councils.js';
import { cardText, findAction, inputValues, startDriver, type Driver } from '../support/driver.js';
import { REQUEST_ANSWERS, submitRequest } from '../support/flows.js';

/**
 * Two councils, two tenants, two bot registrations, one deployment — with botbuilder's real token
 * validation against a local OpenID issuer, and the bot's own tokens from a local Entra token endpoint.
 */
let identity: BotIdentity;
let dir: string;
let d: Driver;
const westSecretFile = () => join(dir, 'westbay-bot-secret');

beforeAll(async () => {
  identity = await startBotIdentity();
});
afterAll(async () => {
  await identity.close();
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'placement-desk-councils-'));
  identity.tokenRequests.length = 0;
  process.env[NORTHSHIRE.secretEnv] = 'northshire-secret-1';
  writeFileSync(westSecretFile(), 'westbay-secret-1\n');
  identity.setAppSecret(NORTHSHIRE.tenantId, NORTHSHIRE.appId, 'northshire-secret-1');
  identity.setAppSecret(WESTBAY.tenantId, WESTBAY.appId, 'westbay-secret-1');
  d = await startDriver({
    env: { ALLOW_ANONYMOUS_LOCAL: 'false', ...identity.env },
    seedWith: async (db) => {
      (await importCastStaff(db));
      for (const args of [
        [NORTHSHIRE.code, '--name', NORTHSHIRE.name, '--tenant', NORTHSHIRE.tenantId, '--app-id', NORTHSHIRE.appId, '--secret-env', NORTHSHIRE.secretEnv],
        [WESTBAY.code, '--name', WESTBAY.name, '--tenant', WESTBAY.tenantId, '--app-id', WESTBAY.appId, '--secret-file', westSecretFile()],
      ]) {
        const cli = cliSession(db);
        if ((await addCouncilCommand.run(cli.ctx, args)) !== 0) throw new Error(cli.err.join('\n'));
      }
    },
    channelFor: channelOf(identity),
    // Posts are delivered when the test says (settle), so it can remove a council in between.
    deliverOnCommit: false,
  });
});
afterEach(async () => {
  await d.stop();
  delete process.env[NORTHSHIRE.secretEnv];
  rmSync(dir, { recursive: true, force: true });
});

/** Who the bot authenticated as on each call to the connector, checked against the local token endpoint's key. */
function tokensOf(sent: Array<{ authorization?: string }>) {
  return sent.map((s) => identity.verifyBotToken(s.authorization));
}

describe('one deployment, two councils with their own bot registrations', () => {
  it('runs a request through for each council, each in its own channel with its own registration, never crossing', async () => {
    for (const [head, council] of [[cast.northHead, NORTHSHIRE], [cast.westHead, WESTBAY]] as const) {
      const done = await d.sayInChannel(head, 'use this channel for approvals', council.channelId);
      expect(d.textsIn(done).join('\n')).toContain(`approvals channel for ${council.name}`);
      expect(tokensOf(done)).toEqual([{ appId: council.appId, tenantId: council.tenantId }]);
    }

    const north = await submitRequest(d, cast.northCaseworker, { child: { ...REQUEST_ANSWERS.child, caseReference: 'NS-7001', childInitials: 'n.s.' } });
    const west = await submitRequest(d, cast.westCaseworker, { child: { ...REQUEST_ANSWERS.child, caseReference: 'WB-8001', childInitials: 'w.b.' } });
    expect(cardText(north.card)).toContain('Submitted as **PR-2026-0001**');
    expect(cardText(west.card)).toContain('Submitted as **PR-2026-0001**');

    const posted = await d.settle();
    expect(posted.map((p) => p.conversationId).sort()).toEqual([NORTHSHIRE.channelId, WESTBAY.channelId].sort());
    for (const post of posted) {
      const council = post.conversationId === NORTHSHIRE.channelId ? NORTHSHIRE : WESTBAY;
      // The proactive post went out as that council's registration, with a token from its own tenant.
      expect(identity.verifyBotToken(post.authorization)).toEqual({ appId: council.appId, tenantId: council.tenantId });
      const text = cardText(d.cardsIn([post])[0]);
      expect(text).toContain('New placement request PR-2026-0001');
      const [own, other] = council === NORTHSHIRE ? [cast.northCaseworker, cast.westCaseworker] : [cast.westCaseworker, cast.northCaseworker];
      expect(text).toContain(own.name);
      expect(text).not.toContain(other.name);
    }
    // Every call either registration made to the connector carried its own token; nothing went unsigned.
    const all = tokensOf(d.connector.sent);
    expect(all.every((t) => t !== undefined)).toBe(true);
    expect(new Set(all.map((t) => t!.appId))).toEqual(new Set([NORTHSHIRE.appId, WESTBAY.appId]));
    // Secrets came from where each registration says: an environment variable, a file.
    const granted = identity.tokenRequests.filter((r) => r.granted);
    expect(granted.map((r) => [r.clientId, r.tenantId, r.clientSecret, r.scope]).sort()).toEqual(
      [
        [NORTHSHIRE.appId, NORTHSHIRE.tenantId, 'northshire-secret-1', 'https://api.botframework.com/.default'],
        [WESTBAY.appId, WESTBAY.tenantId, 'westbay-secret-1', 'https://api.botframework.com/.default'],
      ].sort(),
    );

    // Each caseworker sees their own council's request only.
    const northList = cardText(d.cardsIn(await d.say(cast.northCaseworker, 'my requests')).at(-1));
    const westList = cardText(d.cardsIn(await d.say(cast.westCaseworker, 'my requests')).at(-1));
    expect(northList).toContain('**PR-2026-0001** · NS ·');
    expect(northList).not.toContain('· WB ·');
    expect(westList).toContain('**PR-2026-0001** · WB ·');
    expect(westList).not.toContain('· NS ·');
    const councilOf = async (requestId: number) => (await d.db.select().from(placementRequests).where(eq(placementRequests.id, requestId)))[0]!.councilId;
    expect((await councilOf(north.requestId))).not.toBe((await councilOf(west.requestId)));
  });

  it('whoami in each council\'s chat shows that council and the registration it came through', async () => {
    const north = cardText(d.cardsIn(await d.say(cast.northCaseworker, 'whoami')).at(-1));
    const west = cardText(d.cardsIn(await d.say(cast.westCaseworker, 'whoami')).at(-1));
    expect(north).toContain(NORTHSHIRE.name);
    expect(north).toContain(`own bot registration (app ${NORTHSHIRE.appId})`);
    expect(north).not.toContain(WESTBAY.name);
    expect(west).toContain(WESTBAY.name);
    expect(west).toContain(`own bot registration (app ${WESTBAY.appId})`);
    expect(west).not.toContain(NORTHSHIRE.name);
  });

  it("each council's administrator adds people in Teams in the council's own tenant; whoami then shows their council, roles, limit and cover", async () => {
    await d.say(cast.northHead, 'hi');
    const list = d.cardsIn(await d.say(cast.northHead, 'staff')).at(-1);
    expect(cardText(list)).toContain(`Northshire Borough Council's tenant (${NORTHSHIRE.tenantId})`);
    const add = (aad: string) =>
      d.click(cast.northHead, 'staff.add', { ...inputValues(list), ...findAction(list, 'staff.add').data, new_name: 'Ola Brennan', new_email: 'ola.brennan@nwdemo.example.org', new_aadObjectId: aad, new_roles: 'service_manager', new_approvalLimit: '£120,000' });
    // In a real tenant an Entra object id is a GUID: the local client's short ids are refused here.
    expect(cardText((await add('aad-7')).card)).toContain("in Northshire Borough Council's tenant it is a GUID");
    const added = await add('A0000000-0000-4000-8000-0000000000AB');
    expect(cardText(added.card)).toContain('Ola Brennan was added');
    const ola = { ...cast.northCaseworker, name: 'Ola Brennan', aadObjectId: 'a0000000-0000-4000-8000-0000000000ab', teamsId: '29:ola' };
    expect((await d.db.select().from(staff).where(eq(staff.aadObjectId, ola.aadObjectId)))[0]).toMatchObject({ tenantId: NORTHSHIRE.tenantId, roles: ['service_manager'], approvalLimit: 120_000 });

    const whoami = cardText(d.cardsIn(await d.say(ola, 'whoami')).at(-1));
    expect(whoami).toContain(NORTHSHIRE.name);
    expect(whoami).toContain('Service Manager');
    expect(whoami).toContain('£120,000 a year');
    expect(whoami).toContain(`own bot registration (app ${NORTHSHIRE.appId})`);
    // Ola arranges cover by Alex; Alex's whoami in Northshire's chat says so, Westbay's staff see nothing of it.
    const coverCard = d.cardsIn(await d.say(ola, 'cover')).at(-1);
    const alexId = (await d.db.select().from(staff).where(eq(staff.aadObjectId, cast.northCaseworker.aadObjectId)))[0]!.id;
    const given = await d.click(ola, 'cover.give', { ...inputValues(coverCard), cover_delegate: String(alexId), cover_startsOn: calendarDateOf(new Date()), cover_endsOn: addDays(calendarDateOf(new Date()), 5) });
    expect(cardText(given.card)).toContain('Alex Wilber covers for you');
    expect(cardText(d.cardsIn(await d.say(cast.northCaseworker, 'whoami')).at(-1))).toContain('Ola Brennan until');
    expect(cardText(d.cardsIn(await d.say(cast.westCaseworker, 'whoami')).at(-1))).not.toContain('Covering for');
    await d.say(cast.westHead, 'hi');
    expect(cardText(d.cardsIn(await d.say(cast.westHead, 'staff')).at(-1))).not.toContain('Ola Brennan');
  });

  it("refuses and audits a user of Westbay's tenant reaching Northshire's registration", async () => {
    const intruder = { ...cast.westCaseworker, council: NORTHSHIRE };
    const before = d.connector.sent.length;
    const sent = await d.postAs(intruder, {
      type: 'message', id: 'cross-1', channelId: 'msteams', serviceUrl: d.connector.url, text: 'my requests',
      from: { id: intruder.teamsId, aadObjectId: intruder.aadObjectId }, recipient: { id: 'x' },
      conversation: { id: 'a:cross', conversationType: 'personal', tenantId: WESTBAY.tenantId },
      channelData: { tenant: { id: WESTBAY.tenantId } },
    });
    expect(sent.status).toBe(403);
    expect(sent.body).toEqual({ error: 'Forbidden' });
    expect(d.connector.sent.length).toBe(before);
    const refused = (await d.db.select().from(auditLog).where(and(eq(auditLog.action, 'access.refused'), eq(auditLog.entityType, 'bot_registration'))));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ entityId: NORTHSHIRE.appId, actorLabel: `teams:${intruder.aadObjectId}@${WESTBAY.tenantId}` });
    expect(refused[0]!.details).toMatchObject({ reason: 'tenant mismatch', registrationTenantId: NORTHSHIRE.tenantId, activityTenantId: WESTBAY.tenantId });

    // Claiming Northshire's tenant in the conversation while the channel data says Westbay is refused the same way.
    const mixed = await d.postAs(intruder, {
      type: 'message', id: 'cross-2', channelId: 'msteams', serviceUrl: d.connector.url, text: 'hi',
      from: { id: intruder.teamsId, aadObjectId: intruder.aadObjectId }, recipient: { id: 'x' },
      conversation: { id: 'a:cross', conversationType: 'personal', tenantId: NORTHSHIRE.tenantId },
      channelData: { tenant: { id: WESTBAY.tenantId } },
    });
    expect(mixed.status).toBe(403);
  });

  it("serves a council's registration to that council's staff only", async () => {
    // On Westbay's staff list but signed in to Northshire's tenant, so Teams routes them to Northshire's bot:
    // a stranger there, shown nothing of either council.
    const sent = await d.say(cast.sharedOfficer, 'my requests');
    expect(cardText(d.cardsIn(sent).at(-1))).toContain("I don't know you yet");
    // A person of Westbay's tenant who is nobody's staff is a stranger at Westbay's bot too.
    expect(cardText(d.cardsIn(await d.say(cast.westStranger, 'hi')).at(-1))).toContain("I don't know you yet");
  });

  it('uses a rotated secret from the next token on, without a restart', async () => {
    await d.sayInChannel(cast.westHead, 'use this channel for approvals', WESTBAY.channelId);
    expect(identity.tokenRequests.filter((r) => r.clientId === WESTBAY.appId).map((r) => r.clientSecret)).toEqual(['westbay-secret-1']);
    // The council's IT rotates the secret in Entra (the old one stops working) and in the file the registration names.
    identity.setAppSecret(WESTBAY.tenantId, WESTBAY.appId, 'westbay-secret-2');
    writeFileSync(westSecretFile(), 'westbay-secret-2\n');
    const after = await d.say(cast.westCaseworker, 'whoami');
    expect(cardText(d.cardsIn(after).at(-1))).toContain(WESTBAY.name);
    expect(tokensOf(after)).toEqual(after.map(() => ({ appId: WESTBAY.appId, tenantId: WESTBAY.tenantId })));
    expect(identity.tokenRequests.filter((r) => r.clientId === WESTBAY.appId).map((r) => [r.clientSecret, r.granted])).toEqual([
      ['westbay-secret-1', true],
      ['westbay-secret-2', true],
    ]);
  });

  it('removing a council keeps its data and refuses its registration, its staff and its posts', async () => {
    await d.sayInChannel(cast.westHead, 'use this channel for approvals', WESTBAY.channelId);
    const { requestId } = await submitRequest(d, cast.westCaseworker);
    const cli = cliSession(d.db);
    expect(await removeCouncilCommand.run(cli.ctx, [WESTBAY.code, '--reason', 'Left the regional FPS'])).toBe(0);

    const refused = await d.postAs(cast.westCaseworker, {
      type: 'message', id: 'removed-1', channelId: 'msteams', serviceUrl: d.connector.url, text: 'my requests',
      from: { id: cast.westCaseworker.teamsId, aadObjectId: cast.westCaseworker.aadObjectId }, recipient: { id: 'x' },
      conversation: { id: 'a:west', conversationType: 'personal', tenantId: WESTBAY.tenantId },
    });
    expect(refused.status).toBe(401);
    // Its thread root, queued before the removal, is not posted as anybody: a permanent failure, kept on the record.
    const posted = await d.settle();
    expect(posted).toHaveLength(0);
    const item = (await d.db.select().from(outbox)).find((o) => o.kind === 'teams.channel_post')!;
    expect(item.status).toBe('dead');
    expect(item.lastError).toContain('no active bot registration');
    expect((await d.db.select().from(placementRequests).where(eq(placementRequests.id, requestId)))[0]).toBeDefined();
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'council.removed')))).toHaveLength(1);
    // Northshire carries on.
    const north = await d.say(cast.northCaseworker, 'whoami');
    expect(cardText(d.cardsIn(north).at(-1))).toContain(NORTHSHIRE.name);
  });
});
