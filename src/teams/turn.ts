import { CardFactory, TurnContext, type Activity } from 'botbuilder';
import { findActorByIdentity, type Actor } from '../db/repositories/staff.js';
import type { ServiceDeps } from '../services/deps.js';
import type { AdaptiveCard } from './cards/card.js';

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

export function actorOf(deps: ServiceDeps, activity: Activity): Actor | undefined {
  const { aadObjectId, tenantId } = identityOf(activity);
  if (!aadObjectId || !tenantId) return undefined;
  return findActorByIdentity(deps.db, aadObjectId, tenantId);
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
