import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { calendarDateOf } from '../../src/domain/calendar-date.js';
import { systemClock } from '../../src/domain/clock.js';
import { computeDashboard, defaultFilters, describeFilters, periodOptions, type DashboardFigures, type DashboardFilters } from '../../src/domain/dashboard.js';
import { showCount } from '../../src/domain/disclosure.js';
import { LOT_LABELS } from '../../src/domain/reference-data.js';
import { demoCouncilId } from '../../src/dev/seed-demo.js';
import { createLogger } from '../../src/logger.js';
import { buildDashboardInput } from '../../src/services/regional/dashboard.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { validateAdaptiveCard } from '../support/cards.js';
import { startDevMode, type PlaygroundFrame } from '../support/dev-mode.js';

/**
 * The dashboards as a person sees them in the Agents Playground's own page (headless Debian chromium):
 * `dashboard` typed by Sam (a service manager of the demo council), `regional dashboard` by Helen (its Head
 * of Service), on dev mode's synthetic history. What the page shows is compared with what the dashboard
 * service computes on the same database, and a filter chosen in the page must change the card in the page.
 *
 * The Playground draws Adaptive Card `Chart.*` elements itself (Fluent UI charts): each chart is an element
 * labelled "<title>, Horizontal bar chart" (or "Donut chart", "Pie chart"), each bar or slice an `img`
 * labelled "<x>, <y>" (slices "<legend>, <value> out of <total>, <share>%"). The chart title is only in that
 * label, not drawn as text. A chart it could not draw would show the element's text fallback instead.
 */

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'playground');

let browser: Browser;
let dir: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'placement-desk-dashboard-'));
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface WatchedPage {
  page: Page;
  /** Errors the page reported: script errors, console errors other than the Playground's own offline fetches. */
  errors: string[];
  /** The card actions the page sent to the bot (the Playground's invoke endpoint). */
  invokes: Array<{ verb?: string; data?: Record<string, unknown> }>;
  /** The cards the bot answered those actions with (the card that replaces the clicked one). */
  answers: unknown[];
}

async function openPage(port: number): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  const errors: string[] = [];
  const invokes: WatchedPage['invokes'] = [];
  const answers: unknown[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  // The Playground's own page fetches Microsoft's telemetry and fonts, which this offline machine cannot
  // reach; those failed fetches (name not resolved, 404s of its own assets) are not about our cards.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  // What the page sends to the bot and what comes back must not fail, whatever is ignored above.
  page.on('response', (r) => {
    if (r.url().includes('/_conversation/') && r.status() >= 400) errors.push(`${r.status()} from ${r.url()}`);
    else if (r.url().includes('/_conversation/v1/invoke')) void r.json().then((b: { value?: unknown }) => answers.push(b.value), (err: unknown) => errors.push(`invoke answer: ${String(err)}`));
  });
  page.on('request', (r) => {
    if (r.url().includes('/_conversation/v1/invoke')) {
      const body = JSON.parse(r.postData() ?? '{}') as { value?: { action?: { verb?: string; data?: Record<string, unknown> } } };
      invokes.push({ verb: body.value?.action?.verb, data: body.value?.action?.data });
    }
  });
  await page.goto(`http://localhost:${port}`);
  await page.getByText(/Welcome to Placement Desk/).last().waitFor({ timeout: 60_000 });
  return { page, errors, invokes, answers };
}

/** The page with the card's heading at the top (the card is taller than the window). */
async function screenshot(page: Page, card: Locator, name: string) {
  await card.locator('.ac-textBlock').first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(ARTIFACTS, name) });
}

/** Types a message in the Playground's compose box and sends it with Enter, as a person does. */
async function say(page: Page, words: string) {
  const box = page.getByRole('textbox', { name: /Type a message/ }).or(page.locator('[data-lexical-editor="true"]')).first();
  await box.click();
  await page.keyboard.type(words);
  await page.keyboard.press('Enter');
}

/** What the dashboard service computes for this scope and filters, read from dev mode's own database. */
async function expectedFigures(db: Db, scope: { kind: 'council'; councilId: number } | { kind: 'regional' }, filters: DashboardFilters): Promise<DashboardFigures> {
  const deps: ServiceDeps = { config: loadConfig({ ...process.env, DB_PATH: join(dir, 'placements.db') }), db, clock: systemClock, log: createLogger('silent') };
  return computeDashboard(await buildDashboardInput(deps, scope, filters));
}

interface ChartElement {
  type: string;
  title: string;
  data: Array<{ x?: string; y?: number; legend?: string; value?: number }>;
  fallback: { text: string };
}

function chartsOf(card: unknown): ChartElement[] {
  const found: ChartElement[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Chart.')) found.push(o as unknown as ChartElement);
      else Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/**
 * How the page shows each chart of the posted card: drawn (its bars or slices labelled with the card's
 * numbers) or as its text fallback. Fails if a chart is neither.
 */
async function renderingOf(card: Locator, charts: ChartElement[]): Promise<Array<{ title: string; drawn: boolean }>> {
  const seen: Array<{ title: string; drawn: boolean }> = [];
  const cardText = await card.innerText();
  for (const c of charts) {
    const drawn = card.locator(`[aria-label^="${c.title}, "][aria-label$=" chart"]`);
    if ((await drawn.count()) === 1) {
      const labels = await drawn.getByRole('img').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      const points = c.data.map((p) => (p.x !== undefined ? `${p.x}, ${p.y}` : `${p.legend}, ${p.value}`));
      // Bars are labelled "<x>, <y>" exactly; slices "<legend>, <value> out of …".
      for (const point of points) expect(labels.some((l) => l === point || l.startsWith(`${point} out of `)), `${c.title}: ${point} in ${JSON.stringify(labels)}`).toBe(true);
      expect(labels.filter((l) => points.some((p) => l === p || l.startsWith(`${p} out of `)))).toHaveLength(points.length);
      seen.push({ title: c.title, drawn: true });
    } else {
      for (const line of c.fallback.text.split('\n')) expect(cardText, `${c.title} is neither drawn nor shown as its fallback`).toContain(line);
      seen.push({ title: c.title, drawn: false });
    }
  }
  return seen;
}

/** The value shown against a fact's title in the card (Adaptive Cards FactSet). */
async function fact(card: Locator, title: string): Promise<string> {
  const titles = card.locator('.ac-fact-title');
  const values = card.locator('.ac-fact-value');
  const all = await titles.allInnerTexts();
  const i = all.findIndex((t) => t.trim() === title);
  expect(i, `fact "${title}" in ${JSON.stringify(all)}`).toBeGreaterThanOrEqual(0);
  return (await values.nth(i).innerText()).trim();
}

/** The weekly fee bars as the page draws them: group label → £ (whole pounds). */
async function feeBars(card: Locator): Promise<Map<string, number>> {
  const chart = card.locator('[aria-label^="Median weekly fee (£)"]');
  const labels = await chart.getByRole('img').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return new Map(labels.map((l) => /^(.*), (\d+)$/.exec(l)!).map((m) => [m[1]!, Number(m[2])]));
}

/** Each fee bar drawn is the service's median for its group, and the largest groups (up to 10) are drawn. */
async function expectFeeBars(card: Locator, f: DashboardFigures) {
  const expected = new Map(f.fees.filter((g) => g.weekly !== null).map((g) => [`L${g.lot} ${g.need}`, Math.round(g.weekly!.median / 100)]));
  const drawn = await feeBars(card);
  expect(drawn.size).toBe(Math.min(10, expected.size));
  for (const [group, pounds] of drawn) expect([group, pounds]).toEqual([group, expected.get(group)]);
}

/** The last card the bot posted in the page whose text contains `marker`, from the Playground's stream. */
function postedCard(frames: PlaygroundFrame[], marker: string): unknown {
  const frame = [...frames].reverse().find((f) => f.action === 'createMessage' && JSON.stringify(f.message.attachments ?? []).includes(marker));
  expect(frame, `a posted card with ${marker}`).toBeTruthy();
  return frame!.message.attachments[0].content;
}

async function chooseOption(page: Page, card: Locator, input: string, option: string) {
  await card.getByRole('combobox', { name: input }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('the dashboards in the Playground page', () => {
  it("Sam types dashboard: his council's charts drawn with the service's figures, and a lot chosen in the page changes the card", async () => {
    const dev = await startDevMode(['--as', 'Sam'], { dir });
    const db = await openDatabase({ DB_PATH: join(dir, 'placements.db'), MIGRATE_ON_START: false });
    try {
      const councilId = await demoCouncilId(db);
      const today = calendarDateOf(systemClock.now());
      const { page, errors, invokes, answers } = await openPage(dev.port);
      await say(page, 'dashboard');
      const card = page.locator('.ac-adaptiveCard', { hasText: 'Dashboard: Northshire Borough Council (demo)' }).last();
      await card.waitFor({ timeout: 30_000 });
      await card.locator('[aria-label$=" chart"]').first().waitFor({ timeout: 20_000 });

      const posted = postedCard(dev.frames, 'Dashboard: Northshire');
      expect(validateAdaptiveCard(posted)).toEqual([]);
      expect((posted as { version: string }).version).toBe('1.5');

      const filters = defaultFilters(today);
      const expected = await expectedFigures(db, { kind: 'council', councilId }, filters);
      expect(expected.placements).toBeGreaterThan(0);
      const text = await card.innerText();
      expect(text).toContain(describeFilters(filters));
      expect(await fact(card, 'Placements')).toBe(String(expected.placements));
      expect(await fact(card, 'Requests submitted')).toBe(String(expected.requests));
      expect(await fact(card, 'Offers declined')).toBe(String(expected.declines.total));
      await expectFeeBars(card, expected);

      const charts = chartsOf(posted);
      expect(charts.map((c) => c.type)).toEqual(expect.arrayContaining(['Chart.HorizontalBar', 'Chart.Donut']));
      const rendering = await renderingOf(card, charts);
      // What this Playground really does: it draws every chart of the card (none falls back to text).
      expect(rendering).toEqual(charts.map((c) => ({ title: c.title, drawn: true })));
      await screenshot(page, card, 'dashboard-sam-council.png');

      // A lot chosen in the page and Apply filters: the page sends the filter and shows the new figures.
      await chooseOption(page, card, 'Lot', `2 ${LOT_LABELS[2]}`);
      await card.getByRole('button', { name: 'Apply filters' }).click();
      const lot2 = { ...filters, lot: 2 as const };
      const filtered = await expectedFigures(db, { kind: 'council', councilId }, lot2);
      const updated = page.locator('.ac-adaptiveCard', { hasText: describeFilters(lot2) }).last();
      await updated.waitFor({ timeout: 30_000 });
      expect(invokes).toEqual([expect.objectContaining({ verb: 'dashboard.filter', data: expect.objectContaining({ lot: '2', scope: 'council' }) })]);
      await expect.poll(() => answers.length).toBe(1);
      expect(validateAdaptiveCard(answers[0])).toEqual([]);
      expect(await fact(updated, 'Placements')).toBe(String(filtered.placements));
      expect(filtered.placements).not.toBe(expected.placements);
      if ((filtered.placements ?? 0) > 0) await expectFeeBars(updated, filtered);
      await screenshot(page, updated, 'dashboard-sam-council-lot-2.png');

      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await closeDatabase(db);
      await dev.stop();
    }
  }, 300_000);

  it('Helen types regional dashboard: protected regional figures equal the service, charts drawn, a period chosen in the page changes the card', async () => {
    const dev = await startDevMode(['--as', 'Helen'], { dir });
    const db = await openDatabase({ DB_PATH: join(dir, 'placements.db'), MIGRATE_ON_START: false });
    try {
      const today = calendarDateOf(systemClock.now());
      const { page, errors, invokes, answers } = await openPage(dev.port);
      await say(page, 'regional dashboard');
      const card = page.locator('.ac-adaptiveCard', { hasText: 'Regional dashboard: all councils' }).last();
      await card.waitFor({ timeout: 30_000 });
      await card.locator('[aria-label$=" chart"]').first().waitFor({ timeout: 20_000 });

      const posted = postedCard(dev.frames, 'Regional dashboard: all councils');
      expect(validateAdaptiveCard(posted)).toEqual([]);
      expect((posted as { version: string }).version).toBe('1.5');

      const filters = defaultFilters(today);
      const expected = await expectedFigures(db, { kind: 'regional' }, filters);
      expect(expected.protected).toBe(true);
      expect(await fact(card, 'Placements')).toBe(showCount(expected.placements, { rounded: true }));
      expect(await fact(card, 'Requests submitted')).toBe(showCount(expected.requests, { rounded: true }));
      await expectFeeBars(card, expected);
      const charts = chartsOf(posted);
      const rendering = await renderingOf(card, charts);
      expect(rendering).toEqual(charts.map((c) => ({ title: c.title, drawn: true })));
      await screenshot(page, card, 'dashboard-helen-regional.png');

      await chooseOption(page, card, 'Period', 'All time');
      await card.getByRole('button', { name: 'Apply filters' }).click();
      const allTime: DashboardFilters = { ...filters, period: periodOptions(today).find((p) => p.key === 'all')! };
      const updated = page.locator('.ac-adaptiveCard', { hasText: describeFilters(allTime) }).last();
      await updated.waitFor({ timeout: 60_000 });
      const wider = await expectedFigures(db, { kind: 'regional' }, allTime);
      expect(invokes).toEqual([expect.objectContaining({ verb: 'dashboard.filter', data: expect.objectContaining({ period: 'all', scope: 'regional' }) })]);
      await expect.poll(() => answers.length).toBe(1);
      expect(validateAdaptiveCard(answers[0])).toEqual([]);
      expect(await fact(updated, 'Placements')).toBe(showCount(wider.placements, { rounded: true }));
      expect(wider.placements).not.toBe(expected.placements);
      await screenshot(page, updated, 'dashboard-helen-regional-all-time.png');

      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await closeDatabase(db);
      await dev.stop();
    }
  }, 300_000);
});
