import { spawnSync } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, awardProposals, awards, placementRequests, staff } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, startDriver, TEAM, type Driver } from '../support/driver.js';
import { runCliAsync } from '../support/cli.js';
import { approvalPostIn, markBothOffers, proposeAward, requestWithOffers, seedCallOffProviders } from '../support/flows.js';

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

async function evaluationCard() {
  return d.cardsIn(await d.say(d.people.placementsOfficer, 'evaluate PR-2026-0001')).at(-1);
}

function propose(providerId: string, rationale = 'Best fit for Section F with a September place and good outcomes.', lowerRankReason?: string) {
  return proposeAward(d, providerId, { rationale, lowerRankReason });
}

async function approvalCardInThread() {
  return approvalPostIn(d, await d.settle());
}

function decide(person: keyof Driver['people'], card: unknown, decision: string, reason = '') {
  const action = findAction(card, 'approval.decide', decision === 'approve' ? 'Approve' : decision === 'reject' ? 'Reject' : 'Ask for more information');
  return d.click(d.people[person], 'approval.decide', { ...action.data, reason }, { conversationId: TEAM.id });
}

describe('evaluation', () => {
  it('compares confirmed offers with the fixed weighting, ranks them once marked, and a lower-ranked proposal needs a reason', async () => {
    await requestWithOffers(d);
    const before = cardText(await evaluationCard());
    expect(before).toContain('price 40% / quality 60%');
    expect(before).toContain('£131,100'); // 3,450 × 38
    expect(before).toContain('£125,400'); // 3,300 × 38
    expect(before).toContain('no quality mark yet');
    expect(before).toMatch(/same postcode district|same postcode area|North West/);
    await markBothOffers(d, '70', '80');
    const after = await evaluationCard();
    expect(JSON.stringify(after)).toContain('"type":"Chart.HorizontalBar"');
    // Moorside: price 100, quality 80 → 88; Larkfield: price 95.7, quality 70 → 80.3
    expect(cardText(after)).toMatch(/#1 \*\*Moorside Academy/);
    expect(cardText(after)).toContain('88 (price 100, quality 80)');

    const noReason = await propose('FPS-7001');
    expect(cardText(noReason.card)).toContain('ranked 2, not first');
    expect((await d.db.select().from(awardProposals))).toHaveLength(0);
    const proposed = await propose('FPS-7001', 'Larkfield can start sooner and is 10 minutes from home.', 'Moorside has no place for September; Larkfield does.');
    expect(cardText(proposed.card)).toContain('Proposal sent to the approvals channel');
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('awaiting_approval');
    const again = await propose('FPS-7002');
    expect(cardText(again.card)).toContain('already has a proposal waiting');
  });
});

describe('approval under delegated authority', () => {
  // Runs two operator commands as child processes (evidence, regional-report): slow on a busy 2-core machine.
  it('a Service Manager approves within their limit: award record, letters, caseworker told, every card updated', { timeout: 60_000 }, async () => {
    await requestWithOffers(d);
    await markBothOffers(d);
    await propose('FPS-7002', 'Highest score, meets Section F, place from September.');
    const { card, post } = await approvalCardInThread();
    expect(cardText(card)).toContain('£125,400');
    const approved = await decide('serviceManager', card, 'approve', 'Within budget and best value.');
    expect(approved.status).toBe(200);
    expect(cardText(approved.card)).toMatch(/Approved by Sam Okafor \(Service Manager\)/);
    expect(cardText(approved.card)).toContain('up to £150,000 a year');
    expect(JSON.stringify(approved.card)).not.toContain('approval.decide');

    const award = (await d.db.select().from(awards))[0]!;
    expect(award).toMatchObject({ providerId: 'FPS-7002', weeklyFeePence: 330_000, weeksPerYear: 38, annualValuePence: 12_540_000, startDate: '2027-09-07', endDate: '2028-08-31', approverRole: 'service_manager' });
    expect(award.childReference).toContain('PR-2026-0001');
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('placed');

    const sentBefore = d.smtp.received.length;
    const delivered = await d.settle();
    const letters = d.smtp.received.slice(sentBefore);
    expect(letters.map((m) => m.envelope.to[0]).sort()).toEqual(['admissions@larkfield.example.org', 'referrals@moorside.example.org']);
    const awardLetter = letters.find((m) => m.envelope.to[0] === 'referrals@moorside.example.org')!;
    expect(awardLetter.parsed.text).toContain('£3,300');
    expect(awardLetter.parsed.text).toMatch(/31 August 2028/);
    const regret = letters.find((m) => m.envelope.to[0] === 'admissions@larkfield.example.org')!;
    expect(regret.parsed.text).not.toContain('£3,300');
    expect(regret.parsed.subject).toContain('PR-2026-0001');

    const toCaseworker = delivered.find((s) => s.conversationId === d.personalConversation(d.people.caseworker))!;
    expect(cardText(d.cardsIn([toCaseworker])[0])).toContain('Placement awarded: PR-2026-0001');
    const update = delivered.find((s) => s.method === 'PUT')!;
    expect(update.pathActivityId).toBe(post.id);
    expect(cardText(d.cardsIn([update])[0])).toContain('Approved by Sam Okafor');

    const evidence = cardText(d.cardsIn(await d.say(d.people.caseworker, 'evidence PR-2026-0001')).at(-1));
    expect(evidence).toContain('Moorside Academy');
    expect(evidence).toContain('£125,400');
    expect(evidence).toContain('Sam Okafor');
    const outFile = join(tmpdir(), `evidence-${process.pid}-${Date.now()}.html`);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'evidence', 'PR-2026-0001', '--out', outFile], { env: { ...process.env, ...databaseEnv(d.dbPath), LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    const html = readFileSync(outFile, 'utf8');
    rmSync(outFile);
    for (const expected of ['PR-2026-0001', 'Options appraisal', 'Larkfield School', 'Moorside Academy', 'Highest score, meets Section F', 'Within budget and best value.', 'Sam Okafor', '£125,400']) {
      expect(html, expected).toContain(expected);
    }
    expect(html).not.toContain('2015-03-04');

    // Regional data: aggregates only, so one placement is a group too small to show.
    const regional = cardText(d.cardsIn(await d.say(d.people.headOfService, 'regional data')).at(-1));
    expect(regional).toContain('Regional dashboard: all councils');
    expect(regional).toMatch(/Placements\n\\?<5\n/); // facts are Markdown: \<5 shows as <5
    expect(regional).toContain('Lot 1 ASD (<5): too few placements to show fees');
    expect(regional).not.toMatch(/PR-2026-0001|EHC-1001|JS/);
    const report = await runCliAsync(['regional-report', '--json'], { ...databaseEnv(d.dbPath) });
    expect(report.status).toBe(0);
    expect(JSON.parse(report.stdout).figures).toMatchObject({ requests: null, placements: null, placementsByLot: [{ lot: 1, placements: null }], providerResponse: { referred: null, ratePct: null } });
    const refusedRegional = await d.say(d.people.caseworker, 'regional data');
    expect(d.textsIn(refusedRegional).join(' ')).toContain('The regional dashboard is for regional analysts and Heads of Service');

    const stale = await decide('headOfService', card, 'approve');
    expect(cardText(stale.card)).toContain('already been decided');
    await d.settle();
    expect((await d.db.select().from(awards))).toHaveLength(1);
    expect(d.smtp.received.length).toBe(sentBefore + 2);
  });

  it('above the Service Manager limit: refused and audited, then approved by the Head of Service', async () => {
    await requestWithOffers(d, { larkfield: '4200', moorside: '4300' });
    await markBothOffers(d, '90', '60');
    await propose('FPS-7001');
    const { card } = await approvalCardInThread();
    const refused = await decide('serviceManager', card, 'approve');
    expect(cardText(refused.card)).toContain('above your approval limit of £150,000');
    expect((await d.db.select().from(awardProposals))[0]!.status).toBe('pending');
    const audit = (await d.db.select().from(auditLog).where(eq(auditLog.action, 'award.decision_refused')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ code: 'over_limit' });
    const approved = await decide('headOfService', card, 'approve');
    expect(cardText(approved.card)).toContain('Approved by Helen Brooks (Head of Service)');
    expect((await d.db.select().from(awards))[0]!.approverRole).toBe('head_of_service');
  });

  it('refuses the proposer, another council, other roles and unknown users, each audited', async () => {
    await requestWithOffers(d);
    await markBothOffers(d);
    // The placements officer also holds a Service Manager role with a high limit: still cannot approve their own proposal.
    (await d.db.update(staff).set({ roles: ['placements_officer', 'service_manager'], approvalLimit: 1_000_000 }).where(eq(staff.aadObjectId, 'aad-1')));
    await propose('FPS-7002');
    const { card } = await approvalCardInThread();
    expect(cardText((await decide('placementsOfficer', card, 'approve')).card)).toContain('You proposed this award');
    expect(cardText((await decide('otherAdmin', card, 'approve')).card)).toContain('could not find that proposal for your council');
    expect(cardText((await decide('caseworker', card, 'approve')).card)).toContain('Only a Service Manager');
    expect(cardText((await decide('stranger', card, 'approve')).card)).toContain("I don't know you yet");
    const refusals = (await d.db.select().from(auditLog)).filter((a) => a.action === 'award.decision_refused' || a.action === 'access.refused');
    expect(refusals).toHaveLength(4);
    expect((await d.db.select().from(awardProposals))[0]!.status).toBe('pending');
    expect((await d.db.select().from(awards))).toHaveLength(0);
  });

  it('reject needs a reason and returns the request to evaluation; ask for more information lets the proposer revise', async () => {
    await requestWithOffers(d);
    await markBothOffers(d);
    await propose('FPS-7002');
    let { card } = await approvalCardInThread();
    expect(cardText((await decide('headOfService', card, 'reject')).card)).toContain('Give the reason for rejecting');
    const rejected = await decide('headOfService', card, 'reject', 'Transport costs not included; re-check with the provider.');
    expect(cardText(rejected.card)).toContain('Rejected by Helen Brooks');
    expect((await d.db.select().from(placementRequests))[0]!.status).toBe('evaluation');
    const told = d.textsIn(await d.settle());
    expect(told.find((t) => t.includes('was rejected by Helen Brooks'))).toContain('Transport costs not included');

    await propose('FPS-7002', 'Re-checked: transport is included in the weekly fee.');
    ({ card } = await approvalCardInThread());
    const asked = await decide('serviceManager', card, 'ask', 'Please confirm the start date in writing from the provider.');
    expect(cardText(asked.card)).toContain('More information requested by Sam Okafor');
    const question = d.textsIn(await d.settle()).find((t) => t.includes('asks for more information'))!;
    expect(question).toContain('Please confirm the start date in writing');
    const revised = await propose('FPS-7002', 'Provider confirmed 7 September 2027 in writing on 1 December.');
    expect(cardText(revised.card)).toContain('Proposal sent');
    const all = (await d.db.select().from(awardProposals));
    expect(all.map((p) => p.status)).toEqual(['rejected', 'info_requested', 'pending']);
    expect(all[2]!.revisionOf).toBe(all[1]!.id);
    ({ card } = await approvalCardInThread());
    expect(cardText((await decide('serviceManager', card, 'approve')).card)).toContain('Approved by Sam Okafor');
  });

  it('two approvers clicking at the same moment make exactly one decision, one award and one set of e-mails', async () => {
    await requestWithOffers(d);
    await markBothOffers(d);
    await propose('FPS-7002');
    const { card } = await approvalCardInThread();
    const sentBefore = d.smtp.received.length;
    const [a, b] = await Promise.all([decide('serviceManager', card, 'approve'), decide('headOfService', card, 'approve')]);
    const texts = [cardText(a.card), cardText(b.card)];
    expect(texts.filter((t) => t.includes('already been decided'))).toHaveLength(1);
    expect((await d.db.select().from(awards))).toHaveLength(1);
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'award.approved')))).toHaveLength(1);
    await d.settle();
    await d.settle();
    expect(d.smtp.received.length - sentBefore).toBe(2);
  });
});
