import { randomUUID } from 'node:crypto';
import { acquireLease, releaseLease } from '../db/repositories/inbound.js';
import type { ServiceDeps } from './deps.js';

export interface Timers {
  /** Runs every job once if this instance leads (tests call this with a controlled clock); false when another instance leads. */
  runOnce(): Promise<boolean>;
  start(): void;
  /** Stops the interval, waits for a run in progress and hands the lead over. */
  stop(): Promise<void>;
}

/** The lease (in the leases table the mailbox reader uses) that makes one instance the timers' leader. */
export const TIMERS_LEASE = 'timers:leader';

/**
 * Jobs the clock triggers (reminders, deadline notices, escalations). Each job only writes to the database
 * and the outbox, so a run repeated is harmless; still, with several instances only the leader runs them
 * (a lease row renewed at each run), so a reminder is not queued twice by two instances at the same minute.
 * A leader that dies stops renewing; the lease expires after three intervals and another instance takes over.
 * `afterRun` lets the outbox deliver.
 */
export function createTimers(
  deps: ServiceDeps,
  jobs: Array<{ name: string; run: () => Promise<unknown> }>,
  options: { intervalMs: number; afterRun: () => void; holder?: string },
): Timers {
  const holder = options.holder ?? `${deps.config.INSTANCE_ID}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const leaseMs = Math.max(3 * options.intervalMs, 30_000);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;

  async function runJobs(): Promise<boolean> {
    if (!(await acquireLease(deps.db, TIMERS_LEASE, holder, deps.clock.now(), leaseMs))) return false;
    for (const job of jobs) {
      try {
        await job.run();
      } catch (err) {
        deps.log.error({ err, job: job.name }, 'timer job failed');
      }
    }
    options.afterRun();
    return true;
  }

  const runOnce = (): Promise<boolean> => {
    // One run at a time in this process: a slow run is not overlapped by the next interval.
    running ??= runJobs().finally(() => (running = undefined));
    return running;
  };

  return {
    runOnce,
    start() {
      timer = setInterval(() => void runOnce().catch((err: unknown) => deps.log.error({ err }, 'timers run failed')), options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
      await releaseLease(deps.db, TIMERS_LEASE, holder).catch((err: unknown) => deps.log.warn({ err }, 'could not release the timers lease'));
    },
  };
}
