import { performance } from 'node:perf_hooks';
import { fixedClock } from '../src/domain/clock.js';
import { cardText, findAction, inputValues, startDriver } from '../test/support/driver.js';
import { REQUEST_ANSWERS } from '../test/support/flows.js';
import { rowOf, type Benchmark, type Row } from './harness.js';
import { timedInvoke } from './teams-invoke.js';

const ROUNDS = 40;
const WARM_UP_ROUNDS = 3;
/** Teams gives an invoke about 5 s; the budget keeps a wide margin for a busier server. */
const BUDGET_MS = 500;

/**
 * A caseworker clicks "New request", then "Next" on step 1 with valid answers, on a fresh draft each
 * round: the two clicks every request starts with, over real HTTP into the real app.
 */
export const cardClick: Benchmark = {
  title: 'Card click latency (request.new, request.step)',
  timeCapMs: 20_000,
  async run({ progress, deadline }): Promise<Row[]> {
    // A fixed date keeps the answers (plan date, September 2027 start) valid whenever this runs.
    const d = await startDriver({ clock: fixedClock('2026-11-26T10:00:00Z') });
    try {
      const caseworker = d.people.caseworker;
      await d.say(caseworker, 'hi');

      const round = async () => {
        const started = await timedInvoke(d, caseworker, 'request.new', {});
        if (!cardText(started.card).includes('Step 1 of 4')) throw new Error(`request.new did not show step 1: ${cardText(started.card).slice(0, 200)}`);
        const next = findAction(started.card, 'request.step', 'Next');
        const stepped = await timedInvoke(d, caseworker, 'request.step', { ...inputValues(started.card), ...next.data, ...REQUEST_ANSWERS.child });
        if (!cardText(stepped.card).includes('Step 2 of 4')) throw new Error(`request.step did not accept valid answers: ${cardText(stepped.card).slice(0, 300)}`);
        return { newMs: started.ms, stepMs: stepped.ms };
      };

      progress.note(`${WARM_UP_ROUNDS} warm-up rounds (not counted)`);
      for (let i = 0; i < WARM_UP_ROUNDS; i++) await round();

      const newMs: number[] = [];
      const stepMs: number[] = [];
      const wallStart = performance.now();
      for (let i = 0; i < ROUNDS && performance.now() < deadline; i++) {
        const r = await round();
        newMs.push(r.newMs);
        stepMs.push(r.stepMs);
        progress(i + 1, ROUNDS);
      }
      const wallMs = performance.now() - wallStart;
      const budget = { kind: 'p95-below', ms: BUDGET_MS } as const;
      // Throughput per row counts only that verb's own time: the rounds alternate the two verbs.
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      progress.note(`${newMs.length} rounds in ${(wallMs / 1000).toFixed(1)} s`);
      return [
        rowOf({ name: 'click request.new', samplesMs: newMs, units: newMs.length, wallMs: sum(newMs), throughputUnit: 'clicks/s', budget, planned: ROUNDS }),
        rowOf({ name: 'click request.step (child)', samplesMs: stepMs, units: stepMs.length, wallMs: sum(stepMs), throughputUnit: 'clicks/s', budget, planned: ROUNDS }),
      ];
    } finally {
      await d.stop();
    }
  },
};
