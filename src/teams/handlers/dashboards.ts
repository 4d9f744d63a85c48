import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../db/repositories/staff.js';
import { defaultFilters, parseDashboardFilters, type DashboardFilters } from '../../domain/dashboard.js';
import type { ServiceDeps } from '../../services/deps.js';
import { assertMaySee, dashboardFor, todayOf, type DashboardScope } from '../../services/regional/dashboard.js';
import { dashboardCard } from '../cards/dashboard.js';
import type { AdaptiveCard } from '../cards/card.js';
import type { DocumentLinkBase } from '../features.js';
import { sendCard } from '../turn.js';
import type { CardAction } from './card-actions.js';
import { reportOffer } from './documents.js';
import type { TextRoute } from './messages.js';

const scopeOf = (value: unknown): DashboardScope => (value === 'regional' ? 'regional' : 'council');

/** The dashboard card with its printable report offered for the same scope and filters. */
async function drawDashboard(deps: ServiceDeps, documents: DocumentLinkBase, context: TurnContext, actor: Actor, scope: DashboardScope, filters: DashboardFilters, today: string, errors?: Record<string, string>): Promise<AdaptiveCard> {
  const dashboard = await dashboardFor(deps, actor, scope, filters);
  const report = await reportOffer(deps, documents, context, actor, scope, filters, today);
  return dashboardCard(dashboard, { scope, today, errors, report });
}

export function dashboardTextRoutes(deps: ServiceDeps, documents: DocumentLinkBase): TextRoute[] {
  return [
    {
      match: (c) => c === 'dashboard' || c === 'my dashboard' || c === 'council dashboard',
      handle: async ({ context, actor }) => {
        const today = todayOf(deps);
        await sendCard(context, (await drawDashboard(deps, documents, context, actor, 'council', defaultFilters(today), today)));
      },
    },
    {
      match: (c) => c === 'regional dashboard' || c === 'regional data' || c === 'regional figures',
      handle: async ({ context, actor }) => {
        const today = todayOf(deps);
        await sendCard(context, (await drawDashboard(deps, documents, context, actor, 'regional', defaultFilters(today), today)));
      },
    },
  ];
}

export function dashboardCardActions(deps: ServiceDeps, documents: DocumentLinkBase): CardAction[] {
  return [
    {
      verb: 'dashboard.filter',
      handle: async ({ context, actor, data }) => {
        const scope = scopeOf(data.scope);
        // The role is checked before the filters, so a refused person learns nothing from error messages.
        assertMaySee(actor, scope);
        const today = todayOf(deps);
        const parsed = parseDashboardFilters(data, today);
        if (!parsed.ok) return drawDashboard(deps, documents, context, actor, scope, defaultFilters(today), today, parsed.errors);
        return drawDashboard(deps, documents, context, actor, scope, parsed.filters, today);
      },
    },
  ];
}
