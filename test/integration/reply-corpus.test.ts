import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreReplyDirectory } from '../../src/cli/reply-corpus-score.js';
import { ratio, SCORED_FIELDS } from '../../src/domain/reply-scoring.js';
import { REPLY_KINDS } from '../../src/domain/reply-understanding.js';

/**
 * The reply reader's quality gate: on the project's corpus of realistic replies (test/fixtures/reply-corpus),
 * every field and every kind must be read right on at least 97% of the messages, on the development part the
 * rules were written against and on the held-out part they were not tuned on.
 */

const CORPUS = resolve(import.meta.dirname, '../fixtures/reply-corpus');
const MINIMUM = 0.97;
/** The corpus is meant to be big and varied: guard against it quietly shrinking. */
const MIN_MESSAGES = { development: 100, 'held-out': 70 } as const;
const NOW = new Date('2026-11-30T10:00:00Z');

describe.each(Object.keys(MIN_MESSAGES) as Array<keyof typeof MIN_MESSAGES>)('reply corpus, %s part', (part) => {
  const dir = join(CORPUS, part);
  let scoring: Awaited<ReturnType<typeof scoreReplyDirectory>> | undefined;
  /** Scored once per part, on first use, as the mailbox reader would read each message. */
  const scored = async () => (scoring ??= (await scoreReplyDirectory(dir, { now: NOW })));

  it('has an expectation for every message and a message for every expectation, with every kind represented', () => {
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, { kind: string }>;
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
    expect(Object.keys(expected).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(MIN_MESSAGES[part]);
    const kinds = new Set(Object.values(expected).map((e) => e.kind));
    for (const kind of REPLY_KINDS) expect(kinds, `no ${kind} in the ${part} part`).toContain(kind);
  });

  it.each(SCORED_FIELDS)(`reads %s right on at least ${MINIMUM * 100}% of the messages`, async (field) => {
    const { score } = await scored();
    const tally = score.perField[field];
    expect(tally.total).toBe(score.messages);
    const misses = score.misses.filter((m) => m.field === field).map((m) => `${m.file}: expected ${JSON.stringify(m.expected)}, read ${JSON.stringify(m.actual)}`);
    expect(ratio(tally), misses.join('\n')).toBeGreaterThanOrEqual(MINIMUM);
  }, 120_000);

  it(`reads every kind right on at least ${MINIMUM * 100}% of the messages of that kind`, async () => {
    const { score } = await scored();
    for (const [kind, tally] of Object.entries(score.perKind)) {
      expect(ratio(tally), `${kind}: ${tally.right}/${tally.total}`).toBeGreaterThanOrEqual(MINIMUM);
    }
  }, 120_000);
});
