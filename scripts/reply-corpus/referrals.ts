import { buildReferralEmail, type ReferralEmailView } from '../../src/mail/outbound/referral-email.js';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { Lot, NeedCode } from '../../src/domain/reference-data.js';
import type { ChildSex } from '../../src/domain/placement-request/fields.js';
import { stableHex } from './mime.js';

/**
 * The referrals the corpus replies answer: built by the product's own referral builder, so the quoted
 * history in each reply is exactly what providers receive (form lines, required start date, deadline).
 */

export interface Council {
  name: string;
  officer: string;
  officerEmail: string;
  /** The council's sending address, as it appears in quoted headers. */
  sender: string;
  senderName: string;
  replyDomain: string;
}

export const COUNCILS = {
  northshire: {
    name: 'Northshire Council',
    officer: 'Priya Shah',
    officerEmail: 'priya.shah@northshire-council.example',
    sender: 'placements@northshire-council.example',
    senderName: 'Northshire Placements',
    replyDomain: 'replies.northshire-council.example',
  },
  westbay: {
    name: 'Westbay Borough Council',
    officer: 'Daniel Hughes',
    officerEmail: 'daniel.hughes@westbay.example',
    sender: 'sen.placements@westbay.example',
    senderName: 'Westbay SEN Placements',
    replyDomain: 'replies.westbay.example',
  },
} satisfies Record<string, Council>;

export type CouncilKey = keyof typeof COUNCILS;

export interface ReferralSeed {
  council: CouncilKey;
  reference: string;
  initials: string;
  age: number;
  yearGroup: string | null;
  sex: ChildSex;
  primaryNeed: NeedCode;
  secondaryNeeds: NeedCode[];
  sectionB: string;
  sectionE: string;
  sectionF: string;
  lot: Lot;
  requiredStartDate: CalendarDate;
  postcodeDistrict: string;
  risks: string[];
  medicalNeeds?: string;
  transportNeeds?: string;
  /** When the referral went out (ISO date-time). */
  sentAt: string;
  responseDeadline: CalendarDate;
}

export const REFERRALS = {
  ak: {
    council: 'northshire',
    reference: 'PR-2026-0042',
    initials: 'AK',
    age: 12,
    yearGroup: 'Year 8',
    sex: 'female',
    primaryNeed: 'ASD',
    secondaryNeeds: ['SLCN'],
    sectionB: 'Diagnosis of autism; high anxiety in busy environments, limited verbal communication when dysregulated, sensory seeking.',
    sectionE: 'To manage transitions with a visual timetable; to access English and maths at KS3 level with support.',
    sectionF: 'Small class (max 8) with 1:1 support at unstructured times; SALT 1 session a week; sensory diet reviewed by an OT termly.',
    lot: 1,
    requiredStartDate: '2027-09-06',
    postcodeDistrict: 'WA7',
    risks: ['Absconding'],
    sentAt: '2026-11-10T09:14:00Z',
    responseDeadline: '2026-11-24',
  },
  jb: {
    council: 'northshire',
    reference: 'PR-2026-0057',
    initials: 'JB',
    age: 14,
    yearGroup: 'Year 10',
    sex: 'male',
    primaryNeed: 'SEMH',
    secondaryNeeds: ['SPLD'],
    sectionB: 'Attachment difficulties and ADHD; verbal and physical aggression when challenged; dyslexia.',
    sectionE: 'To remain in full-time education; to achieve functional skills level 1 in English and maths.',
    sectionF: 'Therapeutic residential setting, 52 weeks; 2:1 staffing in the community; weekly therapy.',
    lot: 3,
    requiredStartDate: '2027-01-04',
    postcodeDistrict: 'WN2',
    risks: ['Behaviour that challenges', 'Absconding'],
    sentAt: '2026-11-16T08:40:00Z',
    responseDeadline: '2026-11-30',
  },
  mr: {
    council: 'westbay',
    reference: 'PR-2026-0108',
    initials: 'MR',
    age: 9,
    yearGroup: 'Year 4',
    sex: 'male',
    primaryNeed: 'SLCN',
    secondaryNeeds: ['ASD'],
    sectionB: 'Severe receptive and expressive language disorder; echolalia; anxiety at lunchtimes.',
    sectionE: 'To use a core vocabulary board across the day; to take part in group work with an adult.',
    sectionF: 'Specialist language base; SALT twice weekly delivered by a therapist; 1:1 at lunch and break.',
    lot: 1,
    requiredStartDate: '2027-04-19',
    postcodeDistrict: 'CH41',
    risks: [],
    transportNeeds: 'Home-to-school transport with an escort.',
    sentAt: '2027-01-11T10:02:00Z',
    responseDeadline: '2027-01-25',
  },
  lt: {
    council: 'westbay',
    reference: 'PR-2027-0011',
    initials: 'LT',
    age: 17,
    yearGroup: 'Year 13',
    sex: 'female',
    primaryNeed: 'SLD',
    secondaryNeeds: ['PD', 'VI'],
    sectionB: 'Severe learning difficulty with cerebral palsy; uses a wheelchair; cortical visual impairment.',
    sectionE: 'To develop independence skills for adult life; to communicate choices using eye gaze.',
    sectionF: 'Post-16 residential college, 38 weeks; waking night staff; physiotherapy weekly; moving and handling by two staff.',
    lot: 5,
    requiredStartDate: '2027-09-01',
    postcodeDistrict: 'CH62',
    risks: ['Medical needs'],
    medicalNeeds: 'Epilepsy with rescue medication; gastrostomy feeding.',
    sentAt: '2027-02-01T11:30:00Z',
    responseDeadline: '2027-02-15',
  },
  rs: {
    council: 'northshire',
    reference: 'PR-2027-0019',
    initials: 'RS',
    age: 7,
    yearGroup: 'Year 2',
    sex: 'female',
    primaryNeed: 'PMLD',
    secondaryNeeds: ['MSI'],
    sectionB: 'Profound and multiple learning difficulties; dual sensory loss; complex health needs.',
    sectionE: 'To tolerate positional changes; to anticipate routines through objects of reference.',
    sectionF: 'Day special school with on-site nursing; sensory curriculum; physiotherapy and hydrotherapy.',
    lot: 1,
    requiredStartDate: '2027-04-12',
    postcodeDistrict: 'WA1',
    risks: ['Medical needs'],
    medicalNeeds: 'Tracheostomy care; suction required.',
    sentAt: '2027-02-22T09:05:00Z',
    responseDeadline: '2027-03-08',
  },
  dp: {
    council: 'westbay',
    reference: 'PR-2026-0131',
    initials: 'DP',
    age: 15,
    yearGroup: 'Year 11',
    sex: 'male',
    primaryNeed: 'ASD',
    secondaryNeeds: ['SEMH'],
    sectionB: 'Autism and a history of school refusal; self-harm when anxious; strong interest in computing.',
    sectionE: 'To attend at least 80% of sessions; to sit GCSEs in maths, English and computer science.',
    sectionF: 'Small independent day school for autistic pupils; key worker; CAMHS-linked therapy fortnightly.',
    lot: 1,
    requiredStartDate: '2027-01-06',
    postcodeDistrict: 'CH44',
    risks: ['Self-harm'],
    sentAt: '2026-11-23T13:20:00Z',
    responseDeadline: '2026-12-07',
  },
  ew: {
    council: 'northshire',
    reference: 'PR-2027-0034',
    initials: 'EW',
    age: 16,
    yearGroup: 'Year 12',
    sex: 'not_stated',
    primaryNeed: 'MLD',
    secondaryNeeds: ['SEMH'],
    sectionB: 'Moderate learning difficulty; low self-esteem; vulnerable to exploitation online and in the community.',
    sectionE: 'To complete an entry level 3 vocational course; to travel independently on a familiar route.',
    sectionF: 'Post-16 day provision, 38 weeks; small group teaching; travel training; mentoring weekly.',
    lot: 4,
    requiredStartDate: '2027-09-06',
    postcodeDistrict: 'WA5',
    risks: ['Exploitation'],
    sentAt: '2027-03-01T10:00:00Z',
    responseDeadline: '2027-03-15',
  },
  tc: {
    council: 'westbay',
    reference: 'PR-2027-0047',
    initials: 'TC',
    age: 11,
    yearGroup: 'Year 7',
    sex: 'female',
    primaryNeed: 'HI',
    secondaryNeeds: [],
    sectionB: 'Profound bilateral hearing loss; cochlear implants; BSL is her first language.',
    sectionE: 'To access the curriculum through BSL; to develop written English.',
    sectionF: 'Specialist provision for deaf pupils with BSL-fluent staff; Teacher of the Deaf; audiology support.',
    lot: 2,
    requiredStartDate: '2027-09-02',
    postcodeDistrict: 'CH46',
    risks: [],
    sentAt: '2027-03-08T09:45:00Z',
    responseDeadline: '2027-03-22',
  },
} satisfies Record<string, ReferralSeed>;

export type ReferralKey = keyof typeof REFERRALS;

export interface BuiltReferral {
  seed: ReferralSeed;
  council: Council;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  replyAddress: string;
}

export function buildReferral(key: ReferralKey, providerName: string, contactName: string | undefined): BuiltReferral {
  const seed: ReferralSeed = REFERRALS[key];
  const council = COUNCILS[seed.council];
  const view: ReferralEmailView = {
    councilName: council.name,
    requestReference: seed.reference,
    providerName,
    ...(contactName ? { contactName } : {}),
    childInitials: seed.initials,
    age: seed.age,
    yearGroup: seed.yearGroup,
    sex: seed.sex,
    primaryNeed: seed.primaryNeed,
    secondaryNeeds: seed.secondaryNeeds,
    sectionB: seed.sectionB,
    sectionE: seed.sectionE,
    sectionF: seed.sectionF,
    lot: seed.lot,
    requiredStartDate: seed.requiredStartDate,
    postcodeDistrict: seed.postcodeDistrict,
    riskFlags: seed.risks,
    ...(seed.medicalNeeds ? { medicalNeeds: seed.medicalNeeds } : {}),
    ...(seed.transportNeeds ? { transportNeeds: seed.transportNeeds } : {}),
    responseDeadline: seed.responseDeadline,
    officerName: council.officer,
    officerEmail: council.officerEmail,
    productName: 'Placement Desk',
  };
  const built = buildReferralEmail(view);
  const token = stableHex(`${seed.reference}:${providerName}`, 10);
  return {
    seed,
    council,
    subject: built.subject,
    text: built.text,
    html: built.html,
    messageId: `<referral.${seed.reference}.${token}@${council.replyDomain}>`,
    replyAddress: `reply+${parseInt(token.slice(0, 4), 16)}.${token}@${council.replyDomain}`,
  };
}
