import type { ServiceDeps } from '../services/deps.js';
import type { TeamsFeatures } from './app.js';
import { appraisalCardActions, appraisalTextRoutes } from './handlers/appraisals.js';
import { referralCardActions, referralTextRoutes } from './handlers/referrals.js';
import { replyCardActions, replyTextRoutes } from './handlers/replies.js';
import { awardCardActions, awardTextRoutes } from './handlers/awards.js';
import { dashboardCardActions, dashboardTextRoutes } from './handlers/dashboards.js';
import { requestCardActions, requestTextRoutes } from './handlers/requests.js';
import { deliveryCardActions } from './handlers/deliveries.js';
import { staffCardActions, staffTextRoutes } from './handlers/staff.js';
import { coverCardActions, coverTextRoutes } from './handlers/cover.js';
import { councilsTextRoutes } from './handlers/councils.js';
import { workCardActions, workTextRoutes } from './handlers/work.js';

/**
 * Feature routes beyond the core (help, whoami, channel registration). `afterCommit` asks the outbox to
 * deliver what a change just enqueued.
 */
/** Where the document links offered on cards point. */
export interface DocumentLinkBase {
  baseUrl(): string;
}

export function teamsFeatures(deps: ServiceDeps, afterCommit: () => void, documents: DocumentLinkBase = { baseUrl: () => `http://${deps.config.HOST}:${deps.config.PORT}` }): TeamsFeatures {
  return {
    textRoutes: [...workTextRoutes(deps), ...staffTextRoutes(deps), ...coverTextRoutes(deps), ...councilsTextRoutes(deps), ...appraisalTextRoutes(deps, documents), ...referralTextRoutes(deps), ...replyTextRoutes(deps), ...awardTextRoutes(deps, documents), ...dashboardTextRoutes(deps, documents), ...requestTextRoutes(deps)],
    cardActions: [...requestCardActions(deps, afterCommit), ...appraisalCardActions(deps, afterCommit), ...referralCardActions(deps, afterCommit), ...replyCardActions(deps, afterCommit), ...awardCardActions(deps, afterCommit), ...deliveryCardActions(deps, afterCommit), ...dashboardCardActions(deps, documents), ...staffCardActions(deps), ...coverCardActions(deps, afterCommit), ...workCardActions(deps)],
  };
}
