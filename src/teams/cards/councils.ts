import type { CouncilListing, EnvironmentListing } from '../../services/councils/list-councils.js';
import { adaptiveCard, heading, md, text, type AdaptiveCard, type CardElement } from './card.js';

/** Every council of the deployment and where its onboarding stands, for regional administrators (no child data). */
export function councilsCard(listing: { councils: CouncilListing[]; environment: EnvironmentListing | null }): AdaptiveCard {
  const body: CardElement[] = [...heading('Councils on this deployment', `${listing.councils.filter((c) => c.status === 'active').length} active of ${listing.councils.length}`)];
  for (const c of listing.councils) {
    const registration = c.registration ? `own registration (app ${c.registration.appId}, tenant ${c.registration.tenantId}); secret: ${c.registration.secret}` : 'no registration of its own';
    body.push(
      text(
        md`**${c.name}** (${c.code}) · ${c.status === 'removed' ? `removed${c.removedOn ? ` on ${c.removedOn}` : ''}` : 'active'} · ${registration} · ${c.activeStaff} active staff · ${c.hasApprovalsChannel ? 'approvals channel chosen' : 'no approvals channel yet'}`,
        { separator: true },
      ),
    );
  }
  if (listing.environment) {
    body.push(text(md`The deployment's own registration (BOT_ID): app ${listing.environment.appId}, tenant ${listing.environment.tenantId}, ${listing.environment.councilCode ? `for ${listing.environment.councilCode}` : 'for any council in that tenant'}; secret: ${listing.environment.secret}.`, { separator: true }));
  }
  body.push(
    text(
      'Onboarding a council, rotating its secret and removing it are operator commands on the server (add-council, update-council, remove-council): they decide whom the deployment trusts, and the secret must be put there, never in Teams. The council\'s own administrator then adds its staff with **staff**.',
      { isSubtle: true, size: 'Small' },
    ),
  );
  return adaptiveCard(body);
}
