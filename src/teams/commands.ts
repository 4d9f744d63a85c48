import type { StaffRole } from '../domain/reference-data.js';

export interface CommandHelp {
  /** What the user types. */
  command: string;
  description: string;
  /** Who sees it in `help`; undefined = everyone the bot knows. */
  roles?: readonly StaffRole[];
  /** Where it works. */
  where: 'personal' | 'channel' | 'anywhere';
}

/** One list for `help`, the welcome card and the app manifest's command list. */
export const COMMAND_HELP: readonly CommandHelp[] = [
  { command: 'help', description: 'What I can do for you', where: 'anywhere' },
  { command: 'whoami', description: 'Your council and roles as Placement Desk knows them', where: 'anywhere' },
  { command: 'new request', description: 'Raise a placement request for a child with an EHCP', roles: ['caseworker', 'placements_officer'], where: 'personal' },
  { command: 'my work', description: 'What is waiting for you (confirmations, replies to check, shortlists to send, proposals to decide), each with its button', where: 'anywhere' },
  { command: 'my requests', description: 'Your drafts and requests, to resume or open', where: 'personal' },
  { command: 'PR-2026-0042', description: 'Open a request by its reference', where: 'personal' },
  { command: 'appraise PR-2026-0042', description: 'Run (or continue) the options appraisal of a submitted request', where: 'personal' },
  { command: 'appraisal PR-2026-0042', description: 'Show the options appraisal record (evidence)', where: 'anywhere' },
  { command: 'revise appraisal PR-2026-0042', description: 'Start a new, audited revision of a confirmed appraisal', roles: ['caseworker', 'placements_officer'], where: 'personal' },
  { command: 'shortlist PR-2026-0042', description: 'Review the proposed FPS shortlist, set the deadline and weighting, and send the referrals', roles: ['placements_officer'], where: 'personal' },
  { command: 'referrals PR-2026-0042', description: 'Who was sent a referral and who has replied', where: 'personal' },
  { command: 'replies PR-2026-0042', description: "Providers' replies to a request, to confirm figures or answer questions", where: 'personal' },
  { command: 'triage', description: "Messages the bot could not attach to a referral by itself", roles: ['placements_officer', 'regional_admin'], where: 'anywhere' },
  { command: 'evaluate PR-2026-0042', description: 'Compare the confirmed offers (weighted score), give quality marks and propose the award', where: 'personal' },
  { command: 'evidence PR-2026-0042', description: 'Why this placement was secured: the evidence record', where: 'anywhere' },
  { command: 'dashboard', description: "Your council's placements, fees, routes, timings, provider response, area and declines, with charts and filters", where: 'anywhere' },
  {
    command: 'regional dashboard',
    description: 'The same across all councils: aggregates only, small numbers suppressed and counts rounded',
    roles: ['regional_analyst', 'head_of_service'],
    where: 'anywhere',
  },
  { command: 'cover', description: 'Who covers your award approvals while you are away, whom you cover for; arrange or end cover', roles: ['service_manager', 'head_of_service'], where: 'personal' },
  { command: 'staff', description: "Your council's staff: add a person, change roles and approval limits, deactivate someone; approval reminders", roles: ['admin'], where: 'personal' },
  { command: 'councils', description: 'Every council of the deployment: registration, staff, approvals channel (no child data)', roles: ['regional_admin'], where: 'anywhere' },
  {
    command: 'start date 7 Sept 2027',
    description: 'Answer a question of your current draft by typing (also: date of birth, plan date, postcode, initials, lot, primary need)',
    roles: ['caseworker', 'placements_officer'],
    where: 'personal',
  },
  {
    command: 'use this channel for approvals',
    description: "Make this team channel your council's approvals channel (mention me in the channel)",
    roles: ['admin'],
    where: 'channel',
  },
];

export function commandsFor(roles: readonly StaffRole[]): CommandHelp[] {
  return COMMAND_HELP.filter((c) => !c.roles || c.roles.some((r) => roles.includes(r)));
}

/** Teams puts `<at>Bot</at>` in channel messages; commands are matched on the rest, case-insensitively. */
export function normaliseCommandText(raw: string | undefined): string {
  return (raw ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
