import { createRequire } from 'node:module';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Logger } from '../logger.js';

/**
 * The mailbox of `npm run dev`: a hoodiecrow IMAP server on 127.0.0.1, kept in memory, that the
 * real mailbox reader reads exactly as it reads Exchange Online. `dev-reply` appends a provider's
 * reply to it (see append-message.ts). Loopback only, no TLS: never a real mail server.
 * The tests run the same server through `listenImapServer`.
 */

/** A message as hoodiecrow keeps it: the raw bytes as a latin1 ("binary") string. */
export interface HoodiecrowMessage {
  uid: number;
  raw: string;
  flags: string[];
}

export interface HoodiecrowMailbox {
  path: string;
  uidvalidity: number;
  uidnext: number;
  messages: HoodiecrowMessage[];
}

interface HoodiecrowConnection {
  socket: Socket | null;
  /** Set while the connection is in IDLE: it receives the client's DONE. */
  inputHandler: ((line: string) => void) | false;
}

/** The part of hoodiecrow's (untyped) server object this project uses. */
export interface HoodiecrowServer {
  server: Server;
  connectionHandlers: Array<(connection: HoodiecrowConnection) => void>;
  getMailbox(path: string): HoodiecrowMailbox | undefined;
  appendMessage(mailbox: string, flags: string[], internaldate: string | undefined, raw: string): { message: HoodiecrowMessage };
}

interface HoodiecrowUser {
  password?: string;
  xoauth2?: { accessToken: string; sessionTimeout: number };
}

type HoodiecrowFactory = (options: {
  plugins: string[];
  users: Record<string, HoodiecrowUser>;
  storage: Record<string, unknown>;
}) => HoodiecrowServer;

const requireCjs = createRequire(import.meta.url);

/** What imapflow uses: push (IDLE), MOVE with its UIDs (UIDPLUS), folder roles, one-trip APPEND. */
const PLUGINS = ['ID', 'IDLE', 'UIDPLUS', 'MOVE', 'SPECIAL-USE', 'NAMESPACE', 'UNSELECT', 'ENABLE', 'LITERALPLUS'];

export interface ImapServerOptions {
  /** 0 picks a free port. */
  port: number;
  users: Record<string, HoodiecrowUser>;
  /** Folders besides INBOX that exist from the start. */
  folders: string[];
  /** Messages already in INBOX. */
  inbox?: Buffer[];
  /** Added to PLUGINS, e.g. SASL-IR and XOAUTH2 to accept an OAuth2 login. */
  extraPlugins?: string[];
}

export interface ImapServerHandle {
  server: HoodiecrowServer;
  port: number;
  /** Cuts every client connection, as a network failure or a server restart would. */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function listenImapServer(options: ImapServerOptions): Promise<ImapServerHandle> {
  const hoodiecrow = requireCjs('hoodiecrow-imap') as HoodiecrowFactory;
  const folders = Object.fromEntries(options.folders.map((name) => [name, {}]));
  const server = hoodiecrow({
    plugins: [...PLUGINS, ...(options.extraPlugins ?? [])],
    users: options.users,
    storage: {
      INBOX: { messages: (options.inbox ?? []).map((raw) => ({ raw: raw.toString('latin1') })) },
      '': { separator: '/', folders },
    },
  });

  const sockets = new Set<Socket>();
  server.server.on('connection', (socket: Socket) => {
    // Stock hoodiecrow leaves Nagle on: fetch-then-move crawls at ~11 messages/s against delayed ACKs.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.connectionHandlers.push((connection) => {
    // hoodiecrow's IDLE arms a 30-minute timer that only DONE clears; a dropped client would keep the
    // process alive for half an hour. Ending the IDLE on close clears it (the reply goes nowhere).
    connection.socket?.on('close', () => {
      if (connection.inputHandler) connection.inputHandler('DONE');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.server.listen(options.port, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });

  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    server,
    port: (server.server.address() as AddressInfo).port,
    dropConnections,
    close: () =>
      new Promise<void>((resolve) => {
        dropConnections();
        server.server.close(() => resolve());
      }),
  };
}

export interface EmbeddedImap {
  port: number;
  close(): Promise<void>;
}

export interface EmbeddedImapOptions {
  /** 0 picks a free port. */
  port: number;
  user: string;
  password: string;
  /** Folder names the reader moves messages to (IMAP_PROCESSED_FOLDER, IMAP_QUARANTINE_FOLDER). */
  folders?: string[];
  log: Logger;
}

export async function startEmbeddedImap({ port, user, password, folders, log }: EmbeddedImapOptions): Promise<EmbeddedImap> {
  const handle = await listenImapServer({
    port,
    users: { [user]: { password } },
    folders: folders ?? ['Processed', 'Quarantine'],
  });
  log.info({ port: handle.port }, 'dev IMAP server listening (in memory, loopback only)');
  return { port: handle.port, close: handle.close };
}
