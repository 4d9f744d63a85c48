import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.js';
import { clientCredentialsTokenSource, M365_IMAP_SCOPE, OAuthTokenError } from '../../src/mail/inbound/oauth-token.js';

type Reply = { status: number; body: unknown };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A stand-in for the Microsoft identity platform token endpoint, answering from a script. */
async function tokenEndpoint(replies: Reply[]): Promise<{ url: string; requests: Array<Record<string, string>> }> {
  const requests: Array<Record<string, string>> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      requests.push(Object.fromEntries(new URLSearchParams(body)));
      const reply = replies.shift() ?? { status: 500, body: {} };
      res.statusCode = reply.status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/t/oauth2/v2.0/token`, requests };
}

describe('client-credentials token source', () => {
  it('asks once with the Exchange Online scope, shares the token until a minute before expiry, then asks again', async () => {
    const endpoint = await tokenEndpoint([
      { status: 200, body: { access_token: 'token-1', expires_in: 3600, token_type: 'Bearer' } },
      { status: 200, body: { access_token: 'token-2', expires_in: '3600', token_type: 'Bearer' } },
    ]);
    const clock = fixedClock('2026-12-08T10:00:00Z');
    const tokens = clientCredentialsTokenSource({ tokenUrl: endpoint.url, clientId: 'app-1', clientSecret: 's3cret', clock });

    expect(await Promise.all([tokens.get(), tokens.get()])).toEqual(['token-1', 'token-1']);
    clock.advanceMs(3_540_000 - 1);
    expect(await tokens.get()).toBe('token-1');
    clock.advanceMs(1);
    expect(await tokens.get()).toBe('token-2');
    expect(endpoint.requests).toEqual([
      { client_id: 'app-1', client_secret: 's3cret', scope: M365_IMAP_SCOPE, grant_type: 'client_credentials' },
      { client_id: 'app-1', client_secret: 's3cret', scope: M365_IMAP_SCOPE, grant_type: 'client_credentials' },
    ]);
  });

  it('asks for a new token after invalidate (the server refused the cached one)', async () => {
    const endpoint = await tokenEndpoint([
      { status: 200, body: { access_token: 'token-1', expires_in: 3600 } },
      { status: 200, body: { access_token: 'token-2', expires_in: 3600 } },
    ]);
    const tokens = clientCredentialsTokenSource({ tokenUrl: endpoint.url, clientId: 'app-1', clientSecret: 's3cret' });
    expect(await tokens.get()).toBe('token-1');
    tokens.invalidate();
    expect(await tokens.get()).toBe('token-2');
  });

  it("surfaces Entra's error code, never the secret, and recovers on the next call", async () => {
    const endpoint = await tokenEndpoint([
      {
        status: 401,
        body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1' },
      },
      { status: 200, body: { access_token: 'token-1', expires_in: 3600 } },
    ]);
    const tokens = clientCredentialsTokenSource({ tokenUrl: endpoint.url, clientId: 'app-1', clientSecret: 's3cret' });
    const err = await tokens.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthTokenError);
    expect(err).toMatchObject({ code: 'IMAP_OAUTH_TOKEN_FAILED' });
    expect((err as Error).message).toBe('OAuth2 token request refused (invalid_client: AADSTS7000215: Invalid client secret provided.)');
    expect((err as Error).message).not.toContain('s3cret');
    expect(await tokens.get()).toBe('token-1');
  });

  it('reports an unreachable endpoint with the stable code', async () => {
    const endpoint = await tokenEndpoint([]);
    await cleanups.pop()!();
    const tokens = clientCredentialsTokenSource({ tokenUrl: endpoint.url, clientId: 'app-1', clientSecret: 's3cret', timeoutMs: 2_000 });
    await expect(tokens.get()).rejects.toMatchObject({ code: 'IMAP_OAUTH_TOKEN_FAILED', message: expect.stringContaining('unreachable') });
  });
});
