import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import {
  acquireLease,
  findInboundMessage,
  getCursor,
  markInbound,
  releaseLease,
  renewLease,
  saveCursor,
  storeInboundMessage,
  type NewInboundMessage,
} from '../../src/db/repositories/inbound.js';
import { mailboxLeases } from '../../src/db/schema/inbound.js';
import { createTempDb } from '../support/db.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function db(): Promise<Db> {
  const temp = (await createTempDb());
  cleanups.push(temp.cleanup);
  return temp.db;
}

const T0 = new Date('2026-12-08T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function message(sha256: string, extra: Partial<NewInboundMessage> = {}): NewInboundMessage {
  return {
    sha256,
    mailbox: 'placements@westbay.example/INBOX',
    uidValidity: 9,
    uid: 4,
    raw: Buffer.from('Subject: offer\r\n\r\nbody\r\n'),
    fromAddress: 'admissions@heronbank.example',
    toAddresses: ['reply+4.aa@reply.westbay.example'],
    subject: 'offer',
    messageIdHeader: '<m4@heronbank.example>',
    inReplyTo: null,
    references: [],
    receivedAt: T0,
    at: at(1_000),
    ...extra,
  };
}

describe('inbound message repository', () => {
  it('stores a message once: the same hash again returns the first row, unchanged', async () => {
    const d = (await db());
    const first = (await storeInboundMessage(d, message('a'.repeat(64))));
    expect(first.created).toBe(true);
    const again = (await storeInboundMessage(d, message('a'.repeat(64), { uid: 99, subject: 'other' })));
    expect(again).toEqual({ id: first.id, created: false });
    expect((await findInboundMessage(d, first.id))).toMatchObject({
      uid: 4,
      subject: 'offer',
      sizeBytes: 24,
      status: 'stored',
      receivedAt: '2026-12-08T10:00:00.000Z',
      createdAt: '2026-12-08T10:00:01.000Z',
    });
    const other = (await storeInboundMessage(d, message('b'.repeat(64))));
    expect(other.created).toBe(true);
    expect(other.id).not.toBe(first.id);
  });

  it('records the routing outcome on the row', async () => {
    const d = (await db());
    const { id } = (await storeInboundMessage(d, message('c'.repeat(64))));
    (await markInbound(d, id, { status: 'quarantined', problem: 'No referral matches' }));
    expect((await findInboundMessage(d, id))).toMatchObject({ status: 'quarantined', problem: 'No referral matches' });
  });

  it('gives the lease to one holder at a time until it expires or is released', async () => {
    const d = (await db());
    const box = 'placements@westbay.example/INBOX';
    expect((await acquireLease(d, box, 'a', T0, 1_000))).toBe(true);
    expect((await acquireLease(d, box, 'b', at(500), 1_000))).toBe(false);
    // Ours again: extended.
    expect((await acquireLease(d, box, 'a', at(900), 1_000))).toBe(true);
    expect((await d.select().from(mailboxLeases))[0]).toEqual({ mailbox: box, holder: 'a', expiresAt: at(1_900).toISOString() });
    expect((await acquireLease(d, box, 'b', at(1_899), 1_000))).toBe(false);
    expect((await acquireLease(d, box, 'b', at(1_900), 1_000))).toBe(true);

    // A's lease was taken over: renewing it fails, and releasing it leaves B's alone.
    expect((await renewLease(d, box, 'a', at(2_000), 1_000))).toBe(false);
    (await releaseLease(d, box, 'a'));
    expect((await d.select().from(mailboxLeases))[0]?.holder).toBe('b');
    expect((await renewLease(d, box, 'b', at(2_000), 1_000))).toBe(true);
    expect((await d.select().from(mailboxLeases))[0]?.expiresAt).toBe(at(3_000).toISOString());

    (await releaseLease(d, box, 'b'));
    expect((await acquireLease(d, box, 'a', at(2_100), 1_000))).toBe(true);
    // Another mailbox has its own lease.
    expect((await acquireLease(d, 'other@westbay.example/INBOX', 'b', at(2_100), 1_000))).toBe(true);
  });

  it('keeps one cursor per mailbox', async () => {
    const d = (await db());
    expect((await getCursor(d, 'm'))).toBeUndefined();
    (await saveCursor(d, 'm', { uidValidity: 1, lastUid: 5 }, T0));
    (await saveCursor(d, 'm', { uidValidity: 7, lastUid: 2 }, at(60_000)));
    expect((await getCursor(d, 'm'))).toEqual({ mailbox: 'm', uidValidity: 7, lastUid: 2, updatedAt: at(60_000).toISOString() });
  });
});
