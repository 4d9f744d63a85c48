import { writeFileSync } from 'node:fs';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { regionalMarkdown } from '../../services/regional/regional-markdown.js';
import { regionalFigures } from '../../services/regional/regional-figures.js';
import { parseArgs, type CliCommand } from '../command.js';

export const regionalReportCommand: CliCommand = {
  name: 'regional-report',
  summary: 'Regional placement data across all councils (aggregates only, small numbers suppressed) as Markdown or JSON',
  usage: 'regional-report [--json] [--out FILE]',
  async run(ctx, args) {
    const { options } = parseArgs(args, ['out']);
    const figures = regionalFigures({ config: ctx.config, db: ctx.db(), clock: ctx.clock, log: ctx.log });
    const output = options.json ? `${JSON.stringify(figures, null, 2)}\n` : regionalMarkdown(figures, calendarDateOf(ctx.clock.now()));
    if (typeof options.out === 'string') {
      writeFileSync(options.out, output);
      ctx.err(`Wrote regional figures for ${figures.requests} requests and ${figures.placements} placements to ${options.out}.`);
    } else process.stdout.write(output);
    return 0;
  },
};
