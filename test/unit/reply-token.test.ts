import { describe, expect, it } from 'vitest';
import { MAX_LOCAL_PART_OCTETS, messageIdFor, parseReplyAddress, replyAddress } from '../../src/domain/reply-token.js';

const SECRET = 'test-reply-token-secret-0123456789abcdef';
const DOMAIN = 'reply.westbay.example';

describe('replyAddress', () => {
  it('is reply+<id>.<mac>@domain, lower-case, with a 120-bit base32 MAC', () => {
    const address = replyAddress(42, SECRET, 'Reply.Westbay.Example');
    expect(address).toMatch(/^reply\+42\.[a-z2-7]{24}@reply\.westbay\.example$/);
    expect(address).toBe(address.toLowerCase());
  });

  it('is stable for one secret and differs per id and per secret', () => {
    expect(replyAddress(42, SECRET, DOMAIN)).toBe(replyAddress(42, SECRET, DOMAIN));
    expect(replyAddress(43, SECRET, DOMAIN).split('.')[1]).not.toBe(replyAddress(42, SECRET, DOMAIN).split('.')[1]);
    expect(replyAddress(42, `${SECRET}x`, DOMAIN)).not.toBe(replyAddress(42, SECRET, DOMAIN));
  });

  it('keeps the local part within 64 octets even for the largest id', () => {
    const local = replyAddress(Number.MAX_SAFE_INTEGER, SECRET, DOMAIN).split('@')[0]!;
    expect(Buffer.byteLength(local)).toBeLessThanOrEqual(MAX_LOCAL_PART_OCTETS);
    expect(local).toBe(`reply+${Number.MAX_SAFE_INTEGER}.${local.split('.')[1]}`);
  });

  it('refuses ids that are not positive whole numbers, and an empty secret', () => {
    expect(() => replyAddress(0, SECRET, DOMAIN)).toThrow(RangeError);
    expect(() => replyAddress(-1, SECRET, DOMAIN)).toThrow(RangeError);
    expect(() => replyAddress(1.5, SECRET, DOMAIN)).toThrow(RangeError);
    expect(() => replyAddress(1, '', DOMAIN)).toThrow(RangeError);
  });
});

describe('parseReplyAddress', () => {
  const address = replyAddress(1234, SECRET, DOMAIN);

  it('round-trips', () => {
    expect(parseReplyAddress(address, SECRET, DOMAIN)).toEqual({ referralId: 1234 });
    for (const id of [1, 99, 2_000_000_001, Number.MAX_SAFE_INTEGER]) {
      expect(parseReplyAddress(replyAddress(id, SECRET, DOMAIN), SECRET, DOMAIN)).toEqual({ referralId: id });
    }
  });

  it('ignores case (mail systems may change it) in the address and the configured domain', () => {
    expect(parseReplyAddress(address.toUpperCase(), SECRET, DOMAIN)).toEqual({ referralId: 1234 });
    expect(parseReplyAddress(address, SECRET, DOMAIN.toUpperCase())).toEqual({ referralId: 1234 });
  });

  it('accepts angle brackets and display names', () => {
    expect(parseReplyAddress(`<${address}>`, SECRET, DOMAIN)).toEqual({ referralId: 1234 });
    expect(parseReplyAddress(`Placements Team <${address}>`, SECRET, DOMAIN)).toEqual({ referralId: 1234 });
    expect(parseReplyAddress(`"Westbay <Placements>, SEN" <${address.toUpperCase()}>`, SECRET, DOMAIN)).toEqual({ referralId: 1234 });
    expect(parseReplyAddress(`  ${address}  `, SECRET, DOMAIN)).toEqual({ referralId: 1234 });
  });

  it('reports a changed id or MAC as a bad signature', () => {
    expect(parseReplyAddress(address.replace('reply+1234.', 'reply+1235.'), SECRET, DOMAIN)).toEqual({ error: 'bad_signature' });
    const mac = address.slice('reply+1234.'.length, address.indexOf('@'));
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('a') ? 'b' : 'a'}`;
    expect(parseReplyAddress(address.replace(mac, flipped), SECRET, DOMAIN)).toEqual({ error: 'bad_signature' });
    expect(parseReplyAddress(address, `${SECRET}-rotated`, DOMAIN)).toEqual({ error: 'bad_signature' });
  });

  it('says an address on another domain, or not a reply address, is not ours', () => {
    expect(parseReplyAddress(address.replace(DOMAIN, 'reply.other.example'), SECRET, DOMAIN)).toEqual({ error: 'not_ours' });
    expect(parseReplyAddress(address.replace(DOMAIN, `evil.${DOMAIN}`), SECRET, DOMAIN)).toEqual({ error: 'not_ours' });
    expect(parseReplyAddress(`placements@${DOMAIN}`, SECRET, DOMAIN)).toEqual({ error: 'not_ours' });
  });

  it('says a damaged reply address is malformed', () => {
    const mac = address.slice('reply+1234.'.length, address.indexOf('@'));
    for (const bad of [
      'not an address',
      `reply+1234@${DOMAIN}`,
      `reply+1234.@${DOMAIN}`,
      `reply+.${mac}@${DOMAIN}`,
      `reply+abc.${mac}@${DOMAIN}`,
      `reply+01234.${mac}@${DOMAIN}`, // the same id spelt differently must not pass with the same MAC
      `reply+0.${mac}@${DOMAIN}`,
      `reply+1234.${mac.slice(0, -1)}@${DOMAIN}`,
      `reply+1234.${mac}0@${DOMAIN}`,
      `reply+1234.${mac.slice(0, -1)}1@${DOMAIN}`, // '1' is not in the base32 alphabet
      `reply+99999999999999999.${mac}@${DOMAIN}`,
      `@${DOMAIN}`,
      'reply+1@',
    ]) {
      expect(parseReplyAddress(bad, SECRET, DOMAIN), bad).toEqual({ error: 'malformed' });
    }
  });
});

describe('messageIdFor', () => {
  it('builds <kind.id.random@domain> with the injected random part', () => {
    expect(messageIdFor('referral', 42, 'Reply.Westbay.Example', () => 'abc123')).toBe('<referral.42.abc123@reply.westbay.example>');
  });

  it('uses a fresh random part by default', () => {
    const a = messageIdFor('reminder', 7, DOMAIN);
    const b = messageIdFor('reminder', 7, DOMAIN);
    expect(a).toMatch(/^<reminder\.7\.[0-9a-f]{24}@reply\.westbay\.example>$/);
    expect(a).not.toBe(b);
  });

  it('refuses parts that would make an invalid Message-ID', () => {
    expect(() => messageIdFor('Referral Mail', 1, DOMAIN, () => 'x')).toThrow(RangeError);
    expect(() => messageIdFor('referral', -1, DOMAIN, () => 'x')).toThrow(RangeError);
    expect(() => messageIdFor('referral', 1, DOMAIN, () => 'a@b')).toThrow(RangeError);
  });
});
