import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { buildEvidenceRecord } from '../../services/evidence/evidence-record.js';
import { evidenceHtml, evidenceMarkdown } from '../../services/evidence/evidence-render.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';
import { requestForOperator } from '../request-lookup.js';

export const evidenceCommand: CliCommand = {
  name: 'evidence',
  summary: "Write the evidence pack of a request (why the placement was secured: appraisal, shortlist, every provider e-mail, evaluation, decisions, award) as Markdown or HTML",
  usage: 'evidence PR-2026-0042 [--council CODE] [--out FILE.md|FILE.html]',
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, ['council', 'out']);
    if (options.out === '') throw new UsageError('--out needs a file name, e.g. --out evidence.html');
    const db = (await ctx.db());
    const { request, councilName } = (await requestForOperator(db, positional[0], options.council as string | undefined));
    const record = (await buildEvidenceRecord({ config: ctx.config, db, clock: ctx.clock, log: ctx.log }, { councilId: request.councilId }, request, councilName));
    const now = ctx.clock.now();
    if (typeof options.out === 'string') {
      const html = ['.html', '.htm'].includes(extname(options.out).toLowerCase());
      writeFileSync(options.out, html ? evidenceHtml(record, now) : evidenceMarkdown(record, now));
      ctx.err(
        `Wrote the evidence pack of ${record.request.reference} (${record.counts.sent} e-mails sent, ${record.counts.received} received${record.award ? ', award made' : ''}) ` +
          `as ${html ? 'HTML' : 'Markdown'} to ${options.out}.`,
      );
    } else {
      process.stdout.write(evidenceMarkdown(record, now));
    }
    return 0;
  },
};
