import { calendarDateOf, formatUkDate } from './calendar-date.js';
import { ROLE_LABELS, type StaffRole } from './reference-data.js';

/**
 * What an old card says when the record it would change has been decided: who decided, when, and that
 * nothing was changed. A council defends each award at tribunal or audit, so what was decided stays exactly
 * as it was decided.
 */

function onDay(iso: string): string {
  return formatUkDate(calendarDateOf(new Date(iso)));
}

function who(name: string, role: StaffRole | null): string {
  return role ? `${name} (${ROLE_LABELS[role]})` : name;
}

const DECISION_WORDS = { approved: 'approved', rejected: 'rejected', info_requested: 'sent back for more information' } as const;

export function proposalDecidedMessage(decision: { status: keyof typeof DECISION_WORDS; decidedAt: string; deciderName: string; deciderRole: StaffRole | null; coveringFor?: string | null }): string {
  const covering = decision.coveringFor ? `, covering for ${decision.coveringFor}` : '';
  return `This proposal has already been decided: it was ${DECISION_WORDS[decision.status]} on ${onDay(decision.decidedAt)} by ${who(decision.deciderName, decision.deciderRole)}${covering}. Nothing was changed.`;
}

export function awardMadeMessage(reference: string | null, award: { createdAt: string; approverName: string; approverRole: StaffRole }): string {
  return `Request ${reference ?? ''} was awarded on ${onDay(award.createdAt)} by ${who(award.approverName, award.approverRole)}; the offers, the proposal and the award can no longer change. Nothing was changed.`;
}

export function requestClosedMessage(reference: string | null, status: 'closed' | 'cancelled', closedAt: string | null): string {
  return `Request ${reference ?? ''} was ${status}${closedAt ? ` on ${onDay(closedAt)}` : ''}; its offers can no longer change. Nothing was changed.`;
}

export function offerUnderProposalMessage(providerName: string, proposal: { createdAt: string; proposerName: string }): string {
  return `The offer from ${providerName} is in an award proposal waiting for a decision (proposed on ${onDay(proposal.createdAt)} by ${proposal.proposerName}); its figures cannot change unless the approver rejects the proposal or asks for more information. Nothing was changed.`;
}
