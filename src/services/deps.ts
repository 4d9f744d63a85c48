import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';

/** What a use case may touch. Passed in, never imported, so tests can substitute the clock. */
export interface ServiceDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  /**
   * Where providers reach the reply page (no trailing slash): PUBLIC_BASE_URL, or on a local run the
   * server's own address once it listens. Undefined: referral e-mails carry no reply-page link.
   */
  publicBaseUrl?: string;
}
