/** Delivery retries: quick at first (a blip), then spaced out (an outage), then give up and tell someone. */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000] as const;
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** When to try again after `attempts` failures, or null when the limit is reached. */
export function nextRetryAt(now: Date, attempts: number): Date | null {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return null;
  const delay = RETRY_DELAYS_MS[Math.min(attempts - 1, RETRY_DELAYS_MS.length - 1)]!;
  return new Date(now.getTime() + delay);
}
