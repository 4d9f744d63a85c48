import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { awards, offers } from '../src/db/schema/index.js';
import { fixedClock } from '../src/domain/clock.js';
import { cardText, findAction, startDriver, TEAM, type Driver } from '../test/support/driver.js';
import { requestWithOffers, seedCallOffProviders } from '../test/support/flows.js';
import { rowOf, type Benchmark, type Row } from './harness.js';
import { timedInvoke } from './teams-invoke.js';

const SETUPS = 5;
const BUDGET_MS = 1000;

async function offerId(d: Driver, providerId: string): Promise<number> {
  const row = (await d.db.select().from(offers).where(eq(offers.providerId, providerId)))[0];
  if (!row) throw new Error(`no offer from ${providerId}`);
  return row.id;
}

/**
 * From nothing to an award proposal waiting in the approvals channel, the way test/e2e/awards.test.ts
 * gets there: offers from Larkfield and Moorside, quality marks, a proposal for Moorside.
 */
async function proposalAwaitingDecision(d: Driver): Promise<unknown> {
  (await seedCallOffProviders(d));
  await requestWithOffers(d);
  for (const [providerId, mark] of [['FPS-7001', '70'], ['FPS-7002', '80']] as const) {
    const id = (await offerId(d, providerId));
    const marked = await d.click(d.people.placementsOfficer, 'evaluation.mark', { offerId: id, [`mark_${id}`]: mark, [`reason_${id}`]: `Visit and references: mark ${mark}.` });
    if (!cardText(marked.card).includes('Quality mark saved')) throw new Error(`quality mark not saved: ${cardText(marked.card).slice(0, 300)}`);
  }
  const id = (await offerId(d, 'FPS-7002'));
  const proposed = await d.click(d.people.placementsOfficer, 'award.propose', { requestId: 1, offerId: id, [`rationale_${id}`]: 'Highest score, meets Section F, place from September.' });
  if (!cardText(proposed.card).includes('Proposal sent')) throw new Error(`proposal not sent: ${cardText(proposed.card).slice(0, 300)}`);
  const posted = await d.settle();
  const card = d.cardsIn(posted).find((c) => cardText(c).includes('Award proposal for PR-2026-0001'));
  if (!card) throw new Error('no approval card was posted to the approvals channel');
  return card;
}

/**
 * A Service Manager clicks Approve on the approval card: authority check, exactly-one decision,
 * award record and letters queued, all inside the invoke. One click per fresh app, so every sample
 * is the first decision that process makes (the cold path a real approver meets after a restart).
 */
export const approvalDecision: Benchmark = {
  title: 'Approval decision latency (approval.decide)',
  timeCapMs: 45_000,
  async run({ progress, deadline }): Promise<Row[]> {
    const samples: number[] = [];
    let setupMs = 0;
    for (let i = 0; i < SETUPS && performance.now() < deadline; i++) {
      const setupStart = performance.now();
      const d = await startDriver({ clock: fixedClock('2026-11-26T10:00:00Z'), env: process.env.BENCH_LOG ? { LOG_LEVEL: 'error' } : {} });
      try {
        const card = await proposalAwaitingDecision(d);
        setupMs += performance.now() - setupStart;
        const approve = findAction(card, 'approval.decide', 'Approve');
        const decided = await timedInvoke(d, d.people.serviceManager, 'approval.decide', { ...approve.data, reason: 'Within budget and best value.' }, TEAM.id);
        if (!cardText(decided.card).includes('Approved by Sam Okafor')) throw new Error(`approval not recorded: ${cardText(decided.card).slice(0, 300)}`);
        if ((await d.db.select().from(awards)).length !== 1) throw new Error('approval did not create exactly one award');
        samples.push(decided.ms);
      } finally {
        await d.stop();
      }
      progress(i + 1, SETUPS);
    }
    progress.note(`setup (untimed) averaged ${(setupMs / Math.max(1, samples.length) / 1000).toFixed(1)} s per app`);
    const sum = samples.reduce((a, b) => a + b, 0);
    return [
      rowOf({ name: 'click approval.decide (approve)', samplesMs: samples, units: samples.length, wallMs: sum, throughputUnit: 'clicks/s', budget: { kind: 'p95-below', ms: BUDGET_MS }, planned: SETUPS }),
    ];
  },
};
