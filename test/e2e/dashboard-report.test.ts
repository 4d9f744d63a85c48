import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, councils, staff } from '../../src/db/schema/index.js';
import { replaceCouncilArea } from '../../src/db/repositories/regional.js';
import { writeTransaction } from '../../src/db/transaction.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, startDriver, type Driver } from '../support/driver.js';
import { historyProvider, seedEarlierPlacements } from '../support/regional-history.js';

/**
 * The dashboard's printable report from Teams (issue 16): offered on the council and the regional
 * dashboard cards in personal chat as a short-lived link signed for that person, with the card's scope and
 * filters, served by the bot over HTTP and made from the database when it is opened.
 */

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
  const providers = [historyProvider('HIST-1', 'Lancashire', 'Fellgate School'), historyProvider('HIST-2', 'Wirral', 'Shoreline School'), historyProvider('HIST-3', 'Derbyshire', 'Peakview School')];
  const id = async (code: string) => (await d.db.select().from(councils).where(eq(councils.code, code)))[0]!.id;
  const [northshire, westbay] = [await id('NWDEMO'), await id('WESTBAY')];
  await writeTransaction(d.db, async (tx) => {
    await replaceCouncilArea(tx, northshire, ['888']);
    await replaceCouncilArea(tx, westbay, ['344']);
  });
  // Northshire: 7 lot 1 ASD placements (5 in area, 2 out), £2,000–£2,600 a week. Westbay: 3 lot 2 SEMH placements.
  (await seedEarlierPlacements(d.db, 'NWDEMO', [0, 0, 0, 0, 0, 2, 2].map((provider, i) => ({ lot: 1, need: 'ASD', weeklyPounds: 2000 + i * 100, awardedOn: `2026-0${i + 1}-10`, provider })), providers));
  (await seedEarlierPlacements(d.db, 'WESTBAY', [0, 1, 2].map((i) => ({ lot: 2, need: 'SEMH', weeklyPounds: 4800 + i * 100, awardedOn: '2026-03-01', provider: 1 })), providers));
});
afterEach(async () => {
  await d?.stop();
});

function linkOn(card: unknown): string {
  const found: string[] = [];
  JSON.stringify(card, (_k, v) => {
    if (v && typeof v === 'object' && v.type === 'Action.OpenUrl' && typeof v.url === 'string') found.push(v.url);
    return v;
  });
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** A table row of the report as its cells' text. */
function rowOf(html: string, firstCells: string): string[] {
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1]!.replace(/&lt;/g, '<').replace(/&amp;/g, '&')));
  const row = rows.find((r) => r.join('|').startsWith(firstCells));
  expect(row, firstCells).toBeDefined();
  return row!;
}

const reportsOpened = async () => (await d.db.select().from(auditLog).where(eq(auditLog.action, 'document.opened'))).length;

describe('the dashboard report from Teams', () => {
  it("the council dashboard card links to its report: the same figures, exact, of the council's own placements only, never cached", async () => {
    const card = d.cardsIn(await d.say(d.people.headOfService, 'dashboard')).at(-1);
    const shown = cardText(card);
    expect(shown).toContain('Download the printable report (HTML)');
    const res = await fetch(linkOn(card));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="council-dashboard-2026-11-26.html"');
    const html = await res.text();
    expect(html).toContain('<h1>Placement dashboard: Northshire Borough Council</h1>');
    expect(html).toContain('Last 24 months (requests submitted');
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(5);

    // The card's figures, and the report's: hand-computed, and the same on both.
    expect(shown).toMatch(/Placements\n7\n/);
    expect(rowOf(html, 'Placements|')).toEqual(['Placements', '7']);
    const fee = /Lot 1 ASD \((\d+)\): median (£[\d,]+)\/wk, quartiles (£[\d,]+)–(£[\d,]+)/.exec(shown)!;
    expect(fee.slice(1)).toEqual(['7', '£2,300', '£2,150', '£2,450']);
    expect(rowOf(html, '1|ASD|').slice(2, 6)).toEqual([fee[1], fee[3], fee[2], fee[4]]);
    expect(shown).toMatch(/In area \/ out of area\n5 \/ 2/);
    expect(rowOf(html, 'In area / out of area|')).toEqual(['In area / out of area', '5 / 2']);
    expect(html).not.toMatch(/SEMH|Westbay|Shoreline/);

    // Made when opened: a placement awarded since shows at once.
    (await seedEarlierPlacements(d.db, 'NWDEMO', [{ lot: 1, need: 'ASD', weeklyPounds: 2700, awardedOn: '2026-08-10' }]));
    expect(rowOf(await (await fetch(linkOn(card))).text(), 'Placements|')).toEqual(['Placements', '8']);
    const audit = await d.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'dashboard')));
    expect(audit.map((a) => a.action).sort()).toEqual(['document.opened', 'document.opened', 'document_link.issued']);
  });

  it('the report has the filters the card showed', async () => {
    const filtered = await d.click(d.people.headOfService, 'dashboard.filter', { scope: 'council', period: '12m', lot: '1', need: 'ASD' });
    expect(cardText(filtered.card)).toMatch(/Last 12 months.*lot 1 · ASD/);
    const html = await (await fetch(linkOn(filtered.card))).text();
    expect(html).toMatch(/Last 12 months \(requests submitted [^)]+\) · lot 1 · ASD/);
    expect(rowOf(html, 'Placements|')).toEqual(['Placements', '7']);

    const lot2 = await d.click(d.people.headOfService, 'dashboard.filter', { scope: 'council', period: 'all', lot: '2', need: 'any' });
    const other = await (await fetch(linkOn(lot2.card))).text();
    expect(other).toMatch(/All time \(requests submitted [^)]+\) · lot 2 · all needs/);
    expect(rowOf(other, 'Placements|')).toEqual(['Placements', '0']);
  });

  it('the regional report is aggregates only, with the same suppression as the regional card', async () => {
    const card = d.cardsIn(await d.say(d.people.headOfService, 'regional dashboard')).at(-1);
    const shown = cardText(card);
    const res = await fetch(linkOn(card));
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="regional-dashboard-2026-11-26.html"');
    const html = await res.text();
    expect(html).toContain('<h1>Regional placement dashboard: all councils</h1>');
    expect(shown).toMatch(/Placements\n≈10\n/);
    expect(rowOf(html, 'Placements|')).toEqual(['Placements', '≈10']);
    expect(shown).toContain('Lot 2 SEMH (<5): too few placements to show fees');
    expect(rowOf(html, '2|SEMH|')).toEqual(['2', 'SEMH', '<5', '–', '–', '–', '–']);
    expect(rowOf(html, '1|ASD|')[2]).toBe('≈5');
    expect(html).not.toMatch(/£4,[89]00|Placements<\/td><td>10</);
  });

  it('stops working after its time, and says so', async () => {
    const url = linkOn(d.cardsIn(await d.say(d.people.headOfService, 'dashboard')).at(-1));
    clock.set('2026-11-26T10:14:59Z');
    expect((await fetch(url)).status).toBe(200);
    clock.set('2026-11-26T10:15:00Z');
    const expired = await fetch(url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/expired/);
  });

  it('refuses a link that was changed (scope, council, person, day, filters, expiry, signature) without saying more', async () => {
    const url = linkOn(d.cardsIn(await d.say(d.people.caseworker, 'dashboard')).at(-1));
    const token = url.split('/documents/')[1]!;
    const parts = token.split('.');
    expect(parts.slice(0, 2)).toEqual(['report', 'council']);
    const changed = (i: number, value: string) => parts.map((p, j) => (j === i ? value : p)).join('.');
    const [, , council, person, day, , , , expires, mac] = parts;
    for (const forged of [
      changed(1, 'regional'),
      changed(2, String(Number(council) + 1)),
      changed(3, person === '1' ? '2' : '1'),
      changed(4, String(Number(day) - 1)),
      changed(5, 'all'),
      changed(6, '2'),
      changed(7, 'SEMH'),
      changed(8, String(Number(expires) + 3600)),
      changed(9, `${mac!.slice(0, -2)}AA`),
      ['evidence', council, '1', person, expires, mac].join('.'),
    ]) {
      const res = await fetch(url.replace(token, forged));
      expect(res.status, forged).toBe(404);
      expect(await res.text()).not.toMatch(/signature|staff|council|role/i);
    }
    expect(await reportsOpened()).toBe(0);
  });

  it('checks the database when opened: a person who left, or lost the role, cannot use a link they were given', async () => {
    const regional = linkOn(d.cardsIn(await d.say(d.people.headOfService, 'regional dashboard')).at(-1));
    const council = linkOn(d.cardsIn(await d.say(d.people.headOfService, 'dashboard')).at(-1));
    // No longer Head of Service: the regional report is refused; the council one (admin is council staff) still opens.
    (await d.db.update(staff).set({ roles: ['admin'] }).where(eq(staff.aadObjectId, d.people.headOfService.aadObjectId)));
    expect((await fetch(regional)).status).toBe(404);
    expect((await fetch(council)).status).toBe(200);

    const caseworkers = linkOn(d.cardsIn(await d.say(d.people.caseworker, 'dashboard')).at(-1));
    (await d.db.update(staff).set({ active: false }).where(eq(staff.aadObjectId, d.people.caseworker.aadObjectId)));
    expect((await fetch(caseworkers)).status).toBe(404);
    expect(await reportsOpened()).toBe(1);
  });

  it('gives no link in a channel, where everyone sees the card: it says where to ask', async () => {
    await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
    for (const command of ['dashboard', 'regional dashboard']) {
      const card = d.cardsIn(await d.sayInChannel(d.people.headOfService, command)).at(-1);
      expect(cardText(card)).toContain(command === 'dashboard' ? 'Dashboard: Northshire' : 'Regional dashboard');
      expect(JSON.stringify(card)).not.toContain('Action.OpenUrl');
      expect(cardText(card)).toContain(`type **${command}** in your personal chat with me`);
    }
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'document_link.issued')))).toHaveLength(0);
  });
});
