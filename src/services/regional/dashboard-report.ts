import type { Actor } from '../../db/repositories/staff.js';
import type { DashboardFilters } from '../../domain/dashboard.js';
import type { ServiceDeps } from '../deps.js';
import { dashboardFor, type DashboardScope } from './dashboard.js';
import { dashboardHtml } from './dashboard-html.js';

/**
 * The dashboard as one printable HTML page with SVG charts: what `report --out` writes and what the
 * report link on the dashboard card opens, with the same role check and the same figures as the card.
 */
export async function dashboardReportHtml(deps: ServiceDeps, actor: Actor, scope: DashboardScope, filters: DashboardFilters): Promise<string> {
  const dashboard = await dashboardFor(deps, actor, scope, filters);
  const title = scope === 'regional' ? 'Regional placement dashboard: all councils' : `Placement dashboard: ${actor.councilName}`;
  return dashboardHtml(dashboard.figures, dashboard.filters, title, deps.clock.now());
}
