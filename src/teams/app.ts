import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application, type TurnState } from '@microsoft/teams-ai';
import { isAnonymousMode } from '../config.js';
import type { ServiceDeps } from '../services/deps.js';
import { createAdapter, type PlacementDeskAdapter } from './adapter.js';
import { welcomeCard } from './cards/welcome.js';
import { coreCardActions, runCardAction, type CardAction } from './handlers/card-actions.js';
import { coreTextRoutes, handleMessage, type TextRoute } from './handlers/messages.js';
import { rememberPersonalChat } from '../services/remember-personal-chat.js';
import { myWork } from '../services/work/my-work.js';
import { actorOf, identityOf, referenceOf, sendCard } from './turn.js';

/** Local runs have no app registration; proactive sends still need a non-empty bot id. */
export const LOCAL_BOT_APP_ID = 'placement-desk-local';

export interface TeamsBot {
  adapter: PlacementDeskAdapter;
  app: Application<TurnState>;
  /** Dev mode: no tokens, no registrations, loopback only. */
  anonymous: boolean;
  /** Every Action.Execute verb with a handler (tests check each card's buttons against it). */
  verbs: string[];
}

export interface TeamsFeatures {
  textRoutes: TextRoute[];
  cardActions: CardAction[];
  /** Told after the bot is added to a conversation (dev mode: the Playground's page was opened or reloaded). */
  onInstalled?: (conversation: { id: string; conversationType: string | undefined }) => void;
}

export function createTeamsBot(deps: ServiceDeps, features: Partial<TeamsFeatures> = {}): TeamsBot {
  const adapter = createAdapter(deps);
  const app = new Application<TurnState>({
    adapter,
    // Replies go through each turn's own connector; proactive posts pick the council's app id themselves.
    botAppId: deps.config.BOT_ID ?? LOCAL_BOT_APP_ID,
    startTypingTimer: false,
    removeRecipientMention: false,
  });

  const textRoutes = [...(features.textRoutes ?? []), ...coreTextRoutes(deps)];
  const cardActions = [...coreCardActions(deps), ...(features.cardActions ?? [])];

  app.conversationUpdate('membersAdded', async (context) => {
    const added = context.activity.membersAdded ?? [];
    if (!added.some((m) => m.id === context.activity.recipient.id)) return;
    await greetOnInstall(deps, context);
    features.onInstalled?.({ id: context.activity.conversation.id, conversationType: context.activity.conversation.conversationType });
  });

  app.activity(ActivityTypes.Message, async (context) => handleMessage(deps, textRoutes, context));

  for (const action of cardActions) {
    app.adaptiveCards.actionExecute(action.verb, async (context, _state, data) => runCardAction(deps, action, context, data));
  }

  app.error(async (context, err) => {
    deps.log.error({ err, activityType: context.activity.type }, 'unhandled error in turn');
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity('Sorry, something went wrong on my side and nothing was changed. Please try again.');
    }
  });

  return { adapter, app, anonymous: isAnonymousMode(deps.config), verbs: cardActions.map((a) => a.verb) };
}

async function greetOnInstall(deps: ServiceDeps, context: TurnContext): Promise<void> {
  const kind = context.activity.conversation.conversationType;
  if (kind === 'channel' || kind === 'groupChat') {
    await context.sendActivity(
      `Hello, I'm ${deps.config.PRODUCT_NAME}. An administrator can mention me here with **use this channel for approvals** ` +
        "to make this channel the council's approvals channel. Mention me with **help** to see more.",
    );
    return;
  }
  const actor = (await actorOf(deps, context));
  if (actor) (await rememberPersonalChat(deps, actor, context.activity.conversation.id, referenceOf(context.activity)));
  await sendCard(context, welcomeCard(deps.config.PRODUCT_NAME, actor, identityOf(context.activity), actor ? (await myWork(deps, actor)) : []));
}
