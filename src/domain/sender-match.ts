/**
 * Whether a sender may speak for a provider: one of its registered addresses, or an address at one of
 * its registered e-mail domains (subdomains included). Case-insensitive.
 */
export function senderMatchesProvider(sender: string, provider: { contacts: ReadonlyArray<{ email: string }>; emailDomains: readonly string[] }): boolean {
  const address = sender.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const domain = address.slice(at + 1);
  return (
    provider.contacts.some((c) => c.email.toLowerCase() === address) ||
    provider.emailDomains.some((d) => {
      const registered = d.toLowerCase();
      return domain === registered || domain.endsWith(`.${registered}`);
    })
  );
}

/** "PR-2026-0042" in a subject line, normalised; null when there is none or more than one. */
export function requestReferenceInSubject(subject: string | null): string | null {
  const found = new Set([...(subject ?? '').matchAll(/\bPR-(\d{4})-(\d{1,9})\b/gi)].map((m) => `PR-${m[1]}-${m[2]!.padStart(4, '0')}`));
  return found.size === 1 ? [...found][0]! : null;
}
