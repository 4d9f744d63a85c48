import { convert } from 'html-to-text';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/mail/outbound/layout.js';
import {
  REPLY_FORM_LINES,
  buildAwardEmail,
  buildNotSelectedEmail,
  buildReferralEmail,
  buildReminderEmail,
  type BuiltEmail,
  type ReferralEmailView,
} from '../../src/mail/outbound/referral-email.js';

const view: ReferralEmailView = {
  councilName: 'Westbay Council',
  requestReference: 'PR-2026-0042',
  providerName: 'Heron Bank School',
  contactName: 'Admissions Team',
  childInitials: 'JS',
  age: 9,
  yearGroup: 'Year 4',
  sex: 'female',
  primaryNeed: 'ASD',
  secondaryNeeds: ['SLCN', 'SEMH'],
  sectionB: 'Needs a predictable routine. <script>alert("x")</script> & "quotes"\nSecond line of B.',
  sectionE: 'To communicate needs using a visual system.',
  sectionF: 'Small class (max 8), daily SaLT input, sensory breaks.',
  lot: 1,
  requiredStartDate: '2027-01-04',
  postcodeDistrict: 'WA7',
  riskFlags: ['Absconding', 'Self-harm'],
  medicalNeeds: 'Epilepsy: rescue medication <b>in school</b>',
  responseDeadline: '2026-12-11',
  officerName: "Priya O'Neill",
  officerEmail: 'priya.oneill@westbay.example',
  productName: 'Placement Desk',
};

/** What a person reading the HTML part sees, with whitespace collapsed. */
function visibleHtml(email: BuiltEmail): string {
  const text = convert(email.html, {
    wordwrap: false,
    selectors: [
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
  return squash(text);
}
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every line of the text part (except ===/--- underlines and the "-- " separator) is visible in the HTML part. */
function expectSameContent(email: BuiltEmail) {
  const html = visibleHtml(email);
  for (const line of email.text.split('\n')) {
    const content = squash(line);
    if (content === '' || /^[-=]+$/.test(content)) continue;
    expect(html, `HTML part is missing: ${content}`).toContain(content);
  }
}

describe('buildReferralEmail', () => {
  const email = buildReferralEmail(view);

  it('puts the reference, lot, need and deadline in the subject', () => {
    expect(email.subject).toBe('Referral PR-2026-0042: placement request (Lot 1, ASD) – reply by Friday 11 December 2026');
  });

  it('carries the pseudonymised details in the text part', () => {
    for (const fragment of [
      'Dear Admissions Team,',
      'Westbay Council is looking for a placement',
      'whether Heron Bank School can meet the needs',
      'Please reply by Friday 11 December 2026, keeping the reference PR-2026-0042 in the subject.',
      'Initials: JS',
      'Age at start: 9 (Year 4)',
      'Sex: Female',
      'Primary need: ASD (Autistic spectrum disorder)',
      'Secondary needs: SLCN (Speech, language and communication needs); SEMH (Social, emotional and mental health)',
      'Lot: Lot 1 – 0–16 day',
      'Required start date: 4 January 2027',
      'Home area (postcode district): WA7',
      'Risks: Absconding, Self-harm',
      'Medical needs: Epilepsy: rescue medication <b>in school</b>',
      'Section B – special educational needs (summary)\n-----',
      'Needs a predictable routine. <script>alert("x")</script> & "quotes"\nSecond line of B.',
      'To communicate needs using a visual system.',
      'Small class (max 8), daily SaLT input, sensory breaks.',
      "Kind regards,\nPriya O'Neill\nPlacements officer, Westbay Council\npriya.oneill@westbay.example",
    ]) {
      expect(email.text).toContain(fragment);
    }
    expect(email.text).not.toContain('Transport needs');
  });

  it('has a structured how-to-reply block in both parts', () => {
    expect(email.text).toContain(`How to reply\n------------\n\nReply to this e-mail.`);
    expect(email.text).toContain(REPLY_FORM_LINES.join('\n\n'));
    expect(REPLY_FORM_LINES).toEqual([
      'Can you meet the needs in Section F? (yes/no):',
      'Weekly fee (£):',
      'Weeks per year (38/52):',
      'Additional costs per week (e.g. 1:1, therapies) (£):',
      'Earliest start date (dd/mm/yyyy):',
      'Conditions or questions:',
    ]);
    const html = visibleHtml(email);
    for (const line of REPLY_FORM_LINES) expect(html).toContain(line);
  });

  it('says full papers go only to providers who express interest, after the council agrees', () => {
    const note = 'Full papers, including the EHC plan, go only to providers who express interest, after the council agrees.';
    expect(email.text).toContain(note);
    expect(visibleHtml(email)).toContain(note);
  });

  it('escapes everything typed by people in the HTML part', () => {
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;<br>');
    expect(email.html).not.toContain('<b>in school</b>');
    expect(email.html).toContain('&lt;b&gt;in school&lt;/b&gt;');
    expect(email.html).toContain('Priya O&#39;Neill');
    // The only elements are the layout's own.
    const tags = new Set([...email.html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].sort()).toEqual(['body', 'br', 'div', 'h2', 'h3', 'head', 'html', 'meta', 'p', 'table', 'td', 'th', 'title', 'tr']);
  });

  it('says the same in the text and HTML parts', () => {
    expectSameContent(email);
    expect(visibleHtml(email)).toContain('PR-2026-0042');
  });

  it('carries the reference in the headers, and nothing about the child', () => {
    expect(email.headers).toEqual({ 'X-Placement-Desk-Kind': 'referral', 'X-Placement-Desk-Reference': 'PR-2026-0042' });
  });

  it('greets a colleague when no contact name is known, and says when nothing is flagged', () => {
    const plain = buildReferralEmail({ ...view, contactName: undefined, riskFlags: [], secondaryNeeds: [], yearGroup: null, transportNeeds: 'Taxi with escort' });
    expect(plain.text).toContain('Dear colleague,');
    expect(plain.text).toContain('Risks: None identified');
    expect(plain.text).toContain('Secondary needs: None');
    expect(plain.text).toContain('Age at start: 9\n');
    expect(plain.text).toContain('Transport needs: Taxi with escort');
  });

  it('keeps a header-breaking newline out of the subject', () => {
    const forged = buildReferralEmail({ ...view, requestReference: 'PR-2026-0042\r\nBcc: someone@evil.example' });
    expect(forged.subject).not.toMatch(/[\r\n]/);
    expect(forged.headers['X-Placement-Desk-Reference']).not.toMatch(/[\r\n]/);
  });
});

describe('the reply-page link', () => {
  const url = 'https://placements.example.gov.uk/reply/42.1799341200.4s1oH_FVpnF3pSaeQ4zW5A';
  it('is offered beside the e-mail reply, in both parts, when the deployment has the page', () => {
    for (const email of [buildReferralEmail({ ...view, replyPageUrl: url }), buildReminderEmail({ ...view, replyPageUrl: url })]) {
      expect(email.text).toContain(`Prefer a web form? You can answer on your reply page instead, with no login. The link is personal to Heron Bank School, so please do not forward it; you can correct your answer there until Friday 11 December 2026.\n${url}\n`);
      expect(email.html).toContain(`<a href="${url}"`);
      expectSameContent(email);
      // E-mail stays the main way: the reply form comes first.
      expect(email.text.indexOf('How to reply')).toBeLessThan(email.text.indexOf(url));
    }
  });

  it('is absent when there is no page', () => {
    expect(buildReferralEmail(view).text).not.toContain('/reply/');
  });
});

describe('buildReminderEmail', () => {
  const email = buildReminderEmail({ ...view, referralSentOn: '2026-11-27' });

  it('is one polite reminder with the same reference, details and reply block', () => {
    expect(email.subject).toBe('Reminder – referral PR-2026-0042: placement request (Lot 1, ASD) – reply by Friday 11 December 2026');
    expect(email.text).toContain('A gentle reminder about referral PR-2026-0042 we sent on 27 November 2026.');
    expect(email.text).toContain('Responses close on Friday 11 December 2026');
    expect(email.text).toContain('Initials: JS');
    expect(email.text).toContain(REPLY_FORM_LINES.join('\n\n'));
    expect(email.headers['X-Placement-Desk-Kind']).toBe('reminder');
    expect(email.html).toContain('&lt;script&gt;');
    expectSameContent(email);
  });
});

describe('buildAwardEmail', () => {
  const email = buildAwardEmail({
    councilName: 'Westbay Council',
    requestReference: 'PR-2026-0042',
    providerName: 'Heron Bank School',
    contactName: 'Ms Teal',
    weeklyFeePence: 345_000,
    weeksPerYear: 38,
    addOns: [
      { label: '1:1 staffing', weeklyPence: 60_050 },
      { label: 'Speech & language therapy', weeklyPence: 12_000 },
    ],
    annualValuePence: 15_866_900,
    startDate: '2027-01-04',
    endDate: '2027-07-23',
    officerName: 'Priya Patel',
    productName: 'Placement Desk',
  });

  it('states the terms awarded', () => {
    expect(email.subject).toBe('Referral PR-2026-0042: placement awarded to Heron Bank School');
    for (const fragment of [
      'Dear Ms Teal,',
      'Westbay Council has approved the placement with Heron Bank School',
      'Core weekly fee: £3,450',
      'Weeks per year: 38',
      'Additional: 1:1 staffing: £600.50 per week',
      'Additional: Speech & language therapy: £120 per week',
      'Annual value: £158,669',
      'Start date: 4 January 2027',
      'End date: 23 July 2027',
      'Individual Placement Agreement (IPA)',
    ]) {
      expect(email.text).toContain(fragment);
    }
    expect(email.html).toContain('Speech &amp; language therapy');
    expect(email.headers['X-Placement-Desk-Kind']).toBe('award');
    expectSameContent(email);
  });
});

describe('buildNotSelectedEmail', () => {
  it('thanks the provider courteously, without details of the winner', () => {
    const email = buildNotSelectedEmail({
      councilName: 'Westbay Council',
      requestReference: 'PR-2026-0042',
      providerName: 'Wren <House>',
      officerName: 'Priya Patel',
      officerEmail: 'priya@westbay.example',
      productName: 'Placement Desk',
    });
    expect(email.subject).toBe('Referral PR-2026-0042: outcome of your response');
    expect(email.text).toContain('Dear colleague,');
    expect(email.text).toContain('Thank you for responding to referral PR-2026-0042.');
    expect(email.text).toContain('We are grateful for the time Wren <House> took');
    expect(email.html).toContain('Wren &lt;House&gt;');
    expect(email.text).not.toMatch(/£/);
    expect(email.headers['X-Placement-Desk-Kind']).toBe('not_selected');
    expectSameContent(email);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
