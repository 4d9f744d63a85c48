import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../db/repositories/staff.js';
import { AppError } from '../../domain/errors.js';
import { registerApprovalsChannel } from '../../services/register-approvals-channel.js';
import { rememberPersonalChat } from '../../services/remember-personal-chat.js';
import { refuseDeactivated } from '../../services/staff/standing.js';
import type { ServiceDeps } from '../../services/deps.js';
import { coverOverview } from '../../services/cover/cover-overview.js';
import { myWork } from '../../services/work/my-work.js';
import { accessEndedAdvice, helpCard, welcomeCard, whoamiCard } from '../cards/welcome.js';
import { normaliseCommandText } from '../commands.js';
import { actorOf, channelRootId, identityOf, referenceOf, sendCard, turnRegistration } from '../turn.js';

export interface MessageTurn {
  context: TurnContext;
  actor: Actor;
  /** Lower-cased, mentions removed. */
  command: string;
  /** The text as typed (mentions removed), for answers whose case matters. */
  rawText: string;
}

/** A text command: `match` decides, `handle` answers. The first match wins. */
export interface TextRoute {
  match(command: string): boolean;
  handle(turn: MessageTurn): Promise<void>;
}

const GREETINGS = new Set(['hi', 'hello', 'hey', 'start', 'welcome', 'get started']);

export function coreTextRoutes(deps: ServiceDeps): TextRoute[] {
  return [
    {
      match: (c) => c === 'help' || c === '?',
      handle: async ({ context, actor }) => void (await sendCard(context, helpCard(deps.config.PRODUCT_NAME, actor))),
    },
    {
      match: (c) => c === 'whoami' || c === 'who am i' || c === 'who am i?',
      handle: async ({ context, actor }) => void (await sendCard(context, whoamiCard(actor, turnRegistration(context), (await coverOverview(deps, actor))))),
    },
    {
      match: (c) => GREETINGS.has(c),
      handle: async ({ context, actor }) =>
        void (await sendCard(context, welcomeCard(deps.config.PRODUCT_NAME, actor, identityOf(context.activity), (await myWork(deps, actor))))),
    },
    {
      match: (c) => /^(please )?use this channel for approvals\.?$/.test(c),
      handle: async ({ context, actor }) => {
        const activity = context.activity;
        const channelId = channelRootId(activity.conversation.id);
        const reference = referenceOf(activity);
        // Proactive posts start new threads in the channel, so the stored reference names the channel itself.
        (reference.conversation as Record<string, unknown>).id = channelId;
        const channelName = (activity.channelData as { channel?: { name?: string } } | undefined)?.channel?.name;
        const result = (await registerApprovalsChannel(deps, {
          actor,
          conversationType: activity.conversation.conversationType,
          channelConversationId: channelId,
          channelName,
          reference,
        }));
        await context.sendActivity(
          `Done: this channel is now the approvals channel for ${actor.councilName}.` +
            (result.replaced ? ' It replaces the channel used before.' : '') +
            ' Each placement request will get its own thread here.',
        );
      },
    },
  ];
}

/**
 * Every message: who is this → (first contact: introduce) → the first matching command → otherwise
 * say what went wrong and how to get help.
 */
export async function handleMessage(deps: ServiceDeps, routes: TextRoute[], context: TurnContext): Promise<void> {
  const activity = context.activity;
  const actor = (await actorOf(deps, context));
  if (!actor) {
    const deactivated = (await refuseDeactivated(deps, identityOf(activity), turnRegistration(context)?.councilId, { entityType: 'message', entityId: 'message' }));
    if (deactivated) await context.sendActivity(accessEndedAdvice(deactivated));
    else await sendCard(context, welcomeCard(deps.config.PRODUCT_NAME, undefined, identityOf(activity)));
    return;
  }
  const rawText = (activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, ' ').trim();
  const command = normaliseCommandText(activity.text);
  if (activity.conversation.conversationType === 'personal') {
    const { firstContact } = (await rememberPersonalChat(deps, actor, activity.conversation.id, referenceOf(activity)));
    if (firstContact) {
      await sendCard(context, welcomeCard(deps.config.PRODUCT_NAME, actor, identityOf(activity), (await myWork(deps, actor))));
      if (command === '' || GREETINGS.has(command)) return;
    }
  }
  const route = routes.find((r) => r.match(command));
  if (!route) {
    await context.sendActivity(
      command === ''
        ? 'I can only read text messages. Type **help** to see what I can do.'
        : `Sorry, I don't know "${truncate(rawText, 40)}". Type **help** to see what I can do.`,
    );
    return;
  }
  try {
    await route.handle({ context, actor, command, rawText });
  } catch (err) {
    if (err instanceof AppError) {
      deps.log.info({ code: err.code, staffId: actor.staffId }, 'command refused');
      await context.sendActivity(err.userMessage);
      return;
    }
    throw err;
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
