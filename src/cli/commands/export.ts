import { AppError } from '../../domain/errors.js';
import { EXPORT_KINDS, isExportKind } from '../../domain/export-columns.js';
import { planExport, recordExport } from '../../services/exports/plan-export.js';
import type { ExportFormat } from '../../services/exports/write-export.js';
import { todayOf } from '../../services/regional/dashboard.js';
import { actingPerson, scopeOption } from '../acting-person.js';
import { parseArgs, UsageError, type CliCommand } from '../command.js';
import { filtersFromOptions } from '../dashboard-options.js';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export placements, offers, timings or provider responses as CSV or XLSX: your council\'s rows, or regional aggregates (--regional)',
  usage: `export ${EXPORT_KINDS.join('|')} --format csv|xlsx --as EMAIL [--council CODE | --regional] [--period 24m|12m|36m|all|ay2025] [--lot N] [--need CODE] [--out FILE]`,
  async run(ctx, args) {
    const { positional, options } = parseArgs(args, ['format', 'as', 'council', 'out', 'period', 'lot', 'need']);
    const kind = positional[0] ?? '';
    if (!isExportKind(kind)) throw new UsageError(`Say what to export: ${EXPORT_KINDS.join(', ')}.`);
    const format = options.format;
    if (format !== 'csv' && format !== 'xlsx') throw new UsageError('Give --format csv or --format xlsx.');
    const deps = { config: ctx.config, db: (await ctx.db()), clock: ctx.clock, log: ctx.log };
    const actor = (await actingPerson(deps.db, options.as));
    const scope = scopeOption(actor, options);
    const filters = filtersFromOptions(options, todayOf(deps));
    const out = typeof options.out === 'string' && options.out ? options.out : `${kind}-${scope === 'regional' ? 'regional' : actor.councilCode.toLowerCase()}-${todayOf(deps)}.${format}`;
    let plan;
    try {
      plan = (await planExport(deps, { actor, kind, scope, filters }));
    } catch (err) {
      if (err instanceof AppError) {
        ctx.err(err.userMessage.replace(/\*\*/g, ''));
        return 1;
      }
      throw err;
    }
    // The spreadsheet library is loaded only when a file is written: every other command starts faster.
    const { writeExport } = await import('../../services/exports/write-export.js');
    const rows = await writeExport(plan, format as ExportFormat, out, (done, total) => ctx.progress(`Exporting ${kind}`, done, total));
    (await recordExport(deps, actor, plan, { format, rows, file: out }));
    ctx.err(`Wrote ${rows.toLocaleString('en-GB')} row(s) to ${out}: ${plan.description}.`);
    return 0;
  },
};
