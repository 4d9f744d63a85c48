import type { CorpusEntry } from './clients.js';
import { acknowledgement, autoReply, bounced, decline, offer, query, unknown } from './expect.js';
import { autoReply as autoReplyMessage, bounce, bulk, forwardAsAttachment } from './raw.js';

/** The development part of the reply corpus: the rules are written and tuned against these replies. */
export const DEVELOPMENT: CorpusEntry[] = [
  // ---------------------------------------------------------------- offers
  {
    name: 'outlook-offer-52wk-residential',
    client: 'outlook',
    referral: 'jb',
    provider: 'Ravenswood School',
    from: 'Catherine Doyle <c.doyle@ravenswood.example>',
    sent: '2026-11-18T10:12:00Z',
    text: `Dear Priya,

Thank you for the referral for JB. Having reviewed Sections B, E and F with our clinical team, we are able to meet JB's needs in our residential provision.

We can offer a 52-week place at a weekly fee of £4,960, commencing on 11 January 2027. The fee includes education, care and weekly therapy.

Kind regards,
Catherine Doyle
Admissions Manager
Ravenswood School | T: 01257 555 0188`,
    expect: offer({ fee: 4960, weeks: 52, start: '2027-01-11' }),
  },
  {
    name: 'gmail-offer-casual-k-per-week-term-time',
    client: 'gmail',
    referral: 'dp',
    provider: 'Oakbridge School',
    from: 'Sam Porter <sam@oakbridge-school.example>',
    sent: '2026-11-25T20:30:00Z',
    text: `Hiya Daniel

Yes - we'd have DP. £3.9k/wk, term time only. He could start when we go back on the 6th January.

Sam`,
    expect: offer({ fee: 3900, weeks: 38, start: '2027-01-06' }),
  },
  {
    name: 'apple-mail-delighted-annual-38',
    client: 'apple-mail',
    referral: 'ak',
    provider: 'Kingfisher School',
    from: 'Polly Grant <polly.grant@kingfisher.example>',
    sent: '2026-11-14T09:05:00Z',
    text: `Dear Priya,

We would be delighted to welcome AK to Kingfisher in September 2027. We believe we can meet all of the needs described in her plan.

For a 38-week day placement our annual fee is £121,600. Occupational therapy and speech and language therapy are included.

Best wishes,
Polly Grant
Head of Admissions`,
    expect: offer({ fee: 3200, weeks: 38, start: '2027-09-01' }),
  },
  {
    name: 'outlook-table-pounds-header-addon-rows',
    client: 'outlook',
    referral: 'lt',
    provider: 'Ellesmere College',
    from: 'Rob Kaye <r.kaye@ellesmere-college.example>',
    sent: '2027-02-09T11:30:00Z',
    text: `Dear Daniel,

Ellesmere College can meet LT's needs and we are pleased to offer a residential place from 1 September 2027. Our costs are as follows:

[[table]]

Kind regards,
Rob Kaye
Admissions`,
    table: [
      ['Description', 'Weeks', 'Weekly (£)'],
      ['Core residential fee', '38', '4,275.00'],
      ['Waking night support', '38', '480.00'],
      ['Physiotherapy', '38', '95.00'],
    ],
    expect: offer({ fee: 4275, weeks: 38, addOns: 575, start: '2027-09-01' }),
  },
  {
    name: 'owa-two-column-table',
    client: 'owa',
    referral: 'ak',
    provider: 'Hawthorns School',
    from: 'Admissions <admissions@hawthorns.example>',
    sent: '2026-11-16T14:00:00Z',
    text: `Hello Priya,

Please find our response to the referral for AK below.

[[table]]

Regards,
Hawthorns Admissions`,
    table: [
      ['Question', 'Answer'],
      ['Can we meet needs?', 'Yes'],
      ['Core weekly fee', '£3,300'],
      ['Weeks per year', '38'],
      ['1:1 support', '£450 per week'],
      ['Earliest start', '07/09/2027'],
    ],
    expect: offer({ fee: 3300, weeks: 38, addOns: 450, start: '2027-09-07' }),
  },
  {
    name: 'html-only-options-table-38-or-52',
    client: 'html-only',
    referral: 'tc',
    provider: 'Deanfield School',
    from: 'Deanfield Admissions <admissions@deanfield.example>',
    sent: '2027-03-12T09:00:00Z',
    text: `Dear Daniel Hughes,

Deanfield School can meet TC's needs and can offer a place from 2 September 2027. Two options are available:

[[table]]

Please let us know which option the council wishes to take forward.

Deanfield Admissions`,
    table: [
      ['Option', 'Weeks per year', 'Weekly fee'],
      ['Weekly boarding', '38', '£3,990'],
      ['Full-time residential', '52', '£5,050'],
    ],
    expect: offer({ fee: null, weeks: null, start: '2027-09-02' }),
  },
  {
    name: 'thunderbird-bottom-day-rate-five-days',
    client: 'thunderbird',
    quote: 'bottom',
    referral: 'ew',
    provider: 'Greenway College',
    from: 'Alison Webb <a.webb@greenway-college.example>',
    sent: '2027-03-02T15:10:00Z',
    text: `Hello Priya,

We can meet EW's needs on our Pathways programme. Our charge is £610 per day and EW would attend 5 days a week over our 38-week year, starting on 6 September 2027.

Regards,
Alison Webb`,
    expect: offer({ fee: 3050, weeks: 38, start: '2027-09-06' }),
  },
  {
    name: 'outlook-day-rate-four-days',
    client: 'outlook',
    referral: 'ew',
    provider: 'Bridgend Skills Centre',
    from: 'Martin Cole <m.cole@bridgendskills.example>',
    sent: '2027-03-05T10:45:00Z',
    text: `Dear Priya,

We are happy to offer EW a place on our supported learning course from 13 September 2027. The course is four days a week (Monday to Thursday) for 38 weeks, at a daily rate of £395.

Kind regards,
Martin Cole
Curriculum Manager`,
    expect: offer({ fee: 1580, weeks: 38, start: '2027-09-13' }),
  },
  {
    name: 'gmail-day-rate-days-not-stated',
    client: 'gmail',
    referral: 'ew',
    provider: 'Farside Training',
    from: 'Kelly Ho <kelly.ho@farside.example>',
    sent: '2027-03-04T12:20:00Z',
    text: `Hi Priya,

We'd be happy to offer EW a place on our Independence Skills programme from September. We charge £420 per day of attendance.

Thanks
Kelly`,
    expect: offer({ fee: null, start: '2027-09-01' }),
  },
  {
    name: 'outlook-termly-three-terms',
    client: 'outlook',
    referral: 'ak',
    provider: 'St Anselm\'s School',
    from: 'Bursary <bursary@stanselms.example>',
    sent: '2026-11-20T11:00:00Z',
    text: `Dear Ms Shah,

St Anselm's is able to meet AK's needs and we would offer a place in Year 8 from 6 September 2027.

The termly fee is £41,040. There are three terms in our 38-week academic year, and therapies are included in the fee.

Yours sincerely,
David Rowe
Bursar`,
    expect: offer({ fee: 3240, weeks: 38, start: '2027-09-06' }),
  },
  {
    name: 'gmail-termly-terms-not-stated',
    client: 'gmail',
    referral: 'dp',
    provider: 'Cranbrook House',
    from: 'Ellie Shaw <ellie.shaw@cranbrookhouse.example>',
    sent: '2026-11-26T09:15:00Z',
    text: `Dear Daniel,

We can meet DP's needs and offer a place from 6 January 2027. Our fee is £39,900 per term for a 38-week placement.

Kind regards,
Ellie`,
    expect: offer({ fee: null, weeks: 38, start: '2027-01-06' }),
  },
  {
    name: 'outlook-monthly-fee-38wk',
    client: 'outlook',
    referral: 'tc',
    provider: 'Whitehaven Deaf Centre',
    from: 'Finance Team <finance@whitehaven-deaf.example>',
    sent: '2027-03-15T10:00:00Z',
    text: `Dear Daniel,

We can meet TC's needs and would be pleased to offer a 38-week residential place from 2 September 2027.

Our fee is £12,350 per month, invoiced in 12 monthly instalments.

Kind regards,
Finance Team`,
    expect: offer({ fee: 3900, weeks: 38, start: '2027-09-02' }),
  },
  {
    name: 'apple-mail-session-addon-per-week',
    client: 'apple-mail',
    referral: 'mr',
    provider: 'Larkspur School',
    from: 'Gill Norris <gill@larkspur-school.example>',
    sent: '2027-01-13T16:30:00Z',
    text: `Hi Daniel,

We can meet MR's needs and offer a place from 19 April 2027. Our weekly fee is £2,840 for 38 weeks.

SALT is charged separately at £95 per session, and Section F asks for two sessions a week.

Best,
Gill`,
    expect: offer({ fee: 2840, weeks: 38, addOns: 190, start: '2027-04-19' }),
  },
  {
    name: 'outlook-session-addon-no-frequency',
    client: 'outlook',
    referral: 'rs',
    provider: 'Hilltop Special School',
    from: 'Jane Marr <j.marr@hilltop-special.example>',
    sent: '2027-02-26T13:40:00Z',
    text: `Dear Priya,

We can meet RS's needs and offer a place from 12 April 2027. The weekly fee is £3,870 (38 weeks). Hydrotherapy is an additional £65 per session.

Kind regards,
Jane Marr
Deputy Head`,
    expect: offer({ fee: 3870, weeks: 38, addOns: null, start: '2027-04-12' }),
  },
  {
    name: 'gmail-hourly-addon-hours-stated',
    client: 'gmail',
    referral: 'mr',
    provider: 'Bluebell School',
    from: 'Ryan Miles <ryan.miles@bluebell.example>',
    sent: '2027-01-15T10:10:00Z',
    text: `Hi Daniel,

We're able to offer MR a place from Monday 19th April. Our core fee is £2,690 per week, 38-week year.

The lunchtime and break 1:1 would be 10 hours per week at £21 per hour.

Ryan`,
    expect: offer({ fee: 2690, weeks: 38, addOns: 210, start: '2027-04-19' }),
  },
  {
    name: 'outlook-annual-addon-over-weeks',
    client: 'outlook',
    referral: 'ak',
    provider: 'Fairway School',
    from: 'Tina Holt <t.holt@fairway-school.example>',
    sent: '2026-11-17T12:05:00Z',
    text: `Dear Priya,

We can offer AK a place from 6 September 2027 and are confident we can meet her needs. The weekly fee is £3,180 for a 38-week placement.

The 1:1 support at unstructured times would be an additional £17,100 per year.

Regards,
Tina Holt`,
    expect: offer({ fee: 3180, weeks: 38, addOns: 450, start: '2027-09-06' }),
  },
  {
    name: 'owa-one-off-equipment-and-weekly-addon',
    client: 'owa',
    referral: 'lt',
    provider: 'Parkfield College',
    from: 'Naomi Hart <n.hart@parkfield.example>',
    sent: '2027-02-11T09:35:00Z',
    text: `Dear Daniel,

Parkfield College can meet LT's needs and offers a residential place from 1 September 2027.

Weekly fee: £4,540 (38 weeks).
Waking night staff: £300 per week.
Specialist seating and eye-gaze equipment: £1,200 one-off.

Kind regards,
Naomi Hart`,
    expect: offer({ fee: 4540, weeks: 38, addOns: 300, start: '2027-09-01' }),
  },
  {
    name: 'gmail-not-september-but-january',
    client: 'gmail',
    referral: 'ak',
    provider: 'Elm Court School',
    from: 'Harriet Young <h.young@elmcourt.example>',
    sent: '2026-11-19T15:50:00Z',
    text: `Hi Priya,

We aren't able to offer a place for September 2027 as our Year 8 class is full, but we could offer AK a place from 4 January 2028 once two of our current pupils move on. We can meet her needs, and the weekly fee would be £3,410 (38 weeks).

Harriet`,
    expect: offer({ fee: 3410, weeks: 38, start: '2028-01-04' }),
  },
  {
    name: 'iphone-bare-number-per-week',
    client: 'iphone',
    referral: 'ak',
    provider: 'Castleview School',
    from: 'Rick Adams <rick@castleview.example>',
    sent: '2026-11-12T18:20:00Z',
    text: `Can do. 3450/wk, 38wks, from 6/9/27. Rick`,
    expect: offer({ fee: 3450, weeks: 38, start: '2027-09-06' }),
  },
  {
    name: 'samsung-happy-to-have-him',
    client: 'samsung',
    referral: 'mr',
    provider: 'Poppyfield School',
    from: 'Lorraine Bell <l.bell@poppyfield.example>',
    sent: '2027-01-14T19:15:00Z',
    text: `Hi Daniel, we'd be happy to have MR from 19th April. It'd be £3,200 a week for us, 38 weeks. Lorraine`,
    expect: offer({ fee: 3200, weeks: 38, start: '2027-04-19' }),
  },
  {
    name: 'gmail-android-after-easter',
    client: 'gmail-android',
    referral: 'jb',
    provider: 'Brantwood Lodge',
    from: 'Gary Platt <gary.platt@brantwood.example>',
    sent: '2026-11-22T08:10:00Z',
    text: `Morning Priya. We can offer JB a 52 week place, £4,050 p/w. Realistically it would be after Easter, so from 12th April.

Gary`,
    expect: offer({ fee: 4050, weeks: 52, start: '2027-04-12' }),
  },
  {
    name: 'outlook-retyped-form-lines',
    client: 'outlook',
    referral: 'ak',
    provider: 'Lowfield School',
    from: 'Admissions <admissions@lowfield.example>',
    sent: '2026-11-13T13:30:00Z',
    text: `Hello,

Can you meet the needs in Section F? Yes
Weekly fee: £3,150
Weeks per year: 38
Additional costs: None
Earliest start date: 13/09/2027

Regards,
Lowfield Admissions`,
    expect: offer({ fee: 3150, weeks: 38, addOns: 0, start: '2027-09-13' }),
  },
  {
    name: 'gmail-form-in-quoted-referral',
    client: 'gmail',
    referral: 'jb',
    provider: 'Grange Farm School',
    contact: 'Lynn Carter',
    from: 'Lynn Carter <lynn.carter@grangefarm.example>',
    sent: '2026-11-20T10:40:00Z',
    text: `Hi Priya - I've filled in the form below.

Lynn`,
    formAnswers: ['YES', '£3,600', '52', '', '04/01/2027', ''],
    expect: offer({ fee: 3600, weeks: 52, start: '2027-01-04' }),
  },
  {
    name: 'outlook-form-in-quoted-referral-decline',
    client: 'outlook',
    referral: 'jb',
    provider: 'Moss Lane School',
    contact: 'Keith Ward',
    from: 'Keith Ward <k.ward@mosslane.example>',
    sent: '2026-11-23T09:20:00Z',
    text: `See below.

Keith`,
    formAnswers: ['No', '', '', '', '', 'No places in Year 10'],
    expect: decline(),
  },
  {
    name: 'outlook-offer-no-start-given',
    client: 'outlook',
    referral: 'dp',
    provider: 'Redmoor School',
    from: 'Neil Cross <n.cross@redmoor.example>',
    sent: '2026-11-27T11:25:00Z',
    text: `Dear Daniel,

We can meet DP's needs and can offer a place. Our fee is £3,500 per week.

Kind regards,
Neil Cross
Head of School`,
    expect: offer({ fee: 3500 }),
  },
  {
    name: 'gmail-fee-range-depending-on-assessment',
    client: 'gmail',
    referral: 'jb',
    provider: 'Whinfell House',
    from: 'Stella Gray <stella.gray@whinfell.example>',
    sent: '2026-11-24T14:05:00Z',
    text: `Dear Priya,

We could meet JB's needs and would be able to offer a 52-week place from 18 January 2027. The weekly fee would be between £4,600 and £5,100 depending on the staffing ratio agreed after our assessment.

Kind regards,
Stella`,
    expect: offer({ fee: null, weeks: 52, start: '2027-01-18' }),
  },
  {
    name: 'outlook-fees-from-lower-bound',
    client: 'outlook',
    referral: 'ak',
    provider: 'Sunnybank School',
    from: 'Mel Day <m.day@sunnybank.example>',
    sent: '2026-11-18T15:00:00Z',
    text: `Dear Priya,

We would be able to offer AK a place from 6 September 2027. Our fees start from £3,100 per week and depend on the level of support needed; we will confirm AK's fee after her assessment day.

Regards,
Mel Day`,
    expect: offer({ fee: null, start: '2027-09-06' }),
  },
  {
    name: 'yahoo-delighted-annual-52',
    client: 'yahoo',
    referral: 'jb',
    provider: 'Hartside Children\'s Home and School',
    from: 'Barbara Lowe <barbara.lowe.hartside@yahoo.co.uk>',
    sent: '2026-11-21T20:45:00Z',
    text: `Dear Priya

We would be delighted to offer JB a place with us. Our fee is £228,800 a year (52 weeks), which covers education, care and the 2:1 staffing. He could join us from Monday 11th January 2027.

Kind regards
Barbara Lowe
Registered Manager`,
    expect: offer({ fee: 4400, weeks: 52, start: '2027-01-11' }),
  },
  {
    name: 'owa-conditional-month-only-start',
    client: 'owa',
    referral: 'dp',
    provider: 'Northfield School',
    from: 'Greg Ellis <g.ellis@northfield.example>',
    sent: '2026-11-27T16:20:00Z',
    text: `Hi Daniel,

Provided the council can arrange transport, we can meet DP's needs and offer a place from January 2027. Our weekly fee is £3,340 for 38 weeks.

Greg`,
    expect: offer({ fee: 3340, weeks: 38, start: '2027-01-01' }),
  },
  {
    name: 'outlook-signature-numbers-near-fee',
    client: 'outlook',
    referral: 'mr',
    provider: 'Westmoor School',
    from: 'Accounts <accounts@westmoor.example>',
    sent: '2027-01-18T09:50:00Z',
    text: `Dear Daniel,

We can meet MR's needs and offer a place from 19/04/2027 at £2,910 per week (38 weeks).

Kind regards,

Accounts Team
Westmoor School, 14 Mill Lane, Birkenhead CH41 6AB
Fees enquiries: 0151 555 0143 | Mobile: 07700 900 612
Registered charity 1123456 | Company no. 07654321 | URN 145987`,
    expect: offer({ fee: 2910, weeks: 38, start: '2027-04-19' }),
  },
  {
    name: 'gmail-weekly-and-annual-pence',
    client: 'gmail',
    referral: 'rs',
    provider: 'Orchard Vale School',
    from: 'Irene Walsh <irene.walsh@orchardvale.example>',
    sent: '2027-02-27T10:30:00Z',
    text: `Dear Priya,

Orchard Vale can meet RS's needs and can offer a place from 12 April 2027. The fee is £3,450.00 per week (£131,100.00 per annum).

Kind regards,
Irene Walsh`,
    expect: offer({ fee: 3450, weeks: 38, start: '2027-04-12' }),
  },
  {
    name: 'outlook-total-made-up-of-core-and-addon',
    client: 'outlook',
    referral: 'dp',
    provider: 'Queensway School',
    from: 'Nina Patel <n.patel@queensway.example>',
    sent: '2026-11-30T14:15:00Z',
    text: `Dear Daniel,

We can meet DP's needs and offer a place from 6 January 2027. Our total weekly cost would be £3,900, which is made up of a core fee of £3,500 and key worker support of £400. This is for 38 weeks.

Kind regards,
Nina Patel`,
    expect: offer({ fee: 3500, weeks: 38, addOns: 400, start: '2027-01-06' }),
  },
  {
    name: 'gmail-able-to-accommodate',
    client: 'gmail',
    referral: 'ak',
    provider: 'Beechwood School',
    from: 'Tara Quinn <tara.quinn@beechwood.example>',
    sent: '2026-11-16T11:45:00Z',
    text: `Hi Priya,

We're able to accommodate AK from 7 Sept 2027 in our Year 8 nurture class. £3,380 pw, 38 weeks, SALT and OT included.

Tara`,
    expect: offer({ fee: 3380, weeks: 38, start: '2027-09-07' }),
  },
  {
    name: 'outlook-ios-short-3k',
    client: 'outlook-ios',
    referral: 'dp',
    provider: 'Linden School',
    from: 'Paul Shaw <p.shaw@linden-school.example>',
    sent: '2026-11-24T12:55:00Z',
    text: `Yes - happy to offer DP a place from 6 Jan. Fee £3k per week, 38 weeks.

Paul`,
    expect: offer({ fee: 3000, weeks: 38, start: '2027-01-06' }),
  },
  {
    name: 'html-only-annual-column-weeks-column',
    client: 'html-only',
    referral: 'lt',
    provider: 'Oak Hill College',
    from: 'Oak Hill Admissions <admissions@oakhill-college.example>',
    sent: '2027-02-15T10:00:00Z',
    text: `Dear Daniel Hughes,

Oak Hill College can meet the needs of LT and offers a place as follows.

[[table]]

Oak Hill Admissions`,
    table: [
      ['Placement', 'Weeks', 'Annual fee (£)', 'Start'],
      ['Residential (Mon-Fri)', '38', '171,000', '01/09/2027'],
    ],
    expect: offer({ fee: 4500, weeks: 38, start: '2027-09-01' }),
  },
  {
    name: 'outlook-fw-forwarded-offer-header-block',
    client: 'outlook',
    quote: 'none',
    referral: 'tc',
    provider: 'Fieldhouse School',
    from: 'Sarah Nolan <s.nolan@fieldhouse.example>',
    sent: '2027-03-12T15:30:00Z',
    subject: 'FW: TC - referral',
    text: `Daniel, please see the offer from our Head below.

Sarah

From: Graham Peel <g.peel@fieldhouse.example>
Sent: 12 March 2027 14:55
To: Sarah Nolan <s.nolan@fieldhouse.example>
Subject: TC - referral

Sarah, we can meet TC's needs. Please offer a 38-week residential place at £4,125 per week from 2 September 2027.

Graham`,
    expect: offer({ fee: 4125, weeks: 38, start: '2027-09-02' }),
  },
  {
    name: 'gmail-budget-mentioned',
    client: 'gmail',
    referral: 'jb',
    provider: 'Tarnside House',
    from: 'Owen Price <owen.price@tarnside.example>',
    sent: '2026-11-23T13:10:00Z',
    text: `Hi Priya,

Thanks for the call earlier. As discussed, we can meet JB's needs and offer a 52-week place from 11 January. Our weekly fee is £4,380, which I know is within the £4,500 budget you mentioned.

Owen`,
    expect: offer({ fee: 4380, weeks: 52, start: '2027-01-11' }),
  },
  {
    name: 'thunderbird-top-offer-with-transport-question',
    client: 'thunderbird',
    quote: 'top',
    referral: 'mr',
    provider: 'Rushbrook School',
    from: 'Ann Kemp <ann.kemp@rushbrook.example>',
    sent: '2027-01-16T10:20:00Z',
    text: `Dear Daniel,

We are able to meet MR's needs and would like to offer him a place from 19 April 2027. The fee is £2,760 per week for 38 weeks, and there are no extras.

Could you let us know whether the council will arrange his transport and escort?

Kind regards,
Ann Kemp
Headteacher`,
    expect: offer({ fee: 2760, weeks: 38, addOns: 0, start: '2027-04-19' }),
  },
  {
    name: 'forward-as-attachment-offer-from-head',
    raw: () =>
      forwardAsAttachment({
        referral: 'rs',
        provider: 'Brookside Special School',
        from: 'Brookside Office <office@brookside-special.example>',
        sent: '2027-03-02T08:45:00Z',
        note: `Good morning, the Head's reply is attached.

Brookside Office`,
        inner: {
          from: 'Helen Ward <h.ward@brookside-special.example>',
          to: 'Brookside Office <office@brookside-special.example>',
          sent: '2027-03-01T17:30:00Z',
          subject: 'RS',
          text: `We can meet RS's needs with our nursing team. Please tell the council we can offer a place from 12 April 2027 at £3,940 per week, 38 weeks.

Helen`,
        },
      }),
    expect: offer({ fee: 3940, weeks: 38, start: '2027-04-12' }),
  },
  {
    name: 'apple-mail-offer-quoted-required-start-only',
    client: 'apple-mail',
    referral: 'ew',
    provider: 'Seaview College',
    from: 'Colin Reeves <colin@seaviewcollege.example>',
    sent: '2027-03-08T12:00:00Z',
    text: `Hi Priya,

Happy to say we can offer EW a place on our Foundation programme. £1,875 a week, 38 weeks a year.

Colin`,
    expect: offer({ fee: 1875, weeks: 38 }),
  },
  {
    name: 'outlook-plain-wrapped-offer',
    client: 'outlook-plain',
    referral: 'lt',
    provider: 'Derwent Residential College',
    from: 'Frances Hill <f.hill@derwent-college.example>',
    sent: '2027-02-06T14:30:00Z',
    text: `Dear Daniel

Thank you for the referral for LT. Following a review by our nursing and therapy leads, I am pleased to let you know that Derwent Residential College is able to meet LT's needs, including overnight epilepsy management and gastrostomy feeding, and we would like to offer her a residential place commencing on Wednesday 1 September 2027.

The fee for a 38-week residential placement is £4,690 per week, and waking night staff would be charged in addition at £510 per week.

Regards
Frances Hill
Head of Admissions`,
    expect: offer({ fee: 4690, weeks: 38, addOns: 510, start: '2027-09-01' }),
  },
  // ---------------------------------------------------------------- declines
  {
    name: 'gmail-decline-oversubscribed',
    client: 'gmail',
    referral: 'ak',
    provider: 'Larchfield School',
    from: 'Admissions <admissions@larchfield.example>',
    sent: '2026-11-12T09:40:00Z',
    text: `Dear Priya,

Thank you for the referral. I'm sorry to say we are oversubscribed in Year 8 for 2027/28.

Kind regards,
Larchfield Admissions`,
    expect: decline(),
  },
  {
    name: 'outlook-decline-not-able-to-meet',
    client: 'outlook',
    referral: 'rs',
    provider: 'Greenfields School',
    from: 'Dr Karen Moore <k.moore@greenfields.example>',
    sent: '2027-02-24T16:00:00Z',
    text: `Dear Priya,

Thank you for the referral for RS. Having considered it carefully, we are not able to meet RS's needs, as we do not have nursing staff on site.

Yours sincerely,
Dr Karen Moore
Headteacher`,
    expect: decline(),
  },
  {
    name: 'outlook-decline-age-we-take-from-11',
    client: 'outlook',
    referral: 'mr',
    provider: 'Summerhill Secondary',
    from: 'Joanne Reid <j.reid@summerhill.example>',
    sent: '2027-01-12T11:30:00Z',
    text: `Hi Daniel,

Thanks for this. We only take pupils from age 11 (Year 7), so MR is too young for us at the moment.

Joanne`,
    expect: decline(),
  },
  {
    name: 'gmail-decline-boys-only',
    client: 'gmail',
    referral: 'ak',
    provider: 'Bankside School',
    from: 'Admissions <admissions@bankside.example>',
    sent: '2026-11-13T10:20:00Z',
    text: `Dear Priya,

Thank you for thinking of us. Bankside is registered for boys only, so we are unable to consider AK.

Kind regards,
Bankside Admissions`,
    expect: decline(),
  },
  {
    name: 'apple-mail-decline-after-visit',
    client: 'apple-mail',
    referral: 'jb',
    provider: 'Heron House',
    from: 'Matthew Gill <m.gill@heronhouse.example>',
    sent: '2026-11-27T17:10:00Z',
    text: `Dear Priya,

Following our visit to meet JB on Tuesday, we do not believe we are the right school for him. His needs around physical aggression would need a higher staffing ratio than our homes can provide.

Best wishes,
Matthew`,
    expect: decline(),
  },
  {
    name: 'outlook-decline-regret-to-inform',
    client: 'outlook',
    referral: 'tc',
    provider: 'Clifton Lodge',
    from: 'Admissions Clifton Lodge <admissions@cliftonlodge.example>',
    sent: '2027-03-10T14:25:00Z',
    text: `Dear Mr Hughes,

I regret to inform you that Clifton Lodge will not be offering TC a place. We do not have staff with the BSL fluency TC needs.

Yours sincerely,
Admissions`,
    expect: decline(),
  },
  {
    name: 'gmail-decline-no-spaces-class',
    client: 'gmail',
    referral: 'mr',
    provider: 'Holly Tree School',
    from: 'Liz Burke <liz.burke@hollytree.example>',
    sent: '2027-01-13T12:45:00Z',
    text: `Hi Daniel,

There are no spaces in our Year 4 class this year or next, I'm afraid.

Liz`,
    expect: decline(),
  },
  {
    name: 'owa-decline-wont-be-putting-forward',
    client: 'owa',
    referral: 'dp',
    provider: 'Kinder House',
    from: 'Rachel Wood <r.wood@kinderhouse.example>',
    sent: '2026-11-26T15:40:00Z',
    text: `Hi Daniel,

We've looked at DP's referral and we won't be putting forward an offer on this occasion. Our current Year 11 group is very settled and we're wary of the impact a new pupil would have at this point in the year.

Rachel`,
    expect: decline(),
  },
  {
    name: 'iphone-decline-no-from-us',
    client: 'iphone',
    referral: 'ew',
    provider: 'Tidewater College',
    from: 'Chris Lamb <chris.lamb@tidewater.example>',
    sent: '2027-03-02T07:20:00Z',
    text: `Hi Priya, I'm afraid it's a no from us this time. Chris`,
    expect: decline(),
  },
  {
    name: 'gmail-decline-waiting-list',
    client: 'gmail',
    referral: 'ak',
    provider: 'Meadowside School',
    from: 'Emma Clarke <emma.clarke@meadowside.example>',
    sent: '2026-11-14T10:30:00Z',
    text: `Hi Priya,

We have a waiting list of around 18 months for Year 8, so we couldn't offer anything for September.

Emma`,
    expect: decline(),
  },
  {
    name: 'outlook-decline-dont-feel-able',
    client: 'outlook',
    referral: 'lt',
    provider: 'Hartford College',
    from: 'Diane Ross <d.ross@hartford.example>',
    sent: '2027-02-09T10:15:00Z',
    text: `Dear Daniel,

Having discussed LT's referral with our nursing team, we don't feel able to offer her a place, as we are not set up for gastrostomy feeding overnight.

Kind regards,
Diane Ross`,
    expect: decline(),
  },
  {
    name: 'samsung-decline-turn-down',
    client: 'samsung',
    referral: 'jb',
    provider: 'Fell View',
    from: 'Steve Mann <steve.mann@fellview.example>',
    sent: '2026-11-19T21:00:00Z',
    text: `Priya, sadly we'll have to turn this one down - we can't staff 2:1 in the community at the moment. Steve`,
    expect: decline(),
  },
  {
    name: 'gmail-decline-cannot-support-placement',
    client: 'gmail',
    referral: 'mr',
    provider: 'Rosewood School',
    from: 'Admissions <admissions@rosewood.example>',
    sent: '2027-01-14T09:50:00Z',
    text: `Dear Daniel,

Unfortunately we cannot support a placement for MR. We do not have a language base and our class sizes are too large for him.

Kind regards,
Rosewood Admissions`,
    expect: decline(),
  },
  {
    name: 'outlook-decline-partial-need-not-offering',
    client: 'outlook',
    referral: 'jb',
    provider: 'Moorgate House',
    from: 'Andy Fisher <a.fisher@moorgate.example>',
    sent: '2026-11-25T10:10:00Z',
    text: `Dear Priya,

We could offer the therapeutic education JB needs, but we would not be able to provide 2:1 staffing in the community, so we will not be making an offer.

Andy Fisher
Registered Manager`,
    expect: decline(),
  },
  {
    name: 'outlook-decline-form-on-top-no',
    client: 'outlook',
    referral: 'rs',
    provider: 'Daisy Bank School',
    from: 'Office <office@daisybank.example>',
    sent: '2027-02-25T13:00:00Z',
    text: `Can you meet the needs in Section F? (yes/no): No
Conditions or questions: We have no on-site nursing.

Daisy Bank School`,
    expect: decline(),
  },
  {
    name: 'gmail-decline-better-met-elsewhere',
    client: 'gmail',
    referral: 'dp',
    provider: 'Parklands School',
    from: 'Vicky Moss <vicky.moss@parklands.example>',
    sent: '2026-11-28T11:00:00Z',
    text: `Dear Daniel,

Having considered the referral, our view is that DP's needs would be better met in a setting with on-site clinical support.

Best wishes,
Vicky`,
    expect: decline(),
  },
  {
    name: 'thunderbird-bottom-decline-not-proceed',
    client: 'thunderbird',
    quote: 'bottom',
    referral: 'ew',
    provider: 'Ashdale College',
    from: 'Laura Penn <laura.penn@ashdale.example>',
    sent: '2027-03-04T09:55:00Z',
    text: `Dear Priya,

We have decided not to proceed with this referral. Our entry level course is not running in 2027/28.

Laura Penn`,
    expect: decline(),
  },
  {
    name: 'outlook-decline-could-meet-needs-no-place',
    client: 'outlook',
    referral: 'tc',
    provider: 'Royal Cross School',
    from: 'Bernadette Kaye <b.kaye@royalcross.example>',
    sent: '2027-03-11T10:40:00Z',
    text: `Dear Daniel,

We could meet TC's needs, but we have no boarding places available until September 2028.

Kind regards,
Bernadette Kaye`,
    expect: decline(true),
  },
  {
    name: 'iphone-decline-no-space',
    client: 'iphone',
    referral: 'ak',
    provider: 'Cherry Tree School',
    from: 'Jo Price <jo@cherrytree.example>',
    sent: '2026-11-11T17:35:00Z',
    text: `Sorry Priya, no space. Jo`,
    expect: decline(),
  },
  {
    name: 'gmail-decline-residential-closing',
    client: 'gmail',
    referral: 'lt',
    provider: 'Fernhill College',
    from: 'Alan Booth <alan.booth@fernhill.example>',
    sent: '2027-02-04T15:05:00Z',
    text: `Dear Daniel,

I'm sorry to say that we are closing our residential provision in July, so we cannot accept new referrals for September.

Alan Booth
Principal`,
    expect: decline(),
  },
  {
    name: 'html-only-decline-template',
    client: 'html-only',
    referral: 'rs',
    provider: 'Woodside Academy',
    from: 'Woodside Admissions <admissions@woodside-academy.example>',
    sent: '2027-02-26T11:30:00Z',
    text: `Dear Priya Shah,

We have reviewed your referral and are unable to offer a place at this time.

Woodside Admissions Team`,
    expect: decline(),
  },
  // ---------------------------------------------------------------- queries
  {
    name: 'outlook-query-full-ehcp',
    client: 'outlook',
    referral: 'ak',
    provider: 'Brackendale School',
    from: 'Admissions <admissions@brackendale.example>',
    sent: '2026-11-12T14:30:00Z',
    text: `Dear Priya,

Thank you for the referral. Please could you send the full EHCP and the latest annual review so that we can consider AK properly?

Kind regards,
Brackendale Admissions`,
    expect: query(),
  },
  {
    name: 'gmail-query-arrange-visit',
    client: 'gmail',
    referral: 'dp',
    provider: 'Hillcrest School',
    from: 'Martin Rose <m.rose@hillcrest.example>',
    sent: '2026-11-24T10:05:00Z',
    text: `Hi Daniel,

Could we arrange for our SENCo to visit DP at home or school next week? We'd want to meet him before making a decision.

Thanks,
Martin`,
    expect: query(),
  },
  {
    name: 'outlook-query-budget',
    client: 'outlook',
    referral: 'jb',
    provider: 'Crossfell House',
    from: 'Julie Tan <j.tan@crossfell.example>',
    sent: '2026-11-18T12:00:00Z',
    text: `Hi Priya,

Before we do a full assessment, can you tell us roughly what budget the council has for this placement? Our 2:1 packages are expensive and I don't want to waste your time.

Julie`,
    expect: query(),
  },
  {
    name: 'iphone-query-transport',
    client: 'iphone',
    referral: 'mr',
    provider: 'Oak Lane School',
    from: 'Ben Ford <ben.ford@oaklane.example>',
    sent: '2027-01-12T08:05:00Z',
    text: `Hi Daniel - is transport provided by the LA for MR? Ben`,
    expect: query(),
  },
  {
    name: 'apple-mail-query-reports',
    client: 'apple-mail',
    referral: 'lt',
    provider: 'Wentworth College',
    from: 'Carol Hughes <carol.hughes@wentworth.example>',
    sent: '2027-02-03T11:15:00Z',
    text: `Dear Daniel,

Thanks for sending LT's referral. Would you be able to send the latest annual review, the physiotherapy report and the moving and handling plan?

Kind regards,
Carol`,
    expect: query(),
  },
  {
    name: 'gmail-query-start-flexibility',
    client: 'gmail',
    referral: 'ak',
    provider: 'Linwood School',
    from: 'Deb Hart <deb.hart@linwood.example>',
    sent: '2026-11-17T09:25:00Z',
    text: `Hi Priya,

Does the placement need to begin on 6 September, or is there any flexibility? We might have more capacity after October half term.

Deb`,
    expect: query(),
  },
  {
    name: 'owa-query-parents-visited',
    client: 'owa',
    referral: 'rs',
    provider: 'Springvale School',
    from: 'Mary Lord <m.lord@springvale.example>',
    sent: '2027-02-23T14:40:00Z',
    text: `Hello Priya,

Can you confirm whether RS's parents have visited Springvale, and whether they have a preference between us and the other schools you have approached?

Thanks
Mary`,
    expect: query(),
  },
  {
    name: 'outlook-query-need-to-see-papers-no-question-mark',
    client: 'outlook',
    referral: 'jb',
    provider: 'Beckside School',
    from: 'Tony Marsh <t.marsh@beckside.example>',
    sent: '2026-11-19T13:20:00Z',
    text: `Priya,

We would need to see the full EHCP and recent incident reports before considering this further.

Tony Marsh
Head of Care`,
    expect: query(),
  },
  {
    name: 'thunderbird-query-parental-preference',
    client: 'thunderbird',
    quote: 'top',
    referral: 'tc',
    provider: 'Hartley Deaf School',
    from: 'Gwen Thomas <gwen.thomas@hartley-deaf.example>',
    sent: '2027-03-10T12:30:00Z',
    text: `Dear Daniel,

Before we go any further, could you let us know whether TC's family have expressed a preference for a BSL school? We would like to invite them to visit.

Regards,
Gwen Thomas`,
    expect: query(),
  },
  {
    name: 'outlook-query-in-form-conditions-line',
    client: 'outlook',
    referral: 'ew',
    provider: 'Carrfield College',
    from: 'Admissions <admissions@carrfield.example>',
    sent: '2027-03-03T10:30:00Z',
    text: `Can you meet the needs in Section F? (yes/no):
Weekly fee (£):
Conditions or questions: Please send the full EHCP and the college's transition report before we can answer.

Carrfield Admissions`,
    expect: query(),
  },
  // ---------------------------------------------------------------- acknowledgements
  {
    name: 'gmail-ack-back-by-friday',
    client: 'gmail',
    referral: 'jb',
    provider: 'Stonebridge School',
    from: 'Nick Hale <nick.hale@stonebridge.example>',
    sent: '2026-11-17T10:15:00Z',
    text: `Thanks for the referral Priya. We will come back to you by Friday.

Nick`,
    expect: acknowledgement(),
  },
  {
    name: 'outlook-ack-pass-to-head-of-admissions',
    client: 'outlook',
    referral: 'dp',
    provider: 'Glenmore School',
    from: 'Reception <reception@glenmore.example>',
    sent: '2026-11-23T15:00:00Z',
    text: `Hello,

Received, thank you. I'll pass this to our Head of Admissions.

Kind regards,
Reception, Glenmore School`,
    expect: acknowledgement(),
  },
  {
    name: 'owa-ack-reviewing-respond-by-deadline',
    client: 'owa',
    referral: 'tc',
    provider: 'Ashfield Deaf Centre',
    from: 'Lorna Brown <l.brown@ashfield-deaf.example>',
    sent: '2027-03-09T09:50:00Z',
    text: `Dear Daniel,

We are currently reviewing the referral for TC and will respond by your deadline of 22 March.

Kind regards,
Lorna Brown`,
    expect: acknowledgement(),
  },
  {
    name: 'iphone-ack-in-touch-shortly',
    client: 'iphone',
    referral: 'lt',
    provider: 'Brooklands College',
    from: 'Amir Shah <amir.shah@brooklands.example>',
    sent: '2027-02-01T18:45:00Z',
    text: `Hi Daniel, just to let you know we've received this and will be in touch shortly. Amir`,
    expect: acknowledgement(),
  },
  {
    name: 'gmail-ack-panel-next-tuesday',
    client: 'gmail',
    referral: 'ew',
    provider: 'Hightown College',
    from: 'Sue Park <sue.park@hightown.example>',
    sent: '2027-03-02T13:35:00Z',
    text: `Hi Priya,

Noted - we'll discuss EW at panel next Tuesday and let you know.

Sue`,
    expect: acknowledgement(),
  },
  {
    name: 'outlook-ack-looking-into-whether',
    client: 'outlook',
    referral: 'ak',
    provider: 'Coniston School',
    from: 'Helen Bright <h.bright@coniston.example>',
    sent: '2026-11-12T11:10:00Z',
    text: `Dear Priya,

Thank you for the referral. We are looking into whether we can meet AK's needs and will respond in due course.

Kind regards,
Helen Bright`,
    expect: acknowledgement(),
  },
  {
    name: 'apple-mail-ack-checking-with-therapy-team',
    client: 'apple-mail',
    referral: 'mr',
    provider: 'Oakdene School',
    from: 'Lucy Fenn <lucy.fenn@oakdene.example>',
    sent: '2027-01-13T14:25:00Z',
    text: `Hi Daniel,

Many thanks - I'm just checking with our therapy team and will confirm early next week.

Lucy`,
    expect: acknowledgement(),
  },
  {
    name: 'samsung-ack-receipt-respond-by-date',
    client: 'samsung',
    referral: 'rs',
    provider: 'Willow Park School',
    from: 'Dan Reece <dan.reece@willowpark.example>',
    sent: '2027-02-22T19:30:00Z',
    text: `Hi, acknowledging receipt of referral PR-2027-0019. We'll respond by 08/03.

Dan`,
    expect: acknowledgement(),
  },
  // ---------------------------------------------------------------- automatic answers
  {
    name: 'exchange-out-of-office-maternity',
    raw: () =>
      autoReplyMessage({
        referral: 'ak',
        provider: 'Ferndale School',
        from: 'Jess Hollis <j.hollis@ferndale.example>',
        sent: '2026-11-10T09:15:30Z',
        subject: 'Automatic reply: {subject}',
        headers: [
          ['Auto-Submitted', 'auto-generated'],
          ['X-Auto-Response-Suppress', 'All'],
        ],
        html: true,
        text: `Thank you for your email. I am on maternity leave until August 2027 and this mailbox is not monitored.

Please redirect admissions enquiries to admissions@ferndale.example.`,
      }),
    expect: autoReply(),
  },
  {
    name: 'out-of-office-no-headers-back-monday',
    raw: () =>
      autoReplyMessage({
        referral: 'jb',
        provider: 'Rookwood House',
        from: 'Paul Rook <p.rook@rookwood.example>',
        sent: '2026-11-16T08:41:00Z',
        subject: 'RE: {subject}',
        text: `I'm out of the office until Monday 23rd November with limited access to email. I will respond to your message on my return.`,
      }),
    expect: autoReply(),
  },
  {
    name: 'gmail-vacation-away',
    raw: () =>
      autoReplyMessage({
        referral: 'tc',
        provider: 'Hartley Deaf School',
        from: 'Gwen Thomas <gwen.thomas@hartley-deaf.example>',
        sent: '2027-03-08T09:46:10Z',
        subject: 'Re: {subject}',
        headers: [['Auto-Submitted', 'auto-replied']],
        text: `Hello, I am away from my desk until 15 March. Thank you for your patience.

Gwen`,
      }),
    expect: autoReply(),
  },
  {
    name: 'helpdesk-auto-acknowledgement-no-headers',
    raw: () =>
      autoReplyMessage({
        referral: 'ew',
        provider: 'Westbrook College',
        from: 'Westbrook College Enquiries <enquiries@westbrook-college.example>',
        sent: '2027-03-01T10:00:45Z',
        subject: 'Your enquiry has been received',
        text: `Thank you for your email to Westbrook College.

This is an automatic acknowledgement. Your enquiry has been passed to the relevant department and we aim to reply within three working days.

This mailbox is monitored Monday to Friday, 8.30am to 4.30pm.`,
      }),
    expect: autoReply(),
  },
  {
    name: 'out-of-office-x-autoreply',
    raw: () =>
      autoReplyMessage({
        referral: 'dp',
        provider: 'Orchard House',
        from: 'Greta Hall <g.hall@orchardhouse.example>',
        sent: '2026-11-23T13:20:40Z',
        subject: 'Out of Office: {subject}',
        headers: [['X-Autoreply', 'yes']],
        text: `I am out of the office on annual leave until 1 December. For urgent matters please call the school office.`,
      }),
    expect: autoReply(),
  },
  {
    name: 'exchange-delivery-delayed-dev',
    raw: () => bounce({ referral: 'lt', provider: 'Brooklands College', recipient: 'amir.shah@brooklands.example', sent: '2027-02-01T15:31:00Z', style: 'delay' }),
    expect: autoReply(),
  },
  {
    name: 'mailbox-no-longer-monitored',
    raw: () =>
      autoReplyMessage({
        referral: 'mr',
        provider: 'Elmfield School',
        from: 'Old Admissions <admissions.old@elmfield.example>',
        sent: '2027-01-11T10:02:50Z',
        subject: 'RE: {subject}',
        text: `This mailbox is no longer monitored. Please send all referrals to admissions@elmfield.example. Thank you.`,
      }),
    expect: autoReply(),
  },
  // ---------------------------------------------------------------- bounces
  {
    name: 'postfix-bounce',
    raw: () => bounce({ referral: 'ak', provider: 'Old Mill School', recipient: 'info@oldmill-school.example', sent: '2026-11-10T09:14:50Z', style: 'postfix' }),
    expect: bounced(),
  },
  {
    name: 'exchange-ndr',
    raw: () => bounce({ referral: 'rs', provider: 'Greenbank School', recipient: 'k.lee@greenbank.example', sent: '2027-02-22T09:05:40Z', style: 'exchange' }),
    expect: bounced(),
  },
  {
    name: 'gmail-dsn',
    raw: () => bounce({ referral: 'dp', provider: 'Rowley School', recipient: 'rowleyschool.admissions@gmail.com', sent: '2026-11-23T13:21:00Z', style: 'gmail' }),
    expect: bounced(),
  },
  {
    name: 'exim-bounce',
    raw: () => bounce({ referral: 'tc', provider: 'Hillview School', recipient: 'office@hillview.example', sent: '2027-03-08T10:30:00Z', style: 'exim' }),
    expect: bounced(),
  },
  {
    name: 'postfix-bounce-second',
    raw: () => bounce({ referral: 'jb', provider: 'Crag House', recipient: 'referrals@craghouse.example', sent: '2026-11-16T08:40:30Z', style: 'postfix' }),
    expect: bounced(),
  },
  // ---------------------------------------------------------------- more structure and phrasing
  {
    name: 'gmail-table-pounds-column-weeks-column',
    client: 'gmail',
    referral: 'dp',
    provider: 'Thornleigh School',
    from: 'Admissions Thornleigh <admissions@thornleigh.example>',
    sent: '2026-11-26T13:15:00Z',
    text: `Dear Daniel,

Thornleigh can meet DP's needs and we would like to offer him a place from 6 January 2027. A breakdown is below.

[[table]]

Best regards,
Admissions`,
    table: [
      ['Service', '£ per week', 'Weeks'],
      ['Placement (education)', '2,960', '38'],
      ['Enhanced 1:1 staffing', '520', '38'],
      ['Counselling', 'Included', ''],
    ],
    expect: offer({ fee: 2960, weeks: 38, addOns: 520, start: '2027-01-06' }),
  },
  {
    name: 'apple-mail-table-weekly-and-per-year',
    client: 'apple-mail',
    referral: 'tc',
    provider: 'Marshfield School for the Deaf',
    from: 'Gareth Owen <g.owen@marshfield-deaf.example>',
    sent: '2027-03-13T10:30:00Z',
    text: `Hi Daniel,

We can offer TC a weekly boarding place from 2 September 2027 and we are confident we can meet her needs.

[[table]]

Gareth`,
    table: [
      ['Item', 'Weekly', 'Per year'],
      ['Boarding placement', '£4,020', '£152,760'],
      ['Audiology support', '£60', '£2,280'],
    ],
    expect: offer({ fee: 4020, weeks: 38, addOns: 60, start: '2027-09-02' }),
  },
  {
    name: 'thunderbird-interleaved-under-quoted-labels',
    client: 'thunderbird',
    quote: 'none',
    referral: 'mr',
    provider: 'Clearwater School',
    from: 'Petra Nowak <petra.nowak@clearwater.example>',
    sent: '2027-01-15T14:05:00Z',
    text: `On 11/01/2027 10:02, Westbay SEN Placements wrote:
> Can you meet the needs in Section F? (yes/no):
yes
> Weekly fee (£):
2,875
> Weeks per year (38/52):
38
> Additional costs per week (e.g. 1:1, therapies) (£):
none
> Earliest start date (dd/mm/yyyy):
19/04/2027

Petra Nowak
Clearwater School`,
    expect: offer({ fee: 2875, weeks: 38, addOns: 0, start: '2027-04-19' }),
  },
  {
    name: 'samsung-decline-nothing-available',
    client: 'samsung',
    referral: 'mr',
    provider: 'Foxhill School',
    from: 'Nicky Pugh <nicky.pugh@foxhill.example>',
    sent: '2027-01-12T19:40:00Z',
    text: `Sorry Daniel, nothing available in Year 4 until 2028 at the earliest. Nicky`,
    expect: decline(),
  },
  {
    name: 'outlook-plain-decline-long-wrapped-sentence',
    client: 'outlook-plain',
    referral: 'jb',
    provider: 'Wrenfield House',
    from: 'Howard Lane <h.lane@wrenfield.example>',
    sent: '2026-11-24T09:05:00Z',
    text: `Dear Priya

I have now discussed JB's referral with our registered manager and our consultant psychologist, and having weighed up the mix of young people currently living in our homes, we are not in a position to offer JB a place at this time.

Regards
Howard Lane
Admissions`,
    expect: decline(),
  },
  {
    name: 'apple-mail-decline-would-not-suit',
    client: 'apple-mail',
    referral: 'ak',
    provider: 'Oakfield School',
    from: 'Bryony Hale <bryony.hale@oakfield.example>',
    sent: '2026-11-25T16:30:00Z',
    text: `Dear Priya,

Thank you for letting us meet AK. Having spent the morning with her, we feel that our school would not suit her – our site is large and noisy, and she would find it overwhelming.

Warm wishes,
Bryony`,
    expect: decline(),
  },
  {
    name: 'outlook-decline-registration-rules-out',
    client: 'outlook',
    referral: 'mr',
    provider: 'Ashley Park College',
    from: 'Admissions <admissions@ashleypark.example>',
    sent: '2027-01-13T11:50:00Z',
    text: `Dear Daniel,

Our registration covers students aged 14 to 19 only, which rules out a Year 4 pupil. I am sorry we cannot help with MR.

Admissions Team`,
    expect: decline(),
  },
  {
    name: 'gmail-query-interested-share-plan',
    client: 'gmail',
    referral: 'ew',
    provider: 'Meadowcroft College',
    from: 'Liam Ford <liam.ford@meadowcroft.example>',
    sent: '2027-03-03T12:25:00Z',
    text: `Hi Priya,

We'd be interested in EW. Could you share the full plan and the latest EP report so we can assess?

Liam`,
    expect: query(),
  },
  {
    name: 'outlook-ack-forwarded-to-head',
    client: 'outlook',
    referral: 'tc',
    provider: 'Seaton Lodge',
    from: 'School Office <office@seatonlodge.example>',
    sent: '2027-03-09T08:55:00Z',
    text: `Hello, thanks - I have forwarded your email to our Head of Admissions, who will be in touch.

School Office`,
    expect: acknowledgement(),
  },
  {
    name: 'owa-offer-glad-to-take',
    client: 'owa',
    referral: 'ak',
    provider: 'Brindle School',
    from: 'Ross Naylor <r.naylor@brindle.example>',
    sent: '2026-11-18T10:35:00Z',
    text: `Hi Priya,

We'd be glad to take AK from September. Fees are £3,240 per week (38 wks).

Ross`,
    expect: offer({ fee: 3240, weeks: 38, start: '2027-09-01' }),
  },
  {
    name: 'outlook-offer-monthly-52',
    client: 'outlook',
    referral: 'jb',
    provider: 'Glenside Care and Education',
    from: 'Finance <finance@glenside.example>',
    sent: '2026-11-20T15:05:00Z',
    text: `Dear Priya,

Glenside is able to meet JB's needs and offers a place from 18 January 2027 on a 52-week basis. Our fee is £19,500 per month.

Kind regards,
Glenside Finance`,
    expect: offer({ fee: 4500, weeks: 52, start: '2027-01-18' }),
  },
  {
    name: 'gmail-offer-day-rate-in-brackets',
    client: 'gmail',
    referral: 'ew',
    provider: 'Hillbrook Skills',
    from: 'Zara Iqbal <zara@hillbrook-skills.example>',
    sent: '2027-03-05T09:20:00Z',
    text: `Dear Priya,

We can meet EW's needs and would be happy to offer a place from 6 September 2027 at £640 per day (5 days per week, 38 weeks).

Zara Iqbal`,
    expect: offer({ fee: 3200, weeks: 38, start: '2027-09-06' }),
  },
  {
    name: 'iphone-ack-looking-now',
    client: 'iphone',
    referral: 'dp',
    provider: 'Kirkby House',
    from: 'Sam Lowe <sam.lowe@kirkbyhouse.example>',
    sent: '2026-11-23T17:10:00Z',
    text: `Thanks Daniel, we're looking at this now and will come back to you as soon as we can. Sam`,
    expect: acknowledgement(),
  },
  {
    name: 'holiday-closure-auto-reply-no-headers',
    raw: () =>
      autoReplyMessage({
        referral: 'jb',
        provider: 'Heathcote School',
        from: 'Heathcote School <office@heathcote.example>',
        sent: '2026-12-21T09:00:00Z',
        subject: 'RE: {subject}',
        text: `Thank you for your message. Please note the school office is closed for the Christmas holidays until Tuesday 5 January 2027. Emails will be answered when we reopen.`,
      }),
    expect: autoReply(),
  },
  // ---------------------------------------------------------------- neither
  {
    name: 'newsletter',
    raw: () =>
      bulk({
        from: 'Ravenswood School <news@ravenswood.example>',
        to: 'placements@northshire-council.example',
        sent: '2026-11-27T07:30:00Z',
        subject: 'Ravenswood termly newsletter – Autumn 2026',
        text: `Ravenswood Autumn Newsletter

Our new therapy wing opens in January. We have places available for 2027 – speak to our admissions team.

Ravenswood School, registered charity 1134567. Unsubscribe: https://ravenswood.us21.list-manage.com/unsubscribe`,
        html: `<html><body><h1>Autumn Newsletter</h1><p>Our new therapy wing opens in January. We have places available for 2027 &ndash; speak to our admissions team.</p><p><a href="https://ravenswood.us21.list-manage.com/unsubscribe">Unsubscribe</a></p></body></html>`,
      }),
    expect: unknown(),
  },
  {
    name: 'gmail-unrelated-conference-question',
    client: 'gmail',
    referral: 'ak',
    provider: 'Brookfield Academy',
    from: 'Laura Finch <l.finch@brookfield-academy.example>',
    sent: '2026-11-13T16:20:00Z',
    text: `Hi Priya,

Unrelated to this one, are you going to the regional SEND conference in Manchester next week? It would be good to catch up.

Laura`,
    expect: unknown(),
  },
];
