/**
 * Why a provider said it could not offer a place, in a few categories the councils compare, read from
 * the provider's words (the reply's new text) and the officer's note. The first category whose phrasing
 * appears wins, in the order below: "we are full" is about capacity even when the needs are mentioned.
 */

export const DECLINE_REASONS = ['no_place', 'needs_not_met', 'peer_group', 'age_or_sex', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  no_place: 'No place or vacancy',
  needs_not_met: 'Cannot meet the needs',
  peer_group: 'Peer group or compatibility',
  age_or_sex: 'Outside the age range or sex',
  other: 'Other or not stated',
};

const PATTERNS: ReadonlyArray<[DeclineReason, RegExp]> = [
  ['no_place', /\b(?:no|not have any|don't have any|do not have any)\s+(?:places?|vacanc(?:y|ies)|spaces?|capacity|availability)\b|\b(?:full|oversubscribed|over-subscribed|at capacity|fully subscribed|waiting list)\b/i],
  ['peer_group', /\b(?:peer group|peers|cohort|group dynamics?|compatib\w*|mix of (?:pupils|students|young people))\b/i],
  ['age_or_sex', /\b(?:age range|too young|too old|outside (?:our|the) (?:age|registration)|single[- ]sex|boys only|girls only|registered for (?:boys|girls|ages?))\b/i],
  ['needs_not_met', /\b(?:meet (?:his|her|their|the)?\s*needs|needs (?:are|were) (?:too|beyond)|too complex|not (?:the right|suitable|appropriate)|unsuitable|beyond (?:our|the) (?:remit|expertise|provision))\b/i],
];

export function declineReason(text: string | null | undefined): DeclineReason {
  if (!text) return 'other';
  for (const [reason, pattern] of PATTERNS) if (pattern.test(text)) return reason;
  return 'other';
}
