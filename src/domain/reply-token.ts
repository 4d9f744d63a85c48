import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed reply addresses: `reply+<referralId>.<mac>@<reply domain>`. A provider's reply comes back to the
 * address it was sent from, so the address itself says which referral it answers, and the MAC stops
 * anyone from steering a reply onto another council's referral by editing the number.
 *
 * Mail systems are free to change the case of a local part and some limit it to 64 octets (RFC 5321), so
 * the address is lower-case, the MAC is base32 (case-insensitive) and the whole local part stays short.
 */

const LOCAL_PREFIX = 'reply+';
/** Bound into the MAC so the same secret can never sign something else that looks the same. */
const MAC_CONTEXT = 'placement-desk/reply-address/v1:';
/** 15 bytes = 120 bits of HMAC-SHA256, exactly 24 base32 characters. */
const MAC_BYTES = 15;
const MAC_CHARS = 24;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
export const MAX_LOCAL_PART_OCTETS = 64;

export type ReplyAddressParse = { referralId: number } | { error: 'not_ours' | 'malformed' | 'bad_signature' };

export function replyAddress(referralId: number, secret: string, domain: string): string {
  if (!Number.isSafeInteger(referralId) || referralId < 1) throw new RangeError(`Referral id must be a positive integer: ${referralId}`);
  if (secret === '') throw new RangeError('The reply token secret is empty');
  const local = `${LOCAL_PREFIX}${referralId}.${mac(referralId, secret)}`;
  // 6 + at most 16 digits + 1 + 24 = 47: the limit is a guard against someone lengthening the MAC later.
  if (Buffer.byteLength(local) > MAX_LOCAL_PART_OCTETS) throw new RangeError('Reply address local part too long');
  return `${local}@${normaliseDomain(domain)}`;
}

/**
 * Reads an address as it arrives in a To/Cc/Delivered-To header: bare, in angle brackets, or with a
 * display name ('"Placements" <Reply+42.abc…@Example.org>'), in any case.
 */
export function parseReplyAddress(address: string, secret: string, domain: string): ReplyAddressParse {
  const bare = extractAddress(address);
  const at = bare.lastIndexOf('@');
  if (at <= 0 || at === bare.length - 1) return { error: 'malformed' };
  const local = bare.slice(0, at);
  if (bare.slice(at + 1) !== normaliseDomain(domain) || !local.startsWith(LOCAL_PREFIX)) return { error: 'not_ours' };

  const m = /^(\d{1,16})\.([a-z2-7]+)$/.exec(local.slice(LOCAL_PREFIX.length));
  if (!m || m[2]!.length !== MAC_CHARS) return { error: 'malformed' };
  const idText = m[1]!;
  const referralId = Number(idText);
  // One id, one spelling: '042' is not 42, so an address cannot be varied while keeping its MAC.
  if (!Number.isSafeInteger(referralId) || referralId < 1 || String(referralId) !== idText) return { error: 'malformed' };

  const expected = Buffer.from(mac(referralId, secret));
  const given = Buffer.from(m[2]!);
  return timingSafeEqual(expected, given) ? { referralId } : { error: 'bad_signature' };
}

/**
 * A Message-ID we generate and keep, so replies and bounces that quote it (In-Reply-To, References)
 * can be matched: '<referral.42.3f9c…@reply.example.org>'. `random` is injectable for tests.
 */
export function messageIdFor(kind: string, id: number, domain: string, random: () => string = randomIdPart): string {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new RangeError(`Message-ID kind must be lower-case letters, digits and hyphens: ${kind}`);
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`Message-ID id must be a whole number: ${id}`);
  const unique = random();
  if (!/^[A-Za-z0-9]+$/.test(unique)) throw new RangeError('Message-ID random part must be letters and digits');
  return `<${kind}.${id}.${unique}@${normaliseDomain(domain)}>`;
}

function randomIdPart(): string {
  return randomBytes(12).toString('hex');
}

function mac(referralId: number, secret: string): string {
  const digest = createHmac('sha256', secret).update(`${MAC_CONTEXT}${referralId}`).digest();
  return base32(digest.subarray(0, MAC_BYTES));
}

/** RFC 4648 base32, lower-case, no padding. */
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xfff; // only the unread bits (< 13) matter
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

function extractAddress(input: string): string {
  const trimmed = input.trim();
  // The last <…> holds the address; a display name may itself contain '<' in quotes.
  const angle = /<([^<>]*)>\s*$/.exec(trimmed);
  const address = angle ? angle[1]! : trimmed;
  return address.trim().replace(/^mailto:/i, '').toLowerCase();
}

/** A reminder's Message-ID follows from its referral's, so every attempt (and a repeat) carries the same one. */
export function reminderMessageId(referralMessageId: string): string {
  return `<reminder.${referralMessageId.replace(/^</, '')}`;
}
