import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isRaw, renderReply, type CorpusEntry } from './clients.js';
import { buildReferral } from './referrals.js';

/**
 * `npx tsx scripts/reply-corpus/build.ts [part…]`: writes the reply corpus under test/fixtures/reply-corpus/<part>/
 * as .eml files plus expected.json. The .eml files are committed; this script is how they were made.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test/fixtures/reply-corpus');

async function parts(): Promise<Record<string, CorpusEntry[]>> {
  const { HELD_OUT } = await import('./held-out.js');
  const found: Record<string, CorpusEntry[]> = { 'held-out': HELD_OUT };
  try {
    const { DEVELOPMENT } = await import('./development.js');
    found.development = DEVELOPMENT;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
  }
  return found;
}

function write(part: string, entries: CorpusEntry[]): void {
  const dir = join(OUT, part);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const names = new Set<string>();
  const expected: Record<string, unknown> = {};
  entries.forEach((entry, i) => {
    if (names.has(entry.name)) throw new Error(`${part}: duplicate name ${entry.name}`);
    names.add(entry.name);
    const file = `${String(i + 1).padStart(3, '0')}-${entry.name}.eml`;
    const raw = isRaw(entry) ? entry.raw({ referral: buildReferral }) : renderReply(entry);
    writeFileSync(join(dir, file), raw);
    expected[file] = entry.expect;
  });
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
  process.stdout.write(`${part}: ${readdirSync(dir).filter((f) => f.endsWith('.eml')).length} messages\n`);
}

const wanted = process.argv.slice(2);
for (const [part, entries] of Object.entries(await parts())) {
  if (!wanted.length || wanted.includes(part)) write(part, entries);
}
