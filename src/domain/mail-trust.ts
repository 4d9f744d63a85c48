/**
 * Whether a message can be trusted to be what it says: the verdict of the council's own receiving server
 * (Authentication-Results, RFC 8601), and whether a "bounce" really is one. Pure rules; the caller supplies
 * which servers it trusts and which domains may send bounces.
 */

export interface AuthenticationResult {
  /** The server that wrote the verdict (its authserv-id), lower-case. */
  authservId: string;
  method: 'spf' | 'dkim' | 'dmarc' | string;
  result: string;
}

/** Comments in parentheses are dropped, as RFC 8601 allows them anywhere. */
function withoutComments(value: string): string {
  let depth = 0;
  let out = '';
  for (const c of value) {
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

/** "mx.council.gov.uk; spf=pass smtp.mailfrom=…; dkim=fail header.d=…; dmarc=fail" → one result per method. */
export function parseAuthenticationResults(headerValues: readonly string[]): AuthenticationResult[] {
  return headerValues.flatMap((header) => {
    const [first = '', ...resinfo] = withoutComments(header.replace(/\r?\n[ \t]+/g, ' ')).split(';');
    const authservId = first.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (!authservId) return [];
    return resinfo.flatMap((part) => {
      const match = /^\s*([a-z][a-z0-9-]*)\s*=\s*([a-z]+)/i.exec(part);
      return match ? [{ authservId, method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase() }] : [];
    });
  });
}

const FAILING = new Set(['fail', 'softfail', 'permerror']);

/**
 * A reason to hold the message for a person when a server we trust found it failing SPF, DKIM or DMARC;
 * null when it passed or no trusted server gave a verdict. Headers from servers we do not trust are ignored
 * (anyone can write an Authentication-Results header into a message).
 */
export function authenticationProblem(headerValues: readonly string[], trustedAuthservIds: readonly string[]): string | null {
  const trusted = new Set(trustedAuthservIds.map((id) => id.toLowerCase()));
  const results = parseAuthenticationResults(headerValues).filter((r) => trusted.has(r.authservId));
  if (!results.length) return null;
  const dmarc = results.filter((r) => r.method === 'dmarc');
  const failed = results.filter((r) => ['spf', 'dkim', 'dmarc'].includes(r.method) && FAILING.has(r.result));
  // DMARC decides when the server evaluated it; otherwise a failing SPF or DKIM is enough to hold it.
  if (dmarc.length ? dmarc.every((r) => r.result === 'pass') : failed.length === 0) return null;
  const verdicts = results.filter((r) => ['spf', 'dkim', 'dmarc'].includes(r.method)).map((r) => `${r.method}=${r.result}`);
  return `our mail server could not confirm who sent it (${[...new Set(verdicts)].join(', ')})`;
}

const BOUNCE_MAILBOX = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function withinDomain(domain: string, of: string): boolean {
  const d = of.toLowerCase();
  return domain === d || domain.endsWith(`.${d}`);
}

/**
 * Whether a message that looks like a bounce may mark a referral undelivered: a real delivery status
 * notification (multipart/report; report-type=delivery-status), or a bounce from the mail system of the
 * provider's registered domain or of our own relay. A subject saying "Undeliverable" proves nothing.
 */
export function bounceIsTrusted(
  bounce: { detected: boolean; reasons: readonly string[] },
  sender: string | null,
  domains: { provider: readonly string[]; relay: readonly string[] },
): boolean {
  if (!bounce.detected) return false;
  if (bounce.reasons.includes('multipart/report delivery-status')) return true;
  if (!sender || !BOUNCE_MAILBOX.test(sender)) return false;
  const domain = domainOf(sender);
  return [...domains.provider, ...domains.relay].some((d) => withinDomain(domain, d));
}
