import type { AwardProposalRow, AwardRow } from '../../db/repositories/awards.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { formatPounds } from '../../domain/money.js';
import { formatUkDate, formatUkInstant } from '../../domain/calendar-date.js';
import type { EvaluatedOffer } from '../../domain/evaluation.js';
import { ROLE_LABELS } from '../../domain/reference-data.js';
import type { Evaluation } from '../../services/awards/evaluation.js';
import { md, actionSet, adaptiveCard, execute, facts, heading, notice, raw, scopedId, text, toggledSection, type AdaptiveCard, type CardElement, type CardNotice } from './card.js';
import type { FeeBenchmark } from '../../domain/fee-benchmark.js';
import { feeBenchmarkBlock } from './fee-benchmark.js';


function offerFacts(o: EvaluatedOffer): Array<[string, string]> {
  return [
    ['Ofsted', `${o.ofstedGrade ?? 'not yet inspected'}${o.inspectionDate ? ` (${formatUkDate(o.inspectionDate)})` : ''}`],
    ['Can meet needs', o.canMeetNeeds ? 'Yes' : 'No'],
    ...(o.canMeetNeeds
      ? ([
          ['Weekly fee', `${formatPounds(o.weeklyFeePence)} × ${o.weeksPerYear} weeks`],
          ['Add-ons a week', formatPounds(o.addOnsWeeklyPence)],
          ['Annual cost', formatPounds(o.annualCostPence)],
        ] as Array<[string, string]>)
      : []),
    ['Start', o.startDate ? formatUkDate(o.startDate) : '–'],
    ['Distance', o.distanceBand],
    ['Score', o.totalScore === null ? 'not scored' : `${o.totalScore} (price ${o.priceScore}, quality ${o.qualityScore})`],
  ];
}

/** Why the card offers no marks or proposal at this stage, and what comes next. */
function stageNotice(evaluation: Evaluation): CardNotice | undefined {
  const { request, shortlist, providers } = evaluation;
  switch (request.status) {
    case 'responses':
      return {
        text:
          md`Responses are still open until ${formatUkDate(shortlist.responseDeadline, { weekday: true })}: ${providers.replied} of ${providers.referred} providers have replied. ` +
          'The offers confirmed so far are below; quality marks and the award proposal open once responses are closed (a placements officer closes them on the referrals card).',
        style: 'accent',
      };
    case 'awaiting_approval':
      return { text: 'A proposal is waiting for an approver, so nothing more can be proposed until it is decided.', style: 'accent' };
    case 'placed':
      return { text: md`Request ${request.reference} is placed: the award has been made.`, style: 'good' };
    default:
      return undefined;
  }
}

/** The comparison of confirmed offers, ranked (advisory), with quality marks and the proposal form. */
export function evaluationCard(
  evaluation: Evaluation,
  options: { notice?: CardNotice; errors?: Record<string, string>; canMark: boolean; canPropose: boolean; benchmarks?: ReadonlyMap<number, FeeBenchmark | null> },
): AdaptiveCard {
  const { request, shortlist, offers } = evaluation;
  const body: CardElement[] = [
    ...heading(md`Evaluation for ${request.reference}`, md`Weighting fixed when referrals went out: price ${shortlist.priceWeight}% / quality ${shortlist.qualityWeight}%. The ranking is advice: a person proposes the award.`),
  ];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  if (options.errors && Object.keys(options.errors).length) body.push(notice(Object.values(options.errors).join('\n\n')));
  const stage = stageNotice(evaluation);
  if (stage) body.push(notice(stage.text, stage.style));
  if (!offers.length) body.push(text('No offers have been confirmed yet. Confirm the figures of the providers\' replies first (type **replies ' + request.reference + '**).'));
  const scored = offers.filter((o) => o.totalScore !== null);
  if (scored.length) {
    body.push({
      type: 'Chart.HorizontalBar',
      title: 'Weighted score (out of 100)',
      // Each score is written at its bar; an axis would tick at sixths of the top score (13.7, 27.3, …).
      displayMode: 'AbsoluteNoAxis',
      data: scored.map((o) => ({ x: o.providerName, y: o.totalScore! })),
      fallback: text(scored.map((o) => md`${o.providerName}: ${o.totalScore}`).join('\n\n')),
    });
  }
  for (const o of offers) {
    // Sections of this card, not show-cards: their inputs go with their own buttons in every client.
    const sections: Array<{ toggle: CardElement; section: CardElement }> = [];
    if (options.canMark && o.canMeetNeeds) {
      sections.push(
        toggledSection(`mark-${o.offerId}`, o.qualityMark === null ? 'Give a quality mark' : 'Change the quality mark', [
          { type: 'Input.Text', id: `mark_${o.offerId}`, label: 'Quality mark (0–100)', isRequired: true, errorMessage: 'Give a mark from 0 to 100.', ...(o.qualityMark !== null ? { value: String(o.qualityMark) } : {}) },
          { type: 'Input.Text', id: `reason_${o.offerId}`, label: 'Reason for the mark', isMultiline: true, isRequired: true, errorMessage: 'Give the reason.', maxLength: 1000 },
          actionSet([execute('Save mark', 'evaluation.mark', { offerId: o.offerId })]),
        ]),
      );
    }
    if (options.canPropose && o.canMeetNeeds) {
      sections.push(
        toggledSection(`propose-${o.offerId}`, 'Propose this award', [
          { type: 'Input.Text', id: `rationale_${o.offerId}`, label: 'Why this offer (rationale)', isMultiline: true, isRequired: true, errorMessage: 'Give the rationale.', maxLength: 2000 },
          ...(o.rank === 1 ? [] : [{ type: 'Input.Text', id: `lowerRankReason_${o.offerId}`, label: o.rank === null ? 'Why propose an offer that is not ranked yet' : `Why propose it over higher-ranked offers (it is ranked ${o.rank})`, isMultiline: true, maxLength: 2000 }]),
          actionSet([execute('Send for approval', 'award.propose', { requestId: request.id, offerId: o.offerId }, { style: 'positive' })]),
        ]),
      );
    }
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        text(md`${o.rank ? `#${o.rank} ` : ''}**${o.providerName}**${o.notes.length ? ` · ${o.notes.join('; ')}` : ''}`),
        facts(offerFacts(o)),
        ...(o.canMeetNeeds ? feeBenchmarkBlock(options.benchmarks?.get(o.offerId)) : []),
        ...(sections.length ? [actionSet(sections.map((x) => x.toggle)), ...sections.map((x) => x.section)] : []),
      ],
    });
  }

  return adaptiveCard(body);
}

/** Input ids of an approval card carry the proposal: an approver may have several cards in one chat. */
export const proposalScope = (proposalId: number) => `proposal${proposalId}`;

const STATUS_TEXT: Record<AwardProposalRow['status'], string> = {
  pending: 'Waiting for a decision',
  approved: 'Approved',
  rejected: 'Rejected',
  info_requested: 'More information requested',
};

/** The approval card in the request's thread: pending with the three buttons, or showing the decision. */
export function approvalCard(
  request: PlacementRequestRow,
  proposal: AwardProposalRow,
  names: { provider: string; proposer: string; decider?: string },
  options: { notice?: CardNotice; reasonError?: string; currentBenchmark?: FeeBenchmark | null; escalations?: Array<{ stage: 'reminder' | 'escalation'; at: string }> } = {},
): AdaptiveCard {
  const body: CardElement[] = [...heading(md`Award proposal for ${request.reference}`, md`Proposed by ${names.proposer} on ${formatUkInstant(proposal.createdAt)}`)];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  body.push(
    facts([
      ['Provider', names.provider],
      ['Weekly fee', `${formatPounds(proposal.weeklyFeePence)} × ${proposal.weeksPerYear} weeks`],
      ['Add-ons a week', formatPounds(proposal.addOnsWeeklyPence)],
      ['Annual value', formatPounds(proposal.annualValuePence)],
      ['Start', proposal.startDate ? formatUkDate(proposal.startDate) : '–'],
      ['Rank', proposal.rank ? `${proposal.rank}` : 'not ranked'],
      ['Rationale', proposal.rationale],
      ...(proposal.lowerRankReason ? ([['Why not the top-ranked offer', proposal.lowerRankReason]] as Array<[string, string]>) : []),
      ['Status', STATUS_TEXT[proposal.status]],
    ]),
    ...(proposal.feeBenchmark
      ? feeBenchmarkBlock(proposal.feeBenchmark, `As it stood when the award was proposed (${formatUkInstant(proposal.createdAt)}); recorded in the evidence pack.`)
      : feeBenchmarkBlock(options.currentBenchmark, 'As it stands today (this proposal was made before benchmarks were recorded).')),
  );
  if (proposal.status !== 'pending') {
    // "Approved by Priya Shah, covering for Sam Okafor until 12 January 2027 (Service Manager)": who decided, under whose authority.
    const covering = proposal.decisionCoveringForName ? md`, covering for ${proposal.decisionCoveringForName}${proposal.decisionCoverEndsOn ? ` until ${formatUkDate(proposal.decisionCoverEndsOn)}` : ''}` : '';
    body.push(
      notice(
        md`${STATUS_TEXT[proposal.status]} by ${names.decider ?? 'an approver'}${raw(covering)}${proposal.decisionRole ? ` (${ROLE_LABELS[proposal.decisionRole]})` : ''} on ${formatUkInstant(proposal.decisionAt!, { time: true })}.` +
          `${proposal.decisionReason ? md` Reason: ${proposal.decisionReason}` : ''}${proposal.decisionAuthority ? md`\n\nAuthority: ${proposal.decisionAuthority}.` : ''}`,
        proposal.status === 'approved' ? 'good' : 'warning',
      ),
    );
    return adaptiveCard(body);
  }
  const chased = (options.escalations ?? []).map((e) => (e.stage === 'reminder' ? `approvers reminded on ${formatUkDate(e.at.slice(0, 10))}` : `escalated to the Head of Service on ${formatUkDate(e.at.slice(0, 10))}`));
  if (chased.length) body.push(notice(`Waiting for a decision: ${chased.join('; ')}.`, 'warning'));
  body.push(
    text('Delegated authority: a Service Manager may approve up to their limit; above it only the Head of Service; a colleague covering for one of them acts within that person\'s authority until the cover ends. The proposer cannot approve.', { isSubtle: true, size: 'Small' }),
    { type: 'Input.Text', id: scopedId('reason', proposalScope(proposal.id)), label: 'Reason (required to reject or to ask for more information)', isMultiline: true, maxLength: 1000 },
    ...(options.reasonError ? [text(options.reasonError, { color: 'Attention', size: 'Small', spacing: 'None' })] : []),
  );
  const data = (decision: string) => ({ proposalId: proposal.id, version: proposal.version, decision });
  return adaptiveCard(body, [
    execute('Approve', 'approval.decide', data('approve'), { style: 'positive' }),
    execute('Reject', 'approval.decide', data('reject'), { style: 'destructive' }),
    execute('Ask for more information', 'approval.decide', data('ask')),
  ]);
}

export function awardSummaryCard(request: PlacementRequestRow, award: AwardRow, names: { provider: string; approver: string }): AdaptiveCard {
  return adaptiveCard([
    ...heading(md`Placement awarded: ${request.reference}`, 'This record stands in for the Individual Placement Agreement.'),
    facts([
      ['Provider', names.provider],
      ['Child', award.childReference],
      ['Lot', String(award.lot)],
      ['Weekly fee', `${formatPounds(award.weeklyFeePence)} × ${award.weeksPerYear} weeks`],
      ['Add-ons a week', formatPounds(award.addOnsWeeklyPence)],
      ['Annual value', formatPounds(award.annualValuePence)],
      ['From', formatUkDate(award.startDate)],
      ['To', `${formatUkDate(award.endDate)}${award.weeksPerYear >= 52 ? '' : ' (close of the academic year)'}`],
      ['Approved by', `${names.approver}${award.coveringForName ? `, covering for ${award.coveringForName}${award.coverEndsOn ? ` until ${formatUkDate(award.coverEndsOn)}` : ''}` : ''} (${ROLE_LABELS[award.approverRole]})`],
      ['Authority', award.authority],
    ]),
  ]);
}
