import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { cardText, findAction } from '../support/driver.js';
import { answerRequestSteps, daysFromNow, PERSONAL_CHAT, startDevMode } from '../support/dev-mode.js';
import { EHCP_STATUS_LABELS, PHASE_TRANSFER_LABELS } from '../../src/domain/placement-request/fields.js';
import { LOT_LABELS, LOTS } from '../../src/domain/reference-data.js';
import { LEGAL_GROUND_LABELS, LEGAL_GROUNDS, PLACE_AVAILABILITY_LABELS, ROUTE_LABELS, ROUTES, SETTING_KIND_LABELS, SUITABILITY_LABELS, placeFoundByCallOff } from '../../src/domain/appraisal/routes.js';
import { OPTION_FIELD_LABELS, PREFERENCE_FIELD_LABELS } from '../../src/domain/appraisal/answers.js';

/**
 * Finding 4 of issue 12, in the Agents Playground's own page: a card replaced in place by the next step of
 * the request form showed, in its dropdown, the choices of the previous card's dropdown at the same place
 * (step 3's Lot list offered the EHCP statuses; the appraisal's preference question offered the Section F
 * answers in its route list). Each dropdown must offer its own question's choices.
 */

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'playground');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The choices a dropdown of the card offers when opened, as the page lists them. */
async function choicesOf(page: Page, card: Locator, label: string): Promise<string[]> {
  const dropdown = card.getByRole('combobox', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  await dropdown.click();
  const options = page.getByRole('option');
  await options.first().waitFor({ timeout: 10_000 });
  const titles = await options.allInnerTexts();
  await page.keyboard.press('Escape');
  await expect.poll(() => options.count()).toBe(0);
  return titles.map((t) => t.trim());
}

describe('dropdowns in the Playground page (finding 4)', () => {
  it('each step of the request form offers its own choices when the card is replaced by the next or previous step', async () => {
    const dev = await startDevMode([]);
    try {
      // Steps 1 and 2 through the Playground's API; the draft then waits at step 3 (the lot).
      const { card } = await answerRequestSteps(dev, [
        { caseReference: 'EHC-DROP-1', childInitials: 'CD', dateOfBirth: daysFromNow(-10 * 365), sex: 'female', homePostcodeDistrict: 'WA7' },
        { ehcpStatus: 'final', planDate: daysFromNow(-100), phaseTransfer: 'none', primaryNeed: 'ASD', sectionB: 'Social communication needs.', sectionE: 'Learn in a small group.', sectionF: '1:1 support; SALT weekly.' },
      ]);
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

  it('the appraisal\'s last route card and the preference question, each replaced by the other, offer their own choices', async () => {
    const dev = await startDevMode([]);
    try {
      // The request and the six routes through the Playground's API (the route cards have date pop-ups); the
      // appraisal then waits at the preference question.
      let { messageId, card } = await answerRequestSteps(dev, [
        { caseReference: 'EHC-DROP-2', childInitials: 'EF', dateOfBirth: daysFromNow(-11 * 365), sex: 'male', homePostcodeDistrict: 'WA7' },
        { ehcpStatus: 'final', planDate: daysFromNow(-100), phaseTransfer: 'none', primaryNeed: 'ASD', sectionB: 'Social communication needs.', sectionE: 'Learn in a small group.', sectionF: '1:1 support; SALT weekly.' },
        { lot: '1', requiredStartDate: daysFromNow(300) },
        { urgency: 'routine' },
      ]);
      card = await dev.invoke(PERSONAL_CHAT, messageId, 'request.submit', findAction(card, 'request.submit').data);
      card = await dev.invoke(PERSONAL_CHAT, messageId, 'appraisal.start', findAction(card, 'appraisal.start').data);
      const routes: Array<Record<string, string>> = [
        { considered: 'true', meetsSectionF: 'no', suitabilityReason: 'Cannot provide 1:1 support all day.', placeAvailable: 'yes' },
        { considered: 'false', notConsideredReason: 'No resourced provision within reach.' },
        { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Meets Section F.', placeAvailable: 'no', fee: '25000' },
        { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'FPS schools offer this provision.', placeAvailable: 'call_off', fee: '132600' },
        { considered: 'false', notConsideredReason: 'The FPS covers it.' },
        { considered: 'true', meetsSectionF: 'partly', suitabilityReason: 'An EOTAS package could cover some of it.', placeAvailable: 'unknown' },
      ];
      for (const answer of routes) card = await dev.invoke(PERSONAL_CHAT, messageId, 'appraisal.step', { ...findAction(card, 'appraisal.step', 'Next').data, ...answer });
      expect(cardText(card)).toContain(PREFERENCE_FIELD_LABELS.hasPreference);

      // Back to the last route through the API too: the page first draws the route card, as the caseworker sees it.
      card = await dev.invoke(PERSONAL_CHAT, messageId, 'appraisal.step', findAction(card, 'appraisal.step', 'Back').data);
      const lastRoute = ROUTES[ROUTES.length - 1]!;
      const routeCard = `Route ${ROUTES.length} of ${ROUTES.length}: ${ROUTE_LABELS[lastRoute]}`;
      expect(cardText(card)).toContain(routeCard);

      const P = PREFERENCE_FIELD_LABELS;
      const O = OPTION_FIELD_LABELS;
      const grounds = LEGAL_GROUNDS.map((g) => LEGAL_GROUND_LABELS[g]);
      const places = Object.entries(PLACE_AVAILABILITY_LABELS).filter(([value]) => value !== 'call_off' || placeFoundByCallOff(lastRoute));
      // Soft: one run reports every list that shows another card's choices.
      const expectRouteChoices = async (page: Page, form: Locator) => {
        await form.getByText(routeCard).waitFor({ timeout: 20_000 });
        expect.soft(await choicesOf(page, form, O.meetsSectionF)).toEqual(Object.values(SUITABILITY_LABELS));
        expect.soft(await choicesOf(page, form, O.placeAvailable)).toEqual(places.map(([, title]) => title));
        expect.soft(await choicesOf(page, form, O.legalGround)).toEqual(grounds);
      };
      const expectPreferenceChoices = async (page: Page, form: Locator) => {
        await form.getByText(P.route).waitFor({ timeout: 20_000 });
        expect.soft(await choicesOf(page, form, P.settingKind)).toEqual(Object.values(SETTING_KIND_LABELS));
        expect.soft(await choicesOf(page, form, P.route)).toEqual(Object.values(ROUTE_LABELS));
        expect.soft(await choicesOf(page, form, P.ground)).toEqual(grounds);
      };
      const openAppraisal = async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
        await page.goto(`http://localhost:${dev.port}`);
        const welcome = page.locator('.ac-adaptiveCard', { hasText: 'Welcome to Placement Desk' }).last();
        await welcome.waitFor({ timeout: 60_000 });
        await welcome.getByRole('button', { name: 'Continue the appraisal' }).click();
        return { page, form: page.locator('.ac-adaptiveCard', { hasText: 'Options appraisal for request' }).last() };
      };

      // The last route, then Next: the preference question replaces it (its route list offered the Section F answers).
      const forward = await openAppraisal();
      await expectRouteChoices(forward.page, forward.form);
      await forward.page.screenshot({ path: join(ARTIFACTS, 'dropdowns-appraisal-route.png') });
      await forward.form.getByRole('button', { name: 'Next' }).click();
      await expectPreferenceChoices(forward.page, forward.form);
      await forward.page.screenshot({ path: join(ARTIFACTS, 'dropdowns-appraisal-preference.png') });
      await forward.page.close();

      // A fresh page starts at the preference question; Back: the last route replaces it.
      const backward = await openAppraisal();
      await expectPreferenceChoices(backward.page, backward.form);
      await backward.form.getByRole('button', { name: 'Back' }).click();
      await expectRouteChoices(backward.page, backward.form);
      await backward.page.close();
    } finally {
      await dev.stop();
    }
  }, 180_000);
});
