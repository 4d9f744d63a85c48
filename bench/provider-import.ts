import { mkdtempSync, rmSync } from 'node:fs';
import { dropTestDatabase, newTestDatabase } from '../test/support/test-database.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { count } from 'drizzle-orm';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { providers } from '../src/db/schema/index.js';
import { fixedClock } from '../src/domain/clock.js';
import { PROVIDER_COLUMNS } from '../src/domain/provider-register.js';
import { LOTS, NEED_CODES, OFSTED_GRADES, PROVIDER_SEXES } from '../src/domain/reference-data.js';
import { importProvidersCsv } from '../src/services/import-providers.js';
import { rowOf, type Benchmark, type Row } from './harness.js';

const ROWS = 5_000;
const RUNS = 3;
const BUDGET_MS = 15_000;

const TYPES = ['INMSS', 'NMSS', 'post-16 ISP'] as const;
const TOWNS = [
  ['WA7', 'Halton'],
  ['WN1', 'Wigan'],
  ['OL1', 'Oldham'],
  ['BL2', 'Bolton'],
  ['CH2', 'Cheshire West and Chester'],
  ['FY2', 'Blackpool'],
  ['SK4', 'Stockport'],
  ['LA1', 'Lancaster'],
] as const;

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A register the size of a large regional FPS, in the header and formats of
 * test/fixtures/providers-calloff.csv, every row valid and distinct (fictional names and domains).
 */
export function providerRegisterCsv(rows: number): string {
  const lines = [PROVIDER_COLUMNS.join(',')];
  for (let i = 0; i < rows; i++) {
    const n = 10_000 + i;
    const domain = `bench-school-${n}.example.org`;
    const [district, authority] = pick(TOWNS, i);
    const ageFrom = pick([4, 5, 11, 16], i);
    const feeFrom = 1_500 + (i % 40) * 50;
    const values: Record<(typeof PROVIDER_COLUMNS)[number], string> = {
      provider_id: `FPS-${n}`,
      name: `Bench School ${n}`,
      provider_type: pick(TYPES, i),
      lots: [pick(LOTS, i), pick(LOTS, i + 3)].join(';'),
      needs: [pick(NEED_CODES, i), pick(NEED_CODES, i + 5)].join(';'),
      age_from: String(ageFrom),
      age_to: String(Math.min(25, ageFrom + 8 + (i % 5))),
      sex: pick(PROVIDER_SEXES, i),
      ofsted_urn: String(500_000 + i),
      ofsted_grade: pick(OFSTED_GRADES, i),
      inspection_date: `202${i % 5}-0${1 + (i % 9)}-1${i % 10}`,
      postcode: `${district} ${1 + (i % 9)}${pick(['AB', 'LF', 'QX', 'TR'], i)}`,
      host_authority: authority,
      vacancies: String(i % 6),
      contact_name: 'Admissions Team',
      contact_email: `admissions@${domain}`,
      other_emails: i % 3 === 0 ? `head@${domain}` : '',
      email_domains: domain,
      weekly_fee_from: `£${feeFrom.toLocaleString('en-GB')}`,
      weekly_fee_to: `£${(feeFrom + 600).toLocaleString('en-GB')}`,
      status: i % 50 === 0 ? 'suspended' : 'active',
    };
    lines.push(PROVIDER_COLUMNS.map((c) => csvCell(values[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The monthly register import (CSV parse, validation of every row, one transaction of upserts with an
 * audit row each) of 5,000 new providers into an empty, freshly migrated database (a SQLite file, or a PostgreSQL database). Each run gets
 * its own file, so every run does the full insert work.
 */
export const providerImport: Benchmark = {
  title: 'Provider register import (5,000 rows)',
  timeCapMs: 40_000,
  async run({ progress, deadline }): Promise<Row[]> {
    const csv = providerRegisterCsv(ROWS);
    const clock = fixedClock('2026-11-01T09:00:00Z');
    const samples: number[] = [];
    for (let run = 0; run < RUNS && performance.now() < deadline; run++) {
      const dir = mkdtempSync(join(tmpdir(), 'placement-desk-bench-'));
      const location = await newTestDatabase(join(dir, 'placements.db'));
      const db = (await openDatabase(location));
      try {
        const start = performance.now();
        const result = (await importProvidersCsv(db, csv, { clock, actorLabel: 'bench' }));
        const ms = performance.now() - start;
        if (!result.ok) throw new Error(`import refused the generated register: ${result.message} ${JSON.stringify(result.errors.slice(0, 3))}`);
        const stored = (await db.select({ n: count() }).from(providers))[0]?.n;
        if (result.summary.created !== ROWS || stored !== ROWS) throw new Error(`expected ${ROWS} providers, created ${result.summary.created}, stored ${stored}`);
        samples.push(ms);
      } finally {
        (await closeDatabase(db));
        await dropTestDatabase(location);
        rmSync(dir, { recursive: true, force: true });
      }
      progress(run + 1, RUNS);
    }
    const sum = samples.reduce((a, b) => a + b, 0);
    return [
      rowOf({ name: `import ${ROWS.toLocaleString('en-GB')} providers`, samplesMs: samples, units: ROWS * samples.length, wallMs: sum, throughputUnit: 'rows/s', budget: { kind: 'p95-below', ms: BUDGET_MS }, planned: RUNS }),
    ];
  },
};
