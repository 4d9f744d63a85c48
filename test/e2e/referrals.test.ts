import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, outbox, placementRequests, referrals, shortlists } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { parseReplyAddress } from '../../src/domain/reply-token.js';
import { cardText, findAction, inputValues, startDriver, TEAM, type Driver, type DriverOptions } from '../support/driver.js';
import { clickCard, requestAtReferralStage, seedCallOffProviders } from '../support/flows.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

async function start(options: DriverOptions = {}) {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock, ...options });
  (await seedCallOffProviders(d));
  await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
  await d.say(d.people.placementsOfficer, 'hi');
  await requestAtReferralStage(d);
}
afterEach(async () => {
  await d?.stop();
});

async function openShortlist() {
  return d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
}

async function sendDefaultShortlist() {
  const card = await openShortlist();
  const sent = await d.click(d.people.placementsOfficer, 'shortlist.send', { ...inputValues(card), ...findAction(card, 'shortlist.send').data });
  expect(cardText(sent.card)).toContain('Referrals are on their way');
  return sent;
}

describe('shortlist', () => {
  it('proposes providers from the register with every inclusion and exclusion explained', async () => {
    await start();
    const text = cardText(await openShortlist());
    expect(text).toContain('2 included, 6 excluded');
    expect(text).toMatch(/Larkfield School \(FPS-7001\)/);
    expect(text).toMatch(/Moorside Academy \(FPS-7002\)/);
    expect(text).toMatch(/excluded: age 4–11/);
    expect(text).toMatch(/excluded: latest inspection Inadequate/);
    expect(text).toMatch(/excluded: suspended/);
    expect(text).toMatch(/excluded: not on lot 1/);
    expect(text).toMatch(/girls only|excluded: .*female|sex/i);
    expect(text).toMatch(/excluded: does not cover ASD/);
    expect(text).toContain('Thursday 10 December 2026'.slice(0, 0) || 'Providers to reply by');
    expect((await d.db.select().from(shortlists))[0]!.responseDeadline).toBe('2026-12-10');
  });

  it('only a placements officer prepares it; the caseworker is told who does', async () => {
    await start();
    const sent = await d.say(d.people.caseworker, 'shortlist PR-2026-0001');
    expect(d.textsIn(sent).join(' ')).toContain('placements officer');
  });

  it('adding or removing a provider needs a reason, recorded on each change; bad deadlines are refused', async () => {
    await start();
    const card = await openShortlist();
    const save = (answers: Record<string, string>) => clickCard(d, d.people.placementsOfficer, card, 'shortlist.save', answers);
    const noReason = await save({ 'include_FPS-7002': 'false', 'include_FPS-7006': 'true' });
    expect(cardText(noReason.card)).toContain('give the reason');
    // What was ticked is still ticked on the card that asks for the reason.
    expect(inputValues(noReason.card)).toMatchObject({ 'include_FPS-7002_shortlist1': 'false', 'include_FPS-7006_shortlist1': 'true' });
    const weekend = await save({ responseDeadline: '2026-12-12' });
    expect(cardText(weekend.card)).toContain('working day');
    const tooSoon = await save({ responseDeadline: '2026-11-27' });
    expect(cardText(tooSoon.card)).toContain('at least 3 working days');

    const saved = await save({
      'include_FPS-7002': 'false', 'include_FPS-7006': 'true', changeReason: 'Moorside is full until 2028; Sandpiper offers day places by agreement.', priceWeight: '60', responseDeadline: '2026-12-14',
    });
    expect(cardText(saved.card)).toContain('Shortlist saved');
    const row = (await d.db.select().from(shortlists))[0]!;
    expect(row).toMatchObject({ priceWeight: 60, qualityWeight: 40, responseDeadline: '2026-12-14', status: 'draft' });
    const moorside = row.entries.find((e) => e.providerId === 'FPS-7002')!;
    expect(moorside).toMatchObject({ included: true, selected: false, officerReason: expect.stringContaining('full until 2028') });
    expect(row.entries.find((e) => e.providerId === 'FPS-7006')).toMatchObject({ included: false, selected: true });
    const audit = (await d.db.select().from(auditLog).where(eq(auditLog.action, 'shortlist.saved')))[0]!;
    expect(audit.details.officerChanges).toEqual(
      expect.arrayContaining([expect.objectContaining({ providerId: 'FPS-7002', change: 'removed' }), expect.objectContaining({ providerId: 'FPS-7006', change: 'added' })]),
    );
  });
});

describe('adding a provider the rules excluded (issue 12, finding 2)', () => {
  it('a provider ticked on the card, the way a Teams client sends it, is added and gets the referral', async () => {
    await start();
    const card = await openShortlist();
    const sent = await clickCard(d, d.people.placementsOfficer, card, 'shortlist.send', {
      'include_FPS-7006': 'true',
      changeReason: 'Sandpiper offers day places by agreement and has a vacancy.',
    });
    expect(cardText(sent.card)).toContain('Referrals are on their way');
    expect(cardText(sent.card)).toContain('to 3 provider(s)');
    await d.settle();
    const sandpiper = (await d.db.select().from(referrals)).filter((r) => r.providerId === 'FPS-7006');
    expect(sandpiper).toHaveLength(1);
    const entry = (await d.db.select().from(shortlists))[0]!.entries.find((e) => e.providerId === 'FPS-7006')!;
    expect(entry).toMatchObject({ included: false, selected: true, officerReason: expect.stringContaining('Sandpiper') });
  });
});

describe('sending referrals', () => {
  it('sends one pseudonymised e-mail per provider contact with its own Message-ID and signed reply address', async () => {
    await start();
    await sendDefaultShortlist();
    const posted = await d.settle();
    expect(d.smtp.received).toHaveLength(3); // Larkfield has two contacts, Moorside one
    const rows = (await d.db.select().from(referrals));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    for (const mail of d.smtp.received) {
      const row = rows.find((r) => r.contactEmail === mail.envelope.to[0])!;
      expect(mail.parsed.messageId).toBe(row.messageId);
      const replyTo = mail.parsed.replyTo!.value[0]!.address!;
      expect(replyTo).toMatch(/^reply\+\d+\.[a-z0-9]+@replies\.northshire\.example$/);
      expect(replyTo.split('@')[0]!.length).toBeLessThanOrEqual(64);
      expect(parseReplyAddress(replyTo, d.config.REPLY_TOKEN_SECRET, d.config.REPLY_DOMAIN)).toEqual({ referralId: row.id });
      expect(mail.parsed.subject).toContain('PR-2026-0001');
      expect(mail.parsed.text).toContain('JS');
      expect(mail.parsed.text).toContain('WA7');
      expect(mail.parsed.html).toContain('PR-2026-0001');
      expect(mail.parsed.text).toMatch(/Weekly fee/);
      const everything = mail.raw.toString('utf8');
      // Pseudonymised: no date of birth, no case reference, no full postcode.
      expect(everything).not.toContain('2015-03-04');
      expect(everything).not.toContain('04/03/2015');
      expect(everything).not.toContain('EHC-1001');
    }
    expect(d.textsIn(posted).find((t) => t.includes('Referrals for PR-2026-0001 sent to 2 provider(s)'))).toBeTruthy();
    expect(posted.find((p) => d.textsIn([p]).length)?.conversationId).toMatch(new RegExp(`^${TEAM.id};messageid=`));

    await d.settle();
    expect(d.smtp.received).toHaveLength(3);
    const again = await d.click(d.people.placementsOfficer, 'shortlist.save', { shortlistId: 1, version: 99, priceWeight: '90' });
    expect(cardText(again.card)).toContain('weighting are fixed');

    const list = cardText(d.cardsIn(await d.say(d.people.caseworker, 'my requests')).at(-1));
    expect(list).toContain('Waiting for replies (sent to 2 providers, 0 replied, replies due 10 December 2026)');
    const status = cardText(d.cardsIn(await d.say(d.people.caseworker, 'referrals PR-2026-0001')).at(-1));
    expect(status).toContain('0 of 2 providers have replied');
  });

  it('retries when the SMTP server refuses; once it answers, the e-mails waiting for it go at once, each once, with the Message-ID fixed at queueing', async () => {
    await start({ smtp: { refuse: (stage, { count }) => (stage === 'mailFrom' && count <= 2 ? { code: 451, text: 'Temporary local problem' } : undefined) } });
    await sendDefaultShortlist();
    const queued = (await d.db.select().from(outbox).where(eq(outbox.kind, 'email')));
    const referralRows = await d.db.select().from(referrals);
    expect(queued.every((o) => o.messageId && o.messageId === referralRows.find((r) => r.id === (o.payload as { referralId: number }).referralId)!.messageId)).toBe(true);
    await d.settle();
    // Two were refused with 451; the third went through, so the two waiting for the server were tried again straight away.
    expect(d.smtp.counts.mailFrom).toBe(5);
    expect(d.smtp.received).toHaveLength(3);
    expect(new Set(d.smtp.received.map((m) => m.parsed.messageId))).toEqual(new Set(queued.map((o) => o.messageId)));
    const sent = (await d.db.select().from(outbox).where(eq(outbox.kind, 'email')));
    expect(sent.map((o) => [o.status, o.attempts]).sort()).toEqual([['sent', 1], ['sent', 2], ['sent', 2]]);
    expect((await d.db.select().from(referrals)).every((r) => r.status === 'sent')).toBe(true);
    clock.advanceMs(3_600_000);
    await d.settle();
    expect(d.smtp.received).toHaveLength(3);
  });

  it('keeps retrying for days (every 15 minutes at most), then marks the referral failed, names it, and offers the officer "Send again"', async () => {
    await start({ smtp: { refuse: (stage) => (stage === 'mailFrom' ? { code: 421, text: 'Service not available' } : undefined) } });
    await sendDefaultShortlist();
    const cards: any[] = [];
    for (let hours = 0; hours <= 70; hours += 5) {
      cards.push(...d.cardsIn(await d.settle()));
      clock.advanceMs(5 * 3_600_000);
    }
    // Three days after queueing nothing is given up yet…
    expect((await d.db.select().from(outbox).where(eq(outbox.kind, 'email'))).every((o) => o.status === 'pending')).toBe(true);
    expect((await d.db.select().from(referrals)).every((r) => r.status === 'queued')).toBe(true);
    clock.advanceMs(5 * 3_600_000);
    cards.push(...d.cardsIn(await d.settle()));
    // …after the retry period (72 hours by default) it is.
    const rows = (await d.db.select().from(referrals));
    expect(rows.every((r) => r.status === 'failed')).toBe(true);
    expect(rows[0]!.lastError).toMatch(/SMTP_UNAVAILABLE/);
    const dead = (await d.db.select().from(outbox).where(eq(outbox.kind, 'email')));
    expect(dead.every((o) => o.status === 'dead' && o.attempts >= 15)).toBe(true);
    const failures = cards.filter((c) => cardText(c).includes('The referral for PR-2026-0001 could not be sent'));
    expect(failures).toHaveLength(3);
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'referral.failed')))).toHaveLength(3);
    expect(d.smtp.received).toHaveLength(0);

    const again = await d.click(d.people.placementsOfficer, 'outbox.retry', findAction(failures[0], 'outbox.retry').data);
    expect(cardText(again.card)).toContain('Queued again by Priya Shah');
    const requeued = (await d.db.select().from(outbox).where(eq(outbox.id, findAction(failures[0], 'outbox.retry').data.outboxId as number)))[0]!;
    expect(requeued.status).toBe('pending');
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'delivery.requeued')))).toHaveLength(1);
    const twice = await d.click(d.people.placementsOfficer, 'outbox.retry', findAction(failures[0], 'outbox.retry').data);
    expect(cardText(twice.card)).toContain('already queued to be sent again');
    const caseworker = await d.click(d.people.caseworker, 'outbox.retry', findAction(failures[1], 'outbox.retry').data);
    expect(cardText(caseworker.card)).toContain('sent again by a placements officer');
  });

  it('a crash after commit and before sending loses nothing and sends once after restart', async () => {
    await start({ deliverOnCommit: false });
    await sendDefaultShortlist();
    expect(d.smtp.received).toHaveLength(0);
    expect((await d.db.select().from(referrals)).every((r) => r.status === 'queued')).toBe(true);
    await d.restart();
    await d.settle();
    await d.settle();
    expect(d.smtp.received).toHaveLength(3);
    expect((await d.db.select().from(referrals)).every((r) => r.status === 'sent')).toBe(true);
  });
});

describe('reminders and the deadline', () => {
  it('reminds once 2 working days before the deadline those who have not answered, then shows the officer who answered', async () => {
    await start();
    await sendDefaultShortlist();
    await d.settle();
    const moorside = (await d.db.select().from(referrals).where(eq(referrals.providerId, 'FPS-7002')))[0]!;
    (await d.db.update(referrals).set({ respondedAt: '2026-12-01T09:00:00.000Z' }).where(eq(referrals.id, moorside.id)));

    clock.set('2026-12-07T09:00:00Z'); // Monday: 3 working days before Thursday 10 December
    await d.tick();
    expect(d.smtp.received).toHaveLength(3);

    clock.set('2026-12-08T09:00:00Z'); // Tuesday: 2 working days before
    await d.tick();
    const reminders = d.smtp.received.slice(3);
    expect(reminders).toHaveLength(2);
    expect(reminders.every((m) => m.parsed.subject?.startsWith('Reminder'))).toBe(true);
    expect(reminders.every((m) => m.envelope.to[0]!.endsWith('@larkfield.example.org'))).toBe(true);
    const larkfield = (await d.db.select().from(referrals).where(eq(referrals.providerId, 'FPS-7001')));
    expect(reminders.map((m) => m.parsed.inReplyTo).sort()).toEqual(larkfield.map((r) => r.messageId).sort());

    clock.set('2026-12-09T09:00:00Z');
    await d.tick();
    expect(d.smtp.received).toHaveLength(5);

    clock.set('2026-12-10T12:00:00Z'); // deadline day, before close
    expect(d.cardsIn(await d.tick())).toHaveLength(0);
    clock.set('2026-12-10T17:30:00Z');
    const notice = await d.tick();
    const card = d.cardsIn(notice)[0];
    expect(notice[0]!.conversationId).toBe(d.personalConversation(d.people.placementsOfficer));
    expect(cardText(card)).toContain('1 of 2 providers have replied');
    expect(cardText(card)).toMatch(/Moorside Academy\*\*: ✅ replied/);
    expect(cardText(card)).toMatch(/Larkfield School\*\*: ⏳ no reply yet/);
    expect(d.cardsIn(await d.tick())).toHaveLength(0);

    const extended = await d.click(d.people.placementsOfficer, 'responses.extend', { ...findAction(card, 'responses.extend').data, deadline: '2026-12-15' });
    expect(cardText(extended.card)).toContain('Deadline extended');
    clock.set('2026-12-15T18:00:00Z');
    const second = d.cardsIn(await d.tick())[0];
    expect(cardText(second)).toContain('Tuesday 15 December 2026');
    expect(d.smtp.received).toHaveLength(5);

    const closed = await d.click(d.people.placementsOfficer, 'responses.close', findAction(second, 'responses.close').data);
    expect(cardText(closed.card)).toContain('Responses closed');
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('evaluation');
    expect(d.textsIn(await d.settle()).join(' ')).toContain('Responses for PR-2026-0001 closed: 1 of 2 providers replied');
  });
});

describe('the appraisal after referrals', () => {
  it('cannot be revised once referrals have gone to providers', async () => {
    await start();
    await sendDefaultShortlist();
    const form = d.cardsIn(await d.say(d.people.caseworker, 'revise appraisal PR-2026-0001')).at(-1);
    const refused = await d.click(d.people.caseworker, 'appraisal.revise', { ...findAction(form, 'appraisal.revise').data, reason: 'Trying to change the route after referrals.' });
    expect(cardText(refused.card)).toContain('can no longer be revised');
  });
});
