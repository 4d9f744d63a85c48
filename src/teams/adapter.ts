import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { AuthenticateRequestResult } from 'botframework-connector';
import { isAnonymousMode } from '../config.js';
import type { ServiceDeps } from '../services/deps.js';
import { botFrameworkSettings, CouncilRegistrationsCredentialsFactory } from './bot-auth.js';

/**
 * The CloudAdapter with its two halves apart, so the HTTP endpoint decides every status itself: first
 * botbuilder's own verification of the token (signature against the OpenID keys, issuer, audience
 * through the credentials factory, lifetime, endorsements, service URL), then — after the endpoint has
 * matched the registration and the tenant — the turn.
 */
export class PlacementDeskAdapter extends TeamsAdapter {
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  runVerified(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/**
 * Verifies every incoming token against the registrations (councils' and the environment's), unless
 * the config allows anonymous local traffic (dev mode on loopback, no BOT_ID).
 */
export function createAdapter(deps: ServiceDeps): PlacementDeskAdapter {
  const anonymous = isAnonymousMode(deps.config);
  return new PlacementDeskAdapter(botFrameworkSettings(deps.config), new CouncilRegistrationsCredentialsFactory(deps, anonymous));
}
