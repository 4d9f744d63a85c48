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

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function db(): Db {
  const temp = createTempDb();
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
  it('stores a message once: the same hash again returns the first row, unchanged', () => {
    const d = db();
    const first = storeInboundMessage(d, message('a'.repeat(64)));
    expect(first.created).toBe(true);
    const again = storeInboundMessage(d, message('a'.repeat(64), { uid: 99, subject: 'other' }));
    expect(again).toEqual({ id: first.id, created: false });
    expect(findInboundMessage(d, first.id)).toMatchObject({
      uid: 4,
      subject: 'offer',
      sizeBytes: 24,
      status: 'stored',
      receivedAt: '2026-12-08T10:00:00.000Z',
      createdAt: '2026-12-08T10:00:01.000Z',
    });
    const other = storeInboundMessage(d, message('b'.repeat(64)));
    expect(other.created).toBe(true);
    expect(other.id).not.toBe(first.id);
  });

  it('records the routing outcome on the row', () => {
    const d = db();
    const { id } = storeInboundMessage(d, message('c'.repeat(64)));
    markInbound(d, id, { status: 'quarantined', problem: 'No referral matches' });
    expect(findInboundMessage(d, id)).toMatchObject({ status: 'quarantined', problem: 'No referral matches' });
  });

  it('gives the lease to one holder at a time until it expires or is released', () => {
    const d = db();
    const box = 'placements@westbay.example/INBOX';
    expect(acquireLease(d, box, 'a', T0, 1_000)).toBe(true);
    expect(acquireLease(d, box, 'b', at(500), 1_000)).toBe(false);
    // Ours again: extended.
    expect(acquireLease(d, box, 'a', at(900), 1_000)).toBe(true);
    expect(d.select().from(mailboxLeases).get()).toEqual({ mailbox: box, holder: 'a', expiresAt: at(1_900).toISOString() });
    expect(acquireLease(d, box, 'b', at(1_899), 1_000)).toBe(false);
    expect(acquireLease(d, box, 'b', at(1_900), 1_000)).toBe(true);

    // A's lease was taken over: renewing it fails, and releasing it leaves B's alone.
    expect(renewLease(d, box, 'a', at(2_000), 1_000)).toBe(false);
    releaseLease(d, box, 'a');
    expect(d.select().from(mailboxLeases).get()?.holder).toBe('b');
    expect(renewLease(d, box, 'b', at(2_000), 1_000)).toBe(true);
    expect(d.select().from(mailboxLeases).get()?.expiresAt).toBe(at(3_000).toISOString());

    releaseLease(d, box, 'b');
    expect(acquireLease(d, box, 'a', at(2_100), 1_000)).toBe(true);
    // Another mailbox has its own lease.
    expect(acquireLease(d, 'other@westbay.example/INBOX', 'b', at(2_100), 1_000)).toBe(true);
  });

  it('keeps one cursor per mailbox', () => {
    const d = db();
    expect(getCursor(d, 'm')).toBeUndefined();
    saveCursor(d, 'm', { uidValidity: 1, lastUid: 5 }, T0);
    saveCursor(d, 'm', { uidValidity: 7, lastUid: 2 }, at(60_000));
    expect(getCursor(d, 'm')).toEqual({ mailbox: 'm', uidValidity: 7, lastUid: 2, updatedAt: at(60_000).toISOString() });
  });
});
