import { countOutboxByStatus, listOutbox } from '../../db/repositories/outbox.js';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../db/schema/outbox.js';
import { operatorRequeue } from '../../services/outbox/send-again.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';

const USAGE = 'outbox [list [--status pending|sent|dead] [--limit N]] | outbox retry ID | outbox retry-dead';

/**
 * What is waiting to be delivered, what failed for good, and putting failed items back in the queue once
 * the cause is fixed (a mail server that was down for days, a corrected address). Never prints a body.
 */
export const outboxCommand: CliCommand = {
  name: 'outbox',
  summary: 'List queued, sent and dead deliveries (e-mails, Teams posts); send dead ones again',
  usage: USAGE,
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, ['status', 'limit']);
    const [verb = 'list', target, ...extra] = positional;
    if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}". Usage: ${USAGE}`);
    const deps = { config: ctx.config, db: (await ctx.db()), clock: ctx.clock, log: ctx.log };
    if (verb === 'list') {
      const status = options.status;
      if (status !== undefined && (status === true || !(OUTBOX_STATUSES as readonly string[]).includes(status))) throw new UsageError(`--status must be one of ${OUTBOX_STATUSES.join(', ')}`);
      const limit = options.limit === undefined ? 50 : Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit needs a whole number');
      const counts = (await countOutboxByStatus(deps.db));
      ctx.err(`Outbox: ${counts.pending} pending, ${counts.sent} sent, ${counts.dead} dead.`);
      for (const item of (await listOutbox(deps.db, { statuses: status ? [status as OutboxStatus] : undefined, limit }))) {
        const template = (item.payload as { template?: unknown }).template;
        ctx.out(
          [item.id, item.status, item.kind, typeof template === 'string' ? template : '', `council ${item.councilId}`, `attempts ${item.attempts}`, item.status === 'pending' ? `next ${item.nextAttemptAt}` : item.sentAt ? `sent ${item.sentAt}` : '', item.lastError ?? '']
            .filter((v) => v !== '')
            .join('\t'),
        );
      }
      return 0;
    }
    if (verb === 'retry') {
      if (!target || !/^\d+$/.test(target)) throw new UsageError(`outbox retry needs the item's id (from outbox list). Usage: ${USAGE}`);
      const requeued = (await operatorRequeue(deps, { id: Number(target) }, 'cli:outbox'));
      if (!requeued.length) {
        ctx.err(`Item ${target} is not dead (only dead items can be sent again), or does not exist.`);
        return 1;
      }
      ctx.err(`Item ${target} queued again; a running instance sends it within seconds.`);
      return 0;
    }
    if (verb === 'retry-dead') {
      if (target) throw new UsageError(`outbox retry-dead takes no id. Usage: ${USAGE}`);
      const requeued = (await operatorRequeue(deps, { allDead: true }, 'cli:outbox'));
      ctx.err(`${requeued.length} dead item(s) queued again.`);
      return 0;
    }
    throw new UsageError(`Unknown outbox command "${verb}". Usage: ${USAGE}`);
  },
};
