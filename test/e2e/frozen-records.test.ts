import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { awardProposals, awards, offers, placementRequests } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, startDriver, TEAM, type Driver } from '../support/driver.js';
import { approvalPostIn, currentOffer as currentOfferOf, proposeAward, requestWithOffers, seedCallOffProviders } from '../support/flows.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
  (await seedCallOffProviders(d));
});
afterEach(async () => {
  await d.stop();
});

const currentOffer = (providerId: string) => currentOfferOf(d, providerId);

/** The reply card the officer confirmed for this provider, as it was posted in the thread. */
function replyCardFor(providerName: string) {
  return d.allCards().find((c) => JSON.stringify(c).includes('reply.confirm') && cardText(c).includes(providerName))!;
}

async function proposeMoorside(extra: Record<string, string> = {}) {
  const result = await proposeAward(d, 'FPS-7002', {
    rationale: 'Best fit for Section F with a September place and good outcomes.',
    lowerRankReason: 'Not ranked yet: the quality visit is booked but this offer is clearly the best value.',
    extra,
  });
  expect(cardText(result.card)).toContain('Proposal sent');
  return approvalPostIn(d, await d.settle()).card;
}

function correctFigures(card: unknown, figures: Record<string, string>) {
  const action = findAction(card, 'reply.confirm');
  return d.click(d.people.placementsOfficer, 'reply.confirm', { ...action.data, canMeetNeeds: 'true', startDate: '', conditions: '', addOnsWeekly: '', ...figures }, { conversationId: TEAM.id });
}

describe('records that cannot be rewritten', () => {
  it('an awarded offer cannot be rewritten from its old reply card: the award, the offer and the evaluation stay as decided', async () => {
    await requestWithOffers(d);
    const approval = await proposeMoorside();
    const approve = findAction(approval, 'approval.decide', 'Approve');
    const approved = await d.click(d.people.serviceManager, 'approval.decide', { ...approve.data, reason: 'Within budget.' }, { conversationId: TEAM.id });
    expect(cardText(approved.card)).toContain('Approved by Sam Okafor');
    await d.settle();
    const before = { offer: (await currentOffer('FPS-7002')), award: (await d.db.select().from(awards))[0]! };

    const attempt = await correctFigures(replyCardFor('Moorside Academy'), { weeklyFee: '9999', weeksPerYear: '52' });
    const said = cardText(attempt.card);
    expect(said).toContain('PR-2026-0001 was awarded on 26 November 2026 by Sam Okafor');
    expect(said).not.toContain('Confirmed by');
    expect((await currentOffer('FPS-7002'))).toEqual(before.offer);
    expect((await d.db.select().from(offers).where(eq(offers.providerId, 'FPS-7002')))).toHaveLength(1);
    expect((await d.db.select().from(awards))[0]).toEqual(before.award);
    expect(before.award).toMatchObject({ weeklyFeePence: 330_000, weeksPerYear: 38 });
  });

  it('while a proposal waits for a decision its offer is frozen, and the award copies the figures as proposed, add-ons included', async () => {
    await requestWithOffers(d);
    const approval = await proposeMoorside();
    const attempt = await correctFigures(replyCardFor('Moorside Academy'), { weeklyFee: '3300', weeksPerYear: '38', addOnsWeekly: '500' });
    expect(cardText(attempt.card)).toContain('waiting for a decision');
    const proposal = (await d.db.select().from(awardProposals))[0]!;
    expect(proposal.addOnsWeeklyPence).toBe(0);

    const approve = findAction(approval, 'approval.decide', 'Approve');
    await d.click(d.people.serviceManager, 'approval.decide', { ...approve.data, reason: 'Within budget.' }, { conversationId: TEAM.id });
    const award = (await d.db.select().from(awards))[0]!;
    expect(award.addOnsWeeklyPence).toBe(proposal.addOnsWeeklyPence);
    expect(award.addOns).toEqual([]);
    expect(award.annualValuePence).toBe(proposal.annualValuePence);
    expect(award.providerName).toBe('Moorside Academy');
  });

  it('a correction before any proposal becomes a new version of the offer; the first confirmation is kept', async () => {
    await requestWithOffers(d);
    const first = (await currentOffer('FPS-7002'));
    const corrected = await correctFigures(replyCardFor('Moorside Academy'), { weeklyFee: '3350', weeksPerYear: '38' });
    expect(cardText(corrected.card)).toContain('Confirmed by');
    const versions = (await d.db.select().from(offers).where(eq(offers.providerId, 'FPS-7002'))).sort((a, b) => a.version - b.version);
    expect(versions.map((v) => [v.version, v.weeklyFeePence])).toEqual([
      [1, 330_000],
      [2, 335_000],
    ]);
    expect(versions[0]).toEqual({ ...first, supersededAt: '2026-11-26T10:00:00.000Z' });
  });

  it('a forged version on a pending proposal is answered as an out-of-date card, not as already decided, and decides nothing', async () => {
    await requestWithOffers(d);
    const approval = await proposeMoorside();
    const approve = findAction(approval, 'approval.decide', 'Approve');
    const forged = await d.click(d.people.serviceManager, 'approval.decide', { ...approve.data, version: 99, reason: 'Within budget.' }, { conversationId: TEAM.id });
    const said = cardText(forged.card);
    expect(said).not.toContain('already been decided');
    expect(said).toContain('This card is out of date');
    expect((await d.db.select().from(awardProposals))[0]!.status).toBe('pending');
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('awaiting_approval');
    expect(JSON.stringify(forged.card)).toContain('approval.decide');
  });

  it('an old approval card of a decided proposal says who decided and when, and changes nothing', async () => {
    await requestWithOffers(d);
    const approval = await proposeMoorside();
    const reject = findAction(approval, 'approval.decide', 'Reject');
    await d.click(d.people.headOfService, 'approval.decide', { ...reject.data, reason: 'Transport not included in the figures.' }, { conversationId: TEAM.id });
    const approve = findAction(approval, 'approval.decide', 'Approve');
    const late = await d.click(d.people.serviceManager, 'approval.decide', { ...approve.data, reason: 'Fine by me.' }, { conversationId: TEAM.id });
    expect(cardText(late.card)).toContain('rejected on 26 November 2026 by Helen Brooks');
    expect((await d.db.select().from(awardProposals))[0]!.status).toBe('rejected');
    expect((await d.db.select().from(awards))).toHaveLength(0);
  });
});
