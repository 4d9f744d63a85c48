import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { scoreReplyDirectory } from '../src/cli/reply-corpus-score.js';
import { understandReply } from '../src/mail/inbound/understand-reply.js';
import { rowOf, type Benchmark, type Row } from './harness.js';

const FIXTURES = new URL('../test/fixtures/provider-replies/', import.meta.url);
const CORPUS = new URL('../test/fixtures/reply-corpus/', import.meta.url);
const MESSAGES = 500;
const BUDGET_PER_SECOND = 50;
/** Year-less dates in a reply without a Date header are read against this day. */
const NOW = new Date('2026-11-30T10:00:00Z');

/** Each set of examples and the share of every field and every kind it must reach. */
const SCORED = [
  { name: 'corpus: development', dir: new URL('development/', CORPUS), minimum: 0.97 },
  { name: 'corpus: held-out', dir: new URL('held-out/', CORPUS), minimum: 0.97 },
  { name: 'provider-replies fixtures', dir: FIXTURES, minimum: 1 },
] as const;

function emlFiles(dir: URL): Array<{ name: string; raw: Buffer }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((name) => ({ name, raw: readFileSync(new URL(name, dir)) }));
}

/**
 * Raw provider e-mail → MIME parse → new text → understanding: how well (per field and per kind, on the
 * corpus's development and held-out parts and on the project's fixtures) and how fast (every message of
 * all three, cycled to 500 one after another as the mailbox reader handles them).
 */
export const replyUnderstanding: Benchmark = {
  title: 'Reply understanding: accuracy and throughput (understandReply)',
  timeCapMs: 30_000,
  async run({ progress, deadline, accuracy }): Promise<Row[]> {
    for (const set of SCORED) {
      const { score } = await scoreReplyDirectory(fileURLToPath(set.dir), { now: NOW });
      accuracy({ name: set.name, messages: score.messages, fields: score.fields, perField: score.perField, perKind: score.perKind, minimum: set.minimum });
      progress.note(`${set.name}: ${score.exactMessages}/${score.messages} messages read entirely right`);
    }

    const messages = SCORED.flatMap((set) => emlFiles(set.dir));
    if (!messages.length) throw new Error('no .eml files found');
    // Untimed warm-up: the parsers and the rules are loaded before anything is measured.
    for (const m of messages.slice(0, 20)) await understandReply(m.raw, { now: NOW });

    const samples: number[] = [];
    const wallStart = performance.now();
    for (let i = 0; i < MESSAGES && performance.now() < deadline; i++) {
      const m = messages[i % messages.length]!;
      const start = performance.now();
      await understandReply(m.raw, { now: NOW });
      samples.push(performance.now() - start);
      if ((i + 1) % 25 === 0 || i + 1 === MESSAGES) progress(i + 1, MESSAGES);
    }
    const wallMs = performance.now() - wallStart;
    return [
      rowOf({ name: `understandReply x ${MESSAGES}`, samplesMs: samples, units: samples.length, wallMs, throughputUnit: 'msg/s', budget: { kind: 'throughput-above', perSecond: BUDGET_PER_SECOND }, planned: MESSAGES }),
    ];
  },
};
