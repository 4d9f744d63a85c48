import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseEnv } from '../support/test-database.js';
import { eq } from 'drizzle-orm';
import { awardProposals, councils, offers } from '../../src/db/schema/index.js';
import { replaceCouncilArea } from '../../src/db/repositories/regional.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, startDriver, TEAM, type Driver } from '../support/driver.js';
import { runCliAsync } from '../support/cli.js';
import { requestWithOffers, seedCallOffProviders } from '../support/flows.js';
import { historyProvider, seedEarlierPlacements } from '../support/regional-history.js';
import { writeTransaction } from '../../src/db/transaction.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
});
afterEach(async () => {
  await d.stop();
});

const WESTBAY_ASD_FEES = [3000, 3100, 3200, 3300, 3400, 3500];

async function councilId(code: string) {
  return (await d.db.select().from(councils).where(eq(councils.code, code)))[0]!.id;
}

describe('fee benchmark at the moment of decision', () => {
  it('on the reply, evaluation and approval cards; the approver sees the figure recorded at the proposal; the evidence pack keeps it', async () => {
    (await seedCallOffProviders(d));
    // Six earlier lot 1 ASD placements elsewhere in the region: median £3,250, quartiles £3,125–£3,375.
    (await seedEarlierPlacements(d.db, 'WESTBAY', WESTBAY_ASD_FEES.map((weeklyPounds, i) => ({ lot: 1, need: 'ASD', weeklyPounds, awardedOn: `2026-0${i + 1}-15` }))));
    // One older than 24 months and one of another need do not count.
    (await seedEarlierPlacements(d.db, 'WESTBAY', [{ lot: 1, need: 'ASD', weeklyPounds: 9000, awardedOn: '2024-06-01' }, { lot: 1, need: 'SEMH', weeklyPounds: 9000, awardedOn: '2026-06-01' }]));
    const { requestId } = await requestWithOffers(d, { larkfield: '3450', moorside: '3300' });

    const replies = d.cardsIn(await d.say(d.people.placementsOfficer, 'replies PR-2026-0001')).map(cardText).join('\n');
    expect(replies).toContain('Regional fee benchmark: £3,450/wk is 6% above the regional median for ASD, 0–16 day (n ≈ 5, last 24 months): median £3,250/wk, middle half £3,125–£3,375. Annual cost £131,100 is 6% above the median of £123,500.');
    expect(replies).toContain('£3,300/wk is 2% above the regional median for ASD, 0–16 day');

    const evaluation = cardText(d.cardsIn(await d.say(d.people.placementsOfficer, 'evaluate PR-2026-0001')).at(-1));
    expect(evaluation).toContain('£3,450/wk is 6% above the regional median');
    expect(evaluation).toContain('£3,300/wk is 2% above the regional median');

    for (const [providerId, mark] of [['FPS-7001', '70'], ['FPS-7002', '80']] as const) {
      const id = (await d.db.select().from(offers).where(eq(offers.providerId, providerId)))[0]!.id;
      await d.click(d.people.placementsOfficer, 'evaluation.mark', { offerId: id, [`mark_${id}`]: mark, [`reason_${id}`]: `Visit and references for ${providerId}.` });
    }
    const moorside = (await d.db.select().from(offers).where(eq(offers.providerId, 'FPS-7002')))[0]!.id;
    await d.click(d.people.placementsOfficer, 'award.propose', { requestId, offerId: moorside, [`rationale_${moorside}`]: 'Highest score and a September place for the needs in Section F.' });
    const posted = await d.settle();
    const approval = d.cardsIn(posted).find((c) => cardText(c).includes('Award proposal for PR-2026-0001'))!;
    const recorded = '£3,300/wk is 2% above the regional median for ASD, 0–16 day (n ≈ 5, last 24 months): median £3,250/wk, middle half £3,125–£3,375.';
    expect(cardText(approval)).toContain(recorded);
    expect(cardText(approval)).toContain('As it stood when the award was proposed');
    expect((await d.db.select().from(awardProposals).where(eq(awardProposals.requestId, requestId)))[0]!.feeBenchmark).toMatchObject({ status: 'ok', weekly: { median: 325_000 }, weeklyDifferencePct: 2 });

    // More placements arrive before the decision: the approver still sees (and the record keeps) the figure of the proposal.
    (await seedEarlierPlacements(d.db, 'WESTBAY', [1, 2, 3, 4].map((i) => ({ lot: 1, need: 'ASD', weeklyPounds: 2000, awardedOn: `2026-10-0${i}` }))));
    const action = findAction(approval, 'approval.decide', 'Approve');
    const decided = await d.click(d.people.serviceManager, 'approval.decide', { ...action.data, reason: '' }, { conversationId: TEAM.id });
    expect(cardText(decided.card)).toContain('Approved by Sam Okafor');
    expect(cardText(decided.card)).toContain(recorded);
    const liveNow = cardText(d.cardsIn(await d.say(d.people.placementsOfficer, 'replies PR-2026-0001')).at(-1));
    expect(liveNow).toMatch(/n ≈ 10, last 24 months/);

    await d.settle();
    const evidence = await runCliAsync(['evidence', 'PR-2026-0001', '--council', 'NWDEMO'], { ...databaseEnv(d.dbPath) });
    expect(evidence.status, evidence.stderr).toBe(0);
    expect(evidence.stdout).toContain(`Regional fee benchmark shown to the approver: ${recorded}`);
  });

  it('says there is not enough regional data yet below 5 placements', async () => {
    (await seedCallOffProviders(d));
    (await seedEarlierPlacements(d.db, 'WESTBAY', [3000, 3100, 3200, 3300].map((weeklyPounds) => ({ lot: 1, need: 'ASD', weeklyPounds, awardedOn: '2026-05-01' }))));
    await requestWithOffers(d);
    const replies = d.cardsIn(await d.say(d.people.placementsOfficer, 'replies PR-2026-0001')).map(cardText).join('\n');
    expect(replies).toContain('Regional fee benchmark: Not enough regional data yet for ASD, 0–16 day (fewer than 5 placements in the last 24 months).');
    expect(replies).not.toMatch(/regional median/);
  });
});

describe('dashboards in Teams', () => {
  beforeEach(async () => {
    const providers = [historyProvider('HIST-1', 'Lancashire', 'Fellgate School'), historyProvider('HIST-2', 'Wirral', 'Shoreline School'), historyProvider('HIST-3', 'Derbyshire', 'Peakview School')];
    const [northshire, westbay] = [await councilId('NWDEMO'), await councilId('WESTBAY')];
    await writeTransaction(d.db, async (tx) => {
      await replaceCouncilArea(tx, northshire, ['888']);
      await replaceCouncilArea(tx, westbay, ['344']);
    });
    // Northshire: 7 lot 1 ASD placements (5 in area, 2 out), with declines. Westbay: 3 lot 2 SEMH placements.
    (await seedEarlierPlacements(
      d.db,
      'NWDEMO',
      [0, 0, 0, 0, 0, 2, 2].map((provider, i) => ({ lot: 1, need: 'ASD', weeklyPounds: 2000 + i * 100, awardedOn: `2026-0${i + 1}-10`, provider, declines: i < 3 ? (['no_place', 'needs_not_met'] as const).slice() : [] })),
      providers,
    ));
    (await seedEarlierPlacements(d.db, 'WESTBAY', [0, 1, 2].map((i) => ({ lot: 2, need: 'SEMH', weeklyPounds: 4800 + i * 100, awardedOn: '2026-03-01', provider: 1 })), providers));
  });

  it("a council's dashboard shows its own figures only, exactly, with charts and text", async () => {
    const card = d.cardsIn(await d.say(d.people.headOfService, 'dashboard')).at(-1);
    const text = cardText(card);
    expect(text).toContain('Dashboard: Northshire Borough Council');
    expect(text).toMatch(/Placements\n7\n/);
    expect(text).toContain('By lot: 1 0–16 day 7');
    expect(text).toContain('Lot 1 ASD (7): median £2,300/wk, quartiles £2,150–£2,450');
    expect(text).toMatch(/In area \/ out of area\n5 \/ 2/);
    expect(text).toMatch(/No place or vacancy\n3/);
    expect(text).toMatch(/Cannot meet the needs\n3/);
    expect(text).toContain('By need: ASD 7\n');
    expect(text).not.toContain('Lot 2 SEMH');
    const types = JSON.stringify(card).match(/"type":"Chart\.[A-Za-z.]+"/g) ?? [];
    expect(new Set(types)).toEqual(new Set(['"type":"Chart.HorizontalBar"', '"type":"Chart.Donut"', '"type":"Chart.Pie"']));
    // Bar charts write each value at its bar and draw no axis of fractional ticks (issue 12).
    const bars: Array<{ displayMode?: string }> = [];
    JSON.stringify(card, (_k, v) => (v?.type === 'Chart.HorizontalBar' && bars.push(v), v));
    expect(bars.map((b) => b.displayMode)).toEqual(bars.map(() => 'AbsoluteNoAxis'));

    const westbay = cardText(d.cardsIn(await d.say(d.people.otherAdmin, 'dashboard')).at(-1));
    expect(westbay).toContain('Dashboard: Westbay Council');
    expect(westbay).toMatch(/Placements\n3\n/);
    expect(westbay).toContain('Lot 2 SEMH (3)');
    expect(westbay).toContain('By need: SEMH 3\n');
    expect(westbay).not.toMatch(/Lot 1 ASD|Fellgate|Northshire/);
  });

  it('the regional dashboard is for analysts and Heads of Service, and shows protected aggregates only', async () => {
    const refused = await d.say(d.people.caseworker, 'regional dashboard');
    expect(d.textsIn(refused).join(' ')).toContain('The regional dashboard is for regional analysts and Heads of Service');
    const forged = await d.click(d.people.caseworker, 'dashboard.filter', { scope: 'regional', period: '24m', lot: 'any', need: 'any' });
    expect(cardText(forged.card)).toContain('The regional dashboard is for regional analysts');
    expect(cardText(forged.card)).not.toMatch(/Placements/);

    const text = cardText(d.cardsIn(await d.say(d.people.headOfService, 'regional dashboard')).at(-1));
    expect(text).toContain('Regional dashboard: all councils');
    expect(text).toMatch(/Placements\n≈10\n/);
    expect(text).toContain('By council: Northshire Borough Council ≈5; Westbay Council <5');
    expect(text).toContain('Lot 2 SEMH (<5): too few placements to show fees');
    expect(text).not.toMatch(/SYN-|SYN-CASE|AB\b/);
  });

  it('filters are checked again on the server: forged values are refused with a message, real ones applied', async () => {
    const bad = await d.click(d.people.headOfService, 'dashboard.filter', { scope: 'council', period: '99y', lot: '8', need: 'XYZ' });
    expect(cardText(bad.card)).toContain('Choose one of the periods offered.');
    expect(cardText(bad.card)).toContain('Choose a lot from 1 to 7');
    const lot2 = await d.click(d.people.headOfService, 'dashboard.filter', { scope: 'council', period: '12m', lot: '2', need: 'any' });
    expect(cardText(lot2.card)).toContain('Last 12 months');
    expect(cardText(lot2.card)).toMatch(/Placements\n0\n/);
    const asd = await d.click(d.people.otherAdmin, 'dashboard.filter', { scope: 'council', period: 'all', lot: 'any', need: 'ASD' });
    expect(cardText(asd.card)).toMatch(/Placements\n0\n/); // Westbay has no ASD placements; Northshire's are not visible to it
  });
});
