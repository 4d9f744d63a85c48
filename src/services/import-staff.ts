import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repositories/audit.js';
import { insertCouncil, insertStaff, listCouncils, listStaffForAdmin, renameCouncil, updateStaff } from '../db/repositories/staff-admin.js';
import type { Clock } from '../domain/clock.js';
import { inFileOrder, parseRegisterCsv, type CsvSource, type RowError } from '../domain/register-csv.js';
import {
  STAFF_REGISTER,
  describeStaffChanges,
  diffStaff,
  identityKey,
  validateStaffRows,
} from '../domain/staff-register.js';
import { progressReporter, type ProgressFn } from './import-progress.js';
import { writeTransaction } from '../db/transaction.js';

export const IMPORT_STAFF_ACTOR = 'cli:import-staff';

export interface ImportStaffOptions {
  clock: Clock;
  /** Who the audit rows name; the CLI's label unless dev mode or a test says otherwise. */
  actorLabel?: string;
  onProgress?: ProgressFn;
}

export interface StaffChangeReport {
  councilCode: string;
  name: string;
  email: string;
  action: 'created' | 'updated';
  /** One short line per change ("roles added: admin"); empty for a new person. */
  changes: string[];
}

export interface StaffImportSummary {
  councilsCreated: string[];
  councilsRenamed: string[];
  created: number;
  updated: number;
  unchanged: number;
  /** Staff this file does not mention: kept as they were, listed for the administrator to check. */
  notInFile: { councilCode: string; name: string; email: string }[];
  changes: StaffChangeReport[];
}

export type StaffImportResult =
  | { ok: true; source: CsvSource; summary: StaffImportSummary }
  | { ok: false; code: 'STAFF_REGISTER_INVALID'; message: string; errors: RowError[]; source: CsvSource | null };

/**
 * Imports councils and staff. All or nothing: every row is checked first and one bad row rejects the
 * file; otherwise one transaction creates missing councils (by code), upserts each person by Entra
 * identity (object id + tenant) and audits every change under that person's council. Nobody is deleted.
 * `file` is the file's bytes, in any encoding Excel saves a CSV in (the source says which was found), or text.
 */
export async function importStaffCsv(db: Db, file: string | Uint8Array, options: ImportStaffOptions): Promise<StaffImportResult> {
  const parsed = parseRegisterCsv(file, STAFF_REGISTER);
  const { source } = parsed;
  const { records, errors } = validateStaffRows(parsed.rows);
  if (!source || parsed.errors.length || errors.length) return rejected(inFileOrder([...parsed.errors, ...errors]), source);

  const at = options.clock.now();
  const actorLabel = options.actorLabel ?? IMPORT_STAFF_ACTOR;
  const progress = progressReporter('Importing staff', records.length, options.onProgress);

  return writeTransaction(db, async (tx) => {
    const audit = (councilId: number, action: string, entityType: string, entityId: number, details: Record<string, unknown>) =>
      appendAudit(tx, at, { councilId, actorStaffId: null, actorLabel, action, entityType, entityId: String(entityId), details });
    const summary: StaffImportSummary = {
      councilsCreated: [], councilsRenamed: [], created: 0, updated: 0, unchanged: 0, notInFile: [], changes: [],
    };

    const councilIds = new Map<string, number>();
    const councils = new Map((await listCouncils(tx)).map((c) => [c.code, c]));
    for (const { councilCode: code, councilName: name } of records) {
      if (councilIds.has(code)) continue;
      const existing = councils.get(code);
      if (!existing) {
        const created = (await insertCouncil(tx, { code, name }, at));
        (await audit(created.id, 'council.created', 'council', created.id, { code, name }));
        summary.councilsCreated.push(code);
        councilIds.set(code, created.id);
        continue;
      }
      if (existing.name !== name) {
        (await renameCouncil(tx, existing.id, name));
        (await audit(existing.id, 'council.renamed', 'council', existing.id, { name: { from: existing.name, to: name } }));
        summary.councilsRenamed.push(code);
      }
      councilIds.set(code, existing.id);
    }

    const existingStaff = new Map((await listStaffForAdmin(tx)).map((s) => [identityKey(s), s]));
    for (const [i, record] of records.entries()) {
      const councilId = councilIds.get(record.councilCode)!;
      const values = { councilId, name: record.name, email: record.email, roles: record.roles, approvalLimit: record.approvalLimit };
      const report = { councilCode: record.councilCode, name: record.name, email: record.email };
      const before = existingStaff.get(identityKey(record));
      if (!before) {
        const staffId = (await insertStaff(tx, { ...values, aadObjectId: record.aadObjectId, tenantId: record.tenantId }, at));
        const { councilName: _, ...staff } = record;
        (await audit(councilId, 'staff.created', 'staff', staffId, { staff }));
        summary.created++;
        summary.changes.push({ ...report, action: 'created', changes: [] });
      } else {
        const changes = diffStaff(before, record);
        if (Object.keys(changes).length === 0) summary.unchanged++;
        else {
          (await updateStaff(tx, before.staffId, values, at));
          (await audit(councilId, 'staff.updated', 'staff', before.staffId, { changes }));
          summary.updated++;
          summary.changes.push({ ...report, action: 'updated', changes: describeStaffChanges(changes) });
        }
      }
      progress(i + 1);
    }

    const inFile = new Set(records.map(identityKey));
    for (const s of existingStaff.values()) {
      if (!inFile.has(identityKey(s))) summary.notInFile.push({ councilCode: s.councilCode, name: s.name, email: s.email });
    }
    return { ok: true as const, source, summary };
  });
}

function rejected(errors: RowError[], source: CsvSource | null): StaffImportResult {
  return {
    ok: false,
    code: 'STAFF_REGISTER_INVALID',
    message: `The staff file has ${errors.length} problem(s); nothing was imported.`,
    errors,
    source,
  };
}
