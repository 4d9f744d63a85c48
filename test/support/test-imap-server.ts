import { listenImapServer, type HoodiecrowMailbox } from '../../src/dev/embedded-imap.js';

/**
 * A real IMAP server (hoodiecrow, the one dev mode embeds) on 127.0.0.1 port 0, held in memory, that a
 * test can script: deliver mail, look into folders, cut connections, renumber a mailbox.
 */

export interface TestImapOptions {
  inbox?: Buffer[];
  /** Folders besides INBOX that exist from the start (default none: the reader creates its own). */
  folders?: string[];
  /** Also accept this XOAUTH2 access token for the user. */
  accessToken?: string;
}

/** What a test needs from an IMAP server, whichever one runs: this one or Dovecot (dovecot.ts). */
export interface ImapTestServer {
  port: number;
  user: string;
  password: string;
  /** Puts a message into a mailbox (INBOX by default) as a delivery would; the new UID when the server says. */
  append(raw: Buffer, mailbox?: string): Promise<number | null>;
  close(): Promise<void>;
}

export interface TestImap extends ImapTestServer {
  /** Delivers a message (the selected connections hear EXISTS); returns its UID. */
  deliver(raw: Buffer, mailbox?: string): number;
  /** The messages in a folder, oldest first; empty for a folder that does not exist. */
  list(mailbox: string): Buffer[];
  uids(mailbox: string): number[];
  uidValidity(mailbox: string): number;
  /** Connections accepted so far (a reconnect makes a new one). */
  connections(): number;
  /** Cuts every client connection, as a network failure would. */
  dropConnections(): void;
  /**
   * What a server does when it rebuilds a mailbox's index: a new UIDVALIDITY and every message
   * numbered again from 1. Clients learn of it at their next SELECT.
   */
  renumber(mailbox: string, uidValidity: number): void;
}

export async function startTestImap(options: TestImapOptions = {}): Promise<TestImap> {
  const user = 'placements@westbay.example';
  const password = 'imap-test-password';
  const handle = await listenImapServer({
    port: 0,
    users: { [user]: { password, ...(options.accessToken ? { xoauth2: { accessToken: options.accessToken, sessionTimeout: 3_600_000 } } : {}) } },
    folders: options.folders ?? [],
    inbox: options.inbox,
    extraPlugins: options.accessToken ? ['SASL-IR', 'XOAUTH2'] : [],
  });
  let connections = 0;
  handle.server.server.on('connection', () => {
    connections += 1;
  });
  const mailbox = (path: string): HoodiecrowMailbox | undefined => handle.server.getMailbox(path);

  const deliver = (raw: Buffer, path = 'INBOX') => handle.server.appendMessage(path, [], undefined, raw.toString('latin1')).message.uid;
  return {
    port: handle.port,
    user,
    password,
    deliver,
    append: async (raw, path) => deliver(raw, path),
    list: (path) => (mailbox(path)?.messages ?? []).map((m) => Buffer.from(m.raw, 'latin1')),
    uids: (path) => (mailbox(path)?.messages ?? []).map((m) => m.uid),
    uidValidity: (path) => {
      const box = mailbox(path);
      if (!box) throw new Error(`no mailbox ${path}`);
      return box.uidvalidity;
    },
    connections: () => connections,
    dropConnections: handle.dropConnections,
    renumber: (path, uidValidity) => {
      const box = mailbox(path);
      if (!box) throw new Error(`no mailbox ${path}`);
      box.uidvalidity = uidValidity;
      box.messages.forEach((m, i) => {
        m.uid = i + 1;
      });
      box.uidnext = box.messages.length + 1;
    },
    close: handle.close,
  };
}
