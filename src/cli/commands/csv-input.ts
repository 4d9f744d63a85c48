import { readFileSync } from 'node:fs';
import { UsageError, parseArgs } from '../command.js';

/** The one positional argument of an import command, read as UTF-8 text. */
export function readCsvArgument(args: string[]): { path: string; text: string } {
  const { positional } = parseArgs(args);
  const [path, ...extra] = positional;
  if (!path || extra.length) throw new UsageError('Give exactly one CSV file.');
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `File not found: ${path}` : `Cannot read ${path} (${code ?? 'unknown error'})`);
  }
}
