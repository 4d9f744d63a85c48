import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { count } from 'drizzle-orm';
import { closeDatabase, openDatabase, type Db } from '../src/db/client.js';
import { providerContacts, providerEmailDomains, providerLots, providerNeeds, providers } from '../src/db/schema/index.js';
import { writeTransaction } from '../src/db/transaction.js';
import { fixedClock } from '../src/domain/clock.js';
import type { Lot, NeedCode } from '../src/domain/reference-data.js';
import { importProvidersCsv } from '../src/services/import-providers.js';
import { dropTestDatabase, newTestDatabase } from '../test/support/test-database.js';
import { sideBySide, type Comparison, type ComparisonBenchmark } from './harness.js';
import { providerRegisterCsv } from './provider-import.js';

/** Rows per multi-row INSERT in the baseline: well inside SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

type CsvRow = Record<string, string>;

const pence = (money: string) => Math.round(Number(money.replace(/[£,]/g, '')) * 100);
const list = (cell: string | undefined) => (cell ? cell.split(';').map((s) => s.trim()).filter(Boolean) : []);

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * The floor: csv-parse of the same file and one transaction of plain multi-row inserts into the same
 * tables (providers, lots, needs, e-mail domains, contacts). No validation, no diff against the
 * register, no audit chain: what the libraries and the database allow.
 */
async function bareImport(db: Db, csv: string): Promise<number> {
  const records = parse(csv, { columns: true, skip_empty_lines: true }) as CsvRow[];
  const now = '2026-11-01T09:00:00.000Z';
  await writeTransaction(db, async (tx) => {
    await insertChunked(records, (chunk) =>
      tx.insert(providers).values(
        chunk.map((r) => ({
          id: r.provider_id!,
          name: r.name!,
          providerType: r.provider_type!,
          ageFrom: Number(r.age_from),
          ageTo: Number(r.age_to),
          sex: r.sex as (typeof providers.$inferInsert)['sex'],
          ofstedUrn: r.ofsted_urn || null,
          ofstedGrade: (r.ofsted_grade || null) as (typeof providers.$inferInsert)['ofstedGrade'],
          inspectionDate: r.inspection_date || null,
          postcode: r.postcode!,
          hostAuthority: r.host_authority!,
          vacancies: Number(r.vacancies),
          weeklyFeeFromPence: pence(r.weekly_fee_from!),
          weeklyFeeToPence: pence(r.weekly_fee_to!),
          status: r.status as (typeof providers.$inferInsert)['status'],
          createdAt: now,
          updatedAt: now,
        })),
      ),
    );
    await insertChunked(records.flatMap((r) => list(r.lots).map((lot) => ({ providerId: r.provider_id!, lot: Number(lot.replace(/\D/g, '')) as Lot }))), (c) => tx.insert(providerLots).values(c).onConflictDoNothing());
    await insertChunked(records.flatMap((r) => list(r.needs).map((needCode) => ({ providerId: r.provider_id!, needCode: needCode as NeedCode }))), (c) => tx.insert(providerNeeds).values(c).onConflictDoNothing());
    await insertChunked(records.flatMap((r) => list(r.email_domains).map((domain) => ({ providerId: r.provider_id!, domain }))), (c) => tx.insert(providerEmailDomains).values(c));
    await insertChunked(
      records.flatMap((r) => [
        { providerId: r.provider_id!, kind: 'primary' as const, name: r.contact_name || null, email: r.contact_email!.toLowerCase() },
        ...list(r.other_emails).map((email) => ({ providerId: r.provider_id!, kind: 'other' as const, name: null, email: email.toLowerCase() })),
      ]),
      (c) => tx.insert(providerContacts).values(c),
    );
  });
  return records.length;
}

/** A fresh, migrated, empty database for one import; its time is not counted. */
async function onFreshDatabase(rows: number, work: (db: Db) => Promise<void>): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'placement-desk-bench-'));
  const location = await newTestDatabase(join(dir, 'placements.db'));
  const db = await openDatabase(location);
  try {
    const start = performance.now();
    await work(db);
    const ms = performance.now() - start;
    const stored = (await db.select({ n: count() }).from(providers))[0]?.n;
    if (stored !== rows) throw new Error(`expected ${rows} providers stored, found ${stored}`);
    return (rows * 1000) / ms;
  } finally {
    await closeDatabase(db);
    await dropTestDatabase(location);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The monthly register import at growing sizes: `importProvidersCsv` (parse, validate every row, one
 * transaction of upserts with an audit row each) against csv-parse plus one bulk insert transaction,
 * each into a fresh empty database. rows/s at each size shows whether the import stays linear.
 * (The issue asked for 100,000 rows too; the import refuses a file of more than 20,000 rows.)
 */
export const registerImport: ComparisonBenchmark = {
  title: 'Register import vs csv-parse + one bulk insert',
  usesDatabase: true,
  async run({ quick, progress }): Promise<Comparison[]> {
    // The import takes at most 20,000 rows a file (MAX_REGISTER_ROWS), so the largest size is that.
    const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 20_000];
    const clock = fixedClock('2026-11-01T09:00:00Z');
    const out: Comparison[] = [];
    for (const size of sizes) {
      const csv = providerRegisterCsv(size);
      const rounds = quick || size >= 20_000 ? 1 : 3;
      progress.note(`${size.toLocaleString('en-GB')} rows, ${rounds} round(s)`);
      out.push(
        ...(await sideBySide({
          path: `register import, ${size.toLocaleString('en-GB')} rows`,
          baselineLabel: 'csv-parse + one bulk insert transaction',
          rounds,
          metrics: [{ metric: 'rows/s', unit: 'rows/s', better: 'higher', targetRatio: 0.3 }],
          ours: async () => ({
            'rows/s': await onFreshDatabase(size, async (db) => {
              const result = await importProvidersCsv(db, csv, { clock, actorLabel: 'bench' });
              if (!result.ok) throw new Error(`import refused the generated register: ${result.message} ${JSON.stringify(result.errors.slice(0, 2))}`);
              if (result.summary.created !== size) throw new Error(`created ${result.summary.created} of ${size}`);
            }),
          }),
          baseline: async () => ({
            'rows/s': await onFreshDatabase(size, async (db) => {
              if ((await bareImport(db, csv)) !== size) throw new Error('csv-parse read a different number of rows');
            }),
          }),
        })),
      );
    }
    return out;
  },
};
