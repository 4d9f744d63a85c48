import type { CouncilScope } from '../../db/council-scope.js';
import { listReferralsForRequest, type ReferralRow } from '../../db/repositories/referrals.js';
import type { ServiceDeps } from '../deps.js';

export interface ProviderReferralStatus {
  providerId: string;
  providerName: string;
  contacts: Array<{ email: string; status: ReferralRow['status']; lastError: string | null }>;
  sentAt: string | null;
  reminded: boolean;
  respondedAt: string | null;
  autoReplyAt: string | null;
}

/** Per provider: were the e-mails delivered, was a reminder sent, has the provider answered. */
export async function referralStatusByProvider(deps: ServiceDeps, scope: CouncilScope, requestId: number, names: Map<string, string>): Promise<ProviderReferralStatus[]> {
  const byProvider = new Map<string, ProviderReferralStatus>();
  for (const r of (await listReferralsForRequest(deps.db, scope, requestId))) {
    const entry = byProvider.get(r.providerId) ?? {
      providerId: r.providerId,
      providerName: names.get(r.providerId) ?? r.providerId,
      contacts: [],
      sentAt: null,
      reminded: false,
      respondedAt: null,
      autoReplyAt: null,
    };
    entry.contacts.push({ email: r.contactEmail, status: r.status, lastError: r.lastError });
    entry.sentAt = entry.sentAt ?? r.sentAt;
    entry.reminded ||= r.reminderSentAt !== null;
    entry.respondedAt = [entry.respondedAt, r.respondedAt].filter((v): v is string => v !== null).sort()[0] ?? null;
    entry.autoReplyAt = r.autoReplyAt ?? entry.autoReplyAt;
    byProvider.set(r.providerId, entry);
  }
  return [...byProvider.values()];
}
