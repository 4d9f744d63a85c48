import { writeFileSync } from 'node:fs';
import { AppError } from '../../domain/errors.js';
import { todayOf } from '../../services/regional/dashboard.js';
import { dashboardReportHtml } from '../../services/regional/dashboard-report.js';
import { actingPerson, scopeOption } from '../acting-person.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';
import { filtersFromOptions } from '../dashboard-options.js';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'The dashboard (your council, or --regional) as one printable HTML page with SVG charts',
  usage: 'report --out FILE.html --as EMAIL [--council CODE | --regional] [--period 24m|12m|36m|all|ay2025] [--lot N] [--need CODE]',
  async run(ctx, args) {
    const { options } = parseArgs(args, ['out', 'as', 'council', 'period', 'lot', 'need']);
    if (typeof options.out !== 'string' || !/\.html?$/i.test(options.out)) throw new UsageError('Give --out FILE.html');
    const deps = { config: ctx.config, db: (await ctx.db()), clock: ctx.clock, log: ctx.log };
    const actor = (await actingPerson(deps.db, options.as));
    const scope = scopeOption(actor, options);
    try {
      writeFileSync(options.out, (await dashboardReportHtml(deps, actor, scope, filtersFromOptions(options, todayOf(deps)))));
    } catch (err) {
      if (err instanceof AppError) {
        ctx.err(err.userMessage.replace(/\*\*/g, ''));
        return 1;
      }
      throw err;
    }
    ctx.err(`Wrote the ${scope === 'regional' ? 'regional' : 'council'} dashboard to ${options.out}.`);
    return 0;
  },
};
