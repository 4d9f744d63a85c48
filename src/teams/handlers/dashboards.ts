import { defaultFilters, parseDashboardFilters } from '../../domain/dashboard.js';
import type { ServiceDeps } from '../../services/deps.js';
import { assertMaySee, dashboardFor, todayOf, type DashboardScope } from '../../services/regional/dashboard.js';
import { dashboardCard } from '../cards/dashboard.js';
import { sendCard } from '../turn.js';
import type { CardAction } from './card-actions.js';
import type { TextRoute } from './messages.js';

const scopeOf = (value: unknown): DashboardScope => (value === 'regional' ? 'regional' : 'council');

export function dashboardTextRoutes(deps: ServiceDeps): TextRoute[] {
  return [
    {
      match: (c) => c === 'dashboard' || c === 'my dashboard' || c === 'council dashboard',
      handle: async ({ context, actor }) => {
        const today = todayOf(deps);
        await sendCard(context, dashboardCard((await dashboardFor(deps, actor, 'council', defaultFilters(today))), { scope: 'council', today }));
      },
    },
    {
      match: (c) => c === 'regional dashboard' || c === 'regional data' || c === 'regional figures',
      handle: async ({ context, actor }) => {
        const today = todayOf(deps);
        await sendCard(context, dashboardCard((await dashboardFor(deps, actor, 'regional', defaultFilters(today))), { scope: 'regional', today }));
      },
    },
  ];
}

export function dashboardCardActions(deps: ServiceDeps): CardAction[] {
  return [
    {
      verb: 'dashboard.filter',
      handle: async ({ actor, data }) => {
        const scope = scopeOf(data.scope);
        // The role is checked before the filters, so a refused person learns nothing from error messages.
        assertMaySee(actor, scope);
        const today = todayOf(deps);
        const parsed = parseDashboardFilters(data, today);
        if (!parsed.ok) return dashboardCard((await dashboardFor(deps, actor, scope, defaultFilters(today))), { scope, today, errors: parsed.errors });
        return dashboardCard((await dashboardFor(deps, actor, scope, parsed.filters)), { scope, today });
      },
    },
  ];
}
