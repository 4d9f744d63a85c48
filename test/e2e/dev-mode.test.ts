import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText } from '../support/driver.js';
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
});
