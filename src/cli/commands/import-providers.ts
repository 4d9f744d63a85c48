import { importProvidersCsv } from '../../services/import-providers.js';
import type { CliCommand } from '../command.js';
import { readCsvArgument, reportRead } from './csv-input.js';

export const importProvidersCommand: CliCommand = {
  name: 'import-providers',
  summary: 'Import the monthly FPS provider register (CSV); all rows must be valid, changes are audited',
  usage: 'import-providers FILE.csv',
  async run(ctx, args) {
    const { path, bytes } = readCsvArgument(args);
    const result = (await importProvidersCsv((await ctx.db()), bytes, { clock: ctx.clock, onProgress: ctx.progress }));
    if (!result.ok) {
      reportRead(ctx, path, result.source, result.errors);
      ctx.err(`${path}: ${result.message}`);
      return 1;
    }
    reportRead(ctx, path, result.source);
    const { summary } = result;
    for (const c of summary.changes) {
      ctx.out(c.action === 'created' ? `created ${c.providerId} ${c.name}` : `updated ${c.providerId} ${c.name}: ${c.changes.join('; ')}`);
    }
    for (const p of summary.notInFile) ctx.out(`not in this file (kept): ${p.providerId} ${p.name}`);
    ctx.out(
      `Providers: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.notInFile.length} not in this file.`,
    );
    return 0;
  },
};
