import { formatPounds, parsePounds } from '../../src/domain/money.js';
import { describe, expect, it } from 'vitest';
import {
  PROVIDER_COLUMNS,
  PROVIDER_REGISTER,
  describeProviderChanges,
  diffProviders,
  validateProviderRow,
  validateProviderRows,
  type ProviderColumn,
  type ProviderRecord,
} from '../../src/domain/provider-register.js';
import { formatRowError, parseRegisterCsv, type CsvRow, type RowError } from '../../src/domain/register-csv.js';

const GOOD: Record<ProviderColumn, string> = {
  provider_id: 'FPS-9001',
  name: 'Alderbrook School',
  provider_type: 'INMSS',
  lots: '2;1',
  needs: 'SLCN;ASD',
  age_from: '5',
  age_to: '16',
  sex: 'mixed',
  ofsted_urn: '300001',
  ofsted_grade: 'Good',
  inspection_date: '2024-03-12',
  postcode: 'PR4 2AB',
  host_authority: 'Lancashire',
  vacancies: '3',
  contact_name: 'Admissions Team',
  contact_email: 'Admissions@Alderbrook.example.org',
  other_emails: 'head@alderbrook.example.org; office@alderbrook.example.org',
  email_domains: 'alderbrook.example.org',
  weekly_fee_from: '£1,528',
  weekly_fee_to: '£2,014',
  status: 'active',
};

function row(overrides: Partial<Record<ProviderColumn, string>> = {}, n = 2): CsvRow<ProviderColumn> {
  return { row: n, values: { ...GOOD, ...overrides } };
}

function errorsOf(overrides: Partial<Record<ProviderColumn, string>>): RowError[] {
  const result = validateProviderRow(row(overrides));
  if (result.ok) throw new Error('expected the row to be rejected');
  return result.errors;
}

function record(overrides: Partial<Record<ProviderColumn, string>> = {}): ProviderRecord {
  const result = validateProviderRow(row(overrides));
  if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'));
  return result.record;
}

describe('provider register row', () => {
  it('turns a valid row into a normalised record', () => {
    expect(record()).toEqual({
      id: 'FPS-9001',
      name: 'Alderbrook School',
      providerType: 'INMSS',
      lots: [1, 2],
      needs: ['ASD', 'SLCN'],
      ageFrom: 5,
      ageTo: 16,
      sex: 'mixed',
      ofstedUrn: '300001',
      ofstedGrade: 'Good',
      inspectionDate: '2024-03-12',
      postcode: 'PR4 2AB',
      hostAuthority: 'Lancashire',
      vacancies: 3,
      contacts: [
        { kind: 'primary', name: 'Admissions Team', email: 'admissions@alderbrook.example.org' },
        { kind: 'other', name: null, email: 'head@alderbrook.example.org' },
        { kind: 'other', name: null, email: 'office@alderbrook.example.org' },
      ],
      emailDomains: ['alderbrook.example.org'],
      weeklyFeeFromPence: 152800,
      weeklyFeeToPence: 201400,
      status: 'active',
    });
  });

  it('accepts a provider not yet inspected (empty Ofsted fields) and blank fees', () => {
    const r = record({ ofsted_urn: '', ofsted_grade: '', inspection_date: '', weekly_fee_from: '', weekly_fee_to: '' });
    expect([r.ofstedUrn, r.ofstedGrade, r.inspectionDate, r.weeklyFeeFromPence, r.weeklyFeeToPence]).toEqual([null, null, null, null, null]);
  });

  it('is liberal in spelling: lower-case ids, codes, grades and statuses, postcodes without a space', () => {
    const r = record({ provider_id: 'fps-ab12', needs: 'asd;semh', ofsted_grade: 'requires improvement', status: 'SUSPENDED', sex: 'Female', postcode: 'ch657tb' });
    expect(r).toMatchObject({ id: 'FPS-AB12', needs: ['ASD', 'SEMH'], ofstedGrade: 'Requires improvement', status: 'suspended', sex: 'female', postcode: 'CH65 7TB' });
  });

  it('does not repeat the primary contact when it is also listed among the other e-mails', () => {
    const r = record({ other_emails: 'ADMISSIONS@alderbrook.example.org;head@alderbrook.example.org' });
    expect(r.contacts.map((c) => c.email)).toEqual(['admissions@alderbrook.example.org', 'head@alderbrook.example.org']);
  });

  it.each<[string, Partial<Record<ProviderColumn, string>>, ProviderColumn, RegExp]>([
    ['provider id format', { provider_id: 'FPS 1234' }, 'provider_id', /not a register id/],
    ['provider id with a trailing hyphen', { provider_id: 'FPS-' }, 'provider_id', /not a register id/],
    ['missing provider id', { provider_id: '' }, 'provider_id', /required/],
    ['missing name', { name: '' }, 'name', /required/],
    ['unknown need code', { needs: 'ASD;ADHD' }, 'needs', /"ADHD" is not an SEN2 need code/],
    ['no needs', { needs: '' }, 'needs', /at least one/],
    ['lot above 7', { lots: '1;8' }, 'lots', /"8" is not an FPS lot/],
    ['lot 0', { lots: '0' }, 'lots', /"0" is not an FPS lot/],
    ['lot not a number', { lots: 'one' }, 'lots', /"one" is not an FPS lot/],
    ['no lots', { lots: '' }, 'lots', /at least one lot/],
    ['age above 25', { age_to: '26' }, 'age_to', /not an age from 0 to 25/],
    ['negative age', { age_from: '-1' }, 'age_from', /not an age/],
    ['ages the wrong way round', { age_from: '16', age_to: '11' }, 'age_to', /below age_from 16/],
    ['unknown sex', { sex: 'boys' }, 'sex', /not one of: mixed, male, female/],
    ['unknown grade', { ofsted_grade: 'Great' }, 'ofsted_grade', /not one of: Outstanding/],
    ['impossible date', { inspection_date: '2024-02-30' }, 'inspection_date', /not a real date/],
    ['date in another format', { inspection_date: '12/03/2024' }, 'inspection_date', /not a real date/],
    ['URN with letters', { ofsted_urn: 'URN123' }, 'ofsted_urn', /digits only/],
    ['postcode', { postcode: 'PR4' }, 'postcode', /not a UK postcode/],
    ['negative vacancies', { vacancies: '-1' }, 'vacancies', /not a whole number/],
    ['fractional vacancies', { vacancies: '1.5' }, 'vacancies', /not a whole number/],
    ['missing contact e-mail', { contact_email: '' }, 'contact_email', /required/],
    ['invalid contact e-mail', { contact_email: 'admissions at alderbrook' }, 'contact_email', /not an e-mail address/],
    ['invalid other e-mail', { other_emails: 'head@alderbrook.example.org;head@' }, 'other_emails', /"head@" is not an e-mail address/],
    ['invalid domain', { email_domains: 'alderbrook.example.org;not_a_domain' }, 'email_domains', /"not_a_domain" is not a domain/],
    ['money with text', { weekly_fee_from: '1,528 pounds' }, 'weekly_fee_from', /not an amount of money/],
    ['money with misplaced commas', { weekly_fee_to: '£20,14' }, 'weekly_fee_to', /not an amount of money/],
    ['fees the wrong way round', { weekly_fee_from: '£3,000', weekly_fee_to: '£2,000' }, 'weekly_fee_to', /below weekly_fee_from/],
    ['unknown status', { status: 'closed' }, 'status', /not one of: active, suspended, withdrawn/],
    ['missing status', { status: '' }, 'status', /required/],
  ])('rejects %s', (_label, overrides, column, message) => {
    const errors = errorsOf(overrides);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 2, column });
    expect(errors[0]!.message).toMatch(message);
  });

  it('reports every problem in a row, not just the first', () => {
    const errors = errorsOf({ lots: '9', needs: 'XYZ', sex: '?', status: 'gone' });
    expect(errors.map((e) => e.column)).toEqual(['lots', 'needs', 'sex', 'status']);
  });

  it('rejects the same provider twice in one file, naming the first row', () => {
    const { records, errors } = validateProviderRows([row({}, 2), row({ provider_id: 'FPS-9002' }, 3), row({ provider_id: 'fps-9001' }, 4)]);
    expect(records.map((r) => r.id)).toEqual(['FPS-9001', 'FPS-9002']);
    expect(errors).toEqual([{ row: 4, column: 'provider_id', message: 'FPS-9001 already appears on row 2' }]);
  });
});

describe('money', () => {
  it.each([
    ['£1,528', 152800],
    ['£667', 66700],
    ['1528', 152800],
    ['£1,528.50', 152850],
    ['£ 12,345,678.5', 1234567850],
    ['0', 0],
  ])('%s is %i pence', (text, pence) => {
    expect(parsePounds(text)).toBe(pence);
  });

  it.each(['', '£', '£1,52', '1.234', '-£5', '£1,528.505', 'twelve', '£1 528'])('"%s" is not money', (text) => {
    expect(parsePounds(text)).toBeNull();
  });

  it('formats pence back for people', () => {
    expect(formatPounds(152800)).toBe('£1,528');
    expect(formatPounds(125050)).toBe('£1,250.50');
  });
});

describe('reading the register CSV', () => {
  const header = PROVIDER_COLUMNS.join(',');
  const line = PROVIDER_COLUMNS.map((c) => (c === 'weekly_fee_from' || c === 'weekly_fee_to' ? `"${GOOD[c]}"` : GOOD[c])).join(',');

  it('handles a UTF-8 BOM and CRLF line ends, and counts rows like a spreadsheet', () => {
    const parsed = parseRegisterCsv(`\uFEFF${header}\r\n${line}\r\n\r\n${line.replace('FPS-9001', 'FPS-9002')}\r\n`, PROVIDER_REGISTER);
    if (!parsed.ok) throw new Error('expected the file to parse');
    expect(parsed.rows.map((r) => [r.row, r.values.provider_id, r.values.weekly_fee_from])).toEqual([
      [2, 'FPS-9001', '£1,528'],
      [4, 'FPS-9002', '£1,528'],
    ]);
  });

  it('accepts the columns in another order and header names in another case', () => {
    const reordered = [...PROVIDER_COLUMNS].reverse();
    const parsed = parseRegisterCsv(`${reordered.map((c) => c.toUpperCase()).join(',')}\n${reordered.map((c) => `"${GOOD[c]}"`).join(',')}\n`, PROVIDER_REGISTER);
    if (!parsed.ok) throw new Error('expected the file to parse');
    expect(parsed.rows[0]!.values).toEqual(GOOD);
  });

  it('names the missing and unexpected columns of a wrong header in one error', () => {
    const wrong = header.replace('sex', 'gender').replace(',status', '');
    const parsed = parseRegisterCsv(`${wrong}\n`, PROVIDER_REGISTER);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ row: 1, column: null });
    expect(parsed.errors[0]!.message).toMatch(/missing columns: sex, status; unexpected columns: gender/);
  });

  it('rejects an empty file', () => {
    const parsed = parseRegisterCsv('', PROVIDER_REGISTER);
    expect(parsed.ok ? [] : parsed.errors.map(formatRowError)).toEqual([`row 1: the file is empty; expected the header ${header}`]);
  });

  it('reports a row with the wrong number of cells, and broken quoting', () => {
    const short = parseRegisterCsv(`${header}\n${line}\nFPS-9002,Short Row\n`, PROVIDER_REGISTER);
    expect(short.ok ? [] : short.errors.map(formatRowError)).toEqual(['row 3: expected 21 cells, found 2']);
    const broken = parseRegisterCsv(`${header}\n${line}\nFPS-9002,"unclosed\n`, PROVIDER_REGISTER);
    expect(broken.ok).toBe(false);
    expect(broken.errors.map(formatRowError)).toEqual([
      'row 3: a quoted cell starts on this row and is never closed (a " is missing), so the rest of the file cannot be read',
    ]);
  });
});

describe('changes between two versions of a provider', () => {
  it('is empty when nothing changed, even if the file lists sets in another order', () => {
    expect(diffProviders(record(), record({ lots: '1;2', needs: 'ASD;SLCN', other_emails: 'office@alderbrook.example.org;head@alderbrook.example.org' }))).toEqual({});
  });

  it('lists field changes, set changes and contact changes', () => {
    const before = record();
    const after = record({
      status: 'suspended',
      ofsted_grade: 'Inadequate',
      lots: '1;3',
      weekly_fee_from: '£1,600',
      contact_name: 'Head of Admissions',
      other_emails: 'head@alderbrook.example.org;referrals@alderbrook.example.org',
    });
    const changes = diffProviders(before, after);
    expect(changes).toEqual({
      ofstedGrade: { from: 'Good', to: 'Inadequate' },
      weeklyFeeFromPence: { from: 152800, to: 160000 },
      status: { from: 'active', to: 'suspended' },
      lots: { added: [3], removed: [2] },
      contacts: {
        added: [{ kind: 'other', name: null, email: 'referrals@alderbrook.example.org' }],
        removed: [{ kind: 'other', name: null, email: 'office@alderbrook.example.org' }],
        changed: [
          { email: 'admissions@alderbrook.example.org', from: { kind: 'primary', name: 'Admissions Team' }, to: { kind: 'primary', name: 'Head of Admissions' } },
        ],
      },
    });
    expect(describeProviderChanges(changes)).toEqual([
      'grade Good → Inadequate',
      'weekly fee from £1,528 → £1,600',
      'status active → suspended',
      'lots added: 3',
      'lots removed: 2',
      'contact added: referrals@alderbrook.example.org',
      'contact removed: office@alderbrook.example.org',
      'contact changed: admissions@alderbrook.example.org',
    ]);
  });
});
