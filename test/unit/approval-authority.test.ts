import { describe, expect, it } from 'vitest';
import {
  approversWithAuthority,
  checkApprovalAuthority,
  coverState,
  headsOfServiceFor,
  reminderRecipientsFor,
  validateCover,
  type Approver,
  type CoverForAuthority,
  type CoverRequest,
} from '../../src/domain/approval-authority.js';
import { escalationDue, validateEscalationSettings } from '../../src/domain/approval-escalation.js';

const COUNCIL = 1;
const sam: Approver & { name: string } = { staffId: 2, councilId: COUNCIL, roles: ['service_manager'], approvalLimit: 150_000, name: 'Sam Okafor' };
const helen: Approver & { name: string } = { staffId: 3, councilId: COUNCIL, roles: ['head_of_service', 'admin'], approvalLimit: 0, name: 'Helen Brooks' };
const priya: Approver & { name: string } = { staffId: 1, councilId: COUNCIL, roles: ['placements_officer'], approvalLimit: 0, name: 'Priya Shah' };
const chris: Approver & { name: string } = { staffId: 6, councilId: COUNCIL, roles: ['caseworker'], approvalLimit: 0, name: 'Chris Doyle' };
const tom: Approver & { name: string } = { staffId: 9, councilId: 2, roles: ['service_manager'], approvalLimit: 500_000, name: 'Tom Reilly' };

/** Proposed by the caseworker (staff 0) unless said otherwise. */
const proposal = (pounds: number, proposedByStaffId = 0) => ({ councilId: COUNCIL, proposedByStaffId, annualValuePence: pounds * 100 });

const TODAY = '2027-01-06';
const cover = (delegator: Approver & { name: string }, delegate: { staffId: number }, over: Partial<CoverForAuthority> = {}): CoverForAuthority => ({
  coverId: 10,
  councilId: COUNCIL,
  delegateStaffId: delegate.staffId,
  delegator,
  startsOn: '2027-01-04',
  endsOn: '2027-01-12',
  limitPounds: null,
  endedAt: null,
  ...over,
});
const withCovers = (...covers: CoverForAuthority[]) => ({ today: TODAY, covers });

describe('own delegated authority', () => {
  it('a Service Manager approves up to their limit, and no more; rejecting or asking needs no limit', () => {
    expect(checkApprovalAuthority(sam, proposal(150_000), 'approve')).toMatchObject({ ok: true, role: 'service_manager', authority: expect.stringContaining('up to £150,000 a year') });
    expect(checkApprovalAuthority(sam, proposal(150_001), 'approve')).toMatchObject({ ok: false, code: 'over_limit' });
    expect(checkApprovalAuthority(sam, proposal(900_000), 'reject')).toMatchObject({ ok: true, role: 'service_manager' });
    expect(checkApprovalAuthority(sam, proposal(900_000), 'ask')).toMatchObject({ ok: true });
  });

  it('the Head of Service approves any value', () => {
    expect(checkApprovalAuthority(helen, proposal(2_000_000), 'approve')).toMatchObject({ ok: true, role: 'head_of_service', authority: expect.stringContaining('any value') });
  });

  it('nobody decides on their own proposal, another council\'s, or without a role; a deactivated approver decides nothing', () => {
    expect(checkApprovalAuthority(helen, proposal(10, helen.staffId), 'approve')).toMatchObject({ ok: false, code: 'own_proposal' });
    expect(checkApprovalAuthority(tom, proposal(10), 'approve')).toMatchObject({ ok: false, code: 'other_council' });
    expect(checkApprovalAuthority(priya, proposal(10), 'reject')).toMatchObject({ ok: false, code: 'no_authority' });
    expect(checkApprovalAuthority({ ...helen, active: false }, proposal(10), 'approve')).toMatchObject({ ok: false, code: 'inactive' });
  });
});

describe('cover while away, at the moment of the decision', () => {
  it('lends the delegator\'s authority to the delegate, named on the decision with its end date', () => {
    const check = checkApprovalAuthority(priya, proposal(120_000), 'approve', withCovers(cover(sam, priya)));
    expect(check).toMatchObject({ ok: true, role: 'service_manager', cover: { coverId: 10, delegatorStaffId: sam.staffId, delegatorName: 'Sam Okafor', endsOn: '2027-01-12' } });
    expect(check.ok && check.authority).toBe('Covering for Sam Okafor until 12 January 2027: Service Manager: delegated authority up to £150,000 a year (this award £120,000 a year)');
  });

  it('never above the delegator\'s own limit, nor above a lower limit set for the cover', () => {
    expect(checkApprovalAuthority(priya, proposal(150_001), 'approve', withCovers(cover(sam, priya)))).toMatchObject({ ok: false, code: 'no_authority', message: expect.stringContaining('up to £150,000 a year') });
    const capped = cover(sam, priya, { limitPounds: 50_000 });
    expect(checkApprovalAuthority(priya, proposal(50_000), 'approve', withCovers(capped))).toMatchObject({ ok: true });
    expect(checkApprovalAuthority(priya, proposal(50_001), 'approve', withCovers(capped))).toMatchObject({ ok: false, message: expect.stringContaining('up to £50,000 a year') });
    // A limit recorded above the delegator's (their limit was lowered since) never lends more than they now hold.
    const lowered = cover({ ...sam, approvalLimit: 80_000 }, priya, { limitPounds: 150_000 });
    expect(checkApprovalAuthority(priya, proposal(90_000), 'approve', withCovers(lowered))).toMatchObject({ ok: false });
    // Without a limit of its own, a rejection under cover commits no money.
    expect(checkApprovalAuthority(priya, proposal(900_000), 'reject', withCovers(cover(sam, priya)))).toMatchObject({ ok: true, cover: { delegatorName: 'Sam Okafor' } });
  });

  it('a Head of Service\'s cover lends any value, or up to the limit they set', () => {
    expect(checkApprovalAuthority(chris, proposal(900_000), 'approve', withCovers(cover(helen, chris)))).toMatchObject({ ok: true, role: 'head_of_service', authority: expect.stringMatching(/^Covering for Helen Brooks until 12 January 2027: Head of Service/) });
    const capped = cover(helen, chris, { limitPounds: 200_000 });
    expect(checkApprovalAuthority(chris, proposal(200_000), 'approve', withCovers(capped))).toMatchObject({ ok: true, role: 'head_of_service', authority: expect.stringContaining('up to £200,000') });
    expect(checkApprovalAuthority(chris, proposal(200_001), 'approve', withCovers(capped))).toMatchObject({ ok: false });
  });

  it('counts from the first to the last day (England), ends by itself, and ends early when ended', () => {
    const c = cover(sam, priya);
    expect(checkApprovalAuthority(priya, proposal(1), 'approve', { today: '2027-01-03', covers: [c] })).toMatchObject({ ok: false, message: expect.stringContaining('starts on 4 January 2027') });
    expect(checkApprovalAuthority(priya, proposal(1), 'approve', { today: '2027-01-04', covers: [c] })).toMatchObject({ ok: true });
    expect(checkApprovalAuthority(priya, proposal(1), 'approve', { today: '2027-01-12', covers: [c] })).toMatchObject({ ok: true });
    expect(checkApprovalAuthority(priya, proposal(1), 'approve', { today: '2027-01-13', covers: [c] })).toMatchObject({ ok: false, message: expect.stringContaining('has ended') });
    expect(checkApprovalAuthority(priya, proposal(1), 'approve', withCovers({ ...c, endedAt: '2027-01-05T10:00:00Z' }))).toMatchObject({ ok: false });
    expect([coverState(c, '2027-01-03'), coverState(c, '2027-01-08'), coverState(c, '2027-01-13')]).toEqual(['scheduled', 'active', 'ended']);
  });

  it('never lets the proposer decide: not the delegate who proposed it, nor anyone on the authority of a delegator who proposed it', () => {
    expect(checkApprovalAuthority(priya, proposal(10, priya.staffId), 'approve', withCovers(cover(sam, priya)))).toMatchObject({ ok: false, code: 'own_proposal' });
    expect(checkApprovalAuthority(priya, proposal(10, sam.staffId), 'approve', withCovers(cover(sam, priya)))).toMatchObject({ ok: false, message: expect.stringContaining('Sam Okafor proposed this award') });
  });

  it('a deactivated delegator or delegate, or a delegator who lost their role, lends nothing', () => {
    expect(checkApprovalAuthority(priya, proposal(10), 'approve', withCovers(cover({ ...sam, active: false }, priya)))).toMatchObject({ ok: false, message: expect.stringContaining('no longer has Placement Desk access') });
    expect(checkApprovalAuthority(priya, proposal(10), 'approve', withCovers(cover({ ...sam, roles: ['caseworker'] }, priya)))).toMatchObject({ ok: false, message: expect.stringContaining('no longer holds delegated authority') });
    expect(checkApprovalAuthority({ ...priya, active: false }, proposal(10), 'approve', withCovers(cover(sam, priya)))).toMatchObject({ ok: false, code: 'inactive' });
  });

  it('is never chained: a delegate lends on only the delegator\'s own authority, never a cover the delegator holds', () => {
    // Helen (any value) is covered by Sam; Sam, away too, is covered by Chris. Chris holds Sam's own £150,000, not Helen's.
    const helenToSam = cover(helen, sam, { coverId: 11 });
    const samToChris = cover(sam, chris, { coverId: 12 });
    expect(checkApprovalAuthority(sam, proposal(900_000), 'approve', withCovers(helenToSam, samToChris))).toMatchObject({ ok: true, role: 'head_of_service' });
    expect(checkApprovalAuthority(chris, proposal(900_000), 'approve', withCovers(helenToSam, samToChris))).toMatchObject({ ok: false });
    expect(checkApprovalAuthority(chris, proposal(100_000), 'approve', withCovers(helenToSam, samToChris))).toMatchObject({ ok: true, cover: { coverId: 12 } });
  });

  it('uses the approver\'s own authority when it is enough, and the cover that lends most when it is not', () => {
    expect(checkApprovalAuthority(sam, proposal(100_000), 'approve', withCovers(cover(helen, sam)))).not.toHaveProperty('cover');
    expect(checkApprovalAuthority(priya, proposal(400_000), 'approve', withCovers(cover(sam, priya, { coverId: 1 }), cover(helen, priya, { coverId: 2 })))).toMatchObject({ ok: true, cover: { coverId: 2 } });
  });

  it('a cover of another council, or for someone else, lends nothing', () => {
    expect(checkApprovalAuthority(priya, proposal(10), 'approve', withCovers(cover(sam, chris)))).toMatchObject({ ok: false, code: 'no_authority' });
    expect(checkApprovalAuthority(priya, proposal(10), 'approve', withCovers({ ...cover(sam, priya), councilId: 2 }))).toMatchObject({ ok: false });
  });
});

describe('arranging cover', () => {
  const colleague = (p: Approver & { name: string }, active = true) => ({ staffId: p.staffId, councilId: p.councilId, name: p.name, active });
  const request = (over: Partial<CoverRequest> = {}): CoverRequest => ({
    delegator: sam,
    delegate: colleague(priya),
    startsOn: '2027-01-06',
    endsOn: '2027-01-12',
    limit: '',
    today: TODAY,
    coversGiven: [],
    coversGivenByDelegate: [],
    ...over,
  });

  it('accepts a colleague, a date range from today (as Input.Date or typed UK dates) and the delegator\'s own limit', () => {
    expect(validateCover(request())).toEqual({ ok: true, terms: { delegateStaffId: priya.staffId, startsOn: '2027-01-06', endsOn: '2027-01-12', limitPounds: null } });
    expect(validateCover(request({ startsOn: '7/1/2027', endsOn: '12 Jan 2027', limit: '£100,000' }))).toEqual({ ok: true, terms: { delegateStaffId: priya.staffId, startsOn: '2027-01-07', endsOn: '2027-01-12', limitPounds: 100_000 } });
  });

  it('refuses nobody, oneself, a deactivated colleague or one of another council', () => {
    expect(validateCover(request({ delegate: undefined }))).toMatchObject({ ok: false, errors: { delegate: expect.any(String) } });
    expect(validateCover(request({ delegate: colleague(sam) }))).toMatchObject({ ok: false, errors: { delegate: 'Choose someone other than yourself.' } });
    expect(validateCover(request({ delegate: colleague(priya, false) }))).toMatchObject({ ok: false, errors: { delegate: expect.any(String) } });
    expect(validateCover(request({ delegate: colleague(tom) }))).toMatchObject({ ok: false, errors: { delegate: expect.any(String) } });
  });

  it('refuses dates in the past, back to front, longer than 92 days or more than a year ahead', () => {
    expect(validateCover(request({ startsOn: '2027-01-05' }))).toMatchObject({ ok: false, errors: { startsOn: 'The cover cannot start in the past.' } });
    expect(validateCover(request({ endsOn: '2027-01-05' }))).toMatchObject({ ok: false, errors: { endsOn: 'The last day is before the first.' } });
    expect(validateCover(request({ endsOn: '2027-04-07' }))).toMatchObject({ ok: true }); // 92 days
    expect(validateCover(request({ endsOn: '2027-04-08' }))).toMatchObject({ ok: false, errors: { endsOn: expect.stringContaining('at most 92 days') } });
    expect(validateCover(request({ startsOn: '2028-01-08', endsOn: '2028-01-09' }))).toMatchObject({ ok: false, errors: { startsOn: expect.stringContaining('a year ahead') } });
    expect(validateCover(request({ startsOn: 'next-ish', endsOn: 31 }))).toMatchObject({ ok: false, errors: { startsOn: expect.any(String), endsOn: expect.any(String) } });
  });

  it('refuses a limit above the delegator\'s own (a Head of Service may set any)', () => {
    expect(validateCover(request({ limit: '150001' }))).toMatchObject({ ok: false, errors: { limit: 'Cover cannot go above your own approval limit of £150,000 a year.' } });
    expect(validateCover(request({ limit: '0' }))).toMatchObject({ ok: false, errors: { limit: expect.any(String) } });
    expect(validateCover(request({ delegator: helen, limit: '5,000,000' }))).toMatchObject({ ok: true, terms: { limitPounds: 5_000_000 } });
  });

  it('one cover at a time per delegator, and never to a colleague who is away themselves then (no chains)', () => {
    const given = [{ startsOn: '2027-01-10', endsOn: '2027-01-20', endedAt: null, delegateName: 'Chris Doyle' }];
    expect(validateCover(request({ coversGiven: given }))).toMatchObject({ ok: false, errors: { startsOn: expect.stringContaining('Chris Doyle already covers for you from 10 January 2027') } });
    expect(validateCover(request({ coversGiven: [{ ...given[0]!, endedAt: '2027-01-05T09:00:00Z' }] }))).toMatchObject({ ok: true });
    expect(validateCover(request({ coversGivenByDelegate: given }))).toMatchObject({ ok: false, errors: { delegate: expect.stringContaining('Priya Shah is away themselves') } });
    expect(validateCover(request({ coversGivenByDelegate: [{ ...given[0]!, startsOn: '2027-01-13' }] }))).toMatchObject({ ok: true });
  });
});

describe('who a waiting proposal reminds, and whom it escalates to', () => {
  const people = [priya, sam, helen, chris, { ...sam, staffId: 7, name: 'Sue Small', approvalLimit: 50_000 }];

  it('reminds those with enough authority today (own or covering), never the proposer', () => {
    expect(approversWithAuthority(people, proposal(100_000), { today: TODAY, covers: [] }).map((p) => p.name)).toEqual(['Sam Okafor', 'Helen Brooks']);
    expect(approversWithAuthority(people, proposal(100_000), withCovers(cover(sam, chris))).map((p) => p.name)).toEqual(['Sam Okafor', 'Helen Brooks', 'Chris Doyle']);
    expect(approversWithAuthority(people, proposal(40_000, sam.staffId), { today: TODAY, covers: [] }).map((p) => p.name)).toEqual(['Helen Brooks', 'Sue Small']);
  });

  it('reminds the Service Managers first (the Head of Service is the escalation), the Head of Service alone only when nobody else can approve', () => {
    expect(reminderRecipientsFor(people, proposal(100_000), { today: TODAY, covers: [] }).map((p) => p.name)).toEqual(['Sam Okafor']);
    expect(reminderRecipientsFor(people, proposal(40_000), withCovers(cover(sam, chris))).map((p) => p.name)).toEqual(['Sam Okafor', 'Chris Doyle', 'Sue Small']);
    expect(reminderRecipientsFor(people, proposal(400_000), { today: TODAY, covers: [] }).map((p) => p.name)).toEqual(['Helen Brooks']);
    expect(reminderRecipientsFor(people, proposal(400_000), withCovers(cover(helen, chris))).map((p) => p.name)).toEqual(['Helen Brooks', 'Chris Doyle']);
  });

  it('escalates to the Head of Service, or whoever covers for them today', () => {
    expect(headsOfServiceFor(people, proposal(100_000), withCovers(cover(helen, chris))).map((p) => p.name)).toEqual(['Helen Brooks', 'Chris Doyle']);
    expect(headsOfServiceFor(people, proposal(100_000), withCovers(cover(sam, chris))).map((p) => p.name)).toEqual(['Helen Brooks']);
  });
});

describe('escalation timing in working days', () => {
  const settings = { reminderWorkingDays: 3, escalationWorkingDays: 2 };
  const none = { reminder: false, escalation: false };

  it('reminds after the council\'s working days and escalates after the second period, skipping weekends and bank holidays', () => {
    // Proposed Wednesday 23 December 2026: 24 Dec (1), [25, 26, 27 Dec; 28 Dec substitute Boxing Day], 29 (2), 30 (3), 31 (4), [1 Jan], [2, 3 Jan] 4 Jan (5).
    expect(escalationDue('2026-12-23', '2026-12-29', settings, none)).toEqual({ workingDaysWaited: 2, reminder: false, escalation: false });
    expect(escalationDue('2026-12-23', '2026-12-30', settings, none)).toEqual({ workingDaysWaited: 3, reminder: true, escalation: false });
    expect(escalationDue('2026-12-23', '2027-01-03', settings, { reminder: true, escalation: false })).toEqual({ workingDaysWaited: 4, reminder: false, escalation: false });
    expect(escalationDue('2026-12-23', '2027-01-04', settings, { reminder: true, escalation: false })).toEqual({ workingDaysWaited: 5, reminder: false, escalation: true });
    expect(escalationDue('2026-12-23', '2027-01-04', settings, none)).toMatchObject({ reminder: true, escalation: true });
    expect(escalationDue('2026-12-23', '2027-02-01', settings, { reminder: true, escalation: true })).toMatchObject({ reminder: false, escalation: false });
  });

  it('takes 1 to 20 whole working days from the administrator\'s card', () => {
    expect(validateEscalationSettings({ reminderWorkingDays: '3', escalationWorkingDays: ' 5 ' })).toEqual({ ok: true, settings: { reminderWorkingDays: 3, escalationWorkingDays: 5 } });
    expect(validateEscalationSettings({ reminderWorkingDays: '0', escalationWorkingDays: '21' })).toMatchObject({ ok: false, errors: { reminderWorkingDays: expect.any(String), escalationWorkingDays: expect.any(String) } });
    expect(validateEscalationSettings({ reminderWorkingDays: '2.5', escalationWorkingDays: undefined })).toMatchObject({ ok: false });
  });
});
