import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { offers } from '../../src/db/schema/index.js';
import { importProvidersCsv } from '../../src/services/import-providers.js';
import { cardText, findAction, submissionOf, TEAM, type Driver } from './driver.js';
import type { TestPerson } from './people.js';

/** Answers that make a complete, valid request (a 12-year-old with ASD, lot 1, September 2027). */
export const REQUEST_ANSWERS = {
  child: { caseReference: 'EHC-1001', childInitials: 'j.s.', dateOfBirth: '2015-03-04', sex: 'male', homePostcodeDistrict: 'wa7' },
  needs: {
    ehcpStatus: 'final', planDate: '2026-06-01', assessmentRequestDate: '', reviewDate: '', phaseTransfer: 'phase', primaryNeed: 'ASD', secondaryNeeds: 'SLCN,SEMH',
    sectionB: 'Significant social communication needs; sensory sensitivities.', sectionE: 'To access learning in a small group.', sectionF: '1:1 support throughout the day; SALT weekly; OT termly.',
  },
  placement: { lot: '1', lotReason: '', requiredStartDate: '2027-09-07', preferredSetting: '' },
  risks: { riskFlags: 'absconding', riskNotes: '', medicalNeeds: '', transportNeeds: 'Needs escorted transport.', urgency: 'routine', urgencyReason: '' },
};

/**
 * Clicks a button of a card the way Teams does: the button's data, the inputs it gathers with what is on the
 * card, and the answers typed into them (an answer typed into an input the button does not gather is lost).
 */
export function clickCard(d: Driver, p: TestPerson, card: unknown, verb: string, answers: Record<string, string> = {}, title?: string) {
  return d.click(p, verb, submissionOf(card, verb, title, answers));
}

/** Raises and submits a complete request; returns its id. */
export async function submitRequest(d: Driver, p: TestPerson = d.people.caseworker, overrides: Partial<typeof REQUEST_ANSWERS> = {}) {
  const answers = { ...REQUEST_ANSWERS, ...overrides };
  let card = d.cardsIn(await d.say(p, 'new request')).at(-1);
  for (const step of ['child', 'needs', 'placement'] as const) card = (await clickCard(d, p, card, 'request.step', answers[step], 'Next')).card;
  const summary = (await clickCard(d, p, card, 'request.step', answers.risks, 'Review request')).card;
  const submitted = await d.click(p, 'request.submit', findAction(summary, 'request.submit').data);
  return { requestId: findAction(summary, 'request.submit').data.requestId as number, card: submitted.card };
}

const FPS_APPRAISAL: Array<Record<string, string>> = [
  { considered: 'true', meetsSectionF: 'no', suitabilityReason: 'Cannot provide 1:1 support all day with SALT.', placeAvailable: 'yes' },
  { considered: 'false', notConsideredReason: 'No resourced provision for autism within reach.' },
  { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Meets Section F.', placeAvailable: 'no' },
  { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Several FPS schools offer this provision.', placeAvailable: 'yes', fee: '62000', transport: '8000' },
  { considered: 'false', notConsideredReason: 'FPS schools can meet the need.' },
  { considered: 'false', notConsideredReason: 'No block-contract place or EOTAS package fits.' },
];

/** From nothing to a request whose confirmed appraisal chose the FPS call-off (status "referrals"). */
export async function requestAtReferralStage(d: Driver, overrides: Partial<typeof REQUEST_ANSWERS> = {}) {
  await d.say(d.people.caseworker, 'hi');
  const { requestId, card } = await submitRequest(d, d.people.caseworker, overrides);
  let step = (await d.click(d.people.caseworker, 'appraisal.start', findAction(card, 'appraisal.start').data)).card;
  for (const answers of FPS_APPRAISAL) step = (await clickCard(d, d.people.caseworker, step, 'appraisal.step', answers, 'Next')).card;
  const review = (await clickCard(d, d.people.caseworker, step, 'appraisal.step', { hasPreference: 'false' }, 'See the recommendation')).card;
  const ask = findAction(review, 'appraisal.ask').data;
  const confirmed = await d.click(d.people.serviceManager, 'appraisal.confirm', { ...ask, route: 'fps_call_off', reason: 'Only FPS schools can meet Section F with a place.' });
  if (!JSON.stringify(confirmed.card).includes('Route confirmed')) throw new Error(`appraisal not confirmed: ${JSON.stringify(confirmed.card).slice(0, 500)}`);
  await d.settle();
  return { requestId };
}

/** Loads the call-off test register: two providers fit the standard request, six are excluded for a reason each. */
export async function seedCallOffProviders(d: Driver) {
  const result = (await importProvidersCsv(d.db, readFileSync(new URL('../fixtures/providers-calloff.csv', import.meta.url), 'utf8'), { clock: { now: () => new Date('2026-11-01T09:00:00Z') }, actorLabel: 'test' }));
  if (!result.ok) throw new Error(result.message);
}

/**
 * From nothing to a request in evaluation: referrals sent to Larkfield (2 contacts) and Moorside, both
 * replied with offers whose figures the officer confirmed, and responses closed.
 */
export async function requestWithOffers(d: Driver, fees: { larkfield: string; moorside: string } = { larkfield: '3450', moorside: '3300' }) {
  const { replyTo, deliverToService } = await import('./provider-mail.js');
  await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
  await d.say(d.people.placementsOfficer, 'hi');
  const { requestId } = await requestAtReferralStage(d);
  const shortlist = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
  await clickCard(d, d.people.placementsOfficer, shortlist, 'shortlist.send');
  await d.settle();
  for (const [address, fee] of [['admissions@larkfield.example.org', fees.larkfield], ['referrals@moorside.example.org', fees.moorside]] as const) {
    const referral = d.smtp.received.find((m) => m.envelope.to[0] === address)!;
    await deliverToService(d, await replyTo(referral, `We can meet the needs and offer a place.\nWeekly fee: £${fee} for 38 weeks a year.\nEarliest start: 7 September 2027.`));
  }
  const posted = await d.settle();
  for (const card of d.cardsIn(posted).filter((c) => JSON.stringify(c).includes('reply.confirm'))) {
    const confirmed = await clickCard(d, d.people.placementsOfficer, card, 'reply.confirm');
    if (!JSON.stringify(confirmed.card).includes('Confirmed by')) throw new Error(`offer not confirmed: ${JSON.stringify(confirmed.card).slice(0, 400)}`);
  }
  const status = d.cardsIn(await d.say(d.people.placementsOfficer, 'referrals PR-2026-0001')).at(-1);
  await d.click(d.people.placementsOfficer, 'responses.close', findAction(status, 'responses.close').data);
  await d.settle();
  return { requestId };
}

/** The placements officer gives the two call-off offers (FPS-7001 Larkfield, FPS-7002 Moorside) their quality marks. */
export async function markBothOffers(d: Driver, larkfield = '70', moorside = '80') {
  for (const [providerId, mark] of [['FPS-7001', larkfield], ['FPS-7002', moorside]] as const) {
    const id = (await d.db.select().from(offers).where(eq(offers.providerId, providerId)))[0]!.id;
    const result = await d.click(d.people.placementsOfficer, 'evaluation.mark', { offerId: id, [`mark_${id}`]: mark, [`reason_${id}`]: `Visit and references: mark ${mark} for ${providerId}.` });
    expect(cardText(result.card)).toContain('Quality mark saved');
  }
}

/** The current version of a provider's offer (a corrected offer is a new version). */
export async function currentOffer(d: Driver, providerId: string) {
  return (await d.db.select().from(offers).where(eq(offers.providerId, providerId))).sort((a, b) => b.version - a.version)[0]!;
}

/**
 * The placements officer proposes the award of a provider's current offer on PR-2026-0001, as the evaluation
 * card's button does; `lowerRankReason` is the reason a proposal of an offer not ranked first needs.
 */
export async function proposeAward(d: Driver, providerId: string, texts: { rationale: string; lowerRankReason?: string; extra?: Record<string, string> }) {
  const offer = await currentOffer(d, providerId);
  return d.click(d.people.placementsOfficer, 'award.propose', {
    requestId: 1,
    offerId: offer.id,
    [`rationale_${offer.id}`]: texts.rationale,
    ...(texts.lowerRankReason ? { [`lowerRankReason_${offer.id}`]: texts.lowerRankReason } : {}),
    ...texts.extra,
  });
}

/** The approval card a proposal posted in the request's thread, among what was delivered, with its post. */
export function approvalPostIn(d: Driver, posted: Awaited<ReturnType<Driver['settle']>>) {
  const post = posted.find((p) => d.cardsIn([p]).some((c) => cardText(c).includes('Award proposal for PR-2026-0001')));
  if (!post) throw new Error('no approval card was posted');
  if (!post.conversationId.startsWith(`${TEAM.id};messageid=`)) throw new Error(`the approval card went to ${post.conversationId}, not the request's thread`);
  return { card: d.cardsIn([post])[0], post };
}
