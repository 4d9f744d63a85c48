import { findDateMentions, resolveStartDate } from './reply-dates.js';
import { resolveFees, type AddOn, type FeeResolution } from './reply-fees.js';
import { findMoneyMentions, maskMoney, type MoneyMention } from './reply-money.js';
import { maskIdentifiers, maskNumericDates, normaliseTypography, type Finding } from './reply-scan.js';
import { findConditions, looksLikeAutoReplySubject, readSignals, type ReplySignals } from './reply-signals.js';

/**
 * What a provider's reply says, from its new text (quoted history and signature already removed).
 * Pure: the caller supplies the reference date for year-less dates. Advisory only: a person confirms
 * the figures, and low confidence or any warning means the card must ask them to.
 */

export const REPLY_KINDS = ['offer', 'decline', 'query', 'auto-reply', 'bounce', 'unknown'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export type { AddOn };

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

/** Below this, the card asks a placements officer to confirm or correct the figures. */
export const CONFIDENCE_TO_CONFIRM = 0.7;

const CONFIDENCE = {
  bounce: 0.97,
  autoReplyFromHeaders: 0.95,
  autoReplyFromText: 0.75,
  decline: 0.9,
  query: 0.8,
  unknown: 0.4,
  offerBase: 0.55,
  offerNeedsStated: 0.15,
  offerFee: 0.2,
  offerStart: 0.1,
  offerMax: 0.95,
  floor: 0.05,
} as const;

function blank(kind: ReplyKind, confidence: number, findings: Finding[] = []): ReplyUnderstanding {
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
  };
}

function scoreAfter(base: number, findings: Finding[]): number {
  const penalties = findings.reduce((sum, f) => sum + f.penalty, 0);
  return Math.round(Math.max(CONFIDENCE.floor, Math.min(1, base - penalties)) * 100) / 100;
}

const FEE_WORD = /\b(?:fees?|costs?|prices?|rates?|charges?)\b/i;

/** A priced statement: a core or total amount said to be per week or per year, or called a fee. */
function isPriced(mentions: MoneyMention[]): boolean {
  return mentions.some(
    (m) => (m.role === 'core' || m.role === 'total') && (m.period === 'week' || m.period === 'year' || FEE_WORD.test(m.label)),
  );
}

function classify(signals: ReplySignals, priced: boolean, findings: Finding[]): ReplyKind {
  const refuses = signals.declines || signals.needsNotMet;
  if (refuses && signals.offers) {
    findings.push({ message: 'The reply both offers a place and declines: please read it.', penalty: 0.25 });
    return priced ? 'offer' : 'decline';
  }
  // "We could meet her needs but have no place" is a clear decline.
  if (refuses) return 'decline';
  if (signals.needsMet || signals.offers) return signals.asks && !priced ? 'query' : 'offer';
  if (signals.outOfOffice && !priced) return 'auto-reply';
  if (priced) {
    if (signals.asks) return 'query';
    findings.push({ message: 'The reply quotes a fee but does not say it can meet the needs.', penalty: 0.15 });
    return 'offer';
  }
  return signals.asks ? 'query' : 'unknown';
}

function canMeetNeeds(kind: ReplyKind, signals: ReplySignals, findings: Finding[]): boolean | null {
  if (signals.needsMet && signals.needsNotMet) {
    findings.push({ message: 'The reply says both that it can and cannot meet the needs.', penalty: 0.2 });
    return null;
  }
  if (signals.needsNotMet) return false;
  if (signals.needsMet) return true;
  if (kind === 'decline') return false;
  if (kind === 'offer' && signals.offers) return true;
  return null;
}

function offerConfidence(result: Omit<ReplyUnderstanding, 'confidence' | 'warnings'>): number {
  return Math.min(
    CONFIDENCE.offerMax,
    CONFIDENCE.offerBase +
      (result.canMeetNeeds === true ? CONFIDENCE.offerNeedsStated : 0) +
      (result.weeklyFee !== null ? CONFIDENCE.offerFee : 0) +
      (result.startDate !== null ? CONFIDENCE.offerStart : 0),
  );
}

function baseConfidence(result: Omit<ReplyUnderstanding, 'confidence' | 'warnings'>): number {
  if (result.kind === 'offer') return offerConfidence(result);
  return result.kind === 'decline' ? CONFIDENCE.decline : CONFIDENCE.query;
}

type Figures = Pick<ReplyUnderstanding, 'weeklyFee' | 'feeWeeksPerYear' | 'additionalWeeklyCosts' | 'addOns' | 'startDate' | 'conditions'>;

const NO_FIGURES: Figures = { weeklyFee: null, feeWeeksPerYear: null, additionalWeeklyCosts: null, addOns: [], startDate: null, conditions: [] };

/** Fee, add-ons, start date and conditions of an offer or a query; a decline carries none. */
function readFigures(
  kind: ReplyKind,
  { readable, masked }: { readable: string; masked: string },
  fees: FeeResolution,
  input: ReplyUnderstandingInput,
): { figures: Figures; findings: Finding[] } {
  if (kind === 'decline') return { figures: NO_FIGURES, findings: [] };
  const start = resolveStartDate(findDateMentions(maskMoney(masked), input.referenceDate), input.referenceDate, kind === 'offer');
  const findings = [...fees.findings, ...start.findings];
  if (kind === 'offer' && fees.weeklyFee === null && fees.findings.length === 0) {
    findings.push({ message: 'No weekly fee found in the offer: please ask the provider or enter it.', penalty: 0.1 });
  }
  const { weeklyFee, feeWeeksPerYear, additionalWeeklyCosts, addOns } = fees;
  const conditions = findConditions(readable);
  return { figures: { weeklyFee, feeWeeksPerYear, additionalWeeklyCosts, addOns, startDate: start.startDate, conditions }, findings };
}

export function understandReplyText(input: ReplyUnderstandingInput): ReplyUnderstanding {
  const flags = input.flags ?? {};
  if (flags.bounce) return blank('bounce', CONFIDENCE.bounce);
  if (flags.autoReply || looksLikeAutoReplySubject(input.subject)) return blank('auto-reply', CONFIDENCE.autoReplyFromHeaders);
  if (flags.bulk && !flags.isReply) {
    return blank('unknown', CONFIDENCE.unknown, [{ message: 'Bulk or list mail, not a reply: not read as an offer.', penalty: 0 }]);
  }

  const findings: Finding[] = flags.bulk ? [{ message: 'The reply was sent as bulk or list mail.', penalty: 0.1 }] : [];
  const text = normaliseTypography(input.text);
  if (text.length > MAX_TEXT_LENGTH) {
    findings.push({ message: `Only the first ${MAX_TEXT_LENGTH.toLocaleString('en-GB')} characters of a long reply were read.`, penalty: 0.1 });
  }
  const readable = text.slice(0, MAX_TEXT_LENGTH);
  const masked = maskIdentifiers(readable);
  const signals = readSignals(masked);
  const moneyText = maskNumericDates(masked);
  const mentions = findMoneyMentions(moneyText);
  const kind = classify(signals, isPriced(mentions), findings);
  if (kind === 'unknown') return blank(kind, CONFIDENCE.unknown, findings);
  if (kind === 'auto-reply') return blank(kind, CONFIDENCE.autoReplyFromText, findings);

  const canMeet = canMeetNeeds(kind, signals, findings);
  const fees = resolveFees(mentions, moneyText, input.expectedWeeksPerYear ?? null);
  const { figures, findings: figureFindings } = readFigures(kind, { readable, masked }, fees, input);
  findings.push(...figureFindings);
  const result = { kind, canMeetNeeds: canMeet, ...figures };
  return { ...result, confidence: scoreAfter(baseConfidence(result), findings), warnings: findings.map((f) => f.message) };
}
