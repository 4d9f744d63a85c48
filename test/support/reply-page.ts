import type { Clock } from '../../src/domain/clock.js';
import { findAction, inputValues, startDriver, type Driver } from './driver.js';
import { requestAtReferralStage, seedCallOffProviders } from './flows.js';
import type { ReceivedMail } from './test-smtp-server.js';

/**
 * A call-off with referrals out (request PR-2026-0001, deadline Thursday 10 December 2026), and the
 * means to use the reply page the way a provider's browser does: the link from the e-mail the test
 * SMTP server received, and form posts over HTTP.
 */
export async function callOffWithReferralsSent(clock: Clock & { set(iso: string): void }, options: { env?: Record<string, string> } = {}): Promise<Driver> {
  clock.set('2026-11-26T10:00:00Z');
  const d = await startDriver({ clock, env: options.env });
  (await seedCallOffProviders(d));
  await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
  await d.say(d.people.placementsOfficer, 'hi');
  await requestAtReferralStage(d);
  const card = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
  await d.click(d.people.placementsOfficer, 'shortlist.send', { ...inputValues(card), ...findAction(card, 'shortlist.send').data });
  await d.settle();
  clock.set('2026-11-30T11:00:00Z');
  return d;
}

export const mailTo = (d: Driver, address: string): ReceivedMail => {
  const mail = d.smtp.received.find((m) => m.envelope.to[0] === address);
  if (!mail) throw new Error(`no e-mail to ${address}`);
  return mail;
};

/** The reply-page link in an e-mail's text part (the HTML part carries the same one). */
export function replyPageLinkIn(mail: ReceivedMail): string {
  const link = /(https?:\/\/\S+\/reply\/[0-9]+\.[0-9]+\.[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')?.[1];
  if (!link) throw new Error(`no reply-page link in the e-mail "${mail.parsed.subject}"`);
  return link;
}

/** The hidden nonce of the form in a page. */
export function nonceIn(html: string): string {
  const nonce = /name="nonce" value="([^"]+)"/.exec(html)?.[1];
  if (!nonce) throw new Error('no nonce in the page');
  return nonce;
}

/** The value shown in a text input of the page. */
export function valueIn(html: string, field: string): string | undefined {
  return new RegExp(`<input[^>]*name="${field}"[^>]*value="([^"]*)"`).exec(html)?.[1];
}

export const OFFER = {
  canMeetNeeds: 'yes',
  needsReason: 'Our autism base has 1:1 support all day and a speech and language therapist on site.',
  placeAvailable: 'yes',
  startDate: '2027-09-07',
  weeklyFee: '£3,450',
  weeksPerYear: '38',
  addOnOneToOne: '450',
  addOnTransport: '',
  otherAddOn1Label: 'Sensory diet programme',
  otherAddOn1Cost: '35.50',
  conditions: 'Subject to a visit by the family.',
  questions: '',
  respondentName: 'Jo Admissions',
} as const;

export async function getPage(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

export async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** Opens the page and sends the form with these answers, as a browser would (the page's nonce included). */
export async function answerOnPage(url: string, fields: Record<string, string>) {
  const page = await getPage(url);
  return postForm(url, { ...fields, nonce: nonceIn(page.html) });
}
