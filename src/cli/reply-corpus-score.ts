import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scoreReplies, SCORED_FIELDS, type Reading, type ReplyScore, type ScoredReply } from '../domain/reply-scoring.js';
import { understandReply } from '../mail/inbound/understand-reply.js';

/**
 * Scores the reply reader over a directory of .eml files and the `expected.json` beside them (file name →
 * expected fields), exactly as the mailbox reader understands each message.
 */

export interface ScoredDirectory {
  dir: string;
  score: ReplyScore;
}

export class CorpusError extends Error {
  readonly code = 'REPLY_CORPUS_INVALID';
}

async function expectations(dir: string): Promise<Record<string, Reading>> {
  let text: string;
  try {
    text = await readFile(join(dir, 'expected.json'), 'utf8');
  } catch (err) {
    throw new CorpusError(`${dir} has no readable expected.json (${(err as Error).message}).`);
  }
  try {
    return JSON.parse(text) as Record<string, Reading>;
  } catch (err) {
    throw new CorpusError(`${join(dir, 'expected.json')} is not valid JSON (${(err as Error).message}).`);
  }
}

export async function scoreReplyDirectory(dir: string, options: { now: Date; progress?: (done: number, total: number) => void }): Promise<ScoredDirectory> {
  const expected = await expectations(dir);
  const files = Object.keys(expected).sort();
  const scored: ScoredReply[] = [];
  for (const [i, file] of files.entries()) {
    let raw: Buffer;
    try {
      raw = await readFile(join(dir, file));
    } catch (err) {
      throw new CorpusError(`${file} is listed in expected.json but cannot be read (${(err as Error).message}).`);
    }
    const { understanding } = await understandReply(raw, { now: options.now });
    const actual = Object.fromEntries(SCORED_FIELDS.map((f) => [f, understanding[f]])) as Reading;
    scored.push({ file, expected: expected[file]!, actual });
    options.progress?.(i + 1, files.length);
  }
  return { dir, score: scoreReplies(scored) };
}
