import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/client.js';
import {
  claimDueOutboxItems,
  markOutboxFailed,
  markOutboxItemsSent,
  probeWaiting,
  pullForwardWaiting,
  releaseOutboxClaims,
  renewOutboxClaims,
  type OutboxRow,
} from '../../db/repositories/outbox.js';
import { writeTransaction } from '../../db/transaction.js';
import type { OutboxKind } from '../../db/schema/outbox.js';
import { retryDecision } from '../../domain/retry.js';
import type { ServiceDeps } from '../deps.js';

/**
 * How one kind of effect is delivered. `deliver` does the network part and writes nothing; what a delivery
 * changes in the records is written by `recordSent`/`recordFailed` in the same transaction that marks the
 * item, so "sent" and its consequences (the referral is sent, the thread root is known) commit together.
 */
export interface OutboxHandler {
  deliver(item: OutboxRow): Promise<Record<string, unknown>>;
  /**
   * Optional: given a claimed batch's items of this kind before any of them is delivered, reads what they
   * are rendered from in a few queries for all of them, and returns how to deliver each (as `deliver` does).
   * Reads only: it writes nothing and touches no network.
   */
  prepareBatch?(items: readonly OutboxRow[]): Promise<(item: OutboxRow) => Promise<Record<string, unknown>>>;
  recordSent?(tx: Tx, item: OutboxRow, result: Record<string, unknown>): Promise<void> | void;
  /** Instead of `recordSent`: the consequences of several deliveries of this kind written together (a few statements for all). */
  recordSentBatch?(tx: Tx, sent: ReadonlyArray<{ item: OutboxRow; result: Record<string, unknown> }>): Promise<void>;
  /** `dead`: it will not be tried again; whoever must know is told (through the outbox, in this transaction). */
  recordFailed?(tx: Tx, item: OutboxRow, failure: { error: string; dead: boolean }): Promise<void> | void;
}

/** A failure that retrying cannot fix (no channel registered, recipient refused): dead at once. */
export class PermanentDeliveryError extends Error {
  readonly code: string = 'DELIVERY_PERMANENT';
}

/**
 * Teams no longer has the conversation a post was addressed to (404 ConversationNotFound: a deleted
 * thread or channel, an archived team, the bot removed). Retrying the same address cannot help.
 */
export class ConversationGoneError extends PermanentDeliveryError {
  override readonly code = 'TEAMS_CONVERSATION_GONE';
}

/** The approvals channel itself is gone: no thread can be started there until another channel is chosen. */
export class ApprovalsChannelGoneError extends PermanentDeliveryError {
  override readonly code = 'TEAMS_CHANNEL_GONE';
}

/** The service is unreachable (not this item's fault): the item waits for the service, and is tried as soon as it answers. */
export function isServiceUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SMTP_UNAVAILABLE' || code === 'TEAMS_UNAVAILABLE';
}

/**
 * A delivery's outcome, to be written with others in the next group transaction: sent (marked with the
 * others in one statement), or any other outcome, which `write` marks and records itself, returning false
 * when the claim was no longer ours.
 */
type PendingOutcome = { item: OutboxRow; resolve: () => void; reject: (err: unknown) => void } & ({ sent: Record<string, unknown> } | { write: (tx: Tx) => Promise<boolean> });

const LANES: ReadonlyArray<readonly OutboxKind[]> = [['email'], ['teams.channel_post', 'teams.channel_update', 'teams.personal_message']];

export interface OutboxDispatcher {
  /** Delivers everything due now; returns how many items it attempted. */
  runOnce(): Promise<number>;
  /** Ask for a run soon (after a commit that enqueued something). */
  kick(): void;
  /** Resolves once the deliveries kicked so far have run (what a person's action set off has been sent or has failed). */
  whenIdle(): Promise<void>;
  start(): void;
  /** Stops taking work, finishes the deliveries in flight, and hands back what was claimed but not started. */
  stop(): Promise<void>;
}

export interface DispatcherOptions {
  pollMs?: number;
  batchSize?: number;
  /** How often, during an outage, one waiting item is tried early to see whether the service is back. */
  probeMs?: number;
  /** This process's name on its claims (unique per process life). */
  holder?: string;
}

/**
 * Delivers the outbox. Several processes may run one each on the same database: items are claimed
 * atomically with an expiry the working process keeps renewing, so exactly one attempt is in flight per
 * item, and a dead process's items are taken over when its claims lapse. Up to OUTBOX_CONCURRENCY items
 * are delivered at once (the posts of one thread stay in order: see the sequence key).
 */
export function createOutboxDispatcher(deps: ServiceDeps, handlers: Partial<Record<OutboxKind, OutboxHandler>>, options: DispatcherOptions = {}): OutboxDispatcher {
  const { config, db, clock, log } = deps;
  const pollMs = options.pollMs ?? 2_000;
  const concurrency = config.OUTBOX_CONCURRENCY;
  const batchSize = options.batchSize ?? Math.max(20, concurrency * 5);
  const probeMs = options.probeMs ?? 30_000;
  const claimMs = config.OUTBOX_CLAIM_SECONDS * 1000;
  const holder = options.holder ?? `${config.INSTANCE_ID}/${process.pid}/${randomUUID().slice(0, 8)}`;
  /** Kinds whose service was unreachable at the last attempt, and when a probe was last made. */
  const waitingFor = new Map<OutboxKind, number>();
  const claimed = new Set<number>();
  let running: Promise<number> | undefined;
  /** A run queued behind the one in progress that has not started yet: it will deliver whatever is due when it starts. */
  let queued: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const heartbeat = setInterval(() => {
    if (claimed.size) renewOutboxClaims(db, holder, [...claimed], new Date(clock.now().getTime() + claimMs)).catch((err: unknown) => log.warn({ err }, 'outbox claims not renewed'));
  }, Math.max(1_000, Math.floor(claimMs / 3)));
  heartbeat.unref();

  /**
   * Outcomes (sent, failed) waiting to be written. They are written together, in one transaction, as soon
   * as the transaction before has committed (a group commit): the database sees one transaction (one lock
   * on PostgreSQL) and one UPDATE of the outbox for the group instead of a transaction per item. A delivery
   * counts as done only once its outcome has committed, as before: a crash before then leaves its claim to
   * lapse and the item to be sent again (same Message-ID, counted as an interrupted attempt). So at most a
   * batch's deliveries (OUTBOX_CONCURRENCY × 5) can be between the SMTP server's acceptance and the commit.
   */
  let waiting: PendingOutcome[] = [];
  let writing: Promise<void> | undefined;

  function complete(item: OutboxRow, outcome: { sent: Record<string, unknown> } | { write: (tx: Tx) => Promise<boolean> }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject, ...outcome });
      // From the next turn of the event loop: outcomes that arrive together are written together.
      writing ??= new Promise<void>((r) => setImmediate(r)).then(writeOutcomes);
    });
  }

  /** Writes a group's outcomes in the caller's transaction; for each, whether its claim was still ours. */
  async function writeInTransaction(tx: Tx, group: readonly PendingOutcome[]): Promise<boolean[]> {
    const sent = group.flatMap((o) => ('sent' in o ? [{ item: o.item, result: o.sent }] : []));
    const ours = await markOutboxItemsSent(tx, holder, clock.now(), sent.map((s) => ({ id: s.item.id, result: s.result })));
    const sentByKind = new Map<OutboxKind, Array<{ item: OutboxRow; result: Record<string, unknown> }>>();
    for (const s of sent) if (ours.has(s.item.id)) sentByKind.set(s.item.kind, [...(sentByKind.get(s.item.kind) ?? []), s]);
    for (const [kind, done] of sentByKind) {
      const handler = handlers[kind];
      if (handler?.recordSentBatch) await handler.recordSentBatch(tx, done);
      else for (const { item, result } of done) await handler?.recordSent?.(tx, item, result);
    }
    const stillOurs: boolean[] = [];
    for (const o of group) stillOurs.push('sent' in o ? ours.has(o.item.id) : await o.write(tx));
    return stillOurs;
  }

  async function writeOutcomes(): Promise<void> {
    try {
      while (waiting.length) {
        const group = waiting;
        waiting = [];
        await writeGroup(group);
      }
    } finally {
      writing = undefined;
    }
  }

  async function writeGroup(group: PendingOutcome[]): Promise<void> {
    let stillOurs: boolean[];
    try {
      stillOurs = await writeTransaction(db, (tx) => writeInTransaction(tx, group));
    } catch (err) {
      if (group.length === 1) {
        settle(group[0]!, err);
        return;
      }
      // One outcome could not be written (and rolled the group back): write each alone, so the others are not held back by it.
      for (const outcome of group) {
        try {
          settle(outcome, undefined, (await writeTransaction(db, (tx) => writeInTransaction(tx, [outcome])))[0]);
        } catch (single) {
          settle(outcome, single);
        }
      }
      return;
    }
    group.forEach((outcome, i) => settle(outcome, undefined, stillOurs[i]!));
  }

  function settle(outcome: PendingOutcome, err: unknown, stillOurs = false): void {
    if (err !== undefined) {
      // Still claimed: the caller records the failure next.
      outcome.reject(err);
      return;
    }
    claimed.delete(outcome.item.id);
    if (!stillOurs) log.warn({ outboxId: outcome.item.id, kind: outcome.item.kind }, 'outbox claim was lost during delivery (claim too short for this delivery?)');
    outcome.resolve();
  }

  /** Each kind's batch deliverer, for the kinds whose handler reads a batch's records together. */
  async function prepareBatch(batch: readonly OutboxRow[]): Promise<Map<OutboxKind, (item: OutboxRow) => Promise<Record<string, unknown>>>> {
    const prepared = new Map<OutboxKind, (item: OutboxRow) => Promise<Record<string, unknown>>>();
    for (const kind of new Set(batch.map((item) => item.kind))) {
      const handler = handlers[kind];
      if (!handler?.prepareBatch) continue;
      try {
        prepared.set(kind, await handler.prepareBatch(batch.filter((item) => item.kind === kind)));
      } catch (err) {
        // Each item then reads its own records, and fails on its own if it must.
        log.warn({ err, kind }, 'outbox batch not prepared');
      }
    }
    return prepared;
  }

  /**
   * Delivers one item and records its outcome. `handedOver` is called once the network part is over, so the
   * worker can start its next delivery while this outcome waits for the next group transaction.
   */
  async function deliver(item: OutboxRow, prepared: ReadonlyMap<OutboxKind, (item: OutboxRow) => Promise<Record<string, unknown>>>, handedOver: () => void): Promise<void> {
    const handler = handlers[item.kind];
    try {
      let result: Record<string, unknown>;
      try {
        if (!handler) throw new PermanentDeliveryError(`no handler for ${item.kind}`);
        const deliverInBatch = prepared.get(item.kind);
        result = await (deliverInBatch ? deliverInBatch(item) : handler.deliver(item));
      } finally {
        handedOver();
      }
      (await complete(item, { sent: result }));
      if (waitingFor.delete(item.kind)) {
        const due = (await pullForwardWaiting(db, [item.kind], clock.now()));
        log.info({ kind: item.kind, due }, 'service answers again: items waiting for it are due now');
      }
    } catch (err) {
      // The stable code (e.g. SMTP_UNAVAILABLE) goes first so people and tests can tell failures apart.
      const errorCode = (err as { code?: unknown } | null)?.code;
      const message = `${typeof errorCode === 'string' ? `${errorCode}: ` : ''}${err instanceof Error ? err.message : String(err)}`;
      const transient = isServiceUnavailable(err);
      const now = clock.now();
      const retryAt = retryDecision({
        permanent: err instanceof PermanentDeliveryError,
        now,
        attempts: item.attempts,
        queuedAt: item.createdAt,
        giveUpAt: item.giveUpAt,
        giveUpHours: config.OUTBOX_GIVE_UP_HOURS,
      });
      if (transient && !waitingFor.has(item.kind)) waitingFor.set(item.kind, now.getTime());
      (await complete(item, {
        write: async (tx) => {
          if (!(await markOutboxFailed(tx, item.id, holder, { error: message, transient, retryAt }))) return false;
          await handler?.recordFailed?.(tx, item, { error: message, dead: retryAt === null });
          return true;
        },
      }));
      log.warn({ outboxId: item.id, kind: item.kind, attempts: item.attempts, dead: retryAt === null, err }, 'outbox delivery failed');
    }
  }

  /** During an outage, one waiting item per probe interval is tried early, to find out whether the service is back. */
  async function probe(kinds: readonly OutboxKind[]): Promise<boolean> {
    const now = clock.now().getTime();
    let probed = false;
    for (const [kind, since] of waitingFor) {
      if (!kinds.includes(kind)) continue;
      if (now - since < probeMs) continue;
      waitingFor.set(kind, now);
      probed = (await probeWaiting(db, [kind], clock.now())) || probed;
    }
    return probed;
  }

  /** Delivers one lane (e-mail, or Teams) until nothing of it is due. */
  async function drainLane(kinds: readonly OutboxKind[]): Promise<number> {
    let attempted = 0;
    for (;;) {
      if (stopped) return attempted;
      const now = clock.now();
      const batch = (await claimDueOutboxItems(db, { holder, now, claimUntil: new Date(now.getTime() + claimMs), limit: batchSize, kinds }));
      if (batch.length === 0) {
        if ((await probe(kinds))) continue;
        return attempted;
      }
      for (const item of batch) claimed.add(item.id);
      const prepared = await prepareBatch(batch);
      const queue = [...batch];
      // Each item's outcome is written after its delivery, in a group transaction with others; the batch is
      // done when every outcome has committed (a crash before then: the claims lapse, the items go again).
      const recorded: Array<Promise<void>> = [];
      let failure: { err: unknown } | undefined;
      const worker = async () => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          if (stopped) break;
          const next = item;
          await new Promise<void>((handedOver) => {
            recorded.push(
              deliver(next, prepared, handedOver).catch((err: unknown) => {
                failure ??= { err };
                handedOver();
              }),
            );
          });
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
      await Promise.all(recorded);
      if (failure) throw failure.err;
      // What a stop left unstarted is handed back at once rather than waiting for the claims to lapse.
      if (queue.length) {
        (await releaseOutboxClaims(db, holder, queue.map((i) => i.id)));
        for (const item of queue) claimed.delete(item.id);
      }
      attempted += batch.length - queue.length;
    }
  }

  /** E-mail and Teams are separate lanes: a slow or unreachable mail server never holds up the Teams posts. */
  async function drain(): Promise<number> {
    let attempted = 0;
    // A delivery in one lane can queue work for the other (a failed e-mail tells someone in Teams): run until quiet.
    for (;;) {
      const counts = await Promise.all(LANES.map((kinds) => drainLane(kinds)));
      const pass = counts.reduce((a, b) => a + b, 0);
      attempted += pass;
      if (pass === 0 || stopped) return attempted;
    }
  }

  const dispatcher: OutboxDispatcher = {
    runOnce() {
      // One run at a time in this process: a kick during a run waits for it and then runs again. Kicks while
      // that next run is still waiting share it (it sees everything committed before it starts), so a burst of
      // commits (a mailbox sweep kicks once per reply) costs one more run, not one run each.
      if (queued) return queued;
      const run = (running ?? Promise.resolve(0))
        .catch(() => 0)
        .then(() => {
          if (queued === run) queued = undefined;
          return drain();
        });
      queued = run;
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
        dispatcher.runOnce().catch((err: unknown) => log.error({ err }, 'outbox run failed'));
      });
    },
    async whenIdle() {
      // A kick starts its run on the next turn of the event loop: let those queued so far begin first.
      await new Promise((resolve) => setImmediate(resolve));
      while (running) await running.catch(() => undefined);
    },
    start() {
      stopped = false;
      const tick = () => {
        if (stopped) return;
        dispatcher
          .runOnce()
          .catch((err: unknown) => log.error({ err }, 'outbox run failed'))
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
      clearInterval(heartbeat);
    },
  };
  return dispatcher;
}
