import { formatPounds, parsePounds } from './money.js';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from './reference-data.js';
import { isGuid } from './entra-ids.js';
import {
  RowProblems,
  cellProblem,
  cleanCell,
  diffSets,
  isEmail,
  splitList,
  type CsvRow,
  type RegisterLayout,
  type RowError,
} from './register-csv.js';

/** The administrators' staff spreadsheet, column for column. */
export const STAFF_COLUMNS = [
  'council_code', 'council_name', 'name', 'email', 'aad_object_id', 'tenant_id', 'roles', 'approval_limit',
] as const;
export type StaffColumn = (typeof STAFF_COLUMNS)[number];

/** The staff file's columns with the most characters each may hold (an e-mail address is at most 254). */
export const STAFF_REGISTER: RegisterLayout<StaffColumn> = {
  columns: STAFF_COLUMNS,
  maxLength: {
    council_code: 32,
    council_name: 200,
    name: 200,
    email: 254,
    aad_object_id: 64,
    tenant_id: 64,
    roles: 200,
    approval_limit: 30,
  },
};

/** One staff member as the spreadsheet describes them, normalised (codes upper-case, e-mail lower-case, roles in canonical order). */
export interface StaffRecord {
  councilCode: string;
  councilName: string;
  name: string;
  email: string;
  aadObjectId: string;
  tenantId: string;
  roles: StaffRole[];
  /** Whole pounds a year. */
  approvalLimit: number;
}

/** Council codes: upper-case letters and digits, words joined by - or _ (e.g. HALTON, ST_HELENS). */
export const COUNCIL_CODE = /^[A-Z0-9]+(?:[-_][A-Z0-9]+)*$/;
/**
 * Entra object and tenant ids are GUIDs in production; the local Teams client uses short ids such as
 * "aad-1", so any token of letters, digits and hyphens is accepted.
 */
const IDENTITY_TOKEN = /^[A-Za-z0-9-]{1,64}$/;

/** "service_manager", "Service Manager" and "service manager" all name the same role. */
export function parseStaffRole(text: string): StaffRole | undefined {
  const key = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return STAFF_ROLES.find((r) => r === key || ROLE_LABELS[r].toLowerCase().replace(/\s+/g, '_') === key);
}

/** Whole pounds, written "£250,000" or "250000"; blank means 0 (no delegated authority). */
export function parseApprovalLimit(text: string): number | undefined {
  if (!text) return 0;
  const pence = parsePounds(text);
  return pence !== null && pence % 100 === 0 ? pence / 100 : undefined;
}

export type StaffRowResult = { ok: true; record: StaffRecord } | { ok: false; errors: RowError[] };

/** Checks one spreadsheet row; reports every problem in it, not just the first. */
export function validateStaffRow({ row, values: v }: CsvRow<StaffColumn>): StaffRowResult {
  const p = new RowProblems(row);

  const councilCode = v.council_code.toUpperCase();
  if (!councilCode) p.add('council_code', 'is required');
  else if (!COUNCIL_CODE.test(councilCode) || councilCode.length > 32) {
    p.add('council_code', `"${v.council_code}" is not a council code (letters and digits, e.g. HALTON)`);
  }
  if (!v.council_name) p.add('council_name', 'is required');
  if (!v.name) p.add('name', 'is required');

  const email = v.email.toLowerCase();
  if (!email) p.add('email', 'is required');
  else if (!isEmail(email)) p.add('email', `"${v.email}" is not an e-mail address`);

  for (const column of ['aad_object_id', 'tenant_id'] as const) {
    const value = v[column];
    if (!value) p.add(column, 'is required');
    else if (!IDENTITY_TOKEN.test(value)) p.add(column, `"${value}" is not an Entra id (a GUID, letters, digits and hyphens)`);
  }

  const errorsBeforeRoles = p.errors.length;
  const roles = new Set<StaffRole>();
  for (const item of splitList(v.roles)) {
    const role = parseStaffRole(item);
    if (!role) p.add('roles', `"${item}" is not a staff role (${STAFF_ROLES.join(', ')})`);
    else roles.add(role);
  }
  if (!splitList(v.roles).length) p.add('roles', `at least one role is required (${STAFF_ROLES.join(', ')})`);
  const rolesKnown = p.errors.length === errorsBeforeRoles;

  const approvalLimit = parseApprovalLimit(v.approval_limit);
  if (approvalLimit === undefined) {
    p.add('approval_limit', `"${v.approval_limit}" is not a whole number of pounds (e.g. £250,000 or 250000)`);
  } else if (rolesKnown) {
    // Judging the limit against a half-read roles cell would only add a misleading second error.
    const problem = limitProblem(roles, approvalLimit);
    if (problem) p.add('approval_limit', problem);
  }

  if (p.errors.length) return { ok: false, errors: p.errors };
  return {
    ok: true,
    record: {
      councilCode,
      councilName: v.council_name,
      name: v.name,
      email,
      aadObjectId: v.aad_object_id,
      tenantId: v.tenant_id,
      roles: STAFF_ROLES.filter((r) => roles.has(r)),
      approvalLimit: approvalLimit!,
    },
  };
}

/**
 * The limit caps a Service Manager's awards, so a Service Manager needs one. A Head of Service may approve
 * any amount, so a limit on anyone else would mean nothing and suggest a cap that is never applied:
 * refuse it rather than guess what the spreadsheet meant.
 */
function limitProblem(roles: Set<StaffRole>, approvalLimit: number): string | undefined {
  if (roles.has('service_manager') && approvalLimit === 0) return 'a service_manager needs an approval limit above £0';
  if (!roles.has('service_manager') && approvalLimit > 0) {
    return 'only a service_manager has an approval limit (a head_of_service may approve any amount); leave it blank or 0';
  }
  return undefined;
}

export function identityKey(s: Pick<StaffRecord, 'aadObjectId' | 'tenantId'>): string {
  return `${s.tenantId}/${s.aadObjectId}`;
}

/** Checks every row and the file as a whole: each person once, each council under one name. */
export function validateStaffRows(rows: CsvRow<StaffColumn>[]): { records: StaffRecord[]; errors: RowError[] } {
  const records: StaffRecord[] = [];
  const errors: RowError[] = [];
  const personRow = new Map<string, number>();
  const councilName = new Map<string, { name: string; row: number }>();
  for (const row of rows) {
    const result = validateStaffRow(row);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const r = result.record;
    const seen = personRow.get(identityKey(r));
    if (seen !== undefined) {
      errors.push({ row: row.row, column: 'aad_object_id', message: `${r.aadObjectId} (tenant ${r.tenantId}) already appears on row ${seen}` });
      continue;
    }
    const named = councilName.get(r.councilCode);
    if (named && named.name !== r.councilName) {
      errors.push({ row: row.row, column: 'council_name', message: `council ${r.councilCode} is named "${named.name}" on row ${named.row}` });
      continue;
    }
    personRow.set(identityKey(r), row.row);
    councilName.set(r.councilCode, { name: r.councilName, row: row.row });
    records.push(r);
  }
  return { records, errors };
}

/** A staff member as stored, for comparison with the file. */
export type StoredStaff = Omit<StaffRecord, 'councilName'>;

export type StaffChanges = {
  [K in 'councilCode' | 'name' | 'email' | 'approvalLimit']?: { from: StaffRecord[K]; to: StaffRecord[K] };
} & { roles?: { added: StaffRole[]; removed: StaffRole[] } };

/** Field-level difference; an empty object means the person is unchanged. */
export function diffStaff(before: StoredStaff, after: StaffRecord): StaffChanges {
  const changes: StaffChanges = {};
  for (const field of ['councilCode', 'name', 'email', 'approvalLimit'] as const) {
    if (before[field] !== after[field]) Object.assign(changes, { [field]: { from: before[field], to: after[field] } });
  }
  const roles = diffSets(before.roles, after.roles);
  if (roles.added.length || roles.removed.length) changes.roles = roles;
  return changes;
}

/** One short line per change, for the operator's summary. */
export function describeStaffChanges(changes: StaffChanges): string[] {
  const lines: string[] = [];
  if (changes.councilCode) lines.push(`council ${changes.councilCode.from} → ${changes.councilCode.to}`);
  if (changes.name) lines.push(`name ${changes.name.from} → ${changes.name.to}`);
  if (changes.email) lines.push(`e-mail ${changes.email.from} → ${changes.email.to}`);
  if (changes.roles?.added.length) lines.push(`roles added: ${changes.roles.added.join(', ')}`);
  if (changes.roles?.removed.length) lines.push(`roles removed: ${changes.roles.removed.join(', ')}`);
  if (changes.approvalLimit) {
    lines.push(`approval limit ${formatPounds(changes.approvalLimit.from * 100)} → ${formatPounds(changes.approvalLimit.to * 100)}`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// One person from an administrator's card: the spreadsheet's rules, plus what a card can know better
// ---------------------------------------------------------------------------------------------------

/** The roles a council's administrator gives in Teams. */
export const COUNCIL_ROLES = ['caseworker', 'placements_officer', 'service_manager', 'head_of_service', 'admin'] as const satisfies readonly StaffRole[];
/**
 * Roles that reach across councils. They are given only in the operator's staff file (import-staff), to
 * people of the lead council: a council's administrator cannot make anyone a regional analyst or a
 * regional administrator, nor take the role away.
 */
export const REGIONAL_ROLES = ['regional_analyst', 'regional_admin'] as const satisfies readonly StaffRole[];

export function isRegionalRole(role: StaffRole): boolean {
  return (REGIONAL_ROLES as readonly StaffRole[]).includes(role);
}

export type StaffMemberField = 'name' | 'email' | 'aadObjectId' | 'roles' | 'approvalLimit';

export interface StaffMemberInput {
  name: unknown;
  email: unknown;
  /** Absent when a person is changed: their identity never changes. */
  aadObjectId?: unknown;
  /** Values of a multi-select ChoiceSet ("caseworker,admin"), or a list. */
  roles: unknown;
  approvalLimit: unknown;
}

/** The council the person joins, and the tenant their Entra account must be in (the council's registration's). */
export interface StaffMemberCouncil {
  code: string;
  name: string;
  tenantId: string;
}

const CARD_FIELD_OF: Record<StaffColumn, StaffMemberField | undefined> = {
  council_code: undefined,
  council_name: undefined,
  name: 'name',
  email: 'email',
  aad_object_id: 'aadObjectId',
  tenant_id: undefined,
  roles: 'roles',
  approval_limit: 'approvalLimit',
};

/**
 * Checks one person as an administrator's card sends them, with the staff file's rules (the same
 * lengths, characters, e-mail, role and limit rules, word for word), and two that a card can apply
 * better than a file: the tenant is the council's own (it is not asked for), and in a council whose
 * tenant is a real Entra tenant the object id must be a GUID (returned lower-case, as Teams sends it).
 * `keptRoles` are the person's regional roles, which the card does not show and the result keeps.
 */
export function validateStaffMember(
  input: StaffMemberInput,
  council: StaffMemberCouncil,
  options: { keptRoles?: readonly StaffRole[]; existingAadObjectId?: string } = {},
): { ok: true; record: StaffRecord } | { ok: false; errors: Partial<Record<StaffMemberField, string>> } {
  const errors: Partial<Record<StaffMemberField, string>> = {};
  const textOf = (field: StaffMemberField, column: StaffColumn, value: unknown): string => {
    const cleaned = typeof value === 'string' ? cleanCell(value) : '';
    const problem = cellProblem(cleaned, STAFF_REGISTER.maxLength[column]);
    if (problem) errors[field] ??= problem.replace('this column', 'this field');
    return problem ? '' : cleaned;
  };
  const name = textOf('name', 'name', input.name);
  const email = textOf('email', 'email', input.email);
  const rawAad = options.existingAadObjectId ?? textOf('aadObjectId', 'aad_object_id', input.aadObjectId);
  const aadObjectId = isGuid(rawAad) ? rawAad.toLowerCase() : rawAad;

  const given = Array.isArray(input.roles) ? input.roles.filter((r): r is string => typeof r === 'string') : typeof input.roles === 'string' ? input.roles.split(/[,;]/) : [];
  const chosen = given.map((r) => r.trim()).filter((r) => r !== '');
  const councilRoles: string[] = [];
  for (const item of chosen) {
    const role = parseStaffRole(item);
    if (role && isRegionalRole(role)) errors.roles ??= `${ROLE_LABELS[role]} is a regional role: it is given in the regional staff file, not by a council's administrator`;
    else councilRoles.push(item);
  }
  const kept = (options.keptRoles ?? []).filter(isRegionalRole);
  if (!councilRoles.length && !kept.length) errors.roles ??= 'choose at least one role';

  const limitText = textOf('approvalLimit', 'approval_limit', typeof input.approvalLimit === 'number' ? String(input.approvalLimit) : input.approvalLimit);
  const row = validateStaffRow({
    row: 0,
    values: {
      council_code: council.code,
      council_name: council.name,
      name,
      email,
      aad_object_id: aadObjectId,
      tenant_id: council.tenantId,
      roles: [...councilRoles, ...kept].join(';'),
      approval_limit: limitText,
    },
  });
  if (!row.ok) {
    for (const e of row.errors) {
      const field = e.column ? CARD_FIELD_OF[e.column as StaffColumn] : undefined;
      if (field) errors[field] ??= e.message;
    }
  }
  // A person being changed keeps the identity they were found by: only a new one is checked.
  if (options.existingAadObjectId === undefined && !errors.aadObjectId && aadObjectId && isGuid(council.tenantId) && !isGuid(aadObjectId)) {
    errors.aadObjectId = `"${aadObjectId}" is not an Entra object id: in ${council.name}'s tenant it is a GUID (Entra ID → Users → the person → Object ID)`;
  }
  if (Object.keys(errors).length || !row.ok) return { ok: false, errors: Object.keys(errors).length ? errors : { name: 'check the details' } };
  return { ok: true, record: row.record };
}
