import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCouncilCommand } from '../../src/cli/commands/councils.js';
import { startBotIdentity, type BotIdentity } from '../support/bot-identity.js';
import { cast, cliSession, importCastStaff, NORTHSHIRE, WESTBAY, type CouncilFixture } from '../support/councils.js';
import { cardText, startDriver, type Driver } from '../support/driver.js';
import type { TestPerson } from '../support/people.js';

let d: Driver;

/**
 * botbuilder's own token validation (no mock of it), pointed at a local OpenID issuer: Northshire has a
 * registration of its own (add-council), and the environment's BOT_ID registration (the setup of before)
 * serves Westbay's tenant.
 */
describe('tokens from the channel, verified against every registration', () => {
  let identity: BotIdentity;
  const ENV_APP = '0e0e0e0e-3333-4333-8333-0000000000ee';

  beforeAll(async () => {
    identity = await startBotIdentity();
    identity.setAppSecret(NORTHSHIRE.tenantId, NORTHSHIRE.appId, 'northshire-secret');
    identity.setAppSecret(WESTBAY.tenantId, ENV_APP, 'environment-secret');
    process.env[NORTHSHIRE.secretEnv] = 'northshire-secret';
    d = await startDriver({
      env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ALLOW_ANONYMOUS_LOCAL: 'false', BOT_ID: ENV_APP, BOT_PASSWORD: 'environment-secret', BOT_TENANT_ID: WESTBAY.tenantId, ...identity.env },
      seedWith: async (db) => {
        (await importCastStaff(db));
        const cli = cliSession(db);
        const args = [NORTHSHIRE.code, '--tenant', NORTHSHIRE.tenantId, '--app-id', NORTHSHIRE.appId, '--secret-env', NORTHSHIRE.secretEnv];
        if ((await addCouncilCommand.run(cli.ctx, args)) !== 0) throw new Error(cli.err.join('\n'));
      },
    });
  });
  afterAll(async () => {
    await d.stop();
    delete process.env[NORTHSHIRE.secretEnv];
    await identity.close();
  });

  function whoami(p: TestPerson, council: Pick<CouncilFixture, 'tenantId'>, botAppId: string) {
    return {
      type: 'message', id: `m-${randomUUID()}`, channelId: 'msteams', serviceUrl: d.connector.url, text: 'whoami', textFormat: 'plain',
      from: { id: p.teamsId, name: p.name, aadObjectId: p.aadObjectId }, recipient: { id: `28:${botAppId}`, name: 'Placement Desk' },
      conversation: { id: `a:personal-${p.aadObjectId}`, conversationType: 'personal', tenantId: council.tenantId },
      channelData: { tenant: { id: council.tenantId } },
    };
  }

  async function send(activity: Record<string, unknown>, authorization?: string) {
    const before = d.connector.sent.length;
    const res = await d.post(activity, authorization === undefined ? {} : { authorization });
    return { ...res, sent: d.connector.sent.slice(before) };
  }

  it("accepts a correctly signed token for a council's own app id and answers as that app", async () => {
    const activity = whoami(cast.northCaseworker, NORTHSHIRE, NORTHSHIRE.appId);
    const r = await send(activity, identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl: activity.serviceUrl }));
    expect(r.status).toBe(200);
    expect(cardText(d.cardsIn(r.sent).at(-1))).toContain(NORTHSHIRE.name);
    for (const s of r.sent) expect(identity.verifyBotToken(s.authorization)).toEqual({ appId: NORTHSHIRE.appId, tenantId: NORTHSHIRE.tenantId });
  });

  it('keeps the single-registration settings working: BOT_ID/BOT_PASSWORD/BOT_TENANT_ID serve their tenant', async () => {
    const activity = whoami(cast.westCaseworker, WESTBAY, ENV_APP);
    const r = await send(activity, identity.channelAuthorization({ appId: ENV_APP, serviceUrl: activity.serviceUrl }));
    expect(r.status).toBe(200);
    const card = cardText(d.cardsIn(r.sent).at(-1));
    expect(card).toContain(WESTBAY.name);
    expect(card).toContain(`deployment's bot registration (app ${ENV_APP})`);
    for (const s of r.sent) expect(identity.verifyBotToken(s.authorization)).toEqual({ appId: ENV_APP, tenantId: WESTBAY.tenantId });
    expect(identity.tokenRequests.filter((t) => t.clientId === ENV_APP).every((t) => t.clientSecret === 'environment-secret')).toBe(true);
  });

  const refusals: Array<[string, (serviceUrl: string) => string | undefined, number]> = [
    ['no Authorization header', () => undefined, 401],
    ['an empty Authorization header', () => '', 401],
    ['an unknown app id', (serviceUrl) => identity.channelAuthorization({ appId: randomUUID(), serviceUrl }), 401],
    ['a wrong audience (the Bot Connector itself)', (serviceUrl) => identity.channelAuthorization({ appId: 'https://api.botframework.com', serviceUrl }), 401],
    ['an expired token', (serviceUrl) => identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl, expiresIn: -3600 }), 401],
    ['a token not valid yet', (serviceUrl) => identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl, notBefore: 3600 }), 401],
    ['a token from another issuer', (serviceUrl) => identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl, issuer: 'https://issuer.evil.example' }), 401],
    [
      "a token from another tenant's Entra issuer",
      (serviceUrl) => identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl, issuer: `https://sts.windows.net/${WESTBAY.tenantId}/`, extraClaims: { tid: WESTBAY.tenantId } }),
      401,
    ],
    ['a forged signature (the published key id, another key)', (serviceUrl) => identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl, forgedKey: true }), 401],
    ['an unsigned token (alg none)', (serviceUrl) => identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl, unsigned: true }), 401],
    ['a key not endorsed for Teams', (serviceUrl) => identity.unendorsedAuthorization({ appId: NORTHSHIRE.appId, serviceUrl }), 401],
    ['a token for another service URL', () => identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl: 'https://smba.trafficmanager.net/emea/' }), 401],
    ['Basic credentials', () => `Basic ${Buffer.from(`${NORTHSHIRE.appId}:northshire-secret`).toString('base64')}`, 401],
    ['a bearer token that is not a JWT', () => 'Bearer not-a-token', 401],
    [
      'a skill token (another bot calling as itself)',
      (serviceUrl) => identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl, issuer: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', extraClaims: { ver: '1.0', appid: randomUUID() } }),
      401,
    ],
    [
      "a valid token whose tenant claim is another tenant's",
      (serviceUrl) => identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl, extraClaims: { tid: WESTBAY.tenantId } }),
      403,
    ],
  ];

  it.each(refusals)('refuses %s (%#) and answers nothing', async (_name, authorization, status) => {
    const activity = whoami(cast.northCaseworker, NORTHSHIRE, NORTHSHIRE.appId);
    const r = await send(activity, authorization(activity.serviceUrl));
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ error: status === 401 ? 'Unauthorized' : 'Forbidden' });
    expect(r.sent).toHaveLength(0);
  });

  it("refuses a token for one council's app carrying another council's tenant, and a user of the environment registration's tenant at a council's app", async () => {
    const intruder = whoami(cast.westCaseworker, WESTBAY, NORTHSHIRE.appId);
    expect((await send(intruder, identity.channelAuthorization({ appId: NORTHSHIRE.appId, serviceUrl: intruder.serviceUrl }))).status).toBe(403);
    const other = whoami(cast.northCaseworker, NORTHSHIRE, ENV_APP);
    expect((await send(other, identity.channelAuthorization({ appId: ENV_APP, serviceUrl: other.serviceUrl }))).status).toBe(403);
  });
});

