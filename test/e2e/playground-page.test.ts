import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { cardText, findAction } from '../support/driver.js';
import { answerRequestSteps, daysFromNow, PERSONAL_CHAT, startDevMode } from '../support/dev-mode.js';
import { evaluateOffers } from '../../src/domain/evaluation.js';
import { formatPounds } from '../../src/domain/money.js';

/**
 * The README's walk-through played in the Agents Playground's own page, in headless Chromium (Debian's
 * `chromium`), one person per start of `npm run dev` as the README says (`--as Sam`, `--as Priya`), all on
 * one database. Each person's step is done in the page, and a screenshot of it is kept in test-artifacts/.
 * The caseworker's request and appraisal are entered through the Playground's API (its forms are covered
 * by dev-mode.test.ts); what the others must see after a switch of person is reached through the page.
 */

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'playground');
const execFileAsync = promisify(execFile);

let browser: Browser;
let dir: string;
let shot = 0;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'placement-desk-walk-'));
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPage(port: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await page.goto(`http://localhost:${port}`);
  await page.getByText(/Welcome to Placement Desk/).last().waitFor({ timeout: 60_000 });
  return page;
}

async function screenshot(page: Page, name: string) {
  shot += 1;
  await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: false });
}

/** Types a message in the page's compose box and sends it. */
async function say(page: Page, message: string) {
  await page.locator('div[contenteditable="true"][role="textbox"]').fill(message);
  await page.getByRole('button', { name: 'Send Message' }).click();
}

/** The providers the referrals went to, those of the demo register first, from the dev database. */
function referredProviders(devDir: string): string[] {
  const db = new Database(join(devDir, 'placements.db'), { readonly: true });
  try {
    return (
      db
        .prepare("SELECT r.provider_id AS id FROM referrals r JOIN providers p ON p.id = r.provider_id GROUP BY r.provider_id ORDER BY MAX(p.origin = 'demo') DESC, MIN(r.id)")
        .all() as Array<{ id: string }>
    ).map((r) => r.id);
  } finally {
    db.close();
  }
}

function providerNames(devDir: string, ids: string[]): string[] {
  const db = new Database(join(devDir, 'placements.db'), { readonly: true });
  try {
    return ids.map((id) => (db.prepare('SELECT name FROM providers WHERE id = ?').get(id) as { name: string }).name);
  } finally {
    db.close();
  }
}

/** `npm run cli -- dev-reply …` against this dev mode's database and embedded mailbox. */
async function devReply(dev: { dir: string; output: string }, provider: string, text: string) {
  const imapPort = /embedded IMAP mailbox on port (\d+)/.exec(dev.output)?.[1];
  expect(imapPort).toBeTruthy();
  await execFileAsync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'dev-reply', 'PR-2026-0001', '--provider', provider, '--text', text], {
    env: { ...process.env, DB_PATH: join(dev.dir, 'placements.db'), IMAP_PORT: imapPort, LOG_LEVEL: 'warn' },
  });
}

describe('the README walk-through in the Playground page', () => {
  it('request and appraisal (Alex), then the route confirmed by Sam in the page after switching person', async () => {
    // Alex: the request and its appraisal, through the Playground's API.
    let dev = await startDevMode([], { dir });
    try {
      let { messageId, card } = await answerRequestSteps(dev, [
        { caseReference: 'EHC-WALK-1', childInitials: 'AB', dateOfBirth: daysFromNow(-12 * 365), sex: 'male', homePostcodeDistrict: 'WA7' },
        { ehcpStatus: 'final', planDate: daysFromNow(-100), phaseTransfer: 'none', primaryNeed: 'ASD', sectionB: 'Social communication needs.', sectionE: 'Learn in a small group.', sectionF: '1:1 support; SALT weekly.' },
        { lot: '1', requiredStartDate: daysFromNow(300) },
        { urgency: 'routine' },
      ]);
      card = await dev.invoke(PERSONAL_CHAT, messageId, 'request.submit', findAction(card, 'request.submit').data);
      expect(cardText(card)).toMatch(/Submitted as \*\*PR-\d{4}-0001\*\*/);
      card = await dev.invoke(PERSONAL_CHAT, messageId, 'appraisal.start', findAction(card, 'appraisal.start').data);
      const routes: Array<Record<string, string>> = [
        { considered: 'true', meetsSectionF: 'no', suitabilityReason: 'Cannot provide 1:1 support all day with SALT.', placeAvailable: 'yes' },
        { considered: 'false', notConsideredReason: 'No resourced provision for autism within reach.' },
        { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Meets Section F.', placeAvailable: 'no', fee: '25000' },
        { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'Several FPS schools offer this provision.', placeAvailable: 'call_off', fee: '132600', transport: '8000' },
        { considered: 'true', meetsSectionF: 'yes', suitabilityReason: 'An independent school outside the FPS could meet it.', placeAvailable: 'call_off', fee: '174000', transport: '8000' },
        { considered: 'false', notConsideredReason: 'No block-contract place or EOTAS package fits.' },
      ];
      for (const answer of routes) card = await dev.invoke(PERSONAL_CHAT, messageId, 'appraisal.step', { ...findAction(card, 'appraisal.step', 'Next').data, ...answer });
      card = await dev.invoke(PERSONAL_CHAT, messageId, 'appraisal.step', { ...findAction(card, 'appraisal.step', 'See the recommendation').data, hasPreference: 'false' });
      expect(cardText(card)).toContain('Recommended route: **FPS call-off');
      card = await dev.invoke(PERSONAL_CHAT, messageId, 'appraisal.ask', findAction(card, 'appraisal.ask').data);
      await dev.waitFor((f) => String(f.actionConversationId).startsWith('placement-desk-approvals;messageid=') && cardText(f.message).includes('Options appraisal ready'), 20_000);
      const page = await openPage(dev.port);
      await screenshot(page, 'alex-welcome');
      await page.close();
    } finally {
      await dev.stop();
    }

    // Sam: a new start of dev mode as Sam; the Playground is empty, dev mode posts again what he should see.
    dev = await startDevMode(['--as', 'Sam'], { dir });
    try {
      const page = await openPage(dev.port);
      await expect.poll(() => dev.output, { timeout: 20_000 }).toMatch(/Posted 1 open request thread\(s\) again/);
      const welcome = page.locator('.ac-adaptiveCard', { hasText: 'Welcome to Placement Desk, Sam' }).last();
      await expect.poll(() => welcome.innerText()).toMatch(/Confirm the route for PR-\d{4}-0001/);
      await screenshot(page, 'sam-welcome-my-work');
      // The thread is back in the Approvals channel, with the card asking for his confirmation.
      await page.getByText('Approvals', { exact: true }).click();
      const thread = page.locator('.ac-adaptiveCard', { hasText: 'earlier thread' }).last();
      await thread.waitFor({ timeout: 20_000 });
      await page.locator('.ac-adaptiveCard', { hasText: 'Options appraisal ready: PR-' }).last().waitFor({ timeout: 20_000 });
      await screenshot(page, 'sam-approvals-thread');
      // He confirms from his personal chat: the button on his welcome card opens the confirmation card.
      await page.getByText('Personal Chat', { exact: true }).click();
      await page.locator('.ac-adaptiveCard', { hasText: 'Welcome to Placement Desk, Sam' }).last().getByRole('button', { name: 'Confirm the route' }).click();
      const confirm = page.locator('.ac-adaptiveCard', { hasText: /Confirm the route/ }).filter({ has: page.getByRole('textbox') }).last();
      await confirm.waitFor({ timeout: 20_000 });
      await confirm.getByRole('textbox').first().fill('Only FPS schools can meet Section F; the call-off will find the place.');
      await screenshot(page, 'sam-confirmation-card');
      await confirm.getByRole('button', { name: /^Confirm/ }).first().click();
      await page.getByText(/Route confirmed/).last().waitFor({ timeout: 20_000 });
      await screenshot(page, 'sam-route-confirmed');
      await page.close();
    } finally {
      await dev.stop();
    }
  }, 300_000);

  it('Priya adds a provider the rules excluded to the shortlist in the page, the referrals go to it too (finding 2), three replies reach the thread, and she proposes the offer her quality marks rank first', async () => {
    const dev = await startDevMode(['--as', 'Priya'], { dir });
    try {
      const page = await openPage(dev.port);
      const welcome = page.locator('.ac-adaptiveCard', { hasText: 'Welcome to Placement Desk, Priya' }).last();
      await expect.poll(() => welcome.innerText()).toMatch(/Check the shortlist and send the referrals for PR-\d{4}-0001/);
      await welcome.getByRole('button', { name: 'Open the shortlist' }).click();
      const shortlist = page.locator('.ac-adaptiveCard', { hasText: 'Shortlist for PR-' }).last();
      await shortlist.waitFor({ timeout: 20_000 });
      const included = await shortlist.getByRole('checkbox', { checked: true }).count();
      expect(included).toBeGreaterThan(0);
      // The excluded providers are a section of the same card (no show-card): open it and tick one.
      await shortlist.getByRole('button', { name: /^Excluded providers \(\d+\)/ }).click();
      const extra = shortlist.getByRole('checkbox', { checked: false }).first();
      const extraName = (await extra.getAttribute('aria-label')) ?? (await extra.evaluate((e) => e.closest('.ac-input-container, div')?.textContent ?? ''));
      await extra.check();
      await shortlist.getByRole('textbox', { name: /Reason for adding or removing providers/ }).fill('The school has agreed to take this child by arrangement.');
      await screenshot(page, 'priya-shortlist-provider-added');
      await shortlist.getByRole('button', { name: 'Send referrals' }).click();
      const sent = page.locator('.ac-adaptiveCard', { hasText: /Referrals are on their way/ }).last();
      await sent.waitFor({ timeout: 30_000 });
      await screenshot(page, 'priya-referrals-sent');
      const said = await sent.innerText();
      // Every provider ticked, the added one too, gets its referral.
      expect(said).toMatch(new RegExp(`to ${included + 1} provider\\(s\\)`));
      const addedName = extraName.replace(/\s*\([^)]*\)\s*$/, '').trim();
      expect(addedName.length).toBeGreaterThan(0);
      expect(said).toContain(addedName);

      // Three providers answer (`npm run cli -- dev-reply`, as the README says); their replies appear in the
      // request's thread while the page is open.
      const providers = referredProviders(dev.dir).slice(0, 3);
      const fees = ['3450', '3300', '3600'];
      for (const [i, provider] of providers.entries()) {
        await devReply(dev, provider, `We can meet the needs. Weekly fee £${fees[i]} for 38 weeks, start 7/9/2027.`);
      }
      await page.getByText('Approvals', { exact: true }).click();
      const replies = page.locator('.ac-adaptiveCard', { hasText: /Offer of a place from/ });
      await expect.poll(() => replies.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
      await screenshot(page, 'priya-three-replies-in-thread');

      // She confirms each reply's figures on its card in the thread. (The button used to send nothing: the
      // closed "Reply to the provider" section held an empty required input, which every button validates.)
      const clicks: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/_conversation/v1/invoke')) clicks.push(r.postData() ?? '');
      });
      for (let i = 0; i < 3; i++) {
        const reply = replies.nth(i);
        await reply.getByRole('button', { name: 'Confirm or correct the figures' }).click();
        await reply.getByRole('button', { name: 'Confirm figures' }).click();
        await reply.getByText(/Confirmed by Priya Shah/).waitFor({ timeout: 20_000 });
      }
      expect(clicks.filter((c) => c.includes('"verb":"reply.confirm"'))).toHaveLength(3);
      await screenshot(page, 'priya-figures-confirmed');

      // She closes responses on her referrals card (it asks first), then evaluates and proposes the award.
      await page.getByText('Personal Chat', { exact: true }).click();
      const referrals = page.locator('.ac-adaptiveCard', { hasText: 'Referrals for PR-' }).last();
      await referrals.getByRole('button', { name: 'Close responses' }).click();
      await referrals.getByText('Close responses now?').waitFor();
      await referrals.getByRole('button', { name: 'Yes, close responses' }).click();
      await page.getByText(/Responses closed\. The request moves on/).last().waitFor({ timeout: 20_000 });
      await screenshot(page, 'priya-responses-closed');
      await say(page, 'evaluate PR-2026-0001');
      const evaluation = page.locator('.ac-adaptiveCard', { hasText: 'Evaluation for PR-2026-0001' }).last();
      await evaluation.waitFor({ timeout: 20_000 });
      expect(await evaluation.getByRole('button', { name: 'Propose this award' }).count()).toBe(3);

      // She gives each offer its quality mark on the evaluation card (the dearest the best mark), so the
      // ranking is not the order of the fees. Offers move as they are ranked: each is found by its fee.
      const marks = [50, 40, 95];
      const offerOf = (i: number) =>
        evaluation.locator('.ac-container', { hasText: `${formatPounds(Number(fees[i]) * 100)} × 38 weeks` }).filter({ has: page.getByRole('button', { name: /quality mark/ }) }).last();
      for (const [i, mark] of marks.entries()) {
        const offer = offerOf(i);
        await offer.getByRole('button', { name: 'Give a quality mark' }).click();
        await offer.getByRole('textbox', { name: /^Quality mark/ }).fill(String(mark));
        await offer.getByRole('textbox', { name: /^Reason for the mark/ }).fill(`Mark ${mark}: evidence of outcomes for pupils with ASD.`);
        await offer.getByRole('button', { name: 'Save mark' }).click();
        await offerOf(i).getByRole('button', { name: 'Change the quality mark' }).waitFor({ timeout: 20_000 });
      }
      await evaluation.getByText('Quality mark saved.').waitFor({ timeout: 20_000 });
      await screenshot(page, 'priya-quality-marks-given');

      // The ranking shown is the product's own ranking of these figures and marks, at the weighting fixed on the card.
      const shown = await evaluation.innerText();
      const weighting = /price (\d+)% \/ quality (\d+)%/.exec(shown);
      expect(weighting).toBeTruthy();
      const names = providerNames(dev.dir, providers);
      const ranked = evaluateOffers(
        providers.map((providerId, i) => ({
          offerId: i, providerId, providerName: names[i]!, canMeetNeeds: true, weeklyFeePence: Number(fees[i]) * 100, weeksPerYear: 38, addOnsWeeklyPence: 0,
          startDate: null, qualityMark: marks[i]!, ofstedGrade: null, inspectionDate: null, providerPostcode: '',
        })),
        { priceWeight: Number(weighting![1]), qualityWeight: Number(weighting![2]) },
        'WA7',
      );
      expect(ranked.map((o) => o.offerId)).not.toEqual([0, 1, 2]);
      const headings = [...shown.matchAll(/^#(\d+) (.+?)(?: · .*)?$/gm)].map((m) => `#${m[1]} ${m[2]!.trim()}`);
      expect(headings).toEqual(ranked.map((o) => `#${o.rank} ${o.providerName}`));
      for (const o of ranked) expect(shown).toContain(`${o.totalScore} (price ${o.priceScore}, quality ${o.qualityScore})`);
      // And, whatever the rules compute, the page lists the best score first.
      const scores = [...shown.matchAll(/(\d+(?:\.\d)?) \(price /g)].map((m) => Number(m[1]));
      expect(scores).toHaveLength(3);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));

      // She proposes the best-ranked offer: no reason for passing over a higher one is asked.
      const best = offerOf(ranked[0]!.offerId);
      await best.getByRole('button', { name: 'Propose this award' }).click();
      await best.getByRole('textbox', { name: /Why this offer/ }).fill('Ranked first: meets Section F in full and has a place from September.');
      expect(await best.getByRole('textbox', { name: /^Why propose/ }).count()).toBe(0);
      await screenshot(page, 'priya-award-proposed-form');
      await best.getByRole('button', { name: 'Send for approval' }).click();
      await page.getByText(/Proposal sent to the approvals channel/).last().waitFor({ timeout: 20_000 });
      await screenshot(page, 'priya-award-proposed');

      await page.close();
    } finally {
      await dev.stop();
    }
  }, 240_000);

  it('Sam approves the proposal in the thread; the award reaches Alex, the caseworker, switched to without a restart', async () => {
    const dev = await startDevMode(['--as', 'Sam'], { dir });
    try {
      let page = await openPage(dev.port);
      const welcome = page.locator('.ac-adaptiveCard', { hasText: 'Welcome to Placement Desk, Sam' }).last();
      await expect.poll(() => welcome.innerText()).toMatch(/Decide the award proposal for PR-2026-0001/);
      await screenshot(page, 'sam-welcome-proposal-waiting');
      await page.getByText('Approvals', { exact: true }).click();
      const proposal = page.locator('.ac-adaptiveCard', { hasText: 'Award proposal for PR-2026-0001' }).last();
      await proposal.waitFor({ timeout: 20_000 });
      await screenshot(page, 'sam-proposal-in-thread');
      await proposal.getByRole('button', { name: 'Approve' }).click();
      await proposal.getByText(/Approved by Sam Okafor/).waitFor({ timeout: 20_000 });
      await screenshot(page, 'sam-proposal-approved');
      await page.close();

      // The award summary is the caseworker's: it waits for Alex's personal chat. "as Alex" typed in dev
      // mode's terminal switches the page to him without a restart, at the same address.
      const port = await dev.switchTo('Alex');
      expect(port).toBe(dev.port);
      page = await openPage(port);
      await page.locator('.ac-adaptiveCard', { hasText: 'Welcome to Placement Desk, Alex' }).last().waitFor({ timeout: 30_000 });
      const award = page.locator('.ac-adaptiveCard', { hasText: 'Placement awarded: PR-2026-0001' }).last();
      await award.waitFor({ timeout: 30_000 });
      const said = await award.innerText();
      expect(said).toMatch(/Approved by\s+Sam Okafor/);
      expect(said).toMatch(/£3,\d{3} × 38 weeks/);
      await screenshot(page, 'alex-award-made');
      await page.close();
    } finally {
      await dev.stop();
    }
  }, 240_000);
});
