import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer } from 'smtp-server';
import type { Logger } from '../logger.js';
import { savedMailFileName, sentMailDir } from './mail-store.js';

/**
 * The mail server of `npm run dev`: accepts everything on 127.0.0.1 and keeps each message as an .eml
 * file (see mail-store.ts), so the whole call-off runs on one machine with no mail account.
 * Loopback only, no TLS, any login or none: never a real mail server.
 */

export interface EmbeddedSmtp {
  port: number;
  close(): Promise<void>;
}

export interface EmbeddedSmtpOptions {
  /** 0 picks a free port. */
  port: number;
  storeDir: string;
  log: Logger;
}

const MAX_MESSAGE_BYTES = 30 * 1024 * 1024;

export async function startEmbeddedSmtp({ port, storeDir, log }: EmbeddedSmtpOptions): Promise<EmbeddedSmtp> {
  const dir = sentMailDir(storeDir);
  await mkdir(dir, { recursive: true });

  const server = new SMTPServer({
    name: 'placement-desk.localhost',
    banner: 'Placement Desk dev mail (messages are saved, never delivered)',
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    // A developer's .env may carry real SMTP credentials; accept any login so dev never needs them.
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'dev' }),
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      const file = savedMailFileName(new Date());
      const partial = join(dir, `.${file}.part`);
      // Written under a hidden name, then renamed: a listing never sees half a message.
      pipeline(stream, createWriteStream(partial, { flags: 'wx' }))
        .then(async () => {
          if (stream.sizeExceeded) {
            await rm(partial, { force: true });
            callback(Object.assign(new Error('Message too large for the dev mail store'), { responseCode: 552 }));
            return;
          }
          await rename(partial, join(dir, file));
          log.info({ file, recipients: session.envelope.rcptTo.length }, 'dev mail saved');
          callback();
        })
        .catch(async (err: unknown) => {
          await rm(partial, { force: true }).catch(() => undefined);
          log.warn({ err }, 'dev mail could not be saved');
          callback(Object.assign(new Error('Could not save the message'), { responseCode: 451 }));
        });
    },
  });
  server.on('error', (err) => log.warn({ err }, 'dev SMTP server error'));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  log.info({ port: actualPort, dir }, 'dev SMTP server listening');

  return {
    port: actualPort,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
