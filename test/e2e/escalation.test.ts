import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { approvalEscalations, auditLog, awardProposals, staff } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, inputValues, startDriver, type Driver } from '../support/driver.js';
import { proposeAward, requestWithOffers, seedCallOffProviders } from '../support/flows.js';
import type { TestPerson } from '../support/people.js';

/**
 * A proposal made on Thursday 26 November 2026 waits. The clock is fixed and moved by the test; the
 * timers run when it says (`tick`), as the production timer would every minute.
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

const idOf = async (p: TestPerson) => (await d.db.select().from(staff).where(eq(staff.aadObjectId, p.aadObjectId)))[0]!.id;

async function propose(providerId = 'FPS-7002') {
  await proposeAward(d, providerId, { rationale: 'Meets Section F with a September place at the lowest cost.', lowerRankReason: 'Not ranked yet: the quality visit is next week.' });
  await d.settle();
}

async function tickAt(iso: string) {
  clock.set(iso);
  return d.tick();
}

const to = (sent: Awaited<ReturnType<Driver['tick']>>, p: TestPerson) => sent.filter((s) => s.conversationId === d.personalConversation(p));

describe('a proposal waiting too long', () => {
  it('reminds the approvers with enough authority after the council\'s working days, then escalates to the Head of Service, each once, with the approval card', async () => {
    for (const p of [d.people.serviceManager, d.people.headOfService]) await d.say(p, 'hi');
    await requestWithOffers(d);
    await propose();

    // Default: 3 working days. Friday 27 (1), Monday 30 (2): nothing yet.
    for (const at of ['2026-11-27T16:00:00Z', '2026-11-30T16:00:00Z']) expect(await tickAt(at)).toHaveLength(0);
    // Tuesday 1 December (3): the Service Manager, whose limit covers £125,400, gets the card with its buttons.
    const reminded = await tickAt('2026-12-01T09:00:00Z');
    expect(to(reminded, d.people.headOfService)).toHaveLength(0);
    const [toSam] = to(reminded, d.people.serviceManager);
    const card = d.cardsIn([toSam!])[0];
    expect(cardText(card)).toContain('waiting for a decision since 26 November 2026 (3 working days), and you have the authority to decide it');
    expect(findAction(card, 'approval.decide', 'Approve')).toBeDefined();
    expect(await tickAt('2026-12-01T09:05:00Z')).toHaveLength(0);
    expect((await d.db.select().from(approvalEscalations))).toMatchObject([{ stage: 'reminder', recipientStaffIds: [(await idOf(d.people.serviceManager))], workingDaysWaited: 3 }]);
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'award.approval_reminded')))).toHaveLength(1);

    // Three working days later (Friday 4 December, 6 in all): the Head of Service.
    expect(await tickAt('2026-12-03T16:00:00Z')).toHaveLength(0);
    const escalated = await tickAt('2026-12-04T09:00:00Z');
    expect(to(escalated, d.people.serviceManager)).toHaveLength(0);
    const toHelen = d.cardsIn(to(escalated, d.people.headOfService))[0];
    expect(cardText(toHelen)).toContain('Escalated to you');
    expect(cardText(toHelen)).toContain('approvers reminded on 1 December 2026');
    expect(await tickAt('2026-12-07T09:00:00Z')).toHaveLength(0);
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'award.approval_escalated')))[0]!.details).toMatchObject({ recipients: [(await idOf(d.people.headOfService))], workingDaysWaited: 6 });

    // The Head of Service decides from the card in her personal chat.
    const approved = await d.click(d.people.headOfService, 'approval.decide', { ...findAction(toHelen, 'approval.decide', 'Approve').data, reason: '' });
    expect(cardText(approved.card)).toContain('Approved by Helen Brooks');
    expect((await d.db.select().from(awardProposals))[0]!.status).toBe('approved');
  });

  it('follows the council\'s own periods, skips a proposal decided in time, and reaches only those with enough authority', async () => {
    for (const p of [d.people.serviceManager, d.people.headOfService]) await d.say(p, 'hi');
    const list = d.cardsIn(await d.say(d.people.headOfService, 'staff')).at(-1);
    await d.click(d.people.headOfService, 'council.escalation', { ...inputValues(list), reminderWorkingDays: '1', escalationWorkingDays: '1' });
    await requestWithOffers(d, { larkfield: '3450', moorside: '4300' }); // Moorside £163,400: above Sam's £150,000
    await propose('FPS-7002');
    // One working day (Friday 27): only the Head of Service can approve it, so the reminder goes to her.
    const reminded = await tickAt('2026-11-27T09:00:00Z');
    expect(to(reminded, d.people.serviceManager)).toHaveLength(0);
    expect(cardText(d.cardsIn(to(reminded, d.people.headOfService))[0])).toContain('you have the authority to decide it');
    // Decided before the escalation: nothing more.
    const card = d.cardsIn(to(reminded, d.people.headOfService))[0];
    await d.click(d.people.headOfService, 'approval.decide', { ...findAction(card, 'approval.decide', 'Reject').data, reason: 'Ask Moorside to review the fee.' });
    await d.settle();
    expect(await tickAt('2026-11-30T09:00:00Z')).toHaveLength(0);
    expect((await d.db.select().from(approvalEscalations)).map((e) => e.stage)).toEqual(['reminder']);
  });

  it('when nobody on the staff list can decide, the administrators are told once', async () => {
    await d.say(d.people.headOfService, 'hi');
    await requestWithOffers(d, { larkfield: '3450', moorside: '4300' });
    await propose('FPS-7002');
    // Helen stays administrator but is no longer Head of Service: nobody can approve £163,400.
    (await d.db.update(staff).set({ roles: ['admin'] }).where(eq(staff.id, (await idOf(d.people.headOfService)))));
    const sent = await tickAt('2026-12-01T09:00:00Z');
    expect(cardText(d.cardsIn(to(sent, d.people.headOfService))[0])).toContain('Nobody can decide this award proposal');
    expect(await tickAt('2026-12-02T09:00:00Z')).toHaveLength(0);
  });
});
