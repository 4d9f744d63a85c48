import { readFileSync, statSync } from 'node:fs';
import { MAX_REGISTER_FILE_BYTES, describeSource, formatRowError, type CsvSource, type RowError } from '../../domain/register-csv.js';
import { UsageError, parseArgs, type CliContext } from '../command.js';

/**
 * The one positional argument of an import command, read as bytes: the import recognises the encoding
 * itself. Anything but a regular file of sensible size is refused before it is read, so a device or a
 * mistaken multi-gigabyte export never fills memory.
 */
export function readCsvArgument(args: string[]): { path: string; bytes: Uint8Array } {
  const { positional } = parseArgs(args);
  const [path, ...extra] = positional;
  if (!path || extra.length) throw new UsageError('Give exactly one CSV file.');
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`${path} is not a file.`);
    if (stat.size > MAX_REGISTER_FILE_BYTES) {
      throw new UsageError(`${path} is ${megabytes(stat.size)}; an import takes at most ${megabytes(MAX_REGISTER_FILE_BYTES)}, so nothing was imported. Is this the right file?`);
    }
    return { path, bytes: readFileSync(path) };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `File not found: ${path}` : `Cannot read ${path} (${code ?? 'unknown error'})`);
  }
}

/** Enough problems to fix in one sitting; the count says how many more there are. */
const SHOWN_PROBLEMS = 200;

/** How the file was read (the operator can tell a wrong export at a glance), then its problems, if any. */
export function reportRead(ctx: CliContext, path: string, source: CsvSource | null, errors: readonly RowError[] = []): void {
  if (source) ctx.out(`Read ${path} as ${describeSource(source)}.`);
  for (const e of errors.slice(0, SHOWN_PROBLEMS)) ctx.out(formatRowError(e));
  if (errors.length > SHOWN_PROBLEMS) ctx.out(`… and ${(errors.length - SHOWN_PROBLEMS).toLocaleString('en-GB')} more problem(s) not shown.`);
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}
