import type { ServiceDeps } from './deps.js';

export interface Timers {
  /** Runs every job once (tests call this with a controlled clock). */
  runOnce(): void;
  start(): void;
  stop(): void;
}

/**
 * Jobs the clock triggers (reminders, deadline notices). Each job only writes to the database and the
 * outbox, so it is safe to run at any time and as often as wanted; `afterRun` lets the outbox deliver.
 */
export function createTimers(deps: ServiceDeps, jobs: Array<{ name: string; run: () => unknown }>, options: { intervalMs: number; afterRun: () => void }): Timers {
  let timer: NodeJS.Timeout | undefined;
  const runOnce = () => {
    for (const job of jobs) {
      try {
        job.run();
      } catch (err) {
        deps.log.error({ err, job: job.name }, 'timer job failed');
      }
    }
    options.afterRun();
  };
  return {
    runOnce,
    start() {
      timer = setInterval(runOnce, options.intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
