import { afterEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rawRows } from '../../src/db/client.js';
import { appraisalOptions, appraisals, approvalCovers, approvalEscalations, awardProposals, awards, offers, placementRequests, staff } from '../../src/db/schema/index.js';
import { createTempDb, expectDbError } from '../support/db.js';
import { placedRequest, seedEvidenceWorld } from '../support/evidence-fixture.js';

let cleanup: (() => Promise<void> | void) | undefined;
afterEach(() => cleanup?.());

/** What was decided is frozen in the database itself, below the code: like the audit log. */
describe('frozen records in the database', () => {
  async function world() {
    const t = (await createTempDb());
    cleanup = t.cleanup;
    const { councilIds } = (await seedEvidenceWorld(t.db));
    return { db: t.db, ...(await placedRequest(t.db, councilIds.NWDEMO)) };
  }

  it('an award is never changed or removed', async () => {
    const { db, award } = (await world());
    await expectDbError(async () => (await db.update(awards).set({ weeklyFeePence: 999_900 }).where(eq(awards.id, award.id))), /awards are frozen/);
    await expectDbError(async () => (await db.delete(awards).where(eq(awards.id, award.id))), /awards are frozen/);
  });

  it('a decided proposal never changes, and a pending one only by its decision', async () => {
    const { db, proposals } = (await world());
    await expectDbError(async () => (await db.update(awardProposals).set({ status: 'pending' }).where(eq(awardProposals.id, proposals.approved.id))), /frozen once decided/);
    await expectDbError(async () => (await db.update(awardProposals).set({ rationale: 'rewritten' }).where(eq(awardProposals.id, proposals.first.id))), /award proposals are frozen/);
    const pending = (await db
      .insert(awardProposals)
      .values({ ...proposals.approved, id: undefined, status: 'pending', decisionByStaffId: null, decisionRole: null, decisionAt: null, decisionReason: null, decisionAuthority: null })
      .returning())[0]!;
    await expectDbError(async () => (await db.update(awardProposals).set({ weeklyFeePence: 1 }).where(eq(awardProposals.id, pending.id))), /proposed figures never change/);
    await expectDbError(async () => (await db.update(awardProposals).set({ addOns: [{ label: 'x', weeklyPence: 1 }] }).where(eq(awardProposals.id, pending.id))), /proposed figures never change/);
    (await db.update(awardProposals).set({ status: 'rejected', decisionReason: 'A decision is the one change allowed.' }).where(eq(awardProposals.id, pending.id)));
    await expectDbError(async () => (await db.delete(awardProposals).where(eq(awardProposals.id, pending.id))), /never removed/);
  });

  it("an offer's figures never change, and no new version is made once the request is placed", async () => {
    const { db, offers: made, request } = (await world());
    await expectDbError(async () => (await db.update(offers).set({ weeklyFeePence: 1 }).where(eq(offers.id, made.moorside.id))), /immutable/);
    await expectDbError(async () => (await db.update(offers).set({ qualityMark: 1 }).where(eq(offers.id, made.larkfield.id))), /a proposal rests on it/);
    const { id: _id, ...copy } = made.moorside;
    await expectDbError(async () => (await db.insert(offers).values({ ...copy, version: 99 })), /offer is frozen/);
    await expectDbError(async () => (await db.delete(offers).where(eq(offers.id, made.moorside.id))), /never removed/);
    await expectDbError(async () => (await db.update(placementRequests).set({ status: 'evaluation' }).where(eq(placementRequests.id, request.id))), /request is placed/);
  });

  it("the new-offer check finds a pending proposal by its request and provider through an index, not by reading every proposal", async () => {
    const t = (await createTempDb());
    cleanup = t.cleanup;
    const lookup = "SELECT 1 FROM award_proposals p WHERE p.request_id = 1 AND p.provider_id = 'x' AND p.status = 'pending'";
    if (t.db.$dialect === 'sqlite') {
      // The trigger's own condition, planned as SQLite plans it inside offers_no_new_version_when_frozen.
      const plan = (await rawRows<{ detail: string }>(t.db, sql.raw(`EXPLAIN QUERY PLAN ${lookup}`))).map((r) => r.detail).join('\n');
      expect(plan).toMatch(/SEARCH p USING INDEX proposal_request_provider_idx \(request_id=\? AND provider_id=\?\)/);
    } else {
      const indexes = (await rawRows<{ indexdef: string }>(t.db, sql.raw("SELECT indexdef FROM pg_indexes WHERE tablename = 'award_proposals'"))).map((r) => r.indexdef);
      expect(indexes.some((d) => /\(request_id, provider_id\)/.test(d))).toBe(true);
    }
  });

  it('a confirmed appraisal and its answers are frozen; only a revision supersedes it', async () => {
    const { db, request } = (await world());
    const appraisal = (await db.select().from(appraisals).where(eq(appraisals.requestId, request.id)))[0]!;
    await expectDbError(async () => (await db.update(appraisals).set({ confirmedRoute: 'spot_purchase' }).where(eq(appraisals.id, appraisal.id))), /appraisal is frozen/);
    await expectDbError(async () => (await db.update(appraisalOptions).set({ totalPence: 1 }).where(eq(appraisalOptions.appraisalId, appraisal.id))), /appraisal is frozen/);
    await expectDbError(async () => (await db.delete(appraisalOptions).where(eq(appraisalOptions.appraisalId, appraisal.id))), /never removed/);
    (await db.update(appraisals).set({ status: 'superseded' }).where(eq(appraisals.id, appraisal.id)));
    await expectDbError(async () => (await db.update(appraisals).set({ status: 'confirmed' }).where(eq(appraisals.id, appraisal.id))), /appraisal is frozen/);
    expect((await db.select().from(appraisals).where(eq(appraisals.id, appraisal.id)))[0]!.status).toBe('superseded');
  });

  it('cover while away is ended early at most once and otherwise never changed or removed; reminders and escalations never change', async () => {
    const { db, proposals } = (await world());
    const [a, b] = (await db.select().from(staff));
    const cover = (await db.insert(approvalCovers).values({ councilId: a!.councilId, delegatorStaffId: a!.id, delegateStaffId: b!.id, startsOn: '2026-11-26', endsOn: '2026-12-01', limitPounds: null, createdAt: '2026-11-26T10:00:00Z' }).returning())[0]!;
    for (const change of [{ endsOn: '2027-06-30' }, { limitPounds: 1_000_000 }, { delegateStaffId: a!.id }, { startsOn: '2026-01-01' }]) {
      (await expectDbError(async () => (await db.update(approvalCovers).set(change).where(eq(approvalCovers.id, cover.id))), /approval cover is frozen/));
    }
    (await db.update(approvalCovers).set({ endedAt: '2026-11-27T09:00:00Z', endedByStaffId: b!.id }).where(eq(approvalCovers.id, cover.id)));
    (await expectDbError(async () => (await db.update(approvalCovers).set({ endedAt: null }).where(eq(approvalCovers.id, cover.id))), /approval cover is frozen/));
    (await expectDbError(async () => (await db.delete(approvalCovers).where(eq(approvalCovers.id, cover.id))), /never removed/));

    const reminder = (await db.insert(approvalEscalations).values({ councilId: a!.councilId, proposalId: proposals.first.id, stage: 'reminder', recipientStaffIds: [a!.id], workingDaysWaited: 3, at: '2026-12-01T09:00:00Z' }).returning())[0]!;
    (await expectDbError(async () => (await db.insert(approvalEscalations).values({ ...reminder, id: undefined })), /UNIQUE|duplicate key/));
    (await expectDbError(async () => (await db.update(approvalEscalations).set({ recipientStaffIds: [] }).where(eq(approvalEscalations.id, reminder.id))), /never changed/));
    (await expectDbError(async () => (await db.delete(approvalEscalations).where(eq(approvalEscalations.id, reminder.id))), /never removed/));
  });
});
