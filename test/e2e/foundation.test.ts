import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, conversationReferences } from '../../src/db/schema/index.js';
import { cardText, startDriver, TEAM, type Driver } from '../support/driver.js';

let d: Driver;
beforeEach(async () => {
  d = await startDriver();
});
afterEach(async () => {
  await d.stop();
});

describe('foundation conversation', () => {
  it('welcomes a known user on install and on first message, naming their council', async () => {
    const installed = await d.install(d.people.caseworker);
    const [card] = d.cardsIn(installed);
    expect(cardText(card)).toContain('Welcome to Placement Desk, Alex');
    expect(cardText(card)).toContain('Northshire Borough Council');

    const other = await d.say(d.people.serviceManager, 'whoami');
    const cards = d.cardsIn(other);
    expect(cards).toHaveLength(2);
    expect(cardText(cards[0])).toContain('Welcome to Placement Desk, Sam');
    expect(cardText(cards[1])).toContain('£150,000 a year');

    const again = await d.say(d.people.serviceManager, 'whoami');
    expect(d.cardsIn(again)).toHaveLength(1);
  });

  it('help lists what the user\'s roles allow', async () => {
    await d.say(d.people.caseworker, 'hi');
    const caseworkerHelp = cardText(d.cardsIn(await d.say(d.people.caseworker, 'help'))[0]);
    expect(caseworkerHelp).toContain('whoami');
    expect(caseworkerHelp).not.toContain('use this channel for approvals');

    await d.say(d.people.headOfService, 'hi');
    const adminHelp = cardText(d.cardsIn(await d.say(d.people.headOfService, 'HELP'))[0]);
    expect(adminHelp).toContain('use this channel for approvals');
  });

  it('whoami tells the council, roles and identity', async () => {
    await d.say(d.people.headOfService, 'hi');
    const text = cardText(d.cardsIn(await d.say(d.people.headOfService, 'whoami'))[0]);
    expect(text).toContain('Northshire Borough Council');
    expect(text).toContain('Head of Service, Administrator');
    expect(text).toContain('aad-3');
    expect(text).toContain('Any value (Head of Service)');
  });

  it('tells an unknown user how to get added and reveals nothing', async () => {
    const sent = await d.say(d.people.stranger, 'whoami');
    const text = cardText(d.cardsIn(sent)[0]);
    expect(text).toContain("I don't know you yet");
    expect(text).toContain('aad-999');
    expect(text).not.toMatch(/Northshire|Westbay/);
    const click = await d.click(d.people.stranger, 'whoami.show');
    expect(cardText(click.card)).toContain("I don't know you yet");
  });

  it('answers an unknown command with a pointer to help', async () => {
    await d.say(d.people.caseworker, 'hi');
    const sent = await d.say(d.people.caseworker, 'order pizza');
    expect(d.textsIn(sent)[0]).toMatch(/don't know "order pizza".*help/);
  });

  it('an administrator registers the approvals channel; the reference is stored and audited', async () => {
    const sent = await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
    expect(d.textsIn(sent)[0]).toContain('this channel is now the approvals channel for Northshire Borough Council');
    const refs = (await d.db.select().from(conversationReferences).where(eq(conversationReferences.purpose, 'approvals_channel')));
    expect(refs).toHaveLength(1);
    expect(refs[0]!.conversationId).toBe(TEAM.id);
    expect((refs[0]!.reference as any).conversation.id).toBe(TEAM.id);
    expect((refs[0]!.reference as any).serviceUrl).toBe(d.connector.url);
    const audit = (await d.db.select().from(auditLog).where(eq(auditLog.action, 'approvals_channel.registered')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorStaffId).not.toBeNull();
  });

  it('refuses channel registration by a non-administrator and in a personal chat', async () => {
    const refused = await d.sayInChannel(d.people.caseworker, 'use this channel for approvals');
    expect(d.textsIn(refused)[0]).toContain('Only an administrator');
    await d.say(d.people.headOfService, 'hi');
    const personal = await d.say(d.people.headOfService, 'use this channel for approvals');
    expect(d.textsIn(personal)[0]).toContain('team channel');
    expect((await d.db.select().from(conversationReferences).where(eq(conversationReferences.purpose, 'approvals_channel')))).toHaveLength(0);
  });

  it('answers card clicks with a card, and 501 for an unknown verb', async () => {
    const help = await d.click(d.people.caseworker, 'help.show', { forged: '<script>' });
    expect(help.status).toBe(200);
    expect(help.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(help.card)).toContain('help');
    const unknown = await d.click(d.people.caseworker, 'no.such.verb');
    expect(unknown.status).toBe(501);
  });

  it('rejects a malformed body with 400 and keeps serving', async () => {
    const res = await fetch(`${d.app.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
    expect(res.status).toBe(400);
    const sent = await d.say(d.people.caseworker, 'whoami');
    expect(d.cardsIn(sent).length).toBeGreaterThan(0);
  });

  it('keeps what it knows across a restart (same database)', async () => {
    await d.say(d.people.caseworker, 'hi');
    await d.restart();
    const sent = await d.say(d.people.caseworker, 'whoami');
    expect(d.cardsIn(sent)).toHaveLength(1);
  });
});
