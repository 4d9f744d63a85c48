import { describe, expect, it } from 'vitest';
import { formatRowError, parseRegisterCsv, type CsvRow } from '../../src/domain/register-csv.js';
import {
  STAFF_COLUMNS,
  STAFF_REGISTER,
  describeStaffChanges,
  diffStaff,
  parseApprovalLimit,
  parseStaffRole,
  validateStaffMember,
  validateStaffRow,
  validateStaffRows,
  type StaffColumn,
  type StaffRecord,
} from '../../src/domain/staff-register.js';

const GOOD: Record<StaffColumn, string> = {
  council_code: 'nwtest',
  council_name: 'Northshire Test Council',
  name: 'Cara Manager',
  email: 'Cara.Manager@northshire-test.example',
  aad_object_id: '2c1f4b9e-6f0a-4c4e-9a57-1f1b2f0c8a11',
  tenant_id: '8d3e7a52-1b4c-4f7e-a0a2-5c6d7e8f9a01',
  roles: 'Service Manager',
  approval_limit: '£250,000',
};

function row(overrides: Partial<Record<StaffColumn, string>> = {}, n = 2): CsvRow<StaffColumn> {
  return { row: n, values: { ...GOOD, ...overrides } };
}

function record(overrides: Partial<Record<StaffColumn, string>> = {}): StaffRecord {
  const result = validateStaffRow(row(overrides));
  if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'));
  return result.record;
}

function errorsOf(overrides: Partial<Record<StaffColumn, string>>) {
  const result = validateStaffRow(row(overrides));
  if (result.ok) throw new Error('expected the row to be rejected');
  return result.errors;
}

describe('staff row', () => {
  it('turns a valid row into a normalised record', () => {
    expect(record()).toEqual({
      councilCode: 'NWTEST',
      councilName: 'Northshire Test Council',
      name: 'Cara Manager',
      email: 'cara.manager@northshire-test.example',
      aadObjectId: '2c1f4b9e-6f0a-4c4e-9a57-1f1b2f0c8a11',
      tenantId: '8d3e7a52-1b4c-4f7e-a0a2-5c6d7e8f9a01',
      roles: ['service_manager'],
      approvalLimit: 250000,
    });
  });

  it('accepts the local Teams client ids, role labels in any case, and a blank limit as 0', () => {
    const r = record({ aad_object_id: 'aad-1', tenant_id: 'tenant-1', roles: 'admin; HEAD OF SERVICE;placements officer;Administrator', approval_limit: '' });
    expect(r).toMatchObject({ aadObjectId: 'aad-1', tenantId: 'tenant-1', roles: ['placements_officer', 'head_of_service', 'admin'], approvalLimit: 0 });
  });

  it.each([
    ['caseworker', 'caseworker'],
    ['Placements officer', 'placements_officer'],
    ['service-manager', 'service_manager'],
    ['Head of Service', 'head_of_service'],
    ['Administrator', 'admin'],
    ['Regional analyst', 'regional_analyst'],
  ])('reads the role "%s"', (text, role) => {
    expect(parseStaffRole(text)).toBe(role);
  });

  it.each([
    ['250000', 250000],
    ['£250,000', 250000],
    ['£150,000.00', 150000],
    ['', 0],
  ])('reads the approval limit "%s" as £%i', (text, pounds) => {
    expect(parseApprovalLimit(text)).toBe(pounds);
  });

  it.each<[string, Partial<Record<StaffColumn, string>>, StaffColumn, RegExp]>([
    ['missing council code', { council_code: '' }, 'council_code', /required/],
    ['council code with spaces', { council_code: 'North shire' }, 'council_code', /not a council code/],
    ['missing council name', { council_name: '' }, 'council_name', /required/],
    ['missing name', { name: '' }, 'name', /required/],
    ['invalid e-mail', { email: 'cara.manager@' }, 'email', /not an e-mail address/],
    ['missing e-mail', { email: '' }, 'email', /required/],
    ['object id with spaces', { aad_object_id: 'aad 1' }, 'aad_object_id', /not an Entra id/],
    ['missing tenant id', { tenant_id: '' }, 'tenant_id', /required/],
    ['tenant id with a dot', { tenant_id: 'contoso.onmicrosoft.com' }, 'tenant_id', /not an Entra id/],
    ['unknown role', { roles: 'Service Manager;janitor' }, 'roles', /"janitor" is not a staff role/],
    ['no roles', { roles: '' }, 'roles', /at least one role/],
    ['limit in pence', { approval_limit: '£250,000.50' }, 'approval_limit', /not a whole number of pounds/],
    ['limit as text', { approval_limit: 'lots' }, 'approval_limit', /not a whole number of pounds/],
    ['service manager without a limit', { approval_limit: '0' }, 'approval_limit', /service_manager needs an approval limit/],
    ['limit on someone who is not a service manager', { roles: 'head_of_service', approval_limit: '50000' }, 'approval_limit', /only a service_manager has an approval limit/],
  ])('rejects %s', (_label, overrides, column, message) => {
    const errors = errorsOf(overrides);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 2, column });
    expect(errors[0]!.message).toMatch(message);
  });

  it('lets a head of service have no limit: they may approve any amount', () => {
    expect(record({ roles: 'head_of_service', approval_limit: '0' }).approvalLimit).toBe(0);
  });

  it('rejects a person twice in one file and a council under two names', () => {
    const { records, errors } = validateStaffRows([
      row({}, 2),
      row({ aad_object_id: 'aad-2', council_name: 'Northshire Council' }, 3),
      row({ name: 'Cara Again' }, 4),
      row({ aad_object_id: GOOD.aad_object_id, tenant_id: 'tenant-2' }, 5),
    ]);
    expect(records.map((r) => r.tenantId)).toEqual([GOOD.tenant_id, 'tenant-2']);
    expect(errors.map(formatRowError)).toEqual([
      'row 3, column council_name: council NWTEST is named "Northshire Test Council" on row 2',
      `row 4, column aad_object_id: ${GOOD.aad_object_id} (tenant ${GOOD.tenant_id}) already appears on row 2`,
    ]);
  });

  it('names the missing and unexpected columns of a wrong header', () => {
    const parsed = parseRegisterCsv('council,council_name,name,email,aad_object_id,tenant_id,roles,approval_limit,phone\n', STAFF_REGISTER);
    expect(parsed.ok ? [] : parsed.errors.map(formatRowError)).toEqual([
      `row 1: wrong header (missing columns: council_code; unexpected columns: council, phone); expected ${STAFF_COLUMNS.join(',')}`,
    ]);
  });
});

describe('changes to a staff member', () => {
  it('lists council, role and limit changes, and nothing when unchanged', () => {
    const before = record();
    const { councilName: _, ...stored } = before;
    expect(diffStaff(stored, before)).toEqual({});
    const after = record({ council_code: 'WBTEST', council_name: 'Westbay Test Council', roles: 'service_manager;admin', approval_limit: '300000' });
    const changes = diffStaff(stored, after);
    expect(changes).toEqual({
      councilCode: { from: 'NWTEST', to: 'WBTEST' },
      approvalLimit: { from: 250000, to: 300000 },
      roles: { added: ['admin'], removed: [] },
    });
    expect(describeStaffChanges(changes)).toEqual(['council NWTEST → WBTEST', 'roles added: admin', 'approval limit £250,000 → £300,000']);
  });
});

describe('one person from an administrator\'s card', () => {
  const council = { code: 'NWTEST', name: 'Northshire Test Council', tenantId: '8d3e7a52-1b4c-4f7e-a0a2-5c6d7e8f9a01' };
  const card = { name: 'Cara Manager', email: 'Cara.Manager@Northshire-Test.example', aadObjectId: '2C1F4B9E-6F0A-4C4E-9A57-1F1B2F0C8A11', roles: 'service_manager,admin', approvalLimit: '£250,000' };

  it('takes the council and its tenant from the card\'s context, and normalises like the staff file (e-mail, GUID lower-case, role order)', () => {
    expect(validateStaffMember(card, council)).toEqual({
      ok: true,
      record: { councilCode: 'NWTEST', councilName: council.name, name: 'Cara Manager', email: 'cara.manager@northshire-test.example', aadObjectId: '2c1f4b9e-6f0a-4c4e-9a57-1f1b2f0c8a11', tenantId: council.tenantId, roles: ['service_manager', 'admin'], approvalLimit: 250_000 },
    });
  });

  it('applies the staff file\'s rules word for word, each problem on its own field', () => {
    const result = validateStaffMember({ name: '', email: 'cara@', aadObjectId: 'not an id', roles: 'janitor', approvalLimit: '12.5' }, council);
    expect(result).toMatchObject({ ok: false, errors: { name: 'is required', email: '"cara@" is not an e-mail address', aadObjectId: expect.stringContaining('is not an Entra id'), roles: expect.stringContaining('"janitor" is not a staff role') } });
    expect(validateStaffMember({ ...card, roles: 'caseworker', approvalLimit: '1000' }, council)).toMatchObject({ ok: false, errors: { approvalLimit: expect.stringContaining('only a service_manager has an approval limit') } });
    expect(validateStaffMember({ ...card, roles: 'service_manager', approvalLimit: '' }, council)).toMatchObject({ ok: false, errors: { approvalLimit: 'a service_manager needs an approval limit above £0' } });
    expect(validateStaffMember({ ...card, roles: '' }, council)).toMatchObject({ ok: false, errors: { roles: 'choose at least one role' } });
  });

  it('refuses the file\'s forbidden characters and lengths, forged non-text values and a megabyte name', () => {
    expect(validateStaffMember({ ...card, name: 'Cara\u202eManager' }, council)).toMatchObject({ ok: false, errors: { name: expect.stringContaining('right-to-left override') } });
    expect(validateStaffMember({ ...card, name: 'x'.repeat(1_000_000) }, council)).toMatchObject({ ok: false, errors: { name: expect.stringContaining('this field takes at most 200') } });
    expect(validateStaffMember({ ...card, email: { evil: true }, roles: 42 }, council)).toMatchObject({ ok: false, errors: { email: 'is required', roles: 'choose at least one role' } });
  });

  it('in a real Entra tenant the object id is a GUID; dev mode\'s short ids pass only in a tenant that is not one', () => {
    expect(validateStaffMember({ ...card, aadObjectId: 'aad-7' }, council)).toMatchObject({ ok: false, errors: { aadObjectId: expect.stringContaining('it is a GUID') } });
    expect(validateStaffMember({ ...card, aadObjectId: 'aad-7' }, { ...council, tenantId: 'tenant-1' })).toMatchObject({ ok: true, record: { aadObjectId: 'aad-7', tenantId: 'tenant-1' } });
  });

  it('regional roles are not a council administrator\'s to give, and a person\'s regional roles are kept on a change', () => {
    expect(validateStaffMember({ ...card, roles: 'caseworker,regional_admin', approvalLimit: '' }, council)).toMatchObject({ ok: false, errors: { roles: expect.stringContaining('Regional administrator is a regional role') } });
    const kept = validateStaffMember({ ...card, roles: 'caseworker', approvalLimit: '' }, council, { keptRoles: ['regional_analyst'], existingAadObjectId: 'aad-14' });
    expect(kept).toMatchObject({ ok: true, record: { roles: ['caseworker', 'regional_analyst'], aadObjectId: 'aad-14' } });
    expect(validateStaffMember({ ...card, roles: '', approvalLimit: '' }, council, { keptRoles: ['regional_analyst'] })).toMatchObject({ ok: true, record: { roles: ['regional_analyst'] } });
  });
});
