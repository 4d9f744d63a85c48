import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const files = sourceFiles('src').map((path) => ({ path: relative(ROOT, join(ROOT, path)), text: readFileSync(join(ROOT, path), 'utf8') }));

function offenders(pattern: RegExp, allowed: (path: string) => boolean): string[] {
  return files.filter((f) => !allowed(f.path) && pattern.test(f.text)).map((f) => f.path);
}

/** The seams the design relies on, checked on every file so a shortcut cannot slip in unnoticed. */
describe('architecture', () => {
  it('only src/teams/ imports the Teams libraries (in maintenance upstream: one folder to swap)', () => {
    expect(offenders(/from ['"](?:botbuilder|botframework-|@microsoft\/teams-ai)/, (p) => p.startsWith('src/teams/'))).toEqual([]);
  });

  it('only src/db/ talks to the database library', () => {
    expect(offenders(/from ['"](?:drizzle-orm|better-sqlite3)/, (p) => p.startsWith('src/db/'))).toEqual([]);
  });

  it('every write transaction goes through writeTransaction (BEGIN IMMEDIATE)', () => {
    expect(offenders(/\.transaction\(/, (p) => p === 'src/db/transaction.ts')).toEqual([]);
  });

  it('nothing in src/ writes to the console: one injected logger', () => {
    expect(offenders(/\bconsole\.(?:log|info|warn|error|debug)\(/, () => false)).toEqual([]);
  });
});
