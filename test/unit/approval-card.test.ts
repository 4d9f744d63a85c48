import { describe, expect, it } from 'vitest';
import type { AwardProposalRow } from '../../src/db/repositories/awards.js';
import type { PlacementRequestRow } from '../../src/db/repositories/placement-requests.js';
import { approvalCard } from '../../src/teams/cards/awards.js';
import { validateAdaptiveCard } from '../support/cards.js';
import { cardText } from '../support/driver.js';

/**
 * Names on the approval card are typed by administrators in Teams now, and reasons by approvers: text,
 * never Markdown or a link, however it is written.
 */
const request = { id: 1, reference: 'PR-2026-0042' } as PlacementRequestRow;

function decided(over: Partial<AwardProposalRow> = {}): AwardProposalRow {
  return {
    id: 5,
    status: 'approved',
    version: 2,
    createdAt: '2026-11-26T10:00:00.000Z',
    decisionAt: '2026-11-27T11:30:00.000Z',
    decisionRole: 'service_manager',
    decisionReason: 'Fine, see [the note](https://evil.example/x)',
    decisionAuthority: 'Covering for Sam until 1 December 2026: Service Manager: delegated authority up to £150,000 a year (this award £125,400 a year)',
    decisionCoveringForName: '**Sam** [Okafor](https://evil.example)',
    decisionCoverEndsOn: '2026-12-01',
    weeklyFeePence: 330_000,
    weeksPerYear: 38,
    addOnsWeeklyPence: 0,
    annualValuePence: 12_540_000,
    startDate: '2027-09-07',
    rank: 1,
    rationale: 'Best value.',
    lowerRankReason: null,
    feeBenchmark: null,
    ...over,
  } as AwardProposalRow;
}

describe('approval card', () => {
  it('says who decided and for whom they were covering, with every name and reason as plain text', () => {
    const card = approvalCard(request, decided(), { provider: 'Moorside Academy', proposer: 'Priya Shah', decider: '[Chris](https://evil.example/login) Doyle' });
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('Approved by \\[Chris\\]\u200B(https:\u200B//evil.example/login) Doyle, covering for \\*\\*Sam\\*\\* \\[Okafor\\]\u200B(https:\u200B//evil.example) until 1 December 2026 (Service Manager)');
    expect(text).toContain('Reason: Fine, see \\[the note\\]');
    expect(text).not.toMatch(/[^\\]\[Chris\]\(/);
  });

  it('without cover, says nothing about it', () => {
    const text = cardText(approvalCard(request, decided({ decisionCoveringForName: null, decisionCoverEndsOn: null }), { provider: 'Moorside Academy', proposer: 'Priya Shah', decider: 'Sam Okafor' }));
    expect(text).toContain('Approved by Sam Okafor (Service Manager) on 27 November 2026');
    expect(text).not.toContain('covering');
  });
});
