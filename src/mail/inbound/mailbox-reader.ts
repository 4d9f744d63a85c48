import { createHash, randomUUID } from 'node:crypto';
import { ImapFlow, type AuthOptions, type FetchMessageObject } from 'imapflow';
import type { Config } from '../../config.js';
import {
  acquireLease,
  findInboundStatus,
  getCursor,
  markInbound,
  releaseLease,
  renewLease,
  saveCursor,
  storeInboundMessages,
  type NewInboundMessage,
  type StoredInbound,
} from '../../db/repositories/inbound.js';
import type { ServiceDeps } from '../../services/deps.js';
import { microsoftTokenUrl } from '../outbound/mailer.js';
import { clientCredentialsTokenSource, type AccessTokenSource } from './oauth-token.js';
import { parseMessage, type ParsedMessage } from './parse-message.js';

/**
 * Gets every message out of the IMAP mailbox and into the database, never losing one and never
 * storing one twice:
 *
 * 1. One consumer per mailbox: a lease row, taken before connecting and renewed while reading.
 * 2. Each sweep lists the messages still in the mailbox (UID and size only), then takes them in batches
 *    (one UID-set FETCH of their bytes per batch, not a round trip per message): the batch's raw bytes and
 *    headers are stored, unique by SHA-256, and committed in one transaction → `process` for each (routing,
 *    which sets the status); then the batch's messages are moved to the Processed folder (Quarantine when processing failed) as
 *    one UID-set MOVE per folder, after every one of their rows is committed. Only then is a message out
 *    of the inbox, so a crash anywhere leaves it there to be read again; the hash recognises it, and it
 *    is processed again only while still 'stored'.
 * 3. Handled messages leave the inbox, so listing all of it every sweep is cheap and also picks up a
 *    message whose move failed. That is also the rescan a UIDVALIDITY change calls for; the cursor
 *    notices and logs the change.
 * 4. Push through IDLE ('exists'), plus a sweep on a timer because IDLE can die silently (Exchange
 *    Online stops pushing). A dropped connection is replaced by a new ImapFlow (one is single-use)
 *    after an exponential backoff.
 *
 * Logs carry ids, UIDs and counts only: never addresses, subjects or bodies.
 */

export interface SweepResult {
  /** Messages found in the mailbox and handled this sweep. */
  seen: number;
  /** New rows. */
  stored: number;
  /** Messages whose bytes were already stored (a redelivery, or read again after a crash). */
  duplicates: number;
  /** `process` calls that returned normally. */
  processed: number;
  /** Messages moved to the quarantine folder. */
  quarantined: number;
}

export interface MailboxReaderOptions {
  /**
   * Routing of a stored message; sets its status. Throwing quarantines the message with the error's message as `problem`.
   * `parsed` is the reader's own parse of the stored bytes, so they need not be parsed again.
   */
  process: (inboundId: number, parsed?: ParsedMessage) => Promise<void>;
  /** Who holds the lease; unique per process by default. */
  holderId?: string;
  /** Builds a (not yet connected) client instead of the one from the IMAP_* settings. */
  connect?: () => ImapFlow;
  /** Default IMAP_SWEEP_SECONDS. */
  sweepIntervalMs?: number;
  leaseTtlMs?: number;
  /** Default a third of the lease TTL. */
  leaseRenewMs?: number;
  /** How soon to try again for a lease another process holds. Default the sweep interval. */
  leaseRetryMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Bigger messages are not stored: they go to quarantine and the reason is logged. */
  maxMessageBytes?: number;
  /** Inactivity before the client starts IDLE (default client only). */
  autoIdleDelayMs?: number;
  /** OAuth2 token endpoint; the tenant's Microsoft identity platform v2 endpoint by default. */
  tokenUrl?: string;
  /** How long `stop()` waits for a sweep in progress before closing the connection under it. */
  stopGraceMs?: number;
}

export interface MailboxReader {
  /** Lease, connect, sweep, then IDLE and sweep on a timer, reconnecting as needed, until `stop()`. */
  start(): void;
  /** Waits for the sweep in progress (bounded), logs out, and releases the lease. A stopped reader stays stopped. */
  stop(): Promise<void>;
  /**
   * One sweep now, after any in progress (sweeps never overlap). Connects if needed and keeps the
   * connection for the next sweep; zero counts when another process holds the lease. Rejects when the
   * connection fails.
   */
  sweepOnce(): Promise<SweepResult>;
  /** The lease and cursor key of this mailbox. */
  readonly mailboxKey: string;
}

export class MailboxReaderConfigError extends Error {
  readonly code = 'IMAP_CONFIG_INVALID';
}

export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const PROBLEM_MAX_CHARS = 1000;
/** At most this many messages, and about this many bytes, are fetched in one command and held at once. */
const FETCH_BATCH_MESSAGES = 100;
const FETCH_BATCH_BYTES = 16 * 1024 * 1024;

/** Where a handled message goes; absent when it left the mailbox before it could be read. */
type Destination = 'processed' | 'quarantine';

/** The mailbox as the lease and cursor know it: the account and the folder, not the host name it is reached by. */
export function mailboxKeyFor(config: Pick<Config, 'IMAP_USER' | 'IMAP_MAILBOX'>): string {
  return `${config.IMAP_USER.toLowerCase()}/${config.IMAP_MAILBOX}`;
}

class LeaseLostError extends Error {}

function emptyResult(): SweepResult {
  return { seen: 0, stored: 0, duplicates: 0, processed: 0, quarantined: 0 };
}

/**
 * An error's code and message, for the `problem` stored on a quarantined row. Logs take the error
 * itself: the logger's serializer keeps type, code, message and stack (a plain object would reach it
 * as "[object Object]").
 */
function errorSummary(err: unknown): { code?: string; message: string } {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? { code, message: err.message } : { message: err.message };
}

function tokenSourceFor(config: Config, tokenUrl: string | undefined): AccessTokenSource | undefined {
  const { IMAP_OAUTH2_CLIENT_ID: clientId, IMAP_OAUTH2_CLIENT_SECRET: clientSecret, IMAP_OAUTH2_TENANT_ID: tenantId } = config;
  if (clientId === undefined && clientSecret === undefined && tenantId === undefined) return undefined;
  if (!clientId || !clientSecret || !tenantId) {
    throw new MailboxReaderConfigError('IMAP OAuth2 needs IMAP_OAUTH2_CLIENT_ID, IMAP_OAUTH2_CLIENT_SECRET and IMAP_OAUTH2_TENANT_ID together');
  }
  return clientCredentialsTokenSource({ tokenUrl: tokenUrl ?? microsoftTokenUrl(tenantId), clientId, clientSecret });
}

export function createMailboxReader(deps: ServiceDeps, options: MailboxReaderOptions): MailboxReader {
  const { config, db, clock } = deps;
  const log = deps.log.child({ component: 'mailbox-reader' });
  const key = mailboxKeyFor(config);
  const holder = options.holderId ?? `${config.INSTANCE_ID}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const sweepIntervalMs = options.sweepIntervalMs ?? config.IMAP_SWEEP_SECONDS * 1000;
  // A short lease renewed often: a process that dies is replaced (by another instance, or by itself restarted) within seconds.
  const leaseTtlMs = options.leaseTtlMs ?? config.IMAP_LEASE_SECONDS * 1000;
  const leaseRenewMs = options.leaseRenewMs ?? Math.floor(leaseTtlMs / 3);
  const leaseRetryMs = options.leaseRetryMs ?? Math.min(sweepIntervalMs, leaseRenewMs);
  const backoffInitialMs = options.backoffInitialMs ?? 1_000;
  const backoffMaxMs = options.backoffMaxMs ?? 60_000;
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const stopGraceMs = options.stopGraceMs ?? 10_000;

  const tokens = options.connect ? undefined : tokenSourceFor(config, options.tokenUrl);
  if (!options.connect && !tokens && !config.IMAP_PASSWORD) {
    throw new MailboxReaderConfigError('IMAP needs IMAP_PASSWORD, or IMAP_OAUTH2_CLIENT_ID, IMAP_OAUTH2_CLIENT_SECRET and IMAP_OAUTH2_TENANT_ID');
  }

  let started = false;
  let stopped = false;
  let sweeping = false;
  let current: ImapFlow | undefined;
  let leaseState: 'unknown' | 'held' | 'elsewhere' = 'unknown';
  let failures = 0;
  let nextTick: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  /** The end of the last queued sweep; each new sweep starts after it. */
  let tail: Promise<unknown> = Promise.resolve();
  /** A queued sweep that has not started yet: it will see everything that arrives until it starts. */
  let pending: Promise<SweepResult> | undefined;

  function schedule(ms: number): void {
    clearTimeout(nextTick);
    nextTick = started && !stopped ? setTimeout(() => void tick(), ms) : undefined;
  }

  function backoffMs(): number {
    return Math.min(backoffInitialMs * 2 ** Math.max(failures - 1, 0), backoffMaxMs);
  }

  async function tick(): Promise<void> {
    nextTick = undefined;
    try {
      await requestSweep();
      schedule(leaseState === 'held' ? sweepIntervalMs : leaseRetryMs);
    } catch {
      // runSweep has logged the failure and scheduled the reconnect.
    }
  }

  async function holdLease(): Promise<boolean> {
    const held = (await acquireLease(db, key, holder, clock.now(), leaseTtlMs));
    if (held && leaseState !== 'held') log.info({ mailbox: key }, 'mailbox lease acquired');
    if (!held && leaseState !== 'elsewhere') log.info({ mailbox: key, retryInMs: leaseRetryMs }, 'mailbox lease held by another process: not reading');
    leaseState = held ? 'held' : 'elsewhere';
    return held;
  }

  function closeCurrent(): void {
    const client = current;
    current = undefined;
    client?.close();
  }

  function leaseLost(): void {
    leaseState = 'elsewhere';
    log.info({ mailbox: key, retryInMs: leaseRetryMs }, 'mailbox lease lost: reading paused');
    closeCurrent();
    schedule(leaseRetryMs);
  }

  async function renewTick(): Promise<void> {
    if (leaseState === 'held' && !(await renewLease(db, key, holder, clock.now(), leaseTtlMs))) leaseLost();
  }

  function onClosed(client: ImapFlow): void {
    if (client !== current) return;
    current = undefined;
    // A sweep in progress fails on the closed connection and schedules the reconnect itself.
    if (!started || stopped || sweeping) return;
    failures += 1;
    const delay = backoffMs();
    log.info({ mailbox: key, retryInMs: delay }, 'IMAP connection closed: reconnecting');
    schedule(delay);
  }

  async function authOptions(): Promise<AuthOptions> {
    if (tokens) return { user: config.IMAP_USER, accessToken: await tokens.get() };
    return { user: config.IMAP_USER, pass: config.IMAP_PASSWORD };
  }

  async function buildClient(): Promise<ImapFlow> {
    if (options.connect) return options.connect();
    return new ImapFlow({
      host: config.IMAP_HOST,
      port: config.IMAP_PORT,
      secure: config.IMAP_SECURE,
      auth: await authOptions(),
      // imapflow's own log would carry protocol traffic: envelopes, addresses, subjects.
      logger: false,
      autoIdleDelay: options.autoIdleDelayMs ?? 5_000,
      connectionTimeout: 30_000,
      greetingTimeout: 16_000,
    });
  }

  async function ensureFolders(client: ImapFlow): Promise<void> {
    const existing = new Set((await client.list()).map((m) => m.path));
    const prefix = client.namespace?.prefix ?? '';
    for (const folder of [config.IMAP_PROCESSED_FOLDER, config.IMAP_QUARANTINE_FOLDER]) {
      if (existing.has(folder) || existing.has(`${prefix}${folder}`)) continue;
      await client.mailboxCreate(folder);
      log.info({ folder }, 'IMAP folder created');
    }
  }

  async function openClient(): Promise<ImapFlow> {
    const client = await buildClient();
    client.on('error', (err: Error) => log.warn({ mailbox: key, err }, 'IMAP connection error'));
    client.on('close', () => onClosed(client));
    client.on('exists', (event) => {
      if (client === current && started && !stopped && event.count > event.prevCount) requestSweep().catch(() => undefined);
    });
    try {
      await client.connect();
      await ensureFolders(client);
    } catch (err) {
      client.close();
      if (tokens && (err as { authenticationFailed?: unknown }).authenticationFailed) tokens.invalidate();
      throw err;
    }
    return client;
  }

  /** One MOVE of a UID set: called only once every message in it has its row committed. */
  async function move(client: ImapFlow, uids: readonly number[], folder: string): Promise<void> {
    if (!uids.length) return;
    const moved = await client.messageMove(uids.join(','), folder, { uid: true });
    if (!moved) throw new Error(`IMAP server did not move ${uids.length} message(s) (UIDs ${uids[0]}…${uids.at(-1)}) to ${folder}`);
  }

  function quarantineUnstored(uid: number, size: number, result: SweepResult): Destination {
    log.warn({ mailbox: key, uid, size, maxMessageBytes }, 'message larger than the limit: moved to quarantine without storing it');
    result.quarantined += 1;
    return 'quarantine';
  }

  async function headerFields(raw: Buffer) {
    try {
      const parsed = await parseMessage(raw);
      return {
        parsed,
        problem: null,
        fromAddress: parsed.from?.address ?? null,
        toAddresses: parsed.to.map((a) => a.address),
        subject: parsed.subject,
        messageIdHeader: parsed.messageId,
        inReplyTo: parsed.inReplyTo,
        references: parsed.references,
      };
    } catch (err) {
      return {
        parsed: undefined,
        problem: `The message could not be read as MIME (${errorSummary(err).message})`.slice(0, PROBLEM_MAX_CHARS),
        fromAddress: null,
        toAddresses: [],
        subject: null,
        messageIdHeader: null,
        inReplyTo: null,
        references: [],
      };
    }
  }

  const overLimit = (listed: FetchMessageObject) => listed.size !== undefined && listed.size > maxMessageBytes;

  /** A fetched message ready to store: its headers, its parse (unless it is not MIME) and its row as it will be written. */
  type Prepared = { listed: FetchMessageObject; parsed: ParsedMessage | undefined; message: NewInboundMessage };

  /**
   * The first look at one listed message: too big or gone messages are settled here (quarantine, or left
   * alone); the rest are parsed once and made ready to store.
   */
  async function prepare(listed: FetchMessageObject, raw: Buffer | undefined, uidValidity: number, result: SweepResult): Promise<Prepared | Destination | undefined> {
    const { uid } = listed;
    result.seen += 1;
    if (overLimit(listed)) return quarantineUnstored(uid, listed.size!, result);
    if (!raw) {
      log.info({ mailbox: key, uid }, 'message left the mailbox before it could be read');
      return undefined;
    }
    if (raw.length > maxMessageBytes) return quarantineUnstored(uid, raw.length, result);

    const { parsed, problem, ...headers } = await headerFields(raw);
    const now = clock.now();
    const internalDate = listed.internalDate instanceof Date && !Number.isNaN(listed.internalDate.getTime()) ? listed.internalDate : now;
    return {
      listed,
      parsed,
      message: {
        sha256: createHash('sha256').update(raw).digest('hex'),
        mailbox: key,
        uidValidity,
        uid,
        raw,
        ...headers,
        receivedAt: internalDate,
        status: problem ? 'quarantined' : 'stored',
        problem,
        at: now,
      },
    };
  }

  /** Processes one stored message (unless routing already recorded its outcome), and says where it is to be moved. */
  async function settle(prepared: Prepared, stored: StoredInbound, result: SweepResult): Promise<Destination> {
    const { uid } = prepared.listed;
    const { id, created } = stored;
    if (created) result.stored += 1;
    else result.duplicates += 1;

    // Processed again only while routing has not recorded an outcome: a crash after store, or a
    // redelivery of a message whose routing never finished. A duplicate's status is read now, not at the
    // store: an earlier copy in the same batch may have been routed since.
    const before = created ? stored.status : await findInboundStatus(db, id);
    if (before === 'stored') {
      try {
        await options.process(id, prepared.parsed);
        result.processed += 1;
      } catch (err) {
        (await markInbound(db, id, { status: 'quarantined', problem: errorSummary(err).message.slice(0, PROBLEM_MAX_CHARS) }));
        log.warn({ mailbox: key, uid, inboundId: id, code: errorSummary(err).code }, 'processing failed: message quarantined (reason stored on the row)');
      }
    }
    const status = before === 'stored' ? await findInboundStatus(db, id) : before;
    if (status === 'stored') log.warn({ mailbox: key, uid, inboundId: id }, 'processing recorded no outcome: moved to Processed as it is');
    const quarantine = status === 'quarantined';
    if (quarantine) result.quarantined += 1;
    log.debug({ mailbox: key, uid, inboundId: id, created, status }, 'message handled');
    return quarantine ? 'quarantine' : 'processed';
  }

  /** The listing cut into batches of at most FETCH_BATCH_MESSAGES, and about FETCH_BATCH_BYTES (at least one message each). */
  function batchesOf(listing: readonly FetchMessageObject[]): FetchMessageObject[][] {
    const batches: FetchMessageObject[][] = [];
    let batch: FetchMessageObject[] = [];
    let bytes = 0;
    for (const listed of listing) {
      const size = overLimit(listed) ? 0 : (listed.size ?? 0);
      if (batch.length && (batch.length >= FETCH_BATCH_MESSAGES || bytes + size > FETCH_BATCH_BYTES)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(listed);
      bytes += size;
    }
    if (batch.length) batches.push(batch);
    return batches;
  }

  /**
   * One batch: a single FETCH of the bytes, every message of it stored in one transaction, each then
   * processed, then one MOVE per folder. A crash after the store leaves the rows 'stored' and the messages
   * in the inbox: the next sweep recognises them by their hash and processes them then.
   */
  async function ingestBatch(client: ImapFlow, batch: readonly FetchMessageObject[], uidValidity: number, result: SweepResult): Promise<number> {
    const wanted = batch.filter((listed) => !overLimit(listed)).map((listed) => listed.uid);
    // fetchAll, not fetch: imapflow cannot run the MOVEs (or anything else) while a FETCH is being iterated.
    const fetched = wanted.length ? await client.fetchAll(wanted.join(','), { uid: true, source: true }, { uid: true }) : [];
    const sources = new Map(fetched.map((m) => [m.uid, m.source]));
    const filed: Record<Destination, number[]> = { processed: [], quarantine: [] };
    let lastUid = 0;
    const toStore: Prepared[] = [];
    for (const listed of batch) {
      if (stopped) break;
      const prepared = await prepare(listed, sources.get(listed.uid), uidValidity, result);
      sources.delete(listed.uid);
      if (prepared === undefined || typeof prepared === 'string') {
        if (prepared) filed[prepared].push(listed.uid);
        lastUid = Math.max(lastUid, listed.uid);
      } else toStore.push(prepared);
    }
    if (!(await renewLease(db, key, holder, clock.now(), leaseTtlMs))) throw new LeaseLostError();
    const stored = await storeInboundMessages(
      db,
      toStore.map((p) => p.message),
    );
    for (const [i, prepared] of toStore.entries()) {
      if (stopped) break;
      if (!(await renewLease(db, key, holder, clock.now(), leaseTtlMs))) throw new LeaseLostError();
      filed[await settle(prepared, stored[i]!, result)].push(prepared.listed.uid);
      lastUid = Math.max(lastUid, prepared.listed.uid);
    }
    await move(client, filed.processed, config.IMAP_PROCESSED_FOLDER);
    await move(client, filed.quarantine, config.IMAP_QUARANTINE_FOLDER);
    return lastUid;
  }

  async function sweepMailbox(client: ImapFlow, result: SweepResult): Promise<void> {
    const lock = await client.getMailboxLock(config.IMAP_MAILBOX);
    try {
      // SELECT again even when the mailbox is still selected from the last sweep: a kept selection is
      // the server's view from when it last synchronised it. Dovecot answers SEARCH from that view,
      // missing mail delivered since, and keeps answering from a folder that was deleted and created
      // again (new UIDVALIDITY) while new mail goes to the new one. A fresh SELECT reports the mailbox
      // as it is now.
      await client.mailboxOpen(config.IMAP_MAILBOX);
      if (!client.mailbox) throw new Error(`IMAP mailbox ${config.IMAP_MAILBOX} is not selected`);
      const uidValidity = Number(client.mailbox.uidValidity);
      const cursor = (await getCursor(db, key));
      if (cursor && cursor.uidValidity !== uidValidity) {
        log.warn({ mailbox: key, previous: cursor.uidValidity, current: uidValidity }, 'UIDVALIDITY changed: rescanning the whole mailbox');
      }
      let lastUid = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
      // SEARCH, not the cached message count: outside IDLE a server reports new mail only in the
      // responses to commands, so an already-selected mailbox's count can be stale.
      const uids = await client.search({ all: true }, { uid: true });
      if (!uids) throw new Error(`IMAP server refused to list ${config.IMAP_MAILBOX}`);
      // The listing is complete before any other command runs: imapflow cannot nest commands in a fetch.
      const listing = uids.length > 0 ? await client.fetchAll(uids, { uid: true, size: true, internalDate: true }, { uid: true }) : [];
      listing.sort((a, b) => a.uid - b.uid);
      for (const batch of batchesOf(listing)) {
        if (stopped) break;
        lastUid = Math.max(lastUid, await ingestBatch(client, batch, uidValidity, result));
      }
      (await saveCursor(db, key, { uidValidity, lastUid }, clock.now()));
    } finally {
      lock.release();
    }
  }

  async function runSweep(): Promise<SweepResult> {
    const result = emptyResult();
    if (stopped || !(await holdLease())) return result;
    sweeping = true;
    try {
      if (!current) {
        const client = await openClient();
        if (stopped) {
          client.close();
          return result;
        }
        current = client;
      }
      await sweepMailbox(current, result);
      failures = 0;
      if (result.seen > 0) log.info({ mailbox: key, ...result }, 'mailbox sweep done');
      return result;
    } catch (err) {
      if (err instanceof LeaseLostError) {
        leaseLost();
        return result;
      }
      closeCurrent();
      failures += 1;
      const delay = backoffMs();
      log.warn({ mailbox: key, err, attempt: failures, retryInMs: started ? delay : undefined }, 'mailbox sweep failed');
      if (started && !stopped) schedule(delay);
      throw err;
    } finally {
      sweeping = false;
    }
  }

  function requestSweep(): Promise<SweepResult> {
    if (pending) return pending;
    const sweep = tail.then(() => {
      pending = undefined;
      return runSweep();
    });
    pending = sweep;
    tail = sweep.catch(() => undefined);
    return sweep;
  }

  return {
    mailboxKey: key,
    start() {
      if (started || stopped) return;
      started = true;
      renewTimer = setInterval(() => void renewTick().catch((err: unknown) => log.warn({ err }, 'mailbox lease not renewed')), leaseRenewMs);
      schedule(0);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      started = false;
      clearTimeout(nextTick);
      clearInterval(renewTimer);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([tail, new Promise<void>((resolve) => (grace = setTimeout(resolve, stopGraceMs)))]);
      clearTimeout(grace);
      const client = current;
      current = undefined;
      if (client) await client.logout().catch(() => client.close());
      if (leaseState === 'held') (await releaseLease(db, key, holder));
      leaseState = 'elsewhere';
      log.info({ mailbox: key }, 'mailbox reader stopped');
    },
    sweepOnce: requestSweep,
  };
}
