import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawExecute } from '../../src/db/client.js';
import { eq, sql } from 'drizzle-orm';
import { auditLog, outbox, placementRequests } from '../../src/db/schema/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import { cardText, findAction, inputValues, startDriver, TEAM, type Driver } from '../support/driver.js';
import type { TestPerson } from '../support/people.js';
import { findActorByIdentity } from '../../src/db/repositories/staff.js';
import { writeTransaction } from '../../src/db/transaction.js';
import { submitRequest } from '../../src/services/requests/submit-request.js';
import { waitForQueuedWriters } from '../support/db.js';

let d: Driver;
const clock = fixedClock('2026-11-26T10:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-26T10:00:00Z');
  d = await startDriver({ clock });
});
afterEach(async () => {
  await d.stop();
});

const CHILD = { caseReference: 'EHC-1001', childInitials: 'j.s.', dateOfBirth: '2015-03-04', sex: 'male', homePostcodeDistrict: 'wa7' };
const NEEDS = {
  ehcpStatus: 'final', planDate: '2026-06-01', assessmentRequestDate: '', reviewDate: '', phaseTransfer: 'phase', primaryNeed: 'ASD', secondaryNeeds: 'SLCN,SEMH',
  sectionB: 'Significant social communication needs; sensory sensitivities.', sectionE: 'To access learning in a small group.', sectionF: '1:1 support throughout the day; SALT weekly; OT termly.',
};
const PLACEMENT = { lot: '1', lotReason: '', requiredStartDate: '2027-09-07', preferredSetting: '' };
const RISKS = { riskFlags: 'absconding', riskNotes: '', medicalNeeds: '', transportNeeds: 'Needs escorted transport.', urgency: 'routine', urgencyReason: '' };

async function clickNext(p: TestPerson, card: any, answers: Record<string, string>, title = 'Next') {
  const action = findAction(card, 'request.step', title);
  return d.click(p, 'request.step', { ...inputValues(card), ...action.data, ...answers });
}

async function startedDraft(p: TestPerson = d.people.caseworker) {
  const sent = await d.say(p, 'new request');
  return d.cardsIn(sent).at(-1);
}

async function completeDraft(p: TestPerson = d.people.caseworker) {
  let card = await startedDraft(p);
  for (const answers of [CHILD, NEEDS, PLACEMENT]) card = (await clickNext(p, card, answers)).card;
  return (await clickNext(p, card, RISKS, 'Review request')).card;
}

async function requestRow() {
  return (await d.db.select().from(placementRequests))[0]!;
}

describe('raising a placement request', () => {
  it('goes from "new request" to submitted, posting the thread root in the approvals channel', async () => {
    await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
    await d.say(d.people.caseworker, 'hi');

    const step1 = await startedDraft();
    expect(cardText(step1)).toContain('Step 1 of 4: About the child');
    expect(cardText(step1)).toContain('Child initials');

    const step2 = (await clickNext(d.people.caseworker, step1, CHILD)).card;
    expect(cardText(step2)).toContain('Step 2 of 4: Needs and EHCP');
    expect((await requestRow()).draft.child).toMatchObject({ childInitials: 'JS', homePostcodeDistrict: 'WA7', dateOfBirth: '2015-03-04' });

    const step3 = (await clickNext(d.people.caseworker, step2, NEEDS)).card;
    expect(cardText(step3)).toContain('Step 3 of 4: Placement wanted');
    const step4 = (await clickNext(d.people.caseworker, step3, PLACEMENT)).card;
    expect(cardText(step4)).toContain('Step 4 of 4: Risks and practicalities');
    const summary = (await clickNext(d.people.caseworker, step4, RISKS, 'Review request')).card;
    const summaryText = cardText(summary);
    expect(summaryText).toContain('Check and submit');
    expect(summaryText).toContain('ASD – Autistic spectrum disorder');
    expect(summaryText).toContain('Amended plan final (phase transfer)');
    expect(summaryText).toMatch(/15 February 2027/);
    expect(summaryText).toMatch(/Required start date/);

    const submitted = await d.click(d.people.caseworker, 'request.submit', findAction(summary, 'request.submit').data);
    expect(cardText(submitted.card)).toContain('Submitted as **PR-2026-0001**');
    expect(cardText(submitted.card)).toContain("approvals channel has been told");

    const posted = await d.settle();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.conversationId).toBe(TEAM.id);
    const channelCard = d.cardsIn(posted)[0];
    expect(cardText(channelCard)).toContain('New placement request PR-2026-0001');
    expect(cardText(channelCard)).toContain('Raised by Alex Wilber');
    // Minimised: no initials, date of birth or EHCP summaries in the channel.
    expect(cardText(channelCard)).not.toMatch(/JS|2015|sensory|EHC-1001/);

    const row = (await requestRow());
    expect(row.status).toBe('submitted');
    expect(row.reference).toBe('PR-2026-0001');
    expect(row.approvalThreadId).toBe(`${TEAM.id};messageid=${posted[0]!.id}`);
    const audit = (await d.db.select().from(auditLog).where(eq(auditLog.action, 'request.submitted')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorStaffId).toBe(row.caseworkerStaffId);
    expect(JSON.stringify(audit.map((a) => a.details))).not.toMatch(/JS|2015-03-04|sensory/);
  });

  it('a double submit gives one reference and one channel post', async () => {
    await d.sayInChannel(d.people.headOfService, 'use this channel for approvals');
    const summary = await completeDraft();
    const submit = findAction(summary, 'request.submit').data;
    const [a, b] = await Promise.all([d.click(d.people.caseworker, 'request.submit', submit), d.click(d.people.caseworker, 'request.submit', submit)]);
    const texts = [cardText(a.card), cardText(b.card)];
    expect(texts.filter((t) => t.includes('Submitted as **PR-2026-0001**'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('already submitted as PR-2026-0001'))).toHaveLength(1);
    expect((await d.db.select().from(outbox))).toHaveLength(1);
    await d.settle();
    await d.settle();
    expect(d.connector.sent.filter((s) => s.conversationId === TEAM.id && d.cardsIn([s]).length)).toHaveLength(1);
    // The next request gets the next number.
    const second = await completeDraft();
    const next = await d.click(d.people.caseworker, 'request.submit', findAction(second, 'request.submit').data);
    expect(cardText(next.card)).toContain('PR-2026-0002');
  });

  it('a submit that read the draft before an identical click committed says it was already submitted', async () => {
    // The interleaving a double click can take on either backend: both clicks read the draft, then queue for
    // the write lock (held here until both wait). The second must not come back as an error.
    const summary = await completeDraft();
    const submit = findAction(summary, 'request.submit').data;
    const p = d.people.caseworker;
    const actor = (await findActorByIdentity(d.db, p.aadObjectId, p.tenantId))!;
    let release!: () => void;
    const held = writeTransaction(d.db, () => new Promise<void>((resolve) => (release = resolve)));
    const clicks = [1, 2].map(() => submitRequest(d.app.deps, { actor, requestId: submit.requestId, version: Number(submit.version) }));
    await waitForQueuedWriters(d.db, 2);
    release();
    await held;
    const results = await Promise.all(clicks);
    expect(results.map((r) => r.outcome).sort()).toEqual(['already_submitted', 'submitted']);
    expect(results.map((r) => r.request.reference)).toEqual(['PR-2026-0001', 'PR-2026-0001']);
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'request.submitted')))).toHaveLength(1);
  });

  it('says when no approvals channel is registered yet', async () => {
    const summary = await completeDraft();
    const submitted = await d.click(d.people.caseworker, 'request.submit', findAction(summary, 'request.submit').data);
    expect(cardText(submitted.card)).toContain('no approvals channel registered');
    expect((await d.db.select().from(outbox))).toHaveLength(0);
  });

  it('shows a clear message on the same step for each wrong answer and keeps what was typed', async () => {
    const step1 = await startedDraft();
    const bad = await clickNext(d.people.caseworker, step1, {
      caseReference: '', childInitials: 'John Smith', dateOfBirth: '2015-02-30', sex: 'robot', homePostcodeDistrict: 'WA7 1AB',
    });
    const text = cardText(bad.card);
    expect(text).toContain('Step 1 of 4');
    expect(text).toMatch(/Please check 5 answers/);
    expect(text).toMatch(/Case reference/);
    expect(text).toMatch(/[Ii]nitials/);
    expect(text).toMatch(/not a real date|real date/);
    expect(text).toMatch(/district/i);
    expect(inputValues(bad.card)).toMatchObject({ childInitials: 'John Smith', homePostcodeDistrict: 'WA7 1AB', dateOfBirth: '2015-02-30' });
    expect((await requestRow()).draft.child).toBeUndefined();
    expect((await requestRow()).entered.child).toMatchObject({ childInitials: 'John Smith' });

    const step2 = (await clickNext(d.people.caseworker, bad.card, CHILD)).card;
    const needsBad = await clickNext(d.people.caseworker, step2, { ...NEEDS, primaryNeed: 'AUTISM', secondaryNeeds: 'ASD', sectionB: '', planDate: '2031-01-01' });
    const needsText = cardText(needsBad.card);
    expect(needsText).toContain('Step 2 of 4');
    expect(needsText).toMatch(/Primary need/);
    expect(needsText).toMatch(/Section B/);
    expect(needsText).toMatch(/future/);

    const step3 = (await clickNext(d.people.caseworker, needsBad.card, NEEDS)).card;
    const tooYoung = await clickNext(d.people.caseworker, step3, { ...PLACEMENT, lot: '4' });
    expect(cardText(tooYoung.card)).toMatch(/Lot 4 .* is for young people aged 16 or over/);
    const step4 = (await clickNext(d.people.caseworker, tooYoung.card, PLACEMENT)).card;
    const urgent = await clickNext(d.people.caseworker, step4, { ...RISKS, urgency: 'urgent' }, 'Review request');
    expect(cardText(urgent.card)).toMatch(/reason/i);
    expect(cardText(urgent.card)).toContain('Step 4 of 4');
  });

  it('warns when a free-text field looks like it holds a full name, e-mail or phone number', async () => {
    let card = await startedDraft();
    card = (await clickNext(d.people.caseworker, card, CHILD)).card;
    const next = await clickNext(d.people.caseworker, card, { ...NEEDS, sectionB: 'Mum Sarah Jones says he struggles; call 07700 900123 or sarah@example.com.' });
    expect(cardText(next.card)).toContain('Step 3 of 4');
    expect(cardText(next.card)).toMatch(/full name/i);
    expect(cardText(next.card)).toMatch(/e-?mail/i);
    expect(cardText(next.card)).toMatch(/phone/i);
  });

  it('Save keeps the step; Back goes back; Edit from the summary returns to the summary', async () => {
    const step1 = await startedDraft();
    const saved = await clickNext(d.people.caseworker, step1, CHILD, 'Save');
    expect(cardText(saved.card)).toContain('Step 1 of 4');
    const step2 = (await clickNext(d.people.caseworker, saved.card, {})).card;
    const back = await d.click(d.people.caseworker, 'request.step', findAction(step2, 'request.step', 'Back').data);
    expect(cardText(back.card)).toContain('Step 1 of 4');
    expect(inputValues(back.card)).toMatchObject({ childInitials: 'JS', homePostcodeDistrict: 'WA7' });

    let card = (await clickNext(d.people.caseworker, back.card, {})).card;
    for (const answers of [NEEDS, PLACEMENT]) card = (await clickNext(d.people.caseworker, card, answers)).card;
    const summary = (await clickNext(d.people.caseworker, card, RISKS, 'Review request')).card;
    const edit = await d.click(d.people.caseworker, 'request.edit', { ...findAction(summary, 'request.edit').data });
    expect(cardText(edit.card)).toContain('Step 1 of 4');
    const backToSummary = await clickNext(d.people.caseworker, edit.card, { caseReference: 'EHC-2002' }, 'Save and review');
    expect(cardText(backToSummary.card)).toContain('Check and submit');
    expect(cardText(backToSummary.card)).toContain('EHC-2002');
  });

  it('an old card changes nothing and shows where the draft is now', async () => {
    const step1 = await startedDraft();
    await clickNext(d.people.caseworker, step1, CHILD);
    const before = (await requestRow());
    const old = await clickNext(d.people.caseworker, step1, { ...CHILD, childInitials: 'ZZ' });
    expect(cardText(old.card)).toContain('That card was out of date');
    expect(cardText(old.card)).toContain('Step 2 of 4');
    const after = (await requestRow());
    expect(after.version).toBe(before.version);
    expect(after.draft.child?.childInitials).toBe('JS');
  });

  it('rejects forged card data with a clear message', async () => {
    const step1 = await startedDraft();
    const action = findAction(step1, 'request.step', 'Next');
    const noVersion = await d.click(d.people.caseworker, 'request.step', { ...action.data, version: 'abc', ...CHILD });
    expect(cardText(noVersion.card)).toContain('missing information');
    const badStep = await d.click(d.people.caseworker, 'request.step', { ...action.data, step: 'admin', ...CHILD });
    expect(cardText(badStep.card)).toContain('missing information');
    const nobody = await d.click(d.people.caseworker, 'request.step', { ...action.data, requestId: 9999, ...CHILD });
    expect(cardText(nobody.card)).toContain('could not find that request');
    expect((await requestRow()).version).toBe(1);
  });

  it('a storage error in the middle of a step leaves the draft as it was and keeps the answers on the card', async () => {
    const step1 = await startedDraft();
    if (d.db.$dialect === 'pg') {
      await rawExecute(d.db, sql.raw(`CREATE FUNCTION fail_requests() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk I/O error'; END $$`));
      await rawExecute(d.db, sql`CREATE TRIGGER fail_requests BEFORE UPDATE ON placement_requests FOR EACH ROW EXECUTE FUNCTION fail_requests()`);
    } else {
      await rawExecute(d.db, sql`CREATE TRIGGER fail_requests BEFORE UPDATE ON placement_requests BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    }
    const failed = await clickNext(d.people.caseworker, step1, CHILD);
    expect(cardText(failed.card)).toContain('could not save that just now and nothing was changed');
    expect(inputValues(failed.card)).toMatchObject({ caseReference: 'EHC-1001', childInitials: 'j.s.' });
    expect((await requestRow())).toMatchObject({ version: 1, position: 'child', draft: {}, entered: {} });
    expect((await d.db.select().from(auditLog).where(eq(auditLog.action, 'request.draft_saved')))).toHaveLength(0);
    await rawExecute(d.db, d.db.$dialect === 'pg' ? sql`DROP TRIGGER fail_requests ON placement_requests` : sql`DROP TRIGGER fail_requests`);
    const retried = await clickNext(d.people.caseworker, failed.card, {});
    expect(cardText(retried.card)).toContain('Step 2 of 4');
  });

  it('resumes after a restart (new app, same database) from "my requests", with a second draft kept too', async () => {
    const first = await startedDraft();
    await clickNext(d.people.caseworker, first, CHILD);
    const second = await startedDraft();
    await clickNext(d.people.caseworker, second, { ...CHILD, caseReference: 'EHC-2' }, 'Save');
    await d.restart();

    const list = d.cardsIn(await d.say(d.people.caseworker, 'my requests')).at(-1);
    const listText = cardText(list);
    expect(listText).toMatch(/\*\*Draft #1\*\* · JS/);
    expect(listText).toContain('step 2 of 4');
    expect(listText).toMatch(/\*\*Draft #2\*\*/);
    expect(listText).toContain('step 1 of 4');
    const resumed = await d.click(d.people.caseworker, 'request.open', { requestId: 1 });
    expect(cardText(resumed.card)).toContain('Step 2 of 4');
    const resumed2 = await d.click(d.people.caseworker, 'request.open', { requestId: 2 });
    expect(inputValues(resumed2.card)).toMatchObject({ caseReference: 'EHC-2' });
  });

  it('accepts typed answers for the current draft, in UK day/month order', async () => {
    const step1 = await startedDraft();
    await clickNext(d.people.caseworker, step1, CHILD);
    const typed = await d.say(d.people.caseworker, 'start date 7 Sept 2027');
    expect(d.textsIn(typed)[0]).toContain('Required start date: Tuesday 7 September 2027');
    expect((await requestRow()).entered.placement?.requiredStartDate).toBe('2027-09-07');
    const numeric = await d.say(d.people.caseworker, 'dob 04/03/2015');
    expect(d.textsIn(numeric)[0]).toMatch(/4 March 2015/);
    const wrong = await d.say(d.people.caseworker, 'start date 31/02/2027');
    expect(d.textsIn(wrong)[0]).toMatch(/could not read .* as a date.*Nothing was changed/);
  });

  it('deadline warnings: within 10 working days, and missed', async () => {
    let card = await startedDraft();
    card = (await clickNext(d.people.caseworker, card, CHILD)).card;
    card = (await clickNext(d.people.caseworker, card, { ...NEEDS, ehcpStatus: 'draft', assessmentRequestDate: '2026-07-01', phaseTransfer: 'none' })).card;
    card = (await clickNext(d.people.caseworker, card, { ...PLACEMENT, requiredStartDate: '2026-12-07' })).card;
    const summary = (await clickNext(d.people.caseworker, card, RISKS, 'Review request')).card;
    const text = cardText(summary);
    // 1 July 2026 + 20 weeks = 18 November 2026: already missed on 26 November.
    expect(text).toMatch(/Final EHC plan due \(20 weeks\) has been missed/);
    expect(text).toContain('Wednesday 18 November 2026');
    expect(text).toMatch(/Required start date is within 10 working days/);
  });
});

describe('who sees which request', () => {
  async function submitOne() {
    const summary = await completeDraft();
    await d.click(d.people.caseworker, 'request.submit', findAction(summary, 'request.submit').data);
  }

  it('another council gets "not found", never "forbidden"', async () => {
    await submitOne();
    const typed = await d.say(d.people.otherCaseworker, 'open PR-2026-0001');
    expect(d.textsIn(typed).join(' ')).toContain('could not find that request');
    const clicked = await d.click(d.people.otherCaseworker, 'request.open', { requestId: 1 });
    expect(cardText(clicked.card)).toContain('could not find that request');
    const forged = await d.click(d.people.otherCaseworker, 'request.submit', { requestId: 1, version: 1 });
    expect(cardText(forged.card)).toContain('could not find that request');
    const list = cardText(d.cardsIn(await d.say(d.people.otherCaseworker, 'my requests')).at(-1));
    expect(list).not.toContain('PR-2026-0001');
  });

  it("a council's placements officer sees its submitted requests; a colleague cannot open someone else's draft", async () => {
    await submitOne();
    const draft = await startedDraft();
    const draftId = findAction(draft, 'request.step').data.requestId;
    const poList = cardText(d.cardsIn(await d.say(d.people.placementsOfficer, 'my requests')).at(-1));
    expect(poList).toContain('PR-2026-0001');
    expect(poList).not.toContain(`Draft #${draftId}`);
    const opened = cardText(d.cardsIn(await d.say(d.people.placementsOfficer, 'PR-2026-0001')).at(-1));
    expect(opened).toContain('Request PR-2026-0001');
    const colleague = await d.click(d.people.secondCaseworker, 'request.open', { requestId: draftId });
    expect(cardText(colleague.card)).toContain('could not find that request');
    const approver = await d.click(d.people.serviceManager, 'request.new');
    expect(cardText(approver.card)).toContain('raised by caseworkers and placements officers');
  });
});
