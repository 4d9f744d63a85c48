import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../db/repositories/staff.js';
import { recordAudit } from '../../db/repositories/audit.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { parseId } from '../../domain/ids.js';
import { STEP_NAVIGATION, type StepNavigation } from '../../services/requests/save-request-step.js';
import type { ServiceDeps } from '../../services/deps.js';
import { coverOverview } from '../../services/cover/cover-overview.js';
import { messageCard, type AdaptiveCard } from '../cards/card.js';
import { accessEndedAdvice, helpCard, unknownUserAdvice, whoamiCard } from '../cards/welcome.js';
import { refuseDeactivated } from '../../services/staff/standing.js';
import { actorOf, identityOf, turnRegistration } from '../turn.js';

export interface CardActionTurn {
  context: TurnContext;
  actor: Actor;
  /** Untrusted: whatever the card (or a forger) sent. Validate every field. */
  data: Record<string, unknown>;
}

/** The version a card was drawn from; card data is untrusted, so anything but a positive whole number is refused. */
export function cardVersion(data: Record<string, unknown>): number {
  const version = parseId(data.version);
  if (version === undefined || version < 1) throw new AppError(ErrorCodes.INVALID_INPUT);
  return version;
}

/** Which form button was pressed; an unknown value is treated as Save, which moves nowhere. */
export function cardNavigation(data: Record<string, unknown>): StepNavigation {
  return (STEP_NAVIGATION as readonly unknown[]).includes(data.nav) ? (data.nav as StepNavigation) : 'save';
}

/** A card button's handler returns the card that replaces the clicked one. */
export interface CardAction {
  verb: string;
  handle(turn: CardActionTurn): Promise<AdaptiveCard>;
  /**
   * Draws the clicked card again with the refusal on it (an old approval card says who decided), instead
   * of replacing it with a bare message; undefined falls back to the message.
   */
  onRefusal?(turn: CardActionTurn, refusal: AppError): Promise<AdaptiveCard | undefined>;
}

export function coreCardActions(deps: ServiceDeps): CardAction[] {
  return [
    { verb: 'help.show', handle: async ({ actor }) => helpCard(deps.config.PRODUCT_NAME, actor) },
    { verb: 'whoami.show', handle: async ({ context, actor }) => whoamiCard(actor, turnRegistration(context), (await coverOverview(deps, actor))) },
  ];
}

/**
 * Runs a card action with the checks every click needs: the clicker is identified from the activity
 * (never from card data), refusals become a card that says why, and unexpected failures are logged
 * without the card's content and answered politely, so Teams always gets an answer quickly.
 */
export async function runCardAction(
  deps: ServiceDeps,
  action: CardAction,
  context: TurnContext,
  data: unknown,
): Promise<AdaptiveCard> {
  const actor = (await actorOf(deps, context));
  if (!actor) {
    const identity = identityOf(context.activity);
    // An old card of someone their administrator deactivated: refused with why, on their council's record.
    const deactivated = (await refuseDeactivated(deps, identity, turnRegistration(context)?.councilId, { entityType: 'card_action', entityId: action.verb }));
    if (deactivated) return messageCard('Access ended', accessEndedAdvice(deactivated));
    // Someone the bot does not know pressed a button: refused, and the attempt is on the record.
    (await recordAudit(deps.db, deps.clock.now(), {
      councilId: null,
      actorStaffId: null,
      actorLabel: `unknown:${identity.aadObjectId ?? '?'}@${identity.tenantId ?? '?'}`,
      action: 'access.refused',
      entityType: 'card_action',
      entityId: action.verb,
      details: { reason: 'unknown user' },
    }));
    return messageCard('Not available', unknownUserAdvice(identity));
  }
  const safeData = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const turn = { context, actor, data: safeData };
  try {
    return await action.handle(turn);
  } catch (err) {
    if (err instanceof AppError) {
      deps.log.info({ code: err.code, verb: action.verb, staffId: actor.staffId }, 'card action refused');
      const redrawn = await action.onRefusal?.(turn, err).catch(() => undefined);
      return redrawn ?? messageCard('That did not work', err.userMessage);
    }
    deps.log.error({ err, verb: action.verb, staffId: actor.staffId }, 'card action failed');
    return messageCard('Something went wrong', 'Sorry, that did not work and nothing was changed. Please try again in a moment.');
  }
}
