import { formatPounds } from '../../domain/money.js';
import type { Actor } from '../../db/repositories/staff.js';
import { ROLE_LABELS } from '../../domain/reference-data.js';
import { commandsFor } from '../commands.js';
import { canRaiseRequests } from '../../domain/request-access.js';
import { coverLimitText, isApprover } from '../../domain/approval-authority.js';
import type { CoverOverview } from '../../services/cover/cover-overview.js';
import { md, adaptiveCard, bullets, execute, facts, heading, text, type AdaptiveCard, actionSet } from './card.js';
import { coverDates } from './cover.js';
import { workRows } from './my-work.js';
import type { WorkItem } from '../../services/work/my-work.js';

const PURPOSE =
  'I help North West councils secure SEND school placements through the Flexible Purchasing System: ' +
  'raising placement requests, running the options appraisal, sending referrals to providers, relaying their replies ' +
  'and recording approvals under delegated authority.';

/** Items of "my work" shown on the welcome card before the rest (the full list is one button away). */
const WELCOME_WORK_ITEMS = 5;

export function welcomeCard(productName: string, actor: Actor | undefined, identity: { aadObjectId?: string; tenantId?: string }, work: WorkItem[] = []): AdaptiveCard {
  if (!actor) {
    return adaptiveCard([
      ...heading(md`Welcome to ${productName}`),
      text(PURPOSE),
      text(unknownUserAdvice(identity)),
    ]);
  }
  return adaptiveCard(
    [
      ...heading(md`Welcome to ${productName}, ${actor.name.split(' ')[0]}`, actor.councilName),
      ...(work.length
        ? [
            text(`Waiting for you (${work.length})`, { weight: 'Bolder', size: 'Medium' }),
            ...workRows(work, WELCOME_WORK_ITEMS),
            ...(work.length > WELCOME_WORK_ITEMS ? [text(md`And ${work.length - WELCOME_WORK_ITEMS} more: press **My work**.`, { isSubtle: true, size: 'Small' })] : []),
          ]
        : [text('Nothing is waiting for you right now.', { isSubtle: true })]),
      text(PURPOSE, { spacing: 'Large' }),
      text('Things you can ask me:', { weight: 'Bolder' }),
      bullets(commandsFor(actor.roles).map((c) => `**${c.command}**: ${c.description}`)),
      // Teams shows at most five actions at the foot of a card: the general ones sit here instead.
      actionSet([execute('Help', 'help.show'), execute('Who am I?', 'whoami.show')]),
    ],
    [
      ...(canRaiseRequests(actor) ? [execute('New request', 'request.new', {}, { style: 'positive' })] : []),
      execute('My work', 'work.show'),
      execute('My requests', 'request.list'),
      ...(isApprover(actor) ? [execute('Cover', 'cover.open')] : []),
      ...(actor.roles.includes('admin') ? [execute('Staff', 'staff.list')] : []),
    ],
  );
}

export function helpCard(productName: string, actor: Actor): AdaptiveCard {
  const commands = commandsFor(actor.roles);
  return adaptiveCard([
    ...heading(md`${productName}: help`, md`For ${actor.roles.map((r) => ROLE_LABELS[r]).join(', ')} at ${actor.councilName}`),
    facts(commands.map((c) => [c.command, `${c.description}${c.where === 'channel' ? ' (in a team channel)' : ''}`])),
    text('Children are identified by initials and your council\'s case reference only. Never type a child\'s full name.', {
      isSubtle: true,
      size: 'Small',
    }),
  ]);
}

/** How the person reached the bot: whose bot registration, or dev mode's anonymous local connection. */
export interface TurnConnection {
  appId: string;
  origin: 'council' | 'environment';
}

export function whoamiCard(actor: Actor, connection: TurnConnection | undefined, cover?: Pick<CoverOverview, 'given' | 'held'>): AdaptiveCard {
  const covering = (cover?.held ?? []).map((c) => `${c.delegator.name} ${coverDates(c)} (${coverLimitText(c, c.delegator)})${c.state === 'active' ? '' : ', not started yet'}`);
  const coveredBy = (cover?.given ?? []).map((c) => `${c.delegate.name} ${coverDates(c)}${c.state === 'active' ? '' : ', not started yet'}`);
  return adaptiveCard([
    ...heading('Who am I?'),
    facts([
      ['Name', actor.name],
      ['Council', actor.councilName],
      ['Roles', actor.roles.map((r) => ROLE_LABELS[r]).join(', ')],
      ...(actor.roles.includes('service_manager') || actor.roles.includes('head_of_service')
        ? ([['Approval limit', approvalLimitText(actor)]] as Array<[string, string]>)
        : []),
      ...(covering.length ? ([['Covering for', covering.join('; ')]] as Array<[string, string]>) : []),
      ...(coveredBy.length ? ([['Your approvals covered by', coveredBy.join('; ')]] as Array<[string, string]>) : []),
      ['Known by', `Entra object id ${actor.aadObjectId} in tenant ${actor.tenantId}`],
      ['Reached through', connectionText(actor, connection)],
    ]),
  ]);
}

function connectionText(actor: Actor, connection: TurnConnection | undefined): string {
  if (!connection) return 'Local, unauthenticated connection (development only)';
  return connection.origin === 'council'
    ? `${actor.councilName}'s own bot registration (app ${connection.appId})`
    : `The deployment's bot registration (app ${connection.appId})`;
}

function approvalLimitText(actor: Actor): string {
  if (actor.roles.includes('head_of_service')) return 'Any value (Head of Service)';
  return `${formatPounds(actor.approvalLimit * 100)} a year`;
}

/** Says how to get access without revealing anything about any council. */
export function unknownUserAdvice(identity: { aadObjectId?: string; tenantId?: string }): string {
  return (
    "I don't know you yet, so I can't show you anything. Ask your council's Placement Desk administrator to add you, " +
    `quoting your Entra object id **${identity.aadObjectId ?? 'unknown'}** and tenant id **${identity.tenantId ?? 'unknown'}**.`
  );
}

/** What a deactivated person is told when an old card or a message of theirs arrives. */
export function accessEndedAdvice(ended: { councilName: string; endedOn: string | null }): string {
  return (
    md`Your Placement Desk access at ${ended.councilName} was ended${ended.endedOn ? ` on ${ended.endedOn}` : ''}, so I cannot do this for you and nothing was changed. ` +
    "If you still need access, ask your council's Placement Desk administrator."
  );
}
