import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CalendarDate } from './calendar-date.js';
import { responsesClosingAt } from './referral-timing.js';

/**
 * The personal link to a referral's reply page: `/reply/<referralId>.<expiry>.<mac>`. Whoever holds the
 * link may answer that one referral, like whoever can send from the provider's mailbox: no account, no
 * login. The MAC (HMAC-SHA256 over the referral id and the expiry) stops anyone from turning the link into
 * one for another referral or from lengthening its life; the expiry bounds what a forwarded or leaked
 * e-mail can do.
 *
 * The link lives until the end of the response deadline plus `REPLY_PAGE_GRACE_DAYS`. The page itself
 * refuses answers after the deadline (read from the database, so an extension counts at once); the
 * grace keeps the link recognised meanwhile, so a provider who opens it late is told clearly that
 * replies have closed and whom to e-mail, instead of being shown a broken link, and a deadline extended
 * by up to four weeks still works with the link of the first e-mail (a reminder carries a fresh link).
 *
 * The per-form nonce is a second, short-lived signature in a hidden field of each form the page serves:
 * it makes a form sent twice (a double click, a refresh) one submission and refuses forms kept open for
 * longer than a working day.
 */

/** Bound into each MAC so the key can never sign something else that looks the same. */
const LINK_CONTEXT = 'placement-desk/reply-page-link/v1:';
const NONCE_CONTEXT = 'placement-desk/reply-page-form/v1:';
/** Label for deriving the page's key from REPLY_TOKEN_SECRET when no REPLY_PAGE_SECRET is set. */
const KEY_LABEL = 'placement-desk/reply-page-key/v1';
/** 16 bytes = 128 bits of HMAC-SHA256, 22 base64url characters. */
const MAC_BYTES = 16;
const MAC_CHARS = 22;

export const REPLY_PAGE_GRACE_DAYS = 28;
/** A form page older than this must be loaded again (what was typed is kept). */
export const FORM_NONCE_MAX_AGE_HOURS = 12;

export type ReplyPageLinkCheck = { ok: true; referralId: number; expiresAt: Date } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired'; claimedReferralId?: number };

/**
 * The key that signs reply-page links and forms: REPLY_PAGE_SECRET when set, otherwise one derived from
 * REPLY_TOKEN_SECRET under its own label, so a reply-address MAC can never pass for a page MAC.
 */
export function replyPageKey(secrets: { replyPageSecret?: string; replyTokenSecret: string }): Buffer {
  if (secrets.replyPageSecret) return Buffer.from(secrets.replyPageSecret, 'utf8');
  if (secrets.replyTokenSecret === '') throw new RangeError('The reply token secret is empty');
  return createHmac('sha256', secrets.replyTokenSecret).update(KEY_LABEL).digest();
}

/** When a link for a referral with this response deadline stops working. */
export function replyPageLinkExpiry(responseDeadline: CalendarDate): Date {
  return new Date(responsesClosingAt(responseDeadline).getTime() + REPLY_PAGE_GRACE_DAYS * 24 * 3600_000);
}

export function replyPageToken(referralId: number, expiresAt: Date, key: Buffer): string {
  if (!Number.isSafeInteger(referralId) || referralId < 1) throw new RangeError(`Referral id must be a positive integer: ${referralId}`);
  const expiry = Math.floor(expiresAt.getTime() / 1000);
  return `${referralId}.${expiry}.${mac(key, `${LINK_CONTEXT}${referralId}:${expiry}`)}`;
}

/** Checks a link's token: well-formed, signed by us (constant-time comparison), not expired at `now`. */
export function verifyReplyPageToken(token: string, key: Buffer, now: Date): ReplyPageLinkCheck {
  const m = /^([1-9]\d{0,15})\.([1-9]\d{0,11})\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m || m[3]!.length !== MAC_CHARS) return { ok: false, reason: 'malformed' };
  const referralId = Number(m[1]);
  const expiry = Number(m[2]);
  if (!Number.isSafeInteger(referralId)) return { ok: false, reason: 'malformed' };
  if (!sameMac(mac(key, `${LINK_CONTEXT}${referralId}:${expiry}`), m[3]!)) return { ok: false, reason: 'bad_signature', claimedReferralId: referralId };
  const expiresAt = new Date(expiry * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired', claimedReferralId: referralId };
  return { ok: true, referralId, expiresAt };
}

/** A nonce for one form of one referral's page: `<issued>.<random>.<mac>`. `random` is injectable for tests. */
export function formNonce(referralId: number, issuedAt: Date, key: Buffer, random: () => string = () => randomBytes(12).toString('base64url')): string {
  const issued = Math.floor(issuedAt.getTime() / 1000);
  const unique = random();
  if (!/^[A-Za-z0-9_-]{8,32}$/.test(unique)) throw new RangeError('Nonce random part must be 8–32 base64url characters');
  return `${issued}.${unique}.${mac(key, `${NONCE_CONTEXT}${referralId}:${issued}:${unique}`)}`;
}

export type FormNonceCheck = { ok: true; nonce: string } | { ok: false; reason: 'missing' | 'invalid' | 'stale' };

/** A nonce is good for the referral it was made for, for FORM_NONCE_MAX_AGE_HOURS after the form was served. */
export function verifyFormNonce(nonce: unknown, referralId: number, key: Buffer, now: Date): FormNonceCheck {
  if (typeof nonce !== 'string' || nonce === '') return { ok: false, reason: 'missing' };
  const m = /^([1-9]\d{0,11})\.([A-Za-z0-9_-]{8,32})\.([A-Za-z0-9_-]+)$/.exec(nonce);
  if (!m || m[3]!.length !== MAC_CHARS) return { ok: false, reason: 'invalid' };
  if (!sameMac(mac(key, `${NONCE_CONTEXT}${referralId}:${m[1]}:${m[2]}`), m[3]!)) return { ok: false, reason: 'invalid' };
  const ageMs = now.getTime() - Number(m[1]) * 1000;
  // A little leeway for clocks of two instances; a nonce "from the future" beyond that is not ours.
  if (ageMs > FORM_NONCE_MAX_AGE_HOURS * 3600_000 || ageMs < -300_000) return { ok: false, reason: 'stale' };
  return { ok: true, nonce };
}

function mac(key: Buffer, message: string): string {
  return createHmac('sha256', key).update(message).digest().subarray(0, MAC_BYTES).toString('base64url');
}

function sameMac(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
