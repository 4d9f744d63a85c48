import type { OutboxRow } from '../db/repositories/outbox.js';
import { findRequestById } from '../db/repositories/placement-requests.js';
import { findActorById } from '../db/repositories/staff.js';
import { calendarDateOf } from '../domain/calendar-date.js';
import type { ServiceDeps } from '../services/deps.js';
import { PermanentDeliveryError } from '../services/outbox-dispatcher.js';
import type { TeamsMessage } from '../services/ports.js';
import { requestChannelCard } from './cards/request-view.js';

/** Renders an outbox item's message when it is delivered, from the database as it is then. */
export function createOutboxRenderer(deps: ServiceDeps) {
  return (item: OutboxRow): TeamsMessage => {
    const payload = item.payload as { template?: string; requestId?: number };
    const today = calendarDateOf(deps.clock.now());
    switch (payload.template) {
      case 'request_submitted': {
        const request = payload.requestId !== undefined ? findRequestById(deps.db, { councilId: item.councilId }, payload.requestId) : undefined;
        if (!request) throw new PermanentDeliveryError('request not found');
        const caseworker = findActorById(deps.db, request.caseworkerStaffId);
        return { card: requestChannelCard(request, caseworker?.name ?? 'a caseworker', today) };
      }
      default:
        throw new PermanentDeliveryError(`unknown message template ${String(payload.template)}`);
    }
  };
}
