import type { CorpusEntry } from './clients.js';
import { acknowledgement, autoReply, bounced, decline, offer, query, unknown } from './expect.js';
import { autoReply as autoReplyMessage, bounce, bulk, forwardAsAttachment } from './raw.js';

/**
 * The held-out part of the reply corpus. Written before the rules that read it were changed, and never
 * used to tune them: its score is the honest measure of how the reader does on mail it has not seen.
 */
export const HELD_OUT: CorpusEntry[] = [
  {
    name: 'outlook-offer-formal-38wk-addon',
    client: 'outlook',
    referral: 'ak',
    provider: 'Oakwood Grange School',
    contact: 'Helen Marsh',
    from: 'Helen Marsh <h.marsh@oakwoodgrange.example>',
    sent: '2026-11-13T11:20:00Z',
    text: `Dear Priya,

Thank you for the referral for AK. Our Head of Inclusion and I have read the summary of Sections B, E and F carefully and we are confident that we can meet AK's needs within our Key Stage 3 autism base, where classes are capped at eight.

I am pleased to confirm that we can offer a place from Monday 6 September 2027. Our fee for a 38-week day placement is £3,385 per week. This includes SALT and the OT sensory review; the 1:1 support at unstructured times described in Section F would be charged in addition at £410 per week.

Please let me know if you would like to arrange a visit.

Kind regards,

Helen Marsh
Admissions and Transitions Lead
Oakwood Grange School
Tel: 01928 555 0144
Registered charity no. 1093384`,
    expect: offer({ fee: 3385, weeks: 38, addOns: 410, start: '2027-09-06' }),
  },
  {
    name: 'gmail-offer-casual-shorthand-k',
    client: 'gmail',
    referral: 'jb',
    provider: 'Larchwood Residential School',
    from: 'Mike Dunne <mike.dunne@larchwood-care.example>',
    sent: '2026-11-17T19:42:00Z',
    text: `Hi Priya

Had a look at JB's referral - yep, we can take him. 52 wk residential, £4.1k pw all in (education, care and the weekly therapy). Could start him from 4th Jan if the panel's happy.

Cheers
Mike`,
    expect: offer({ fee: 4100, weeks: 52, addOns: 0, start: '2027-01-04' }),
  },
  {
    name: 'iphone-offer-term-time',
    client: 'iphone',
    referral: 'dp',
    provider: 'Moorside Independent School',
    from: 'Jo Kirkby <jkirkby@moorside-school.example>',
    sent: '2026-11-24T07:55:00Z',
    text: `Morning Daniel, yes we can meet DP's needs and have a Year 11 space. £2,950 per week, term time only (38 wks). January start fine - 6th Jan is our first day back.

Jo`,
    expect: offer({ fee: 2950, weeks: 38, start: '2027-01-06' }),
  },
  {
    name: 'outlook-decline-age-range',
    client: 'outlook',
    referral: 'mr',
    provider: 'Greystones School',
    from: 'Admissions Office <admissions@greystones.example>',
    sent: '2027-01-13T10:05:00Z',
    text: `Dear Daniel,

Thank you for sending through the referral for MR.

Greystones is registered with the DfE for pupils aged 11 to 19, so we would not be able to admit a Year 4 pupil. I'm sorry we can't help on this occasion; you may wish to contact our primary partner, Windmill Hill School, who may have capacity.

With best wishes,

Carol Pritchard
Admissions Officer`,
    expect: decline(),
  },
  {
    name: 'apple-mail-decline-after-visit',
    client: 'apple-mail',
    referral: 'ak',
    provider: 'The Meadows School',
    from: 'Sian Roberts <sian.roberts@themeadows.example>',
    sent: '2026-11-26T16:10:00Z',
    text: `Dear Priya,

Thank you for arranging for our SENCo to meet AK at her current school last week. It was lovely to meet her.

Having reflected on the visit and discussed it with the team, we have concluded that The Meadows would not be the right environment for AK at this time. Our classes are larger and busier than she is used to, and we feel her anxiety in busy settings would make the transition very difficult.

We wish AK every success and would be happy to be considered for future referrals.

Warm regards,
Sian`,
    expect: decline(),
  },
  {
    name: 'gmail-query-full-papers',
    client: 'gmail',
    referral: 'jb',
    provider: 'Highcroft Hall',
    from: 'Admissions Highcroft <admissions@highcrofthall.example>',
    sent: '2026-11-18T09:30:00Z',
    text: `Hello Priya,

Thank you for the referral. On the face of it JB sounds like a young person we may be able to support, but before we can say for certain we would need to read the full EHCP, the most recent annual review and any risk assessments from his current placement.

Could you send these over through your secure portal? Once we have them our clinical team will review within five working days.

Many thanks,
Rachel Benn
Admissions Coordinator, Highcroft Hall`,
    expect: query(),
  },
  {
    name: 'outlook-ack-decision-by-date',
    client: 'outlook',
    referral: 'lt',
    provider: 'Elmstead Specialist College',
    from: 'Gemma Fox <g.fox@elmstead.example>',
    sent: '2027-02-02T14:22:00Z',
    text: `Hi Daniel,

Thanks for sending this through. I've passed LT's referral to our assessment team and we'll come back to you with our decision by Friday 12th February.

Kind regards
Gemma`,
    expect: acknowledgement(),
  },
  {
    name: 'owa-offer-annual-52wk',
    client: 'owa',
    referral: 'jb',
    provider: 'Thornbury Lodge',
    from: 'Finance & Admissions <admissions@thornburylodge.example>',
    sent: '2026-11-20T12:01:00Z',
    text: `Good afternoon,

Further to your referral for JB, Thornbury Lodge is able to meet his needs in our therapeutic residential home and school.

The annual cost of a 52-week placement is £262,080, covering education, residential care, 2:1 community staffing and weekly therapy. We could offer a start date of 11 January 2027, subject to a successful transition plan.

Kind regards,
Martin Leach
Head of Admissions`,
    expect: offer({ fee: 5040, weeks: 52, start: '2027-01-11' }),
  },
  {
    name: 'thunderbird-bottom-offer-day-rate',
    client: 'thunderbird',
    quote: 'bottom',
    referral: 'ew',
    provider: 'Northgate Specialist College',
    from: 'Paul Greaves <p.greaves@northgate-college.example>',
    sent: '2027-03-03T10:40:00Z',
    text: `Dear Priya,

We would be delighted to offer EW a place on our Entry Level 3 Skills for Work programme from September. The course runs over 38 weeks, and EW would attend five days a week.

Our day rate is £545, which includes travel training and weekly mentoring. There are no additional costs.

Best regards,
Paul Greaves
Transition Coordinator
Northgate Specialist College`,
    expect: offer({ fee: 2725, weeks: 38, addOns: 0, start: '2027-09-01' }),
  },
  {
    name: 'outlook-decline-no-vacancies-year-group',
    client: 'outlook',
    referral: 'tc',
    provider: 'Fairfield School for the Deaf',
    from: 'Anne Lowry <a.lowry@fairfield-deaf.example>',
    sent: '2027-03-10T09:12:00Z',
    text: `Dear Daniel,

Many thanks for thinking of Fairfield for TC. I'm afraid we have no vacancies in Year 7 for September 2027 – the year group is already at its registered number and we have a waiting list.

Kind regards,
Anne Lowry
Head of Admissions`,
    expect: decline(),
  },
  {
    name: 'gmail-offer-table-pounds-in-header',
    client: 'gmail',
    referral: 'ak',
    provider: 'Riverside Learning Centre',
    from: 'Riverside Admissions <admissions@riverside-lc.example>',
    sent: '2026-11-19T13:00:00Z',
    text: `Hi Priya,

We can meet AK's needs and would be pleased to offer her a place. Our costs are below:

[[table]]

AK could start on 6 September 2027 with a phased transition over the first fortnight.

Kind regards,
Leanne
Riverside Learning Centre`,
    table: [
      ['Item', 'Cost per week (£)', 'Weeks per year'],
      ['Core placement', '3,120.00', '38'],
      ['1:1 support (unstructured times)', '385.00', '38'],
      ['Speech and language therapy', 'Included', ''],
    ],
    expect: offer({ fee: 3120, weeks: 38, addOns: 385, start: '2027-09-06' }),
  },
  {
    name: 'outlook-offer-termly-fee',
    client: 'outlook',
    referral: 'mr',
    provider: 'Windmill Hill School',
    from: 'Bursar <bursar@windmillhill.example>',
    sent: '2027-01-15T15:30:00Z',
    text: `Dear Mr Hughes,

Re: MR – Year 4

I write on behalf of the Head. We are able to meet MR's needs in our specialist language base and can offer a place from the start of the summer term on 19 April 2027.

Our fees are charged termly: £29,450 per term, with three terms in our 38-week school year. SALT twice weekly is included. An escort for home-to-school transport is not something we provide.

Yours sincerely,

Margaret Ellis
Bursar, Windmill Hill School`,
    expect: offer({ fee: 2325, weeks: 38, start: '2027-04-19' }),
  },
  {
    name: 'samsung-ack-will-look-thursday',
    client: 'samsung',
    referral: 'dp',
    provider: 'Cedar House School',
    from: 'Tom Ashby <tom.ashby@cedarhouse.example>',
    sent: '2026-11-24T18:05:00Z',
    text: `Hi Daniel, got this thanks. I'm out on a visit tomorrow but will look at DP's referral properly on Thursday and get back to you before your deadline.

Tom`,
    expect: acknowledgement(),
  },
  {
    name: 'exchange-out-of-office',
    raw: () =>
      autoReplyMessage({
        referral: 'rs',
        provider: 'Hazelmere Centre',
        from: 'Julie Barnes <j.barnes@hazelmere.example>',
        sent: '2027-02-22T09:06:00Z',
        subject: 'Automatic reply: {subject}',
        headers: [
          ['Auto-Submitted', 'auto-generated'],
          ['X-Auto-Response-Suppress', 'All'],
          ['X-MS-Exchange-Inbox-Rules-Loop', 'j.barnes@hazelmere.example'],
        ],
        html: true,
        text: `Thank you for your email. I am out of the office until Monday 8 March with no access to email.

For admissions enquiries please contact Julie Barnes on 01925 555 0170 or admissions@hazelmere.example.`,
      }),
    expect: autoReply(),
  },
  {
    name: 'postfix-bounce-user-unknown',
    raw: () => bounce({ referral: 'ew', provider: 'Ridgeway College', recipient: 'admissions@ridgeway-college.example', sent: '2027-03-01T10:00:40Z', style: 'postfix' }),
    expect: bounced(),
  },
  {
    name: 'outlook-query-start-date-question',
    client: 'outlook',
    referral: 'rs',
    provider: 'Pendle View School',
    from: 'Karen Holt <k.holt@pendleview.example>',
    sent: '2027-02-24T11:45:00Z',
    text: `Hello Priya,

Thank you for the referral for RS. We have on-site nursing and a hydrotherapy pool, so on paper RS's needs look like a good fit for our primary department.

Before we can respond properly, could you tell us whether the 12 April start is fixed, or whether a start after the May half term would be possible? Our nursing rota for the summer term is already set. Could you also confirm who currently provides the tracheostomy training for staff?

Thanks,
Karen Holt
Deputy Head (Pupil Services)`,
    expect: query(),
  },
  {
    name: 'outlook-plain-offer-fee-rises-in-april',
    client: 'outlook-plain',
    referral: 'jb',
    provider: 'Oakhill Therapeutic School',
    from: 'Simon Price <simon.price@oakhill-therapeutic.example>',
    sent: '2026-11-19T08:50:00Z',
    text: `Priya,

We can meet JB's needs and can offer a 52-week place from 4 January 2027.

Our current weekly fee is £4,650. Please note that our fees are reviewed in April and from 1 April 2027 the weekly fee will be £4,880.

Regards
Simon Price
Registered Manager`,
    expect: offer({ fee: null, weeks: 52, start: '2027-01-04' }),
  },
  {
    name: 'gmail-android-decline-casual-full',
    client: 'gmail-android',
    referral: 'ak',
    provider: 'Birchfield Academy',
    from: 'Dan Whitfield <dan.w@birchfield-academy.example>',
    sent: '2026-11-11T20:15:00Z',
    text: `Hi Priya - sorry, we're rammed in KS3 at the moment and won't have anything until at least 2028. Happy for you to keep us in mind for the future though.

Dan`,
    expect: decline(),
  },
  {
    name: 'outlook-offer-reply-form-on-top',
    client: 'outlook',
    referral: 'ew',
    provider: 'Marlowe Park College',
    from: 'Admissions <admissions@marlowepark.example>',
    sent: '2027-03-04T09:00:00Z',
    text: `Hello,

Please see our answers below.

Can you meet the needs in Section F? (yes/no): Yes
Weekly fee (£): 1,980
Weeks per year (38/52): 38
Additional costs per week (e.g. 1:1, therapies) (£): 0
Earliest start date (dd/mm/yyyy): 06/09/2027
Conditions or questions: Subject to EW attending a taster day in June.

Regards,
Sarah Quinn
Marlowe Park College`,
    expect: offer({ fee: 1980, weeks: 38, addOns: 0, start: '2027-09-06' }),
  },
  {
    name: 'outlook-form-filled-in-quoted-referral',
    client: 'outlook',
    referral: 'lt',
    provider: "St Brannock's College",
    contact: 'Ben Carver',
    from: 'Ben Carver <b.carver@stbrannocks.example>',
    sent: '2027-02-05T10:30:00Z',
    text: `Hi Daniel,

Answers are in the form below.

Thanks
Ben`,
    formAnswers: ['Yes', '4,950', '38', '460 (waking night) + 120 (physio)', '01/09/2027', 'Assessment visit required'],
    expect: offer({ fee: 4950, weeks: 38, addOns: 580, start: '2027-09-01' }),
  },
  {
    name: 'apple-mail-offer-hourly-addon-with-hours',
    client: 'apple-mail',
    referral: 'mr',
    provider: 'Bridgewater Centre',
    from: 'Louise Tang <louise@bridgewatercentre.example>',
    sent: '2027-01-14T17:20:00Z',
    text: `Hi Daniel,

Good news – we'd be happy to offer MR a place in our Language Base from 19th April. We can meet the needs set out in Section F, including the twice-weekly SALT, which is delivered by our own therapists.

The fee is £2,780 a week (38 weeks). The 1:1 at lunch and break would be an extra £22 an hour; it's usually about 7.5 hours a week.

One question: will the council be arranging transport, or would you like us to quote for it?

Best,
Louise`,
    expect: offer({ fee: 2780, weeks: 38, addOns: 165, start: '2027-04-19' }),
  },
  {
    name: 'outlook-decline-not-in-a-position',
    client: 'outlook',
    referral: 'dp',
    provider: 'Seabrook House',
    from: 'Claire Ingham <c.ingham@seabrookhouse.example>',
    sent: '2026-11-27T12:10:00Z',
    text: `Dear Daniel,

Thank you for the referral for DP, which our multi-disciplinary team considered at this week's admissions meeting.

Given DP's current risk of self-harm and our lack of on-site clinical staff, we are not in a position to keep him safe, and so we won't be progressing the referral. I appreciate this is not the answer you were hoping for.

Kind regards,
Claire Ingham
Head of Care`,
    expect: decline(),
  },
  {
    name: 'gmail-offer-weekly-and-annual-agree',
    client: 'gmail',
    referral: 'tc',
    provider: 'Hollybank School for Deaf Children',
    from: 'Admissions Team <admissions@hollybank-deaf.example>',
    sent: '2027-03-12T10:00:00Z',
    text: `Dear Daniel,

We have read the referral for TC with interest. As a BSL-first school with Teachers of the Deaf in every class and an on-site audiologist, we can fully meet the provision described in Section F.

We can offer a 38-week residential place (Monday to Friday boarding) from Thursday 2 September 2027. The weekly fee is £4,215, which is £160,170 a year.

Kind regards,
Naomi Price
Admissions Manager`,
    expect: offer({ fee: 4215, weeks: 38, start: '2027-09-02' }),
  },
  {
    name: 'thunderbird-top-query-visit-first',
    client: 'thunderbird',
    quote: 'top',
    referral: 'ak',
    provider: 'Willowbank School',
    from: 'Graham Oates <graham.oates@willowbank.example>',
    sent: '2026-11-12T15:00:00Z',
    text: `Hi Priya,

Thanks for this. We'd like to meet AK and observe her in class before we commit either way. Would it be possible to arrange a visit to her current school in the week beginning 23 November? Any day except the Wednesday works for us.

Regards,
Graham Oates
Deputy Head`,
    expect: query(),
  },
  {
    name: 'gmail-forwarded-principal-offer',
    client: 'gmail',
    quote: 'none',
    referral: 'jb',
    provider: 'Pennine Lodge',
    from: 'Amy Clarke <admissions@penninelodge.example>',
    sent: '2026-11-21T09:10:00Z',
    subject: 'Fwd: JB referral',
    text: `Hi Priya, please see below from our Principal. Thanks, Amy

---------- Forwarded message ---------
From: Robert Hale <r.hale@penninelodge.example>
Date: Fri, 20 Nov 2026 at 17:45
Subject: Re: JB referral
To: Amy Clarke <admissions@penninelodge.example>

Amy,

Happy for us to offer JB a 52 week place. Fee will be £4,475 per week plus 2:1 community staffing at £690 per week. Earliest start 18/01/2027.

Rob`,
    expect: offer({ fee: 4475, weeks: 52, addOns: 690, start: '2027-01-18' }),
  },
  {
    name: 'html-only-mis-offer-table',
    client: 'html-only',
    referral: 'ew',
    provider: 'Kestrel College',
    from: 'Kestrel College Admissions <admissions@kestrel-college.example>',
    sent: '2027-03-05T14:00:00Z',
    text: `Dear Priya Shah,

Thank you for your referral (PR-2027-0034). Kestrel College can meet the learner's needs and is pleased to make the following offer.

[[table]]

This offer is valid for 30 days from the date of this email.

Kestrel College Admissions`,
    table: [
      ['Programme', 'Start date', 'Weeks', 'Weekly fee', 'Annual fee'],
      ['Foundation Learning (Entry 3)', '06/09/2027', '38', '£2,240', '£85,120'],
    ],
    expect: offer({ fee: 2240, weeks: 38, start: '2027-09-06' }),
  },
  {
    name: 'outlook-ios-decline-one-liner',
    client: 'outlook-ios',
    referral: 'rs',
    provider: 'Lindley Hall',
    from: 'Mark Fenton <mark.fenton@lindleyhall.example>',
    sent: '2027-02-23T07:30:00Z',
    text: `Priya - thanks but this one isn't for us, we don't have nursing cover for trachy care. Sorry. Mark`,
    expect: decline(),
  },
  {
    name: 'gmail-ack-admissions-panel',
    client: 'gmail',
    referral: 'tc',
    provider: 'Northern Counties Deaf School',
    from: 'Ruth Bell <ruth.bell@ncds.example>',
    sent: '2027-03-09T12:40:00Z',
    text: `Dear Daniel,

Thank you for your email and the referral for TC, which I have received. It will be discussed at our admissions panel on 17 March and I will write to you with the outcome straight afterwards.

Kind regards,
Ruth Bell
Admissions Secretary`,
    expect: acknowledgement(),
  },
  {
    name: 'yahoo-offer-annual-38wk-small-school',
    client: 'yahoo',
    referral: 'ak',
    provider: 'Little Oaks School',
    from: 'Janet Moss <janetmoss_littleoaks@yahoo.co.uk>',
    sent: '2026-11-15T21:30:00Z',
    text: `Hello Priya

Thank you for thinking of us. We are a small school of 24 pupils and we think AK would fit in really well with our Year 8 group. We can offer her a place for September 2027.

Our fees are £58,900 per year for a 38 week placement. If AK needs the 1:1 at break and lunch this would be £95 a week on top.

Kind regards
Janet Moss
Proprietor`,
    expect: offer({ fee: 1550, weeks: 38, addOns: 95, start: '2027-09-01' }),
  },
  {
    name: 'outlook-offer-subject-to-visit-fortnightly-therapy',
    client: 'outlook',
    referral: 'dp',
    provider: 'The Harbour School',
    from: 'Lisa Quayle <l.quayle@theharbourschool.example>',
    sent: '2026-11-30T10:15:00Z',
    text: `Dear Daniel,

Thank you for the referral. Subject to a successful transition visit, we can meet DP's needs and would offer a place in our Year 11 group.

Fees: £3,675 per week for 38 weeks; CAMHS-linked therapy fortnightly would be £140 per session (so £70 a week averaged over the term).
Start: we could take DP from Wednesday 6th January 2027.

Kind regards
Lisa Quayle
Head of School`,
    expect: offer({ fee: 3675, weeks: 38, addOns: 70, start: '2027-01-06' }),
  },
  {
    name: 'gmail-decline-medical-cannot-safely',
    client: 'gmail',
    referral: 'lt',
    provider: 'Arden Vale College',
    from: 'Admissions <admissions@ardenvale.example>',
    sent: '2027-02-08T13:05:00Z',
    text: `Dear Daniel,

Thank you for considering Arden Vale for LT. Our team has looked closely at the referral and, although we have experience with physical disabilities, we do not currently have staff trained in gastrostomy feeding or the administration of rescue medication overnight. We therefore don't feel we could safely support LT's medical needs in residence.

We're sorry not to be able to help on this occasion.

Best wishes,
Fiona Grant
Head of Admissions`,
    expect: decline(),
  },
  {
    name: 'owa-offer-38-or-52-week-options',
    client: 'owa',
    referral: 'tc',
    provider: 'Hearing Futures School',
    from: 'Owen Parry <o.parry@hearingfutures.example>',
    sent: '2027-03-11T15:20:00Z',
    text: `Hello Daniel,

Thank you – we can meet TC's needs and have a place in Year 7 from 2 September 2027.

We can offer either a 38-week weekly boarding place at £4,060 per week or, if the family would prefer, a 52-week place at £5,230 per week. Please let us know which the council would like us to hold.

Regards,
Owen Parry
Head of Admissions, Hearing Futures School`,
    expect: offer({ fee: null, weeks: null, start: '2027-09-02' }),
  },
  {
    name: 'ticket-system-auto-reply-no-headers',
    raw: () =>
      autoReplyMessage({
        referral: 'mr',
        provider: "St Mary's Specialist School",
        from: "St Mary's Admissions <admissions@stmarys-specialist.example>",
        sent: '2027-01-11T10:03:12Z',
        subject: '[ADM-44821] RE: {subject}',
        text: `Thank you for contacting St Mary's Admissions.

This is an automated response to confirm that we have received your email. Your reference number is ADM-44821.

A member of our admissions team will respond within 5 working days. Please do not reply to this message.`,
      }),
    expect: autoReply(),
  },
  {
    name: 'iphone-query-two-questions',
    client: 'iphone',
    referral: 'ew',
    provider: 'Pathways College',
    from: 'Jas Dhillon <jas.dhillon@pathways-college.example>',
    sent: '2027-03-02T08:12:00Z',
    text: `Hi Priya, does EW have a travel trainer already or is that something you'd want us to provide? Also is the 38 weeks fixed? Thanks Jas`,
    expect: query(),
  },
  {
    name: 'gmail-bottom-posted-offer',
    client: 'gmail',
    quote: 'bottom',
    referral: 'mr',
    provider: 'Forest Lane School',
    from: 'Hannah Reid <hannah.reid@forestlane.example>',
    sent: '2027-01-18T11:11:00Z',
    text: `Dear Daniel,

We can offer MR a place in our Communication and Interaction class from Monday 19 April 2027. Our weekly fee is £2,645 (38-week year) and includes SALT twice a week. 1:1 at lunch and break would cost a further £210 per week.

Kind regards,
Hannah Reid
SENCo`,
    expect: offer({ fee: 2645, weeks: 38, addOns: 210, start: '2027-04-19' }),
  },
  {
    name: 'outlook-decline-cohort-compatibility',
    client: 'outlook',
    referral: 'jb',
    provider: 'Cliffe House',
    from: 'Andrew Moss <a.moss@cliffehouse.example>',
    sent: '2026-11-25T15:35:00Z',
    text: `Dear Priya,

Thank you for the referral for JB. We have given it careful thought.

Our current residential group is made up of younger and quite vulnerable boys, and we feel that JB's presentation, particularly the physical aggression described in Section B, would not be compatible with their needs at present. For that reason we are unable to progress this referral.

Yours sincerely,
Andrew Moss
Principal`,
    expect: decline(),
  },
  {
    name: 'outlook-offer-monthly-charge',
    client: 'outlook',
    referral: 'jb',
    provider: 'Brackenfield Care & Education',
    from: 'Accounts <accounts@brackenfield.example>',
    sent: '2026-11-23T10:00:00Z',
    text: `Dear Priya,

Brackenfield can meet JB's needs in our four-bed home with education on site, on a 52-week basis. Our charge is £21,450 per calendar month, invoiced monthly in advance. We could offer a start from Monday 11 January.

Kind regards,
Elaine Fox
Finance and Admissions`,
    expect: offer({ fee: 4950, weeks: 52, start: '2027-01-11' }),
  },
  {
    name: 'gmail-decline-not-registered-for-need',
    client: 'gmail',
    referral: 'rs',
    provider: 'Brook Mill School',
    from: 'Admissions <admissions@brookmill.example>',
    sent: '2027-02-25T09:25:00Z',
    text: `Good morning Priya,

Thank you for sending RS's referral. Brook Mill is a school for pupils with moderate learning difficulties and autism, and we are not registered for pupils with PMLD or complex health needs, so I'm afraid this would not be an appropriate placement.

Kind regards,
Sally Dean`,
    expect: decline(),
  },
  {
    name: 'outlook-offer-table-weekly-annual-columns',
    client: 'outlook',
    referral: 'lt',
    provider: 'Kingsmead College',
    from: 'Victoria Hart <v.hart@kingsmead.example>',
    sent: '2027-02-10T16:40:00Z',
    text: `Dear Daniel,

Further to our assessment visit, Kingsmead College can meet LT's needs and would like to offer her a residential place from 1 September 2027. Our fee breakdown is set out below.

[[table]]

The fees are for a 38-week placement. Please note that fees are subject to annual review each April.

Kind regards,
Victoria Hart
Head of Admissions`,
    table: [
      ['Element', 'Weekly', 'Annual'],
      ['Education and residential (core)', '£4,380', '£166,440'],
      ['Waking night staff', '£520', '£19,760'],
      ['Physiotherapy (weekly)', '£110', '£4,180'],
    ],
    expect: offer({ fee: 4380, weeks: 38, addOns: 630, start: '2027-09-01' }),
  },
  {
    name: 'owa-query-numbered-questions',
    client: 'owa',
    referral: 'dp',
    provider: 'Brightwater School',
    from: 'Michelle Ward <m.ward@brightwater.example>',
    sent: '2026-11-26T11:00:00Z',
    text: `Hi Daniel,

Thanks for the referral for DP. I have a couple of questions before we can give you an answer:

1. Has DP been assessed by CAMHS in the last six months, and is there a current safety plan?
2. Is the council able to fund a key worker on top of the placement fee, if we felt one was needed?

If you can send the safety plan over that would help us a lot.

Thanks,
Michelle`,
    expect: query(),
  },
  {
    name: 'thunderbird-flowed-formal-offer',
    client: 'thunderbird',
    quote: 'top',
    referral: 'ak',
    provider: 'Pinewood School',
    from: 'Dr Alan Pryce <alan.pryce@pinewood-school.example>',
    sent: '2026-11-18T08:30:00Z',
    text: `Dear Ms Shah,

Thank you for your referral regarding AK. I am writing to confirm that, having reviewed the information provided in Sections B, E and F, Pinewood School is able to meet her special educational needs, and we would be glad to offer her a place in our Year 8 autism resource from 6 September 2027.

The fee for the 2027/28 academic year will be £3,560 per week for a 38-week placement, inclusive of speech and language therapy and occupational therapy input. The 1:1 support at unstructured times referred to in Section F would be charged separately at £435 per week.

Yours sincerely,

Dr Alan Pryce
Headteacher`,
    expect: offer({ fee: 3560, weeks: 38, addOns: 435, start: '2027-09-06' }),
  },
  {
    name: 'gmail-decline-at-capacity',
    client: 'gmail',
    referral: 'mr',
    provider: 'Ladybridge School',
    from: 'Pam Hurst <pam.hurst@ladybridge.example>',
    sent: '2027-01-12T16:00:00Z',
    text: `Hi Daniel

Thanks for sending MR's referral over. Unfortunately our language base is at capacity for the rest of this academic year and for September, so we're unable to consider him at the moment.

Best wishes
Pam`,
    expect: decline(),
  },
  {
    name: 'outlook-ack-received-and-logged',
    client: 'outlook',
    referral: 'ak',
    provider: 'Westfield House',
    from: 'Admissions Westfield <admissions@westfieldhouse.example>',
    sent: '2026-11-11T09:45:00Z',
    text: `Good morning,

Thank you for your referral, which we have received and logged. Our Head of Admissions is reviewing the information and we aim to respond within the timescale you have given.

Kind regards,
Lucy
Admissions Assistant`,
    expect: acknowledgement(),
  },
  {
    name: 'gmail-offer-evening-k-a-week',
    client: 'gmail',
    referral: 'jb',
    provider: 'Oak Tree Lodge',
    from: 'Craig Bennett <craig@oaktreelodge.example>',
    sent: '2026-11-18T22:05:00Z',
    text: `Evening Priya,

We've discussed JB at our team meeting today and we'd love to offer him a place in our Hawthorn house. 52 weeks, £5.2k a week, which covers the 2:1 community staffing. Start date could be Monday 4th Jan.

Weekly therapy would be an additional £180.

Thanks, Craig
Oak Tree Lodge | 01942 555 0321`,
    expect: offer({ fee: 5200, weeks: 52, addOns: 180, start: '2027-01-04' }),
  },
  {
    name: 'apple-mail-decline-points-to-sister-school',
    client: 'apple-mail',
    referral: 'tc',
    provider: 'Ashbourne School',
    from: 'Kate Lyons <kate.lyons@ashbourne.example>',
    sent: '2027-03-11T13:30:00Z',
    text: `Dear Daniel,

Thank you for the referral. I'm sorry to say that Ashbourne doesn't have BSL-fluent staff, so we wouldn't be able to provide the communication environment TC needs. Our sister school, Hollybank, does specialise in this and may be worth contacting.

All the best,
Kate`,
    expect: decline(),
  },
  {
    name: 'gmail-offer-labelled-lines-vague-start',
    client: 'gmail',
    referral: 'dp',
    provider: 'Vale Park School',
    from: 'Ian Cole <ian.cole@valepark.example>',
    sent: '2026-11-25T12:00:00Z',
    text: `Hi Daniel,

We'd be pleased to offer DP a place. Our team feel confident we can meet his needs, and his interest in computing would fit well with our digital skills pathway.

Weekly fee: £3,240
Weeks: 38
Extras: none
Start: as soon as the paperwork is agreed – we could do the week after the Christmas holidays.

Ian`,
    expect: offer({ fee: 3240, weeks: 38, addOns: 0 }),
  },
  {
    name: 'outlook-plain-decline-intake-full-wrapped',
    client: 'outlook-plain',
    referral: 'ew',
    provider: 'Daleside College',
    from: 'Jenny Turner <j.turner@daleside.example>',
    sent: '2027-03-03T11:20:00Z',
    text: `Dear Priya

Thank you for the referral for EW, which we have discussed with our curriculum team. Our entry level provision is full for 2027/28 and we are not accepting any further applications for that intake, so on this occasion we must say no.

Regards
Jenny Turner
Admissions`,
    expect: decline(),
  },
  {
    name: 'gmail-query-care-plans-before-assessing',
    client: 'gmail',
    referral: 'lt',
    provider: 'Greenacres College',
    from: 'Tessa Morgan <t.morgan@greenacres.example>',
    sent: '2027-02-03T10:10:00Z',
    text: `Dear Daniel,

Thank you for the referral for LT, which I've shared with our nursing lead. So that we can assess properly, please could you send the epilepsy care plan and the gastrostomy feeding regime? We'll then aim to get back to you within ten days.

Kind regards,
Tessa Morgan`,
    expect: query(),
  },
  {
    name: 'exchange-ndr-recipient-not-found',
    raw: () => bounce({ referral: 'jb', provider: 'Ravenscar House', recipient: 'referrals@ravenscarhouse.example', sent: '2026-11-16T08:41:05Z', style: 'exchange' }),
    expect: bounced(),
  },
  {
    name: 'gmail-vacation-responder',
    raw: () =>
      autoReplyMessage({
        referral: 'dp',
        provider: 'Brightwater School',
        from: 'Michelle Ward <m.ward@brightwater.example>',
        sent: '2026-11-23T13:21:30Z',
        subject: 'Away until 1 December',
        headers: [
          ['Auto-Submitted', 'auto-replied'],
          ['Precedence', 'bulk'],
        ],
        text: `Hi,

I'm away on a course until Tuesday 1 December and won't be checking emails. If your message is about a referral, please resend it to admissions@brightwater.example.

Thanks,
Michelle`,
      }),
    expect: autoReply(),
  },
  {
    name: 'out-of-office-text-only',
    raw: () =>
      autoReplyMessage({
        referral: 'ew',
        provider: 'Lakeside Skills Centre',
        from: 'Mo Ahmed <mo.ahmed@lakesideskills.example>',
        sent: '2027-03-01T10:01:10Z',
        subject: 'RE: {subject}',
        text: `I am currently on annual leave returning on 10th March 2027. Your email will not be forwarded.

For urgent matters please contact the college office on 01925 555 0911.`,
      }),
    expect: autoReply(),
  },
  {
    name: 'outlook-offer-refundable-registration-fee',
    client: 'outlook',
    referral: 'ew',
    provider: 'Horizons Training',
    from: 'Phil Grant <p.grant@horizons-training.example>',
    sent: '2027-03-06T10:00:00Z',
    text: `Hi Priya,

Horizons can meet EW's needs on our supported internship preparation programme and we can offer a place starting on 13 September 2027.

Our price is £1,650 per week over 38 weeks. We ask for a one-off registration fee of £250, which is refundable if the placement doesn't go ahead.

Regards
Phil`,
    expect: offer({ fee: 1650, weeks: 38, start: '2027-09-13' }),
  },
  {
    name: 'gmail-decline-could-meet-needs-no-place',
    client: 'gmail',
    referral: 'ak',
    provider: 'Heathfield School',
    from: 'Ruth Kelly <ruth@heathfield-school.example>',
    sent: '2026-11-16T10:00:00Z',
    text: `Hi Priya,

We'd be confident about meeting her needs – AK is very much the kind of pupil we support well. Sadly though our Year 8 class is full and we won't have a place before September 2028.

Ruth`,
    expect: decline(true),
  },
  {
    name: 'owa-decline-formal-section-f',
    client: 'owa',
    referral: 'tc',
    provider: 'Beacon Hill School',
    from: "Head's PA <pa@beaconhill.example>",
    sent: '2027-03-15T09:00:00Z',
    text: `Dear Mr Hughes,

Referral PR-2027-0047

The Headteacher has asked me to reply on her behalf. Having considered the information provided, the school's view is that it cannot make the special educational provision set out in Section F, in particular the requirement for BSL-fluent teaching staff across the curriculum. The school therefore does not consider itself suitable for TC.

Yours sincerely,
Joanne Platt
PA to the Headteacher`,
    expect: decline(),
  },
  {
    name: 'iphone-offer-terse',
    client: 'iphone',
    referral: 'jb',
    provider: 'Stonegate House',
    from: 'Lee Burke <lee@stonegate-house.example>',
    sent: '2026-11-17T06:45:00Z',
    text: `Yes we can offer JB a place. £4,390 pw 52 weeks. 11/01/27 earliest. Lee`,
    expect: offer({ fee: 4390, weeks: 52, start: '2027-01-11' }),
  },
  {
    name: 'gmail-ack-head-away-on-trip',
    client: 'gmail',
    referral: 'rs',
    provider: 'Meadowbank Special School',
    from: 'Debbie Lane <office@meadowbank.example>',
    sent: '2027-02-22T15:10:00Z',
    text: `Dear Priya,

Many thanks for your email. Mrs Okoro, our Headteacher, is away this week on a residential trip; I will make sure she sees the referral for RS as soon as she is back on Monday and she will reply to you then.

Kind regards,
Debbie Lane
School Office Manager`,
    expect: acknowledgement(),
  },
  {
    name: 'outlook-offer-hourly-addon-hours-unknown',
    client: 'outlook',
    referral: 'mr',
    provider: 'Lowther School',
    from: 'Emma Walsh <e.walsh@lowther.example>',
    sent: '2027-01-19T12:30:00Z',
    text: `Dear Daniel,

We have considered the referral for MR and can confirm that we can meet his needs and offer a place from the start of the summer term (19/04/2027).

The weekly fee is £2,590 for a 38-week placement. Lunchtime and break 1:1 is charged at £19.50 per hour.

Kind regards,
Emma Walsh
Business Manager`,
    expect: offer({ fee: 2590, weeks: 38, addOns: null, start: '2027-04-19' }),
  },
  {
    name: 'samsung-decline-profile-mismatch',
    client: 'samsung',
    referral: 'ew',
    provider: 'Lakeside Skills Centre',
    from: 'Mo Ahmed <mo.ahmed@lakesideskills.example>',
    sent: '2027-03-02T17:50:00Z',
    text: `Hi Priya, thanks for thinking of us but EW's profile doesn't really match what we offer - our courses are all level 1 and above. Good luck finding somewhere. Mo`,
    expect: decline(),
  },
  {
    name: 'gmail-offer-wc-start-no-extras',
    client: 'gmail',
    referral: 'ak',
    provider: 'Sandfield School',
    from: 'Nadia Khan <nadia.khan@sandfield.example>',
    sent: '2026-11-20T14:20:00Z',
    text: `Hi Priya,

Happy to confirm that we can meet AK's needs. We can offer her a place starting w/c 6th September 2027, with a gradual timetable for the first two weeks.

Fee is £3,050 per week, 38 weeks per year, inclusive of all therapies listed in Section F. No additional charges.

Nadia Khan
Admissions`,
    expect: offer({ fee: 3050, weeks: 38, addOns: 0, start: '2027-09-06' }),
  },
  {
    name: 'outlook-decline-not-the-right-setting',
    client: 'outlook',
    referral: 'jb',
    provider: 'Moorland View',
    from: 'Kevin Shaw <k.shaw@moorlandview.example>',
    sent: '2026-11-24T10:30:00Z',
    text: `Priya,

Thanks for the referral for JB. I've discussed it with our clinical lead and I'm afraid we don't think Moorland View is the right setting for him – our homes are set up for young people with lower levels of risk in the community, and 2:1 staffing isn't something we can sustain.

Kevin Shaw
Registered Manager`,
    expect: decline(),
  },
  {
    name: 'forward-as-attachment-offer',
    raw: () =>
      forwardAsAttachment({
        referral: 'ew',
        provider: 'Riverbank College',
        from: 'Riverbank Admissions <admissions@riverbank-college.example>',
        sent: '2027-03-08T09:30:00Z',
        note: `Please see attached response from our Curriculum Manager.

Regards
Admissions`,
        inner: {
          from: 'Dawn Hill <d.hill@riverbank-college.example>',
          to: 'Riverbank Admissions <admissions@riverbank-college.example>',
          sent: '2027-03-05T16:10:00Z',
          subject: 'EW referral',
          text: `Happy to offer EW a place on Pathways to Independence from 6 September 2027. Weekly fee £2,115 over 38 weeks, mentoring included, no other costs.

Dawn`,
        },
      }),
    expect: offer({ fee: 2115, weeks: 38, addOns: 0, start: '2027-09-06' }),
  },
  {
    name: 'gmail-dsn-address-not-found',
    raw: () => bounce({ referral: 'mr', provider: 'Forest Lane School', recipient: 'hannah.reid.forestlane@gmail.com', sent: '2027-01-11T10:02:30Z', style: 'gmail' }),
    expect: bounced(),
  },
  {
    name: 'gmail-query-later-start-possible',
    client: 'gmail',
    referral: 'lt',
    provider: 'Hillside Residential College',
    from: 'Tom Price <tom.price@hillsidecollege.example>',
    sent: '2027-02-04T09:40:00Z',
    text: `Hi Daniel,

Could you let me know whether LT would need to start on 1 September, or would the family consider a later start in January 2028? We'd need a few months to recruit waking night staff.

Thanks
Tom`,
    expect: query(),
  },
  {
    name: 'outlook-offer-weeks-from-annual-ratio',
    client: 'outlook',
    referral: 'rs',
    provider: 'Chestnut Grove School',
    from: 'Finance <finance@chestnutgrove.example>',
    sent: '2027-03-01T11:00:00Z',
    text: `Dear Priya,

Chestnut Grove is able to meet RS's needs, including tracheostomy care by our on-site nursing team. We could offer a place from Monday 12 April 2027.

Weekly fee: £3,980 (annual cost £151,240).
Nursing is included in the fee.

Kind regards,
Paula Jenkins
Finance Manager`,
    expect: offer({ fee: 3980, weeks: 38, start: '2027-04-12' }),
  },
  {
    name: 'thunderbird-bottom-decline-honest',
    client: 'thunderbird',
    quote: 'bottom',
    referral: 'dp',
    provider: 'Eastfield Academy',
    from: 'Peter Lowe <p.lowe@eastfield-academy.example>',
    sent: '2026-11-25T16:45:00Z',
    text: `Daniel,

I've read through DP's referral with our SENCo. We're a mainstream-sized independent school and, honestly, we don't think we'd be able to give him the small, calm environment he needs. It wouldn't be fair on him to offer a place we couldn't sustain.

Sorry not to be more help.

Peter Lowe
Deputy Head`,
    expect: decline(),
  },
  {
    name: 'newsletter-open-evening',
    raw: () =>
      bulk({
        from: 'Kingsmead College <news@kingsmead.example>',
        to: 'placements@northshire-council.example',
        sent: '2027-02-14T07:00:00Z',
        subject: 'Spring Open Evening – come and see Kingsmead!',
        text: `Kingsmead College Spring Open Evening

Thursday 11 March 2027, 4pm to 7pm

Tour our residential houses, meet our therapy team and see our new sensory suite. Places on our 2027 intake are filling fast - book your visit today.

Kingsmead College, Registered charity 1102345
Unsubscribe: https://kingsmead.us21.list-manage.com/unsubscribe`,
        html: `<html><body><h1>Spring Open Evening</h1><p>Thursday 11 March 2027, 4pm to 7pm</p><p>Tour our residential houses, meet our therapy team and see our new sensory suite. Places on our 2027 intake are filling fast &ndash; book your visit today.</p><p style="font-size:11px">Kingsmead College, Registered charity 1102345 &middot; <a href="https://kingsmead.us21.list-manage.com/unsubscribe">Unsubscribe</a></p></body></html>`,
      }),
    expect: unknown(),
  },
  {
    name: 'gmail-offer-k-per-annum',
    client: 'gmail',
    referral: 'lt',
    provider: 'Rowan Park College',
    from: 'Marcus Lee <marcus@rowanpark.example>',
    sent: '2027-02-12T12:00:00Z',
    text: `Hi Daniel,

Quick update on LT: we can meet her needs and we've got a residential place for September (1st). Costs are £182.4k per annum for the 38 weeks, which includes waking nights and physio.

Marcus`,
    expect: offer({ fee: 4800, weeks: 38, start: '2027-09-01' }),
  },
  {
    name: 'owa-ack-next-week',
    client: 'owa',
    referral: 'mr',
    provider: 'Brambles School',
    from: 'Sue Hart <s.hart@brambles.example>',
    sent: '2027-01-11T15:15:00Z',
    text: `Hi Daniel,

Thank you – received. We'll look at MR's referral at our Thursday meeting and come back to you next week.

Sue`,
    expect: acknowledgement(),
  },
  {
    name: 'thunderbird-interleaved-form-answers',
    client: 'thunderbird',
    quote: 'none',
    referral: 'ak',
    provider: 'Maple Court School',
    from: 'Jill Barker <jill.barker@maplecourt.example>',
    sent: '2026-11-17T13:25:00Z',
    text: `On 10/11/2026 09:14, Northshire Placements wrote:
> Can you meet the needs in Section F? (yes/no):

Yes

> Weekly fee (£):

3,295

> Weeks per year (38/52):

38

> Additional costs per week (e.g. 1:1, therapies) (£):

1:1 at unstructured times £360 per week

> Earliest start date (dd/mm/yyyy):

06/09/2027

> Conditions or questions:

None

Jill Barker
Maple Court School`,
    expect: offer({ fee: 3295, weeks: 38, addOns: 360, start: '2027-09-06' }),
  },
  {
    name: 'gmail-decline-medical-beyond-commissioned',
    client: 'gmail',
    referral: 'rs',
    provider: 'Abbeyfield School',
    from: 'Admissions <admissions@abbeyfield.example>',
    sent: '2027-02-26T10:20:00Z',
    text: `Dear Priya,

Thank you for your referral for RS. Regrettably, the level of medical need described, in particular the tracheostomy care and suction, is beyond what our school nursing team is commissioned to provide. We would therefore be unable to make a safe offer of a place.

With kind regards,
Admissions Team
Abbeyfield School`,
    expect: decline(),
  },
  {
    name: 'apple-mail-offer-fee-schedule-attached',
    client: 'apple-mail',
    referral: 'jb',
    provider: 'Fellside School',
    from: 'Amanda Cross <amanda.cross@fellside.example>',
    sent: '2026-11-19T16:05:00Z',
    text: `Hi Priya,

We can meet JB's needs and offer a 52-week place from 4 January. Our weekly fee is £4,720; the full fee schedule is attached.

Kind regards,
Amanda`,
    attachments: [{ filename: 'Fee schedule 2026-27.pdf', contentType: 'application/pdf', content: '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n' }],
    expect: offer({ fee: 4720, weeks: 52, start: '2027-01-04' }),
  },
  {
    name: 'exim-bounce-mailbox-full',
    raw: () => bounce({ referral: 'mr', provider: 'Brambles School', recipient: 'head@brambles.example', sent: '2027-01-12T02:15:00Z', style: 'exim' }),
    expect: bounced(),
  },
  {
    name: 'outlook-query-before-quoting',
    client: 'outlook',
    referral: 'ak',
    provider: 'Holmwood School',
    from: 'Beth Carr <b.carr@holmwood.example>',
    sent: '2026-11-13T10:00:00Z',
    text: `Hello Priya,

We're keen to consider AK. Before we can put a fee together, could you clarify whether the 1:1 support in Section F is needed at unstructured times only, or across the whole school day? It makes a significant difference to the staffing we'd need.

Many thanks,
Beth Carr
Business Manager`,
    expect: query(),
  },
  {
    name: 'exchange-delivery-delayed',
    raw: () => bounce({ referral: 'tc', provider: 'Beacon Hill School', recipient: 'pa@beaconhill.example', sent: '2027-03-08T13:46:00Z', style: 'delay' }),
    expect: autoReply(),
  },
  {
    name: 'outlook-fw-head-declines',
    client: 'outlook',
    quote: 'none',
    referral: 'ak',
    provider: 'Oaklea School',
    from: 'Karen Webb <k.webb@oakleaschool.example>',
    sent: '2026-11-19T08:15:00Z',
    subject: 'FW: AK referral',
    text: `Priya – see the Head's response below.

Regards,
Karen

From: Michael Dunn <m.dunn@oakleaschool.example>
Sent: 18 November 2026 16:02
To: Karen Webb <k.webb@oakleaschool.example>
Subject: RE: AK referral

Karen, I've read AK's paperwork. We're not the right fit for her I'm afraid – our KS3 classes are 12+ and very lively. Please let the council know.

Michael`,
    expect: decline(),
  },
];
