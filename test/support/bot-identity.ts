import { generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';

/**
 * Microsoft's side of Bot Framework authentication, run locally: an OpenID metadata document and JWKS
 * whose RSA key is made when the issuer starts (the Bot Connector's signing key), a signer for the
 * tokens the channel sends to the bot, and an Entra-like client-credentials token endpoint
 * (`/<tenant>/oauth2/v2.0/token`) for the bot's own tokens. Nothing of botbuilder is replaced: the bot is
 * pointed at these URLs through its configuration.
 */

export const CHANNEL_ISSUER = 'https://api.botframework.com';
export const CONNECTOR_AUDIENCE = 'https://api.botframework.com';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKey, publicKey };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A compact JWS, RS256 unless told otherwise ("none" makes an unsigned token). */
export function signJwt(payload: Record<string, unknown>, key: SigningKey | { kid: string; privateKey: KeyObject }, alg: 'RS256' | 'none' = 'RS256'): string {
  const header = b64url(JSON.stringify({ alg, typ: 'JWT', kid: key.kid, x5t: key.kid }));
  const body = b64url(JSON.stringify(payload));
  if (alg === 'none') return `${header}.${body}.`;
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${body}`), key.privateKey);
  return `${header}.${body}.${b64url(signature)}`;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, any> } {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h!, 'base64url').toString()), payload: JSON.parse(Buffer.from(p!, 'base64url').toString()) };
}

export interface ChannelTokenOptions {
  /** The bot's app id the token is for (`aud`). */
  appId: string;
  serviceUrl: string;
  issuer?: string;
  /** Seconds from now; negative for a token that has expired. */
  expiresIn?: number;
  notBefore?: number;
  /** Sign with another key than the published one (same kid): a forged signature. */
  forgedKey?: boolean;
  unsigned?: boolean;
  extraClaims?: Record<string, unknown>;
}

export interface TokenRequest {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** Whether the endpoint issued a token (the secret was the app's current one). */
  granted: boolean;
}

export async function startBotIdentity() {
  const signing = newKey();
  /** A key published without the msteams endorsement: tokens signed with it must not be accepted from Teams. */
  const unendorsed = newKey();
  const forger = { kid: signing.kid, privateKey: newKey().privateKey };
  const tokenKey = newKey();
  /** Current client secrets, by tenant and app id: what Entra would accept. */
  const apps = new Map<string, string>();
  const tokenRequests: TokenRequest[] = [];
  const app = express();
  let url = '';

  app.get('/v1/.well-known/openidconfiguration', (_req, res) => {
    res.json({
      issuer: CHANNEL_ISSUER,
      authorization_endpoint: `${url}/v1/authorize`,
      jwks_uri: `${url}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
  });
  app.get('/v1/.well-known/keys', (_req, res) => {
    const jwk = (key: SigningKey, endorsements: string[]) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'sig', alg: 'RS256', endorsements });
    res.json({ keys: [jwk(signing, ['msteams', 'webchat']), jwk(unendorsed, ['some-other-channel'])] });
  });
  app.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), (req, res) => {
    const { client_id: clientId = '', client_secret: clientSecret = '', scope = '', grant_type: grant } = req.body as Record<string, string>;
    const tenantId = String(req.params.tenant);
    const granted = grant === 'client_credentials' && apps.get(`${tenantId}|${clientId}`) === clientSecret && clientSecret !== '';
    tokenRequests.push({ tenantId, clientId, clientSecret, scope, granted });
    if (!granted) {
      res.status(401).json({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const accessToken = signJwt(
      { aud: scope.replace(/\/\.default$/, ''), iss: `https://sts.windows.net/${tenantId}/`, tid: tenantId, appid: clientId, azp: clientId, iat: now, nbf: now, exp: now + 3600, ver: '1.0' },
      tokenKey,
    );
    res.json({ token_type: 'Bearer', expires_in: 3599, access_token: accessToken });
  });

  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    /** Config that points botbuilder at this issuer instead of Microsoft's cloud. */
    env: {
      BOT_OPENID_METADATA_URL: `${url}/v1/.well-known/openidconfiguration`,
      BOT_TOKEN_ISSUER: CHANNEL_ISSUER,
      BOT_LOGIN_URL: url,
      BOT_OAUTH_SCOPE: CONNECTOR_AUDIENCE,
    } as Record<string, string>,
    tokenRequests,
    /** Registers (or rotates) an app's client secret in its tenant; the previous secret stops working. */
    setAppSecret(tenantId: string, appId: string, secret: string) {
      apps.set(`${tenantId}|${appId}`, secret);
    },
    /** The header the Bot Connector would send with an activity for `appId`. */
    channelAuthorization(options: ChannelTokenOptions): string {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        iss: options.issuer ?? CHANNEL_ISSUER,
        aud: options.appId,
        serviceurl: options.serviceUrl,
        nbf: now + (options.notBefore ?? -60),
        iat: now - 60,
        exp: now + (options.expiresIn ?? 3600),
        ...options.extraClaims,
      };
      const key = options.forgedKey ? forger : signing;
      return `Bearer ${signJwt(payload, key, options.unsigned ? 'none' : 'RS256')}`;
    },
    /** Signed with the published key that is not endorsed for Teams. */
    unendorsedAuthorization(options: ChannelTokenOptions): string {
      const now = Math.floor(Date.now() / 1000);
      return `Bearer ${signJwt({ iss: CHANNEL_ISSUER, aud: options.appId, serviceurl: options.serviceUrl, nbf: now - 60, exp: now + 3600 }, unendorsed)}`;
    },
    /** Checks a bearer token the bot sent to the connector: issued here, for the Bot Connector, still valid. */
    verifyBotToken(authorization: string | undefined): { appId: string; tenantId: string } | undefined {
      const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
      if (!token) return undefined;
      const [h, p, sig] = token.split('.');
      if (!sig || !verify('RSA-SHA256', Buffer.from(`${h}.${p}`), tokenKey.publicKey, Buffer.from(sig, 'base64url'))) return undefined;
      const { payload } = decodeJwt(token);
      if (payload.aud !== CONNECTOR_AUDIENCE || payload.exp < Date.now() / 1000) return undefined;
      return { appId: payload.appid, tenantId: payload.tid };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type BotIdentity = Awaited<ReturnType<typeof startBotIdentity>>;
