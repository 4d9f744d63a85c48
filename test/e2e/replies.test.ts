import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, isNull } from 'drizzle-orm';
import { auditLog, inboundMessages, offers, providerReplies, referrals } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, inputValues, startDriver, TEAM, type Driver } from '../support/driver.js';
import { clickCard, requestAtReferralStage, seedCallOffProviders } from '../support/flows.js';
import { composeMail, deliverToService, replyTo } from '../support/provider-mail.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
  (await seedCallOffProviders(d));
  await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
  await d.say(d.people.placementsOfficer, 'hi');
  await requestAtReferralStage(d);
  const card = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
  await d.click(d.people.placementsOfficer, 'shortlist.send', { ...inputValues(card), ...findAction(card, 'shortlist.send').data });
  await d.settle();
  clock.set('2026-11-30T11:00:00Z');
});
afterEach(async () => {
  await d.stop();
});

const larkfieldMail = () => d.smtp.received.find((m) => m.envelope.to[0] === 'admissions@larkfield.example.org')!;
const threadOf = () => d.connector.sent.find((s) => s.conversationId === TEAM.id && d.cardsIn([s]).some((c) => cardText(c).includes('New placement request')))!.id;

describe('provider replies', () => {
  it('an offer is routed by its reply address, relayed into the request thread, told to the caseworker, and confirmed by the officer', async () => {
    const raw = await replyTo(larkfieldMail(), 'Thank you. We can meet the needs and can offer a place.\nWeekly fee: £3,450 (38 weeks)\nEarliest start: 7/9/2027\n\nBest wishes,\nJo Admissions\nTel 01234 567890\nRegistered charity 1234567');
    expect((await deliverToService(d, raw)).outcome).toBe('routed');
    const reply = (await d.db.select().from(providerReplies))[0]!;
    expect(reply).toMatchObject({ kind: 'offer', providerId: 'FPS-7001', status: 'needs_confirmation' });
    expect(reply.extracted).toMatchObject({ weeklyFee: 3450, feeWeeksPerYear: 38, startDate: '2027-09-07', canMeetNeeds: true });
    expect((await d.db.select().from(inboundMessages))[0]).toMatchObject({ status: 'routed', routeMethod: 'token' });
    expect((await d.db.select().from(referrals).where(eq(referrals.contactEmail, 'admissions@larkfield.example.org')))[0]!.respondedAt).not.toBeNull();

    const relayed = await d.settle();
    const threadPost = relayed.find((s) => s.conversationId === `${TEAM.id};messageid=${threadOf()}`)!;
    const card = d.cardsIn([threadPost])[0];
    const text = cardText(card);
    expect(text).toContain('Offer of a place from Larkfield School');
    expect(text).toContain('Ofsted: Good');
    expect(text).toContain('£3,450');
    expect(text).toContain('We can meet the needs');
    expect(text).not.toContain('> '); // the quoted referral is not shown
    const toCaseworker = relayed.find((s) => s.conversationId === d.personalConversation(d.people.caseworker))!;
    expect(toCaseworker.activity.text).toContain('Larkfield School replied to request PR-2026-0001: an offer of a place');

    const refused = await clickCard(d, d.people.caseworker, card, 'reply.confirm');
    expect(cardText(refused.card)).toContain('placements officer');
    const confirmed = await clickCard(d, d.people.placementsOfficer, card, 'reply.confirm');
    expect(cardText(confirmed.card)).toContain('Confirmed by Priya Shah');
    expect(cardText(confirmed.card)).toContain('£131,100'); // 3,450 × 38
    expect((await d.db.select().from(offers))[0]).toMatchObject({ providerId: 'FPS-7001', weeklyFeePence: 345_000, weeksPerYear: 38, corrected: false, startDate: '2027-09-07' });

    const corrected = await clickCard(d, d.people.placementsOfficer, card, 'reply.confirm', { weeklyFee: '3500', addOnsWeekly: '250' });
    expect(cardText(corrected.card)).toContain('corrected by the officer');
    expect((await d.db.select().from(offers).where(isNull(offers.supersededAt)))[0]).toMatchObject({ weeklyFeePence: 350_000, addOnsWeeklyPence: 25_000, corrected: true, version: 2 });
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'offer.confirmed')))).toHaveLength(2);
  });

  it('says when it is unsure, and asks for the figures to be checked', async () => {
    const raw = await replyTo(larkfieldMail(), 'We could offer a place. The fee would be £3,200 per week, or £3,650 per week if 1:1 is needed all day.');
    await deliverToService(d, raw);
    const card = d.cardsIn(await d.settle()).find((c) => cardText(c).includes('Larkfield'));
    expect(cardText(card)).toMatch(/not sure I read this reply correctly|check/i);
    const bad = await d.click(d.people.placementsOfficer, 'reply.confirm', { ...findAction(card, 'reply.confirm').data, canMeetNeeds: 'true', weeklyFee: 'lots', weeksPerYear: '38' });
    expect(cardText(bad.card)).toContain('Give the core weekly fee in pounds');
    expect((await d.db.select().from(offers))).toHaveLength(0);
  });

  it('the same message delivered twice is recorded once', async () => {
    const raw = await replyTo(larkfieldMail(), 'We can offer a place at £3,450 per week, 38 weeks.');
    await deliverToService(d, raw);
    expect((await deliverToService(d, raw)).outcome).toBe('already');
    expect((await d.db.select().from(inboundMessages))).toHaveLength(1);
    expect((await d.db.select().from(providerReplies))).toHaveLength(1);
  });

  it('a spoofed sender with a valid reply address goes to triage, never attached; an officer attaches it, audited', async () => {
    const raw = await replyTo(larkfieldMail(), 'We can offer a place at £1,000 per week.', { from: 'someone@attacker.example.net' });
    expect((await deliverToService(d, raw)).outcome).toBe('triage');
    expect((await d.db.select().from(providerReplies))).toHaveLength(0);
    const posted = await d.settle();
    const triage = d.cardsIn(posted).find((c) => cardText(c).includes('A message needs a person'));
    expect(cardText(triage)).toMatch(/not registered for provider FPS-7001/);
    expect(posted.find((p) => d.cardsIn([p]).length)!.conversationId).toBe(TEAM.id);

    const wrongRole = await d.click(d.people.caseworker, 'triage.attach', { ...findAction(triage, 'triage.attach').data, [`referralId_${findAction(triage, 'triage.attach').data.inboundId}`]: '1' }, { conversationId: TEAM.id });
    expect(cardText(wrongRole.card)).toContain('placements officer');
    const referralId = (await d.db.select().from(referrals).where(eq(referrals.contactEmail, 'admissions@larkfield.example.org')))[0]!.id;
    const attached = await d.click(d.people.placementsOfficer, 'triage.attach', { ...findAction(triage, 'triage.attach').data, [`referralId_${findAction(triage, 'triage.attach').data.inboundId}`]: String(referralId) });
    expect(cardText(attached.card)).toContain('Attached by Priya Shah');
    expect((await d.db.select().from(inboundMessages))[0]).toMatchObject({ status: 'routed', routeMethod: 'manual' });
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'triage.attached')))).toHaveLength(1);
    const again = await d.click(d.people.placementsOfficer, 'triage.attach', { ...findAction(triage, 'triage.attach').data, [`referralId_${findAction(triage, 'triage.attach').data.inboundId}`]: String(referralId) });
    expect(cardText(again.card)).toContain('already been dealt with');
  });

  it('a forged reply address goes to triage even from a registered sender; a message can be dismissed with a reason', async () => {
    const original = larkfieldMail();
    const raw = await composeMail({
      from: 'admissions@larkfield.example.org',
      to: 'reply+1.aaaaaaaaaaaaaaaaaaaaaaaa@replies.northshire.example',
      subject: `Re: ${original.parsed.subject}`,
      text: 'We can offer a place at £2,000 per week.',
    });
    expect((await deliverToService(d, raw)).outcome).toBe('triage');
    expect((await d.db.select().from(inboundMessages))[0]!.problem).toMatch(/forged or altered/);
    const triage = d.cardsIn(await d.settle()).find((c) => cardText(c).includes('A message needs a person'));
    const dismissed = await d.click(d.people.placementsOfficer, 'triage.dismiss', { ...findAction(triage, 'triage.dismiss').data, [`reason_${findAction(triage, 'triage.dismiss').data.inboundId}`]: 'Suspicious: reply address altered.' });
    expect(cardText(dismissed.card)).toContain('Message dismissed');
    expect((await d.db.select().from(inboundMessages))[0]!.status).toBe('dismissed');
  });

  it('an out-of-office is noted on the referral without changing its state or posting', async () => {
    const raw = await replyTo(larkfieldMail(), 'I am out of the office until Monday 7 December with limited access to e-mail.', { headers: { 'Auto-Submitted': 'auto-replied' } });
    await deliverToService(d, raw);
    const referral = (await d.db.select().from(referrals).where(eq(referrals.contactEmail, 'admissions@larkfield.example.org')))[0]!;
    expect(referral.autoReplyAt).not.toBeNull();
    expect(referral.respondedAt).toBeNull();
    expect(referral.status).toBe('sent');
    expect(await d.settle()).toHaveLength(0);
  });

  it('an acknowledgement is shown in the request thread with its sentence, but the referral still awaits its answer and the caseworker is not told', async () => {
    const raw = await replyTo(larkfieldMail(), 'Thanks for this. I have passed the referral to our Head of Admissions and we will come back to you by Friday.\n\nJo');
    expect((await deliverToService(d, raw)).outcome).toBe('routed');
    expect((await d.db.select().from(providerReplies))[0]).toMatchObject({ kind: 'acknowledgement', status: 'noted' });
    const referral = (await d.db.select().from(referrals).where(eq(referrals.contactEmail, 'admissions@larkfield.example.org')))[0]!;
    expect(referral.respondedAt).toBeNull();
    const posted = await d.settle();
    expect(posted.every((p) => p.conversationId.startsWith(TEAM.id))).toBe(true);
    const card = d.cardsIn(posted).find((c) => cardText(c).includes('Larkfield'));
    expect(cardText(card)).toContain('Acknowledgement (an answer is to follow) from Larkfield School');
    expect(cardText(card)).toContain('I have passed the referral to our Head of Admissions and we will come back to you by Friday.');
    expect((await d.db.select().from(auditLog)).some((a) => a.action === 'reply.acknowledgement_noted')).toBe(true);
  });

  it('a bounce marks that contact undelivered and tells the placements officer', async () => {
    const head = larkfieldMail();
    const headRow = (await d.db.select().from(referrals).where(eq(referrals.contactEmail, 'head@larkfield.example.org')))[0]!;
    const bounce = Buffer.from(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.northshire.example>',
        'To: placements@northshire.example',
        'Subject: Undelivered Mail Returned to Sender',
        'Date: Mon, 30 Nov 2026 10:00:00 +0000',
        'Message-ID: <bounce-1@mx.northshire.example>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'This is the mail system. Your message could not be delivered to head@larkfield.example.org: mailbox unknown.',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.northshire.example',
        '',
        'Final-Recipient: rfc822; head@larkfield.example.org',
        'Action: failed',
        'Status: 5.1.1',
        '--b1',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${headRow.messageId}`,
        `Subject: ${head.parsed.subject}`,
        '--b1--',
        '',
      ].join('\r\n'),
    );
    expect((await deliverToService(d, bounce)).outcome).toBe('bounce');
    expect((await d.db.select().from(referrals).where(eq(referrals.id, headRow.id)))[0]!.status).toBe('undelivered');
    const told = d.textsIn(await d.settle());
    expect(told.find((t) => t.includes('bounced'))).toContain('head@larkfield.example.org');
  });

  it('a query gets an answer by e-mail in the same conversation', async () => {
    const raw = await replyTo(larkfieldMail(), 'Before we respond, could you tell us whether the young person has a diagnosis of PDA? Is transport arranged by the council?');
    await deliverToService(d, raw);
    const card = d.cardsIn(await d.settle()).find((c) => cardText(c).includes('Question from Larkfield School'));
    expect(card).toBeTruthy();
    const before = d.smtp.received.length;
    const answered = await clickCard(d, d.people.placementsOfficer, card, 'reply.answer', { message: 'No PDA diagnosis. Yes, the council arranges transport.' });
    expect(cardText(answered.card)).toContain('on its way');
    await d.settle();
    const answer = d.smtp.received.at(-1)!;
    expect(d.smtp.received.length).toBe(before + 1);
    expect(answer.envelope.to).toEqual(['admissions@larkfield.example.org']);
    expect(answer.parsed.subject).toMatch(/^Re: .*PR-2026-0001/);
    expect(answer.parsed.text).toContain('No PDA diagnosis');
    const providerMessageId = (await d.db.select().from(inboundMessages))[0]!.messageIdHeader;
    expect(answer.parsed.inReplyTo).toBe(providerMessageId);
    expect(answer.parsed.replyTo!.value[0]!.address).toMatch(/^reply\+\d+\./);
  });
});
