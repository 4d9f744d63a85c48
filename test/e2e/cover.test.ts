import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { approvalCovers, auditLog, awardProposals, awards, staff } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, inputValues, startDriver, TEAM, type Driver } from '../support/driver.js';
import { approvalPostIn, proposeAward, requestWithOffers, seedCallOffProviders } from '../support/flows.js';
import type { TestPerson } from '../support/people.js';

/**
 * Cover while away: Sam Okafor (Service Manager, £150,000) asks Chris Doyle to cover his approvals from
 * Thursday 26 November to Tuesday 1 December 2026. Chris holds no authority of his own.
 */
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

const sam = () => d.people.serviceManager;
const chris = () => d.people.secondCaseworker;
const idOf = async (p: TestPerson) => (await d.db.select().from(staff).where(eq(staff.aadObjectId, p.aadObjectId)))[0]!.id;

async function coverCard(p: TestPerson) {
  await d.say(p, 'hi');
  return d.cardsIn(await d.say(p, 'cover')).at(-1);
}

function arrange(card: unknown, answers: Record<string, string>) {
  return d.click(sam(), 'cover.give', { ...inputValues(card), ...findAction(card, 'cover.give').data, ...answers });
}

async function proposeMoorside() {
  await proposeAward(d, 'FPS-7002', { rationale: 'Lowest cost, meets Section F, a September place.', lowerRankReason: 'Not ranked yet: the quality visit is booked for next week.' });
  return approvalPostIn(d, await d.settle()).card;
}

function approve(p: TestPerson, card: unknown) {
  return d.click(p, 'approval.decide', { ...findAction(card, 'approval.decide', 'Approve').data, reason: '' }, { conversationId: TEAM.id });
}

describe('cover while away', () => {
  it('a Service Manager arranges cover (checked on the server), the colleague is told, and whoami says so on both sides', async () => {
    await d.say(chris(), 'hi');
    const card = await coverCard(sam());
    expect(cardText(card)).toContain('Nobody covers for you');
    const refused = await arrange(card, { cover_delegate: String((await idOf(chris()))), cover_startsOn: '2026-11-26', cover_endsOn: '2026-12-01', cover_limit: '200000' });
    expect(cardText(refused.card)).toContain('Cover cannot go above your own approval limit of £150,000 a year');
    expect(inputValues(refused.card)).toMatchObject({ cover_limit: '200000', cover_endsOn: '2026-12-01' });
    const self = await arrange(card, { cover_delegate: String((await idOf(sam()))), cover_startsOn: '2026-11-26', cover_endsOn: '2026-12-01' });
    expect(cardText(self.card)).toContain('Choose someone other than yourself');
    const foreign = await arrange(card, { cover_delegate: String((await idOf(d.people.otherCaseworker))), cover_startsOn: '2026-11-26', cover_endsOn: '2026-12-01' });
    expect(cardText(foreign.card)).toContain('Choose a colleague of your council');
    expect((await d.db.select().from(approvalCovers))).toHaveLength(0);

    const given = await arrange(card, { cover_delegate: String((await idOf(chris()))), cover_startsOn: '2026-11-26', cover_endsOn: '2026-12-01', cover_limit: '' });
    expect(cardText(given.card)).toContain('Chris Doyle covers for you from 26 November 2026 to 1 December 2026');
    expect((await d.db.select().from(approvalCovers))[0]).toMatchObject({ delegatorStaffId: (await idOf(sam())), delegateStaffId: (await idOf(chris())), startsOn: '2026-11-26', endsOn: '2026-12-01', limitPounds: null, endedAt: null });
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'cover.given')))[0]!.details).toMatchObject({ delegateStaffId: (await idOf(chris())), startsOn: '2026-11-26', endsOn: '2026-12-01', delegatorLimit: 150_000 });
    const told = await d.settle();
    const toChris = d.textsIn(told.filter((s) => s.conversationId === d.personalConversation(chris()))).join(' ');
    expect(toChris).toContain('Sam Okafor has asked you to cover their award approvals from 26 November 2026 to 1 December 2026 (up to £150,000 a year)');

    // A second, overlapping cover is refused: one cover at a time.
    const again = await arrange(given.card, { cover_delegate: String((await idOf(d.people.headOfService))), cover_startsOn: '2026-11-30', cover_endsOn: '2026-12-04' });
    expect(cardText(again.card)).toContain('Chris Doyle already covers for you');

    const chrisWho = cardText(d.cardsIn(await d.say(chris(), 'whoami')).at(-1));
    expect(chrisWho).toContain('Covering for');
    expect(chrisWho).toContain('Sam Okafor until 1 December 2026 (up to £150,000 a year)');
    const samWho = cardText(d.cardsIn(await d.say(sam(), 'whoami')).at(-1));
    expect(samWho).toContain('Chris Doyle until 1 December 2026');
  });

  it('the colleague approves within the delegator\'s limit: the card, the decision and the award say "covering for Sam Okafor until 1 December 2026"; above it, refused', async () => {
    await requestWithOffers(d, { larkfield: '4200', moorside: '3300' });
    const card = await coverCard(sam());
    await arrange(card, { cover_delegate: String((await idOf(chris()))), cover_startsOn: '2026-11-26', cover_endsOn: '2026-12-01' });
    const approval = await proposeMoorside();

    // Before the cover, Chris (a caseworker) had no authority; now he acts for Sam.
    const approved = await approve(chris(), approval);
    const text = cardText(approved.card);
    expect(text).toContain('Approved by Chris Doyle, covering for Sam Okafor until 1 December 2026 (Service Manager)');
    expect(text).toContain('Authority: Covering for Sam Okafor until 1 December 2026: Service Manager: delegated authority up to £150,000 a year (this award £125,400 a year)');
    const coverId = (await d.db.select().from(approvalCovers))[0]!.id;
    expect((await d.db.select().from(awardProposals))[0]).toMatchObject({ status: 'approved', decisionByStaffId: (await idOf(chris())), decisionRole: 'service_manager', decisionCoverId: coverId, decisionCoveringForStaffId: (await idOf(sam())), decisionCoveringForName: 'Sam Okafor', decisionCoverEndsOn: '2026-12-01' });
    expect((await d.db.select().from(awards))[0]).toMatchObject({ approverStaffId: (await idOf(chris())), approverName: 'Chris Doyle', coverId, coveringForStaffId: (await idOf(sam())), coveringForName: 'Sam Okafor', coverEndsOn: '2026-12-01' });
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'award.approved')))[0]!.details).toMatchObject({ coveringFor: { coverId, staffId: (await idOf(sam())), name: 'Sam Okafor', until: '2026-12-01' } });
    const delivered = await d.settle();
    const summary = d.cardsIn(delivered.filter((s) => s.conversationId === d.personalConversation(d.people.caseworker))).map(cardText).join('\n');
    expect(summary).toContain('Chris Doyle, covering for Sam Okafor until 1 December 2026 (Service Manager)');
    // An old copy of the card says who decided, and for whom.
    const stale = await approve(d.people.headOfService, approval);
    expect(cardText(stale.card)).toContain('by Chris Doyle (Service Manager), covering for Sam Okafor');
    const evidence = cardText(d.cardsIn(await d.say(d.people.caseworker, 'evidence PR-2026-0001')).at(-1));
    expect(evidence).toContain('Covering for Sam Okafor until 1 December 2026');
  });

  it('never above the delegator\'s limit, never after the last day, and never passed on', async () => {
    await requestWithOffers(d, { larkfield: '3450', moorside: '4300' }); // Moorside: £163,400 a year
    const card = await coverCard(sam());
    await arrange(card, { cover_delegate: String((await idOf(chris()))), cover_startsOn: '2026-11-26', cover_endsOn: '2026-12-01' });
    const approval = await proposeMoorside();
    const over = await approve(chris(), approval);
    expect(cardText(over.card)).toContain('your cover for Sam Okafor allows awards up to £150,000 a year');
    const refusal = (await d.db.select().from(auditLog).where(eq(auditLog.action, 'award.decision_refused'))).at(-1)!;
    expect(refusal).toMatchObject({ actorStaffId: (await idOf(chris())) });
    expect((await d.db.select().from(awardProposals))[0]!.status).toBe('pending');

    // Chris cannot hand on what he holds only by cover: he has no authority of his own to give.
    await d.say(chris(), 'hi');
    const chrisCard = d.cardsIn(await d.say(chris(), 'cover')).at(-1);
    expect(cardText(chrisCard)).toContain('You cover for Sam Okafor until 1 December 2026');
    expect(JSON.stringify(chrisCard)).not.toContain('cover.give');
    const forged = await d.click(chris(), 'cover.give', { cover_delegate: String((await idOf(d.people.caseworker))), cover_startsOn: '2026-11-27', cover_endsOn: '2026-11-30' });
    expect(cardText(forged.card)).toContain('Cover is arranged by a Service Manager or the Head of Service');

    // Ends by itself: on Wednesday 2 December the same click is refused without anyone ending it.
    clock.set('2026-12-02T09:00:00Z');
    (await d.db.update(staff).set({ approvalLimit: 500_000 }).where(eq(staff.id, (await idOf(sam())))));
    const afterEnd = await approve(chris(), approval);
    expect(cardText(afterEnd.card)).toContain('Only a Service Manager (within their limit) or the Head of Service can decide on an award.');
    const whoami = cardText(d.cardsIn(await d.say(chris(), 'whoami')).at(-1));
    expect(whoami).not.toContain('Covering for');
    expect((await d.db.select().from(awardProposals))[0]!.status).toBe('pending');
  });

  it('ended early by either of them, audited, the other told; the ended cover lends nothing', async () => {
    await d.say(chris(), 'hi');
    const card = await coverCard(sam());
    await arrange(card, { cover_delegate: String((await idOf(chris()))), cover_startsOn: '2026-11-26', cover_endsOn: '2026-12-01' });
    await d.settle();
    const chrisCard = d.cardsIn(await d.say(chris(), 'cover')).at(-1);
    const ended = await d.click(chris(), 'cover.end', findAction(chrisCard, 'cover.end').data);
    expect(cardText(ended.card)).toContain('The cover has ended');
    expect((await d.db.select().from(approvalCovers))[0]).toMatchObject({ endedByStaffId: (await idOf(chris())) });
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'cover.ended')))).toHaveLength(1);
    const told = d.textsIn((await d.settle()).filter((s) => s.conversationId === d.personalConversation(sam()))).join(' ');
    expect(told).toContain('has been ended');
    const again = await d.click(chris(), 'cover.end', findAction(chrisCard, 'cover.end').data);
    expect(cardText(again.card)).toContain('already ended');
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'cover.ended')))).toHaveLength(1);
    // Someone else's cover is not found.
    const foreign = await d.click(d.people.caseworker, 'cover.end', findAction(chrisCard, 'cover.end').data);
    expect(cardText(foreign.card)).toContain('could not find that cover');
  });
});
