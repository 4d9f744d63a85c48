import { appendAudit } from '../db/repositories/audit.js';
import { findApprovalsChannel, saveConversationReference } from '../db/repositories/conversations.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import type { PlaygroundConfig } from './playground.js';
import { writeTransaction } from '../db/transaction.js';

/**
 * In dev mode the Playground's team channel is the demo council's approvals channel. The Playground's
 * port can change between runs, so the stored reference is refreshed on every start.
 */
export async function registerPlaygroundChannel(db: Db, clock: Clock, councilId: number, config: PlaygroundConfig, playgroundPort: number) {
  const channel = config.team.channels[0];
  if (!channel) throw new Error('The Playground config has no team channel to use for approvals');
  const reference = {
    channelId: 'msteams',
    serviceUrl: `http://localhost:${playgroundPort}/_connector`,
    bot: config.bot,
    conversation: { id: channel.id, conversationType: 'channel', isGroup: true, tenantId: config.tenantId, name: channel.name },
  };
  const existing = (await findApprovalsChannel(db, councilId));
  const unchanged = existing && existing.conversationId === channel.id && (existing.reference as { serviceUrl?: string }).serviceUrl === reference.serviceUrl;
  if (unchanged) return { channelName: channel.name, teamName: config.team.name, changed: false };
  const now = clock.now();
  (await writeTransaction(db, async (tx) => {
    (await saveConversationReference(
      tx,
      { councilId, purpose: 'approvals_channel', staffId: null, conversationId: channel.id, reference, registeredByStaffId: null },
      now,
    ));
    (await appendAudit(tx, now, {
      councilId,
      actorStaffId: null,
      actorLabel: 'dev:seed',
      action: 'approvals_channel.registered',
      entityType: 'council',
      entityId: String(councilId),
      details: { conversationId: channel.id, channelName: channel.name, replaced: existing?.conversationId ?? null },
    }));
  }));
  return { channelName: channel.name, teamName: config.team.name, changed: true };
}
