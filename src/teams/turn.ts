import { CardFactory, TurnContext, type Activity } from 'botbuilder';
import { findActorByIdentity, type Actor } from '../db/repositories/staff.js';
import type { BotRegistration } from '../services/councils/bot-registrations.js';
import type { ServiceDeps } from '../services/deps.js';
import type { AdaptiveCard } from './cards/card.js';

const REGISTRATION_KEY = Symbol('placementDesk.botRegistration');

/** The endpoint records which registration (and so which council) the turn's token was issued for. */
export function setTurnRegistration(context: TurnContext, registration: BotRegistration | undefined): void {
  context.turnState.set(REGISTRATION_KEY, registration);
}

/** Undefined in dev mode, where turns are anonymous. */
export function turnRegistration(context: TurnContext): BotRegistration | undefined {
  return context.turnState.get(REGISTRATION_KEY) as BotRegistration | undefined;
}

export interface TeamsIdentity {
  aadObjectId?: string;
  tenantId?: string;
}

/** Teams identifies a person by their Entra object id within a tenant; display names are not trusted. */
export function identityOf(activity: Activity): TeamsIdentity {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  return {
    aadObjectId: activity.from?.aadObjectId,
    tenantId: activity.conversation?.tenantId ?? channelData.tenant?.id,
  };
}

/**
 * The staff member behind the turn. A council's registration only serves that council's staff: someone
 * on another council's staff list (even in the same tenant) is a stranger here.
 */
export async function actorOf(deps: ServiceDeps, context: TurnContext): Promise<Actor | undefined> {
  const { aadObjectId, tenantId } = identityOf(context.activity);
  if (!aadObjectId || !tenantId) return undefined;
  const actor = (await findActorByIdentity(deps.db, aadObjectId, tenantId));
  const registration = turnRegistration(context);
  if (actor && registration?.councilId != null && actor.councilId !== registration.councilId) return undefined;
  return actor;
}

export function sendCard(context: TurnContext, card: AdaptiveCard) {
  return context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
}

/** A channel conversation id without the `;messageid=` suffix that marks a thread. */
export function channelRootId(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

export function referenceOf(activity: Activity): Record<string, unknown> {
  return TurnContext.getConversationReference(activity) as unknown as Record<string, unknown>;
}
