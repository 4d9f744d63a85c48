import type { Request, Response } from 'express';
import type { Activity } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type ClaimsIdentity } from 'botframework-connector';
import { registrationForAppId, type BotRegistration } from '../services/councils/bot-registrations.js';
import { refuseForeignTenant } from '../services/councils/refuse-foreign-tenant.js';
import type { ServiceDeps } from '../services/deps.js';
import type { TeamsBot } from './app.js';
import { readIncomingActivity } from './incoming-activity.js';
import { setTurnRegistration } from './turn.js';

/** What a refused caller is told: the status's name, nothing about why (that goes to the log). */
const PUBLIC_ERRORS: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'Request failed',
  503: 'Service unavailable',
};

const JWT_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/** 401 for a token that does not verify; 503 when the signing keys could not be fetched; 500 for our own failures. */
function authFailureStatus(err: unknown): 401 | 500 | 503 {
  if (err instanceof AuthenticationError) return err.statusCode >= 500 ? 503 : 401;
  if (err instanceof Error && JWT_ERRORS.has(err.name)) return 401;
  if (err instanceof Error && err.name === 'FetchError') return 503;
  return 500;
}

/** The app id the verified token was issued for: `aud` from a channel, `appid` from the emulator. */
function appIdOf(identity: ClaimsIdentity): string | undefined {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? undefined;
}

/** Every tenant the activity names (conversation, channel data, token): all must be the registration's. */
function tenantsClaimed(activity: Activity, identity: ClaimsIdentity): Array<string | undefined> {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: unknown } };
  const claimed = [activity.conversation?.tenantId, typeof channelData.tenant?.id === 'string' ? channelData.tenant.id : undefined];
  const tokenTenant = identity.getClaimValue('tid');
  return tokenTenant ? [...claimed, tokenTenant] : claimed;
}

function fromRegistrationTenant(registration: BotRegistration, tenants: Array<string | undefined>): boolean {
  const named = tenants.filter((t): t is string => typeof t === 'string' && t !== '');
  return named.length > 0 && named.every((t) => t.toLowerCase() === registration.tenantId);
}

/**
 * POST /api/messages. In order: the body must be an activity (400), its token must verify against one of
 * the registrations (401), the activity must come from that registration's tenant (403, audited); then
 * the turn runs knowing its registration, hence its council. Each refusal is one log line and a generic
 * answer; no internal error text ever reaches the caller. Express must parse JSON first.
 */
export function botRequestHandler(bot: TeamsBot, deps: ServiceDeps) {
  return async (req: Request, res: Response) => {
    const refuse = (status: number, reason: string, extra: Record<string, unknown> = {}) => {
      deps.log.info({ status, reason, ...extra }, 'bot request refused');
      res.status(status).json({ error: PUBLIC_ERRORS[status] ?? 'Request refused' });
    };

    const incoming = readIncomingActivity(req.get('content-type'), req.body);
    if (!incoming.ok) return refuse(400, 'malformed activity', { detail: incoming.reason });
    const activity = incoming.activity;

    let auth: Awaited<ReturnType<TeamsBot['adapter']['authenticate']>>;
    try {
      auth = await bot.adapter.authenticate(activity, req.get('authorization') ?? '');
    } catch (err) {
      const status = authFailureStatus(err);
      if (status === 500) {
        deps.log.error({ err }, 'bot request authentication failed unexpectedly');
        res.status(500).json({ error: PUBLIC_ERRORS[500] });
        return;
      }
      return refuse(status, status === 503 ? 'token signing keys unavailable' : 'token not accepted', {
        detail: err instanceof Error ? err.message.split('\n')[0]!.slice(0, 160) : undefined,
      });
    }

    let registration: BotRegistration | undefined;
    if (!bot.anonymous) {
      const appId = appIdOf(auth.claimsIdentity);
      registration = appId ? (await registrationForAppId(deps, appId)) : undefined;
      if (!registration) return refuse(401, 'registration no longer active', { appId });
      const tenants = tenantsClaimed(activity, auth.claimsIdentity);
      if (!fromRegistrationTenant(registration, tenants)) {
        const activityTenantId = tenants.find((t) => t && t.toLowerCase() !== registration!.tenantId) ?? undefined;
        (await refuseForeignTenant(deps, { registration, activityTenantId, aadObjectId: activity.from?.aadObjectId, activityType: activity.type }));
        return refuse(403, 'activity from another tenant', { appId, councilId: registration.councilId });
      }
    }

    try {
      const invokeResponse = await bot.adapter.runVerified(auth, activity, async (context) => {
        setTurnRegistration(context, registration);
        await bot.app.run(context);
      });
      res.status(invokeResponse?.status ?? 200);
      if (invokeResponse?.body !== undefined) res.json(invokeResponse.body);
      else res.end();
    } catch (err) {
      deps.log.error({ err, activityType: activity.type }, 'bot turn failed');
      if (!res.headersSent) res.status(500).json({ error: PUBLIC_ERRORS[500] });
    }
  };
}
