import type { Actor } from '../../db/repositories/staff.js';
import { ERRORS } from '../../domain/errors.js';
import type { ServiceDeps } from '../../services/deps.js';
import { addStaffMember } from '../../services/staff/add-staff-member.js';
import { changeStaffMember } from '../../services/staff/change-staff-member.js';
import { staffDirectory } from '../../services/staff/list-council-staff.js';
import { staffMemberDetails } from '../../services/staff/staff-member-details.js';
import { setApprovalEscalation } from '../../services/staff/set-approval-escalation.js';
import { deactivateStaffMember, reactivateStaffMember } from '../../services/staff/set-staff-active.js';
import { md, type AdaptiveCard, type CardNotice } from '../cards/card.js';
import { staffListCard, staffMemberCard, type StaffListOptions, type StaffMemberOptions } from '../cards/staff.js';
import { sendCard } from '../turn.js';
import type { CardAction } from './card-actions.js';
import type { TextRoute } from './messages.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

async function listCard(deps: ServiceDeps, actor: Actor, options: StaffListOptions = {}): Promise<AdaptiveCard> {
  return staffListCard((await staffDirectory(deps, actor, { query: options.query })), options);
}

async function memberCard(deps: ServiceDeps, actor: Actor, staffId: unknown, options: Omit<StaffMemberOptions, 'viewerStaffId' | 'covers' | 'today' | 'deactivatedByName'> = {}): Promise<AdaptiveCard> {
  const details = (await staffMemberDetails(deps, actor, staffId));
  return staffMemberCard(details.member, { ...options, viewerStaffId: actor.staffId, covers: details.covers, today: details.today, deactivatedByName: details.deactivatedByName });
}

/** The values a card sent for one person's change form (input ids carry the staff id), kept when refused. */
function keptFor(data: Record<string, unknown>, id: string): Record<string, string> {
  return Object.fromEntries(['name', 'email', 'roles', 'approvalLimit', 'reason'].map((k) => [`${k}_${id}`, text(data[`${k}_${id}`])]));
}

/** An administrator's cards for their own council's staff: list, add, open, change, deactivate, reactivate, approval reminders. */
export function staffCardActions(deps: ServiceDeps): CardAction[] {
  return [
    { verb: 'staff.list', handle: async ({ actor }) => listCard(deps, actor) },
    { verb: 'staff.open', handle: async ({ actor, data }) => memberCard(deps, actor, data.staffId) },
    {
      verb: 'staff.add',
      handle: async ({ actor, data }) => {
        const result = (await addStaffMember(deps, {
          actor,
          member: { name: data.new_name, email: data.new_email, aadObjectId: data.new_aadObjectId, roles: data.new_roles, approvalLimit: data.new_approvalLimit },
        }));
        if (result.outcome === 'invalid') {
          const addKept = Object.fromEntries(['new_name', 'new_email', 'new_aadObjectId', 'new_roles', 'new_approvalLimit'].map((k) => [k, text(data[k])]));
          return listCard(deps, actor, { addErrors: result.errors, addKept, notice: { text: 'Nobody was added: please check the details marked below.', style: 'attention' } });
        }
        return memberCard(deps, actor, result.member.staffId, { notice: { text: md`${result.member.name} was added. They can now reach Placement Desk in Teams; their roles apply from their next message.`, style: 'good' } });
      },
    },
    {
      verb: 'staff.change',
      handle: async ({ actor, data }) => {
        const id = String(data.staffId);
        const result = (await changeStaffMember(deps, {
          actor,
          staffId: data.staffId,
          version: data.version,
          member: { name: data[`name_${id}`], email: data[`email_${id}`], roles: data[`roles_${id}`], approvalLimit: data[`approvalLimit_${id}`] },
        }));
        switch (result.outcome) {
          case 'invalid':
            return memberCard(deps, actor, data.staffId, { errors: result.errors, kept: keptFor(data, id), notice: { text: 'Nothing was changed: please check the details marked below.', style: 'attention' } });
          case 'stale':
            return memberCard(deps, actor, data.staffId, { notice: { text: ERRORS.STALE_CARD, style: 'accent' } });
          case 'unchanged':
            return memberCard(deps, actor, data.staffId, { notice: { text: 'That is what they already have: nothing was changed.', style: 'accent' } });
          case 'saved':
            return memberCard(deps, actor, data.staffId, { notice: { text: 'Saved. Every card they click from now on is checked against these roles and this limit.', style: 'good' } });
        }
      },
    },
    {
      verb: 'staff.deactivate',
      handle: async ({ actor, data }) => {
        const id = String(data.staffId);
        const result = (await deactivateStaffMember(deps, { actor, staffId: data.staffId, version: data.version, reason: data[`reason_${id}`] }));
        switch (result.outcome) {
          case 'invalid':
            return memberCard(deps, actor, data.staffId, { errors: result.errors, kept: keptFor(data, id), notice: { text: result.errors.reason, style: 'attention' } });
          case 'stale':
            return memberCard(deps, actor, data.staffId, { notice: { text: ERRORS.STALE_CARD, style: 'accent' } });
          case 'saved':
            return memberCard(deps, actor, data.staffId, {
              notice: { text: md`${result.member.name} is deactivated: their cards no longer work.${result.coversEnded ? ` ${result.coversEnded} cover(s) they gave or held ended.` : ''}`, style: 'good' },
            });
        }
      },
    },
    {
      verb: 'staff.reactivate',
      handle: async ({ actor, data }) => {
        const result = (await reactivateStaffMember(deps, { actor, staffId: data.staffId, version: data.version }));
        const notice: CardNotice = result.outcome === 'saved' ? { text: md`${result.member.name} is active again, with the roles and limit shown.`, style: 'good' } : { text: ERRORS.STALE_CARD, style: 'accent' };
        return memberCard(deps, actor, data.staffId, { notice });
      },
    },
    {
      verb: 'council.escalation',
      handle: async ({ actor, data }) => {
        const result = (await setApprovalEscalation(deps, { actor, reminderWorkingDays: data.reminderWorkingDays, escalationWorkingDays: data.escalationWorkingDays }));
        if (result.outcome === 'invalid') return listCard(deps, actor, { settingsErrors: result.errors, notice: { text: 'The approval reminders were not changed: please check the numbers.', style: 'attention' } });
        return listCard(deps, actor, {
          notice: {
            text: `Saved: approvers are reminded after ${result.settings.reminderWorkingDays} working day(s), and the Head of Service ${result.settings.escalationWorkingDays} working day(s) later.`,
            style: 'good',
          },
        });
      },
    },
  ];
}

export function staffTextRoutes(deps: ServiceDeps): TextRoute[] {
  return [
    {
      match: (c) => c === 'staff' || c === 'manage staff' || /^staff\s+\S/.test(c),
      handle: async ({ context, actor, rawText }) => {
        const query = rawText.replace(/^\s*(?:manage\s+)?staff\b\s*/i, '').trim();
        await sendCard(context, (await listCard(deps, actor, { query: query || undefined })));
      },
    },
  ];
}
