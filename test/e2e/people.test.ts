import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, awardProposals, awards, outbox, staff } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, inputValues, startDriver, TEAM, type Driver } from '../support/driver.js';
import { requestWithOffers, seedCallOffProviders } from '../support/flows.js';
import type { TestPerson } from '../support/people.js';

/**
 * People and authority managed in Teams by the council's administrator (Helen Brooks: Head of Service and
 * administrator of Northshire), with real activities over HTTP and the real database.
 */
let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
});
afterEach(async () => {
  await d.stop();
});

const admin = () => d.people.headOfService;
const staffRow = async (aad: string) => (await d.db.select().from(staff).where(eq(staff.aadObjectId, aad)))[0]!;

async function staffList(p: TestPerson = admin()) {
  await d.say(p, 'hi');
  return d.cardsIn(await d.say(p, 'staff')).at(-1);
}

async function openPerson(aad: string) {
  return (await d.click(admin(), 'staff.open', { staffId: String((await staffRow(aad)).id) })).card;
}

/** A click on a toggled section's button, with the card's inputs as Teams sends them and the answers typed. */
function submit(p: TestPerson, card: unknown, verb: string, answers: Record<string, string>) {
  return d.click(p, verb, { ...inputValues(card), ...findAction(card, verb).data, ...answers });
}

const newcomer: TestPerson = { name: 'Nadia Fenwick', aadObjectId: 'aad-40', tenantId: 'tenant-1', teamsId: '29:aad-40' };

describe('an administrator manages their council\'s staff from a card', () => {
  it('adds a person: every field checked again on the server with the staff file\'s rules, what was typed kept, audited; the person is known at once', async () => {
    const list = await staffList();
    expect(cardText(list)).toContain('Staff of Northshire Borough Council');
    expect(cardText(list)).toContain('Sam Okafor');
    const before = (await d.db.select().from(staff)).length;

    const refused = await submit(admin(), list, 'staff.add', {
      new_name: newcomer.name,
      new_email: 'nadia@',
      new_aadObjectId: 'aad 40',
      new_roles: 'caseworker,regional_analyst',
      new_approvalLimit: '50000',
    });
    const text = cardText(refused.card);
    expect(text).toContain('Nobody was added');
    expect(text).toContain('is not an e-mail address');
    expect(text).toContain('is not an Entra id');
    expect(text).toContain('is a regional role');
    expect(inputValues(refused.card)).toMatchObject({ new_name: newcomer.name, new_email: 'nadia@', new_aadObjectId: 'aad 40' });
    expect((await d.db.select().from(staff))).toHaveLength(before);

    const limitWithoutRole = await submit(admin(), list, 'staff.add', { new_name: newcomer.name, new_email: 'nadia@northshire.example', new_aadObjectId: newcomer.aadObjectId, new_roles: 'caseworker', new_approvalLimit: '50000' });
    expect(cardText(limitWithoutRole.card)).toContain('only a service\\_manager has an approval limit'); // Markdown-escaped: shows as service_manager
    const taken = await submit(admin(), list, 'staff.add', { new_name: newcomer.name, new_email: 'nadia@northshire.example', new_aadObjectId: d.people.caseworker.aadObjectId, new_roles: 'caseworker', new_approvalLimit: '' });
    expect(cardText(taken.card)).toContain("already Alex Wilber's");

    const added = await submit(admin(), list, 'staff.add', { new_name: newcomer.name, new_email: 'Nadia@Northshire.example', new_aadObjectId: newcomer.aadObjectId, new_roles: 'caseworker,placements_officer', new_approvalLimit: '' });
    expect(cardText(added.card)).toContain('Nadia Fenwick was added');
    const row = (await staffRow(newcomer.aadObjectId));
    // The tenant is the council's (here dev mode's, the administrator's own), never typed.
    expect(row).toMatchObject({ email: 'nadia@northshire.example', tenantId: 'tenant-1', roles: ['caseworker', 'placements_officer'], approvalLimit: 0, active: true });
    const audit = (await d.db.select().from(auditLog).where(eq(auditLog.action, 'staff.created'))).at(-1)!;
    expect(audit).toMatchObject({ actorStaffId: (await staffRow(admin().aadObjectId)).id, entityId: String(row.id) });
    expect(audit.details).toMatchObject({ via: 'teams', staff: { aadObjectId: newcomer.aadObjectId, roles: ['caseworker', 'placements_officer'] } });

    const whoami = cardText(d.cardsIn(await d.say(newcomer, 'whoami')).at(-1));
    expect(whoami).toContain('Northshire Borough Council');
    expect(whoami).toContain('Caseworker, Placements officer');
  });

  it('changes roles and the approval limit; a card drawn before another change is stale; nobody removes their own administrator role', async () => {
    await staffList();
    const sam = (await staffRow(d.people.serviceManager.aadObjectId));
    const card = await openPerson(d.people.serviceManager.aadObjectId);
    expect(cardText(card)).toContain('£150,000 a year');
    const saved = await submit(admin(), card, 'staff.change', { [`approvalLimit_${sam.id}`]: '100,000' });
    expect(cardText(saved.card)).toContain('Saved');
    expect((await staffRow(d.people.serviceManager.aadObjectId))).toMatchObject({ approvalLimit: 100_000, version: sam.version + 1 });
    const audit = (await d.db.select().from(auditLog).where(eq(auditLog.action, 'staff.updated'))).at(-1)!;
    expect(audit.details).toMatchObject({ via: 'teams', changes: { approvalLimit: { from: 150_000, to: 100_000 } } });

    // The old card (version before the change) changes nothing.
    const stale = await submit(admin(), card, 'staff.change', { [`approvalLimit_${sam.id}`]: '900000' });
    expect(cardText(stale.card)).toContain('This card is out of date');
    expect((await staffRow(d.people.serviceManager.aadObjectId)).approvalLimit).toBe(100_000);

    const helen = (await staffRow(admin().aadObjectId));
    const own = await openPerson(admin().aadObjectId);
    expect(JSON.stringify(own)).not.toContain('staff.deactivate');
    const lockedOut = await submit(admin(), own, 'staff.change', { [`roles_${helen.id}`]: 'head_of_service' });
    expect(cardText(lockedOut.card)).toContain('You cannot remove your own administrator role');
    expect((await staffRow(admin().aadObjectId)).roles).toEqual(['head_of_service', 'admin']);
  });

  it('is for the council\'s administrators, of their own council only: others are refused, another council\'s people are not found', async () => {
    const list = await staffList();
    await d.say(d.people.caseworker, 'hi');
    expect(d.textsIn(await d.say(d.people.caseworker, 'staff')).join(' ')).toContain("Managing your council's staff is for its Placement Desk administrators");
    const forged = await submit(d.people.caseworker, list, 'staff.add', { new_name: 'Mallory', new_email: 'm@northshire.example', new_aadObjectId: 'aad-66', new_roles: 'admin', new_approvalLimit: '' });
    expect(cardText(forged.card)).toContain('for its Placement Desk administrators');
    // Westbay's administrator forging a click on a Northshire person.
    await d.say(d.people.otherAdmin, 'hi');
    const sam = (await staffRow(d.people.serviceManager.aadObjectId));
    const foreign = await d.click(d.people.otherAdmin, 'staff.change', { staffId: sam.id, version: sam.version, [`approvalLimit_${sam.id}`]: '1' });
    expect(cardText(foreign.card)).toContain("could not find that person on your council's staff list");
    expect(cardText(d.cardsIn(await d.say(d.people.otherAdmin, 'staff')).at(-1))).not.toContain('Sam Okafor');
    expect((await staffRow(d.people.serviceManager.aadObjectId)).approvalLimit).toBe(150_000);
    expect((await d.db.select().from(staff).where(eq(staff.aadObjectId, 'aad-66')))).toHaveLength(0);
  });

  it('sets the council\'s approval reminders, checked and audited', async () => {
    const list = await staffList();
    const refused = await submit(admin(), list, 'council.escalation', { reminderWorkingDays: '0', escalationWorkingDays: '30' });
    expect(cardText(refused.card)).toContain('from 1 to 20');
    const saved = await submit(admin(), list, 'council.escalation', { reminderWorkingDays: '2', escalationWorkingDays: '4' });
    expect(cardText(saved.card)).toContain('reminded after 2 working day(s), and the Head of Service 4 working day(s) later');
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'council.approval_escalation_set')))[0]!.details).toMatchObject({ from: { reminderWorkingDays: 3, escalationWorkingDays: 3 }, to: { reminderWorkingDays: 2, escalationWorkingDays: 4 } });
  });
});

describe('deactivating someone', () => {
  it('their old cards and messages are refused with a clear message (and audited), until they are reactivated', async () => {
    const welcome = d.cardsIn(await d.say(d.people.caseworker, 'hi')).at(-1);
    await staffList();
    const alex = (await staffRow(d.people.caseworker.aadObjectId));
    const card = await openPerson(d.people.caseworker.aadObjectId);
    const noReason = await submit(admin(), card, 'staff.deactivate', { [`reason_${alex.id}`]: '' });
    expect(cardText(noReason.card)).toContain('Say why their access ends');
    expect((await staffRow(d.people.caseworker.aadObjectId)).active).toBe(true);
    const done = await submit(admin(), card, 'staff.deactivate', { [`reason_${alex.id}`]: 'Left the council on 25 November.' });
    expect(cardText(done.card)).toContain('Alex Wilber is deactivated');
    expect((await staffRow(d.people.caseworker.aadObjectId))).toMatchObject({ active: false, deactivationReason: 'Left the council on 25 November.' });
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'staff.deactivated')))[0]!.details).toMatchObject({ reason: 'Left the council on 25 November.' });

    // An old card of theirs (the welcome card's "My requests"), clicked after the deactivation.
    const old = await d.click(d.people.caseworker, 'request.list', findAction(welcome, 'request.list').data);
    expect(cardText(old.card)).toContain('Your Placement Desk access at Northshire Borough Council was ended on 26 November 2026');
    expect(cardText(old.card)).toContain('nothing was changed');
    const typed = d.textsIn(await d.say(d.people.caseworker, 'my requests')).join(' ');
    expect(typed).toContain('was ended on 26 November 2026');
    const refusals = (await d.db.select().from(auditLog).where(and(eq(auditLog.action, 'access.refused'), eq(auditLog.actorStaffId, alex.id))));
    expect(refusals.map((r) => [r.entityType, r.details])).toEqual([
      ['card_action', { reason: 'deactivated' }],
      ['message', { reason: 'deactivated' }],
    ]);

    const deactivatedCard = cardText(await openPerson(d.people.caseworker.aadObjectId));
    expect(deactivatedCard).toContain('Deactivated on 26 November 2026 by Helen Brooks: Left the council on 25 November.');
    const back = await d.click(admin(), 'staff.reactivate', findAction(await openPerson(d.people.caseworker.aadObjectId), 'staff.reactivate').data);
    expect(cardText(back.card)).toContain('Alex Wilber is active again');
    expect(cardText(d.cardsIn(await d.say(d.people.caseworker, 'whoami')).at(-1))).toContain('Northshire Borough Council');
  });

  it('a deactivated approver\'s pending approval card decides nothing, and a deactivated person is sent nothing more', async () => {
    (await seedCallOffProviders(d));
    await d.say(d.people.serviceManager, 'hi');
    await requestWithOffers(d);
    const evaluation = d.cardsIn(await d.say(d.people.placementsOfficer, 'evaluate PR-2026-0001')).at(-1);
    const offerId = findAction(evaluation, 'award.propose').data.offerId as number;
    await d.click(d.people.placementsOfficer, 'award.propose', { requestId: 1, offerId, [`rationale_${offerId}`]: 'Meets Section F, a September place, best value.', [`lowerRankReason_${offerId}`]: 'Not ranked yet: quality marks to follow after the visit.' });
    const posted = await d.settle();
    const approval = d.cardsIn(posted).find((c) => cardText(c).includes('Award proposal for PR-2026-0001'))!;

    await staffList();
    for (const p of [d.people.serviceManager, d.people.caseworker]) {
      const row = (await staffRow(p.aadObjectId));
      await submit(admin(), await openPerson(p.aadObjectId), 'staff.deactivate', { [`reason_${row.id}`]: 'Moved to another authority.' });
    }
    const clicked = await d.click(d.people.serviceManager, 'approval.decide', { ...findAction(approval, 'approval.decide', 'Approve').data, reason: '' }, { conversationId: TEAM.id });
    expect(cardText(clicked.card)).toContain('Your Placement Desk access at Northshire Borough Council was ended');
    expect((await d.db.select().from(awardProposals))[0]!.status).toBe('pending');

    // The Head of Service approves; the award notice for the (deactivated) caseworker is not delivered to them.
    const approved = await d.click(admin(), 'approval.decide', { ...findAction(approval, 'approval.decide', 'Approve').data, reason: '' }, { conversationId: TEAM.id });
    expect(cardText(approved.card)).toContain('Approved by Helen Brooks');
    expect((await d.db.select().from(awards))).toHaveLength(1);
    const delivered = await d.settle();
    expect(delivered.filter((s) => s.conversationId === d.personalConversation(d.people.caseworker))).toHaveLength(0);
    const notice = (await d.db.select().from(outbox)).find((o) => o.dedupKey.startsWith('award-caseworker:'))!;
    expect(notice).toMatchObject({ status: 'dead' });
    expect(notice.lastError).toContain('deactivated');
  });
});
