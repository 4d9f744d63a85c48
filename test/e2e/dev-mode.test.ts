import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, findAction } from '../support/driver.js';
import { startDevMode } from '../support/dev-mode.js';

let dev: Awaited<ReturnType<typeof startDevMode>>;
beforeAll(async () => {
  dev = await startDevMode();
}, 120_000);
afterAll(async () => {
  await dev?.stop();
});

describe('npm run dev: bot + Agents Playground + demo data', () => {
  it('loads the demo data on an empty database and registers the Playground channel', () => {
    expect(dev.output).toMatch(/Loaded demo councils NWDEMO, WESTBAY with \d+ staff/);
    expect(dev.output).toMatch(/Loaded the demo provider register: \d+ providers/);
    expect(dev.output).toContain('is registered as the demo council\'s approvals channel');
  });

  it('a person chatting in the Playground is known by council and role', async () => {
    const sent = await dev.send('placement-desk-personal-chat', { from: { id: 'user-alex' }, text: 'whoami' });
    expect(sent.status).toBe(200);
    const frame = await dev.waitFor((f) => f.action === 'createMessage' && cardText(f.message).includes('Known by'));
    const text = cardText(frame.message);
    expect(text).toContain('Alex Wilber');
    expect(text).toContain('Northshire Borough Council');
    expect(text).toContain('Caseworker');
  });

  it('a request raised in the Playground starts its thread in the Playground team channel', async () => {
    await dev.send('placement-desk-personal-chat', { from: { id: 'user-alex' }, text: 'new request' });
    const first = await dev.waitFor((f) => f.action === 'createMessage' && cardText(f.message).includes('Step 1 of 4'));
    let card: unknown = first.message.attachments[0].content;
    // Dev mode runs on the real clock, so the dates are relative to today.
    const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const answers = [
      { caseReference: 'EHC-DEV-1', childInitials: 'AB', dateOfBirth: daysFromNow(-12 * 365), sex: 'male', homePostcodeDistrict: 'WA7' },
      { ehcpStatus: 'final', planDate: daysFromNow(-100), phaseTransfer: 'none', primaryNeed: 'ASD', sectionB: 'Social communication needs.', sectionE: 'Learn in a small group.', sectionF: '1:1 support; SALT weekly.' },
      { lot: '1', requiredStartDate: daysFromNow(300) },
      { urgency: 'routine' },
    ];
    for (const [i, answer] of answers.entries()) {
      const action = findAction(card, 'request.step', i === 3 ? 'Review request' : 'Next');
      card = await dev.invoke('placement-desk-personal-chat', first.message.messageId, 'request.step', { ...action.data, ...answer });
    }
    expect(cardText(card)).toContain('Check and submit');
    const submitted = await dev.invoke('placement-desk-personal-chat', first.message.messageId, 'request.submit', findAction(card, 'request.submit').data);
    expect(cardText(submitted)).toMatch(/Submitted as \*\*PR-\d{4}-0001\*\*/);
    const post = await dev.waitFor((f) => f.action === 'createMessage' && f.actionConversationId === 'placement-desk-approvals' && cardText(f.message).includes('New placement request'));
    expect(cardText(post.message)).toContain('Raised by Alex Wilber');
  });
});
