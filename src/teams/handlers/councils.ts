import { regionalCouncilOverview } from '../../services/councils/regional-council-overview.js';
import type { ServiceDeps } from '../../services/deps.js';
import { councilsCard } from '../cards/councils.js';
import { sendCard } from '../turn.js';
import type { TextRoute } from './messages.js';

export function councilsTextRoutes(deps: ServiceDeps): TextRoute[] {
  return [
    {
      match: (c) => c === 'councils' || c === 'list councils',
      handle: async ({ context, actor }) => void (await sendCard(context, councilsCard((await regionalCouncilOverview(deps, actor))))),
    },
  ];
}
