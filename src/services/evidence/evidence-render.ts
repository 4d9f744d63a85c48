import { formatPounds } from '../../domain/money.js';
import { formatUkDate, formatUkInstant } from '../../domain/calendar-date.js';
import { LOT_LABELS, NEED_LABELS, ROLE_LABELS, isLot } from '../../domain/reference-data.js';
import { appraisalRevisionsMarkdown, ukDateTime } from '../appraisals/appraisal-markdown.js';
import type { EvidenceRecord, EvidenceShortlistEntry, ShortlistChange } from './evidence-record.js';
import { escapeHtml, markdownToHtml } from './markdown-html.js';

/**
 * The evidence pack as Markdown, and the same document as printable HTML. Text that people or providers
 * wrote is escaped where it is placed, so it stays text in the Markdown too: one line, no table breaks,
 * no tags, no emphasis it did not ask for.
 */

export const PSEUDONYMISED_NOTE = "Pseudonymised record: the child is identified by the council's case reference and initials only.";

/** User or provider text on one line, with the characters that Markdown would read as structure escaped. */
function md(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*[\]<>|]/g, '\\$&');
}

/** A quoted line must not start with something Markdown reads as a heading, list or nested quote. */
function quoted(text: string): string {
  return `> ${md(text).replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2')}`;
}

const dash = '–';
const opt = (text: string | null | undefined) => (text ? md(text) : dash);
const date = (d: string | null | undefined) => (d ? (d.length === 10 ? formatUkDate(d) : formatUkInstant(d)) : dash);
const time = (iso: string | null | undefined) => (iso ? ukDateTime(iso) : dash);
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const rule = (n: number) => `|${'---|'.repeat(n)}`;

const CHANGE_LABELS: Record<ShortlistChange, string> = {
  by_rules: 'shortlisted by the rules',
  added_by_officer: 'added by the officer',
  removed_by_officer: 'removed by the officer',
  excluded_by_rules: 'excluded by the rules',
};

function requestSection(record: EvidenceRecord): string[] {
  const r = record.request;
  const lot = r.lot !== null && isLot(r.lot) ? `${r.lot} (${LOT_LABELS[r.lot]})` : dash;
  return [
    '## 1. The request',
    '',
    `- Request: ${md(r.reference)} (status: ${r.status.replace(/_/g, ' ')})`,
    `- Case reference: ${opt(r.caseReference)}; initials: ${opt(r.childInitials)}`,
    `- Age at the required start: ${r.ageAtStart ?? dash}${r.yearGroupAtStart ? ` (${r.yearGroupAtStart})` : ''}; sex: ${opt(r.sex)}; home postcode district: ${opt(r.homePostcodeDistrict)}`,
    `- EHCP: ${opt(r.ehcpStatus)}`,
    `- Primary need: ${r.primaryNeed ? `${r.primaryNeed} (${NEED_LABELS[r.primaryNeed]})` : dash}; secondary needs: ${r.secondaryNeeds.length ? r.secondaryNeeds.join(', ') : 'none'}`,
    `- Section B summary (needs): ${opt(r.sectionB)}`,
    `- Section E summary (outcomes): ${opt(r.sectionE)}`,
    `- Section F summary (provision): ${opt(r.sectionF)}`,
    `- Lot: ${lot}; required start date: ${date(r.requiredStartDate)}`,
    `- School or college asked for: ${opt(r.preferredSetting)}`,
    `- Risks: ${r.risks.length ? md(r.risks.join(', ')) : 'none recorded'}; medical needs: ${opt(r.medicalNeeds)}; transport needs: ${opt(r.transportNeeds)}`,
    `- Urgency: ${opt(r.urgency)}${r.urgencyReason ? ` (${md(r.urgencyReason)})` : ''}`,
    `- Caseworker: ${md(r.caseworker)}; raised ${time(r.createdAt)}; submitted ${r.submittedAt ? `${time(r.submittedAt)}${r.submittedBy ? ` by ${md(r.submittedBy)}` : ''}` : 'not yet'}`,
    ...(r.closedAt || r.closedReason ? [`- Closed: ${time(r.closedAt)}${r.closedReason ? `: ${md(r.closedReason)}` : ''}`] : []),
    '',
  ];
}

function shortlistSection(record: EvidenceRecord): string[] {
  const s = record.shortlist;
  const lines = ['## 3. Shortlist and referrals', ''];
  if (!s) return [...lines, 'Not yet done: no shortlist has been drawn up for this request.', ''];
  lines.push(
    `Drawn up by ${md(s.createdBy)} on ${time(s.createdAt)}. ` +
      (s.sentAt ? `Referrals sent by ${opt(s.sentBy)} on ${time(s.sentAt)}. ` : 'Referrals not sent yet. ') +
      `Response deadline: ${date(s.responseDeadline)}. Evaluation weighting, fixed before the referrals went out: price ${s.priceWeight}% / quality ${s.qualityWeight}%.` +
      (s.closedAt ? ` Responses closed on ${time(s.closedAt)}${s.closedBy ? ` by ${md(s.closedBy)}` : ''}.` : ''),
    '',
    row(['Provider', 'Decision', "The rules' reasons", "Officer's reason for the change"]),
    rule(4),
  );
  const entry = (e: EvidenceShortlistEntry) => row([`${md(e.providerName)} (${md(e.providerId)})`, CHANGE_LABELS[e.change], md(e.reasons.join('; ')), opt(e.officerReason)]);
  lines.push(...s.entries.map(entry), '');
  lines.push('### Referrals', '');
  if (!record.referrals.length) return [...lines, 'No referral has been created yet.', ''];
  lines.push(row(['Provider', 'Sent to', 'Status', 'Sent', 'Reminder sent', 'First reply', 'Out-of-office', 'Delivery problem']), rule(8));
  for (const x of record.referrals) {
    lines.push(row([md(x.providerName), md(x.contactEmail), x.status, time(x.sentAt), time(x.reminderSentAt), time(x.respondedAt), time(x.autoReplyAt), opt(x.lastError)]));
  }
  return [...lines, ''];
}

function communicationsSection(record: EvidenceRecord): string[] {
  const lines = ['## 4. Provider communications', ''];
  const c = record.communications;
  if (!c.length) return [...lines, 'No e-mail has been sent to or received from a provider about this request yet.', ''];
  lines.push(
    `${record.counts.sent} sent, ${record.counts.received} received, oldest first (times are UK local time). Received text is the provider's new text with quoted history removed.`,
    '',
    row(['#', 'When', 'Direction', 'Provider', 'What', 'Address', 'Subject', 'Status', 'Attachments']),
    rule(9),
  );
  c.forEach((m, i) => {
    lines.push(row([String(i + 1), time(m.at), m.direction, md(m.providerName), md(m.what), opt(m.address), opt(m.subject), md(m.status), m.attachments?.length ? md(m.attachments.join(', ')) : dash]));
  });
  const withText = c.map((m, i) => ({ m, n: i + 1 })).filter(({ m }) => m.excerpt);
  if (withText.length) {
    lines.push('', '### Message text', '');
    for (const { m, n } of withText) {
      lines.push(`**${n}.** ${m.direction === 'sent' ? 'Sent to' : 'Received from'} ${md(m.providerName)}, ${md(m.what)}, ${time(m.at)}:`, '', quoted(m.excerpt!), '');
    }
  }
  return [...lines, ''];
}

function evaluationSection(record: EvidenceRecord): string[] {
  const lines = ['## 5. Evaluation of offers', ''];
  const ev = record.evaluation;
  if (!ev) return [...lines, 'Not yet done: no offer has been confirmed.', ''];
  lines.push(
    `Weighting: price ${ev.priceWeight}% / quality ${ev.qualityWeight}%. Price scores 100 for the lowest annual cost and proportionally less for dearer offers; quality is the officer's mark out of 100. ` +
      `Distance is a band from the home postcode district (${opt(ev.homeDistrict)}). The ranking is advisory: a person proposes the award.`,
    '',
    row(['Rank', 'Provider', 'Ofsted', 'Can meet needs', 'Weekly fee', 'Weeks', 'Add-ons a week', 'Annual cost', 'Start', 'Distance', 'Price score', 'Quality mark', 'Total score']),
    rule(13),
  );
  const score = (n: number | null) => (n === null ? dash : String(n));
  for (const o of ev.offers) {
    lines.push(
      row([
        o.rank === null ? 'not ranked' : String(o.rank),
        md(o.providerName),
        o.ofstedGrade ? `${md(o.ofstedGrade)}${o.inspectionDate ? ` (${date(o.inspectionDate)})` : ''}` : 'not inspected',
        o.canMeetNeeds ? 'yes' : 'no',
        formatPounds(o.weeklyFeePence),
        String(o.weeksPerYear),
        formatPounds(o.addOnsWeeklyPence),
        formatPounds(o.annualCostPence),
        date(o.startDate),
        md(o.distanceBand),
        score(o.priceScore),
        score(o.qualityScore),
        score(o.totalScore),
      ]),
    );
  }
  lines.push('', '### Offer details', '');
  for (const o of ev.offers) {
    const addOns = o.addOns.map((a) => `${md(a.label)} ${formatPounds(a.weeklyPence)} a week`).join(', ');
    lines.push(
      `- ${md(o.providerName)}: figures confirmed by ${md(o.confirmedBy)} on ${time(o.confirmedAt)}${o.corrected ? ' (corrected from what the reader extracted)' : ''}` +
        `${addOns ? `; add-ons: ${addOns}` : ''}${o.conditions ? `; conditions: ${md(o.conditions)}` : ''}` +
        `; quality mark: ${o.qualityMark === null ? 'not given yet' : `${o.qualityMark}${o.qualityMarkedBy ? ` by ${md(o.qualityMarkedBy)}` : ''}: ${opt(o.qualityReason)}`}` +
        `${o.notes.length ? `; notes: ${md(o.notes.join('; '))}` : ''}`,
    );
  }
  return [...lines, ''];
}

function proposalsSection(record: EvidenceRecord): string[] {
  const lines = ['## 6. Award proposals and decisions', ''];
  if (!record.proposals.length) return [...lines, 'Not yet done: no award has been proposed.', ''];
  record.proposals.forEach((p, i) => {
    lines.push(
      `### Proposal ${i + 1}: ${md(p.providerName)} (${p.status.replace(/_/g, ' ')})`,
      '',
      `- Proposed by ${md(p.proposedBy)} on ${time(p.proposedAt)}${p.revisionOf !== null ? `, revising an earlier proposal after a request for more information` : ''}`,
      `- Figures as proposed: ${formatPounds(p.weeklyFeePence)} a week × ${p.weeksPerYear} weeks, add-ons ${formatPounds(p.addOnsWeeklyPence)} a week; annual value ${formatPounds(p.annualValuePence)}; start ${date(p.startDate)}`,
      `- Rank when proposed: ${p.rank ?? 'not ranked'}`,
      `- Regional fee benchmark shown to the approver: ${p.feeBenchmark ? md(p.feeBenchmark.text) : 'not recorded'}`,
      `- Rationale: ${md(p.rationale)}`,
      ...(p.lowerRankReason ? [`- Reason for not choosing the top-ranked offer: ${md(p.lowerRankReason)}`] : []),
    );
    const d = p.decision;
    lines.push(
      d
        ? `- Decision: ${d.outcome.replace(/_/g, ' ')} by ${md(d.by)}${d.role ? ` (${ROLE_LABELS[d.role]})` : ''} on ${time(d.at)}; authority: ${opt(d.authority)}; reason: ${opt(d.reason)}`
        : '- Decision: not made yet',
      '',
    );
  });
  return lines;
}

function awardSection(record: EvidenceRecord): string[] {
  const lines = ['## 7. Award (Individual Placement Agreement record)', ''];
  const a = record.award;
  if (!a) return [...lines, 'Not yet done: no award has been made.', ''];
  const lot = isLot(a.lot) ? `${a.lot} (${LOT_LABELS[a.lot]})` : String(a.lot);
  return [
    ...lines,
    `- Council: ${md(record.councilName)}`,
    `- Provider: ${md(a.providerName)} (${md(a.providerId)})`,
    `- Child reference: ${md(a.childReference)}`,
    `- Lot: ${lot}`,
    `- Core weekly fee: ${formatPounds(a.weeklyFeePence)} × ${a.weeksPerYear} weeks a year`,
    `- Add-ons: ${a.addOns.length ? a.addOns.map((x) => `${md(x.label)} ${formatPounds(x.weeklyPence)} a week`).join(', ') : 'none'} (total ${formatPounds(a.addOnsWeeklyPence)} a week)`,
    `- Annual value: ${formatPounds(a.annualValuePence)}`,
    `- Start: ${date(a.startDate)}; end: ${date(a.endDate)}`,
    `- Approved by ${md(a.approver)} (${ROLE_LABELS[a.approverRole]}) under ${md(a.authority)}`,
    `- Recorded: ${time(a.createdAt)}`,
    '',
  ];
}

function trailSection(record: EvidenceRecord): string[] {
  const lines = ['## 8. Audit trail', ''];
  if (!record.trail.length) return [...lines, 'No audit entries.', ''];
  return [
    ...lines,
    'From the append-only audit log (each entry carries the hash of the previous one; `npm run cli -- verify-audit` checks the chain).',
    '',
    row(['When', 'Who', 'What', 'Provider']),
    rule(4),
    ...record.trail.map((e) => row([time(e.at), md(e.who), md(e.action), opt(e.providerName)])),
    '',
  ];
}

export function evidenceMarkdown(record: EvidenceRecord, generatedAt: Date): string {
  const lines = [
    `# Evidence pack: request ${md(record.request.reference)}`,
    '',
    `${md(record.councilName)}. Generated ${ukDateTime(generatedAt.toISOString())}.`,
    '',
    `> ${PSEUDONYMISED_NOTE}`,
    '',
    '## Why this placement was secured',
    '',
    ...record.answersWhy.map((line) => `- ${md(line)}`),
    '',
  ];
  if (record.notYetDone.length) lines.push('### Not yet done', '', ...record.notYetDone.map((s) => `- ${md(s)}`), '');
  lines.push(
    ...requestSection(record),
    '## 2. Options appraisal and its confirmation',
    '',
    ...appraisalRevisionsMarkdown(record.appraisal, 3),
    '',
    ...shortlistSection(record),
    ...communicationsSection(record),
    ...evaluationSection(record),
    ...proposalsSection(record),
    ...awardSection(record),
    ...trailSection(record),
  );
  // Sections each end with a blank line; where two meet, keep one (lines are whole, so no text is touched).
  const tidy = lines.filter((line, i) => !(line === '' && lines[i - 1] === ''));
  return `${tidy.join('\n').trimEnd()}\n`;
}

const STYLE = `
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #111; max-width: 1100px; margin: 24px auto; padding: 0 16px; line-height: 1.4; }
h1 { font-size: 18pt; border-bottom: 2px solid #333; padding-bottom: 4px; }
h2 { font-size: 14pt; margin-top: 28px; border-bottom: 1px solid #999; page-break-after: avoid; }
h3 { font-size: 12pt; margin-top: 18px; page-break-after: avoid; }
h4 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 9.5pt; }
th, td { border: 1px solid #aaa; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { page-break-inside: avoid; }
blockquote { margin: 8px 0; padding: 6px 12px; border-left: 4px solid #888; background: #f6f6f6; white-space: pre-wrap; overflow-wrap: anywhere; }
pre { background: #f6f6f6; padding: 8px; font-size: 9pt; overflow-x: auto; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
`.trim();

/** The same document as self-contained, printable HTML (no scripts, no external resources). */
export function evidenceHtml(record: EvidenceRecord, generatedAt: Date): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`Evidence pack: request ${record.request.reference}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    markdownToHtml(evidenceMarkdown(record, generatedAt)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
