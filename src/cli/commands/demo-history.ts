import { generateDemoHistory } from '../../services/regional/demo-history.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';

function wholeNumber(value: string | true | undefined, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value.replace(/[,_]/g, ''))) throw new UsageError(`--${name} needs a whole number`);
  return Number(value.replace(/[,_]/g, ''));
}

export const demoHistoryCommand: CliCommand = {
  name: 'demo-history',
  summary: 'Fill an empty (or demo) database with a synthetic FPS history for the dashboards, flagged synthetic; refused on real data',
  usage: 'demo-history --councils 23 --placements 100000 [--years 5] [--seed N]',
  async run(ctx, args) {
    const { options } = parseArgs(args, ['councils', 'placements', 'years', 'seed']);
    const result = (await generateDemoHistory(
      { config: ctx.config, db: (await ctx.db()), clock: ctx.clock, log: ctx.log },
      {
        councils: wholeNumber(options.councils, 'councils', 23),
        placements: wholeNumber(options.placements, 'placements'),
        years: wholeNumber(options.years, 'years', 5),
        seed: options.seed === undefined ? undefined : wholeNumber(options.seed, 'seed'),
        progress: (done, total) => ctx.progress('Synthetic placements', done, total),
      },
    ));
    if (!result.ok) {
      ctx.err(result.message);
      return 1;
    }
    ctx.err(
      `Made a synthetic history: ${result.placements.toLocaleString('en-GB')} placements across ${result.councils} councils (${result.councilsCreated} synthetic), ` +
        `${result.providers} synthetic providers, ${result.offers.toLocaleString('en-GB')} offers, in ${result.seconds.toFixed(1)} s.`,
    );
    return 0;
  },
};
