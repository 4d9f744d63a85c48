import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { understandReply } from '../src/mail/inbound/understand-reply.js';
import { rowOf, type Benchmark, type Row } from './harness.js';

const FIXTURES = new URL('../test/fixtures/provider-replies/', import.meta.url);
const MESSAGES = 500;
const BUDGET_PER_SECOND = 50;
/** Year-less dates in a reply without a Date header are read against this day. */
const NOW = new Date('2026-11-30T10:00:00Z');

/**
 * Raw provider e-mail → MIME parse → new text → understanding, over the project's 26 real-world
 * shaped replies (Gmail, Outlook, Apple Mail, HTML-only, quoted-printable, bounces, forwards),
 * cycled to 500 messages one after another as the mailbox reader handles them.
 */
export const replyUnderstanding: Benchmark = {
  title: 'Reply understanding throughput (understandReply)',
  timeCapMs: 20_000,
  async run({ progress, deadline }): Promise<Row[]> {
    const expected = JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')) as Record<string, { kind: string }>;
    const fixtures = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map((name) => ({ name, raw: readFileSync(new URL(name, FIXTURES)) }));
    if (!fixtures.length) throw new Error('no .eml fixtures found');

    // The untimed first pass warms the parsers and proves the work is the real work: every fixture
    // must be understood as the project's own expectations say.
    for (const f of fixtures) {
      const { understanding } = await understandReply(f.raw, { now: NOW });
      const want = expected[f.name]?.kind;
      if (understanding.kind !== want) throw new Error(`${f.name}: understood as ${understanding.kind}, expected ${want}`);
    }
    progress.note(`${fixtures.length} fixtures understood as expected (warm-up, not counted)`);

    const samples: number[] = [];
    const wallStart = performance.now();
    for (let i = 0; i < MESSAGES && performance.now() < deadline; i++) {
      const f = fixtures[i % fixtures.length]!;
      const start = performance.now();
      await understandReply(f.raw, { now: NOW });
      samples.push(performance.now() - start);
      if ((i + 1) % 25 === 0 || i + 1 === MESSAGES) progress(i + 1, MESSAGES);
    }
    const wallMs = performance.now() - wallStart;
    return [
      rowOf({ name: `understandReply x ${MESSAGES}`, samplesMs: samples, units: samples.length, wallMs, throughputUnit: 'msg/s', budget: { kind: 'throughput-above', perSecond: BUDGET_PER_SECOND }, planned: MESSAGES }),
    ];
  },
};
