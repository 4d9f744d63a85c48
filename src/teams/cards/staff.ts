import type { CouncilStaffRow } from '../../db/repositories/staff.js';
import type { CoverRow } from '../../db/repositories/covers.js';
import { coverLimitText } from '../../domain/approval-authority.js';
import { calendarDateOf, formatUkDate } from '../../domain/calendar-date.js';
import { formatPounds } from '../../domain/money.js';
import { ROLE_LABELS, type StaffRole } from '../../domain/reference-data.js';
import { COUNCIL_ROLES, isRegionalRole, type StaffMemberField } from '../../domain/staff-register.js';
import type { StaffDirectory } from '../../services/staff/list-council-staff.js';
import { actionSet, adaptiveCard, execute, facts, heading, md, notice, text, toggledSection, type AdaptiveCard, type CardElement, type CardNotice } from './card.js';

/** How many people the list shows as text; everyone matching is in the "open" choice. */
const LISTED = 30;

const roleChoices = COUNCIL_ROLES.map((r) => ({ title: ROLE_LABELS[r], value: r }));

export function rolesText(roles: readonly StaffRole[]): string {
  return roles.length ? roles.map((r) => ROLE_LABELS[r]).join(', ') : 'none';
}

function limitText(member: Pick<CouncilStaffRow, 'roles' | 'approvalLimit'>): string {
  if (member.roles.includes('head_of_service')) return 'any value (Head of Service)';
  return member.roles.includes('service_manager') ? `${formatPounds(member.approvalLimit * 100)} a year` : '–';
}

const dayOf = (iso: string) => formatUkDate(calendarDateOf(new Date(iso)));

/** An input, with the server's message for it under it when the last submission was refused. */
function field(element: CardElement, error: string | undefined): CardElement[] {
  return error ? [element, text(md`${error}`, { color: 'Attention', size: 'Small', spacing: 'None' })] : [element];
}

/** A toggled section, already open when it has something to say (a refused submission). */
function section(id: string, title: string, items: CardElement[], open: boolean) {
  const s = toggledSection(id, title, items);
  return { toggle: s.toggle, section: open ? { ...s.section, isVisible: true } : s.section };
}

export interface StaffListOptions {
  notice?: CardNotice;
  /** Refused "add a person": the problems and what was typed, kept. */
  addErrors?: Partial<Record<StaffMemberField, string>>;
  addKept?: Record<string, string>;
  settingsErrors?: Partial<Record<'reminderWorkingDays' | 'escalationWorkingDays', string>>;
  query?: string;
}

/**
 * `staff`: the administrator's list of their council's people, with a section to add a person and one for
 * the council's approval reminders. One person is opened (and changed) on a card of their own, so the list
 * stays small however many staff a council has.
 */
export function staffListCard(directory: StaffDirectory, options: StaffListOptions = {}): AdaptiveCard {
  const { council, members } = directory;
  const active = members.filter((m) => m.active);
  const body: CardElement[] = [
    ...heading(
      md`Staff of ${council.name}`,
      options.query
        ? md`${directory.matched} matching "${options.query}"`
        : `${active.length} active, ${members.length - active.length} deactivated. Regional roles are given in the regional staff file, not here.`,
    ),
  ];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  if (!members.length) body.push(text(options.query ? 'Nobody matches. Type **staff** for everyone.' : 'Nobody is on the staff list yet.'));
  for (const m of members.slice(0, LISTED)) {
    body.push(text(md`**${m.name}** · ${rolesText(m.roles)}${m.roles.includes('service_manager') ? ` · ${limitText(m)}` : ''}${m.active ? '' : ' · deactivated'}`, { spacing: 'Small', ...(m.active ? {} : { isSubtle: true }) }));
  }
  if (members.length > LISTED) body.push(text(`…and ${members.length - LISTED} more: choose below, or type **staff** and part of a name.`, { isSubtle: true }));
  if (members.length) {
    body.push(
      { type: 'Input.ChoiceSet', id: 'staffId', label: 'Open a person', style: 'compact', isRequired: true, errorMessage: 'Choose a person.', choices: members.map((m) => ({ title: `${m.name} (${m.email})${m.active ? '' : ' – deactivated'}`, value: String(m.staffId) })) },
      actionSet([execute('Open', 'staff.open')]),
    );
  }

  const errors = options.addErrors ?? {};
  const kept = options.addKept ?? {};
  const add = section(
    'staff-add',
    'Add a person',
    [
      text(md`Their Entra account must be in ${council.name}'s tenant (${council.tenantId}). Find the object id in Entra ID → Users → the person → Object ID.`, { isSubtle: true, size: 'Small' }),
      ...field({ type: 'Input.Text', id: 'new_name', label: 'Name', isRequired: true, errorMessage: 'Give their name.', maxLength: 200, value: kept.new_name ?? '' }, errors.name),
      ...field({ type: 'Input.Text', id: 'new_email', label: 'E-mail address', style: 'Email', isRequired: true, errorMessage: 'Give their e-mail address.', maxLength: 254, value: kept.new_email ?? '' }, errors.email),
      ...field({ type: 'Input.Text', id: 'new_aadObjectId', label: 'Entra object id', isRequired: true, errorMessage: 'Give their Entra object id.', maxLength: 64, value: kept.new_aadObjectId ?? '' }, errors.aadObjectId),
      ...field({ type: 'Input.ChoiceSet', id: 'new_roles', label: 'Roles', isMultiSelect: true, style: 'compact', isRequired: true, errorMessage: 'Choose at least one role.', choices: roleChoices, value: kept.new_roles ?? '' }, errors.roles),
      ...field({ type: 'Input.Text', id: 'new_approvalLimit', label: 'Approval limit (£ a year; Service Managers only)', maxLength: 30, placeholder: 'e.g. 150000', value: kept.new_approvalLimit ?? '' }, errors.approvalLimit),
      actionSet([execute('Add person', 'staff.add', {}, { style: 'positive' })]),
    ],
    Object.keys(errors).length > 0,
  );
  const settingsErrors = options.settingsErrors ?? {};
  const settings = section(
    'staff-escalation',
    'Approval reminders',
    [
      text(
        `A proposal waiting for a decision reminds the approvers with enough authority after ${council.reminderWorkingDays} working day(s), and goes to the Head of Service ${council.escalationWorkingDays} working day(s) after that.`,
        { isSubtle: true, size: 'Small' },
      ),
      ...field({ type: 'Input.Number', id: 'reminderWorkingDays', label: 'Remind the approvers after (working days)', min: 1, max: 20, isRequired: true, errorMessage: 'From 1 to 20.', value: council.reminderWorkingDays }, settingsErrors.reminderWorkingDays),
      ...field({ type: 'Input.Number', id: 'escalationWorkingDays', label: 'Then escalate to the Head of Service after (further working days)', min: 1, max: 20, isRequired: true, errorMessage: 'From 1 to 20.', value: council.escalationWorkingDays }, settingsErrors.escalationWorkingDays),
      actionSet([execute('Save', 'council.escalation')]),
    ],
    Object.keys(settingsErrors).length > 0,
  );
  body.push(add.section, settings.section);
  return adaptiveCard(body, [add.toggle, settings.toggle]);
}

export interface StaffMemberOptions {
  notice?: CardNotice;
  errors?: Partial<Record<StaffMemberField | 'reason', string>>;
  kept?: Record<string, string>;
  /** The administrator looking: nobody deactivates themselves. */
  viewerStaffId: number;
  deactivatedByName?: string;
  covers: CoverRow[];
  today: string;
}

function coverLine(c: CoverRow, memberId: number): string {
  const when = `${formatUkDate(c.startsOn)} to ${formatUkDate(c.endsOn)}`;
  return c.delegator.staffId === memberId
    ? md`Covered by ${c.delegate.name} from ${when} (${coverLimitText(c, c.delegator)})`
    : md`Covers for ${c.delegator.name} from ${when} (${coverLimitText(c, c.delegator)})`;
}

/** One person: their details, and (active) a section to change them and one to deactivate them; (deactivated) Reactivate. */
export function staffMemberCard(member: CouncilStaffRow, options: StaffMemberOptions): AdaptiveCard {
  const id = member.staffId;
  const regional = member.roles.filter(isRegionalRole);
  const body: CardElement[] = [
    ...heading(
      md`${member.name}`,
      member.active
        ? 'Active'
        : md`Deactivated${member.deactivatedAt ? ` on ${dayOf(member.deactivatedAt)}` : ''}${options.deactivatedByName ? ` by ${options.deactivatedByName}` : ''}${member.deactivationReason ? `: ${member.deactivationReason}` : ''}`,
    ),
  ];
  if (options.notice) body.push(notice(options.notice.text, options.notice.style));
  body.push(
    facts([
      ['E-mail', member.email],
      ['Entra object id', member.aadObjectId],
      ['Tenant', member.tenantId],
      ['Roles', rolesText(member.roles)],
      ['Approval limit', limitText(member)],
      ...(options.covers.length ? ([['Cover', options.covers.map((c) => coverLine(c, id)).join('; ')]] as Array<[string, string]>) : []),
      ['Last changed', dayOf(member.updatedAt)],
    ]),
  );
  if (!member.active) {
    return adaptiveCard(body, [execute('Reactivate', 'staff.reactivate', { staffId: id, version: member.version }, { style: 'positive' }), execute('Back to the staff list', 'staff.list')]);
  }
  const errors = options.errors ?? {};
  const kept = options.kept ?? {};
  const value = (key: string, current: string) => kept[`${key}_${id}`] ?? current;
  const councilRoles = member.roles.filter((r) => !isRegionalRole(r));
  const change = section(
    `staff-change-${id}`,
    'Change roles and limit',
    [
      ...field({ type: 'Input.Text', id: `name_${id}`, label: 'Name', isRequired: true, errorMessage: 'Give their name.', maxLength: 200, value: value('name', member.name) }, errors.name),
      ...field({ type: 'Input.Text', id: `email_${id}`, label: 'E-mail address', style: 'Email', isRequired: true, errorMessage: 'Give their e-mail address.', maxLength: 254, value: value('email', member.email) }, errors.email),
      ...field({ type: 'Input.ChoiceSet', id: `roles_${id}`, label: 'Roles', isMultiSelect: true, style: 'compact', choices: roleChoices, value: value('roles', councilRoles.join(',')) }, errors.roles),
      ...(regional.length ? [text(`Also ${rolesText(regional)} (from the regional staff file; kept as it is).`, { isSubtle: true, size: 'Small' })] : []),
      ...field(
        { type: 'Input.Text', id: `approvalLimit_${id}`, label: 'Approval limit (£ a year; Service Managers only)', maxLength: 30, value: value('approvalLimit', member.approvalLimit ? String(member.approvalLimit) : '') },
        errors.approvalLimit,
      ),
      actionSet([execute('Save changes', 'staff.change', { staffId: id, version: member.version }, { style: 'positive' })]),
    ],
    ['name', 'email', 'roles', 'approvalLimit'].some((k) => errors[k as StaffMemberField]),
  );
  const sections = [change];
  if (member.staffId !== options.viewerStaffId) {
    sections.push(
      section(
        `staff-deactivate-${id}`,
        'Deactivate',
        [
          text('From now on their cards and messages are refused, they get no more messages from me, and any cover they give or hold ends. What they did stays on the record.', { isSubtle: true, size: 'Small' }),
          ...field({ type: 'Input.Text', id: `reason_${id}`, label: 'Why does their access end?', isRequired: true, errorMessage: 'Give a reason.', maxLength: 500, value: kept[`reason_${id}`] ?? '' }, errors.reason),
          actionSet([execute('Deactivate', 'staff.deactivate', { staffId: id, version: member.version }, { style: 'destructive' })]),
        ],
        Boolean(errors.reason),
      ),
    );
  }
  body.push(...sections.map((s) => s.section));
  return adaptiveCard(body, [...sections.map((s) => s.toggle), execute('Back to the staff list', 'staff.list')]);
}
