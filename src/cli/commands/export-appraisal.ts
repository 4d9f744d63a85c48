import { writeFileSync } from 'node:fs';
import { buildAppraisalRecord } from '../../services/appraisals/appraisal-record.js';
import { appraisalMarkdown } from '../../services/appraisals/appraisal-markdown.js';
import { parseArgs, type CliCommand } from '../command.js';
import { requestForOperator } from '../request-lookup.js';

export const exportAppraisalCommand: CliCommand = {
  name: 'export-appraisal',
  summary: "Write a request's options appraisal (every revision, recommendation, decision, audit trail) as Markdown for the case file",
  usage: 'export-appraisal PR-2026-0042 [--council CODE] [--out FILE.md]',
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, ['council', 'out']);
    const db = (await ctx.db());
    const { request, councilName } = (await requestForOperator(db, positional[0], options.council as string | undefined));
    const record = (await buildAppraisalRecord({ config: ctx.config, db, clock: ctx.clock, log: ctx.log }, { councilId: request.councilId }, request, councilName));
    const markdown = appraisalMarkdown(record, ctx.clock.now());
    if (typeof options.out === 'string') {
      writeFileSync(options.out, markdown);
      ctx.err(`Wrote the appraisal of ${request.reference} (${record.revisions.length} revision(s)) to ${options.out}.`);
    } else {
      process.stdout.write(markdown);
    }
    return 0;
  },
};
