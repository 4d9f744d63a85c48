import type { Db } from '../db/client.js';
import { appendAuditEntries, type AuditEntry } from '../db/repositories/audit.js';
import { insertNewProviders, loadProviderRecords, upsertProvider } from '../db/repositories/providers.js';
import type { Clock } from '../domain/clock.js';
import {
  PROVIDER_REGISTER,
  describeProviderChanges,
  diffProviders,
  validateProviderRows,
} from '../domain/provider-register.js';
import { inFileOrder, parseRegisterCsv, type CsvSource, type RowError } from '../domain/register-csv.js';
import { progressReporter, type ProgressFn } from './import-progress.js';
import { writeTransaction } from '../db/transaction.js';

export const IMPORT_PROVIDERS_ACTOR = 'cli:import-providers';

export interface ImportProvidersOptions {
  clock: Clock;
  /** Who the audit rows name; the CLI's label unless dev mode or a test says otherwise. */
  actorLabel?: string;
  onProgress?: ProgressFn;
}

export interface ProviderChangeReport {
  providerId: string;
  name: string;
  action: 'created' | 'updated';
  /** One short line per change ("status active → suspended"); empty for a new provider. */
  changes: string[];
}

export interface ProviderImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** Registered providers this file does not mention: kept as they were, listed for the operator to check. */
  notInFile: { providerId: string; name: string }[];
  changes: ProviderChangeReport[];
}

export type ProviderImportResult =
  | { ok: true; source: CsvSource; summary: ProviderImportSummary }
  | { ok: false; code: 'REGISTER_INVALID'; message: string; errors: RowError[]; source: CsvSource | null };

/**
 * Imports the monthly provider register. All or nothing: every row is checked first and one bad row
 * rejects the file; otherwise one transaction upserts every provider by register id and writes an
 * audit row for each provider that is new or changed. Providers missing from the file are never deleted.
 * `file` is the file's bytes, in any encoding Excel saves a CSV in (the source says which was found), or text.
 */
export async function importProvidersCsv(db: Db, file: string | Uint8Array, options: ImportProvidersOptions): Promise<ProviderImportResult> {
  const parsed = parseRegisterCsv(file, PROVIDER_REGISTER);
  const { source } = parsed;
  const { records, errors } = validateProviderRows(parsed.rows);
  if (!source || parsed.errors.length || errors.length) return rejected(inFileOrder([...parsed.errors, ...errors]), source);

  const at = options.clock.now();
  const actorLabel = options.actorLabel ?? IMPORT_PROVIDERS_ACTOR;
  const progress = progressReporter('Importing providers', records.length, options.onProgress);

  return writeTransaction(db, async (tx) => {
    const existing = (await loadProviderRecords(tx));
    const summary: ProviderImportSummary = { created: 0, updated: 0, unchanged: 0, notInFile: [], changes: [] };
    // Audit rows in file order, appended together at the end (one read of the chain's last hash); new
    // providers inserted together too. Changed providers are upserted one by one (their child rows are replaced).
    const auditEntries: AuditEntry[] = [];
    const audit = (action: string, providerId: string, details: Record<string, unknown>) =>
      auditEntries.push({ councilId: null, actorStaffId: null, actorLabel, action, entityType: 'provider', entityId: providerId, details });
    const created: typeof records = [];

    for (const [i, record] of records.entries()) {
      const before = existing.get(record.id);
      if (!before) {
        created.push(record);
        audit('provider.created', record.id, { provider: record });
        summary.created++;
        summary.changes.push({ providerId: record.id, name: record.name, action: 'created', changes: [] });
      } else {
        const changes = diffProviders(before, record);
        if (Object.keys(changes).length === 0) summary.unchanged++;
        else {
          (await upsertProvider(tx, record, at));
          audit('provider.updated', record.id, { changes });
          summary.updated++;
          summary.changes.push({ providerId: record.id, name: record.name, action: 'updated', changes: describeProviderChanges(changes) });
        }
      }
      progress(i + 1);
    }
    (await insertNewProviders(tx, created, at));
    (await appendAuditEntries(tx, at, auditEntries));

    const inFile = new Set(records.map((r) => r.id));
    for (const p of existing.values()) {
      if (!inFile.has(p.id)) summary.notInFile.push({ providerId: p.id, name: p.name });
    }
    return { ok: true as const, source, summary };
  });
}

function rejected(errors: RowError[], source: CsvSource | null): ProviderImportResult {
  return {
    ok: false,
    code: 'REGISTER_INVALID',
    message: `The provider register has ${errors.length} problem(s); nothing was imported.`,
    errors,
    source,
  };
}
