import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';

/**
 * Outgoing mail over SMTP (nodemailer, pooled). Sending is behind `Mailer` so the outbox and services
 * can be tested without a server, and every failure comes out as a `MailDeliveryError` whose `code`
 * tells the outbox what to do:
 *
 * - SMTP_UNAVAILABLE: try again later. The server could not be reached, timed out, refused the login
 *   or TLS, or answered 4xx (greylisting, 421 "service not available", 451 "try later"). Login and TLS
 *   failures are here although the server answers 5xx: they are the same for every message and an
 *   operator can fix them, so the messages must wait rather than be given up.
 * - SMTP_REJECTED: retrying will not help. The server answered 5xx to this message's sender, recipient
 *   or content (550 "no such user", 552 "too big"), or the message itself is unusable.
 *
 * Bodies are never logged: only Message-IDs, recipient counts and SMTP status.
 *
 * Authentication: none, SMTP_USER + SMTP_PASSWORD, or Microsoft 365 OAuth2 (XOAUTH2) when the
 * SMTP_OAUTH2_* keys are set. For Microsoft 365 the service has no user to sign in, so it uses the
 * client-credentials grant (scope https://outlook.office365.com/.default), which nodemailer cannot do
 * itself: a `provisionCallback` fetches and caches the app token. The tenant must have:
 *   - an Entra app registration with the application permission Office 365 Exchange Online >
 *     SMTP.SendAsApp, admin consent granted, and a client secret;
 *   - that app registered in Exchange Online (`New-ServicePrincipal -AppId <client id> -ObjectId
 *     <enterprise application object id>`) and allowed on the sending mailbox
 *     (`Add-MailboxPermission -Identity <SMTP_USER> -User <service principal id> -AccessRights FullAccess`);
 *   - SMTP AUTH enabled for that mailbox.
 * Then SMTP_HOST=smtp.office365.com, SMTP_PORT=587, SMTP_SECURE=false, SMTP_REQUIRE_TLS=true,
 * SMTP_USER=<the mailbox>, and MAIL_FROM on that mailbox's address.
 */

export interface OutgoingMail {
  from: string;
  to: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** With angle brackets, e.g. '<referral.42.9f3c…@reply.example.org>': we generate it and keep it. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
}

export interface SendResult {
  messageId: string;
  accepted: string[];
  /** Recipients the server refused while accepting others (all refused is an error instead). */
  rejected: string[];
}

export interface Mailer {
  send(message: OutgoingMail): Promise<SendResult>;
  close(): Promise<void>;
}

export const MAIL_ERROR_CODES = ['SMTP_UNAVAILABLE', 'SMTP_REJECTED'] as const;
export type MailErrorCode = (typeof MAIL_ERROR_CODES)[number];

export class MailDeliveryError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: MailErrorCode,
    message: string,
    /** The SMTP reply code (421, 550…) when the server gave one. */
    readonly smtpCode: number | undefined,
    /** The SMTP stage that failed: 'CONN', 'AUTH XOAUTH2', 'MAIL FROM', 'RCPT TO', 'DATA'… */
    readonly command: string | undefined,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
    this.retryable = code === 'SMTP_UNAVAILABLE';
  }
}

/** A configuration that cannot work (half-set OAuth2): found when the mailer is built, not at the first send. */
export class MailerConfigError extends Error {
  readonly code = 'SMTP_CONFIG_INVALID';
}

export type SmtpConfig = Pick<
  Config,
  | 'SMTP_HOST'
  | 'SMTP_PORT'
  | 'SMTP_SECURE'
  | 'SMTP_REQUIRE_TLS'
  | 'SMTP_USER'
  | 'SMTP_PASSWORD'
  | 'SMTP_OAUTH2_CLIENT_ID'
  | 'SMTP_OAUTH2_CLIENT_SECRET'
  | 'SMTP_OAUTH2_TENANT_ID'
>;

export interface SmtpMailerOptions {
  /** OAuth2 token endpoint; defaults to the tenant's Microsoft identity platform v2 endpoint. Tests point it at a local server. */
  tokenUrl?: string;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  maxConnections?: number;
}

/** Client-credentials scope for Exchange Online SMTP AUTH (the app needs SMTP.SendAsApp and mailbox permission). */
export const M365_SMTP_SCOPE = 'https://outlook.office365.com/.default';
const TOKEN_REQUEST_TIMEOUT_MS = 15_000;
/** Renew a little before the token expires, so a send never starts with a token about to lapse. */
const TOKEN_EXPIRY_MARGIN_MS = 60_000;

export function microsoftTokenUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

export function createSmtpMailer(config: SmtpConfig, log: Logger, options: SmtpMailerOptions = {}): Mailer {
  const makeTransport = () =>
    nodemailer.createTransport({
      pool: true,
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      requireTLS: config.SMTP_REQUIRE_TLS,
      auth: smtpAuth(config, log, options),
      maxConnections: options.maxConnections ?? 3,
      connectionTimeout: options.connectionTimeoutMs ?? 30_000,
      greetingTimeout: options.greetingTimeoutMs ?? 30_000,
      socketTimeout: options.socketTimeoutMs ?? 60_000,
      // nodemailer's own logger would print SMTP traffic, bodies included.
      logger: false,
      debug: false,
      getSocket: noDelaySocket(config.SMTP_HOST, config.SMTP_PORT, options.connectionTimeoutMs ?? 30_000),
    } satisfies SMTPPool.Options);
  let transport = makeTransport();

  /**
   * The server cannot be reached: nodemailer's pool would keep the messages queued behind the failed
   * connection until the server is back (the sends never settle). Closing it fails those queued messages at
   * once (they were never sent), so each is retried on its own schedule; the next send gets a fresh pool.
   */
  const replaceBrokenPool = (broken: typeof transport) => {
    if (transport !== broken) return;
    transport = makeTransport();
    broken.close();
  };

  return {
    async send(message) {
      const used = transport;
      let info: SMTPPool.SentMessageInfo;
      try {
        info = await used.sendMail({
          from: message.from,
          to: message.to,
          replyTo: message.replyTo,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          inReplyTo: message.inReplyTo,
          references: message.references,
          headers: message.headers,
          // Our mail is English text: quoted-printable, which nodemailer would pick anyway after counting every
          // letter of the body with a regular expression (most of the MIME build's time, measured by the bench).
          textEncoding: 'quoted-printable',
        });
      } catch (err) {
        const failure = classifySmtpError(err);
        if (failure.code === 'SMTP_UNAVAILABLE' && failure.smtpCode === undefined) replaceBrokenPool(used);
        log.warn(
          { messageId: message.messageId, recipients: message.to.length, code: failure.code, smtpCode: failure.smtpCode, command: failure.command },
          'SMTP send failed',
        );
        throw failure;
      }
      const result: SendResult = {
        messageId: info.messageId || message.messageId,
        accepted: info.accepted.map(addressText),
        rejected: info.rejected.map(addressText),
      };
      if (result.rejected.length) {
        log.warn({ messageId: result.messageId, accepted: result.accepted.length, rejected: result.rejected.length }, 'SMTP refused some recipients');
      } else {
        log.info({ messageId: result.messageId, recipients: result.accepted.length }, 'mail sent');
      }
      return result;
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * nodemailer never turns off Nagle's algorithm, so the end of every message waits for the server's
 * delayed ACK (~40 ms a message: measured by `npm run bench`). We open the TCP connection ourselves with
 * TCP_NODELAY and hand it over; nodemailer still does TLS (implicit or STARTTLS) on top of it.
 */
function noDelaySocket(host: string, port: number, timeoutMs: number): SMTPPool.Options['getSocket'] {
  return (_options, callback) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      callback(err, undefined as never);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', fail);
      callback(null, { connection: socket });
    });
  };
}

/** Turns whatever nodemailer threw into a MailDeliveryError with a stable code. */
export function classifySmtpError(err: unknown): MailDeliveryError {
  if (err instanceof MailDeliveryError) return err;
  const e = (err ?? {}) as { message?: unknown; code?: unknown; responseCode?: unknown; command?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const type = typeof e.code === 'string' ? e.code : undefined;
  const smtpCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command : undefined;

  let code: MailErrorCode;
  if (type === 'EAUTH' || type === 'ETLS') code = 'SMTP_UNAVAILABLE';
  else if (smtpCode !== undefined && smtpCode >= 400 && smtpCode < 500) code = 'SMTP_UNAVAILABLE';
  else if (smtpCode !== undefined && smtpCode >= 500) code = 'SMTP_REJECTED';
  // No reply code: the message or its envelope was refused before reaching the server (bad address, too big).
  else if (type === 'EENVELOPE' || type === 'EMESSAGE') code = 'SMTP_REJECTED';
  // Connection refused, DNS, timeouts, dropped sockets, protocol garbage: the server, not the message.
  else code = 'SMTP_UNAVAILABLE';
  return new MailDeliveryError(code, message, smtpCode, command);
}

function addressText(a: string | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}

function smtpAuth(config: SmtpConfig, log: Logger, options: SmtpMailerOptions): SMTPPool.Options['auth'] {
  const oauth = [config.SMTP_OAUTH2_CLIENT_ID, config.SMTP_OAUTH2_CLIENT_SECRET, config.SMTP_OAUTH2_TENANT_ID];
  if (oauth.some((v) => v !== undefined)) {
    const [clientId, clientSecret, tenantId] = oauth;
    if (!clientId || !clientSecret || !tenantId || !config.SMTP_USER) {
      throw new MailerConfigError(
        'SMTP OAuth2 needs SMTP_USER, SMTP_OAUTH2_CLIENT_ID, SMTP_OAUTH2_CLIENT_SECRET and SMTP_OAUTH2_TENANT_ID together',
      );
    }
    const tokenUrl = options.tokenUrl ?? microsoftTokenUrl(tenantId);
    const tokens = clientCredentialsTokenCache(() => requestClientCredentialsToken(tokenUrl, clientId, clientSecret));
    return {
      type: 'OAuth2',
      user: config.SMTP_USER,
      clientId,
      clientSecret,
      accessUrl: tokenUrl,
      // nodemailer can only refresh a user's token (refresh_token grant). A service has no user to sign
      // in, so it takes an app-only token with the client-credentials grant. nodemailer asks again with
      // renew=true when the server refuses a token.
      provisionCallback: (_user, renew, callback) => {
        tokens.get(renew).then(
          ({ accessToken, expires }) => callback(null, accessToken, expires),
          (err: unknown) => {
            log.warn({ err }, 'SMTP OAuth2 token request failed');
            callback(err instanceof Error ? err : new Error(String(err)), '', 0);
          },
        );
      },
    };
  }
  if (config.SMTP_USER && config.SMTP_PASSWORD) return { user: config.SMTP_USER, pass: config.SMTP_PASSWORD };
  if (config.SMTP_PASSWORD) throw new MailerConfigError('SMTP_PASSWORD is set without SMTP_USER');
  return undefined;
}

interface AccessToken {
  accessToken: string;
  /** Epoch milliseconds, already shortened by the safety margin. */
  expires: number;
}

/**
 * Each pooled connection gets its own nodemailer OAuth2 object, so without a shared cache every new
 * connection would fetch a token of its own. One request at a time; a refused token forces a new one.
 */
function clientCredentialsTokenCache(request: () => Promise<AccessToken>) {
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  return {
    get(renew: boolean): Promise<AccessToken> {
      if (!renew && current && current.expires > Date.now()) return Promise.resolve(current);
      pending ??= request()
        .then((token) => (current = token))
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
}

async function requestClientCredentialsToken(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
): Promise<AccessToken> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, scope: M365_SMTP_SCOPE, grant_type: 'client_credentials' }),
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') {
    // Entra's error codes (AADSTS…) are safe to surface; the secret never appears in them.
    const reason = typeof body.error === 'string' ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description.split('\n')[0]}` : ''}` : `HTTP ${response.status}`;
    throw new Error(`OAuth2 token request refused (${reason})`);
  }
  const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in) || 3600) * 1000;
  return { accessToken: body.access_token, expires: Date.now() + Math.max(lifetimeMs - TOKEN_EXPIRY_MARGIN_MS, 0) };
}
