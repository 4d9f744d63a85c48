import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (port 0) that keeps what it receives, for tests of outgoing mail.
 * `refuse` lets a test make it answer like a real server in trouble (421, 451, 550…) at any stage.
 */

export interface ReceivedMail {
  raw: Buffer;
  parsed: ParsedMail;
  envelope: { from: string; to: string[] };
  user: string | undefined;
}

export type SmtpStage = 'connect' | 'mailFrom' | 'rcptTo' | 'data';

export interface TestSmtpOptions {
  /** Return an SMTP reply (code and text) to refuse at that stage, or undefined to accept. */
  refuse?: (stage: SmtpStage, detail: { address?: string; count: number }) => { code: number; text: string } | undefined;
  /** Require a login with these methods (default: none required). */
  authMethods?: SMTPServerOptions['authMethods'];
  onAuth?: (auth: SMTPServerAuthentication) => boolean;
  /** Listen on this port (default: any free one), e.g. to come back on the same port after an outage. */
  port?: number;
  /** Wait this long before accepting each message, as a busy relay does (keeps deliveries in flight longer). */
  acceptDelayMs?: number;
}

export interface TestSmtp {
  port: number;
  received: ReceivedMail[];
  /** How many times each stage was reached (a retry test counts attempts with it). */
  counts: Record<SmtpStage, number>;
  close(): Promise<void>;
}

function smtpError(reply: { code: number; text: string }): Error {
  return Object.assign(new Error(reply.text), { responseCode: reply.code });
}

export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const counts: Record<SmtpStage, number> = { connect: 0, mailFrom: 0, rcptTo: 0, data: 0 };
  const refusal = (stage: SmtpStage, address?: string) => {
    counts[stage] += 1;
    return options.refuse?.(stage, { address, count: counts[stage] });
  };

  const server = new SMTPServer({
    disableReverseLookup: true,
    secure: false,
    disabledCommands: options.authMethods ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authMethods: options.authMethods,
    authOptional: !options.authMethods,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.onAuth?.(auth) ?? true) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication unsuccessful'), { responseCode: 535 }));
    },
    onConnect(_session, callback) {
      const r = refusal('connect');
      callback(r ? smtpError(r) : undefined);
    },
    onMailFrom(address, _session, callback) {
      const r = refusal('mailFrom', address.address);
      callback(r ? smtpError(r) : undefined);
    },
    onRcptTo(address, _session, callback) {
      const r = refusal('rcptTo', address.address);
      callback(r ? smtpError(r) : undefined);
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const r = refusal('data');
        if (r) return callback(smtpError(r));
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const accept = () => {
              received.push({
                raw,
                parsed,
                envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((a) => a.address) },
                user: typeof session.user === 'string' ? session.user : undefined,
              });
              callback();
            };
            // Counted as received when it is accepted (the 250), as a real relay would queue it.
            if (options.acceptDelayMs) setTimeout(accept, options.acceptDelayMs);
            else accept();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client killed mid-session (the SIGKILL tests) resets its connection, which smtp-server reports here;
  // a real relay notes it and serves on, instead of failing the test process with an uncaught ECONNRESET.
  server.on('error', () => undefined);
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
