import { writeFileSync } from 'node:fs';
import { computeDashboard } from '../../domain/dashboard.js';
import { buildDashboardInput, todayOf } from '../../services/regional/dashboard.js';
import { dashboardMarkdown } from '../../services/regional/regional-markdown.js';
import { parseArgs, type CliCommand } from '../command.js';
import { filtersFromOptions } from '../dashboard-options.js';

export const regionalReportCommand: CliCommand = {
  name: 'regional-report',
  summary: 'Regional placement data across all councils (aggregates only, protected) as Markdown or JSON',
  usage: 'regional-report [--period 24m|12m|36m|all|ay2025] [--lot N] [--need CODE] [--json] [--out FILE]',
  async run(ctx, args) {
    const { options } = parseArgs(args, ['out', 'period', 'lot', 'need']);
    const deps = { config: ctx.config, db: (await ctx.db()), clock: ctx.clock, log: ctx.log };
    const filters = filtersFromOptions(options, todayOf(deps));
    const figures = computeDashboard((await buildDashboardInput(deps, { kind: 'regional' }, filters)));
    const output = options.json ? `${JSON.stringify({ filters, figures }, null, 2)}\n` : dashboardMarkdown(figures, filters, 'Regional placement data');
    if (typeof options.out === 'string') {
      writeFileSync(options.out, output);
      ctx.err(`Wrote the regional figures to ${options.out}.`);
    } else process.stdout.write(output);
    return 0;
  },
};
