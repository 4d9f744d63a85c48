import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('parse-reply --score', () => {
  const corpus = join(scratch, 'corpus');
  mkdirSync(corpus, { recursive: true });
  copyFileSync(join(FIXTURES, '01-gmail-offer.eml'), join(corpus, 'offer.eml'));
  copyFileSync(join(FIXTURES, '02-outlook-decline-full.eml'), join(corpus, 'decline.eml'));
  // The offer is expected as the fixtures say; the decline is deliberately expected wrongly, so one message misses.
  writeFileSync(
    join(corpus, 'expected.json'),
    JSON.stringify({
      'offer.eml': { kind: 'offer', canMeetNeeds: true, weeklyFee: 3290, feeWeeksPerYear: 38, additionalWeeklyCosts: null, startDate: '2027-09-06' },
      'decline.eml': { kind: 'offer', canMeetNeeds: true, weeklyFee: 3000, feeWeeksPerYear: null, additionalWeeklyCosts: null, startDate: null },
    }),
  );

  it('prints accuracy per field and per kind for a directory of replies and their expected.json', async () => {
    const { code, stdout } = await parseReply(['--score', corpus]);
    expect(code).toBe(0);
    expect(stdout).toContain(`${corpus}: 2 message(s), 1 read entirely right`);
    expect(stdout).toMatch(/all fields\s+9\/12\s+75\.0%/);
    expect(stdout).toMatch(/kind\s+1\/2\s+50\.0%/);
    expect(stdout).toMatch(/weeklyFee\s+1\/2\s+50\.0%/);
    expect(stdout).toMatch(/startDate\s+2\/2\s+100\.0%/);
    // By expected kind: both were expected to be offers; one was read as the decline it is.
    expect(stdout).toMatch(/offer\s+1\/2\s+50\.0%/);
    expect(stdout).not.toContain('miss ');
  }, 60_000);

  it('lists the misses on request and exits 1 when a field or kind is below --min', async () => {
    const { code, stdout, stderr } = await parseReply(['--score', corpus, '--min', '0.9', '--misses']);
    expect(code).toBe(1);
    expect(stdout).toContain('miss decline.eml: kind expected "offer", read "decline"');
    expect(stderr).toContain('scores below 0.9');
  }, 60_000);

  it('gives the same figures as JSON', async () => {
    const { code, stdout } = await parseReply(['--score', corpus, '--json']);
    expect(code).toBe(0);
    const [line] = jsonLines(stdout);
    expect(line).toMatchObject({ dir: corpus, messages: 2, exactMessages: 1, fields: { right: 9, total: 12 }, perKind: { offer: { right: 1, total: 2 } } });
    expect(line).not.toHaveProperty('misses');
  }, 60_000);

  it('refuses a directory without expected.json and a bad --min (usage error, exit 2)', async () => {
    const empty = join(scratch, 'empty');
    mkdirSync(empty, { recursive: true });
    const noExpectations = await parseReply(['--score', empty]);
    expect(noExpectations.code).toBe(2);
    expect(noExpectations.stderr).toContain('has no readable expected.json');
    const badMinimum = await parseReply(['--score', corpus, '--min', '97']);
    expect(badMinimum.code).toBe(2);
    expect(badMinimum.stderr).toContain('--min takes a fraction between 0 and 1');
  }, 60_000);
});
