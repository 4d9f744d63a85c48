import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command.js';
import { mailListCommand } from '../../src/cli/commands/mail-list.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { messageIdFor, parseReplyAddress, replyAddress } from '../../src/domain/reply-token.js';
import { startEmbeddedSmtp } from '../../src/dev/embedded-smtp.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { buildReferralEmail, type ReferralEmailView } from '../../src/mail/outbound/referral-email.js';
import {
  M365_SMTP_SCOPE,
  MailDeliveryError,
  MailerConfigError,
  createSmtpMailer,
  microsoftTokenUrl,
  type Mailer,
  type OutgoingMail,
  type SmtpConfig,
} from '../../src/mail/outbound/mailer.js';
import { startTestSmtp, type TestSmtp, type TestSmtpOptions } from '../support/test-smtp-server.js';

const SECRET = 'integration-reply-secret-0123456789abcdef';
const DOMAIN = 'reply.westbay.example';
const SECTION_B = 'Finds transitions hard; uses a visual timetable and needs a calm space.';

const view: ReferralEmailView = {
  councilName: 'Westbay Council',
  requestReference: 'PR-2026-0042',
  providerName: 'Heron Bank School',
  contactName: 'Admissions',
  childInitials: 'JS',
  age: 9,
  yearGroup: 'Year 4',
  sex: 'female',
  primaryNeed: 'ASD',
  secondaryNeeds: ['SLCN'],
  sectionB: SECTION_B,
  sectionE: 'Communicate needs with a visual system.',
  sectionF: 'Small class, daily speech and language therapy.',
  lot: 1,
  requiredStartDate: '2027-01-04',
  postcodeDistrict: 'WA7',
  riskFlags: ['Absconding'],
  responseDeadline: '2026-12-11',
  officerName: 'Priya Patel',
  productName: 'Placement Desk',
};

/** Everything the logger wrote, to prove no body, subject or child detail reaches it. */
function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger('debug', { write: (s: string) => void lines.push(s) }), lines };
}

function smtpConfig(port: number, extra: Partial<SmtpConfig> = {}): SmtpConfig {
  return { SMTP_HOST: '127.0.0.1', SMTP_PORT: port, SMTP_SECURE: false, SMTP_REQUIRE_TLS: false, ...extra };
}

function referralMail(referralId: number, to = ['admissions@heronbank.example']): OutgoingMail {
  const built = buildReferralEmail(view);
  return {
    from: 'Westbay Placements <placements@westbay.example>',
    to,
    replyTo: replyAddress(referralId, SECRET, DOMAIN),
    subject: built.subject,
    text: built.text,
    html: built.html,
    headers: built.headers,
    messageId: messageIdFor('referral', referralId, DOMAIN, () => `r${referralId}`),
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(options?: TestSmtpOptions): Promise<TestSmtp> {
  const s = await startTestSmtp(options);
  cleanups.push(() => s.close());
  return s;
}

function mailer(port: number, log: Logger, extra: Partial<SmtpConfig> = {}, options: Parameters<typeof createSmtpMailer>[2] = {}): Mailer {
  const m = createSmtpMailer(smtpConfig(port, extra), log, { connectionTimeoutMs: 3_000, greetingTimeoutMs: 3_000, socketTimeoutMs: 5_000, ...options });
  cleanups.push(() => m.close());
  return m;
}

async function sendError(m: Mailer, message: OutgoingMail): Promise<MailDeliveryError> {
  const err = await m.send(message).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MailDeliveryError);
  return err as MailDeliveryError;
}

describe('SMTP mailer against a real SMTP server', () => {
  it('delivers the referral with our Message-ID, signed Reply-To, threading headers and both parts', async () => {
    const smtp = await server();
    const { log, lines } = capturingLogger();
    const m = mailer(smtp.port, log);

    const first = referralMail(42);
    const result = await m.send(first);
    expect(result).toEqual({ messageId: '<referral.42.r42@reply.westbay.example>', accepted: ['admissions@heronbank.example'], rejected: [] });

    const reminder: OutgoingMail = {
      ...referralMail(42),
      messageId: '<reminder.42.x1@reply.westbay.example>',
      inReplyTo: first.messageId,
      references: [first.messageId],
    };
    await m.send(reminder);

    expect(smtp.received).toHaveLength(2);
    const [got, gotReminder] = smtp.received.map((r) => r.parsed);
    expect(got!.messageId).toBe('<referral.42.r42@reply.westbay.example>');
    expect(got!.subject).toBe('Referral PR-2026-0042: placement request (Lot 1, ASD) – reply by Friday 11 December 2026');
    expect(got!.from?.value[0]).toEqual({ address: 'placements@westbay.example', name: 'Westbay Placements' });
    expect(got!.to && !Array.isArray(got!.to) ? got!.to.value.map((a) => a.address) : []).toEqual(['admissions@heronbank.example']);
    const replyTo = got!.replyTo?.value[0]?.address ?? '';
    expect(parseReplyAddress(replyTo, SECRET, DOMAIN)).toEqual({ referralId: 42 });
    expect(got!.headers.get('x-placement-desk-reference')).toBe('PR-2026-0042');
    expect(got!.text).toContain('Initials: JS');
    expect(got!.text).toContain(SECTION_B);
    expect(got!.text).toContain('Weekly fee (£):');
    expect(typeof got!.html === 'string' ? got!.html : '').toContain('<h2 style="font-size: 18px; margin: 0 0 10px 0;">How to reply</h2>');
    expect(smtp.received[0]!.raw.toString()).toMatch(/Content-Type: multipart\/alternative/i);

    expect(gotReminder!.inReplyTo).toBe(first.messageId);
    expect(gotReminder!.references).toBe(first.messageId);

    const logged = lines.join('');
    expect(logged).toContain('<referral.42.r42@reply.westbay.example>');
    for (const secret of [SECTION_B, 'PR-2026-0042', 'Initials', 'JS']) expect(logged).not.toContain(secret);
  });

  it('treats 421 at connection and 451 for a recipient as temporary (SMTP_UNAVAILABLE), then recovers', async () => {
    const busy = await server({ refuse: (stage) => (stage === 'connect' ? { code: 421, text: 'Service not available, try later' } : undefined) });
    const e421 = await sendError(mailer(busy.port, capturingLogger().log), referralMail(1));
    expect(e421).toMatchObject({ code: 'SMTP_UNAVAILABLE', retryable: true, smtpCode: 421 });

    const greylist = await server({ refuse: (stage, d) => (stage === 'rcptTo' && d.count === 1 ? { code: 451, text: '4.7.1 Greylisted, try again' } : undefined) });
    const m = mailer(greylist.port, capturingLogger().log);
    const e451 = await sendError(m, referralMail(2));
    expect(e451).toMatchObject({ code: 'SMTP_UNAVAILABLE', retryable: true, smtpCode: 451, command: 'RCPT TO' });
    expect(greylist.received).toHaveLength(0);

    // The same pooled mailer delivers once the server accepts again.
    await expect(m.send(referralMail(2))).resolves.toMatchObject({ accepted: ['admissions@heronbank.example'] });
    expect(greylist.received).toHaveLength(1);
  });

  it('treats 550 for the recipient and 552 for the message as permanent (SMTP_REJECTED)', async () => {
    const noUser = await server({ refuse: (stage) => (stage === 'rcptTo' ? { code: 550, text: '5.1.1 No such user' } : undefined) });
    const e550 = await sendError(mailer(noUser.port, capturingLogger().log), referralMail(3));
    expect(e550).toMatchObject({ code: 'SMTP_REJECTED', retryable: false, smtpCode: 550, command: 'RCPT TO' });

    const tooBig = await server({ refuse: (stage) => (stage === 'data' ? { code: 552, text: '5.3.4 Message too big' } : undefined) });
    const e552 = await sendError(mailer(tooBig.port, capturingLogger().log), referralMail(4));
    expect(e552).toMatchObject({ code: 'SMTP_REJECTED', smtpCode: 552 });
    expect(tooBig.received).toHaveLength(0);
  });

  it('reports recipients refused while others were accepted, without failing the send', async () => {
    const smtp = await server({ refuse: (stage, d) => (stage === 'rcptTo' && d.address === 'gone@heronbank.example' ? { code: 550, text: 'No such user' } : undefined) });
    const result = await mailer(smtp.port, capturingLogger().log).send(referralMail(5, ['admissions@heronbank.example', 'gone@heronbank.example']));
    expect(result.accepted).toEqual(['admissions@heronbank.example']);
    expect(result.rejected).toEqual(['gone@heronbank.example']);
    expect(smtp.received[0]!.envelope.to).toEqual(['admissions@heronbank.example']);
  });

  it('treats a server that is down as SMTP_UNAVAILABLE', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const err = await sendError(mailer(port, capturingLogger().log), referralMail(6));
    expect(err).toMatchObject({ code: 'SMTP_UNAVAILABLE', retryable: true, smtpCode: undefined });
  });

  it('never sends in the clear when TLS is required and the server cannot do it', async () => {
    const smtp = await server();
    const err = await sendError(mailer(smtp.port, capturingLogger().log, { SMTP_REQUIRE_TLS: true }), referralMail(9));
    expect(err).toMatchObject({ code: 'SMTP_UNAVAILABLE', command: 'STARTTLS' });
    expect(smtp.counts.mailFrom).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('logs in with user and password', async () => {
    const logins: string[] = [];
    const smtp = await server({
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (a) => {
        logins.push(`${a.method} ${a.username}`);
        return a.username === 'placements@westbay.example' && a.password === 'app-password';
      },
    });
    await mailer(smtp.port, capturingLogger().log, { SMTP_USER: 'placements@westbay.example', SMTP_PASSWORD: 'app-password' }).send(referralMail(7));
    expect(logins).toEqual(['PLAIN placements@westbay.example']);
    expect(smtp.received[0]!.user).toBe('placements@westbay.example');

    // A refused login is the same for every message and fixable by an operator: retry, do not give up.
    const err = await sendError(mailer(smtp.port, capturingLogger().log, { SMTP_USER: 'placements@westbay.example', SMTP_PASSWORD: 'wrong' }), referralMail(8));
    expect(err).toMatchObject({ code: 'SMTP_UNAVAILABLE', smtpCode: 535 });
  });

  describe('OAuth2 (Microsoft 365 client credentials, XOAUTH2)', () => {
    async function tokenServer(respond: (form: URLSearchParams) => { status: number; body: unknown }) {
      const requests: URLSearchParams[] = [];
      const http: HttpServer = createHttpServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          requests.push(form);
          const { status, body: out } = respond(form);
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
        });
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
      return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/tenant-1/oauth2/v2.0/token`, requests };
    }

    const oauthConfig: Partial<SmtpConfig> = {
      SMTP_USER: 'placements@westbay.example',
      SMTP_OAUTH2_CLIENT_ID: 'client-1',
      SMTP_OAUTH2_CLIENT_SECRET: 'client-secret-1',
      SMTP_OAUTH2_TENANT_ID: 'tenant-1',
    };

    it('takes an app token with the client-credentials grant, logs in with XOAUTH2 and reuses the token', async () => {
      const tokens = await tokenServer(() => ({ status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: 'app-token-1' } }));
      const seen: string[] = [];
      const smtp = await server({
        authMethods: ['XOAUTH2'],
        onAuth: (a) => {
          seen.push(`${a.method} ${a.username} ${a.accessToken}`);
          return a.accessToken === 'app-token-1';
        },
      });
      const m = mailer(smtp.port, capturingLogger().log, oauthConfig, { tokenUrl: tokens.url, maxConnections: 2 });
      await Promise.all([m.send(referralMail(10)), m.send(referralMail(11)), m.send(referralMail(12))]);

      expect(smtp.received).toHaveLength(3);
      expect(new Set(seen)).toEqual(new Set(['XOAUTH2 placements@westbay.example app-token-1']));
      // Two pooled connections, one token.
      expect(tokens.requests).toHaveLength(1);
      expect(Object.fromEntries(tokens.requests[0]!)).toEqual({
        client_id: 'client-1',
        client_secret: 'client-secret-1',
        scope: M365_SMTP_SCOPE,
        grant_type: 'client_credentials',
      });
    });

    it('reports a refused token request as SMTP_UNAVAILABLE (fixable configuration, so retry)', async () => {
      const tokens = await tokenServer(() => ({ status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\nTrace ID: x' } }));
      const smtp = await server({ authMethods: ['XOAUTH2'], onAuth: () => true });
      const { log, lines } = capturingLogger();
      const err = await sendError(mailer(smtp.port, log, oauthConfig, { tokenUrl: tokens.url }), referralMail(13));
      expect(err.code).toBe('SMTP_UNAVAILABLE');
      expect(err.message).toContain('invalid_client: AADSTS7000215');
      expect(lines.join('')).not.toContain('client-secret-1');
      expect(smtp.received).toHaveLength(0);
    });

    it('uses the tenant token endpoint of the Microsoft identity platform, and refuses half an OAuth2 configuration', () => {
      expect(microsoftTokenUrl('0b3c6a1e-tenant')).toBe('https://login.microsoftonline.com/0b3c6a1e-tenant/oauth2/v2.0/token');
      expect(() => createSmtpMailer(smtpConfig(25, { ...oauthConfig, SMTP_OAUTH2_TENANT_ID: undefined }), capturingLogger().log)).toThrow(MailerConfigError);
      expect(() => createSmtpMailer(smtpConfig(25, { ...oauthConfig, SMTP_USER: undefined }), capturingLogger().log)).toThrow(MailerConfigError);
      expect(() => createSmtpMailer(smtpConfig(25, { SMTP_PASSWORD: 'x' }), capturingLogger().log)).toThrow(MailerConfigError);
    });
  });
});

describe('embedded dev SMTP and mail-list', () => {
  function tempStore(): string {
    const dir = mkdtempSync(join(tmpdir(), 'placement-desk-mail-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async function runMailList(storeDir: string, args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CliContext = {
      config: loadConfig({ NODE_ENV: 'test', MAIL_STORE_DIR: storeDir }),
      db: () => {
        throw new Error('mail-list must not open the database');
      },
      log: capturingLogger().log,
      clock: systemClock,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      progress: () => undefined,
    };
    const code = await mailListCommand.run(ctx, args);
    return { code, out, err };
  }

  it('saves each message as an .eml file named by time, and mail-list lists and shows them', async () => {
    const storeDir = tempStore();
    const { log, lines } = capturingLogger();
    const dev = await startEmbeddedSmtp({ port: 0, storeDir, log });
    cleanups.push(() => dev.close());

    const m = mailer(dev.port, log, { SMTP_USER: 'someone', SMTP_PASSWORD: 'anything' });
    await m.send(referralMail(20, ['admissions@heronbank.example']));
    await new Promise((r) => setTimeout(r, 5)); // distinct timestamps in the file names
    await m.send({ ...referralMail(21, ['office@wrenhouse.example']), subject: 'Referral PR-2026-0043: second' });

    const files = readdirSync(join(storeDir, 'sent'));
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{8}\.eml$/);
    const raw = files.map((f) => readFileSync(join(storeDir, 'sent', f), 'utf8')).join('\n');
    expect(raw).toContain('Message-ID: <referral.20.r20@reply.westbay.example>');
    expect(lines.join('')).not.toContain('PR-2026');

    const list = await runMailList(storeDir, []);
    expect(list.code).toBe(0);
    expect(list.out).toHaveLength(2);
    expect(list.out[0]).toMatch(/^1 {2}\d{2} \w{3} \d{4}, \d{2}:\d{2} {2}to office@wrenhouse\.example {2}Referral PR-2026-0043: second$/);
    expect(list.out[1]).toMatch(/^2 {2}.* {2}to admissions@heronbank\.example {2}Referral PR-2026-0042: placement request \(Lot 1, ASD\) – reply by Friday 11 December 2026$/);

    const shown = await runMailList(storeDir, ['--show', '2']);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('To: admissions@heronbank.example');
    expect(shown.out).toContain(`Reply-To: ${replyAddress(20, SECRET, DOMAIN)}`);
    expect(shown.out).toContain('Message-ID: <referral.20.r20@reply.westbay.example>');
    expect(shown.out).toContain(SECTION_B);
    expect(shown.out).toContain('Weekly fee (£):');

    expect((await runMailList(storeDir, ['--show', '3'])).code).toBe(1);
    await expect(runMailList(storeDir, ['--show', 'x'])).rejects.toMatchObject({ code: 'CLI_USAGE' });
  });

  it('says so when nothing has been sent yet', async () => {
    const result = await runMailList(tempStore(), []);
    expect(result).toMatchObject({ code: 0, out: [] });
    expect(result.err[0]).toMatch(/^No saved e-mails in .*sent\.$/);
  });
});
