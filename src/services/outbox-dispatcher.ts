import { dueOutboxItems, markOutboxFailed, markOutboxSent, type OutboxRow } from '../db/repositories/outbox.js';
import type { OutboxKind } from '../db/schema/outbox.js';
import { nextRetryAt } from '../domain/retry.js';
import type { ServiceDeps } from './deps.js';

/** Delivers one outbox item; returns what it produced (e.g. a message id). */
export type OutboxHandler = (item: OutboxRow) => Promise<Record<string, unknown>>;

/** A failure that retrying cannot fix (no channel registered, item malformed): dead at once. */
export class PermanentDeliveryError extends Error {
  readonly code = 'DELIVERY_PERMANENT';
}

export interface OutboxDispatcher {
  /** Delivers everything due now; returns how many items it attempted. */
  runOnce(): Promise<number>;
  /** Ask for a run soon (after a commit that enqueued something). */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
}

export function createOutboxDispatcher(
  deps: ServiceDeps,
  handlers: Partial<Record<OutboxKind, OutboxHandler>>,
  options: { pollMs?: number; batchSize?: number; onDead?: (item: OutboxRow, error: string) => void } = {},
): OutboxDispatcher {
  const pollMs = options.pollMs ?? 2_000;
  const batchSize = options.batchSize ?? 20;
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function deliver(item: OutboxRow): Promise<void> {
    const handler = handlers[item.kind];
    const attempts = item.attempts + 1;
    try {
      if (!handler) throw new PermanentDeliveryError(`no handler for ${item.kind}`);
      const result = await handler(item);
      markOutboxSent(deps.db, item.id, deps.clock.now(), result);
    } catch (err) {
      // The stable code (e.g. SMTP_UNAVAILABLE) goes first so people and tests can tell failures apart.
      const errorCode = (err as { code?: unknown } | null)?.code;
      const code = typeof errorCode === 'string' ? `${errorCode}: ` : '';
      const message = `${code}${err instanceof Error ? err.message : String(err)}`;
      const retryAt = err instanceof PermanentDeliveryError ? null : nextRetryAt(deps.clock.now(), attempts);
      markOutboxFailed(deps.db, item.id, attempts, message, retryAt);
      deps.log.warn({ outboxId: item.id, kind: item.kind, attempts, dead: retryAt === null, err }, 'outbox delivery failed');
      if (!retryAt) options.onDead?.(item, message);
    }
  }

  async function drain(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const due = dueOutboxItems(deps.db, deps.clock.now(), batchSize);
      if (due.length === 0) return attempted;
      for (const item of due) await deliver(item);
      attempted += due.length;
      // Items that failed were rescheduled into the future, so the next query moves on.
      if (due.length < batchSize) return attempted;
    }
  }

  const dispatcher: OutboxDispatcher = {
    runOnce() {
      // One run at a time: a kick during a run waits for it and then runs again.
      const run = (running ?? Promise.resolve(0)).catch(() => 0).then(() => drain());
      running = run;
      run
        .finally(() => {
          if (running === run) running = undefined;
        })
        .catch(() => undefined);
      return run;
    },
    kick() {
      if (stopped) return;
      setImmediate(() => {
        dispatcher.runOnce().catch((err: unknown) => deps.log.error({ err }, 'outbox run failed'));
      });
    },
    start() {
      stopped = false;
      const tick = () => {
        if (stopped) return;
        dispatcher
          .runOnce()
          .catch((err: unknown) => deps.log.error({ err }, 'outbox run failed'))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, pollMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
  return dispatcher;
}
