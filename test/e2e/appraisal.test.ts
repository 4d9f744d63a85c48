import { spawnSync } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appraisals, auditLog, placementRequests } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, startDriver, TEAM, type Driver } from '../support/driver.js';
import { clickCard, submitRequest } from '../support/flows.js';
import { waitForQueuedWriters } from '../support/db.js';
import { findActorByIdentity } from '../../src/db/repositories/staff.js';
import { writeTransaction } from '../../src/db/transaction.js';
import { confirmAppraisal } from '../../src/services/appraisals/confirm-appraisal.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');
beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
});
afterEach(async () => {
  await d.stop();
});

const ROUTE_ANSWERS: Record<string, Record<string, string>> = {
  mainstream: { considered: 'true', meetsSectionF: 'no', suitabilityReason: 'Cannot provide 1:1 support all day with SALT.', placeAvailable: 'yes', fee: '', transport: '1,000' },
  resourced_provision: { considered: 'false', notConsideredReason: 'No resourced provision for autism within reach.' },
  maintained_special: { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Meets Section F.', placeAvailable: 'no', fee: '25000' },
  fps_call_off: { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Several FPS schools offer this provision.', placeAvailable: 'yes', fee: '£62,000', transport: '8000', therapies: '4000', travelMinutes: '35' },
  spot_purchase: { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'A local independent school could meet it.', placeAvailable: 'yes', fee: '90000' },
  other: { considered: 'false', notConsideredReason: 'No block-contract place or EOTAS package fits.' },
};
const ROUTE_ORDER = ['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase', 'other'];

async function answerAllRoutes(card: any, p = d.people.caseworker) {
  for (const route of ROUTE_ORDER) {
    expect(cardText(card)).toMatch(/Route \d of 6/);
    card = (await clickCard(d, p, card, 'appraisal.step', ROUTE_ANSWERS[route]!, 'Next')).card;
  }
  expect(cardText(card)).toContain("preference");
  return (await clickCard(d, p, card, 'appraisal.step', { hasPreference: 'false', views: 'Parents want a small school close to home.' }, 'See the recommendation')).card;
}

async function readyForConfirmation() {
  await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
  await d.say(d.people.caseworker, 'hi');
  const { requestId, card } = await submitRequest(d);
  await d.settle();
  const first = await d.click(d.people.caseworker, 'appraisal.start', findAction(card, 'appraisal.start').data);
  const review = await answerAllRoutes(first.card);
  return { requestId, review };
}

describe('options appraisal', () => {
  it('runs as a conversation, recommends with reasons and a cost chart, and an approver confirms the route', async () => {
    const { requestId, review } = await readyForConfirmation();
    const text = cardText(review);
    expect(text).toContain('Recommended route: **FPS call-off');
    expect(text).toMatch(/Lowest cost/i);
    expect(text).toMatch(/mainstream/i);
    const chart = JSON.stringify(review);
    expect(chart).toContain('"type":"Chart.HorizontalBar"');
    expect(chart).toContain('"y":74000');
    expect(text).toMatch(/£74,000/);
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('appraisal');

    const asked = await clickCard(d, d.people.caseworker, review, 'appraisal.ask');
    expect(cardText(asked.card)).toContain("Sent to your council's approvals channel");
    const posted = await d.settle();
    const confirmCard = d.cardsIn(posted)[0];
    expect(posted[0]!.conversationId).toMatch(new RegExp(`^${TEAM.id};messageid=`));
    expect(cardText(confirmCard)).toContain('Options appraisal ready: PR-2026-0001');

    const refused = await clickCard(d, d.people.caseworker, confirmCard, 'appraisal.confirm', { reason: 'I think this is right for the child.' });
    expect(cardText(refused.card)).toContain('Only a Service Manager or the Head of Service can confirm');
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'appraisal.confirmation_refused')))).toHaveLength(1);

    const noReason = await clickCard(d, d.people.serviceManager, confirmCard, 'appraisal.confirm', { reason: '' }, 'Confirm route');
    expect(cardText(noReason.card)).toMatch(/reason/i);
    expect((await d.db.select().from(appraisals))[0]!.status).toBe('in_progress');

    const confirmed = await clickCard(d, d.people.serviceManager, confirmCard, 'appraisal.confirm', { reason: 'Only FPS schools can meet Section F with a place for September.' }, 'Confirm route');
    expect(cardText(confirmed.card)).toContain('Route confirmed: PR-2026-0001');
    expect(cardText(confirmed.card)).toContain('Sam Okafor (Service Manager)');
    expect(cardText(confirmed.card)).toContain('moves on to referrals');
    const request = (await d.db.select().from(placementRequests).where(eq(placementRequests.id, requestId)))[0]!;
    expect(request).toMatchObject({ status: 'referrals', chosenRoute: 'fps_call_off', annualCostPence: 7_400_000 });
    const audit = (await d.db.select().from(auditLog).where(eq(auditLog.action, 'appraisal.confirmed')))[0]!;
    expect(audit.details).toMatchObject({ route: 'fps_call_off', recommendedRoute: 'fps_call_off', role: 'service_manager', overridesRecommendation: false });

    const told = await d.settle();
    expect(told.map((s) => s.conversationId)).toEqual(expect.arrayContaining([d.personalConversation(d.people.caseworker)]));
    expect(told.some((s) => s.conversationId.startsWith(`${TEAM.id};messageid=`))).toBe(true);

    const record = cardText(d.cardsIn(await d.say(d.people.caseworker, 'appraisal PR-2026-0001')).at(-1));
    expect(record).toContain('Confirmed by');
    expect(record).toContain('Sam Okafor (Service Manager)');
    expect(record).toContain('Only FPS schools can meet Section F');

    const twice = await clickCard(d, d.people.headOfService, confirmCard, 'appraisal.confirm', { reason: 'Confirming again by mistake here.' }, 'Confirm route');
    expect(cardText(twice.card)).toContain('Options appraisal: PR-2026-0001');
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'appraisal.confirmed')))).toHaveLength(1);
  });

  it('two approvers confirming at the same moment: one confirms, the other is shown the confirmed record', async () => {
    const { review } = await readyForConfirmation();
    await clickCard(d, d.people.caseworker, review, 'appraisal.ask');
    const confirmCard = d.cardsIn(await d.settle())[0];
    const data = findAction(confirmCard, 'appraisal.confirm', 'Confirm route').data;
    const approvers = await Promise.all([d.people.serviceManager, d.people.headOfService].map(async (p) => (await findActorByIdentity(d.db, p.aadObjectId, p.tenantId))!));
    // Both read the appraisal, then queue for the write lock (held here until both wait).
    let release!: () => void;
    const held = writeTransaction(d.db, () => new Promise<void>((resolve) => (release = resolve)));
    const reason = 'Only FPS schools can meet Section F with a place for September.';
    const clicks = approvers.map((actor) => confirmAppraisal(d.app.deps, { actor, appraisalId: data.appraisalId, version: Number(data.version), route: 'fps_call_off', reason }));
    await waitForQueuedWriters(d.db, 2);
    release();
    await held;
    expect((await Promise.all(clicks)).map((r) => r.outcome).sort()).toEqual(['already_confirmed', 'confirmed']);
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'appraisal.confirmed')))).toHaveLength(1);
  });

  it('is read-only once confirmed; a revision is audited, must be confirmed again, and can close the request on another route', async () => {
    const { review } = await readyForConfirmation();
    const confirmCardSource = await clickCard(d, d.people.caseworker, review, 'appraisal.ask');
    const confirmCard = d.cardsIn(await d.settle())[0];
    await clickCard(d, d.people.headOfService, confirmCard, 'appraisal.confirm', { reason: 'FPS is the only suitable route with a place.' }, 'Confirm route');
    await d.settle();

    const edit = await clickCard(d, d.people.caseworker, confirmCardSource.card, 'appraisal.edit');
    expect(cardText(edit.card)).toContain('read-only');

    const form = d.cardsIn(await d.say(d.people.caseworker, 'revise appraisal PR-2026-0001')).at(-1);
    const tooShort = await clickCard(d, d.people.caseworker, form, 'appraisal.revise', { reason: 'oops' });
    expect(cardText(tooShort.card)).toContain('reason for revising');
    const revised = await clickCard(d, d.people.caseworker, form, 'appraisal.revise', { reason: 'A spot-purchase school has reduced its fee after negotiation.' });
    expect(cardText(revised.card)).toContain('Revision 2 started');
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('appraisal');
    const rows = (await d.db.select().from(appraisals));
    expect(rows.map((r) => [r.revision, r.status])).toEqual([[1, 'confirmed'], [2, 'in_progress']]);

    await clickCard(d, d.people.caseworker, revised.card, 'appraisal.ask');
    const reconfirm = d.cardsIn(await d.settle()).find((c) => cardText(c).includes('Options appraisal ready'));
    expect(cardText(reconfirm)).toContain('Revision 2');
    const override = await clickCard(d, d.people.headOfService, reconfirm, 'appraisal.confirm', { route: 'spot_purchase', reason: 'The family has moved; the spot school is 10 minutes away and agreed.' }, 'Confirm route');
    expect(cardText(override.card)).toContain('Route confirmed');
    expect(cardText(override.card)).toContain('closed on this route');
    const after = (await d.db.select().from(appraisals).orderBy(appraisals.revision));
    expect(after.map((r) => [r.revision, r.status])).toEqual([[1, 'superseded'], [2, 'confirmed']]);
    expect(after[1]!.overridesRecommendation).toBe(true);
    expect((await d.db.select().from(placementRequests))[0]).toMatchObject({ status: 'closed', chosenRoute: 'spot_purchase', annualCostPence: 9_000_000 });
    const trail = (await d.db.select().from(auditLog)).map((a) => a.action);
    expect(trail).toEqual(expect.arrayContaining(['appraisal.revision_started']));

    const out = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'export-appraisal', 'PR-2026-0001'], {
      env: { ...process.env, ...databaseEnv(d.dbPath), LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('# Options appraisal: request PR-2026-0001');
    expect(out.stdout).toContain('## Revision 1 (superseded)');
    expect(out.stdout).toContain('## Revision 2 (confirmed)');
    expect(out.stdout).toContain('Reason for the revision: A spot-purchase school has reduced its fee');
    expect(out.stdout).toContain('The recommendation was not followed');
    expect(out.stdout).toMatch(/\| Mainstream school with support \| yes \| No.*Cannot provide 1:1/);
    expect(out.stdout).toContain('appraisal.confirmed');
  });

  it('is saved part-way and resumes after a restart; wrong answers are explained on the same card', async () => {
    await d.say(d.people.caseworker, 'hi');
    await submitRequest(d);
    // A typed reference may be lower-case and unpadded.
    let card = d.cardsIn(await d.say(d.people.caseworker, 'appraise pr-2026-1')).at(-1);
    expect(cardText(card)).toContain('Route 1 of 6');
    const bad = await clickCard(d, d.people.caseworker, card, 'appraisal.step', { considered: 'true', meetsSectionF: 'perhaps', placeAvailable: '', fee: 'lots', legalGround: 's9_unreasonable_public_expenditure', legalGroundEvidence: '' }, 'Next');
    const badText = cardText(bad.card);
    expect(badText).toContain('Route 1 of 6');
    expect(badText).toMatch(/Please check \d answers/);
    expect(badText).toMatch(/fee/i);
    card = (await clickCard(d, d.people.caseworker, bad.card, 'appraisal.step', { ...ROUTE_ANSWERS.mainstream!, legalGround: '' }, 'Next')).card;
    expect(cardText(card)).toContain('Route 2 of 6');
    card = (await clickCard(d, d.people.caseworker, card, 'appraisal.step', ROUTE_ANSWERS.resourced_provision!, 'Next')).card;
    expect(cardText(card)).toContain('Route 3 of 6');

    await d.restart();
    const resumed = d.cardsIn(await d.say(d.people.caseworker, 'appraise PR-2026-0001')).at(-1);
    expect(cardText(resumed)).toContain('Route 3 of 6');
    const back = await clickCard(d, d.people.caseworker, resumed, 'appraisal.step', {}, 'Back');
    expect(cardText(back.card)).toContain('Route 2 of 6');
    expect(cardText(back.card)).toContain('No resourced provision for autism within reach.');
  });

  it('another council cannot open or confirm it', async () => {
    const { review } = await readyForConfirmation();
    const data = findAction(review, 'appraisal.ask').data;
    const other = await d.click(d.people.otherCaseworker, 'appraisal.confirm', { ...data, route: 'fps_call_off', reason: 'Forged from another council.' });
    expect(cardText(other.card)).toContain('could not find that appraisal');
    const typed = await d.say(d.people.otherCaseworker, 'appraisal PR-2026-0001');
    expect(d.textsIn(typed).join(' ')).toContain('could not find that request');
  });
});
