import { spawnSync } from 'node:child_process';
import { databaseEnv } from '../support/test-database.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { fixedClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logger.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { buildEvidenceRecord } from '../../src/services/evidence/evidence-record.js';
import { evidenceSummaryCard } from '../../src/teams/cards/evidence.js';
import { validateAdaptiveCard } from '../support/cards.js';
import { createTempDb } from '../support/db.js';
import { ADDED_REASON, EvidenceFixture, placedRequest, REMOVED_REASON, requestAtAppraisal, seedEvidenceWorld } from '../support/evidence-fixture.js';

let cleanup: (() => Promise<void> | void) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function world() {
  const t = (await createTempDb());
  cleanup = t.cleanup;
  const { councilIds } = (await seedEvidenceWorld(t.db));
  const deps: ServiceDeps = { config: loadConfig({}), db: t.db, clock: fixedClock('2026-04-01T09:00:00Z'), log: createLogger('silent') };
  return { ...t, councilIds, deps };
}

/** Another council's request with the same reference, its own referral to the same provider, a reply and an offer. */
async function westbayRequest(db: Db, councilId: number) {
  const f = new EvidenceFixture(db, councilId, 'otherAdmin');
  const request = (await f.request('PR-2026-0042', 'evaluation', 'otherCaseworker'));
  (await f.appraisal(request.id));
  const shortlist = (await f.shortlist(request.id, [{ providerId: 'FPS-7001', providerName: 'Larkfield School', included: true, selected: true, reasons: ['included: lot 1'] }]));
  const referral = (await f.referral(request.id, shortlist.id, 'FPS-7001', 'admissions@larkfield.example.org', { status: 'sent', sentAt: '2026-03-07T09:00:00.000Z', respondedAt: '2026-03-08T09:00:00.000Z' }));
  (await f.email(referral.id, 'referral', { createdAt: '2026-03-07T09:00:00.000Z', status: 'sent', sentAt: '2026-03-07T09:00:00.000Z' }));
  const { reply } = (await f.reply(referral, { from: 'admissions@larkfield.example.org', subject: 'Westbay offer', receivedAt: '2026-03-08T09:00:00.000Z', kind: 'offer', status: 'confirmed', text: 'Westbay: £9,999 a week.' }));
  (await f.offer(reply, { canMeetNeeds: true, weeklyFeePence: 999_900, weeksPerYear: 52, confirmedAt: '2026-03-08T10:00:00.000Z', qualityMark: 50, qualityReason: 'Westbay quality reason.' }));
  return { request, referral };
}

describe('evidence record', () => {
  it('answers why the placement was secured, section by section', async () => {
    const { db, councilIds, deps } = (await world());
    const story = (await placedRequest(db, councilIds.NWDEMO));
    (await westbayRequest(db, councilIds.WESTBAY));
    const record = (await buildEvidenceRecord(deps, { councilId: councilIds.NWDEMO }, story.request, 'Northshire Borough Council'));

    expect(record.request).toMatchObject({ reference: 'PR-2026-0042', status: 'placed', caseReference: 'EHC-1001', childInitials: 'JS', ageAtStart: 12, yearGroupAtStart: 'Year 8', caseworker: 'Alex Wilber', chosenRoute: 'fps_call_off' });
    // Pseudonymised by construction: the record carries no date of birth anywhere.
    expect(JSON.stringify(record)).not.toContain('2015-03-04');

    expect(record.appraisal).toHaveLength(1);
    expect(record.appraisal[0]!.confirmation).toMatchObject({ route: 'fps_call_off', byName: 'Sam Okafor', role: 'service_manager' });

    expect(record.shortlist).toMatchObject({ status: 'closed', sentBy: 'Priya Shah', priceWeight: 40, qualityWeight: 60, responseDeadline: '2026-03-20' });
    expect(record.shortlist!.entries.map((e) => [e.providerId, e.change, e.officerReason])).toEqual([
      ['FPS-7001', 'by_rules', null],
      ['FPS-7002', 'by_rules', null],
      ['FPS-7007', 'removed_by_officer', REMOVED_REASON],
      ['FPS-7003', 'added_by_officer', ADDED_REASON],
      ['FPS-7004', 'excluded_by_rules', null],
    ]);
    expect(record.referrals.map((r) => [r.providerName, r.status])).toEqual([
      ['Larkfield School', 'sent'],
      ['Moorside Academy', 'sent'],
      ['Pennine View School', 'undelivered'],
    ]);

    expect(record.evaluation!.offers.map((o) => [o.providerName, o.rank, o.annualCostPence, o.priceScore, o.qualityScore, o.totalScore, o.distanceBand])).toEqual([
      ['Larkfield School', 1, 10_450_000, 80, 80, 80, 'same postcode district'],
      ['Moorside Academy', 2, 8_360_000, 100, 60, 76, 'elsewhere in the North West'],
    ]);
    expect(record.evaluation!.offers[0]).toMatchObject({ ofstedGrade: 'Good', inspectionDate: '2025-02-10', confirmedBy: 'Priya Shah', qualityMarkedBy: 'Priya Shah' });

    expect(record.proposals.map((p) => [p.status, p.decision?.by, p.decision?.role, p.revisionOf])).toEqual([
      ['info_requested', 'Sam Okafor', 'service_manager', null],
      ['approved', 'Helen Brooks', 'head_of_service', story.proposals.first.id],
    ]);
    expect(record.award).toMatchObject({ providerName: 'Larkfield School', annualValuePence: 10_450_000, startDate: '2027-09-07', endDate: '2028-07-21', approver: 'Helen Brooks', approverRole: 'head_of_service' });
    expect(record.counts).toEqual({ shortlisted: 3, referrals: 3, providersReferred: 3, replied: 2, offers: 2, declines: 0, sent: 7, received: 5 });
    expect(record.notYetDone).toEqual([]);

    expect(record.answersWhy).toEqual([
      'Request PR-2026-0042 (case EHC-1001, JS) raised by Alex Wilber and submitted on 2 March 2026: lot 1, primary need ASD, start wanted 7 September 2027.',
      'Route chosen: FPS call-off, confirmed by Sam Okafor (Service Manager) on 4 March 2026: Only FPS schools can meet Section F with a place. This was the recommended route.',
      `3 providers shortlisted (2 by the rules, 1 added by the officer: Pennine View School (The school has agreed to extend its age range for this child); ` +
        `1 proposed by the rules removed by the officer: Thornfield Girls' School (The school told us it has no place before 2028); 1 excluded by the rules).`,
      '3 referrals sent to 3 providers by Priya Shah on 6 March 2026, responses due by 20 March 2026; weighting fixed before they went out: price 40% / quality 60%.',
      '2 of 3 providers replied (2 offers confirmed); 1 referral could not be delivered.',
      '2 offers confirmed; ranked by price 40% / quality 60% (advisory): 1. Larkfield School (score 80, £104,500 a year), 2. Moorside Academy (score 76, £83,600 a year).',
      'Award proposed by Priya Shah on 23 March 2026: Larkfield School (ranked 1), £104,500 a year: Highest score; on-site SALT meets Section F best.',
      'More information asked for by Sam Okafor (Service Manager) on 24 March 2026; authority: Service Manager (decision without financial commitment); reason: Please confirm that the 1:1 cost covers the whole school day.',
      'Award proposed by Priya Shah on 25 March 2026: Larkfield School (ranked 1), £104,500 a year: Highest score; the school confirmed 1:1 covers the whole day.',
      'Approved by Helen Brooks (Head of Service) on 26 March 2026; authority: Head of Service: delegated authority for any value (this award £104,500 a year); reason: Meets Section F and is good value.',
      'Award: Larkfield School, £104,500 a year from 7 September 2027 to 21 July 2028; approved by Helen Brooks (Head of Service), authority: Head of Service: delegated authority for any value (this award £104,500 a year).',
    ]);
  });

  it('lists every communication, sent and received, in time order', async () => {
    const { db, councilIds, deps } = (await world());
    const story = (await placedRequest(db, councilIds.NWDEMO));
    const record = (await buildEvidenceRecord(deps, { councilId: councilIds.NWDEMO }, story.request, 'Northshire Borough Council'));
    const c = record.communications;
    expect(c.map((m) => [m.at, m.direction, m.providerName, m.what, m.address, m.status])).toEqual([
      ['2026-03-06T09:01:00.000Z', 'sent', 'Larkfield School', 'Referral', 'admissions@larkfield.example.org', 'sent'],
      ['2026-03-06T09:02:00.000Z', 'sent', 'Moorside Academy', 'Referral', 'referrals@moorside.example.org', 'sent'],
      ['2026-03-06T09:03:00.000Z', 'sent', 'Pennine View School', 'Referral', 'office@pennineview.example.org', 'undelivered'],
      ['2026-03-06T09:03:00.000Z', 'received', 'Moorside Academy', 'Out-of-office', 'referrals@moorside.example.org', 'noted'],
      ['2026-03-06T09:05:00.000Z', 'received', 'Pennine View School', 'Bounce', 'mailer-daemon@mx.pennineview.example.org', 'noted'],
      ['2026-03-09T14:00:00.000Z', 'received', 'Larkfield School', 'Question', 'admissions@larkfield.example.org', 'answered'],
      ['2026-03-10T11:00:00.000Z', 'sent', 'Larkfield School', 'Answer to a question', 'admissions@larkfield.example.org', 'sent'],
      ['2026-03-12T09:30:00.000Z', 'received', 'Larkfield School', 'Offer', 'admissions@larkfield.example.org', 'figures confirmed'],
      ['2026-03-18T08:00:00.000Z', 'sent', 'Moorside Academy', 'Reminder', 'referrals@moorside.example.org', 'sent'],
      ['2026-03-19T16:00:00.000Z', 'received', 'Moorside Academy', 'Offer: unmatched message attached by hand by Priya Shah', 'head@moorside.example.org', 'figures confirmed'],
      ['2026-03-26T15:00:00.000Z', 'sent', 'Moorside Academy', 'Not selected letter', 'referrals@moorside.example.org', 'pending'],
      ['2026-03-26T15:01:00.000Z', 'sent', 'Larkfield School', 'Award letter', 'admissions@larkfield.example.org', 'sent'],
    ]);
    expect([...c.map((m) => m.at)].sort()).toEqual(c.map((m) => m.at));
    expect(c[6]!.excerpt).toBe('The council arranges and pays for the escorted transport; please leave it out of your fee.');
    expect(c[7]).toMatchObject({ subject: 'Re: Referral PR-2026-0042: placement request', attachments: ['fee-schedule-2027.pdf'] });
    expect(c[7]!.excerpt).toMatch(/^We can meet the needs in Section F\. Weekly fee £2,450/);
    expect(record.trail.map((e) => e.action)).toContain('triage.attached');
  });

  it('cuts long provider text to an excerpt', async () => {
    const { db, councilIds, deps } = (await world());
    const f = new EvidenceFixture(db, councilIds.NWDEMO);
    const request = (await f.request('PR-2026-0050', 'referrals'));
    (await f.appraisal(request.id));
    const shortlist = (await f.shortlist(request.id, [{ providerId: 'FPS-7001', providerName: 'Larkfield School', included: true, selected: true, reasons: ['included: lot 1'] }]));
    const referral = (await f.referral(request.id, shortlist.id, 'FPS-7001', 'admissions@larkfield.example.org', { status: 'sent', sentAt: '2026-03-06T09:01:00.000Z' }));
    (await f.reply(referral, { from: 'admissions@larkfield.example.org', subject: 'Long', receivedAt: '2026-03-07T09:00:00.000Z', kind: 'unknown', status: 'needs_confirmation', text: `${'word '.repeat(200)}END` }));
    const record = (await buildEvidenceRecord(deps, { councilId: councilIds.NWDEMO }, request, 'Northshire Borough Council'));
    const received = record.communications.find((m) => m.direction === 'received')!;
    expect(received.excerpt!.length).toBe(300);
    expect(received.excerpt!.endsWith('…')).toBe(true);
    expect(received.excerpt).not.toContain('END');
    expect(received.status).toBe('figures to confirm');
    expect(record.answersWhy).toContain('0 of 1 provider replied (1 reply awaiting confirmation).');
    expect(record.notYetDone).toEqual(['Evaluation of offers: no offer confirmed yet', 'Award proposal', 'Approval decision', 'Award']);
  });

  it('lists declined, withdrawn and unmarked offers without ranking them', async () => {
    const { db, councilIds, deps } = (await world());
    const f = new EvidenceFixture(db, councilIds.NWDEMO);
    const request = (await f.request('PR-2026-0051', 'evaluation'));
    (await f.appraisal(request.id));
    const entries = ['FPS-7001', 'FPS-7002', 'FPS-7003'].map((providerId) => ({ providerId, providerName: providerId, included: true, selected: true, reasons: ['included: lot 1'] }));
    const shortlist = (await f.shortlist(request.id, entries));
    const offerFrom = async (providerId: string, kind: 'offer' | 'decline', values: Parameters<EvidenceFixture['offer']>[1]) => {
      const referral = (await f.referral(request.id, shortlist.id, providerId, `x@${providerId.toLowerCase()}.example.org`, { status: 'sent', sentAt: '2026-03-06T09:00:00.000Z', respondedAt: '2026-03-09T09:00:00.000Z' }));
      const { reply } = (await f.reply(referral, { from: `x@${providerId.toLowerCase()}.example.org`, subject: 'Reply', receivedAt: '2026-03-09T09:00:00.000Z', kind, status: 'confirmed', text: 'Reply.' }));
      return f.offer(reply, values);
    };
    (await offerFrom('FPS-7001', 'decline', { canMeetNeeds: false, weeklyFeePence: 0, weeksPerYear: 0, confirmedAt: '2026-03-09T10:00:00.000Z' }));
    (await offerFrom('FPS-7002', 'offer', { canMeetNeeds: true, weeklyFeePence: 200_000, weeksPerYear: 38, confirmedAt: '2026-03-09T10:00:00.000Z', withdrawn: true, qualityMark: 90, qualityReason: 'Very strong provision.' }));
    (await offerFrom('FPS-7003', 'offer', { canMeetNeeds: true, weeklyFeePence: 210_000, weeksPerYear: 38, confirmedAt: '2026-03-09T10:00:00.000Z' }));

    const record = (await buildEvidenceRecord(deps, { councilId: councilIds.NWDEMO }, request, 'Northshire Borough Council'));
    expect(record.evaluation!.offers.map((o) => [o.providerId, o.rank, o.annualCostPence, o.notes])).toEqual([
      ['FPS-7001', null, 0, ['cannot meet the needs: not ranked']],
      ['FPS-7003', null, 7_980_000, ['no quality mark yet: not ranked']],
      ['FPS-7002', null, 7_600_000, ['withdrawn: not ranked']],
    ]);
    expect(record.counts).toMatchObject({ offers: 1, declines: 1, replied: 3 });
    expect(record.answersWhy).toContain('3 of 3 providers replied (1 offer confirmed, 1 decline confirmed).');
    expect(record.notYetDone).toEqual(['Evaluation: no offer is ranked yet (quality marks missing, or no offer can meet the needs)', 'Award proposal', 'Approval decision', 'Award']);
  });

  it("built with another council's scope, finds nothing of this request's call-off", async () => {
    const { db, councilIds, deps } = (await world());
    const story = (await placedRequest(db, councilIds.NWDEMO));
    (await westbayRequest(db, councilIds.WESTBAY));
    // A Westbay outbox row that names a Northshire referral must not leak into either record.
    (await new EvidenceFixture(db, councilIds.WESTBAY, 'otherAdmin').email(story.referrals.larkfield.id, 'reminder', { createdAt: '2026-03-15T08:00:00.000Z', status: 'sent', sentAt: '2026-03-15T08:00:00.000Z' }));

    const leaked = (await buildEvidenceRecord(deps, { councilId: councilIds.WESTBAY }, story.request, 'Westbay Council'));
    expect(leaked.appraisal).toEqual([]);
    expect(leaked.shortlist).toBeNull();
    expect(leaked.referrals).toEqual([]);
    expect(leaked.communications).toEqual([]);
    expect(leaked.evaluation).toBeNull();
    expect(leaked.proposals).toEqual([]);
    expect(leaked.award).toBeNull();
    expect(leaked.trail).toEqual([]);

    const own = (await buildEvidenceRecord(deps, { councilId: councilIds.NWDEMO }, story.request, 'Northshire Borough Council'));
    expect(own.communications.filter((m) => m.what === 'Reminder').map((m) => m.at)).toEqual(['2026-03-18T08:00:00.000Z']);
    expect(JSON.stringify(own)).not.toMatch(/Westbay|999900/);
  });

  it('a request that stopped at the appraisal: builds, and says what is not done yet', async () => {
    const { db, councilIds, deps } = (await world());
    const request = (await requestAtAppraisal(db, councilIds.NWDEMO, 'PR-2026-0043'));
    const record = (await buildEvidenceRecord(deps, { councilId: councilIds.NWDEMO }, request, 'Northshire Borough Council'));
    expect(record.appraisal.map((a) => a.status)).toEqual(['in_progress']);
    expect(record.shortlist).toBeNull();
    expect(record.communications).toEqual([]);
    expect(record.answersWhy.at(-1)).toBe('Route not confirmed yet: options appraisal revision 1 is in progress.');
    expect(record.notYetDone).toEqual(['Options appraisal: the route is not confirmed', 'Shortlist and referrals', 'Evaluation of offers', 'Award proposal', 'Approval decision', 'Award']);
    const card = evidenceSummaryCard(record);
    expect(validateAdaptiveCard(card)).toEqual([]);
  });

  it('summary card from a real record is valid for Teams and carries the key facts', async () => {
    const { db, councilIds, deps } = (await world());
    const story = (await placedRequest(db, councilIds.NWDEMO));
    const card = evidenceSummaryCard((await buildEvidenceRecord(deps, { councilId: councilIds.NWDEMO }, story.request, 'Northshire Borough Council')));
    expect(validateAdaptiveCard(card)).toEqual([]);
    const facts = (card.body.find((e) => e.type === 'FactSet') as { facts: Array<{ title: string; value: string }> }).facts;
    expect(Object.fromEntries(facts.map((f) => [f.title, f.value]))).toEqual({
      Route: 'FPS call-off',
      Providers: '3 shortlisted, 2 replied, 2 offered',
      Award: '£104,500 a year with Larkfield School, from 7 September 2027',
      Approver: 'Helen Brooks, Head of Service',
      Authority: 'Head of Service: delegated authority for any value (this award £104,500 a year)',
      'E-mails': '7 sent to providers, 5 received',
    });
  });
});

describe('evidence command', () => {
  function runCli(args: string[], dbPath: string) {
    const env = { ...process.env, ...databaseEnv(dbPath), LOG_LEVEL: 'silent' };
    return spawnSync('npx', ['tsx', 'src/cli/index.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  }

  it('writes the pack as HTML or Markdown, and asks for --council when two councils share the reference', { timeout: 120_000 }, async () => {
    const { db, path, dir, councilIds } = (await world());
    (await placedRequest(db, councilIds.NWDEMO));
    (await westbayRequest(db, councilIds.WESTBAY));

    const ambiguous = runCli(['evidence', 'PR-2026-0042'], path);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toContain('2 councils have a request PR-2026-0042: add --council CODE.');

    const htmlFile = join(dir, 'evidence.html');
    const html = runCli(['evidence', 'PR-2026-0042', '--council', 'nwdemo', '--out', htmlFile], path);
    expect(html.stderr).toContain(`Wrote the evidence pack of PR-2026-0042 (7 e-mails sent, 5 received, award made) as HTML to ${htmlFile}.`);
    expect(html.status).toBe(0);
    const page = readFileSync(htmlFile, 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<title>Evidence pack: request PR-2026-0042</title>');
    expect(page).toContain('Pseudonymised record: the child is identified by the council&#39;s case reference and initials only.');
    expect(page).toContain('<li>Award: Larkfield School, £104,500 a year from 7 September 2027 to 21 July 2028;');
    expect(page).toContain('<td>Offer: unmatched message attached by hand by Priya Shah</td>');
    expect(page).toContain('<li>Annual value: £104,500</li>');
    expect(page).not.toContain('Westbay');
    expect(page).not.toMatch(/<script/i);

    const mdFile = join(dir, 'evidence.md');
    const md = runCli(['evidence', 'PR-2026-0042', '--council', 'WESTBAY', '--out', mdFile], path);
    expect(md.status).toBe(0);
    const text = readFileSync(mdFile, 'utf8');
    expect(text).toContain('# Evidence pack: request PR-2026-0042');
    expect(text).toContain('Westbay Council.');
    expect(text).toContain('| 1 | Larkfield School | Good (10 February 2025) | yes | £9,999 | 52 |');
    expect(text).not.toContain('Moorside');

    const stdout = runCli(['evidence', 'PR-2026-0042', '--council', 'NWDEMO'], path);
    expect(stdout.status).toBe(0);
    expect(stdout.stdout).toContain('## 4. Provider communications');
    expect(stdout.stdout).toContain('| 12 | 26 March 2026 at 15:01 | sent | Larkfield School | Award letter |');
  });
});
