import type { ServiceDeps } from '../services/deps.js';
import type { TeamsFeatures } from './app.js';

/** Feature routes beyond the core (help, whoami, channel registration). Each feature adds its own here. */
export function teamsFeatures(_deps: ServiceDeps, _afterCommit: () => void): TeamsFeatures {
  return { textRoutes: [], cardActions: [] };
}
