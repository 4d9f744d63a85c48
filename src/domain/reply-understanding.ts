import { findDateMentions, resolveStartDate, type DateMention } from './reply-dates.js';
import { resolveFees, type AddOn, type FeeResolution } from './reply-fees.js';
import { findMoneyMentions, maskMoney, type MoneyMention } from './reply-money.js';
import {
  maskIdentifiers,
  maskNumericDates,
  maskRanges,
  normaliseTypography,
  sentenceSpans,
  spanAt,
  unwrapSoftBreaks,
  type Finding,
  type Span,
} from './reply-scan.js';
import { findConditions, looksLikeAutoReplySubject, readSignals, type ReplySignals } from './reply-signals.js';
import { readTables, type TableReading } from './reply-tables.js';

/**
 * What a provider's reply says, from its new text (quoted history and signature already removed).
 * Structure first: the reply form's lines and the provider's tables, then the prose. Every conclusion
 * keeps the sentence it came from (`evidence`), and a conclusion that would need a guess is left empty
 * with the reason in `warnings`. Pure: the caller supplies the reference date for year-less dates.
 * Advisory only: a person confirms the figures, and low confidence or any warning means the card must ask them to.
 */

export const REPLY_KINDS = ['offer', 'decline', 'query', 'acknowledgement', 'auto-reply', 'bounce', 'unknown'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export type { AddOn };

/** The conclusions that carry evidence. */
export const EVIDENCE_FIELDS = ['kind', 'canMeetNeeds', 'weeklyFee', 'feeWeeksPerYear', 'additionalWeeklyCosts', 'startDate'] as const;
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];
/** For each conclusion, the provider's sentence (or table row) it was read from, as plain text. */
export type ReplyEvidence = Partial<Record<EvidenceField, string>>;

export interface ReplyUnderstanding {
  kind: ReplyKind;
  canMeetNeeds: boolean | null;
  /** Core weekly fee in pounds. */
  weeklyFee: number | null;
  feeWeeksPerYear: 38 | 52 | null;
  /** Sum of the weekly add-ons in pounds. */
  additionalWeeklyCosts: number | null;
  addOns: AddOn[];
  /** YYYY-MM-DD */
  startDate: string | null;
  conditions: string[];
  confidence: number;
  warnings: string[];
  evidence: ReplyEvidence;
}

export interface ReplyFlags {
  /** An automatic answer (out of office and the like), from the message headers or subject. */
  autoReply?: boolean;
  bounce?: boolean;
  /** Sent as bulk or list mail. */
  bulk?: boolean;
  /** Answers an earlier message (In-Reply-To, References or a "Re:" subject). */
  isReply?: boolean;
}

export interface ReplyUnderstandingInput {
  /** The new text of the reply, quoted history and signature removed. */
  text: string;
  subject?: string | null;
  flags?: ReplyFlags;
  /** When the reply was sent: year-less dates are read forwards from here. */
  referenceDate: Date;
  /** The weeks per year of the referral's lot, when known: used only when the reply itself does not say. */
  expectedWeeksPerYear?: 38 | 52 | null;
}

/** A provider's answer is short; beyond this the text is not read (and the reply says so). */
const MAX_TEXT_LENGTH = 20_000;
/** Evidence is a sentence, not a page. */
const MAX_EVIDENCE_LENGTH = 300;

/** Below this, the card asks a placements officer to confirm or correct the figures. */
export const CONFIDENCE_TO_CONFIRM = 0.7;

const CONFIDENCE = {
  bounce: 0.97,
  autoReplyFromHeaders: 0.95,
  autoReplyFromText: 0.75,
  decline: 0.9,
  query: 0.8,
  acknowledgement: 0.75,
  unknown: 0.4,
  offerBase: 0.55,
  offerNeedsStated: 0.15,
  offerFee: 0.2,
  offerStart: 0.1,
  offerMax: 0.95,
  floor: 0.05,
} as const;

const HEADER_EVIDENCE = {
  bounce: 'The message is a delivery failure report (its headers or sender say so).',
  autoReply: 'The message headers or subject mark it as an automatic reply.',
  bulk: 'The message was sent as bulk or list mail and does not answer the referral.',
} as const;

function scoreAfter(base: number, findings: Finding[]): number {
  const penalties = findings.reduce((sum, f) => sum + f.penalty, 0);
  return Math.round(Math.max(CONFIDENCE.floor, Math.min(1, base - penalties)) * 100) / 100;
}

function blank(kind: ReplyKind, confidence: number, findings: Finding[], evidence: ReplyEvidence): ReplyUnderstanding {
  return {
    kind,
    canMeetNeeds: null,
    weeklyFee: null,
    feeWeeksPerYear: null,
    additionalWeeklyCosts: null,
    addOns: [],
    startDate: null,
    conditions: [],
    confidence: scoreAfter(confidence, findings),
    warnings: findings.map((f) => f.message),
    evidence,
  };
}

/** The text as read: typography normalised, wrapped lines joined, identifiers masked, tables read. */
interface Reading {
  /** What the provider wrote, for evidence (same offsets as every other text here). */
  readable: string;
  /** Identifiers masked, label/answer tables as labelled lines, other tables hidden: what the prose rules read. */
  prose: string;
  tables: TableReading;
  spans: Span[];
}

function read(text: string, findings: Finding[]): Reading {
  const normalised = normaliseTypography(text);
  if (normalised.length > MAX_TEXT_LENGTH) {
    findings.push({ message: `Only the first ${MAX_TEXT_LENGTH.toLocaleString('en-GB')} characters of a long reply were read.`, penalty: 0.1 });
  }
  const readable = unwrapSoftBreaks(normalised.slice(0, MAX_TEXT_LENGTH));
  const tables = readTables(maskIdentifiers(readable));
  return { readable, prose: maskRanges(tables.text, tables.covered), tables, spans: sentenceSpans(readable) };
}

function asEvidence(raw: string): string {
  const sentence = raw.replace(/\s+/g, ' ').trim();
  return sentence.length > MAX_EVIDENCE_LENGTH ? `${sentence.slice(0, MAX_EVIDENCE_LENGTH - 1)}…` : sentence;
}

/** The provider's words at an offset: the table row it is in, else its sentence. */
function evidenceAt(reading: Reading, offset: number): string {
  const fromTable = reading.tables.evidence.get(offset);
  const span = spanAt(reading.spans, offset);
  return asEvidence(fromTable ?? (span ? reading.readable.slice(span.start, span.end) : ''));
}

/** The provider's words of a signal: the sentence (or form line) it was read in. */
function evidenceOfSpan(reading: Reading, span: Span): string | undefined {
  return asEvidence(reading.readable.slice(span.start, span.end)) || undefined;
}

function evidenceOf(reading: Reading, offsets: readonly number[]): string | undefined {
  const sentences = [...new Set(offsets.map((o) => evidenceAt(reading, o)).filter(Boolean))];
  return sentences.length ? sentences.join(' … ') : undefined;
}

const FEE_WORD = /\b(?:fees?|costs?|prices?|rates?|charges?)\b/i;

/** A priced statement: a core or total amount with a period, or called a fee. */
function isPriced(mentions: MoneyMention[]): boolean {
  return mentions.some((m) => (m.role === 'core' || m.role === 'total') && (m.period !== null || FEE_WORD.test(m.label)));
}

interface Classified {
  kind: ReplyKind;
  /** The sentence the kind was concluded from. */
  because: Span | undefined;
  /** For a priced reply with no words about the needs or a place: where the price was. */
  pricedAt?: number;
}

const first = (spans: Span[]): Span | undefined => spans[0];
const last = (spans: Span[]): Span | undefined => spans[spans.length - 1];

function classify(s: ReplySignals, mentions: MoneyMention[], findings: Finding[]): Classified {
  const priced = isPriced(mentions);
  const refusals = [...s.declines, ...s.needsNotMet].sort((a, b) => a.start - b.start);
  if (refusals.length && s.offers.length) {
    findings.push({ message: 'The reply both offers a place and declines: please read it.', penalty: 0.25 });
    // "No place in September, but we could offer January at £…": the priced offer is what the provider proposes.
    const offerLast = last(s.offers)!.start > last(refusals)!.start;
    return priced || offerLast ? { kind: 'offer', because: last(s.offers) } : { kind: 'decline', because: last(refusals) };
  }
  // "We could meet her needs but have no place" is a clear decline.
  if (refusals.length) return { kind: 'decline', because: first(s.declines) ?? first(s.needsNotMet) };
  if (s.offers.length) return { kind: 'offer', because: first(s.offers) };
  if (s.needsMet.length) return s.asks.length && !priced ? { kind: 'query', because: first(s.asks) } : { kind: 'offer', because: first(s.needsMet) };
  if (priced) {
    const pricedAt = mentions.find((m) => m.role === 'core' || m.role === 'total')!.start;
    if (s.affirms.length) return { kind: 'offer', because: first(s.affirms) };
    if (s.asks.length) return { kind: 'query', because: first(s.asks) };
    findings.push({ message: 'The reply quotes a fee but does not say it can meet the needs.', penalty: 0.15 });
    return { kind: 'offer', because: undefined, pricedAt };
  }
  if (s.automated.length) return { kind: 'auto-reply', because: first(s.automated) };
  if (s.outOfOffice.length) return { kind: 'auto-reply', because: first(s.outOfOffice) };
  if (s.unrelated.length) return { kind: 'unknown', because: first(s.unrelated) };
  if (s.asks.length) return { kind: 'query', because: first(s.asks) };
  if (s.acknowledges.length) return { kind: 'acknowledgement', because: first(s.acknowledges) };
  return { kind: 'unknown', because: undefined };
}

function canMeetNeeds(kind: ReplyKind, s: ReplySignals, because: Span | undefined, findings: Finding[]): { value: boolean | null; at: Span | undefined } {
  if (kind !== 'offer' && kind !== 'decline') return { value: null, at: undefined };
  if (s.needsMet.length && s.needsNotMet.length) {
    findings.push({ message: 'The reply says both that it can and cannot meet the needs: "can meet needs" left empty.', penalty: 0.2 });
    return { value: null, at: undefined };
  }
  if (s.needsNotMet.length) return { value: false, at: first(s.needsNotMet) };
  if (s.needsMet.length) return { value: true, at: first(s.needsMet) };
  if (kind === 'decline') return { value: false, at: because };
  if (s.offers.length || s.affirms.length) return { value: true, at: first(s.offers) ?? first(s.affirms) };
  return { value: null, at: undefined };
}

function offerConfidence(result: Pick<ReplyUnderstanding, 'canMeetNeeds' | 'weeklyFee' | 'startDate'>): number {
  return Math.min(
    CONFIDENCE.offerMax,
    CONFIDENCE.offerBase +
      (result.canMeetNeeds === true ? CONFIDENCE.offerNeedsStated : 0) +
      (result.weeklyFee !== null ? CONFIDENCE.offerFee : 0) +
      (result.startDate !== null ? CONFIDENCE.offerStart : 0),
  );
}

/** Start dates in the prose, and every date in a table's start column (the header says what they are). */
function startDates(reading: Reading, referenceDate: Date): DateMention[] {
  const fromProse = findDateMentions(maskMoney(reading.prose), referenceDate);
  const fromTables = reading.tables.startCells.flatMap((cell) =>
    findDateMentions(reading.tables.text.slice(cell.start, cell.end), referenceDate).map((d) => ({ ...d, start: cell.start + d.start, role: 'start' as const })),
  );
  return [...fromProse, ...fromTables];
}

interface Figures {
  fees: FeeResolution;
  startDate: string | null;
  startAt: number | null;
  conditions: string[];
  findings: Finding[];
}

function readFigures(reading: Reading, mentions: MoneyMention[], moneyText: string, input: ReplyUnderstandingInput): Figures {
  const fees = resolveFees({
    mentions,
    text: moneyText,
    expectedWeeksPerYear: input.expectedWeeksPerYear ?? null,
    structuredWeeks: reading.tables.weeks.map((w) => ({ weeks: w.weeks, start: w.start })),
  });
  const start = resolveStartDate(startDates(reading, input.referenceDate), input.referenceDate, true);
  const findings = [...fees.findings, ...start.findings];
  if (fees.weeklyFee === null && fees.findings.length === 0) {
    findings.push({ message: 'No weekly fee found in the offer: please ask the provider or enter it.', penalty: 0.1 });
  }
  return { fees, startDate: start.startDate, startAt: start.from?.start ?? null, conditions: findConditions(reading.readable), findings };
}

function fromHeaders(flags: ReplyFlags, subject: string | null | undefined): ReplyUnderstanding | null {
  if (flags.bounce) return blank('bounce', CONFIDENCE.bounce, [], { kind: HEADER_EVIDENCE.bounce });
  if (flags.autoReply || looksLikeAutoReplySubject(subject)) return blank('auto-reply', CONFIDENCE.autoReplyFromHeaders, [], { kind: HEADER_EVIDENCE.autoReply });
  if (flags.bulk && !flags.isReply) {
    return blank('unknown', CONFIDENCE.unknown, [{ message: 'Bulk or list mail, not a reply: not read as an offer.', penalty: 0 }], { kind: HEADER_EVIDENCE.bulk });
  }
  return null;
}

const BASE_CONFIDENCE: Partial<Record<ReplyKind, number>> = {
  decline: CONFIDENCE.decline,
  query: CONFIDENCE.query,
  acknowledgement: CONFIDENCE.acknowledgement,
  'auto-reply': CONFIDENCE.autoReplyFromText,
  unknown: CONFIDENCE.unknown,
};

export function understandReplyText(input: ReplyUnderstandingInput): ReplyUnderstanding {
  const flags = input.flags ?? {};
  const byHeaders = fromHeaders(flags, input.subject);
  if (byHeaders) return byHeaders;

  const findings: Finding[] = flags.bulk ? [{ message: 'The reply was sent as bulk or list mail.', penalty: 0.1 }] : [];
  const reading = read(input.text, findings);
  const signals = readSignals(reading.prose);
  const moneyText = maskNumericDates(reading.prose);
  const mentions = [...findMoneyMentions(moneyText), ...reading.tables.mentions].sort((a, b) => a.start - b.start);
  const { kind, because, pricedAt } = classify(signals, mentions, findings);
  const evidence: ReplyEvidence = {};
  const kindEvidence = because ? evidenceOfSpan(reading, because) : pricedAt !== undefined ? evidenceOf(reading, [pricedAt]) : undefined;
  if (kindEvidence) evidence.kind = kindEvidence;
  if (kind !== 'offer' && kind !== 'decline') return blank(kind, BASE_CONFIDENCE[kind]!, findings, evidence);

  const canMeet = canMeetNeeds(kind, signals, because, findings);
  if (canMeet.at) evidence.canMeetNeeds = evidenceOfSpan(reading, canMeet.at);
  if (kind === 'decline') {
    return { ...blank(kind, CONFIDENCE.decline, findings, evidence), canMeetNeeds: canMeet.value };
  }

  const figures = readFigures(reading, mentions, moneyText, input);
  findings.push(...figures.findings);
  const { fees } = figures;
  const sourced: Array<[EvidenceField, readonly number[]]> = [
    ['weeklyFee', fees.sources.weeklyFee],
    ['feeWeeksPerYear', fees.sources.feeWeeksPerYear],
    ['additionalWeeklyCosts', fees.sources.additionalWeeklyCosts],
    ['startDate', figures.startAt === null ? [] : [figures.startAt]],
  ];
  for (const [field, offsets] of sourced) {
    const said = evidenceOf(reading, offsets);
    if (said) evidence[field] = said;
  }
  const result = {
    kind,
    canMeetNeeds: canMeet.value,
    weeklyFee: fees.weeklyFee,
    feeWeeksPerYear: fees.feeWeeksPerYear,
    additionalWeeklyCosts: fees.additionalWeeklyCosts,
    addOns: fees.addOns,
    startDate: figures.startDate,
    conditions: figures.conditions,
  };
  return { ...result, confidence: scoreAfter(offerConfidence(result), findings), warnings: findings.map((f) => f.message), evidence };
}
