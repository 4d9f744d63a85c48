import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appraisalOptions, appraisals, approvalCovers, approvalEscalations, awardProposals, awards, offers, placementRequests, staff } from '../../src/db/schema/index.js';
import { createTempDb, expectSqliteError } from '../support/db.js';
import { placedRequest, seedEvidenceWorld } from '../support/evidence-fixture.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** What was decided is frozen in the database itself, below the code: like the audit log. */
describe('frozen records in the database', () => {
  function world() {
    const t = createTempDb();
    cleanup = t.cleanup;
    const { councilIds } = seedEvidenceWorld(t.db);
    return { db: t.db, ...placedRequest(t.db, councilIds.NWDEMO) };
  }

  it('an award is never changed or removed', () => {
    const { db, award } = world();
    expectSqliteError(() => db.update(awards).set({ weeklyFeePence: 999_900 }).where(eq(awards.id, award.id)).run(), /awards are frozen/);
    expectSqliteError(() => db.delete(awards).where(eq(awards.id, award.id)).run(), /awards are frozen/);
  });

  it('a decided proposal never changes, and a pending one only by its decision', () => {
    const { db, proposals } = world();
    expectSqliteError(() => db.update(awardProposals).set({ status: 'pending' }).where(eq(awardProposals.id, proposals.approved.id)).run(), /frozen once decided/);
    expectSqliteError(() => db.update(awardProposals).set({ rationale: 'rewritten' }).where(eq(awardProposals.id, proposals.first.id)).run(), /award proposals are frozen/);
    const pending = db
      .insert(awardProposals)
      .values({ ...proposals.approved, id: undefined, status: 'pending', decisionByStaffId: null, decisionRole: null, decisionAt: null, decisionReason: null, decisionAuthority: null })
      .returning()
      .get();
    expectSqliteError(() => db.update(awardProposals).set({ weeklyFeePence: 1 }).where(eq(awardProposals.id, pending.id)).run(), /proposed figures never change/);
    expectSqliteError(() => db.update(awardProposals).set({ addOns: [{ label: 'x', weeklyPence: 1 }] }).where(eq(awardProposals.id, pending.id)).run(), /proposed figures never change/);
    db.update(awardProposals).set({ status: 'rejected', decisionReason: 'A decision is the one change allowed.' }).where(eq(awardProposals.id, pending.id)).run();
    expectSqliteError(() => db.delete(awardProposals).where(eq(awardProposals.id, pending.id)).run(), /never removed/);
  });

  it("an offer's figures never change, and no new version is made once the request is placed", () => {
    const { db, offers: made, request } = world();
    expectSqliteError(() => db.update(offers).set({ weeklyFeePence: 1 }).where(eq(offers.id, made.moorside.id)).run(), /immutable/);
    expectSqliteError(() => db.update(offers).set({ qualityMark: 1 }).where(eq(offers.id, made.larkfield.id)).run(), /a proposal rests on it/);
    const { id: _id, ...copy } = made.moorside;
    expectSqliteError(() => db.insert(offers).values({ ...copy, version: 99 }).run(), /offer is frozen/);
    expectSqliteError(() => db.delete(offers).where(eq(offers.id, made.moorside.id)).run(), /never removed/);
    expectSqliteError(() => db.update(placementRequests).set({ status: 'evaluation' }).where(eq(placementRequests.id, request.id)).run(), /request is placed/);
  });

  it('a confirmed appraisal and its answers are frozen; only a revision supersedes it', () => {
    const { db, request } = world();
    const appraisal = db.select().from(appraisals).where(eq(appraisals.requestId, request.id)).get()!;
    expectSqliteError(() => db.update(appraisals).set({ confirmedRoute: 'spot_purchase' }).where(eq(appraisals.id, appraisal.id)).run(), /appraisal is frozen/);
    expectSqliteError(() => db.update(appraisalOptions).set({ totalPence: 1 }).where(eq(appraisalOptions.appraisalId, appraisal.id)).run(), /appraisal is frozen/);
    expectSqliteError(() => db.delete(appraisalOptions).where(eq(appraisalOptions.appraisalId, appraisal.id)).run(), /never removed/);
    db.update(appraisals).set({ status: 'superseded' }).where(eq(appraisals.id, appraisal.id)).run();
    expectSqliteError(() => db.update(appraisals).set({ status: 'confirmed' }).where(eq(appraisals.id, appraisal.id)).run(), /appraisal is frozen/);
    expect(db.select().from(appraisals).where(eq(appraisals.id, appraisal.id)).get()!.status).toBe('superseded');
  });

  it('cover while away is ended early at most once and otherwise never changed or removed; reminders and escalations never change', () => {
    const { db, proposals } = world();
    const [a, b] = db.select().from(staff).all();
    const cover = db.insert(approvalCovers).values({ councilId: a!.councilId, delegatorStaffId: a!.id, delegateStaffId: b!.id, startsOn: '2026-11-26', endsOn: '2026-12-01', limitPounds: null, createdAt: '2026-11-26T10:00:00Z' }).returning().get();
    for (const change of [{ endsOn: '2027-06-30' }, { limitPounds: 1_000_000 }, { delegateStaffId: a!.id }, { startsOn: '2026-01-01' }]) {
      expectSqliteError(() => db.update(approvalCovers).set(change).where(eq(approvalCovers.id, cover.id)).run(), /approval cover is frozen/);
    }
    db.update(approvalCovers).set({ endedAt: '2026-11-27T09:00:00Z', endedByStaffId: b!.id }).where(eq(approvalCovers.id, cover.id)).run();
    expectSqliteError(() => db.update(approvalCovers).set({ endedAt: null }).where(eq(approvalCovers.id, cover.id)).run(), /approval cover is frozen/);
    expectSqliteError(() => db.delete(approvalCovers).where(eq(approvalCovers.id, cover.id)).run(), /never removed/);

    const reminder = db.insert(approvalEscalations).values({ councilId: a!.councilId, proposalId: proposals.first.id, stage: 'reminder', recipientStaffIds: [a!.id], workingDaysWaited: 3, at: '2026-12-01T09:00:00Z' }).returning().get();
    expectSqliteError(() => db.insert(approvalEscalations).values({ ...reminder, id: undefined }).run(), /UNIQUE/);
    expectSqliteError(() => db.update(approvalEscalations).set({ recipientStaffIds: [] }).where(eq(approvalEscalations.id, reminder.id)).run(), /never changed/);
    expectSqliteError(() => db.delete(approvalEscalations).where(eq(approvalEscalations.id, reminder.id)).run(), /never removed/);
  });
});
