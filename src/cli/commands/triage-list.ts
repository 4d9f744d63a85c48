import { listWaitingMessages } from '../../db/repositories/inbound.js';
import { findCouncilByCode } from '../../db/repositories/staff.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';

/**
 * Every e-mail still waiting for a person, for the operator of the regional deployment: in a council's
 * triage, in the regional queue (no council yet), set aside in quarantine, or not yet processed. No bodies,
 * no child data: who wrote, when, the subject and why it waits.
 */
export const triageListCommand: CliCommand = {
  name: 'triage-list',
  summary: 'List the e-mails waiting for a person (council triage, the regional queue, quarantine), without their text',
  usage: 'triage-list [--council CODE] [--limit N]',
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, ['council', 'limit']);
    if (positional.length) throw new UsageError(`Unexpected argument "${positional[0]}"`);
    const db = (await ctx.db());
    let councilId: number | undefined;
    if (options.council !== undefined) {
      if (options.council === true) throw new UsageError('--council needs a council code');
      const council = (await findCouncilByCode(db, options.council.toUpperCase()));
      if (!council) throw new UsageError(`No council with code ${options.council}`);
      councilId = council.id;
    }
    const limit = options.limit === undefined ? 200 : Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit needs a whole number');
    const waiting = (await listWaitingMessages(db, { councilId, limit }));
    ctx.err(waiting.length ? `${waiting.length} message(s) waiting for a person.` : 'No message is waiting for a person.');
    for (const m of waiting) {
      const where = m.status === 'quarantined' ? 'quarantine' : m.status === 'stored' ? 'not yet processed' : m.councilId !== null ? `council ${m.councilId}` : m.candidateCouncilIds.length ? `regional queue (could be councils ${m.candidateCouncilIds.join(', ')})` : 'regional queue';
      ctx.out([m.id, m.receivedAt, where, m.fromAddress ?? '(no sender)', JSON.stringify(m.subject ?? ''), m.problem ?? ''].join('\t'));
    }
    return 0;
  },
};
