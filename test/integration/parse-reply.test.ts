import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Runs the real operator command as a child process over the project's own reply fixtures and checks
 * the JSON-lines contract field by field against test/fixtures/provider-replies/expected.json.
 */

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/provider-replies');

/** Exact values, plus a few checks that cannot be exact: confidence bounds and warning wording. */
interface Expected {
  [field: string]: unknown;
  minConfidence?: number;
  maxConfidence?: number;
  warningsMatch?: string[];
}

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expected>;
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).sort();
const scratch = mkdtempSync(join(tmpdir(), 'parse-reply-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function parseReply(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'cli', '--', 'parse-reply', ...args], {
      cwd: ROOT,
      env: { ...process.env, DB_PATH: join(scratch, 'unused.db'), LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('parse-reply command', () => {
  const missing = join(scratch, 'no-such-reply.eml');
  let outcome: Promise<{ code: number; lines: Array<Record<string, unknown>>; stdout: string }> | undefined;
  const runAll = () =>
    (outcome ??= parseReply([...fixtureFiles.map((f) => join(FIXTURES, f)), missing]).then((r) => ({ ...r, lines: jsonLines(r.stdout) })));

  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(Object.keys(expected).sort()).toEqual(fixtureFiles);
  });

  it('prints exactly one JSON object per line on stdout, one per file, in order', async () => {
    const { stdout, lines } = await runAll();
    expect(stdout.trimEnd().split('\n')).toHaveLength(fixtureFiles.length + 1);
    expect(lines.map((l) => l.file)).toEqual([...fixtureFiles.map((f) => join(FIXTURES, f)), missing]);
  }, 60_000);

  it.each(fixtureFiles)('understands %s as expected, field by field', async (name) => {
    const { lines } = await runAll();
    const line = lines.find((l) => l.file === join(FIXTURES, name));
    expect(line, `no output line for ${name}`).toBeDefined();
    const { minConfidence, maxConfidence, warningsMatch, ...exact } = expected[name]!;
    for (const [field, value] of Object.entries(exact)) {
      expect(line![field], `${name}: ${field}`).toEqual(value);
    }
    const confidence = line!.confidence as number;
    expect(confidence).toBeGreaterThanOrEqual(0);
    expect(confidence).toBeLessThanOrEqual(1);
    if (minConfidence !== undefined) expect(confidence, `${name}: confidence`).toBeGreaterThanOrEqual(minConfidence);
    if (maxConfidence !== undefined) expect(confidence, `${name}: confidence`).toBeLessThanOrEqual(maxConfidence);
    for (const fragment of warningsMatch ?? []) {
      expect(line!.warnings as string[], `${name}: warnings`).toEqual(expect.arrayContaining([expect.stringContaining(fragment)]));
    }
  }, 60_000);

  it('reports a file it cannot read as a JSON error line and exits 1 after the others', async () => {
    const { code, lines } = await runAll();
    expect(code).toBe(1);
    const last = lines.at(-1)!;
    expect(last.file).toBe(missing);
    expect(last.code).toBe('FILE_UNREADABLE');
    expect(String(last.error)).toContain('ENOENT');
    expect(last).not.toHaveProperty('kind');
  }, 60_000);

  it('exits 0 when every file was read', async () => {
    const { code, stdout } = await parseReply([join(FIXTURES, '01-gmail-offer.eml'), join(FIXTURES, '17-newsletter.eml')]);
    expect(code).toBe(0);
    expect(jsonLines(stdout).map((l) => l.kind)).toEqual(['offer', 'unknown']);
  }, 60_000);

  it('refuses to run without a file (usage error, exit 2, nothing on stdout)', async () => {
    const { code, stdout, stderr } = await parseReply([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('parse-reply FILE.eml');
  }, 60_000);
});
