import { formatPounds, parsePounds } from './money.js';
import {
  NEED_CODES,
  OFSTED_GRADES,
  PROVIDER_SEXES,
  PROVIDER_STATUSES,
  isLot,
  isNeedCode,
  type Lot,
  type NeedCode,
  type OfstedGrade,
  type ProviderSex,
  type ProviderStatus,
} from './reference-data.js';
import {
  RowProblems,
  diffSets,
  isDomain,
  isEmail,
  isIsoDate,
  parseWholeNumber,
  splitList,
  type CsvRow,
  type RegisterLayout,
  type RowError,
} from './register-csv.js';

/** The councils' monthly register spreadsheet, column for column. */
export const PROVIDER_COLUMNS = [
  'provider_id', 'name', 'provider_type', 'lots', 'needs', 'age_from', 'age_to', 'sex', 'ofsted_urn',
  'ofsted_grade', 'inspection_date', 'postcode', 'host_authority', 'vacancies', 'contact_name',
  'contact_email', 'other_emails', 'email_domains', 'weekly_fee_from', 'weekly_fee_to', 'status',
] as const;
export type ProviderColumn = (typeof PROVIDER_COLUMNS)[number];

/**
 * The register's columns with the most characters each may hold: room for any real value (a list of
 * seven lots, several contact addresses of up to 254 characters each), far short of a pasted page.
 */
export const PROVIDER_REGISTER: RegisterLayout<ProviderColumn> = {
  columns: PROVIDER_COLUMNS,
  maxLength: {
    provider_id: 32,
    name: 200,
    provider_type: 100,
    lots: 100,
    needs: 200,
    age_from: 10,
    age_to: 10,
    sex: 20,
    ofsted_urn: 20,
    ofsted_grade: 50,
    inspection_date: 20,
    postcode: 20,
    host_authority: 100,
    vacancies: 10,
    contact_name: 200,
    contact_email: 254,
    other_emails: 2000,
    email_domains: 1000,
    weekly_fee_from: 30,
    weekly_fee_to: 30,
    status: 20,
  },
};

export interface ProviderContact {
  kind: 'primary' | 'other';
  name: string | null;
  /** Lower-case, so matching a sender is exact. */
  email: string;
}

/**
 * One provider as the register describes it, normalised so two records of the same provider compare
 * equal: ids and postcodes upper-case, sets sorted, e-mail addresses and domains lower-case.
 */
export interface ProviderRecord {
  id: string;
  name: string;
  providerType: string;
  lots: Lot[];
  needs: NeedCode[];
  ageFrom: number;
  ageTo: number;
  sex: ProviderSex;
  /** Null until the provider's first inspection. */
  ofstedUrn: string | null;
  ofstedGrade: OfstedGrade | null;
  inspectionDate: string | null;
  postcode: string;
  hostAuthority: string;
  vacancies: number;
  /** The primary contact first, then the others, each address once. */
  contacts: ProviderContact[];
  emailDomains: string[];
  weeklyFeeFromPence: number | null;
  weeklyFeeToPence: number | null;
  status: ProviderStatus;
}

export const MAX_AGE = 25;

const PROVIDER_ID = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
/** Outward code (A9, A99, A9A, AA9, AA99, AA9A) + inward code (9AA); the space is optional on input. */
const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

export type ProviderRowResult = { ok: true; record: ProviderRecord } | { ok: false; errors: RowError[] };

/** Checks one spreadsheet row; reports every problem in it, not just the first. */
export function validateProviderRow({ row, values: v }: CsvRow<ProviderColumn>): ProviderRowResult {
  const p = new RowProblems(row);

  const id = v.provider_id.toUpperCase();
  if (!id) p.add('provider_id', 'is required');
  else if (!PROVIDER_ID.test(id) || id.length > 32) p.add('provider_id', `"${v.provider_id}" is not a register id (letters, digits and hyphens, e.g. FPS-1234)`);

  const name = required(p, 'name', v.name);
  const providerType = required(p, 'provider_type', v.provider_type);
  const hostAuthority = required(p, 'host_authority', v.host_authority);

  const lots: Lot[] = [];
  for (const item of splitList(v.lots)) {
    const n = parseWholeNumber(item);
    if (n === undefined || !isLot(n)) p.add('lots', `"${item}" is not an FPS lot (1–7)`);
    else if (!lots.includes(n)) lots.push(n);
  }
  if (!splitList(v.lots).length) p.add('lots', 'at least one lot (1–7) is required');

  const needs: NeedCode[] = [];
  for (const item of splitList(v.needs)) {
    const code = item.toUpperCase();
    if (!isNeedCode(code)) p.add('needs', `"${item}" is not an SEN2 need code (${NEED_CODES.join(', ')})`);
    else if (!needs.includes(code)) needs.push(code);
  }
  if (!splitList(v.needs).length) p.add('needs', 'at least one SEN2 need code is required');

  const ageFrom = age(p, 'age_from', v.age_from);
  const ageTo = age(p, 'age_to', v.age_to);
  if (ageFrom !== undefined && ageTo !== undefined && ageFrom > ageTo) {
    p.add('age_to', `${ageTo} is below age_from ${ageFrom}`);
  }

  const sex = oneOf(p, 'sex', v.sex, PROVIDER_SEXES);

  const ofstedUrn = v.ofsted_urn || null;
  if (ofstedUrn !== null && !/^\d{1,10}$/.test(ofstedUrn)) p.add('ofsted_urn', `"${ofstedUrn}" is not an Ofsted URN (digits only)`);
  const ofstedGrade = v.ofsted_grade ? oneOf(p, 'ofsted_grade', v.ofsted_grade, OFSTED_GRADES) : null;
  const inspectionDate = v.inspection_date || null;
  if (inspectionDate !== null && !isIsoDate(inspectionDate)) {
    p.add('inspection_date', `"${inspectionDate}" is not a real date written YYYY-MM-DD`);
  }

  const postcodeMatch = UK_POSTCODE.exec(v.postcode.toUpperCase());
  if (!postcodeMatch) p.add('postcode', v.postcode ? `"${v.postcode}" is not a UK postcode` : 'is required');
  const postcode = postcodeMatch ? `${postcodeMatch[1]} ${postcodeMatch[2]}` : '';

  const vacancies = parseWholeNumber(v.vacancies);
  if (vacancies === undefined) p.add('vacancies', `"${v.vacancies}" is not a whole number of places (0 or more)`);

  const contacts: ProviderContact[] = [];
  const contactEmail = v.contact_email.toLowerCase();
  if (!contactEmail) p.add('contact_email', 'is required');
  else if (!isEmail(contactEmail)) p.add('contact_email', `"${v.contact_email}" is not an e-mail address`);
  else contacts.push({ kind: 'primary', name: v.contact_name || null, email: contactEmail });
  for (const item of splitList(v.other_emails)) {
    const email = item.toLowerCase();
    if (!isEmail(email)) p.add('other_emails', `"${item}" is not an e-mail address`);
    else if (!contacts.some((c) => c.email === email)) contacts.push({ kind: 'other', name: null, email });
  }

  const emailDomains: string[] = [];
  for (const item of splitList(v.email_domains)) {
    const domain = item.toLowerCase();
    if (!isDomain(domain)) p.add('email_domains', `"${item}" is not a domain name`);
    else if (!emailDomains.includes(domain)) emailDomains.push(domain);
  }

  const feeFrom = money(p, 'weekly_fee_from', v.weekly_fee_from);
  const feeTo = money(p, 'weekly_fee_to', v.weekly_fee_to);
  if (feeFrom != null && feeTo != null && feeFrom > feeTo) {
    p.add('weekly_fee_to', `${v.weekly_fee_to} is below weekly_fee_from ${v.weekly_fee_from}`);
  }

  const status = oneOf(p, 'status', v.status, PROVIDER_STATUSES);

  if (p.errors.length) return { ok: false, errors: p.errors };
  return {
    ok: true,
    record: {
      id,
      name,
      providerType,
      lots: lots.sort((a, b) => a - b),
      needs: needs.sort(),
      ageFrom: ageFrom!,
      ageTo: ageTo!,
      sex: sex!,
      ofstedUrn,
      ofstedGrade: ofstedGrade ?? null,
      inspectionDate,
      postcode,
      hostAuthority,
      vacancies: vacancies!,
      contacts,
      emailDomains: emailDomains.sort(),
      weeklyFeeFromPence: feeFrom ?? null,
      weeklyFeeToPence: feeTo ?? null,
      status: status!,
    },
  };
}

/** Checks every row and the file as a whole (each provider once). */
export function validateProviderRows(rows: CsvRow<ProviderColumn>[]): { records: ProviderRecord[]; errors: RowError[] } {
  const records: ProviderRecord[] = [];
  const errors: RowError[] = [];
  const firstRowOf = new Map<string, number>();
  for (const row of rows) {
    const result = validateProviderRow(row);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const seen = firstRowOf.get(result.record.id);
    if (seen !== undefined) {
      errors.push({ row: row.row, column: 'provider_id', message: `${result.record.id} already appears on row ${seen}` });
      continue;
    }
    firstRowOf.set(result.record.id, row.row);
    records.push(result.record);
  }
  return { records, errors };
}

function required(p: RowProblems, column: ProviderColumn, value: string): string {
  if (!value) p.add(column, 'is required');
  return value;
}

function age(p: RowProblems, column: ProviderColumn, value: string): number | undefined {
  const n = parseWholeNumber(value);
  if (n === undefined || n > MAX_AGE) {
    p.add(column, `"${value}" is not an age from 0 to ${MAX_AGE}`);
    return undefined;
  }
  return n;
}

/** Matches reference values case-insensitively and returns the canonical spelling. */
function oneOf<T extends string>(p: RowProblems, column: ProviderColumn, value: string, allowed: readonly T[]): T | undefined {
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!match) p.add(column, value ? `"${value}" is not one of: ${allowed.join(', ')}` : `is required (one of: ${allowed.join(', ')})`);
  return match;
}

/** Blank means the fee is not published; anything else must be an amount like £1,528. */
function money(p: RowProblems, column: ProviderColumn, value: string): number | null | undefined {
  if (!value) return null;
  const pence = parsePounds(value);
  if (pence === null) p.add(column, `"${value}" is not an amount of money (e.g. £1,528 or 1528.50)`);
  return pence ?? undefined;
}

// ---- What changed between two records of one provider (for the audit log and the import summary) ----

const SCALAR_FIELDS = [
  'name', 'providerType', 'ageFrom', 'ageTo', 'sex', 'ofstedUrn', 'ofstedGrade', 'inspectionDate', 'postcode',
  'hostAuthority', 'vacancies', 'weeklyFeeFromPence', 'weeklyFeeToPence', 'status',
] as const;
type ScalarField = (typeof SCALAR_FIELDS)[number];

export interface SetChange<T> {
  added: T[];
  removed: T[];
}

export interface ContactChanges {
  added: ProviderContact[];
  removed: ProviderContact[];
  /** Same address, new name or kind (e.g. an "other" address became the primary contact). */
  changed: { email: string; from: Omit<ProviderContact, 'email'>; to: Omit<ProviderContact, 'email'> }[];
}

export type ProviderChanges = { [K in ScalarField]?: { from: ProviderRecord[K]; to: ProviderRecord[K] } } & {
  lots?: SetChange<Lot>;
  needs?: SetChange<NeedCode>;
  emailDomains?: SetChange<string>;
  contacts?: ContactChanges;
};

/** Field-level difference; an empty object means the provider is unchanged. */
export function diffProviders(before: ProviderRecord, after: ProviderRecord): ProviderChanges {
  const changes: ProviderChanges = {};
  for (const field of SCALAR_FIELDS) {
    if (before[field] !== after[field]) {
      Object.assign(changes, { [field]: { from: before[field], to: after[field] } });
    }
  }
  const lots = diffSets(before.lots, after.lots);
  if (lots.added.length || lots.removed.length) changes.lots = lots;
  const needs = diffSets(before.needs, after.needs);
  if (needs.added.length || needs.removed.length) changes.needs = needs;
  const domains = diffSets(before.emailDomains, after.emailDomains);
  if (domains.added.length || domains.removed.length) changes.emailDomains = domains;
  const contacts = diffContacts(before.contacts, after.contacts);
  if (contacts.added.length || contacts.removed.length || contacts.changed.length) changes.contacts = contacts;
  return changes;
}

function diffContacts(before: ProviderContact[], after: ProviderContact[]): ContactChanges {
  const byEmail = (xs: ProviderContact[]) => new Map(xs.map((c) => [c.email, c]));
  const old = byEmail(before);
  const now = byEmail(after);
  const result: ContactChanges = { added: [], removed: [], changed: [] };
  for (const c of after) {
    const prev = old.get(c.email);
    if (!prev) result.added.push(c);
    else if (prev.kind !== c.kind || prev.name !== c.name) {
      result.changed.push({ email: c.email, from: { kind: prev.kind, name: prev.name }, to: { kind: c.kind, name: c.name } });
    }
  }
  for (const c of before) if (!now.has(c.email)) result.removed.push(c);
  return result;
}

const FIELD_LABELS: Record<ScalarField, string> = {
  name: 'name',
  providerType: 'provider type',
  ageFrom: 'age from',
  ageTo: 'age to',
  sex: 'sex',
  ofstedUrn: 'Ofsted URN',
  ofstedGrade: 'grade',
  inspectionDate: 'inspection date',
  postcode: 'postcode',
  hostAuthority: 'host authority',
  vacancies: 'vacancies',
  weeklyFeeFromPence: 'weekly fee from',
  weeklyFeeToPence: 'weekly fee to',
  status: 'status',
};

/** One short line per change, for the operator's summary ("status active → suspended"). */
export function describeProviderChanges(changes: ProviderChanges): string[] {
  const lines: string[] = [];
  for (const field of SCALAR_FIELDS) {
    const c = changes[field];
    if (!c) continue;
    lines.push(`${FIELD_LABELS[field]} ${showValue(field, c.from)} → ${showValue(field, c.to)}`);
  }
  const sets = [
    ['lots', changes.lots],
    ['needs', changes.needs],
    ['e-mail domains', changes.emailDomains],
  ] as const;
  for (const [label, set] of sets) {
    if (!set) continue;
    if (set.added.length) lines.push(`${label} added: ${set.added.join(', ')}`);
    if (set.removed.length) lines.push(`${label} removed: ${set.removed.join(', ')}`);
  }
  for (const c of changes.contacts?.added ?? []) lines.push(`contact added: ${c.email}`);
  for (const c of changes.contacts?.removed ?? []) lines.push(`contact removed: ${c.email}`);
  for (const c of changes.contacts?.changed ?? []) lines.push(`contact changed: ${c.email}`);
  return lines;
}

function showValue(field: ScalarField, value: unknown): string {
  if (value === null) return '(none)';
  return field === 'weeklyFeeFromPence' || field === 'weeklyFeeToPence' ? formatPounds(value as number) : String(value);
}
