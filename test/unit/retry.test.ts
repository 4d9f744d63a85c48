import { describe, expect, it } from 'vitest';
import { giveUpAt, nextRetryAt, retryDecision, RETRY_INTERVAL_CAP_MS } from '../../src/domain/retry.js';

const at = (iso: string) => new Date(iso);

describe('delivery retries', () => {
  it('back off quickly at first, then every 15 minutes for as long as it takes', () => {
    const now = at('2026-12-01T10:00:00Z');
    const delays = [1, 2, 3, 4, 5, 6, 50, 500].map((attempts) => nextRetryAt(now, attempts).getTime() - now.getTime());
    expect(delays).toEqual([5_000, 30_000, 120_000, 600_000, 900_000, 900_000, 900_000, 900_000]);
    expect(RETRY_INTERVAL_CAP_MS).toBe(900_000);
  });

  it('keeps retrying for the whole period (72 hours by default), not 1 h 43 min, then gives up', () => {
    const queuedAt = '2026-12-01T10:00:00.000Z';
    const decide = (now: string, attempts: number) => retryDecision({ permanent: false, now: at(now), attempts, queuedAt, giveUpAt: null, giveUpHours: 72 });
    expect(decide('2026-12-01T11:43:00Z', 7)).not.toBeNull();
    expect(decide('2026-12-03T10:00:00Z', 200)).not.toBeNull();
    expect(decide('2026-12-04T09:44:59Z', 300)).not.toBeNull();
    expect(decide('2026-12-04T09:50:00Z', 300)).toBeNull();
  });

  it('a permanent failure is dead at once; a requeued item gets a fresh period from when it was sent again', () => {
    expect(retryDecision({ permanent: true, now: at('2026-12-01T10:00:00Z'), attempts: 1, queuedAt: '2026-12-01T10:00:00Z', giveUpAt: null, giveUpHours: 72 })).toBeNull();
    const requeued = giveUpAt(at('2026-12-10T09:00:00Z'), 72).toISOString();
    expect(requeued).toBe('2026-12-13T09:00:00.000Z');
    expect(retryDecision({ permanent: false, now: at('2026-12-12T09:00:00Z'), attempts: 400, queuedAt: '2026-12-01T10:00:00Z', giveUpAt: requeued, giveUpHours: 72 })).not.toBeNull();
  });
});
