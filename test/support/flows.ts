import { findAction, inputValues, type Driver } from './driver.js';
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

/** Clicks a button of a card the way Teams does: the card's current input values plus the answers. */
export function clickCard(d: Driver, p: TestPerson, card: unknown, verb: string, answers: Record<string, string> = {}, title?: string) {
  const action = findAction(card, verb, title);
  return d.click(p, verb, { ...inputValues(card), ...action.data, ...answers });
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
