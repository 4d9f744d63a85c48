/**
 * Delivery retries: quick at first (a blip), then every 15 minutes for as long as the outage lasts, for
 * days; a failure that retrying cannot fix is dead at once. When the service answers again, items waiting
 * for it are tried straight away (the dispatcher pulls them forward), so a queue drains within a minute.
 */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000] as const;
export const RETRY_INTERVAL_CAP_MS = 900_000;

/** When to try again after `attempts` failed attempts. */
export function nextRetryAt(now: Date, attempts: number): Date {
  const delay = RETRY_DELAYS_MS[attempts - 1] ?? RETRY_INTERVAL_CAP_MS;
  return new Date(now.getTime() + delay);
}

/** Until when an item queued (or requeued) at `from` keeps being retried. */
export function giveUpAt(from: Date, giveUpHours: number): Date {
  return new Date(from.getTime() + giveUpHours * 3_600_000);
}

/**
 * Whether a failed item is retried, and when; null when it is dead: a permanent failure, or a retry that
 * would fall after its give-up time (its own, once requeued, else the retry period from when it was queued).
 */
export function retryDecision(failure: { permanent: boolean; now: Date; attempts: number; queuedAt: string; giveUpAt: string | null; giveUpHours: number }): Date | null {
  if (failure.permanent) return null;
  const next = nextRetryAt(failure.now, failure.attempts);
  const limit = failure.giveUpAt ? new Date(failure.giveUpAt) : giveUpAt(new Date(failure.queuedAt), failure.giveUpHours);
  return next > limit ? null : next;
}
