import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, findAction } from '../support/driver.js';
import { answerRequestSteps, daysFromNow, PERSONAL_CHAT, startDevMode } from '../support/dev-mode.js';

let dev: Awaited<ReturnType<typeof startDevMode>>;
beforeAll(async () => {
  dev = await startDevMode();
}, 120_000);
afterAll(async () => {
  await dev?.stop();
});

/** The local addresses listening on a TCP port, read from the kernel's socket tables (Linux). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) found.push(local.slice(0, -5));
    }
  }
  return found;
}

describe('npm run dev: bot + Agents Playground + demo data', () => {
  it('the Playground listens on this machine only (loopback), like the bot (issue 12, finding 6)', () => {
    const addresses = listeningAddresses(dev.port);
    expect(addresses.length).toBeGreaterThan(0);
    // 127.0.0.1 in the kernel's little-endian hex, or ::1; never 0.0.0.0 or ::.
    for (const address of addresses) expect(['0100007F', '00000000000000000000000001000000']).toContain(address);
  });

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
    const { messageId, card } = await answerRequestSteps(dev, [
      { caseReference: 'EHC-DEV-1', childInitials: 'AB', dateOfBirth: daysFromNow(-12 * 365), sex: 'male', homePostcodeDistrict: 'WA7' },
      { ehcpStatus: 'final', planDate: daysFromNow(-100), phaseTransfer: 'none', primaryNeed: 'ASD', sectionB: 'Social communication needs.', sectionE: 'Learn in a small group.', sectionF: '1:1 support; SALT weekly.' },
      { lot: '1', requiredStartDate: daysFromNow(300) },
      { urgency: 'routine' },
    ]);
    expect(cardText(card)).toContain('Check and submit');
    const submitted = await dev.invoke(PERSONAL_CHAT, messageId, 'request.submit', findAction(card, 'request.submit').data);
    expect(cardText(submitted)).toMatch(/Submitted as \*\*PR-\d{4}-0001\*\*/);
    const post = await dev.waitFor((f) => f.action === 'createMessage' && f.actionConversationId === 'placement-desk-approvals' && cardText(f.message).includes('New placement request'));
    expect(cardText(post.message)).toContain('Raised by Alex Wilber');
  });
});
