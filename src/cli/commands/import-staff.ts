import { importStaffCsv } from '../../services/import-staff.js';
import type { CliCommand } from '../command.js';
import { readCsvArgument, reportRead } from './csv-input.js';

export const importStaffCommand: CliCommand = {
  name: 'import-staff',
  summary: 'Import councils and staff (CSV: roles and approval limits); all rows must be valid, changes are audited',
  usage: 'import-staff FILE.csv',
  async run(ctx, args) {
    const { path, bytes } = readCsvArgument(args);
    const result = (await importStaffCsv((await ctx.db()), bytes, { clock: ctx.clock, onProgress: ctx.progress }));
    if (!result.ok) {
      reportRead(ctx, path, result.source, result.errors);
      ctx.err(`${path}: ${result.message}`);
      return 1;
    }
    reportRead(ctx, path, result.source);
    const { summary } = result;
    for (const code of summary.councilsCreated) ctx.out(`council created ${code}`);
    for (const code of summary.councilsRenamed) ctx.out(`council renamed ${code}`);
    for (const c of summary.changes) {
      const who = `${c.councilCode} ${c.name} <${c.email}>`;
      ctx.out(c.action === 'created' ? `created ${who}` : `updated ${who}: ${c.changes.join('; ')}`);
    }
    for (const s of summary.notInFile) ctx.out(`not in this file (kept): ${s.councilCode} ${s.name} <${s.email}>`);
    ctx.out(
      `Staff: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.notInFile.length} not in this file; ${summary.councilsCreated.length} council(s) created.`,
    );
    return 0;
  },
};
