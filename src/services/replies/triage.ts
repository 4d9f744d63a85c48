import { parseId } from '../../domain/ids.js';
import { appendStaffAudit } from '../../db/repositories/audit.js';
import { findApprovalsChannel } from '../../db/repositories/conversations.js';
import { findTriagedMessage, listTriage, markInbound, type InboundMessageRow, type TriageViewer } from '../../db/repositories/inbound.js';
import { enqueueOutbox } from '../../db/repositories/outbox.js';
import { findReferralById } from '../../db/repositories/referrals.js';
import type { ProviderReplyRow } from '../../db/repositories/replies.js';
import { findCouncilById, type Actor } from '../../db/repositories/staff.js';
import { writeTransaction } from '../../db/transaction.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { requireAction } from '../../domain/request-lifecycle.js';
import { understandReply } from '../../mail/inbound/understand-reply.js';
import type { ServiceDeps } from '../deps.js';
import { loadVisibleRequest } from '../requests/load-request.js';
import { recordReply } from './record-reply.js';

const TRIAGE_ROLES = 'Messages in triage are handled by a placements officer, or by a regional administrator for messages that belong to no single council.';
const ALREADY_HANDLED = "That message has already been dealt with, or is not one you can see.";

/**
 * What a person may see of the triage queue: a placements officer their council's and its candidates; a
 * regional administrator everything without a council, and nothing of any council's own (provider mail
 * about a child) unless they are also that council's placements officer.
 */
export function triageViewerOf(actor: Actor): TriageViewer {
  return { councilId: actor.roles.includes('placements_officer') ? actor.councilId : null, regional: actor.roles.includes('regional_admin') };
}

function mayTriage(actor: Actor): boolean {
  return actor.roles.includes('placements_officer') || actor.roles.includes('regional_admin');
}

async function loadTriaged(deps: ServiceDeps, actor: Actor, inboundId: unknown): Promise<InboundMessageRow> {
  if (!mayTriage(actor)) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, TRIAGE_ROLES);
  const id = parseId(inboundId);
  const message = id === undefined ? undefined : (await findTriagedMessage(deps.db, triageViewerOf(actor), id));
  if (!message) throw new AppError(ErrorCodes.STALE_CARD, ALREADY_HANDLED);
  return message;
}

/** The messages waiting for this person, newest first. */
export async function triageFor(deps: ServiceDeps, actor: Actor, limit = 10): Promise<InboundMessageRow[]> {
  if (!mayTriage(actor)) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, TRIAGE_ROLES);
  return listTriage(deps.db, triageViewerOf(actor), limit);
}

export type AttachResult = { outcome: 'attached'; reply: ProviderReplyRow } | { outcome: 'invalid'; message: InboundMessageRow; errors: { referralId: string } };

/**
 * A placements officer decides which of their council's referrals a message answers; it is then recorded
 * like any routed reply (and now belongs to that council), audited as manual.
 */
export async function attachTriagedMessage(deps: ServiceDeps, input: { actor: Actor; inboundId: unknown; referralId: unknown; afterCommit: () => void }): Promise<AttachResult> {
  const { actor } = input;
  const message = (await loadTriaged(deps, actor, input.inboundId));
  if (!actor.roles.includes('placements_officer')) throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'A message is attached to a referral by a placements officer of that council.');
  const referralId = parseId(input.referralId);
  const referral = referralId === undefined ? undefined : (await findReferralById(deps.db, { councilId: actor.councilId }, referralId));
  if (!referral) return { outcome: 'invalid', message, errors: { referralId: 'Choose the referral this message answers.' } };
  const request = (await loadVisibleRequest(deps, actor, { id: referral.requestId }));
  requireAction(request, 'record_reply');
  const now = deps.clock.now();
  const understood = await understandReply(message.raw, { now, ownDomains: [deps.config.REPLY_DOMAIN] });
  const reply = (await writeTransaction(deps.db, async (tx) => {
    // The message may have been dealt with by a colleague while it was being read.
    if (!(await findTriagedMessage(tx, triageViewerOf(actor), message.id))) throw new AppError(ErrorCodes.STALE_CARD, ALREADY_HANDLED);
    const row = (await recordReply(tx, { inboundId: message.id, referral, understood, method: 'manual', byStaffId: actor.staffId, now }));
    (await markInbound(tx, message.id, { candidateCouncilIds: [] }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'triage.attached',
      entityType: 'inbound_message',
      entityId: message.id,
      details: { referralId: referral.id, requestId: referral.requestId, problem: message.problem, wasRegional: message.councilId === null },
    }));
    return row;
  }));
  input.afterCommit();
  return { outcome: 'attached', reply };
}

export type DismissResult = { outcome: 'dismissed'; message: InboundMessageRow } | { outcome: 'invalid'; message: InboundMessageRow; errors: { reason: string } };

/** Not about any referral (spam, a newsletter): dismissed with a reason, kept for the record, audited. */
export async function dismissTriagedMessage(deps: ServiceDeps, input: { actor: Actor; inboundId: unknown; reason: unknown }): Promise<DismissResult> {
  const { actor } = input;
  const message = (await loadTriaged(deps, actor, input.inboundId));
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < 5 || reason.length > 500) return { outcome: 'invalid', message, errors: { reason: 'Say why the message is dismissed (e.g. spam, not about a referral).' } };
  const now = deps.clock.now();
  (await writeTransaction(deps.db, async (tx) => {
    if (!(await findTriagedMessage(tx, triageViewerOf(actor), message.id))) throw new AppError(ErrorCodes.STALE_CARD, ALREADY_HANDLED);
    (await markInbound(tx, message.id, { status: 'dismissed', handledByStaffId: actor.staffId, handledAt: now.toISOString() }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'triage.dismissed',
      entityType: 'inbound_message',
      entityId: message.id,
      details: { reason, problem: message.problem, wasRegional: message.councilId === null },
    }));
  }));
  return { outcome: 'dismissed', message: { ...message, status: 'dismissed' } };
}

export type AssignResult = { outcome: 'assigned'; message: InboundMessageRow } | { outcome: 'invalid'; message: InboundMessageRow; errors: { councilId: string } };

/**
 * A regional administrator gives a message that belongs to no single council to the council it is for; it
 * then waits in that council's triage (posted to its approvals channel), audited.
 */
export async function assignTriagedMessage(deps: ServiceDeps, input: { actor: Actor; inboundId: unknown; councilId: unknown }): Promise<AssignResult> {
  const { actor } = input;
  const message = (await loadTriaged(deps, actor, input.inboundId));
  if (!actor.roles.includes('regional_admin') || message.councilId !== null) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'Only a regional administrator gives a message without a council to a council.');
  }
  const councilId = parseId(input.councilId);
  const council = councilId === undefined ? undefined : (await findCouncilById(deps.db, councilId));
  if (!council || council.status !== 'active') return { outcome: 'invalid', message, errors: { councilId: 'Choose the council the message is for.' } };
  const now = deps.clock.now();
  (await writeTransaction(deps.db, async (tx) => {
    if (!(await findTriagedMessage(tx, triageViewerOf(actor), message.id))) throw new AppError(ErrorCodes.STALE_CARD, ALREADY_HANDLED);
    (await markInbound(tx, message.id, { councilId: council.id, candidateCouncilIds: [] }));
    (await appendStaffAudit(tx, now, actor, {
      action: 'triage.assigned',
      entityType: 'inbound_message',
      entityId: message.id,
      details: { toCouncilId: council.id, problem: message.problem },
    }));
    if ((await findApprovalsChannel(tx, council.id))) {
      (await enqueueOutbox(tx, { councilId: council.id, kind: 'teams.channel_post', dedupKey: `triage:${message.id}:${council.id}`, payload: { inboundId: message.id, template: 'reply_triage' }, at: now }));
    }
  }));
  return { outcome: 'assigned', message: { ...message, councilId: council.id, candidateCouncilIds: [] } };
}
