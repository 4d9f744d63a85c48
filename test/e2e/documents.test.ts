import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, staff } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, startDriver, type Driver } from '../support/driver.js';
import { requestWithOffers, seedCallOffProviders } from '../support/flows.js';

/**
 * Documents from Teams (issue 12): the evidence pack and the appraisal record are offered on a card in
 * personal chat as a short-lived link signed for that person, served by the bot over HTTP.
 */

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
  (await seedCallOffProviders(d));
  await requestWithOffers(d);
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

async function linkFor(command: string, person = d.people.caseworker): Promise<string> {
  return linkOn(d.cardsIn(await d.say(person, command)).at(-1));
}

describe('document links', () => {
  it('downloads the evidence pack and the appraisal record from the link on the card, never cached', async () => {
    const evidence = await fetch(await linkFor('evidence PR-2026-0001'));
    expect(evidence.status).toBe(200);
    expect(evidence.headers.get('content-type')).toMatch(/^text\/html/);
    expect(evidence.headers.get('cache-control')).toBe('no-store');
    expect(evidence.headers.get('content-disposition')).toBe('attachment; filename="evidence-pack-PR-2026-0001.html"');
    const html = await evidence.text();
    expect(html).toContain('Evidence pack');
    expect(html).toContain('PR-2026-0001');
    expect(html).toContain('Larkfield School');

    const appraisal = await fetch(await linkFor('appraisal PR-2026-0001'));
    expect(appraisal.status).toBe(200);
    expect(await appraisal.text()).toMatch(/<h1>Options appraisal/);

    const audit = (await d.db.select().from(auditLog)).map((a) => a.action);
    expect(audit.filter((a) => a === 'document_link.issued')).toHaveLength(2);
    expect(audit.filter((a) => a === 'document.opened')).toHaveLength(2);
  });

  it('stops working after its time, and says so', async () => {
    const url = await linkFor('evidence PR-2026-0001');
    clock.set('2026-11-26T10:14:59Z');
    expect((await fetch(url)).status).toBe(200);
    clock.set('2026-11-26T10:15:00Z');
    const expired = await fetch(url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/expired/);
  });

  it('refuses a link that was changed (another request, another person, another council) without saying more', async () => {
    const url = await linkFor('evidence PR-2026-0001');
    const token = url.split('/documents/')[1]!;
    const [kind, council, request, person, expires, mac] = token.split('.');
    for (const forged of [
      [kind, council, String(Number(request) + 1), person, expires, mac],
      [kind, council, request, person === '1' ? '2' : '1', expires, mac],
      [kind, String(Number(council) + 1), request, person, expires, mac],
      ['appraisal', council, request, person, expires, mac],
      [kind, council, request, person, String(Number(expires) + 3600), mac],
      [kind, council, request, person, expires, `${mac!.slice(0, -2)}AA`],
    ]) {
      const res = await fetch(url.replace(token, forged.join('.')));
      expect(res.status, forged.join('.')).toBe(404);
      expect(await res.text()).not.toMatch(/signature|staff|council/i);
    }
    expect((await fetch(url.replace(token, '../../etc/passwd'))).status).toBe(404);
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'document.opened')))).toHaveLength(0);
  });

  it('checks the database when opened: a person who has left cannot use a link they were given', async () => {
    const url = await linkFor('evidence PR-2026-0001');
    (await d.db.update(staff).set({ active: false }).where(eq(staff.aadObjectId, d.people.caseworker.aadObjectId)));
    expect((await fetch(url)).status).toBe(404);
  });

  it('gives no link in a channel, where everyone sees the card: it says where to ask', async () => {
    await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
    const card = d.cardsIn(await d.sayInChannel(d.people.placementsOfficer, 'evidence PR-2026-0001')).at(-1);
    expect(JSON.stringify(card)).not.toContain('Action.OpenUrl');
    expect(cardText(card)).toMatch(/personal chat/);
    expect((await d.db.select().from(auditLog).where(and(eq(auditLog.action, 'document_link.issued'))))).toHaveLength(0);
  });
});
