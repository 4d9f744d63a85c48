import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { replyAddress } from '../../src/domain/reply-token.js';
import {
  FORM_NONCE_MAX_AGE_HOURS,
  REPLY_PAGE_GRACE_DAYS,
  formNonce,
  replyPageKey,
  replyPageLinkExpiry,
  replyPageToken,
  verifyFormNonce,
  verifyReplyPageToken,
} from '../../src/domain/reply-page-token.js';

const SECRET = 'test-reply-token-secret-0123456789abcdef';
const key = replyPageKey({ replyTokenSecret: SECRET });
const expires = new Date('2027-01-07T17:00:00Z');
const before = new Date('2026-12-01T09:00:00Z');

describe('reply-page link tokens', () => {
  it('round-trips: the referral and the expiry come back from a token we signed', () => {
    const token = replyPageToken(42, expires, key);
    expect(token).toMatch(/^42\.1799341200\.[A-Za-z0-9_-]{22}$/);
    expect(verifyReplyPageToken(token, key, before)).toEqual({ ok: true, referralId: 42, expiresAt: expires });
  });

  it('is refused when any part is changed: the referral, the expiry, one character of the MAC', () => {
    const token = replyPageToken(42, expires, key);
    const [id, exp, mac] = token.split('.') as [string, string, string];
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    for (const forged of [`43.${exp}.${mac}`, `42.${Number(exp) + 1}.${mac}`, `${id}.${exp}.${flip(mac[0]!)}${mac.slice(1)}`, `${id}.${exp}.${mac.slice(0, -1)}${flip(mac.at(-1)!)}`]) {
      expect(verifyReplyPageToken(forged, key, before)).toMatchObject({ ok: false, reason: 'bad_signature' });
    }
  });

  it('is refused under another key: a different REPLY_PAGE_SECRET, or the reply-address secret used directly', () => {
    const token = replyPageToken(42, expires, key);
    expect(verifyReplyPageToken(token, replyPageKey({ replyPageSecret: 'another-reply-page-secret-0123456789', replyTokenSecret: SECRET }), before).ok).toBe(false);
    expect(verifyReplyPageToken(token, Buffer.from(SECRET), before).ok).toBe(false);
  });

  it('derives its key from REPLY_TOKEN_SECRET under its own label, or uses REPLY_PAGE_SECRET when set', () => {
    expect(key).toEqual(createHmac('sha256', SECRET).update('placement-desk/reply-page-key/v1').digest());
    expect(replyPageKey({ replyPageSecret: 'own-secret-own-secret-own-secret-00', replyTokenSecret: SECRET })).toEqual(Buffer.from('own-secret-own-secret-own-secret-00'));
    // The reply address's MAC for the same referral is not a page MAC.
    const addressMac = replyAddress(42, SECRET, 'replies.example').split('.')[1]!.split('@')[0]!;
    expect(replyPageToken(42, expires, key)).not.toContain(addressMac);
  });

  it('expires at the expiry instant, and is refused as "expired" (not as forged) after it', () => {
    const token = replyPageToken(42, expires, key);
    expect(verifyReplyPageToken(token, key, new Date(expires.getTime() - 1000)).ok).toBe(true);
    expect(verifyReplyPageToken(token, key, expires)).toEqual({ ok: false, reason: 'expired', claimedReferralId: 42 });
  });

  it('refuses malformed tokens without reading further', () => {
    for (const bad of ['', '42', '42.1799341200', '042.1799341200.AAAAAAAAAAAAAAAAAAAAAA', '0.1799341200.AAAAAAAAAAAAAAAAAAAAAA', '42.1799341200.AAAA', '42.1799341200.AAAAAAAAAAAAAAAAAAAAAA.x', '42.-1.AAAAAAAAAAAAAAAAAAAAAA', `${'9'.repeat(20)}.1.AAAAAAAAAAAAAAAAAAAAAA`, '42.1799341200.AAAAAAAAAAAAAAAAAAAA+/', 'x'.repeat(10_000)]) {
      expect(verifyReplyPageToken(bad, key, before)).toMatchObject({ ok: false, reason: 'malformed' });
    }
    expect(() => replyPageToken(0, expires, key)).toThrow(RangeError);
  });

  it('lives until 5pm (England) on the deadline day plus the grace, in winter and in summer', () => {
    expect(REPLY_PAGE_GRACE_DAYS).toBe(28);
    expect(replyPageLinkExpiry('2026-12-10').toISOString()).toBe('2027-01-07T17:00:00.000Z'); // GMT
    expect(replyPageLinkExpiry('2027-06-10').toISOString()).toBe('2027-07-08T16:00:00.000Z'); // BST
  });
});

describe('form nonces', () => {
  const issued = new Date('2026-11-30T11:00:00Z');
  const nonce = formNonce(42, issued, key, () => 'abcdefghijkl');

  it('is good for its referral for 12 hours after the form was served', () => {
    expect(FORM_NONCE_MAX_AGE_HOURS).toBe(12);
    expect(verifyFormNonce(nonce, 42, key, new Date(issued.getTime() + 12 * 3600_000))).toEqual({ ok: true, nonce });
    expect(verifyFormNonce(nonce, 42, key, new Date(issued.getTime() + 12 * 3600_000 + 1000))).toEqual({ ok: false, reason: 'stale' });
  });

  it('is refused for another referral, altered, missing or from the future', () => {
    expect(verifyFormNonce(nonce, 43, key, issued)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyFormNonce(nonce.replace('abcdefghijkl', 'abcdefghijkm'), 42, key, issued)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyFormNonce(undefined, 42, key, issued)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyFormNonce(['a', 'b'], 42, key, issued)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyFormNonce(nonce, 42, key, new Date(issued.getTime() - 3600_000))).toEqual({ ok: false, reason: 'stale' });
  });

  it('differs for each form served', () => {
    expect(formNonce(42, issued, key)).not.toBe(formNonce(42, issued, key));
  });
});
