import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { awardProposals, awards, placementRequests, staff } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, startDriver, TEAM, type Driver } from '../support/driver.js';
import { approvalPostIn, markBothOffers, proposeAward, requestWithOffers, seedCallOffProviders } from '../support/flows.js';

/**
 * PostgreSQL only: reads outside a write transaction are not serialised there, so an approver's click can read
 * the pending proposal, then a colleague's decision commits, then it reads the request. The test makes that
 * interleaving certain: it holds the requests table locked while the click waits on it, and commits the
 * colleague's decision inside that lock.
 */
let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
  (await seedCallOffProviders(d));
});
afterEach(async () => {
  await d.stop();
});

describe('a decision made between the two reads of a colleague\'s click', () => {
  it('tells the second approver who decided, not only that the request has moved on', async () => {
    await requestWithOffers(d);
    await markBothOffers(d);
    await proposeAward(d, 'FPS-7002', { rationale: 'Best fit for Section F with a September place and good outcomes.' });
    const card = approvalPostIn(d, await d.settle()).card;
    const approve = findAction(card, 'approval.decide', 'Approve');
    const proposal = (await d.db.select().from(awardProposals))[0]!;
    const helen = (await d.db.select().from(staff).where(eq(staff.aadObjectId, d.people.headOfService.aadObjectId)))[0]!;

    const colleague = new pg.Client({ connectionString: d.dbPath });
    await colleague.connect();
    try {
      await colleague.query('BEGIN');
      await colleague.query('LOCK TABLE placement_requests IN ACCESS EXCLUSIVE MODE');
      const click = d.click(d.people.serviceManager, 'approval.decide', { ...approve.data, reason: '' }, { conversationId: TEAM.id });
      // The click has read the pending proposal and now waits to read the request.
      await vi.waitFor(
        async () => {
          const waiting = await colleague.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE NOT l.granted AND c.relname = 'placement_requests' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
          );
          expect(waiting.rows[0]!.n).toBe(1);
        },
        { timeout: 10_000, interval: 20 },
      );
      // The colleague's decision, as it lands in the records: the proposal approved, the request placed.
      await colleague.query("UPDATE award_proposals SET status = 'approved', decision_by_staff_id = $1, decision_role = 'head_of_service', decision_at = '2026-11-26T10:00:00.000Z' WHERE id = $2", [helen.id, proposal.id]);
      await colleague.query("UPDATE placement_requests SET status = 'placed' WHERE id = $1", [proposal.requestId]);
      await colleague.query('COMMIT');
      const answer = cardText((await click).card);
      expect(answer).toContain('already been decided');
      expect(answer).toContain('Helen');
    } finally {
      await colleague.end();
    }
    expect((await d.db.select().from(awards))).toHaveLength(0);
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('placed');
  });
});
