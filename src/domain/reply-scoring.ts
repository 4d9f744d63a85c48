/**
 * How well the reply reader did against a person's reading of the same replies: per field, per kind and
 * per message. Pure: the caller reads the files and runs the reader.
 */

export const SCORED_FIELDS = ['kind', 'canMeetNeeds', 'weeklyFee', 'feeWeeksPerYear', 'additionalWeeklyCosts', 'startDate'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export type Reading = Partial<Record<ScoredField, unknown>>;

export interface ScoredReply {
  file: string;
  expected: Reading;
  actual: Reading;
}

export interface Tally {
  right: number;
  total: number;
}

export interface Miss {
  file: string;
  field: ScoredField;
  expected: unknown;
  actual: unknown;
}

export interface ReplyScore {
  messages: number;
  /** Every scored field of every message. */
  fields: Tally;
  perField: Record<ScoredField, Tally>;
  /** Fields whose expected value is not empty: the figures a person would have typed. */
  filledFields: Tally;
  /** By the expected kind: how many messages of that kind were read as that kind. */
  perKind: Record<string, Tally>;
  /** Messages with every field right. */
  exactMessages: number;
  misses: Miss[];
}

const MONEY_TOLERANCE = 0.005;

function same(field: ScoredField, expected: unknown, actual: unknown): boolean {
  if ((field === 'weeklyFee' || field === 'additionalWeeklyCosts') && typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(expected - actual) < MONEY_TOLERANCE;
  }
  return (expected ?? null) === (actual ?? null);
}

const tally = (): Tally => ({ right: 0, total: 0 });
const count = (t: Tally, right: boolean) => {
  t.total++;
  if (right) t.right++;
};

/** Only the fields an expectation names are scored, so partial expectations (kind only) still count. */
export function scoreReplies(replies: readonly ScoredReply[]): ReplyScore {
  const perField = Object.fromEntries(SCORED_FIELDS.map((f) => [f, tally()])) as Record<ScoredField, Tally>;
  const score: ReplyScore = { messages: replies.length, fields: tally(), perField, filledFields: tally(), perKind: {}, exactMessages: 0, misses: [] };
  for (const reply of replies) {
    let exact = true;
    for (const field of SCORED_FIELDS) {
      if (!(field in reply.expected)) continue;
      const expected = reply.expected[field] ?? null;
      const actual = reply.actual[field] ?? null;
      const right = same(field, expected, actual);
      count(score.fields, right);
      count(perField[field], right);
      if (expected !== null) count(score.filledFields, right);
      if (!right) {
        exact = false;
        score.misses.push({ file: reply.file, field, expected, actual });
      }
    }
    if (typeof reply.expected.kind === 'string') count((score.perKind[reply.expected.kind] ??= tally()), reply.actual.kind === reply.expected.kind);
    if (exact) score.exactMessages++;
  }
  return score;
}

export function ratio(t: Tally): number {
  return t.total === 0 ? 1 : t.right / t.total;
}

export function percent(t: Tally): string {
  return `${(ratio(t) * 100).toFixed(1)}%`;
}
