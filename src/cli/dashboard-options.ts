import { parseDashboardFilters, type DashboardFilters } from '../domain/dashboard.js';
import { UsageError } from './command.js';

/** `--period`, `--lot`, `--need` checked by the same rules as the dashboard card's filters. */
export function filtersFromOptions(options: Record<string, string | true>, today: string): DashboardFilters {
  const value = (k: string) => (typeof options[k] === 'string' ? (options[k] as string) : '');
  const parsed = parseDashboardFilters({ period: value('period'), lot: value('lot'), need: value('need') }, today);
  if (!parsed.ok) throw new UsageError(Object.values(parsed.errors).join(' '));
  return parsed.filters;
}
