import { systemClock, type Clock } from '../../domain/clock.js';

/**
 * App-only access tokens for Exchange Online IMAP (XOAUTH2), from the Microsoft identity platform's
 * client-credentials grant. A service reading a shared mailbox has no user to sign in, so it asks
 * for a token as the Entra app itself. The tenant must have:
 *   - an app registration with the application permission Office 365 Exchange Online >
 *     IMAP.AccessAsApp, admin consent granted, and a client secret;
 *   - that app registered in Exchange Online (`New-ServicePrincipal -AppId <client id> -ObjectId
 *     <enterprise application object id>`) and given the mailbox
 *     (`Add-MailboxPermission -Identity <IMAP_USER> -User <service principal id> -AccessRights FullAccess`).
 * Then IMAP_HOST=outlook.office365.com, IMAP_PORT=993, IMAP_SECURE=true, IMAP_USER=<the mailbox>.
 */

/** Client-credentials scope for Exchange Online IMAP/POP/SMTP. */
export const M365_IMAP_SCOPE = 'https://outlook.office365.com/.default';

export class OAuthTokenError extends Error {
  readonly code = 'IMAP_OAUTH_TOKEN_FAILED';
}

export interface AccessTokenSource {
  /** A token valid for at least the safety margin; fetched once and shared until then. */
  get(): Promise<string>;
  /** Forget the cached token (the server refused it), so the next `get` asks for a new one. */
  invalidate(): void;
}

export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  clock?: Clock;
  timeoutMs?: number;
}

/** Renew a little before expiry, so a login never starts with a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;
const DEFAULT_LIFETIME_S = 3600;

export function clientCredentialsTokenSource(options: ClientCredentialsOptions): AccessTokenSource {
  const clock = options.clock ?? systemClock;
  let current: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<string> {
    let response: Response;
    try {
      response = await fetch(options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: options.clientId,
          client_secret: options.clientSecret,
          scope: options.scope ?? M365_IMAP_SCOPE,
          grant_type: 'client_credentials',
        }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      throw new OAuthTokenError(`OAuth2 token endpoint unreachable (${err instanceof Error ? err.message : String(err)})`);
    }
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
    if (!response.ok || typeof body.access_token !== 'string' || body.access_token === '') {
      // Entra's error codes (AADSTS…) are safe to surface; the secret never appears in them.
      const reason =
        typeof body.error === 'string'
          ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description.split(/\r?\n/)[0]}` : ''}`
          : `HTTP ${response.status}`;
      throw new OAuthTokenError(`OAuth2 token request refused (${reason})`);
    }
    const lifetimeS = Number(body.expires_in) > 0 ? Number(body.expires_in) : DEFAULT_LIFETIME_S;
    current = { token: body.access_token, expiresAt: clock.now().getTime() + Math.max(lifetimeS * 1000 - EXPIRY_MARGIN_MS, 0) };
    return current.token;
  }

  return {
    get() {
      if (current && current.expiresAt > clock.now().getTime()) return Promise.resolve(current.token);
      pending ??= request().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      current = undefined;
    },
  };
}
