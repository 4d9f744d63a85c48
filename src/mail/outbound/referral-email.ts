import { formatUkDate, type CalendarDate } from '../../domain/calendar-date.js';
import { CHILD_SEX_LABELS, type ChildSex } from '../../domain/placement-request/fields.js';
import { formatPounds } from '../../domain/money.js';
import { LOT_LABELS, NEED_LABELS, type Lot, type NeedCode } from '../../domain/reference-data.js';
import { renderEmail, type Block } from './layout.js';

/**
 * The e-mails of a call-off: referral, reminder, award and "not selected".
 *
 * A referral goes to many providers, so it is pseudonymised by construction: `ReferralEmailView` has no
 * field for a name, a date of birth, an address or the EHC plan itself, and the builder can only print
 * what the view holds. Whoever builds the view decides what is summarised; nothing here can add more.
 */

export interface ReferralEmailView {
  councilName: string;
  /** 'PR-2026-0042': in the subject so a reply can be routed by it even without the reply address. */
  requestReference: string;
  providerName: string;
  contactName?: string;
  /** Upper-case letters, e.g. 'JS'. */
  childInitials: string;
  /** Completed years on the required start date. */
  age: number;
  /** 'Year 4', 'Reception'…; null when not known. */
  yearGroup: string | null;
  sex: ChildSex;
  primaryNeed: NeedCode;
  secondaryNeeds: readonly NeedCode[];
  /** Summaries of EHCP sections B (needs), E (outcomes) and F (provision). */
  sectionB: string;
  sectionE: string;
  sectionF: string;
  lot: Lot;
  requiredStartDate: CalendarDate;
  /** Outward code only, e.g. 'WA7'. */
  postcodeDistrict: string;
  /** Risk labels as shown to people, e.g. 'Absconding'. */
  riskFlags: readonly string[];
  medicalNeeds?: string;
  transportNeeds?: string;
  responseDeadline: CalendarDate;
  officerName: string;
  officerEmail?: string;
  productName: string;
  /** The provider's personal reply-page link, when the deployment offers the page. */
  replyPageUrl?: string;
}

export interface ReminderEmailView extends ReferralEmailView {
  /** When the referral went out, to help the provider find it. */
  referralSentOn?: CalendarDate;
}

export interface AwardAddOn {
  /** e.g. '1:1 staffing', 'Speech and language therapy'. */
  label: string;
  weeklyPence: number;
}

export interface AwardEmailView {
  councilName: string;
  requestReference: string;
  providerName: string;
  contactName?: string;
  weeklyFeePence: number;
  weeksPerYear: number;
  addOns: readonly AwardAddOn[];
  annualValuePence: number;
  startDate: CalendarDate;
  endDate: CalendarDate;
  officerName: string;
  officerEmail?: string;
  productName: string;
}

export interface NotSelectedEmailView {
  councilName: string;
  requestReference: string;
  providerName: string;
  contactName?: string;
  officerName: string;
  officerEmail?: string;
  productName: string;
}

export interface BuiltEmail {
  subject: string;
  text: string;
  html: string;
  /** Extra headers for the message (never personal data). */
  headers: Record<string, string>;
}

export type OutgoingEmailKind = 'referral' | 'reminder' | 'award' | 'not_selected' | 'answer';

/** The labels of the structured answer; reply parsing looks for the same words. */
export const REPLY_FORM_LINES = [
  'Can you meet the needs in Section F? (yes/no):',
  'Weekly fee (£):',
  'Weeks per year (38/52):',
  'Additional costs per week (e.g. 1:1, therapies) (£):',
  'Earliest start date (dd/mm/yyyy):',
  'Conditions or questions:',
] as const;

export function buildReferralEmail(view: ReferralEmailView): BuiltEmail {
  const ref = oneLine(view.requestReference);
  const subject = `Referral ${ref}: placement request (${lotAndNeed(view)}) – reply by ${deadline(view)}`;
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(view.contactName) },
    {
      kind: 'paragraph',
      text:
        `${view.councilName} is looking for a placement through the North West Flexible Purchasing System and would like to know ` +
        `whether ${view.providerName} can meet the needs of the young person described below.`,
    },
    { kind: 'paragraph', text: `Please reply by ${deadline(view)}, keeping the reference ${ref} in the subject.` },
    pseudonymisedNote(),
    ...referralDetails(view),
    replyForm(ref),
    ...replyPageLink(view),
    signature(view),
    footer(view, ref),
  ];
  return { subject, ...renderEmail(subject, blocks), headers: headers('referral', ref) };
}

/** The one polite reminder before the deadline: same reference, same details, same reply block. */
export function buildReminderEmail(view: ReminderEmailView): BuiltEmail {
  const ref = oneLine(view.requestReference);
  const subject = `Reminder – referral ${ref}: placement request (${lotAndNeed(view)}) – reply by ${deadline(view)}`;
  const sent = view.referralSentOn ? ` we sent on ${formatUkDate(view.referralSentOn)}` : '';
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(view.contactName) },
    {
      kind: 'paragraph',
      text:
        `A gentle reminder about referral ${ref}${sent}. Responses close on ${deadline(view)}, and we have not yet had a reply ` +
        `from ${view.providerName}. If you cannot offer a place, a short "no" is helpful too, so we can plan.`,
    },
    { kind: 'paragraph', text: 'The referral is repeated below for convenience.' },
    pseudonymisedNote(),
    ...referralDetails(view),
    replyForm(ref),
    ...replyPageLink(view),
    signature(view),
    footer(view, ref),
  ];
  return { subject, ...renderEmail(subject, blocks), headers: headers('reminder', ref) };
}

export function buildAwardEmail(view: AwardEmailView): BuiltEmail {
  const ref = oneLine(view.requestReference);
  const subject = `Referral ${ref}: placement awarded to ${oneLine(view.providerName)}`;
  const rows: (readonly [string, string])[] = [
    ['Reference', ref],
    ['Provider', view.providerName],
    ['Core weekly fee', formatPounds(view.weeklyFeePence)],
    ['Weeks per year', String(view.weeksPerYear)],
    ...view.addOns.map((a) => [`Additional: ${a.label}`, `${formatPounds(a.weeklyPence)} per week`] as const),
    ['Annual value', formatPounds(view.annualValuePence)],
    ['Start date', formatUkDate(view.startDate)],
    ['End date', formatUkDate(view.endDate)],
  ];
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(view.contactName) },
    {
      kind: 'paragraph',
      text: `Thank you for your response to referral ${ref}. ${view.councilName} has approved the placement with ${view.providerName} on the terms below.`,
    },
    { kind: 'heading', text: 'Placement awarded' },
    { kind: 'fields', rows },
    {
      kind: 'paragraph',
      text:
        'An Individual Placement Agreement (IPA) on these terms will follow for signature. Please check the figures and dates ' +
        'and tell us by reply straight away if anything differs from your offer.',
    },
    signature(view),
    footer(view, ref),
  ];
  return { subject, ...renderEmail(subject, blocks), headers: headers('award', ref) };
}

export function buildNotSelectedEmail(view: NotSelectedEmailView): BuiltEmail {
  const ref = oneLine(view.requestReference);
  const subject = `Referral ${ref}: outcome of your response`;
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(view.contactName) },
    {
      kind: 'paragraph',
      text:
        `Thank you for responding to referral ${ref}. After considering every response, ${view.councilName} has arranged the ` +
        `placement with another provider on this occasion.`,
    },
    {
      kind: 'paragraph',
      text:
        `We are grateful for the time ${view.providerName} took to consider the referral and to reply. Your response is kept ` +
        'with the procurement record, and we look forward to working with you on future referrals.',
    },
    { kind: 'paragraph', text: 'If you would like feedback, please reply to this e-mail.' },
    signature(view),
    footer(view, ref),
  ];
  return { subject, ...renderEmail(subject, blocks), headers: headers('not_selected', ref) };
}

function referralDetails(view: ReferralEmailView): Block[] {
  const secondary = view.secondaryNeeds.filter((n) => n !== view.primaryNeed);
  const rows: (readonly [string, string])[] = [
    ['Initials', view.childInitials],
    ['Age at start', view.yearGroup ? `${view.age} (${view.yearGroup})` : String(view.age)],
    ['Sex', CHILD_SEX_LABELS[view.sex]],
    ['Primary need', needLabel(view.primaryNeed)],
    ['Secondary needs', secondary.length ? secondary.map(needLabel).join('; ') : 'None'],
    ['Lot', `Lot ${view.lot} – ${LOT_LABELS[view.lot]}`],
    ['Required start date', formatUkDate(view.requiredStartDate)],
    ['Home area (postcode district)', view.postcodeDistrict],
    ['Risks', view.riskFlags.length ? view.riskFlags.join(', ') : 'None identified'],
  ];
  if (view.medicalNeeds?.trim()) rows.push(['Medical needs', view.medicalNeeds]);
  if (view.transportNeeds?.trim()) rows.push(['Transport needs', view.transportNeeds]);
  return [
    { kind: 'heading', text: `Referral ${oneLine(view.requestReference)}` },
    { kind: 'fields', rows },
    { kind: 'section', title: 'Section B – special educational needs (summary)', text: view.sectionB },
    { kind: 'section', title: 'Section E – outcomes (summary)', text: view.sectionE },
    { kind: 'section', title: 'Section F – special educational provision (summary)', text: view.sectionF },
  ];
}

function replyForm(ref: string): Block {
  return {
    kind: 'replyForm',
    title: 'How to reply',
    intro: `Reply to this e-mail. You can fill in the lines below, or answer in your own words – either is fine. Please keep ${ref} in the subject.`,
    lines: REPLY_FORM_LINES,
    outro: 'You are welcome to attach a fee schedule. If you cannot offer a place, a one-line "no" is enough.',
  };
}

/** E-mail stays the main way to reply; the page is offered beside it, for providers who prefer a form. */
function replyPageLink(view: ReferralEmailView): Block[] {
  if (!view.replyPageUrl) return [];
  return [
    {
      kind: 'link',
      text:
        `Prefer a web form? You can answer on your reply page instead, with no login. The link is personal to ${view.providerName}, ` +
        `so please do not forward it; you can correct your answer there until ${deadline(view)}.`,
      url: view.replyPageUrl,
    },
  ];
}

function pseudonymisedNote(): Block {
  return {
    kind: 'paragraph',
    text:
      'This referral does not identify the young person. Full papers, including the EHC plan, go only to providers who ' +
      'express interest, after the council agrees.',
  };
}

function signature(view: { officerName: string; officerEmail?: string; councilName: string }): Block {
  const lines = ['Kind regards,', view.officerName, `Placements officer, ${view.councilName}`];
  if (view.officerEmail) lines.push(view.officerEmail);
  return { kind: 'signature', lines };
}

function footer(view: { productName: string; councilName: string }, ref: string): Block {
  return { kind: 'footer', text: `Sent by ${view.productName} for ${view.councilName}. Reference ${ref}.` };
}

function greeting(contactName: string | undefined): string {
  const name = contactName?.trim();
  return name ? `Dear ${name},` : 'Dear colleague,';
}

function lotAndNeed(view: ReferralEmailView): string {
  return `Lot ${view.lot}, ${view.primaryNeed}`;
}

function deadline(view: ReferralEmailView): string {
  return formatUkDate(view.responseDeadline, { weekday: true });
}

function needLabel(code: NeedCode): string {
  return `${code} (${NEED_LABELS[code]})`;
}

/** Header values are a single line: a stray newline must never start a new header. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

function headers(kind: OutgoingEmailKind, ref: string): Record<string, string> {
  return { 'X-Placement-Desk-Kind': kind, 'X-Placement-Desk-Reference': ref };
}

export interface ProviderAnswerEmailView {
  councilName: string;
  requestReference: string;
  /** The subject of the provider's message, answered with "Re:". */
  inReplyToSubject: string | null;
  contactName?: string;
  /** The officer's answer, as typed. */
  answer: string;
  officerName: string;
  officerEmail?: string;
  productName: string;
}

/** An officer's answer to a provider's question, in the same e-mail conversation. */
export function buildProviderAnswerEmail(view: ProviderAnswerEmailView): BuiltEmail {
  const ref = oneLine(view.requestReference);
  const original = oneLine(view.inReplyToSubject ?? '');
  const subject = /^re:/i.test(original) ? original : `Re: ${original || `Referral ${ref}`}`;
  const withRef = subject.includes(ref) ? subject : `${subject} [${ref}]`;
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(view.contactName) },
    { kind: 'paragraph', text: view.answer },
    signature(view),
    footer(view, ref),
  ];
  return { subject: withRef, ...renderEmail(withRef, blocks), headers: headers('answer', ref) };
}
