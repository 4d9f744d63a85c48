import { findRequestsByReferenceAcrossCouncils } from '../../db/repositories/placement-requests.js';
import { findReferralForRouting, findReferralsByMessageIds, listReferralsForRequest, type ReferralRow } from '../../db/repositories/referrals.js';
import { findProvider } from '../../db/repositories/providers.js';
import { parseReplyAddress } from '../../domain/reply-token.js';
import { requestReferenceInSubject, senderMatchesProvider } from '../../domain/sender-match.js';
import type { RouteMethod } from '../../db/schema/inbound.js';
import type { ParsedMessage } from '../../mail/inbound/parse-message.js';
import type { ServiceDeps } from '../deps.js';

export type RouteDecision =
  | { routed: true; referral: ReferralRow; method: RouteMethod }
  | { routed: false; problem: string; councilId: number | null; candidates: ReferralRow[] };

/** Message-IDs we sent for a referral: the referral itself and its reminder. */
function referralIdsFromReplyHeaders(message: ParsedMessage): string[] {
  const ids = [message.inReplyTo, ...message.references].filter((v): v is string => !!v);
  // Reminders carry "<reminder.referral.…>": the referral's own id follows the prefix.
  return [...new Set(ids.flatMap((id) => (id.startsWith('<reminder.') ? [id, `<${id.slice('<reminder.'.length)}`] : [id])))];
}

/**
 * Works out which referral a provider's message answers, in order of trust: the signed reply address,
 * then In-Reply-To/References against our Message-IDs, then the reference in the subject. The sender must
 * be registered for the referral's provider. Anything else is not guessed: it goes to a person.
 */
export async function routeReply(deps: ServiceDeps, message: ParsedMessage): Promise<RouteDecision> {
  const sender = message.from?.address ?? '';
  const senderFits = async (referral: ReferralRow) => {
    const provider = (await findProvider(deps.db, referral.providerId));
    return provider !== undefined && senderMatchesProvider(sender, provider);
  };
  const refuse = (problem: string, candidates: ReferralRow[]): RouteDecision => {
    const councils = [...new Set(candidates.map((c) => c.councilId))];
    return { routed: false, problem, councilId: councils.length === 1 ? councils[0]! : null, candidates };
  };

  /** Referrals of the request named in the subject that this sender may answer for. */
  const bySubject = async (): Promise<{ reference: string | null; candidates: ReferralRow[]; fitting: ReferralRow[] }> => {
    const reference = requestReferenceInSubject(message.subject);
    if (!reference) return { reference, candidates: [], fitting: [] };
    const requests = await findRequestsByReferenceAcrossCouncils(deps.db, reference);
    const candidates = (await Promise.all(requests.map((r) => listReferralsForRequest(deps.db, { councilId: r.councilId }, r.id)))).flat();
    const fits = await Promise.all(candidates.map(senderFits));
    return { reference, candidates, fitting: candidates.filter((_, i) => fits[i]) };
  };

  const recipients = [...message.to, ...message.cc].map((a) => a.address);
  const tokens = recipients.map((a) => parseReplyAddress(a, deps.config.REPLY_TOKEN_SECRET, deps.config.REPLY_DOMAIN)).filter((t) => !('error' in t && t.error === 'not_ours'));
  for (const token of tokens) {
    if ('error' in token) {
      // Someone wrote to a reply address with a signature that does not verify: never attach it automatically.
      const byHeaders = (await findReferralsByMessageIds(deps.db, referralIdsFromReplyHeaders(message)));
      return refuse(`the reply address is not one we issued (${token.error === 'bad_signature' ? 'forged or altered signature' : 'malformed'})`, byHeaders.length ? byHeaders : (await bySubject()).fitting);
    }
    const referral = (await findReferralForRouting(deps.db, token.referralId));
    if (!referral) return refuse('the reply address names a referral that does not exist', []);
    if (!(await senderFits(referral))) return refuse(`the sender ${sender || '(none)'} is not registered for provider ${referral.providerId}`, [referral]);
    return { routed: true, referral, method: 'token' };
  }

  const byHeaders = (await findReferralsByMessageIds(deps.db, referralIdsFromReplyHeaders(message)));
  if (byHeaders.length) {
    const fits = await Promise.all(byHeaders.map(senderFits));
    const fitting = byHeaders.filter((_, i) => fits[i]);
    const providers = new Set(fitting.map((r) => `${r.councilId}:${r.requestId}:${r.providerId}`));
    if (fitting.length && providers.size === 1) return { routed: true, referral: fitting[0]!, method: 'in_reply_to' };
    return refuse(fitting.length ? 'it answers more than one referral' : `the sender ${sender || '(none)'} is not registered for the provider it answers`, byHeaders);
  }

  const { reference, candidates, fitting } = (await bySubject());
  if (reference) {
    const providers = new Set(fitting.map((r) => `${r.councilId}:${r.requestId}:${r.providerId}`));
    if (fitting.length && providers.size === 1) return { routed: true, referral: fitting[0]!, method: 'subject' };
    return refuse(fitting.length ? `more than one referral for ${reference} fits this sender` : `no referral for ${reference} was sent to ${sender || 'this sender'}`, fitting.length ? fitting : candidates);
  }
  return refuse('it carries no reply address, no reference to a message we sent and no request reference', []);
}
