import { eq } from 'drizzle-orm';
import { parse } from 'parse5';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, inboundMessages, offers, placementRequests, providerReplies, referrals, shortlists, staff } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { replyPageKey, replyPageLinkExpiry, replyPageToken } from '../../src/domain/reply-page-token.js';
import { buildEvidenceRecord } from '../../src/services/evidence/evidence-record.js';
import { evidenceMarkdown } from '../../src/services/evidence/evidence-render.js';
import { collectExecuteVerbs } from '../support/cards.js';
import { cardText, findAction, inputValues, TEAM, type Driver } from '../support/driver.js';
import { EvidenceFixture } from '../support/evidence-fixture.js';
import { people } from '../support/people.js';
import { deliverToService, replyTo } from '../support/provider-mail.js';
import { answerOnPage, callOffWithReferralsSent, getPage, mailTo, nonceIn, OFFER, postForm, replyPageLinkIn, valueIn } from '../support/reply-page.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');
beforeEach(async () => {
  d = await callOffWithReferralsSent(clock);
});
afterEach(async () => {
  await d.stop();
});

const LARKFIELD = 'admissions@larkfield.example.org';
const link = () => replyPageLinkIn(mailTo(d, LARKFIELD));
const larkfieldReferral = async () => (await d.db.select().from(referrals).where(eq(referrals.contactEmail, LARKFIELD)))[0]!;
const replies = async () => (await d.db.select().from(providerReplies));
const audits = async (action: string) => (await d.db.select().from(auditLog).where(eq(auditLog.action, action)));
/** Everything the bot has posted so far (replies are delivered as soon as they are recorded). */
const allSent = async () => {
  await d.settle();
  return d.connector.sent;
};
const threadCards = async () => d.cardsIn((await allSent()).filter((s) => s.conversationId.startsWith(`${TEAM.id};messageid=`)));

/** A link with the same referral and a different expiry or signature, made with the deployment's own key. */
function signedLink(referralId: number, expiresAt: Date): string {
  const key = replyPageKey({ replyTokenSecret: d.config.REPLY_TOKEN_SECRET });
  return `${d.app.server.url}/reply/${replyPageToken(referralId, expiresAt, key)}`;
}

describe('the reply page: answering a referral', () => {
  it('every referral e-mail carries a personal link (text and HTML parts), one per contact', () => {
    const mails = d.smtp.received.filter((m) => /^Referral PR-2026-0001/.test(m.parsed.subject ?? ''));
    expect(mails.length).toBeGreaterThanOrEqual(3);
    const links = mails.map(replyPageLinkIn);
    expect(new Set(links).size).toBe(links.length);
    for (const [i, mail] of mails.entries()) expect(mail.parsed.html).toContain(`href="${links[i]}"`);
    expect(mails[0]!.parsed.text).toContain('Prefer a web form? You can answer on your reply page instead, with no login.');
  });

  it('shows the referral pseudonymised, with the security headers, and no script', async () => {
    const page = await getPage(link());
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(page.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    for (const shown of ['PR-2026-0001', 'Larkfield School', 'JS', '12 (Year 8)', 'ASD (Autistic spectrum disorder)', 'Lot 1: 0–16 day', '7 September 2027', 'WA7', 'Thursday 10 December 2026 at 5pm']) {
      expect(page.html).toContain(shown);
    }
    // Never the council's case reference, the date of birth, or the EHC plan summaries.
    for (const hidden of ['EHC-1001', '2015-03-04', '4 March 2015', 'sensory sensitivities', '1:1 support throughout the day']) expect(page.html).not.toContain(hidden);
    const css = await getPage(`${d.app.server.url}/reply/page.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('records an offer exactly like an e-mail reply: routed, audited, in the thread, told to the caseworker, in the evidence pack', async () => {
    const sent = await answerOnPage(link(), OFFER);
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Thank you: your answer has been sent');

    const message = (await d.db.select().from(inboundMessages))[0]!;
    expect(message).toMatchObject({ mailbox: 'reply-page', status: 'routed', routeMethod: 'reply_page', referralId: (await larkfieldReferral()).id, fromAddress: null, subject: 'Reply page: referral PR-2026-0001' });
    const stored = JSON.parse(message.raw.toString('utf8'));
    expect(stored).toMatchObject({ kind: 'reply-page-submission', referralId: (await larkfieldReferral()).id, form: { weeklyFee: '£3,450', respondentName: 'Jo Admissions' } });

    const [reply] = (await replies());
    expect(reply).toMatchObject({ kind: 'offer', status: 'needs_confirmation', providerId: 'FPS-7001', confidence: 100, supersedesReplyId: null });
    expect(reply!.extracted).toEqual({
      kind: 'offer',
      canMeetNeeds: true,
      weeklyFee: 3450,
      feeWeeksPerYear: 38,
      additionalWeeklyCosts: 485.5,
      addOns: [
        { label: '1:1 staffing', weeklyAmount: 450 },
        { label: 'Sensory diet programme', weeklyAmount: 35.5 },
      ],
      startDate: '2027-09-07',
      conditions: ['Subject to a visit by the family.'],
      confidence: 1,
      warnings: [],
      evidence: {
        kind: 'Submitted on the reply page: a place is offered',
        canMeetNeeds: 'Submitted on the reply page: can meet the needs',
        weeklyFee: 'Submitted on the reply page: weekly fee £3,450',
        feeWeeksPerYear: 'Submitted on the reply page: 38 weeks a year',
        additionalWeeklyCosts: 'Submitted on the reply page: 1:1 staffing £450 a week; Sensory diet programme £35.50 a week',
        startDate: 'Submitted on the reply page: earliest start 7 September 2027',
      },
    });
    expect((await larkfieldReferral()).respondedAt).not.toBeNull();
    const [audit] = (await audits('reply.received'));
    expect(audit).toMatchObject({ actorLabel: 'provider:reply-page', actorStaffId: null, entityType: 'placement_request' });
    expect(audit!.details).toMatchObject({ routeMethod: 'reply_page', kind: 'offer', replyId: reply!.id });

    const card = (await threadCards()).find((c) => cardText(c).includes('Larkfield School'));
    expect(cardText(card)).toContain('Offer of a place from Larkfield School');
    expect(cardText(card)).toContain('Submitted by the provider on the reply page.');
    expect(cardText(card)).toContain('Submitted on the reply page by Jo Admissions.');
    const caseworker = (await allSent()).filter((s) => s.conversationId === d.personalConversation(d.people.caseworker));
    expect(d.textsIn(caseworker)).toContainEqual(expect.stringContaining('Larkfield School replied to request PR-2026-0001: an offer of a place'));

    // The officer confirms the exact figures as for an e-mail.
    const confirmed = await d.click(d.people.placementsOfficer, 'reply.confirm', { ...findAction(card, 'reply.confirm').data, ...inputValues(card) });
    expect(cardText(confirmed.card)).toContain('Confirmed by Priya Shah');
    expect((await d.db.select().from(offers))[0]).toMatchObject({ weeklyFeePence: 345_000, weeksPerYear: 38, addOnsWeeklyPence: 48_550, corrected: false, startDate: '2027-09-07' });

    const request = (await d.db.select().from(placementRequests))[0]!;
    const record = (await buildEvidenceRecord(d.app.deps, { councilId: request.councilId }, request, 'Northshire Borough Council'));
    const received = record.communications.filter((c) => c.direction === 'received');
    expect(received).toEqual([
      expect.objectContaining({ providerName: 'Larkfield School', what: 'Offer, submitted on the reply page', address: 'reply page (signed link)', subject: 'Reply page: referral PR-2026-0001', status: 'figures confirmed' }),
    ]);
    expect(received[0]!.excerpt).toContain('Weekly fee: £3,450, charged for 38 weeks a year.');
    expect(evidenceMarkdown(record, clock.now())).toContain('Offer, submitted on the reply page');
  });

  it("the reminder e-mail carries the link too, signed for the deadline as it is then; it opens the same referral's page", async () => {
    clock.set('2026-12-08T09:00:00Z'); // Tuesday: 2 working days before Thursday's deadline
    await d.tick();
    const reminder = d.smtp.received.find((m) => m.envelope.to[0] === LARKFIELD && /^Reminder/.test(m.parsed.subject ?? ''));
    expect(reminder).toBeTruthy();
    const fresh = replyPageLinkIn(reminder!);
    expect(reminder!.parsed.html).toContain(`href="${fresh}"`);
    expect(fresh.split('/reply/')[1]!.split('.')[0]).toBe(String((await larkfieldReferral()).id));
    expect(fresh).toBe(signedLink((await larkfieldReferral()).id, replyPageLinkExpiry('2026-12-10')));
    const page = await getPage(fresh);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Reply to referral PR-2026-0001');
    expect((await postForm(fresh, { ...OFFER, startDate: '2027-09-07', nonce: nonceIn(page.html) })).status).toBe(200);
    expect((await replies())).toMatchObject([{ referralId: (await larkfieldReferral()).id, kind: 'offer' }]);
    // The first e-mail's link opens the same page, now as a correction.
    expect((await getPage(link())).html).toContain('Send my correction');
  });

  it('a decline and a question are recorded as what they are', async () => {
    const decline = await answerOnPage(link(), { canMeetNeeds: 'no', needsReason: 'We are not the right setting: our peer group is much older.', respondentName: 'Jo Admissions' });
    expect(decline.status).toBe(200);
    const moorside = replyPageLinkIn(mailTo(d, 'referrals@moorside.example.org'));
    const question = await answerOnPage(moorside, { canMeetNeeds: 'question', questions: 'Is there a diagnosis of PDA?', respondentName: 'Sam Moorside' });
    expect(question.status).toBe(200);
    const [first, second] = (await replies());
    expect(first).toMatchObject({ kind: 'decline', status: 'noted' });
    expect(first!.extracted).toMatchObject({ canMeetNeeds: false, weeklyFee: null, startDate: null });
    expect(second).toMatchObject({ kind: 'query', status: 'query', providerId: 'FPS-7002' });
    const cards = (await threadCards()).map(cardText);
    expect(cards.some((t) => t.includes('Declined from Larkfield School') && t.includes('our peer group is much older'))).toBe(true);
    expect(cards.some((t) => t.includes('Question from Moorside') && t.includes('Is there a diagnosis of PDA?'))).toBe(true);
  });

  it('a new submission corrects the previous one until the deadline: shown as a correction, the old one no longer confirmable', async () => {
    await answerOnPage(link(), OFFER);
    const firstCard = (await threadCards()).find((c) => cardText(c).includes('Larkfield School'));
    clock.set('2026-12-02T09:30:00Z');
    const again = await getPage(link());
    expect(again.html).toContain('You sent an answer on Monday 30 November 2026 at 11:00');
    expect(valueIn(again.html, 'weeklyFee')).toBe('£3,450');
    expect(again.html).toContain('Send my correction');
    const corrected = await postForm(link(), { ...OFFER, weeklyFee: '3500', addOnOneToOne: '', otherAddOn1Label: '', otherAddOn1Cost: '', nonce: nonceIn(again.html) });
    expect(corrected.status).toBe(200);
    expect(corrected.html).toContain('Your correction has been sent');

    const [first, second] = (await replies());
    expect(second).toMatchObject({ supersedesReplyId: first!.id, kind: 'offer' });
    expect(second!.extracted).toMatchObject({ weeklyFee: 3500, additionalWeeklyCosts: 0, addOns: [] });
    expect((await d.db.select().from(inboundMessages)).map((m) => m.subject)).toEqual(['Reply page: referral PR-2026-0001', 'Correction on the reply page: referral PR-2026-0001']);
    expect((await audits('reply.received')).at(-1)!.details).toMatchObject({ supersedesReplyId: first!.id });

    const cards = (await threadCards()).filter((c) => cardText(c).includes('Larkfield School'));
    expect(cards).toHaveLength(2);
    expect(cardText(cards[1])).toContain("Correction submitted on the reply page: it replaces the provider's answer of 30 November 2026.");
    const stale = await d.click(d.people.placementsOfficer, 'reply.confirm', { ...findAction(firstCard, 'reply.confirm').data, ...inputValues(firstCard) });
    expect(cardText(stale.card)).toContain('The provider corrected this answer on the reply page on 2 December 2026');
    expect((await d.db.select().from(offers))).toHaveLength(0);

    const request = (await d.db.select().from(placementRequests))[0]!;
    const record = (await buildEvidenceRecord(d.app.deps, { councilId: request.councilId }, request, 'Northshire Borough Council'));
    expect(record.communications.filter((c) => c.direction === 'received').map((c) => [c.what, c.status])).toEqual([
      ['Offer, submitted on the reply page', "figures to confirm; replaced by the provider's correction"],
      ['Offer, correction submitted on the reply page', 'figures to confirm'],
    ]);
  });

  it('a form sent twice is one answer; the same form with other answers is shown again to send, nothing lost', async () => {
    const page = await getPage(link());
    const nonce = nonceIn(page.html);
    expect((await postForm(link(), { ...OFFER, nonce })).status).toBe(200);
    const twice = await postForm(link(), { ...OFFER, nonce });
    expect(twice.status).toBe(200);
    expect(twice.html).toContain('Thank you: your answer has been sent');
    expect((await replies())).toHaveLength(1);
    const changed = await postForm(link(), { ...OFFER, weeklyFee: '3999', nonce });
    expect(changed.status).toBe(422);
    expect(changed.html).toContain('You already sent this form, and we have that answer. Your changes are kept below');
    expect(valueIn(changed.html, 'weeklyFee')).toBe('3999');
    expect((await replies())).toHaveLength(1);
    expect((await postForm(link(), { ...OFFER, weeklyFee: '3999', nonce: nonceIn(changed.html) })).status).toBe(200);
    expect((await replies())).toHaveLength(2);
  });
});

describe('the reply page: refusals', () => {
  it('bad values: each message next to its field and in the summary, every value kept, nothing recorded', async () => {
    const res = await answerOnPage(link(), { ...OFFER, weeklyFee: 'lots', startDate: '2026-10-01', weeksPerYear: '39', addOnOneToOne: '£4,50', respondentName: '', conditions: 'x'.repeat(1001) });
    expect(res.status).toBe(422);
    const messages = {
      weeklyFee: 'Give the core weekly fee in pounds, for example 3450 or £3,450.50.',
      startDate: 'The earliest start date cannot be in the past: give 30 November 2026 or later.',
      weeksPerYear: 'Choose whether the fee is charged for 38 or 52 weeks a year.',
      addOnOneToOne: 'Give the weekly cost of 1:1 staffing in pounds, for example 450, or leave it empty.',
      respondentName: 'Give your name, so the council knows who answered.',
      conditions: 'Keep the conditions under 1,000 characters (it has 1,001).',
    };
    expect(res.html).toContain('<title>Error: Reply to referral PR-2026-0001 – Placement Desk</title>');
    for (const [field, message] of Object.entries(messages)) {
      const escaped = message.replace(/'/g, '&#39;');
      expect(res.html).toContain(`<li><a href="#f-${field}">${escaped}</a></li>`);
      expect(res.html).toContain(`<p class="error-message" id="f-${field}-error"><span class="visually-hidden">Error:</span> ${escaped}</p>`);
    }
    expect(res.html).toMatch(/<input[^>]*id="f-weeklyFee"[^>]*aria-describedby="f-weeklyFee-hint f-weeklyFee-error" aria-invalid="true">/);
    expect(res.html).toMatch(/<fieldset class="field field--error" aria-describedby="f-weeksPerYear-error">/);
    expect(valueIn(res.html, 'weeklyFee')).toBe('lots');
    expect(valueIn(res.html, 'addOnOneToOne')).toBe('£4,50');
    expect(valueIn(res.html, 'otherAddOn1Label')).toBe('Sensory diet programme');
    expect(res.html).toContain(`>${'x'.repeat(1001)}</textarea>`);
    expect(res.html).toMatch(/<input id="f-canMeetNeeds" name="canMeetNeeds" type="radio" value="yes" checked>/);
    expect((await replies())).toHaveLength(0);
    expect((await d.db.select().from(inboundMessages))).toHaveLength(0);
  });

  it('after the deadline: refused with whom to e-mail, what was typed shown to copy, nothing recorded', async () => {
    const page = await getPage(link());
    clock.set('2026-12-10T17:00:00Z'); // 5pm on the deadline day (GMT)
    const late = await postForm(link(), { ...OFFER, nonce: nonceIn(page.html) });
    expect(late.status).toBe(410);
    expect(late.html).toContain('Replies to referral PR-2026-0001 are closed');
    expect(late.html).toContain('Answers on this page closed at Thursday 10 December 2026 at 5pm');
    const officer = `${d.people.placementsOfficer.aadObjectId}@example.org`;
    expect(late.html).toContain(`e-mail Priya Shah at <a href="mailto:${officer}">${officer}</a>, or reply to the referral e-mail`);
    expect(late.html).toContain('Core weekly fee: £3,450');
    expect((await replies())).toHaveLength(0);
    expect((await getPage(link())).status).toBe(410);
    // E-mail stays open: a reply by e-mail after the deadline is still recorded.
    expect((await deliverToService(d, await replyTo(mailTo(d, LARKFIELD), 'Sorry we are late: we can offer a place at £3,450 a week, 38 weeks.'))).outcome).toBe('routed');
  });

  it('closed early by the officer, or an extended deadline: the page follows the database', async () => {
    const status = d.cardsIn(await d.say(d.people.placementsOfficer, 'referrals PR-2026-0001')).at(-1);
    clock.set('2026-12-09T10:00:00Z');
    const extended = await d.click(d.people.placementsOfficer, 'responses.extend', { ...findAction(status, 'responses.extend').data, deadline: '2026-12-15' });
    expect(cardText(extended.card)).toContain('15 December');
    clock.set('2026-12-11T10:00:00Z'); // after the first deadline, before the new one
    expect((await answerOnPage(link(), OFFER)).status).toBe(200);
    const now = d.cardsIn(await d.say(d.people.placementsOfficer, 'referrals PR-2026-0001')).at(-1);
    await d.click(d.people.placementsOfficer, 'responses.close', findAction(now, 'responses.close').data);
    const closed = await getPage(link());
    expect(closed.status).toBe(410);
    expect(closed.html).toContain('Northshire Borough Council has closed responses to this referral');
  });

  it('a tampered or expired link gets one generic answer, audited with the reason, nothing else said', async () => {
    const good = link();
    const referralId = (await larkfieldReferral()).id;
    const mac = good.slice(good.lastIndexOf('.') + 1);
    const tampered = [
      good.replace(/\/reply\/\d+\./, `/reply/${referralId + 1}.`), // another referral
      `${good.slice(0, good.lastIndexOf('.') + 1)}${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`, // the signature
      good.replace(/(\/reply\/\d+)\.(\d+)\./, (_m, id: string, exp: string) => `${id}.${Number(exp) + 86_400}.`), // a longer life
      `${d.app.server.url}/reply/not-a-token`,
    ];
    const expired = signedLink(referralId, new Date('2026-11-29T00:00:00Z'));
    const answers = [];
    for (const url of [...tampered, expired]) answers.push(await getPage(url));
    const posted = await postForm(tampered[1]!, { ...OFFER, nonce: 'x' });
    for (const res of [...answers, posted]) {
      expect(res.status).toBe(404);
      expect(res.html).toBe(answers[0]!.html);
    }
    expect(answers[0]!.html).toContain('This link does not work');
    expect(answers[0]!.html).not.toMatch(/expired|signature|tamper|Larkfield|PR-2026/i);
    expect((await audits('reply_page.link_refused')).map((a) => a.details.reason)).toEqual(['bad_signature', 'bad_signature', 'bad_signature', 'malformed', 'expired', 'bad_signature']);
    expect((await audits('reply_page.link_refused')).find((a) => a.details.reason === 'expired')).toMatchObject({ councilId: (await larkfieldReferral()).councilId, entityId: String(referralId) });
    expect((await replies())).toHaveLength(0);
  });

  it('stops someone trying links after ten refusals from one address, that address for every link', async () => {
    const bad = link().replace(/\.[A-Za-z0-9_-]{22}$/, `.${'A'.repeat(22)}`);
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await getPage(bad)).status);
    expect(statuses).toEqual([...Array(10).fill(404), 429]);
    const blocked = await getPage(link());
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('600');
    expect(blocked.html).toContain('Too many attempts');
    expect((await audits('reply_page.link_refused'))).toHaveLength(10);
  });

  it('wrong method, oversized body, a body that is not the form, a form from another site', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(link(), { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, POST');
    }
    const page = await getPage(link());
    const big = await postForm(link(), { ...OFFER, nonce: nonceIn(page.html), conditions: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
    expect(big.html).toContain('Your answer is too long to send');
    const json = await fetch(link(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...OFFER, nonce: nonceIn(page.html) }) });
    expect(json.status).toBe(415);
    const crossSite = await postForm(link(), { ...OFFER, nonce: nonceIn(page.html) }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect((await replies())).toHaveLength(0);
    // The bot's endpoint keeps its own answers.
    expect((await fetch(`${d.app.server.url}/api/messages`)).status).toBe(405);
  });

  it('a form kept open too long is not sent, and comes back with what was typed', async () => {
    const page = await getPage(link());
    clock.set('2026-11-30T23:30:00Z'); // 12.5 hours later
    const res = await postForm(link(), { ...OFFER, nonce: nonceIn(page.html) });
    expect(res.status).toBe(422);
    expect(res.html).toContain('This form was open for a long time, so it was not sent.');
    expect(valueIn(res.html, 'weeklyFee')).toBe('£3,450');
    expect((await replies())).toHaveLength(0);
    expect((await postForm(link(), { ...OFFER, nonce: nonceIn(res.html) })).status).toBe(200);
  });
});

/** Every element and attribute of a page as a browser's parser builds them (parse5 follows the HTML standard), each input's value, and the text. */
function parsed(html: string): { elements: string[]; attributes: string[]; inputValue: (name: string) => string | undefined; text: string } {
  type Node = { nodeName: string; value?: string; attrs?: Array<{ name: string; value: string }>; childNodes?: Node[]; content?: Node };
  const elements: string[] = [];
  const attributes: string[] = [];
  const inputs = new Map<string, string>();
  let text = '';
  const visit = (node: Node) => {
    if (node.nodeName === '#text') text += node.value ?? '';
    else if (!node.nodeName.startsWith('#')) {
      elements.push(node.nodeName);
      const attrs = Object.fromEntries((node.attrs ?? []).map((a) => [a.name, a.value]));
      attributes.push(...Object.keys(attrs));
      if (node.nodeName === 'input' && attrs.name) inputs.set(attrs.name, attrs.value ?? '');
    }
    for (const child of node.childNodes ?? []) visit(child);
    if (node.content) visit(node.content);
  };
  visit(parse(html) as unknown as Node);
  return { elements, attributes, inputValue: (name) => inputs.get(name), text };
}

describe('the reply page: the same as an e-mail reply, and only for its own referral', () => {
  it('an answer on the page and one by e-mail take the same path: statuses, audit entry, card actions, caseworker notice, evidence fields', async () => {
    await answerOnPage(link(), OFFER);
    const moorside = mailTo(d, 'referrals@moorside.example.org');
    const mailed = await deliverToService(d, await replyTo(moorside, 'We can meet the needs and we can offer a place from 7 September 2027.\n\nWeekly fee: £3,300, 38 weeks a year.\n\nSam Moorside'));
    expect(mailed.outcome).toBe('routed');

    const [byPage, byMail] = (await replies());
    expect(byPage!.providerId).toBe('FPS-7001');
    expect(byMail!.providerId).toBe('FPS-7002');
    for (const r of [byPage!, byMail!]) expect(r).toMatchObject({ kind: 'offer', status: 'needs_confirmation', supersedesReplyId: null });
    const messages = (await d.db.select().from(inboundMessages));
    expect(messages.map((m) => [m.status, m.councilId, m.routeMethod === 'reply_page'])).toEqual([
      ['routed', (await larkfieldReferral()).councilId, true],
      ['routed', (await larkfieldReferral()).councilId, false],
    ]);

    const [pageAudit, mailAudit] = (await audits('reply.received'));
    expect(Object.keys(pageAudit!.details).sort()).toEqual(Object.keys(mailAudit!.details).sort());
    expect([pageAudit!.entityId, pageAudit!.councilId]).toEqual([mailAudit!.entityId, mailAudit!.councilId]);

    const cards = await threadCards();
    const pageCard = cards.find((c) => cardText(c).includes('Larkfield School'));
    const mailCard = cards.find((c) => cardText(c).includes('Moorside'));
    expect(collectExecuteVerbs(pageCard)).toEqual(collectExecuteVerbs(mailCard));
    expect(collectExecuteVerbs(pageCard)).toContain('reply.confirm');
    const toCaseworker = d.textsIn((await allSent()).filter((s) => s.conversationId === d.personalConversation(d.people.caseworker)));
    expect(toCaseworker.filter((t) => /replied to request PR-2026-0001: an offer of a place/.test(t))).toHaveLength(2);

    const request = (await d.db.select().from(placementRequests))[0]!;
    const received = (await buildEvidenceRecord(d.app.deps, { councilId: request.councilId }, request, 'Northshire Borough Council')).communications.filter((c) => c.direction === 'received');
    expect(received).toHaveLength(2);
    expect(Object.keys(received[0]!).sort()).toEqual(Object.keys(received[1]!).sort());
  });

  it("another council's referral to the same provider: its link answers only that referral, in that council; a page's form works only with its own link", async () => {
    // Westbay also has a PR-2026-0001 referred to Larkfield, built straight into its tables, its link signed by this deployment.
    const westbay = (await d.db.select().from(staff).where(eq(staff.aadObjectId, people.otherAdmin.aadObjectId)))[0]!.councilId;
    const f = new EvidenceFixture(d.db, westbay, 'otherAdmin');
    const request = (await f.request('PR-2026-0001', 'responses', 'otherCaseworker'));
    (await f.appraisal(request.id));
    const list = (await f.shortlist(request.id, [{ providerId: 'FPS-7001', providerName: 'Larkfield School', included: true, selected: true, reasons: ['included: lot 1'] }]));
    (await d.db.update(shortlists).set({ status: 'sent', responseDeadline: '2026-12-10', closedAt: null, closedByStaffId: null }).where(eq(shortlists.id, list.id)));
    const theirs = (await f.referral(request.id, list.id, 'FPS-7001', LARKFIELD, { status: 'sent', sentAt: '2026-11-26T09:00:00.000Z' }));
    const westbayLink = signedLink(theirs.id, replyPageLinkExpiry('2026-12-10'));
    const ours = (await larkfieldReferral());
    expect(ours.councilId).not.toBe(westbay);

    const westbayPage = await getPage(westbayLink);
    expect(westbayPage.status).toBe(200);
    expect(westbayPage.html).toContain('Westbay Council');
    expect(westbayPage.html).not.toContain('Northshire');
    const northshirePage = await getPage(link());
    expect(northshirePage.html).toContain('Northshire Borough Council');

    // Each page's form, sent to the other's link, is not recorded (the nonce is bound to its referral).
    for (const [url, nonce] of [[westbayLink, nonceIn(northshirePage.html)], [link(), nonceIn(westbayPage.html)]] as const) {
      const crossed = await postForm(url, { ...OFFER, nonce });
      expect(crossed.status).toBe(422);
      expect(crossed.html).toContain('This form could not be checked, so it was not sent.');
      expect(valueIn(crossed.html, 'weeklyFee')).toBe('£3,450');
    }
    expect((await replies())).toHaveLength(0);

    expect((await postForm(westbayLink, { ...OFFER, nonce: nonceIn(westbayPage.html) })).status).toBe(200);
    const [reply] = (await replies());
    expect(reply).toMatchObject({ referralId: theirs.id, requestId: request.id, providerId: 'FPS-7001' });
    expect((await d.db.select().from(inboundMessages))[0]).toMatchObject({ councilId: westbay, referralId: theirs.id, routeMethod: 'reply_page' });
    expect((await audits('reply.received')).map((a) => [a.councilId, a.entityId])).toEqual([[westbay, String(request.id)]]);
    // Northshire's referral, thread and caseworker know nothing of it; its page still asks for an answer.
    expect((await larkfieldReferral()).respondedAt).toBeNull();
    const northshireSees = (await allSent()).filter((s) => s.conversationId.startsWith(`${TEAM.id};messageid=`) || s.conversationId === d.personalConversation(d.people.caseworker));
    expect([...d.cardsIn(northshireSees).map(cardText), ...d.textsIn(northshireSees)].join('\n')).not.toContain('Larkfield School replied');
    expect(d.cardsIn(northshireSees).map(cardText).join('\n')).not.toContain('Offer of a place from Larkfield School');
    const stillOpen = await getPage(link());
    expect(stillOpen.html).toContain('Send my answer');
    expect(stillOpen.html).not.toContain('You sent an answer');
  });

  it('whatever is typed comes back as text, never as markup: on the error page, the thanks page, the correction form and the closed page', async () => {
    const hostile = { ...OFFER, respondentName: '<script>alert(1)</script>', conditions: '"><img src=x onerror=alert(1)> [details](https://evil.example)', otherAddOn1Label: "Sensory' autofocus onfocus='alert(1)" };
    const invalid = await answerOnPage(link(), { ...hostile, weeklyFee: '<b>lots</b>' });
    expect(invalid.status).toBe(422);
    const sent = await answerOnPage(link(), hostile);
    expect(sent.status).toBe(200);
    const correction = await getPage(link());
    clock.set('2026-12-10T17:00:00Z');
    const closed = await postForm(link(), { ...hostile, nonce: nonceIn(correction.html) });
    expect(closed.status).toBe(410);
    for (const [name, html] of Object.entries({ invalid: invalid.html, sent: sent.html, correction: correction.html, closed: closed.html })) {
      const doc = parsed(html);
      expect(doc.elements.filter((e) => ['script', 'img', 'b', 'iframe', 'object'].includes(e)), name).toEqual([]);
      expect(doc.attributes.filter((a) => /^on/.test(a) || a === 'style'), name).toEqual([]);
      expect(doc.attributes.filter((a) => a === 'autofocus').length, name).toBeLessThanOrEqual(1); // only the error summary's
      expect(doc.text, name).toContain('"><img src=x onerror=alert(1)> [details](https://evil.example)');
    }
    expect(parsed(invalid.html).inputValue('weeklyFee')).toBe('<b>lots</b>');
    expect(parsed(correction.html).inputValue('respondentName')).toBe('<script>alert(1)</script>');
    expect(parsed(correction.html).inputValue('otherAddOn1Label')).toBe(hostile.otherAddOn1Label);
    expect(parsed(sent.html).text).toContain('<script>alert(1)</script>');
    expect((await replies())[0]!.replyText).toContain('<script>alert(1)</script>'); // stored as typed; every view escapes it
    // In the thread card, what Teams displays (TextBlock Markdown, TextRun plain text) makes no link of it; the officer's input keeps it as typed.
    const card = (await threadCards()).find((c) => cardText(c).includes('Larkfield School'));
    const displayed: string[] = [];
    JSON.stringify(card, (_key, value: unknown) => {
      const node = value as { type?: string; text?: unknown };
      if ((node?.type === 'TextBlock' || node?.type === 'TextRun') && typeof node.text === 'string') displayed.push(node.text);
      return value;
    });
    const shown = displayed.join('\n');
    expect(shown).toContain('onerror=alert(1)');
    expect(shown).toContain('[details](https:');
    expect(shown).not.toMatch(/https:\/\/evil/);
  });
});

describe('the reply page: corrections, replays and forged forms', () => {
  it('a correction is taken until 5pm on the deadline day and refused from then; the answer sent before stands', async () => {
    await answerOnPage(link(), OFFER);
    clock.set('2026-12-10T16:59:00Z');
    const lastMinute = await getPage(link());
    expect(lastMinute.html).toContain('Send my correction');
    expect((await postForm(link(), { ...OFFER, weeklyFee: '3500', nonce: nonceIn(lastMinute.html) })).status).toBe(200);
    const open = await getPage(link());
    clock.set('2026-12-10T17:00:00Z');
    const late = await postForm(link(), { ...OFFER, weeklyFee: '3600', nonce: nonceIn(open.html) });
    expect(late.status).toBe(410);
    expect(late.html).toContain('Answers on this page closed at Thursday 10 December 2026 at 5pm');
    expect(late.html).toContain('Core weekly fee: 3600');
    expect((await replies()).map((r) => [r.extracted.weeklyFee, r.supersedesReplyId !== null])).toEqual([
      [3450, false],
      [3500, true],
    ]);
    expect((await audits('reply.received'))).toHaveLength(2);
  });

  it('a form with no nonce or a forged one, or sent from another site, is not recorded; a form replayed after a correction does not undo it', async () => {
    const page = await getPage(link());
    const first = nonceIn(page.html);
    const now = Math.floor(clock.now().getTime() / 1000);
    for (const nonce of [undefined, '', 'forged', `${now}.AAAAAAAAAAAA.${'A'.repeat(22)}`]) {
      const res = await postForm(link(), nonce === undefined ? { ...OFFER } : { ...OFFER, nonce });
      expect(res.status, String(nonce)).toBe(422);
      expect(res.html).toContain('This form could not be checked, so it was not sent.');
      expect(valueIn(res.html, 'weeklyFee')).toBe('£3,450');
    }
    for (const site of ['cross-site', 'same-site']) expect((await postForm(link(), { ...OFFER, nonce: first }, { 'sec-fetch-site': site })).status).toBe(403);
    expect((await replies())).toHaveLength(0);
    expect((await d.db.select().from(inboundMessages))).toHaveLength(0);

    // From its own page (what a browser says of it), the form is recorded.
    expect((await postForm(link(), { ...OFFER, nonce: first }, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    const correction = await getPage(link());
    expect((await postForm(link(), { ...OFFER, weeklyFee: '3500', nonce: nonceIn(correction.html) })).status).toBe(200);
    // The first form again (the browser's back button, or a captured request): shown, not recorded, the correction stands.
    const replayed = await postForm(link(), { ...OFFER, nonce: first });
    expect(replayed.status).toBe(422);
    expect(replayed.html).toContain('You sent this form before and have corrected your answer since, so it was not sent again.');
    expect((await replies()).map((r) => r.extracted.weeklyFee)).toEqual([3450, 3500]);
    expect(valueIn((await getPage(link())).html, 'weeklyFee')).toBe('3500');
  });

  it('limits by client address behind the proxy: someone trying links is stopped, a provider elsewhere is not', async () => {
    await d.stop();
    d = await callOffWithReferralsSent(clock, { env: { TRUST_PROXY: '1' } });
    const bad = link().replace(/\.[A-Za-z0-9_-]{22}$/, `.${'A'.repeat(22)}`);
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await getPage(bad, from('198.51.100.7'))).status);
    expect(statuses).toEqual([...Array(10).fill(404), 429]);
    expect((await getPage(link(), from('198.51.100.7'))).status).toBe(429);
    const provider = await getPage(link(), from('203.0.113.20'));
    expect(provider.status).toBe(200);
    expect((await postForm(link(), { ...OFFER, nonce: nonceIn(provider.html) }, from('203.0.113.20'))).status).toBe(200);
    expect((await replies())).toHaveLength(1);
  });
});
