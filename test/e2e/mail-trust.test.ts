import { spawnSync } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, awards, inboundMessages, offers, outbox, referrals, staff } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import type { Db } from '../../src/db/client.js';
import { cardText, findAction, inputValues, startDriver, TEAM, type Driver } from '../support/driver.js';
import { EvidenceFixture } from '../support/evidence-fixture.js';
import { requestWithOffers, seedCallOffProviders } from '../support/flows.js';
import { people, seedPeople, type TestPerson } from '../support/people.js';
import { composeMail, deliverToService, replyTo } from '../support/provider-mail.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

/** Westbay's placements officer and a regional administrator (of the lead council), beside the usual cast. */
const westbayOfficer: TestPerson = { name: 'Wes Tennant', aadObjectId: 'aad-20', tenantId: 'tenant-1', teamsId: '29:aad-20' };
const regionalAdmin: TestPerson = { name: 'Rhona Gale', aadObjectId: 'aad-21', tenantId: 'tenant-1', teamsId: '29:aad-21' };

async function seed(db: Db) {
  const { councilIds } = (await seedPeople(db));
  (await db.insert(staff).values({ councilId: councilIds.WESTBAY, name: westbayOfficer.name, email: 'wes@westbay.example', aadObjectId: westbayOfficer.aadObjectId, tenantId: 'tenant-1', roles: ['placements_officer'], approvalLimit: 0 }));
  (await db.insert(staff).values({ councilId: councilIds.NWDEMO, name: regionalAdmin.name, email: 'rhona@region.example', aadObjectId: regionalAdmin.aadObjectId, tenantId: 'tenant-1', roles: ['regional_admin'], approvalLimit: 0 }));
}

async function start(options: Parameters<typeof startDriver>[0] = {}) {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock, seedWith: seed, ...options });
  (await seedCallOffProviders(d));
}
afterEach(async () => {
  await d?.stop();
});

function larkfieldReferralMail() {
  return d.smtp.received.find((m) => m.envelope.to[0] === 'admissions@larkfield.example.org')!;
}

async function withReferralsOut() {
  await requestWithOffers(d);
}

/** Westbay also has a PR-2026-0001, referred to Larkfield (built straight into its tables). */
async function westbayAlsoHasPr0001() {
  const westbay = (await d.db.select().from(staff).where(eq(staff.aadObjectId, people.otherAdmin.aadObjectId)))[0]!.councilId;
  const f = new EvidenceFixture(d.db, westbay, 'otherAdmin');
  const request = (await f.request('PR-2026-0001', 'responses', 'otherCaseworker'));
  (await f.appraisal(request.id));
  const shortlist = (await f.shortlist(request.id, [{ providerId: 'FPS-7001', providerName: 'Larkfield School', included: true, selected: true, reasons: ['included: lot 1'] }]));
  (await f.referral(request.id, shortlist.id, 'FPS-7001', 'admissions@larkfield.example.org', { status: 'sent', sentAt: '2026-11-26T09:00:00.000Z' }));
}

async function triageSeenBy(p: TestPerson): Promise<string[]> {
  await d.say(p, 'hi');
  const sent = await d.say(p, 'triage');
  return [...d.textsIn(sent), ...d.cardsIn(sent).map(cardText)];
}

function triageList() {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'triage-list'], { env: { ...process.env, ...databaseEnv(d.dbPath), LOG_LEVEL: 'silent' }, encoding: 'utf8' });
}

describe('every inbound message reaches a person', () => {
  it('a registered provider writing only "PR-2026-0001", which two councils have, waits where both councils and the regional administrators see it', async () => {
    await start();
    await withReferralsOut();
    (await westbayAlsoHasPr0001());
    const raw = await composeMail({ from: 'admissions@larkfield.example.org', to: 'placements@northshire.example', subject: 'PR-2026-0001 update', text: 'We have a place for the young person in PR-2026-0001.' });
    expect((await deliverToService(d, raw)).outcome).toBe('triage');
    const row = (await d.db.select().from(inboundMessages).where(eq(inboundMessages.status, 'triage')))[0]!;
    expect(row.councilId).toBeNull();
    expect(row.candidateCouncilIds).toHaveLength(2);
    const announced = d.textsIn(await d.settle());
    expect(announced.filter((t) => t.includes('could belong to another council too'))).toHaveLength(1);
    expect(announced.join('\n')).not.toContain('We have a place');
    for (const p of [people.placementsOfficer, westbayOfficer, regionalAdmin]) expect((await triageSeenBy(p)).join('\n'), p.name).toContain('We have a place for the young person');
    expect((await triageSeenBy(people.caseworker)).join('\n')).not.toContain('We have a place');
    const listed = triageList();
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('regional queue (could be councils');
    expect(listed.stdout).not.toContain('We have a place');
  });

  it('mail from an address in no register, with no reference, goes to the regional queue; a regional administrator gives it to a council, audited', async () => {
    await start();
    await withReferralsOut();
    const raw = await composeMail({ from: 'new.head@unlisted-school.example', to: 'placements@northshire.example', subject: 'Our new school', text: 'We are a new special school and would like to be considered for referrals.' });
    expect((await deliverToService(d, raw)).outcome).toBe('triage');
    const row = (await d.db.select().from(inboundMessages).where(eq(inboundMessages.status, 'triage')))[0]!;
    expect(row).toMatchObject({ councilId: null, candidateCouncilIds: [] });
    expect((await triageSeenBy(people.placementsOfficer)).join('\n')).not.toContain('new special school');
    await d.say(regionalAdmin, 'hi');
    const queue = d.cardsIn(await d.say(regionalAdmin, 'triage')).at(-1);
    expect(cardText(queue)).toContain('new special school');
    const northshire = (await d.db.select().from(staff).where(eq(staff.aadObjectId, people.caseworker.aadObjectId)))[0]!.councilId;
    const given = await d.click(regionalAdmin, 'triage.assign', { ...inputValues(queue), ...findAction(queue, 'triage.assign').data, [`councilId_${row.id}`]: String(northshire) });
    expect(cardText(given.card)).toContain('Given by Rhona Gale');
    expect((await d.db.select().from(inboundMessages).where(eq(inboundMessages.id, row.id)))[0]!.councilId).toBe(northshire);
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'triage.assigned')))).toHaveLength(1);
    expect((await triageSeenBy(people.placementsOfficer)).join('\n')).toContain('new special school');
    const refused = await d.click(people.placementsOfficer, 'triage.assign', { ...findAction(queue, 'triage.assign').data, [`councilId_${row.id}`]: String(northshire) });
    expect(cardText(refused.card)).toContain('Only a regional administrator');
  });

  it('after every kind of message, none is left unseen: each is attached, noted, applied as a bounce, dismissed or waiting where someone sees it', async () => {
    await start();
    await withReferralsOut();
    (await westbayAlsoHasPr0001());
    const referral = larkfieldReferralMail();
    const headRow = (await d.db.select().from(referrals).where(eq(referrals.contactEmail, 'admissions@larkfield.example.org')))[0]!;
    const messages = [
      await replyTo(referral, 'Thank you, we will come back to you by Friday.'),
      await replyTo(referral, 'I am out of the office until Monday.', { headers: { 'Auto-Submitted': 'auto-replied' } }),
      await composeMail({ from: 'admissions@larkfield.example.org', to: 'placements@northshire.example', subject: 'PR-2026-0001', text: 'Ambiguous between two councils.' }),
      await composeMail({ from: 'stranger@unknown.example', to: 'placements@northshire.example', subject: 'Hello', text: 'No reference at all.' }),
      await composeMail({ from: 'spam@offers.example', to: 'placements@northshire.example', subject: 'Cheap printer ink', text: 'Buy now.' }),
      await composeMail({ from: 'someone@evil.example', to: 'placements@northshire.example', subject: 'Undeliverable: referral', text: 'Delivery failed.', inReplyTo: headRow.messageId, references: [headRow.messageId] }),
      await replyTo(referral, 'We can offer a place at £3,100 a week for 38 weeks.', { from: 'impostor@larkfield-school.example' }),
    ];
    for (const raw of messages) await deliverToService(d, raw);
    await d.settle();
    const everyone = [people.placementsOfficer, westbayOfficer, regionalAdmin];
    const seen = new Map<TestPerson, string>();
    for (const p of everyone) seen.set(p, (await triageSeenBy(p)).join('\n'));
    const rows = (await d.db.select().from(inboundMessages));
    expect(rows.filter((r) => r.status === 'stored' || r.status === 'quarantined')).toEqual([]);
    for (const row of rows.filter((r) => r.status === 'triage')) {
      const subject = row.subject ?? '';
      expect([...seen.values()].some((text) => text.includes(subject)), `message ${row.id} (${subject}) is seen by someone`).toBe(true);
    }
    expect((await d.db.select().from(referrals).where(eq(referrals.id, headRow.id)))[0]!.status).toBe('sent');
  });
});

describe('mail authenticity', () => {
  it('a forged bounce (a subject and a referral\'s Message-ID, from anyone) changes nothing; a real DSN naming another recipient does not either', async () => {
    await start();
    await withReferralsOut();
    const headRow = (await d.db.select().from(referrals).where(eq(referrals.contactEmail, 'head@larkfield.example.org')))[0]!;
    const forged = await composeMail({ from: 'MAILER-DAEMON@evil.example', to: 'placements@northshire.example', subject: 'Undeliverable: Referral PR-2026-0001', text: 'Your message could not be delivered.', inReplyTo: headRow.messageId, references: [headRow.messageId] });
    expect((await deliverToService(d, forged)).outcome).toBe('triage');
    expect((await d.db.select().from(referrals).where(eq(referrals.id, headRow.id)))[0]!.status).toBe('sent');
    const dsnFor = (recipient: string) =>
      Buffer.from(
        [
          'From: Mail Delivery System <MAILER-DAEMON@mx.northshire.example>',
          'To: placements@northshire.example',
          'Subject: Undelivered Mail Returned to Sender',
          'Date: Mon, 30 Nov 2026 10:00:00 +0000',
          `Message-ID: <dsn-${recipient}@mx.northshire.example>`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain',
          '',
          `Your message could not be delivered to ${recipient}.`,
          '--b1',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.northshire.example',
          '',
          `Final-Recipient: rfc822; ${recipient}`,
          'Action: failed',
          'Status: 5.1.1',
          '--b1',
          'Content-Type: text/rfc822-headers',
          '',
          `Message-ID: ${headRow.messageId}`,
          '--b1--',
          '',
        ].join('\r\n'),
      );
    expect((await deliverToService(d, dsnFor('someone.else@larkfield.example.org'))).outcome).not.toBe('bounce');
    expect((await d.db.select().from(referrals).where(eq(referrals.id, headRow.id)))[0]!.status).toBe('sent');
    expect((await deliverToService(d, dsnFor('head@larkfield.example.org'))).outcome).toBe('bounce');
    expect((await d.db.select().from(referrals).where(eq(referrals.id, headRow.id)))[0]!.status).toBe('undelivered');
  });

  it('a message our own mail server found failing DMARC is held with the reason, even from a registered sender with a valid reply address; others\' verdicts are ignored', async () => {
    await start({ env: { TRUSTED_AUTHSERV_IDS: 'mx.northshire.example' } });
    await withReferralsOut();
    const failing = await replyTo(larkfieldReferralMail(), 'We can offer a place, weekly fee £2,900.', {
      headers: { 'Authentication-Results': 'mx.northshire.example; spf=fail smtp.mailfrom=larkfield.example.org; dkim=none; dmarc=fail header.from=larkfield.example.org' },
    });
    expect((await deliverToService(d, failing)).outcome).toBe('triage');
    const held = (await d.db.select().from(inboundMessages).where(eq(inboundMessages.status, 'triage')))[0]!;
    expect(held.problem).toContain('dmarc=fail');
    const card = d.cardsIn(await d.settle()).find((c) => cardText(c).includes('A message needs a person'))!;
    expect(cardText(card)).toContain('our mail server could not confirm who sent it');
    const forgedVerdict = await replyTo(larkfieldReferralMail(), 'Weekly fee £2,950, 38 weeks.', {
      headers: { 'Authentication-Results': 'mx.attacker.example; dmarc=fail' },
    });
    expect((await deliverToService(d, forgedVerdict)).outcome).toBe('routed');
  });

  it('provider text is text: a link written as Markdown in an e-mail is never a link in a card', async () => {
    await start();
    await withReferralsOut();
    const phishing = await replyTo(larkfieldReferralMail(), 'Please [Confirm your login](https://evil.example/login) and **URGENT** see www.evil.example today.');
    await deliverToService(d, phishing);
    const triaged = await composeMail({ from: 'stranger@unknown.example', to: 'placements@northshire.example', subject: '[Reset](https://evil.example/reset)', text: 'Click [here](https://evil.example/x).' });
    await deliverToService(d, triaged);
    const cards = d.cardsIn(await d.settle());
    await d.say(regionalAdmin, 'hi');
    cards.push(...d.cardsIn(await d.say(regionalAdmin, 'triage')));
    const shown = cards.filter((c) => JSON.stringify(c).includes('evil'));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    for (const card of shown) {
      const json = JSON.stringify(card);
      expect(json).not.toMatch(/\]\((?:https?:)?\/\//);
      expect(json).not.toContain('https://evil');
      expect(json).not.toContain('www.evil');
      // Markdown is read only in TextBlocks and facts: there the provider's ** must arrive escaped.
      for (const markdown of markdownTexts(card)) expect(markdown).not.toMatch(/(?<!\\)\*\*URGENT/);
    }
  });
});

/** The strings Teams reads as Markdown: TextBlock texts and fact titles and values (TextRuns are never Markdown). */
function markdownTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(markdownTexts);
  if (!node || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  const own = n.type === 'TextBlock' && typeof n.text === 'string' ? [n.text] : n.type === 'FactSet' ? (n.facts as Array<{ title: string; value: string }>).flatMap((f) => [f.title, f.value]) : [];
  return [...own, ...Object.entries(n).filter(([k]) => k !== 'facts').flatMap(([, v]) => markdownTexts(v))];
}

describe('e-mails named for what they are', () => {
  it('a failed award letter is audited as such and the officer and the approver are told, with Send again; award letters keep one Message-ID across attempts', async () => {
    let moorsideRefuses = false;
    await start({ smtp: { refuse: (stage, { address }) => (moorsideRefuses && stage === 'rcptTo' && address === 'referrals@moorside.example.org' ? { code: 550, text: 'Mailbox unavailable' } : undefined) } });
    await requestWithOffers(d);
    moorsideRefuses = true;
    const moorside = (await d.db.select().from(offers).where(eq(offers.providerId, 'FPS-7002')))[0]!;
    await d.click(people.placementsOfficer, 'award.propose', {
      requestId: 1,
      offerId: moorside.id,
      [`rationale_${moorside.id}`]: 'Best value and a place for September in the right setting.',
      [`lowerRankReason_${moorside.id}`]: 'Quality visit booked; the figures already make it the best value.',
    });
    const approval = d.cardsIn(await d.settle()).find((c) => cardText(c).includes('Award proposal for PR-2026-0001'))!;
    await d.click(people.serviceManager, 'approval.decide', { ...findAction(approval, 'approval.decide', 'Approve').data, reason: 'Within budget.' }, { conversationId: TEAM.id });
    await d.say(people.serviceManager, 'hi');
    const delivered = await d.settle();
    const award = (await d.db.select().from(awards))[0]!;
    const letter = (await d.db.select().from(outbox)).find((o) => (o.payload as { template?: string }).template === 'award')!;
    expect(letter.status).toBe('dead');
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'award_letter.failed')))).toHaveLength(1);
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'reminder.failed')))).toHaveLength(0);
    const toldOfficer = delivered.filter((s) => s.conversationId === d.personalConversation(people.placementsOfficer)).flatMap((s) => d.cardsIn([s]));
    expect(toldOfficer.map(cardText).join('\n')).toContain('The award letter for PR-2026-0001 could not be sent');
    const notice = d.cardsIn(await d.settle()).concat(d.allCards()).find((c) => cardText(c).includes('The award letter for PR-2026-0001 could not be sent') && JSON.stringify(c).includes('outbox.retry'))!;
    expect(award.approverStaffId).toBe((await d.db.select().from(staff).where(eq(staff.aadObjectId, people.serviceManager.aadObjectId)))[0]!.id);
    const again = await d.click(people.serviceManager, 'outbox.retry', findAction(notice, 'outbox.retry').data);
    expect(cardText(again.card)).toContain('Queued again by Sam Okafor');
    const regret = d.smtp.received.find((m) => m.envelope.to[0] === 'admissions@larkfield.example.org' && m.parsed.subject?.includes('not selected'));
    const regretItem = (await d.db.select().from(outbox)).find((o) => (o.payload as { template?: string }).template === 'not_selected')!;
    expect(regret?.parsed.messageId ?? regretItem.messageId).toBe(regretItem.messageId);
    expect(letter.messageId).toMatch(/^<award\.\d+\./);
  });

  it('a 6-hour SMTP outage (on the clock): retried every 15 minutes at most, nothing given up, and drained at the first probe once the server answers', async () => {
    let down = true;
    await start({ smtp: { refuse: (stage) => (down && stage === 'connect' ? { code: 421, text: 'Service not available' } : undefined) } });
    await d.sayInChannel(people.headOfService, 'use this channel for approvals');
    await d.say(people.placementsOfficer, 'hi');
    const { requestAtReferralStage } = await import('../support/flows.js');
    await requestAtReferralStage(d);
    const shortlist = d.cardsIn(await d.say(people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
    await d.click(people.placementsOfficer, 'shortlist.send', { ...inputValues(shortlist), ...findAction(shortlist, 'shortlist.send').data });
    const attemptsAt = async (id: number) => (await d.db.select().from(outbox).where(eq(outbox.id, id)))[0]!.attempts;
    const first = (await d.db.select().from(outbox).where(eq(outbox.kind, 'email')))[0]!;
    let previous = 0;
    const gaps: number[] = [];
    for (let minutes = 0; minutes <= 6 * 60; minutes += 5) {
      await d.settle();
      if ((await attemptsAt(first.id)) > previous) {
        gaps.push(minutes);
        previous = (await attemptsAt(first.id));
      }
      clock.advanceMs(5 * 60_000);
    }
    const intervals = gaps.slice(1).map((m, i) => m - gaps[i]!);
    expect(Math.max(...intervals)).toBeLessThanOrEqual(20);
    expect((await d.db.select().from(outbox).where(eq(outbox.kind, 'email'))).every((o) => o.status === 'pending')).toBe(true);
    expect((await d.db.select().from(referrals)).every((r) => r.status === 'queued')).toBe(true);
    down = false;
    clock.advanceMs(30_000);
    await d.settle();
    expect(d.smtp.received).toHaveLength(3);
    expect((await d.db.select().from(referrals)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('after a 60-second SMTP outage the queue drains at the next probe, not item by item at each one\'s backoff', async () => {
    let down = true;
    await start({ smtp: { refuse: (stage) => (down && stage === 'connect' ? { code: 421, text: 'Service not available' } : undefined) } });
    await d.sayInChannel(people.headOfService, 'use this channel for approvals');
    await d.say(people.placementsOfficer, 'hi');
    const { requestAtReferralStage } = await import('../support/flows.js');
    await requestAtReferralStage(d);
    const shortlist = d.cardsIn(await d.say(people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
    await d.click(people.placementsOfficer, 'shortlist.send', { ...inputValues(shortlist), ...findAction(shortlist, 'shortlist.send').data });
    for (let s = 0; s < 60; s += 15) {
      await d.settle();
      clock.advanceMs(15_000);
    }
    expect(d.smtp.received).toHaveLength(0);
    const waiting = (await d.db.select().from(outbox).where(eq(outbox.kind, 'email')));
    expect(waiting.every((o) => o.status === 'pending' && o.lastErrorTransient)).toBe(true);
    down = false;
    clock.advanceMs(30_000);
    await d.settle();
    expect(d.smtp.received).toHaveLength(3);
  });
});
