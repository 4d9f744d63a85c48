import { describe, expect, it } from 'vitest';
import { extractReplyText, htmlToPlainText } from '../../src/mail/inbound/reply-text.js';

const OURS = 'Placements Team <placements@council.example>';
const HISTORY = 'Budget guide: £3,000 per week\nPlease reply by 20/11/2026.';
const quote = (text: string) => text.split('\n').map((l) => `> ${l}`).join('\n');

function newText(text: string, extra: { subject?: string; ownDomains?: string[] } = {}) {
  return extractReplyText({ text, ownDomains: ['council.example'], ...extra });
}

describe('reply text: quoted history removed', () => {
  it('Gmail: "On … wrote:" and the quoted lines below it', () => {
    const r = newText(`Yes please.\n\nOn Tue, 10 Nov 2026 at 09:14, ${OURS} wrote:\n${quote(HISTORY)}\n`);
    expect(r).toMatchObject({ text: 'Yes please.', hadQuotedHistory: true });
  });

  it('an attribution wrapped over two lines', () => {
    expect(newText(`Yes please.\n\nOn Tue, 10 Nov 2026 at 09:14, Placements Team <\nplacements@council.example> wrote:\n\n${quote(HISTORY)}`).text).toBe('Yes please.');
  });

  it('Android in Russian: "… пользователь … написал:"', () => {
    const text = `Hello\n10.11.2026 9:14 пользователь "Placements Team" <\nplacements@council.example> написал:\n\n${quote(HISTORY)}`;
    expect(newText(text).text).toBe('Hello');
  });

  it('German and French attributions (via email-reply-parser and our own patterns)', () => {
    expect(newText(`Ja.\n\nAm 10.11.2026 um 09:14 schrieb ${OURS}:\n${quote(HISTORY)}`).text).toBe('Ja.');
    expect(newText(`Oui.\n\nLe mar. 10 nov. 2026 à 09:14, ${OURS} a écrit :\n${quote(HISTORY)}`).text).toBe('Oui.');
  });

  it('Outlook: a rule, then "From: … Sent: … To: … Subject:" and an unquoted referral', () => {
    const text = `We decline.\n\nKind regards\nMark\n\n________________________________\nFrom: ${OURS}\nSent: 10 November 2026 09:14\nTo: Mark\nSubject: Placement referral\n\n${HISTORY}`;
    expect(newText(text).text).toBe('We decline.\n\nKind regards\nMark');
  });

  it('"-----Original Message-----" and "----- Original Message -----"', () => {
    expect(newText(`Hello\n\n-----Original Message-----\nFrom: x@y.example\n${HISTORY}`).text).toBe('Hello');
    expect(newText(`Hello \n\n----- Original Message -----\nFrom: x@y.example\n${HISTORY}`).text).toBe('Hello');
  });

  it('Apple Mail: the attribution itself is quoted', () => {
    expect(newText(`Hello\n> On 10 Nov 2026, at 09:14, ${OURS} wrote:\n>\n${quote(HISTORY)}`).text).toBe('Hello');
  });

  it('bottom-posting (Thunderbird) and answers written between quoted lines', () => {
    expect(newText(`On 10/11/2026 09:14, Placements Team wrote:\n> Hi\nHello`).text).toBe('Hello');
    const interleaved = `On Tue, 10 Nov 2026 at 09:14, ${OURS} wrote:\n> Can you meet needs?\nYes.\n> Weekly fee?\n£3,200 per week\n`;
    expect(newText(interleaved).text).toBe('Yes.\n£3,200 per week');
  });

  it('a "From: … To: …" date range in the new text is not a quoted header', () => {
    const text = `We can offer a place.\nFrom: 6 September 2027\nTo: 21 July 2028\nFee £3,000 per week.\n\nOn Tue, 10 Nov 2026 at 09:14, ${OURS} wrote:\n${quote(HISTORY)}`;
    expect(newText(text).text).toBe('We can offer a place.\nFrom: 6 September 2027\nTo: 21 July 2028\nFee £3,000 per week.');
  });

  it('an attribution followed by unquoted history cuts there', () => {
    expect(newText(`We can offer a place.\n\nOn Tuesday, 10 November 2026, 09:14, Placements Team wrote:\n\n${HISTORY}`).text).toBe('We can offer a place.');
  });

  it('keeps the sender\'s signature in the text but not in the body the understanding reads', () => {
    const r = newText(`Hello\n\nSent from my iPhone\n\nOn Apr 3, 2012, at 4:19 PM, bob <bob@example.com> wrote:\n\n> Hi`);
    expect(r.text).toBe('Hello\n\nSent from my iPhone');
    expect(r.body).toBe('Hello');
    const signed = newText('We can meet needs.\n\nKind regards,\n\nSarah Holt\nOakfield School\nTel: 0151 663 8629\nRegistered charity no. 1109876');
    expect(signed.body).toBe('We can meet needs.');
  });

  it('keeps trailing spaces inside the text (delimiters such as "-- " stay exact)', () => {
    expect(newText('Hello \n\n-- \nxxx\nSent with Sparrow\n\nOn Tuesday, April 3, 2012 at 4:55 PM, xxx wrote:\n\n> Hello').text).toBe('Hello \n\n-- \nxxx\nSent with Sparrow');
  });

  it('a "Thank you." opening the message, or content after a sign-off, is not a signature', () => {
    expect(newText('Thank you.\n\nWe can meet needs. Start 6 Sept 2027.').body).toBe('Thank you.\n\nWe can meet needs. Start 6 Sept 2027.');
    expect(newText('Hi\nThanks!\nPlace available from 6/9/27.').body).toBe('Hi\nThanks!\nPlace available from 6/9/27.');
  });
});

describe('reply text: answers typed into the quoted reply form', () => {
  const form = (fee: string) => `How to reply\n\nCan you meet the needs in Section F? (yes/no):${fee ? ' yes' : ''}\n\nWeekly fee (£):${fee}\n\nConditions or questions:\n\nPlacements Team`;

  it('keeps filled-in form lines from Outlook history and from ">" quotes', () => {
    const outlook = `See the form below.\n\n________________________________\nFrom: ${OURS}\nSent: 10 November 2026 09:14\nSubject: Referral\n\n${form(' 3,450')}`;
    expect(newText(outlook).text).toBe('See the form below.\n\nCan you meet the needs in Section F? (yes/no): yes\nWeekly fee (£): 3,450');
    const gmail = `See below.\n\nOn Tue, 10 Nov 2026 at 09:14, ${OURS} wrote:\n${quote(form(' 3,450'))}`;
    expect(newText(gmail).body).toBe('See below.\n\nCan you meet the needs in Section F? (yes/no): yes\nWeekly fee (£): 3,450');
  });

  it('an unfilled quoted form adds nothing', () => {
    expect(newText(`No thanks.\n\nOn Tue, 10 Nov 2026 at 09:14, ${OURS} wrote:\n${quote(form(''))}`).text).toBe('No thanks.');
  });
});

describe('reply text: forwarded messages are content', () => {
  const forwardedOffer = `Forwarding from our admissions lead.\n\n---------- Forwarded message ---------\nFrom: Admissions <admissions@school.example>\nDate: Wed, 11 Nov 2026 at 15:02\nSubject: PR referral\nTo: Head <head@school.example>\n\nWe can meet needs at £2,760 per week.\n\nOn Tue, 10 Nov 2026 at 09:14, ${OURS} wrote:\n${quote(HISTORY)}`;

  it('keeps the forwarded text (not its header block or the history quoted under it)', () => {
    const r = newText(forwardedOffer);
    expect(r.forwarded).toBe(true);
    expect(r.text).toContain('From: Admissions <admissions@school.example>');
    expect(r.text).toMatch(/We can meet needs at £2,760 per week\.$/);
    expect(r.body).toBe('Forwarding from our admissions lead.\n\nWe can meet needs at £2,760 per week.');
  });

  it('our own referral forwarded back to us is history', () => {
    const r = newText(`We can offer a place at £2,500 per week.\n\n---------- Forwarded message ---------\nFrom: ${OURS}\nDate: Tue, 10 Nov 2026\nSubject: Placement referral\n\n${HISTORY}`);
    expect(r).toMatchObject({ text: 'We can offer a place at £2,500 per week.', forwarded: false });
  });

  it('Apple Mail "Begin forwarded message:"', () => {
    const r = newText('FYI\n\nBegin forwarded message:\n\nFrom: Admissions <admissions@school.example>\nSubject: Offer\nDate: 11 November 2026\nTo: Head <head@school.example>\n\nWe can offer a place at £2,500 per week.');
    expect(r.body).toBe('FYI\n\nWe can offer a place at £2,500 per week.');
  });

  it('an Outlook forward (FW: subject) reads the forwarded reply but stops at the history under it', () => {
    const text = `See below.\n\nFrom: Head Teacher <head@school.example>\nSent: 11 November 2026 15:02\nTo: Bob <bob@school.example>\nSubject: RE: Placement referral\n\nWe can meet needs at £2,760 per week.\n\nFrom: ${OURS}\nSent: 10 November 2026 09:14\nTo: Head Teacher\nSubject: Placement referral\n\n${HISTORY}`;
    expect(newText(text, { subject: 'FW: RE: Placement referral' }).body).toBe('See below.\n\nWe can meet needs at £2,760 per week.');
    expect(newText(text, { subject: 'RE: Placement referral' }).text).toBe('See below.');
  });
});

describe('reply text: HTML-only messages', () => {
  it('Outlook HTML: the quoted header block after the rule and everything under it go', () => {
    const html = `<p>We can offer a place at &pound;3,000 per week.</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Placements Team &lt;placements@council.example&gt;<br><b>Sent:</b> 10 November 2026 09:14<br><b>Subject:</b> Placement referral</div><p>Budget guide: &pound;3,000 per week</p>`;
    expect(extractReplyText({ html })).toMatchObject({ text: 'We can offer a place at £3,000 per week.', source: 'html' });
  });

  it('Gmail and Apple HTML quotes (blockquote) are removed', () => {
    const gmail = `<div dir="ltr">Fee £2,900 pw</div><div class="gmail_quote"><div class="gmail_attr">On Tue, 10 Nov 2026 at 09:14, Placements Team &lt;placements@council.example&gt; wrote:<br></div><blockquote class="gmail_quote"><div>Budget guide £3,000 per week</div></blockquote></div>`;
    expect(extractReplyText({ html: gmail }).text).toBe('Fee £2,900 pw');
    const apple = `<div>We can meet needs.</div><blockquote type="cite"><div>On 10 Nov 2026, at 09:14, Placements Team wrote:</div><div>Budget guide £3,000</div></blockquote>`;
    expect(extractReplyText({ html: apple }).text).toBe('We can meet needs.');
  });

  it('tables become one readable line per row', () => {
    const html = '<table><tr><th>Item</th><th>Weekly cost</th></tr><tr><td><p>Core placement fee</p></td><td><p>£3,125.00</p></td></tr></table>';
    expect(htmlToPlainText(html)).toBe('Item | Weekly cost\nCore placement fee | £3,125.00');
  });

  it('prefers the plain-text part when there is one', () => {
    expect(extractReplyText({ text: 'Plain', html: '<p>Rich</p>' })).toMatchObject({ text: 'Plain', source: 'text' });
    expect(extractReplyText({})).toMatchObject({ text: '', source: 'none' });
  });

  it('reads the HTML part when the plain one lost the provider\'s table (Gmail puts each cell on its own line)', () => {
    const text = 'Our costs:\n\nItem\nCost per week (£)\n\nCore placement\n3,120.00\n\nOn Tue, 10 Nov 2026 at 09:14, Placements Team <placements@council.example> wrote:\n> Budget guide £3,000';
    const html =
      '<div dir="ltr"><div>Our costs:</div><table><tr><td><b>Item</b></td><td><b>Cost per week (£)</b></td></tr><tr><td>Core placement</td><td>3,120.00</td></tr></table></div>' +
      '<div class="gmail_quote"><div class="gmail_attr">On Tue, 10 Nov 2026 at 09:14, Placements Team &lt;placements@council.example&gt; wrote:<br></div><blockquote class="gmail_quote"><div>Budget guide £3,000</div></blockquote></div>';
    expect(extractReplyText({ text, html, ownDomains: ['council.example'] })).toMatchObject({ text: 'Our costs:\nItem | Cost per week (£)\nCore placement | 3,120.00', source: 'html' });
  });

  it('keeps the plain part when it has the table itself (tabs), or when only the quoted referral has a table', () => {
    const tabbed = 'Item\tWeekly (£)\nCore\t3,000';
    expect(extractReplyText({ text: tabbed, html: '<table><tr><td>Item</td><td>Weekly (£)</td></tr><tr><td>Core</td><td>3,000</td></tr></table>' }).source).toBe('text');
    const quotedTable = '<p>We decline.</p><div class="gmail_quote"><blockquote class="gmail_quote"><table><tr><th>Initials:</th><td>AK</td></tr><tr><th>Age:</th><td>12</td></tr></table></blockquote></div>';
    expect(extractReplyText({ text: 'We decline.\n\n> Initials: AK', html: quotedTable })).toMatchObject({ text: 'We decline.', source: 'text' });
  });
});

describe('reply text: answers typed under the quoted form', () => {
  it('joins each answer to the quoted label above it, so it reads as a filled-in form line', () => {
    const text = [
      'On 10/11/2026 09:14, Placements Team wrote:',
      '> Can you meet the needs in Section F? (yes/no):',
      '',
      'Yes',
      '',
      '> Weekly fee (£):',
      '3,295',
      '> Earliest start date (dd/mm/yyyy):',
      '06/09/2027',
      '',
      'Jill',
    ].join('\n');
    expect(newText(text).body).toBe('Jill\n\nCan you meet the needs in Section F? (yes/no): Yes\nWeekly fee (£): 3,295\nEarliest start date (dd/mm/yyyy): 06/09/2027');
  });

  it('a long paragraph after a quoted label is the provider writing on, not an answer', () => {
    const paragraph = 'We have read the referral carefully and would like to talk it through with you before we say anything about fees, because the staffing she needs is unusual.';
    expect(newText(`> Weekly fee (£):\n${paragraph}`).body).toBe(paragraph);
  });
});
