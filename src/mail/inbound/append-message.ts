import { ImapFlow } from 'imapflow';

/**
 * Puts a message into a mailbox over IMAP (APPEND), as if it had been delivered there. Dev mode uses
 * it to play a provider answering a referral: the reply then travels through the real reader.
 */

export interface AppendOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  raw: Buffer;
  /** INBOX unless given. */
  mailbox?: string;
  secure?: boolean;
}

export interface AppendResult {
  mailbox: string;
  /** The new message's UID, when the server reports it (UIDPLUS). */
  uid: number | null;
}

export class AppendError extends Error {
  readonly code = 'IMAP_APPEND_FAILED';
}

export async function appendToMailbox(options: AppendOptions): Promise<AppendResult> {
  const client = new ImapFlow({
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    auth: { user: options.user, pass: options.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
  });
  // A failure after connect is also emitted; without a listener it would crash the process.
  client.on('error', () => undefined);
  const mailbox = options.mailbox ?? 'INBOX';
  try {
    await client.connect();
    const appended = await client.append(mailbox, options.raw);
    if (!appended) throw new AppendError(`The server refused the message for ${mailbox}`);
    return { mailbox: appended.destination, uid: appended.uid ?? null };
  } catch (err) {
    if (err instanceof AppendError) throw err;
    throw new AppendError(`Could not deliver the message to ${mailbox} on ${options.host}:${options.port} (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
