import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { cardText, findAction } from '../support/driver.js';
import { startDevMode } from '../support/dev-mode.js';
import { EHCP_STATUS_LABELS, PHASE_TRANSFER_LABELS } from '../../src/domain/placement-request/fields.js';
import { LOT_LABELS, LOTS } from '../../src/domain/reference-data.js';

/**
 * Finding 4 of issue 12, in the Agents Playground's own page: a card replaced in place by the next step of
 * the request form showed, in its dropdown, the choices of the previous card's dropdown at the same place
 * (step 3's Lot list offered the EHCP statuses). Each dropdown must offer its own question's choices.
 */

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'playground');
const PERSONAL = 'placement-desk-personal-chat';
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The choices a dropdown of the card offers when opened, as the page lists them. */
async function choicesOf(page: Page, card: Locator, label: string): Promise<string[]> {
  const dropdown = card.getByRole('combobox', { name: new RegExp(`^${label}`) });
  await dropdown.click();
  const options = page.getByRole('option');
  await options.first().waitFor({ timeout: 10_000 });
  const titles = await options.allInnerTexts();
  await page.keyboard.press('Escape');
  await expect.poll(() => options.count()).toBe(0);
  return titles.map((t) => t.trim());
}

const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('dropdowns in the Playground page (finding 4)', () => {
  it('each step of the request form offers its own choices when the card is replaced by the next or previous step', async () => {
    const dev = await startDevMode([]);
    try {
      // Steps 1 and 2 through the Playground's API; the draft then waits at step 3 (the lot).
      await dev.send(PERSONAL, { from: { id: 'user-alex' }, text: 'new request' });
      const first = await dev.waitFor((f) => f.action === 'createMessage' && cardText(f.message).includes('Step 1 of 4'));
      let card: unknown = first.message.attachments[0].content;
      const answers = [
        { caseReference: 'EHC-DROP-1', childInitials: 'CD', dateOfBirth: daysFromNow(-10 * 365), sex: 'female', homePostcodeDistrict: 'WA7' },
        { ehcpStatus: 'final', planDate: daysFromNow(-100), phaseTransfer: 'none', primaryNeed: 'ASD', sectionB: 'Social communication needs.', sectionE: 'Learn in a small group.', sectionF: '1:1 support; SALT weekly.' },
      ];
      for (const answer of answers) card = await dev.invoke(PERSONAL, first.message.messageId, 'request.step', { ...findAction(card, 'request.step', 'Next').data, ...answer });
      expect(cardText(card)).toContain('Step 3 of 4');

      const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
      await page.goto(`http://localhost:${dev.port}`);
      const welcome = page.locator('.ac-adaptiveCard', { hasText: 'Welcome to Placement Desk' }).last();
      await welcome.waitFor({ timeout: 60_000 });
      await welcome.getByRole('button', { name: 'Resume' }).click();
      const form = page.locator('.ac-adaptiveCard', { hasText: /Step \d of 4/ }).last();
      const lots = LOTS.map((l) => `Lot ${l} – ${LOT_LABELS[l]}`);

      await form.getByText('Step 3 of 4').waitFor({ timeout: 20_000 });
      expect(await choicesOf(page, form, 'Lot')).toEqual(lots);

      // Back to step 2: its first dropdown sits where the Lot list was.
      await form.getByRole('button', { name: 'Back' }).click();
      await form.getByText('Step 2 of 4').waitFor({ timeout: 20_000 });
      expect(await choicesOf(page, form, 'EHCP status')).toEqual(Object.values(EHCP_STATUS_LABELS));
      expect(await choicesOf(page, form, 'Phase transfer')).toEqual(Object.values(PHASE_TRANSFER_LABELS));
      await page.screenshot({ path: join(ARTIFACTS, 'dropdowns-step-2.png') });

      // And on to step 3 again.
      await form.getByRole('button', { name: 'Next' }).click();
      await form.getByText('Step 3 of 4').waitFor({ timeout: 20_000 });
      expect(await choicesOf(page, form, 'Lot')).toEqual(lots);
      await page.screenshot({ path: join(ARTIFACTS, 'dropdowns-step-3.png') });
      await page.close();
    } finally {
      await dev.stop();
    }
  }, 180_000);
});
