import { formatRowError } from '../../domain/register-csv.js';
import { importProvidersCsv } from '../../services/import-providers.js';
import type { CliCommand } from '../command.js';
import { readCsvArgument } from './csv-input.js';

export const importProvidersCommand: CliCommand = {
  name: 'import-providers',
  summary: 'Import the monthly FPS provider register (CSV); all rows must be valid, changes are audited',
  usage: 'import-providers FILE.csv',
  async run(ctx, args) {
    const { path, text } = readCsvArgument(args);
    const result = importProvidersCsv(ctx.db(), text, { clock: ctx.clock, onProgress: ctx.progress });
    if (!result.ok) {
      for (const e of result.errors) ctx.out(formatRowError(e));
      ctx.err(`${path}: ${result.message}`);
      return 1;
    }
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
