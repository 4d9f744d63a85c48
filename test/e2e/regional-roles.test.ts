import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { appraisals, awardProposals, inboundMessages, offers, outbox, providerReplies, shortlists, staff } from '../../src/db/schema/index.js';
import { findActorByIdentity } from '../../src/db/repositories/staff.js';
import { fixedClock } from '../../src/domain/clock.js';
import { defaultFilters } from '../../src/domain/dashboard.js';
import { AppError } from '../../src/domain/errors.js';
import { planExport } from '../../src/services/exports/plan-export.js';
import { cardText, findAction, inputValues, startDriver, TEAM, type Driver } from '../support/driver.js';
import { requestWithOffers, seedCallOffProviders } from '../support/flows.js';
import { seedPeople, type TestPerson } from '../support/people.js';
import { composeMail, deliverToService } from '../support/provider-mail.js';

/**
 * Regional roles reach across councils but never into a child's case: a regional administrator (the
 * deployment's) and a regional analyst, both on the lead council's staff list (here Northshire) with no
 * council role, try every path to Northshire's request PR-2026-0001 and its appraisal, referrals, replies,
 * offers, proposal and evidence.
 */
let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');
const regionalAdmin: TestPerson = { name: 'Rhona Gale', aadObjectId: 'aad-21', tenantId: 'tenant-1', teamsId: '29:aad-21' };
const analyst: TestPerson = { name: 'Eve Analyst', aadObjectId: 'aad-22', tenantId: 'tenant-1', teamsId: '29:aad-22' };

async function seed(db: Db) {
  const { councilIds } = (await seedPeople(db));
  (await db.insert(staff).values({ councilId: councilIds.NWDEMO, name: regionalAdmin.name, email: 'rhona@region.example', aadObjectId: regionalAdmin.aadObjectId, tenantId: 'tenant-1', roles: ['regional_admin'], approvalLimit: 0 }));
  (await db.insert(staff).values({ councilId: councilIds.NWDEMO, name: analyst.name, email: 'eve@region.example', aadObjectId: analyst.aadObjectId, tenantId: 'tenant-1', roles: ['regional_analyst'], approvalLimit: 0 }));
}

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock, seedWith: seed });
  (await seedCallOffProviders(d));
});
afterEach(async () => {
  await d.stop();
});

/** What identifies the child and their case anywhere in an answer. */
const CHILD_LEVEL = ['EHC-1001', 'J.S.', '1:1 support throughout the day', 'Significant social communication needs', 'We can meet the needs', '£3,450', '£3,300', 'Moorside', 'Larkfield', 'PR-2026-0001'];

const northshireId = async () => (await d.db.select().from(staff).where(eq(staff.aadObjectId, d.people.caseworker.aadObjectId)))[0]!.councilId;

function answerText(sent: Awaited<ReturnType<Driver['say']>>): string {
  return [...d.textsIn(sent), ...d.cardsIn(sent).map(cardText)].join('\n');
}

async function withAProposal() {
  await requestWithOffers(d);
  const evaluation = d.cardsIn(await d.say(d.people.placementsOfficer, 'evaluate PR-2026-0001')).at(-1);
  const offerId = findAction(evaluation, 'award.propose').data.offerId as number;
  await d.click(d.people.placementsOfficer, 'award.propose', { requestId: 1, offerId, [`rationale_${offerId}`]: 'Meets Section F with a September place.', [`lowerRankReason_${offerId}`]: 'Not ranked yet: visits next week.' });
  const posted = await d.settle();
  return d.cardsIn(posted).find((c) => cardText(c).includes('Award proposal for'))!;
}

describe('regional roles see no child-level data of any council', () => {
  it('every request, appraisal, referral, reply, offer, approval and evidence path refuses a regional administrator and a regional analyst', async () => {
    const approval = await withAProposal();
    const ids = {
      requestId: 1,
      appraisalId: (await d.db.select().from(appraisals))[0]!.id,
      shortlistId: (await d.db.select().from(shortlists))[0]!.id,
      replyId: (await d.db.select().from(providerReplies))[0]!.id,
      offerId: (await d.db.select().from(offers))[0]!.id,
      outboxId: (await d.db.select().from(outbox))[0]!.id,
    };
    const before = { offers: (await d.db.select().from(offers)).length, outbox: (await d.db.select().from(outbox)).length };
    for (const p of [regionalAdmin, analyst]) {
      await d.say(p, 'hi');
      const typed = ['PR-2026-0001', 'appraisal PR-2026-0001', 'appraise PR-2026-0001', 'revise appraisal PR-2026-0001', 'shortlist PR-2026-0001', 'referrals PR-2026-0001', 'replies PR-2026-0001', 'evaluate PR-2026-0001', 'evidence PR-2026-0001', 'my requests'];
      for (const command of typed) {
        const text = answerText(await d.say(p, command));
        for (const marker of CHILD_LEVEL) expect(text, `${p.name}: "${command}" showed ${marker}`).not.toContain(marker);
      }
      const clicks: Array<[string, Record<string, unknown>]> = [
        ['request.open', { requestId: ids.requestId }],
        ['appraisal.record', { requestId: ids.requestId }],
        ['appraisal.start', { requestId: ids.requestId }],
        ['appraisal.confirm', { appraisalId: ids.appraisalId, version: 1, route: 'fps_call_off', reason: 'Forged confirmation by a regional role.' }],
        ['shortlist.open', { requestId: ids.requestId }],
        ['responses.extend', { shortlistId: ids.shortlistId, version: 1, deadline: '2026-12-20' }],
        ['reply.confirm', { replyId: ids.replyId, canMeetNeeds: 'true', weeklyFee: '1', weeksPerYear: '38' }],
        ['reply.answer', { replyId: ids.replyId, message: 'Forged answer from a regional role.' }],
        ['evaluation.open', { requestId: ids.requestId }],
        ['evaluation.mark', { offerId: ids.offerId, [`mark_${ids.offerId}`]: '100', [`reason_${ids.offerId}`]: 'Forged mark by a regional role.' }],
        ['award.propose', { requestId: ids.requestId, offerId: ids.offerId, [`rationale_${ids.offerId}`]: 'Forged proposal by a regional role, long enough.' }],
        ['approval.decide', { ...findAction(approval, 'approval.decide', 'Approve').data, reason: '' }],
        ['outbox.retry', { outboxId: ids.outboxId }],
      ];
      for (const [verb, data] of clicks) {
        const { card } = await d.click(p, verb, data, verb === 'approval.decide' ? { conversationId: TEAM.id } : undefined);
        // Not even the approval card a forged click names is drawn again for them: its request, provider and fee are a child's case.
        const text = cardText(card);
        for (const marker of [...CHILD_LEVEL, 'Meets Section F with a September place.']) expect(text, `${p.name}: ${verb} showed ${marker}`).not.toContain(marker);
      }
      const actor = (await findActorByIdentity(d.db, p.aadObjectId, p.tenantId))!;
      await expect(planExport(d.app.deps, { actor, kind: 'placements', scope: 'council', filters: defaultFilters('2026-11-26') })).rejects.toThrow(AppError);
    }
    expect((await d.db.select().from(awardProposals))[0]!.status).toBe('pending');
    expect((await d.db.select().from(offers))).toHaveLength(before.offers);
    expect((await d.db.select().from(outbox)).filter((o) => o.status === 'pending')).toHaveLength(0);
    expect((await d.db.select().from(outbox))).toHaveLength(before.outbox);
  });

  it('the council dashboard (exact figures of one council\'s children) is for council staff; the analyst has the protected regional one', async () => {
    await withAProposal();
    for (const p of [regionalAdmin, analyst]) {
      await d.say(p, 'hi');
      expect(answerText(await d.say(p, 'dashboard')), p.name).toContain('roles are regional ones');
      const forged = await d.click(p, 'dashboard.filter', { scope: 'council' });
      expect(cardText(forged.card), p.name).toContain('roles are regional ones');
    }
    expect(answerText(await d.say(analyst, 'regional dashboard'))).toContain('Regional dashboard: all councils');
    expect(answerText(await d.say(regionalAdmin, 'regional dashboard'))).toContain('for regional analysts and Heads of Service');
    // Council staff keep their own council's dashboard.
    expect(answerText(await d.say(d.people.placementsOfficer, 'dashboard'))).toContain('Northshire Borough Council');
  });

  it('a regional administrator sees the regional triage queue only: not their own council\'s messages, nor its referrals to attach to', async () => {
    await requestWithOffers(d);
    const raw = await composeMail({ from: 'new.head@unlisted-school.example', to: 'placements@northshire.example', subject: 'Our new school', text: 'We are a new special school and would like to be considered for referrals.' });
    expect((await deliverToService(d, raw)).outcome).toBe('triage');
    await d.say(regionalAdmin, 'hi');
    const queue = d.cardsIn(await d.say(regionalAdmin, 'triage')).at(-1);
    expect(cardText(queue)).toContain('new special school');
    expect(cardText(queue)).not.toContain('PR-2026-0001');
    expect(JSON.stringify(queue)).not.toContain('triage.attach');
    const message = (await d.db.select().from(inboundMessages).where(eq(inboundMessages.status, 'triage')))[0]!;
    await d.click(regionalAdmin, 'triage.assign', { ...inputValues(queue), ...findAction(queue, 'triage.assign').data, [`councilId_${message.id}`]: String((await northshireId())) });
    // Now it is Northshire's: its placements officer's, no longer the regional administrator's.
    expect(answerText(await d.say(regionalAdmin, 'triage'))).not.toContain('new special school');
    await d.say(d.people.placementsOfficer, 'hi');
    expect(answerText(await d.say(d.people.placementsOfficer, 'triage'))).toContain('new special school');
  });

  it('a regional administrator sees where each council\'s onboarding stands, without secrets or child data; others are refused', async () => {
    await d.say(regionalAdmin, 'hi');
    const text = answerText(await d.say(regionalAdmin, 'councils'));
    expect(text).toContain('Northshire Borough Council');
    expect(text).toContain('Westbay Council');
    expect(text).toContain('no registration of its own');
    expect(text).toContain('operator commands on the server');
    await d.say(d.people.headOfService, 'hi');
    expect(answerText(await d.say(d.people.headOfService, 'councils'))).toContain('for regional administrators');
  });
});
