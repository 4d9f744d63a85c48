import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chownSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { ImapTestServer } from './test-imap-server.js';

/**
 * A real Dovecot IMAP server (Debian's `dovecot-imapd`), started unprivileged from a temporary folder on
 * a free loopback port, with its own users and Maildir storage, for the tests that must see how a real
 * server behaves (hoodiecrow is kept for the fast tests). Root runs it as `nobody`; anyone else runs it
 * as themselves. It can be stopped and started again on the same port and storage (an outage).
 *
 * Without Dovecot installed `startDovecot` throws: the Dovecot tests fail with the install command,
 * they are never skipped.
 */

/** One user's mailboxes, seen through a fresh IMAP session per call. */
export interface DovecotAccount {
  user: string;
  password: string;
  /** Puts a message into a mailbox (INBOX by default) as a delivery would; the new UID. */
  append(raw: Buffer, mailbox?: string): Promise<number | null>;
  /** Raw messages in a folder, oldest first; empty when the folder does not exist. */
  list(mailbox: string): Promise<Buffer[]>;
  /** Message count of a folder (0 when it does not exist). */
  count(mailbox: string): Promise<number>;
  uidValidity(mailbox: string): Promise<number>;
  create(mailbox: string): Promise<void>;
  delete(mailbox: string): Promise<void>;
  /** A logged-in client, logged out after `fn`. */
  withClient<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T>;
}

/** The server, and the default user's mailboxes. */
export interface Dovecot extends ImapTestServer, DovecotAccount {
  /** The temporary folder holding configuration, storage, sockets and the log. */
  dir: string;
  /** The helpers of another user given in `DovecotOptions.users`. */
  account(user: string): DovecotAccount;
  /** Stops the server (its clients are disconnected); the storage stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and storage. */
  start(): Promise<void>;
  /** The server's log, for failure messages. */
  log(): string;
}

export interface DovecotOptions {
  /** Extra users (name → password) besides the default one. */
  users?: Record<string, string>;
}

export const DOVECOT_MISSING =
  'Dovecot is not installed, and the Dovecot tests need the real server: install it with `apt-get install -y dovecot-imapd` (.ci/run does this).';

const DEFAULT_USER = 'placements@westbay.example';

function findDovecot(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, 'dovecot');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The identity the server runs under: `nobody` when we are root (Dovecot refuses root for its internals), else ourselves. */
function runAs(): { user: string; group: string; uid: number; gid: number; asRoot: boolean } {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim() || String(me.gid);
    return { user: me.username, group, uid: me.uid, gid: me.gid, asRoot: false };
  }
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const group = spawnSync('id', ['-gn', 'nobody'], { encoding: 'utf8' }).stdout.trim() || 'nogroup';
  return { user: 'nobody', group, uid: id('-u'), gid: id('-g'), asRoot: true };
}

function config(dir: string, port: number, who: { user: string; group: string }): string {
  return `# Written by test/support/dovecot.ts for one test run.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${who.user}
default_internal_group = ${who.group}
default_login_user = ${who.user}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${who.user} gid=${who.group} home=${dir}/mail/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
`;
}

/** A port nothing listens on right now (Dovecot cannot take port 0 and report it). Another process may still take it first: callers retry. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else chownSync(child, uid, gid);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function client(port: number, user: string, password: string): ImapFlow {
  const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true, connectionTimeout: 5_000, greetingTimeout: 5_000 });
  c.on('error', () => undefined);
  return c;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  const binary = findDovecot();
  if (!binary) throw new Error(DOVECOT_MISSING);
  const who = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'placement-desk-dovecot-'));
  const password = `dovecot-${randomBytes(6).toString('hex')}`;
  const users: Record<string, string> = { [DEFAULT_USER]: password, ...options.users };
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'users'), Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}::::::\n`).join(''));
  const logPath = join(dir, 'dovecot.log');
  const readLog = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');

  let port = 0;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  /** What the server printed before its log was open (configuration errors). */
  let stderr = '';
  /** Where this start's lines begin in the log (a restart appends to it). */
  let logStart = 0;

  function spawnServer(): void {
    writeFileSync(join(dir, 'dovecot.conf'), config(dir, port, who));
    if (who.asRoot) chownTree(dir, who.uid, who.gid);
    stderr = '';
    logStart = readLog().length;
    const args = ['-F', '-c', join(dir, 'dovecot.conf')];
    // Its own process group: the master's children (imap, log, stats) outlive it for a while after a
    // SIGTERM, and the group is how to find them and make sure they are gone.
    const spawnOptions: SpawnOptions = { stdio: ['ignore', 'ignore', 'pipe'], detached: true };
    const proc = who.asRoot ? spawn('runuser', ['-u', who.user, '--', binary!, ...args], spawnOptions) : spawn(binary!, args, spawnOptions);
    proc.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child = proc;
    exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  }

  /** Until a LOGIN succeeds; fails early when the server exits (bind failure, bad config). */
  async function waitReady(proc: ChildProcess): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        const why = `${readLog().slice(logStart)}\n${stderr}`;
        throw Object.assign(new Error(`Dovecot exited while starting on port ${port}:\n${why.trim().split('\n').slice(-8).join('\n')}`), { addressInUse: /Address already in use/.test(why) });
      }
      const c = client(port, DEFAULT_USER, password);
      try {
        await c.connect();
        await c.logout();
        return;
      } catch {
        c.close();
      }
      if (Date.now() > deadline) throw new Error(`Dovecot did not accept an IMAP LOGIN within 15 s on port ${port}:\n${readLog().split('\n').slice(-8).join('\n')}`);
      await sleep(50);
    }
  }

  async function launch(samePort: boolean): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      if (!samePort) port = await freePort();
      spawnServer();
      try {
        await waitReady(child!);
        return;
      } catch (err) {
        await stopServer();
        // Another process took the port between our probe and Dovecot's bind (or, on a restart, it is not free yet).
        if (!(err as { addressInUse?: boolean }).addressInUse || attempt >= 5) throw err;
        await sleep(samePort ? 500 : 0);
      }
    }
  }

  /** True while any process of the group is alive. */
  function groupAlive(pgid: number): boolean {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }

  function signalGroup(pgid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(-pgid, signal);
    } catch {
      // already gone
    }
  }

  /** SIGTERM to the master (master.pid), as an administrator stops it; then the leftovers of its group. */
  async function stopServer(): Promise<void> {
    const proc = child;
    if (!proc?.pid) return;
    const pgid = proc.pid;
    const pidFile = join(dir, 'run', 'master.pid');
    const masterPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
    if (Number.isInteger(masterPid) && masterPid > 0) {
      try {
        process.kill(masterPid, 'SIGTERM');
      } catch {
        // already gone
      }
    } else signalGroup(pgid, 'SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
    // Connections being served (an IDLE session) can outlive the master by many seconds: a stopped
    // server must not keep answering.
    if (timedOut || groupAlive(pgid)) signalGroup(pgid, 'SIGTERM');
    for (let waited = 0; groupAlive(pgid) && waited < 3_000; waited += 50) await sleep(50);
    if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
    await exited;
    child = undefined;
  }

  try {
    await launch(false);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  /** The mailbox helpers, signed in as one of the users. */
  function account(user: string): DovecotAccount {
    const pass = users[user];
    if (pass === undefined) throw new Error(`no Dovecot user ${user}`);
    async function withClient<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
      const c = client(port, user, pass!);
      await c.connect();
      try {
        return await fn(c);
      } finally {
        await c.logout().catch(() => c.close());
      }
    }
    const exists = async (c: ImapFlow, mailbox: string) => (await c.list()).some((m) => m.path === mailbox);
    const status = async (c: ImapFlow, mailbox: string, query: { messages?: boolean; uidValidity?: boolean }) => {
      const answer = await c.status(mailbox, query);
      if (!answer) throw new Error(`Dovecot refused STATUS ${mailbox}`);
      return answer;
    };
    return {
      user,
      password: pass,
      withClient,
      append: (raw, mailbox = 'INBOX') =>
        withClient(async (c) => {
          const appended = await c.append(mailbox, raw);
          if (!appended) throw new Error(`Dovecot refused an APPEND to ${mailbox}`);
          return appended.uid ?? null;
        }),
      list: (mailbox) =>
        withClient(async (c) => {
          if (!(await exists(c, mailbox))) return [];
          const lock = await c.getMailboxLock(mailbox, { readOnly: true });
          try {
            if (!c.mailbox || c.mailbox.exists === 0) return [];
            const messages = await c.fetchAll('1:*', { uid: true, source: true });
            return messages.sort((a, b) => a.uid - b.uid).map((m) => m.source!);
          } finally {
            lock.release();
          }
        }),
      count: (mailbox) => withClient(async (c) => ((await exists(c, mailbox)) ? ((await status(c, mailbox, { messages: true })).messages ?? 0) : 0)),
      uidValidity: (mailbox) => withClient(async (c) => Number((await status(c, mailbox, { uidValidity: true })).uidValidity)),
      create: (mailbox) => withClient(async (c) => void (await c.mailboxCreate(mailbox))),
      delete: (mailbox) => withClient(async (c) => void (await c.mailboxDelete(mailbox))),
    };
  }

  const main = account(DEFAULT_USER);
  return {
    ...main,
    dir,
    get port() {
      return port;
    },
    account,
    stop: stopServer,
    start: () => launch(true),
    log: readLog,
    async close() {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
