import { setCouncilArea } from '../../services/regional/council-area.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';

export const councilAreaCommand: CliCommand = {
  name: 'council-area',
  summary: "Set a council's area as DfE local-authority codes (for in-area / out-of-area figures), e.g. council-area CHESHIRE-EAST 895",
  usage: 'council-area COUNCIL_CODE LA_CODE[,LA_CODE…]',
  async run(ctx, args) {
    const { positional } = parseArgs(args);
    const [code, list] = positional;
    if (!code || !list) throw new UsageError('Give the council code and its LA code(s).');
    const result = (await setCouncilArea({ config: ctx.config, db: (await ctx.db()), clock: ctx.clock, log: ctx.log }, { councilCode: code, laCodes: list.split(/[,;]/).map((c) => c.trim()).filter(Boolean), actorLabel: 'cli:council-area' }));
    if (!result.ok) {
      ctx.err(result.message);
      return 1;
    }
    ctx.err(`${result.councilName}: area set to ${result.areas.join(', ')}.`);
    return 0;
  },
};
