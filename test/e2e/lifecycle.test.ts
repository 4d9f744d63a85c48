import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawExecute } from '../../src/db/client.js';
import { sql } from 'drizzle-orm';
import { auditLog, placementRequests, shortlists } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, inputValues, startDriver, type Driver } from '../support/driver.js';
import { requestAtReferralStage, seedCallOffProviders } from '../support/flows.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
  (await seedCallOffProviders(d));
  await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
  await d.say(d.people.placementsOfficer, 'hi');
  await requestAtReferralStage(d);
});
afterEach(async () => {
  await d.stop();
});

async function sendReferrals() {
  const card = d.cardsIn(await d.say(d.people.placementsOfficer, 'shortlist PR-2026-0001')).at(-1);
  await d.click(d.people.placementsOfficer, 'shortlist.send', { ...inputValues(card), ...findAction(card, 'shortlist.send').data });
  await d.settle();
}

describe('one lifecycle for a request', () => {
  it('closing responses while the request changes underneath changes nothing: never a closed call-off on a request still waiting for replies', async () => {
    await sendReferrals();
    const status = d.cardsIn(await d.say(d.people.placementsOfficer, 'referrals PR-2026-0001')).at(-1);
    // Another writer (a second process, a CLI) changes the request inside the same moment.
    if (d.db.$dialect === 'pg') {
      await rawExecute(d.db, sql.raw(`CREATE FUNCTION concurrent_writer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE placement_requests SET version = version + 1 WHERE id = NEW.request_id; RETURN NEW; END $$`));
      await rawExecute(d.db, sql`CREATE TRIGGER concurrent_writer AFTER UPDATE OF status ON shortlists FOR EACH ROW EXECUTE FUNCTION concurrent_writer()`);
    } else {
      await rawExecute(d.db, sql`CREATE TRIGGER concurrent_writer AFTER UPDATE OF status ON shortlists BEGIN UPDATE placement_requests SET version = version + 1 WHERE id = NEW.request_id; END`);
    }
    const closed = await d.click(d.people.placementsOfficer, 'responses.close', findAction(status, 'responses.close').data);
    expect(cardText(closed.card)).not.toContain('Responses closed');
    expect(cardText(closed.card)).toContain('changed at the same moment');
    expect((await d.db.select().from(shortlists))[0]!.status).toBe('sent');
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('responses');
    expect((await d.db.select().from(auditLog)).filter((a) => a.action === 'responses.closed')).toHaveLength(0);
  });

  it('a refused action says what state the request is in and what can be done instead', async () => {
    const evaluate = await d.say(d.people.placementsOfficer, 'evaluate PR-2026-0001');
    const said = [...d.textsIn(evaluate), ...d.cardsIn(evaluate).map(cardText)].join('\n');
    expect(said).toContain('PR-2026-0001 is waiting for referrals to be sent');
    expect(said).toMatch(/You can now: .*send referrals/i);
  });
});
