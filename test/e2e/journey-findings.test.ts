import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, placementRequests, shortlists } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, startDriver, TEAM, type Driver } from '../support/driver.js';
import { clickCard, requestAtReferralStage, requestWithOffers, seedCallOffProviders, submitRequest } from '../support/flows.js';
import { deliverToService, replyTo } from '../support/provider-mail.js';

/**
 * The findings of issue 12 (the whole journey played through the Playground), each as a test over HTTP with
 * real Bot Framework activities. Finding 2 is in referrals.test.ts; finding 4 and the Playground's own
 * behaviour (loopback, history) are in the Playground page test.
 */

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
  (await seedCallOffProviders(d));
});
afterEach(async () => {
  await d?.stop();
});

const larkfieldMail = () => d.smtp.received.find((m) => m.envelope.to[0] === 'admissions@larkfield.example.org')!;

async function referralsSent() {
  await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
  await d.say(d.people.placementsOfficer, 'hi');
  await requestAtReferralStage(d);
  const card = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
  await clickCard(d, d.people.placementsOfficer, card, 'shortlist.send');
  await d.settle();
}

async function replyCardFor(text: string) {
  await deliverToService(d, await replyTo(larkfieldMail(), text));
  return d.cardsIn(await d.settle()).find((c) => cardText(c).includes('Larkfield School') && JSON.stringify(c).includes('reply.confirm'));
}

describe('finding 3: an appraisal that reflects how the FPS works', () => {
  const ROUTES: Array<Record<string, string>> = [
    { considered: 'true', meetsSectionF: 'no', suitabilityReason: 'Cannot provide 1:1 support all day with SALT.', placeAvailable: 'yes', transport: '1000' },
    { considered: 'false', notConsideredReason: 'No resourced provision for autism within reach.' },
    { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Meets Section F.', placeAvailable: 'no', fee: '25000' },
    { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Several FPS schools offer this provision.', placeAvailable: 'call_off', fee: '132600', transport: '8000' },
    { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'An independent school outside the FPS could meet it.', placeAvailable: 'call_off', fee: '174000', transport: '8000' },
    { considered: 'false', notConsideredReason: 'No block-contract place or EOTAS package fits.' },
  ];

  async function appraise(routes = ROUTES) {
    await d.say(d.people.caseworker, 'hi');
    const { card } = await submitRequest(d);
    let step = (await d.click(d.people.caseworker, 'appraisal.start', findAction(card, 'appraisal.start').data)).card;
    for (const answers of routes) step = (await clickCard(d, d.people.caseworker, step, 'appraisal.step', answers, 'Next')).card;
    return (await clickCard(d, d.people.caseworker, step, 'appraisal.step', { hasPreference: 'false' }, 'See the recommendation')).card;
  }

  it('"to be tested by the call-off" is an answer for the FPS and a spot purchase, and the cheaper FPS is recommended, its cost an estimate', async () => {
    const review = cardText(await appraise());
    expect(review).toContain('To be tested by the call-off');
    expect(review).toContain('Recommended route: **FPS call-off');
    expect(review).not.toContain('Recommended route: **Spot purchase');
    expect(review).toMatch(/estimate/i);
    expect(review).toMatch(/referrals? will (find out|test)|the call-off will (find out|test)/i);
    // The dearer route is never called the lowest cost.
    expect(review).not.toMatch(/Spot purchase[^\n]*lowest/i);
  });

  it('the FPS cost may be left to the regional figure for the lot and need, shown as an estimate with its n', async () => {
    const routes = ROUTES.map((r, i) => (i === 3 ? { ...r, fee: '' } : r));
    await d.say(d.people.caseworker, 'hi');
    // Five placements of this lot and need awarded in the region give the benchmark its median.
    const { seedEarlierPlacements } = await import('../support/regional-history.js');
    (await seedEarlierPlacements(d.db, 'NWDEMO', [3200, 3300, 3400, 3500, 3600].map((weeklyPounds) => ({ lot: 1 as const, need: 'ASD' as const, weeklyPounds, awardedOn: '2026-06-01' }))));
    const review = cardText(await appraise(routes));
    expect(review).toMatch(/regional (median|figure)/i);
    expect(review).toContain('£129,200'); // median £3,400 × 38 weeks
    expect(review).toMatch(/estimate/i);
  });
});

describe('finding 5: providers counted as providers', () => {
  it('the evidence pack says 2 of 2 providers replied when Larkfield has two contacts', async () => {
    await requestWithOffers(d);
    const evidence = cardText(d.cardsIn(await d.say(d.people.caseworker, 'evidence PR-2026-0001')).at(-1));
    expect(evidence).toContain('2 of 2 providers replied');
    expect(evidence).toMatch(/2 shortlisted, 2 replied/);
    const list = cardText(d.cardsIn(await d.say(d.people.caseworker, 'my requests')).at(-1));
    expect(list).toContain('sent to 2 providers, 2 replied');
  });
});

describe('finding 6: the smaller ones', () => {
  it('evaluate while responses are open says why there is nothing to propose yet, and when', async () => {
    await referralsSent();
    const card = cardText(d.cardsIn(await d.say(d.people.placementsOfficer, 'evaluate PR-2026-0001')).at(-1));
    expect(card).toMatch(/Responses are still open until Thursday 10 December 2026/);
    expect(card).toMatch(/0 of 2 providers have replied/);
    expect(card).toMatch(/once responses are closed/i);
  });

  it('"Close responses" asks first, saying who has not replied; nothing closes until it is confirmed', async () => {
    await referralsSent();
    const status = d.cardsIn(await d.say(d.people.placementsOfficer, 'referrals PR-2026-0001')).at(-1);
    const top = (status.actions ?? []) as Array<{ type: string; title: string }>;
    expect(top.find((a) => a.title === 'Close responses')?.type).toBe('Action.ToggleVisibility');
    const asked = await d.click(d.people.placementsOfficer, 'responses.close', { shortlistId: 1, version: (await d.db.select().from(shortlists))[0]!.version });
    expect(cardText(asked.card)).toMatch(/Close responses now\?/);
    expect(cardText(asked.card)).toMatch(/Larkfield School.*Moorside Academy|not replied/s);
    expect((await d.db.select().from(shortlists))[0]!.status).toBe('sent');
    const closed = await clickCard(d, d.people.placementsOfficer, asked.card, 'responses.close', {}, 'Yes, close responses');
    expect(cardText(closed.card)).toContain('Responses closed');
    expect((await d.db.select().from(shortlists))[0]!.status).toBe('closed');
  });

  it("a notice for the caseworker never reaches someone else who now uses the same chat, and reaches the caseworker when they are back", async () => {
    await referralsSent();
    // The Playground has one personal chat for whoever its page acts as: the officer takes it over.
    const shared = d.personalConversation(d.people.caseworker);
    const inShared = (p: typeof d.people.placementsOfficer, text: string) =>
      d.postAs(p, {
        type: 'message', text, id: `m-${Math.random()}`, timestamp: new Date().toISOString(), serviceUrl: d.connector.url, channelId: 'msteams',
        from: { id: p.teamsId, name: p.name, aadObjectId: p.aadObjectId }, recipient: { id: '28:placement-desk-bot', name: 'Placement Desk' },
        conversation: { id: shared, conversationType: 'personal', tenantId: p.tenantId }, channelData: { tenant: { id: p.tenantId } },
      });
    await inShared(d.people.placementsOfficer, 'hi');
    await deliverToService(d, await replyTo(larkfieldMail(), 'We can meet the needs. Weekly fee £3,450 for 38 weeks.'));
    const delivered = await d.settle();
    const inChat = delivered.filter((s) => s.conversationId === shared).map((s) => s.activity.text ?? '');
    expect(inChat.join('\n')).not.toContain('The placements officer will confirm');
    // The caseworker comes back to the chat: what was held for them arrives.
    await inShared(d.people.caseworker, 'hi');
    const back = await d.settle();
    expect(back.filter((s) => s.conversationId === shared).map((s) => s.activity.text ?? '').join('\n')).toContain('Larkfield School replied to request PR-2026-0001');
  });

  it("an approver's list says the request waits for their confirmation, with the button to give it", async () => {
    await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
    await d.say(d.people.caseworker, 'hi');
    const { card } = await submitRequest(d);
    let step = (await d.click(d.people.caseworker, 'appraisal.start', findAction(card, 'appraisal.start').data)).card;
    const routes: Array<Record<string, string>> = [
      { considered: 'true', meetsSectionF: 'no', suitabilityReason: 'Cannot provide 1:1 support.', placeAvailable: 'yes' },
      { considered: 'false', notConsideredReason: 'None within reach.' },
      { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Meets Section F.', placeAvailable: 'no' },
      { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'FPS schools offer this.', placeAvailable: 'yes', fee: '62000' },
      { considered: 'false', notConsideredReason: 'FPS can meet it.' },
      { considered: 'false', notConsideredReason: 'Nothing fits.' },
    ];
    for (const answers of routes) step = (await clickCard(d, d.people.caseworker, step, 'appraisal.step', answers, 'Next')).card;
    const review = (await clickCard(d, d.people.caseworker, step, 'appraisal.step', { hasPreference: 'false' }, 'See the recommendation')).card;
    await clickCard(d, d.people.caseworker, review, 'appraisal.ask');
    await d.say(d.people.serviceManager, 'hi');
    const list = d.cardsIn(await d.say(d.people.serviceManager, 'my requests')).at(-1);
    expect(cardText(list)).toMatch(/Waiting for your confirmation of the route/);
    expect(cardText(list)).not.toContain('Continue options appraisal');
    const opened = await clickCard(d, d.people.serviceManager, list, 'work.open', {}, 'Confirm the route');
    expect(JSON.stringify(opened.card)).toContain('appraisal.confirm');
    const confirmed = await clickCard(d, d.people.serviceManager, opened.card, 'appraisal.confirm', { reason: 'Only FPS schools can meet Section F with a place.' });
    expect(cardText(confirmed.card)).toContain('Route confirmed');
  });

  it('cards offer the evidence pack and the appraisal record as links, never a command line', async () => {
    await requestWithOffers(d);
    for (const command of ['evidence PR-2026-0001', 'appraisal PR-2026-0001']) {
      const card = d.cardsIn(await d.say(d.people.caseworker, command)).at(-1);
      expect(cardText(card)).not.toContain('npm run');
      expect(JSON.stringify(card)).toContain('"type":"Action.OpenUrl"');
    }
  });

  it('a reply that does not state its weeks says so', async () => {
    await referralsSent();
    const card = await replyCardFor('We can meet the needs and offer a place. Our fee is £3,960 a week.');
    expect(cardText(card)).toMatch(/does not say how many weeks/);
    expect(cardText(card)).toContain('not stated');
  });

  it('the weeks of a 38-week residential lot are filled in from the lot when the reply does not state them', async () => {
    await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
    await d.say(d.people.placementsOfficer, 'hi');
    await requestAtReferralStage(d, { placement: { lot: '2', lotReason: '', requiredStartDate: '2027-09-07', preferredSetting: '' } });
    (await d.db.update(placementRequests).set({ lot: 2 }));
    const shortlist = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
    await clickCard(d, d.people.placementsOfficer, shortlist, 'shortlist.send', { 'include_FPS-7001': 'true', changeReason: 'Larkfield has residential places by agreement.' });
    await d.settle();
    const card = await replyCardFor('We can meet the needs and offer a place. Our fee is £3,960 a week.');
    expect(cardText(card)).toContain('38 (not stated: from lot 2)');
    const confirmed = await clickCard(d, d.people.placementsOfficer, card, 'reply.confirm');
    expect(cardText(confirmed.card)).toContain('£150,480'); // 3,960 × 38
  });

  it('a decline is confirmed as a decline, not offered "Confirm or correct the figures"', async () => {
    await referralsSent();
    const card = await replyCardFor('Thank you for thinking of us, but we are unable to meet his needs.');
    expect(cardText(card)).not.toContain('Confirm or correct the figures');
    expect(cardText(card)).toContain('Confirm the decline');
  });

  it("a reply's excerpt keeps its line breaks", async () => {
    await referralsSent();
    const card = await replyCardFor('We can meet the needs.\nWeekly fee £3,450 for 38 weeks.\nStart 7 September 2027.');
    const lines = JSON.stringify(card);
    expect(lines).toContain('"text":"We can meet the needs."');
    expect(lines).toContain('"text":"Weekly fee £3,450 for 38 weeks."');
  });

  it('a placed request no longer counts working days to its deadlines', async () => {
    await requestWithOffers(d);
    (await d.db.update(placementRequests).set({ status: 'placed' }));
    const card = cardText(d.cardsIn(await d.say(d.people.caseworker, 'PR-2026-0001')).at(-1));
    expect(card).not.toMatch(/working days? left/);
    expect(card).not.toMatch(/days? left|missed \(/);
  });

  it('times are shown in UK local time (British Summer Time in June), never UTC', async () => {
    await requestWithOffers(d);
    const offerId = (await import('../../src/db/schema/index.js')).offers;
    const id = (await d.db.select().from(offerId)).find((o) => o.providerId === 'FPS-7002')!.id;
    await d.click(d.people.placementsOfficer, 'award.propose', { requestId: 1, offerId: id, [`rationale_${id}`]: 'Lowest cost, meets Section F, place from September.', [`lowerRankReason_${id}`]: 'Not ranked yet: quality visit booked.' });
    const approval = d.cardsIn(await d.settle()).find((c) => cardText(c).includes('Award proposal for PR-2026-0001'));
    clock.set('2027-06-15T09:30:00Z');
    const decided = await d.click(d.people.serviceManager, 'approval.decide', { ...findAction(approval, 'approval.decide', 'Approve').data }, { conversationId: TEAM.id });
    expect(cardText(decided.card)).toContain('10:30');
    expect(cardText(decided.card)).not.toContain('UTC');
  });

  it('bar charts draw no axis with fractional ticks: values are written at the bars', async () => {
    await requestWithOffers(d);
    const card = d.cardsIn(await d.say(d.people.caseworker, 'appraisal PR-2026-0001')).at(-1);
    const charts: any[] = [];
    JSON.stringify(card, (_k, v) => {
      if (v && typeof v === 'object' && typeof v.type === 'string' && v.type === 'Chart.HorizontalBar') charts.push(v);
      return v;
    });
    expect(charts.length).toBeGreaterThan(0);
    for (const chart of charts) expect(chart.displayMode).toBe('AbsoluteNoAxis');
  });
});

describe('finding 1: work finds its person', () => {
  it('a thread that no longer exists is started again with a root that says so, and the post goes there', async () => {
    await referralsSent();
    const root = (await d.db.select().from(placementRequests))[0]!.approvalThreadId!;
    d.connector.gone.add(root);
    const moorsideMail = d.smtp.received.find((m) => m.envelope.to[0] !== 'admissions@larkfield.example.org')!;
    await deliverToService(d, await replyTo(larkfieldMail(), 'We can meet the needs. Weekly fee £3,450 for 38 weeks.'));
    await deliverToService(d, await replyTo(moorsideMail, 'We can meet the needs. Weekly fee £2,200 for 38 weeks.'));
    const posted = await d.settle();
    const roots = posted.filter((s) => s.conversationId === TEAM.id && cardText(d.cardsIn([s])[0] ?? {}).includes('earlier thread'));
    expect(roots, 'one new thread root saying the old thread is gone').toHaveLength(1);
    const newRoot = roots[0];
    const inNewThread = posted.filter((s) => s.conversationId === `${TEAM.id};messageid=${newRoot!.id}`).map((s) => cardText(d.cardsIn([s])[0] ?? {}));
    expect(inNewThread.some((t) => t.includes('Offer of a place from Larkfield')), 'the reply card in the new thread').toBe(true);
    expect(inNewThread.filter((t) => t.includes('Offer of a place from')), 'the post queued behind it follows it there').toHaveLength(2);
    expect(posted.filter((s) => s.conversationId === root)).toHaveLength(0);
    expect((await d.db.select().from(placementRequests))[0]!.approvalThreadId).toBe(`${TEAM.id};messageid=${newRoot!.id}`);
    expect((await d.db.select().from(outbox).where(eq(outbox.status, 'pending')))).toHaveLength(0);
  });

  it('when the channel itself is gone, officers and administrators are told and nothing waits undeliverable', async () => {
    await referralsSent();
    await d.say(d.people.headOfService, 'hi');
    d.connector.gone.add(TEAM.id);
    await deliverToService(d, await replyTo(larkfieldMail(), 'We can meet the needs. Weekly fee £3,450 for 38 weeks.'));
    const posted = await d.settle();
    const told = posted.filter((s) => [d.personalConversation(d.people.placementsOfficer), d.personalConversation(d.people.headOfService)].includes(s.conversationId));
    expect(told.map((s) => s.activity.text ?? cardText(d.cardsIn([s])[0])).join('\n')).toMatch(/approvals channel .*can no longer be reached/i);
    expect(told.length).toBe(2);
    await d.settle();
    expect((await d.db.select().from(outbox).where(eq(outbox.status, 'pending')))).toHaveLength(0);
  });

  it('"my work" lists what waits for each person, with its buttons, in personal chat', async () => {
    await requestWithOffers(d);
    const officer = d.cardsIn(await d.say(d.people.placementsOfficer, 'my work')).at(-1);
    expect(cardText(officer)).toMatch(/Give quality marks and propose the award for PR-2026-0001/);
    const { offers } = await import('../../src/db/schema/index.js');
    const id = (await d.db.select().from(offers)).find((o) => o.providerId === 'FPS-7002')!.id;
    await d.click(d.people.placementsOfficer, 'award.propose', { requestId: 1, offerId: id, [`rationale_${id}`]: 'Lowest cost, meets Section F, place from September.', [`lowerRankReason_${id}`]: 'Not ranked yet: quality visit booked.' });
    await d.settle();
    await d.say(d.people.serviceManager, 'hi');
    const approver = d.cardsIn(await d.say(d.people.serviceManager, 'my work')).at(-1);
    expect(cardText(approver)).toMatch(/Decide the award proposal for PR-2026-0001/);
    const opened = await clickCard(d, d.people.serviceManager, approver, 'work.open');
    const approved = await clickCard(d, d.people.serviceManager, opened.card, 'approval.decide', {}, 'Approve');
    expect(cardText(approved.card)).toMatch(/Approved by Sam Okafor/);
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('placed');
  });
});
