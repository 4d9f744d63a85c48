import type { CouncilScope } from '../../db/council-scope.js';
import { findOutboxItem } from '../../db/repositories/outbox.js';
import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import { findProvider } from '../../db/repositories/providers.js';
import { findReferralById } from '../../db/repositories/referrals.js';
import { EMAIL_TEMPLATE_LABELS, EMAIL_TEMPLATES, type EmailTemplate } from '../../domain/email-templates.js';
import type { ServiceDeps } from '../../services/deps.js';
import { sendAgain } from '../../services/outbox/send-again.js';
import { PermanentDeliveryError } from '../../services/outbox/dispatcher.js';
import { adaptiveCard, execute, facts, heading, md, notice, type AdaptiveCard, type CardNotice } from '../cards/card.js';
import type { CardAction } from './card-actions.js';

/** The card that tells the people who must act that an e-mail failed for good, naming what it was, with "Send again". */
export async function failedEmailCard(deps: ServiceDeps, scope: CouncilScope, request: PlacementRequestRow, outboxId: number | undefined, options: { notice?: CardNotice } = {}): Promise<AdaptiveCard> {
  const item = outboxId !== undefined ? (await findOutboxItem(deps.db, outboxId)) : undefined;
  if (!item || item.councilId !== scope.councilId) throw new PermanentDeliveryError('failed delivery not found');
  const payload = item.payload as { template?: string; referralId?: number };
  const template = (EMAIL_TEMPLATES as readonly unknown[]).includes(payload.template) ? (payload.template as EmailTemplate) : undefined;
  const referral = payload.referralId !== undefined ? (await findReferralById(deps.db, scope, payload.referralId)) : undefined;
  const provider = referral ? (await findProvider(deps.db, referral.providerId)) : undefined;
  const what = template ? EMAIL_TEMPLATE_LABELS[template] : 'e-mail';
  const status = item.status === 'dead' ? `It was tried ${item.attempts} time(s) and has been given up.` : item.status === 'sent' ? 'It has been sent since.' : 'It is queued to be sent again.';
  return adaptiveCard(
    [
      ...heading(md`The ${what} for ${request.reference} could not be sent`, provider?.name ?? referral?.providerId),
      ...(options.notice ? [notice(options.notice.text, options.notice.style)] : []),
      notice(md`${status} The last answer from the mail server: ${item.lastError ?? 'none'}`, item.status === 'dead' ? 'attention' : 'good'),
      facts([
        ['To', referral?.contactEmail ?? '–'],
        ['What', what],
        ['Message-ID', item.messageId ?? '–'],
      ]),
    ],
    item.status === 'dead' ? [execute('Send again', 'outbox.retry', { outboxId: item.id }, { style: 'positive' })] : [],
  );
}

export function deliveryCardActions(deps: ServiceDeps, afterCommit: () => void): CardAction[] {
  return [
    {
      verb: 'outbox.retry',
      handle: async ({ actor, data }) => {
        const item = (await sendAgain(deps, { actor, outboxId: data.outboxId }));
        afterCommit();
        const referralId = (item.payload as { referralId?: number }).referralId;
        const referral = referralId !== undefined ? (await findReferralById(deps.db, { councilId: actor.councilId }, referralId)) : undefined;
        return adaptiveCard([...heading('Sending again'), notice(md`Queued again by ${actor.name}: it goes out within seconds, with the same Message-ID${referral ? md` to ${referral.contactEmail}` : ''}.`, 'good')]);
      },
    },
  ];
}
