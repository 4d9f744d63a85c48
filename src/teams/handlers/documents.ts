import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../db/repositories/staff.js';
import type { DashboardFilters } from '../../domain/dashboard.js';
import type { RequestDocumentKind } from '../../domain/document-link.js';
import type { ServiceDeps } from '../../services/deps.js';
import { DOCUMENT_LABELS, issueDocumentLink, issueReportLink } from '../../services/documents/document-links.js';
import type { DashboardScope } from '../../services/regional/dashboard.js';
import type { DocumentOffer } from '../cards/card.js';
import type { DocumentLinkBase } from '../features.js';

const COMMANDS: Record<RequestDocumentKind, string> = { evidence: 'evidence', appraisal: 'appraisal' };

const inPersonalChat = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

/**
 * A document on a card: in personal chat a signed link for this person alone; in a channel (where everyone
 * sees the card) only where to ask for one.
 */
export async function documentOffer(deps: ServiceDeps, documents: DocumentLinkBase, context: TurnContext, actor: Actor, request: { id: number; reference: string | null }, kind: RequestDocumentKind): Promise<DocumentOffer> {
  const label = DOCUMENT_LABELS[kind];
  if (!inPersonalChat(context)) return { inChannel: true, command: `${COMMANDS[kind]} ${request.reference ?? ''}`, label };
  const link = (await issueDocumentLink(deps, documents.baseUrl(), actor, request.id, kind));
  return { url: link.url, minutes: link.minutes, label };
}

/** The dashboard's printable report on its card, with the card's scope and filters; the same rule for channels. */
export async function reportOffer(deps: ServiceDeps, documents: DocumentLinkBase, context: TurnContext, actor: Actor, scope: DashboardScope, filters: DashboardFilters, today: string): Promise<DocumentOffer> {
  const label = DOCUMENT_LABELS.report;
  if (!inPersonalChat(context)) return { inChannel: true, command: scope === 'regional' ? 'regional dashboard' : 'dashboard', label };
  const link = (await issueReportLink(deps, documents.baseUrl(), actor, scope, filters, today));
  return { url: link.url, minutes: link.minutes, label };
}
