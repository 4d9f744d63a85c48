import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../db/repositories/staff.js';
import type { DocumentKind } from '../../domain/document-link.js';
import type { ServiceDeps } from '../../services/deps.js';
import { DOCUMENT_LABELS, issueDocumentLink } from '../../services/documents/document-links.js';
import type { DocumentOffer } from '../cards/card.js';
import type { DocumentLinkBase } from '../features.js';

const COMMANDS: Record<DocumentKind, string> = { evidence: 'evidence', appraisal: 'appraisal' };

/**
 * A document on a card: in personal chat a signed link for this person alone; in a channel (where everyone
 * sees the card) only where to ask for one.
 */
export async function documentOffer(deps: ServiceDeps, documents: DocumentLinkBase, context: TurnContext, actor: Actor, request: { id: number; reference: string | null }, kind: DocumentKind): Promise<DocumentOffer> {
  const label = DOCUMENT_LABELS[kind];
  if (context.activity.conversation?.conversationType !== 'personal') return { inChannel: true, command: `${COMMANDS[kind]} ${request.reference ?? ''}`, label };
  const link = (await issueDocumentLink(deps, documents.baseUrl(), actor, request.id, kind));
  return { url: link.url, minutes: link.minutes, label };
}
