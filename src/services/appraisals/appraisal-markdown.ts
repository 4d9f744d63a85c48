import { costTextTable } from '../../domain/appraisal/cost-chart.js';
import { formatPounds } from '../../domain/money.js';
import { LEGAL_GROUND_LABELS, PLACE_AVAILABILITY_LABELS, ROUTE_LABELS, ROUTES, SETTING_KIND_LABELS, SUITABILITY_LABELS } from '../../domain/appraisal/routes.js';
import { RECOMMENDATION_RULE_LABELS } from '../../domain/appraisal/recommendation.js';
import { totalAnnualCostPence } from '../../domain/appraisal/answers.js';
import { formatUkDate, formatUkInstant } from '../../domain/calendar-date.js';
import { LOT_LABELS, ROLE_LABELS } from '../../domain/reference-data.js';
import type { AppraisalRecord, AppraisalRevisionRecord } from './appraisal-record.js';

const cell = (v: string) => v.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
/** '7 September 2027 at 11:30': times in the case file are UK local time (British Summer Time in summer). */
export const ukDateTime = (iso: string) => formatUkInstant(iso, { time: true });

function revisionMarkdown(r: AppraisalRevisionRecord, level: number): string[] {
  const h = '#'.repeat(level);
  const sub = '#'.repeat(level + 1);
  const lines = [
    `${h} Revision ${r.revision} (${r.status.replace('_', ' ')})`,
    '',
    `Started by ${r.startedBy} on ${ukDateTime(r.startedAt)}.${r.revisionReason ? ` Reason for the revision: ${r.revisionReason}` : ''}`,
    '',
    `${sub} Routes considered`,
    '',
    '| Route | Considered | Can meet Section F | Place available | Annual cost to the public purse | Legal ground |',
    '|---|---|---|---|---|---|',
  ];
  for (const route of ROUTES) {
    const o = r.options.find((x) => x.route === route);
    if (!o) {
      lines.push(`| ${ROUTE_LABELS[route]} | not answered | | | | |`);
      continue;
    }
    lines.push(
      `| ${ROUTE_LABELS[route]} | ${o.considered ? 'yes' : `no: ${cell(o.notConsideredReason ?? '')}`} | ${o.meetsSectionF ? `${SUITABILITY_LABELS[o.meetsSectionF]}${o.suitabilityReason ? `: ${cell(o.suitabilityReason)}` : ''}` : ''} | ${o.placeAvailable ? `${PLACE_AVAILABILITY_LABELS[o.placeAvailable]}${o.availableFrom ? ` from ${formatUkDate(o.availableFrom)}` : ''}` : ''} | ${o.considered ? `${formatPounds(totalAnnualCostPence(o))} (fee ${formatPounds(o.feePence)}, add-ons ${formatPounds(o.addOnsPence)}, transport ${formatPounds(o.transportPence)}, therapies ${formatPounds(o.therapiesPence)})` : ''} | ${o.legalGround ? `${LEGAL_GROUND_LABELS[o.legalGround]}: ${cell(o.legalGroundEvidence ?? '')}` : ''} |`,
    );
  }
  const views = r.options.filter((o) => o.parentView).map((o) => `- ${ROUTE_LABELS[o.route]}: ${o.parentView}`);
  if (views.length) lines.push('', "Parent's or young person's views on the routes:", '', ...views);
  const travel = r.options.filter((o) => o.travelMinutes !== undefined).map((o) => `- ${ROUTE_LABELS[o.route]}: ${o.travelMinutes} minutes one way`);
  if (travel.length) lines.push('', 'Travel time:', '', ...travel);

  lines.push('', `${sub} Preference for a named setting`, '');
  const p = r.preference;
  if (!p) lines.push('Not asked yet.');
  else if (!p.hasPreference) lines.push('The parent or young person has not asked for a particular school or college.');
  else {
    lines.push(
      `Asked for: ${p.settingName} (${p.settingKind ? SETTING_KIND_LABELS[p.settingKind] : ''}; route: ${p.route ? ROUTE_LABELS[p.route] : ''}).`,
      p.councilWillName
        ? 'The council will name it.'
        : `The council will not name it. Ground relied on: ${p.ground ? LEGAL_GROUND_LABELS[p.ground] : 'none recorded'}. Evidence: ${p.groundEvidence ?? 'none recorded'}.`,
    );
  }
  if (p?.views) lines.push('', `Views (s.19): ${p.views}`);

  lines.push('', `${sub} Recommendation (advisory)`, '');
  if (r.recommendation) {
    lines.push(
      r.recommendation.route
        ? `Recommended route: **${ROUTE_LABELS[r.recommendation.route]}**, by the rule "${RECOMMENDATION_RULE_LABELS[r.recommendation.rule]}".`
        : `No route recommended: ${RECOMMENDATION_RULE_LABELS[r.recommendation.rule]}.`,
      '',
      ...r.recommendation.reasons.map((reason) => `- ${reason}`),
      '',
      '```',
      costTextTable(r.recommendation.comparison),
      '```',
    );
    if (r.recommendation.warnings.length) lines.push('', ...r.recommendation.warnings.map((w) => `> ${w}`));
  } else {
    lines.push('Not available yet. Still to answer:', '', ...r.gaps.map((g) => `- ${g.message}`));
  }

  lines.push('', `${sub} Decision`, '');
  const c = r.confirmation;
  if (c) {
    lines.push(
      `Route chosen: **${ROUTE_LABELS[c.route]}**, confirmed by ${c.byName} (${ROLE_LABELS[c.role]}) on ${ukDateTime(c.at)}.`,
      '',
      `Reason: ${c.reason}`,
      ...(c.overridesRecommendation ? ['', 'The recommendation was not followed; the reason above records why.'] : []),
    );
  } else lines.push('Not confirmed yet.');
  return lines;
}

/**
 * Every revision of an appraisal (answers, preference, recommendation, decision), each under a heading
 * of the given level (2 = "##") so the evidence pack can nest it under its own section.
 */
export function appraisalRevisionsMarkdown(revisions: readonly AppraisalRevisionRecord[], level = 2): string[] {
  if (!revisions.length) return ['No appraisal has been started for this request.'];
  return revisions.flatMap((revision) => [...revisionMarkdown(revision, level), '']);
}

/** The appraisal as Markdown for the case file: every revision, answer, recommendation, decision and the audit trail. */
export function appraisalMarkdown(record: AppraisalRecord, generatedAt: Date): string {
  const r = record.request;
  const lines = [
    `# Options appraisal: request ${r.reference}`,
    '',
    `${record.councilName}. Generated ${ukDateTime(generatedAt.toISOString())}. Pseudonymised: the child is identified by the council's case records only.`,
    '',
    `- Lot: ${r.lot ? `${r.lot} (${LOT_LABELS[r.lot]})` : '–'}`,
    `- Primary need: ${r.primaryNeed ?? '–'}`,
    `- Required start date: ${r.requiredStartDate ? formatUkDate(r.requiredStartDate) : '–'}`,
    `- Request status: ${r.status}`,
    ...(r.chosenRoute ? [`- Route chosen: ${ROUTE_LABELS[r.chosenRoute as keyof typeof ROUTE_LABELS] ?? r.chosenRoute}`] : []),
    ...(r.annualCostPence !== null ? [`- Annual cost of the chosen route: ${formatPounds(r.annualCostPence)}`] : []),
    ...(r.closedReason ? [`- Closed: ${r.closedReason}`] : []),
    '',
  ];
  lines.push(...appraisalRevisionsMarkdown(record.revisions));
  lines.push('## Audit trail', '', '| When | Who | What |', '|---|---|---|');
  for (const e of record.trail) lines.push(`| ${ukDateTime(e.at)} | ${cell(e.who)} | ${cell(e.action)} |`);
  return `${lines.join('\n')}\n`;
}
