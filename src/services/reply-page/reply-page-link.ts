import type { ReferralRow, ShortlistRow } from '../../db/repositories/referrals.js';
import { replyPageKey, replyPageLinkExpiry, replyPageToken } from '../../domain/reply-page-token.js';
import type { ServiceDeps } from '../deps.js';

/** The key that signs this deployment's reply-page links and forms. */
export function replyPageKeyOf(deps: ServiceDeps): Buffer {
  return replyPageKey({ replyPageSecret: deps.config.REPLY_PAGE_SECRET, replyTokenSecret: deps.config.REPLY_TOKEN_SECRET });
}

/**
 * The personal link a referral (or its reminder) carries to the reply page, valid until the end of the
 * response deadline plus the grace; undefined when the deployment has no public address for the page.
 */
export function replyPageUrlFor(deps: ServiceDeps, referral: Pick<ReferralRow, 'id'>, shortlist: Pick<ShortlistRow, 'responseDeadline'>): string | undefined {
  if (!deps.publicBaseUrl) return undefined;
  return `${deps.publicBaseUrl}/reply/${replyPageToken(referral.id, replyPageLinkExpiry(shortlist.responseDeadline), replyPageKeyOf(deps))}`;
}
