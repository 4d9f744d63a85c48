import { formatPounds } from '../../domain/money.js';
import { ROUTE_SHORT_LABELS } from '../../domain/appraisal/routes.js';
import { formatUkDate } from '../../domain/calendar-date.js';
import { ROLE_LABELS } from '../../domain/reference-data.js';
import type { EvidenceRecord } from '../../services/evidence/evidence-record.js';
import { escapeMarkdown, md, adaptiveCard, bullets, documentOfferElements, facts, heading, notice, text, type AdaptiveCard, type DocumentOffer } from './card.js';

/** Long reasons are cut on the card (Teams caps a card's size); the full text is in the evidence pack. */
const CARD_LINE_MAX = 400;
const cut = (line: string) => (line.length > CARD_LINE_MAX ? `${line.slice(0, CARD_LINE_MAX - 1).trimEnd()}…` : line);

/** The evidence pack in brief: why the placement was secured, the key facts, and how to get the full pack. */
export function evidenceSummaryCard(record: EvidenceRecord, download?: DocumentOffer): AdaptiveCard {
  const r = record.request;
  const c = record.counts;
  const route = r.chosenRoute ? ROUTE_SHORT_LABELS[r.chosenRoute] : 'not confirmed yet';
  const award = record.award;
  const approved = record.proposals.find((p) => p.status === 'approved')?.decision;
  const approver = award
    ? `${award.approver}, ${ROLE_LABELS[award.approverRole]}`
    : approved
      ? `${approved.by}${approved.role ? `, ${ROLE_LABELS[approved.role]}` : ''}`
      : 'not approved yet';
  const authority = award?.authority ?? approved?.authority;
  return adaptiveCard([
    ...heading(md`Evidence pack: ${r.reference}`, md`${record.councilName} · case ${r.caseReference ?? '–'}, ${r.childInitials ?? '–'}`),
    text('Why this placement was secured', { weight: 'Bolder' }),
    bullets(record.answersWhy.map((line) => escapeMarkdown(cut(line)))),
    ...(record.notYetDone.length ? [notice(md`Not yet done: ${record.notYetDone.join('; ')}.`, 'warning')] : []),
    facts([
      ['Route', route],
      ['Providers', `${c.shortlisted} shortlisted, ${c.replied} replied, ${c.offers} offered`],
      ['Award', award ? `${formatPounds(award.annualValuePence)} a year with ${award.providerName}, from ${formatUkDate(award.startDate)}` : 'not made yet'],
      ['Approver', approver],
      ...(authority ? [['Authority', authority] as [string, string]] : []),
      ['E-mails', `${c.sent} sent to providers, ${c.received} received`],
    ]),
    text("Pseudonymised: the child is identified by the council's case reference and initials only. The full pack has every e-mail, decision and the audit trail.", {
      isSubtle: true,
      size: 'Small',
    }),
    ...documentOfferElements(download),
  ]);
}
