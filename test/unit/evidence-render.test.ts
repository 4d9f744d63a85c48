import { describe, expect, it } from 'vitest';
import { recommendRoute } from '../../src/domain/appraisal/recommendation.js';
import type { AppraisalOptionValues } from '../../src/domain/appraisal/answers.js';
import type { AppraisalRevisionRecord } from '../../src/services/appraisals/appraisal-record.js';
import type { EvidenceRecord } from '../../src/services/evidence/evidence-record.js';
import { evidenceHtml, evidenceMarkdown, PSEUDONYMISED_NOTE } from '../../src/services/evidence/evidence-render.js';
import { markdownToHtml } from '../../src/services/evidence/markdown-html.js';
import { evidenceSummaryCard } from '../../src/teams/cards/evidence.js';
import { validateAdaptiveCard } from '../support/cards.js';

const GENERATED = new Date('2026-04-01T09:00:00Z');
const PROVIDER_SCRIPT = '<script>alert("provider")</script> We can offer a place.';
const OFFICER_SCRIPT = 'Added <img src=x onerror=alert(1)> because the school extends its range.';

const option = (route: AppraisalOptionValues['route'], values: Partial<AppraisalOptionValues>): AppraisalOptionValues => ({
  route,
  considered: true,
  feePence: 0,
  addOnsPence: 0,
  transportPence: 0,
  therapiesPence: 0,
  ...values,
});

const OPTIONS: AppraisalOptionValues[] = [
  option('mainstream', { meetsSectionF: 'no', suitabilityReason: 'Cannot provide 1:1 all day.', placeAvailable: 'yes' }),
  option('resourced_provision', { considered: false, notConsideredReason: 'None within reach.' }),
  option('maintained_special', { meetsSectionF: 'yes', placeAvailable: 'no' }),
  option('fps_call_off', { meetsSectionF: 'yes', placeAvailable: 'yes', feePence: 6_200_000, transportPence: 800_000 }),
  option('spot_purchase', { considered: false, notConsideredReason: 'FPS can meet the need.' }),
  option('other', { considered: false, notConsideredReason: 'Nothing fits.' }),
];

function revision(confirmed: boolean): AppraisalRevisionRecord {
  return {
    id: 1,
    revision: 1,
    status: confirmed ? 'confirmed' : 'in_progress',
    revisionReason: null,
    startedBy: 'Alex Wilber',
    startedAt: '2026-03-03T09:00:00.000Z',
    options: confirmed ? OPTIONS : OPTIONS.slice(0, 2),
    preference: confirmed ? { hasPreference: false } : null,
    recommendation: confirmed ? recommendRoute(OPTIONS, { hasPreference: false }) : undefined,
    gaps: confirmed ? [] : [{ code: 'route_unanswered', message: 'Answer the questions for the maintained special school route.' } as AppraisalRevisionRecord['gaps'][number]],
    ...(confirmed
      ? { confirmation: { route: 'fps_call_off' as const, byName: 'Sam Okafor', role: 'service_manager' as const, at: '2026-03-04T10:00:00.000Z', reason: 'Only FPS schools can meet Section F.', overridesRecommendation: false } }
      : {}),
  };
}

const REQUEST: EvidenceRecord['request'] = {
  reference: 'PR-2026-0042',
  status: 'placed',
  caseReference: 'EHC-1001',
  childInitials: 'JS',
  ageAtStart: 12,
  yearGroupAtStart: 'Year 8',
  sex: 'Male',
  homePostcodeDistrict: 'WA7',
  ehcpStatus: 'Final plan',
  primaryNeed: 'ASD',
  secondaryNeeds: ['SLCN'],
  sectionB: 'Social communication needs.',
  sectionE: 'Learn in a small group.',
  sectionF: '1:1 support; SALT weekly.',
  lot: 1,
  requiredStartDate: '2027-09-07',
  preferredSetting: null,
  risks: ['Absconding'],
  medicalNeeds: null,
  transportNeeds: 'Escorted transport.',
  urgency: 'Routine',
  urgencyReason: null,
  caseworker: 'Alex Wilber',
  createdAt: '2026-03-01T15:00:00.000Z',
  submittedAt: '2026-03-02T09:00:00.000Z',
  submittedBy: 'Alex Wilber',
  chosenRoute: 'fps_call_off',
  annualCostPence: 7_000_000,
  closedAt: null,
  closedReason: null,
};

function fullRecord(): EvidenceRecord {
  return {
    councilName: 'Northshire Borough Council',
    request: REQUEST,
    appraisal: [revision(true)],
    shortlist: {
      status: 'closed',
      createdBy: 'Priya Shah',
      createdAt: '2026-03-05T11:00:00.000Z',
      sentBy: 'Priya Shah',
      sentAt: '2026-03-06T09:00:00.000Z',
      responseDeadline: '2026-03-20',
      priceWeight: 40,
      qualityWeight: 60,
      closedBy: 'Priya Shah',
      closedAt: '2026-03-20T17:00:00.000Z',
      entries: [
        { providerId: 'FPS-7001', providerName: 'Larkfield School', change: 'by_rules', selected: true, reasons: ['included: lot 1, covers ASD'], officerReason: null },
        { providerId: 'FPS-7003', providerName: 'Pennine | View School', change: 'added_by_officer', selected: true, reasons: ['excluded: age 4–11'], officerReason: OFFICER_SCRIPT },
        { providerId: 'FPS-7004', providerName: 'Quarry Bank School', change: 'excluded_by_rules', selected: false, reasons: ['excluded: latest inspection Inadequate'], officerReason: null },
      ],
    },
    referrals: [
      { providerId: 'FPS-7001', providerName: 'Larkfield School', contactEmail: 'admissions@larkfield.example.org', status: 'sent', sentAt: '2026-03-06T09:01:00.000Z', reminderSentAt: null, respondedAt: '2026-03-12T09:30:00.000Z', autoReplyAt: null, lastError: null },
      { providerId: 'FPS-7003', providerName: 'Pennine | View School', contactEmail: 'office@pennineview.example.org', status: 'undelivered', sentAt: '2026-03-06T09:02:00.000Z', reminderSentAt: null, respondedAt: null, autoReplyAt: null, lastError: 'bounced: 550' },
    ],
    communications: [
      { at: '2026-03-06T09:01:00.000Z', direction: 'sent', providerId: 'FPS-7001', providerName: 'Larkfield School', what: 'Referral', address: 'admissions@larkfield.example.org', status: 'sent' },
      { at: '2026-03-06T09:05:00.000Z', direction: 'received', providerId: 'FPS-7003', providerName: 'Pennine | View School', what: 'Bounce', address: 'mailer-daemon@mx.pennineview.example.org', subject: 'Undelivered', status: 'noted' },
      {
        at: '2026-03-12T09:30:00.000Z',
        direction: 'received',
        providerId: 'FPS-7001',
        providerName: 'Larkfield School',
        what: 'Offer',
        address: 'admissions@larkfield.example.org',
        subject: 'Re: Referral PR-2026-0042 | offer <b>bold</b>',
        status: 'figures confirmed',
        excerpt: PROVIDER_SCRIPT,
        attachments: ['fees.pdf'],
      },
      { at: '2026-03-26T15:01:00.000Z', direction: 'sent', providerId: 'FPS-7001', providerName: 'Larkfield School', what: 'Award letter', address: 'admissions@larkfield.example.org', status: 'sent' },
    ],
    evaluation: {
      priceWeight: 40,
      qualityWeight: 60,
      homeDistrict: 'WA7',
      offers: [
        {
          offerId: 1,
          providerId: 'FPS-7001',
          providerName: 'Larkfield School',
          canMeetNeeds: true,
          weeklyFeePence: 245_000,
          weeksPerYear: 38,
          addOnsWeeklyPence: 30_000,
          startDate: '2027-09-07',
          qualityMark: 80,
          ofstedGrade: 'Good',
          inspectionDate: '2025-02-10',
          providerPostcode: 'WA7 2LF',
          annualCostPence: 10_450_000,
          priceScore: 100,
          qualityScore: 80,
          totalScore: 88,
          rank: 1,
          distanceBand: 'same postcode district',
          notes: [],
          addOns: [{ label: '1:1 staffing', weeklyPence: 30_000 }],
          conditions: 'Transport by the council.',
          confirmedBy: 'Priya Shah',
          confirmedAt: '2026-03-12T10:00:00.000Z',
          corrected: true,
          qualityReason: 'On-site SALT.',
          qualityMarkedBy: 'Priya Shah',
          withdrawn: false,
        },
      ],
    },
    proposals: [
      {
        id: 1,
        providerId: 'FPS-7001',
        providerName: 'Larkfield School',
        proposedBy: 'Priya Shah',
        proposedAt: '2026-03-23T10:00:00.000Z',
        rationale: 'Best score <script>steal()</script>.',
        lowerRankReason: null,
        rank: 1,
        weeklyFeePence: 245_000,
        weeksPerYear: 38,
        addOnsWeeklyPence: 30_000,
        annualValuePence: 10_450_000,
        startDate: '2027-09-07',
        status: 'approved',
        revisionOf: null,
        feeBenchmark: null,
        decision: { outcome: 'approved', by: 'Helen Brooks', role: 'head_of_service', at: '2026-03-26T15:00:00.000Z', reason: 'Good value.', authority: 'Head of Service: any value' },
      },
    ],
    award: {
      providerId: 'FPS-7001',
      providerName: 'Larkfield School',
      childReference: 'PR-2026-0042 (case EHC-1001, JS)',
      lot: 1,
      weeklyFeePence: 245_000,
      weeksPerYear: 38,
      addOnsWeeklyPence: 30_000,
      addOns: [{ label: '1:1 staffing', weeklyPence: 30_000 }],
      annualValuePence: 10_450_000,
      startDate: '2027-09-07',
      endDate: '2028-07-21',
      approver: 'Helen Brooks',
      approverRole: 'head_of_service',
      authority: 'Head of Service: any value',
      createdAt: '2026-03-26T15:00:00.000Z',
    },
    trail: [
      { at: '2026-03-02T09:00:00.000Z', who: 'Alex Wilber', action: 'request.submitted', providerName: null },
      { at: '2026-03-26T15:00:00.000Z', who: 'Helen Brooks', action: 'award.approved', providerName: 'Larkfield School' },
    ],
    counts: { shortlisted: 2, referrals: 2, providersReferred: 2, replied: 1, offers: 1, declines: 0, sent: 2, received: 2 },
    answersWhy: [
      'Route chosen: FPS call-off, confirmed by Sam Okafor (Service Manager) on 4 March 2026: Only FPS schools can meet Section F.',
      `2 providers shortlisted (1 by the rules, 1 added by the officer: Pennine View School (${OFFICER_SCRIPT})).`,
      'Award: Larkfield School, £104,500 a year from 7 September 2027 to 21 July 2028.',
    ],
    notYetDone: [],
  };
}

function appraisalOnlyRecord(): EvidenceRecord {
  return {
    councilName: 'Northshire Borough Council',
    request: { ...REQUEST, status: 'appraisal', chosenRoute: null, annualCostPence: null },
    appraisal: [revision(false)],
    shortlist: null,
    referrals: [],
    communications: [],
    evaluation: null,
    proposals: [],
    award: null,
    trail: [{ at: '2026-03-02T09:00:00.000Z', who: 'Alex Wilber', action: 'request.submitted', providerName: null }],
    counts: { shortlisted: 0, referrals: 0, providersReferred: 0, replied: 0, offers: 0, declines: 0, sent: 0, received: 0 },
    answersWhy: ['Route not confirmed yet: options appraisal revision 1 is in progress.'],
    notYetDone: ['Options appraisal: the route is not confirmed', 'Shortlist and referrals', 'Award'],
  };
}

/** The text of the HTML table whose header row contains `header`, as rows of cell texts. */
function tableRows(html: string, header: string): string[][] {
  const table = html.split('<table>').find((t) => t.includes(header));
  if (!table) throw new Error(`no table with ${header}`);
  const body = table.split('</table>')[0]!;
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map((c) => c[1]!));
}

describe('evidence pack rendering', () => {
  const SECTIONS = [
    'Why this placement was secured',
    '1. The request',
    '2. Options appraisal and its confirmation',
    '3. Shortlist and referrals',
    '4. Provider communications',
    '5. Evaluation of offers',
    '6. Award proposals and decisions',
    '7. Award (Individual Placement Agreement record)',
    '8. Audit trail',
  ];

  it('has every section, the same in Markdown and HTML, with the pseudonymisation note', () => {
    const record = fullRecord();
    const md = evidenceMarkdown(record, GENERATED);
    const html = evidenceHtml(record, GENERATED);
    expect(md.startsWith('# Evidence pack: request PR-2026-0042\n')).toBe(true);
    expect(md).toContain(`> ${PSEUDONYMISED_NOTE}`);
    expect(html).toContain("<blockquote>Pseudonymised record: the child is identified by the council&#39;s case reference and initials only.</blockquote>");
    for (const section of SECTIONS) {
      expect(md).toContain(`## ${section}`);
      expect(html).toContain(`<h2>${section}</h2>`);
    }
    expect(md).toContain('Generated 1 April 2026 at 10:00');
    // The appraisal is nested one level down under its section.
    expect(md).toContain('### Revision 1 (confirmed)');
    expect(md).toContain('#### Decision');
    expect(html).toContain('<h4>Routes considered</h4>');
    expect(html).toContain('<strong>FPS call-off (independent special school or post-16 provider)</strong>');

    expect(md).toContain('- Case reference: EHC-1001; initials: JS');
    expect(md).toContain('- Age at the required start: 12 (Year 8); sex: Male; home postcode district: WA7');
    expect(md).toContain('| Larkfield School (FPS-7001) | shortlisted by the rules | included: lot 1, covers ASD | – |');
    expect(md).toContain('- Decision: approved by Helen Brooks (Head of Service) on 26 March 2026 at 15:00; authority: Head of Service: any value; reason: Good value.');
    expect(md).toContain('- Annual value: £104,500');
    expect(md).toContain('- Start: 7 September 2027; end: 21 July 2028');
    expect(md).toContain('| 1 | Larkfield School | Good (10 February 2025) | yes | £2,450 | 38 | £300 | £104,500 | 7 September 2027 | same postcode district | 100 | 80 | 88 |');
    expect(md).toContain('(corrected from what the reader extracted)');

    const comms = tableRows(html, '<th>Direction</th>');
    expect(comms.map((r) => [r[0], r[2], r[4]])).toEqual([
      ['#', 'Direction', 'What'],
      ['1', 'sent', 'Referral'],
      ['2', 'received', 'Bounce'],
      ['3', 'received', 'Offer'],
      ['4', 'sent', 'Award letter'],
    ]);
    const evaluation = tableRows(html, '<th>Total score</th>');
    expect(evaluation[1]).toEqual(['1', 'Larkfield School', 'Good (10 February 2025)', 'yes', '£2,450', '38', '£300', '£104,500', '7 September 2027', 'same postcode district', '100', '80', '88']);
    const shortlist = tableRows(html, '<th>Officer&#39;s reason for the change</th>');
    expect(shortlist).toHaveLength(4);
    expect(shortlist[2]![0]).toBe('Pennine | View School (FPS-7003)');
    expect(html).toContain('<li>Award: Larkfield School, £104,500 a year from 7 September 2027 to 21 July 2028.</li>');
    expect(html).not.toContain('Not yet done');
  });

  it('escapes provider and officer text: it never becomes markup in the HTML or the Markdown', () => {
    const record = fullRecord();
    const html = evidenceHtml(record, GENERATED);
    const md = evidenceMarkdown(record, GENERATED);
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;provider&quot;)&lt;/script&gt; We can offer a place.');
    expect(html).toContain('Added &lt;img src=x onerror=alert(1)&gt; because the school extends its range.');
    expect(html).toContain('Best score &lt;script&gt;steal()&lt;/script&gt;.');
    expect(html).toContain('<td>Re: Referral PR-2026-0042 | offer &lt;b&gt;bold&lt;/b&gt;</td>');
    // Every < of theirs is backslash-escaped, so a Markdown viewer shows it as text.
    expect(md).not.toMatch(/(^|[^\\])<(script|img|b)/im);
    expect(md).toContain('> \\<script\\>alert("provider")\\</script\\> We can offer a place.');
    // A pipe in a provider's name stays inside its cell.
    expect(md).toContain('| Pennine \\| View School (FPS-7003) | added by the officer |');
  });

  it('renders a request that stopped at the appraisal and says what is not done yet', () => {
    const record = appraisalOnlyRecord();
    const md = evidenceMarkdown(record, GENERATED);
    const html = evidenceHtml(record, GENERATED);
    for (const section of SECTIONS) expect(md).toContain(`## ${section}`);
    expect(md).toContain('### Not yet done\n\n- Options appraisal: the route is not confirmed\n- Shortlist and referrals\n- Award\n');
    expect(md).toContain('### Revision 1 (in progress)');
    expect(md).toContain('Not available yet. Still to answer:');
    expect(md).toContain('Not yet done: no shortlist has been drawn up for this request.');
    expect(md).toContain('No e-mail has been sent to or received from a provider about this request yet.');
    expect(md).toContain('Not yet done: no offer has been confirmed.');
    expect(md).toContain('Not yet done: no award has been proposed.');
    expect(md).toContain('Not yet done: no award has been made.');
    expect(html).toContain('<h3>Not yet done</h3>');
    expect(html).not.toContain('<table>\n<thead><tr><th>#</th>');
  });

  it('summary card: valid for Teams, with the why, the key facts and the download link for the full pack (never a command line)', () => {
    const full = evidenceSummaryCard(fullRecord(), { url: 'http://127.0.0.1:3978/documents/evidence.1.1.1.1.x', minutes: 15, label: 'evidence pack' });
    expect(validateAdaptiveCard(full)).toEqual([]);
    const text = JSON.stringify(full);
    expect(text).toContain('Evidence pack: PR-2026-0042');
    expect(text).toContain('- Route chosen: FPS call-off, confirmed by Sam Okafor');
    expect(text).toContain('"title":"Providers","value":"2 shortlisted, 1 replied, 1 offered"');
    expect(text).toContain('"title":"Award","value":"£104,500 a year with Larkfield School, from 7 September 2027"');
    expect(text).toContain('"title":"Approver","value":"Helen Brooks, Head of Service"');
    expect(text).toContain('"title":"E-mails","value":"2 sent to providers, 2 received"');
    expect(text).not.toContain('npm run');
    expect(text).toContain('{"type":"Action.OpenUrl","title":"Download the evidence pack","url":"http://127.0.0.1:3978/documents/evidence.1.1.1.1.x"}');
    expect(text).toContain('The link works for 15 minutes and only for you');

    const early = evidenceSummaryCard(appraisalOnlyRecord());
    expect(validateAdaptiveCard(early)).toEqual([]);
    const earlyText = JSON.stringify(early);
    expect(earlyText).toContain('"title":"Route","value":"not confirmed yet"');
    expect(earlyText).toContain('"title":"Award","value":"not made yet"');
    expect(earlyText).toContain('Not yet done: Options appraisal: the route is not confirmed; Shortlist and referrals; Award.');
  });
});

describe('markdownToHtml', () => {
  it('writes only its own tags: escapes, unpaired bold and fences stay text', () => {
    expect(markdownToHtml('a **b** c ** d')).toBe('<p>a <strong>b</strong> c ** d</p>');
    expect(markdownToHtml('\\<x\\> & "q"')).toBe('<p>&lt;x&gt; &amp; &quot;q&quot;</p>');
    expect(markdownToHtml('```\n<pre> **x**\n```')).toBe('<pre>&lt;pre&gt; **x**</pre>');
    expect(markdownToHtml('| A | B |\n|---|---|\n| 1 \\| 2 | <i> |')).toBe(
      '<table>\n<thead><tr><th>A</th><th>B</th></tr></thead>\n<tbody>\n<tr><td>1 | 2</td><td>&lt;i&gt;</td></tr>\n</tbody>\n</table>',
    );
    expect(markdownToHtml('- one\n- <two>\n\n> quoted\n> more')).toBe('<ul>\n<li>one</li>\n<li>&lt;two&gt;</li>\n</ul>\n<blockquote>quoted<br>more</blockquote>');
  });
});
