import type { RequestHandler } from 'express';
import type { ServiceDeps } from '../services/deps.js';
import { openDocumentLink } from '../services/documents/document-links.js';

/**
 * GET /documents/:token — a document link offered on a card in Teams. The document is made when it is
 * opened (so it is current), never cached, and downloaded rather than shown inline; a refusal says only
 * what the person can do, never why in detail.
 */
export function documentLinkHandler(deps: ServiceDeps): RequestHandler {
  return async (req, res) => {
    const token = typeof req.params.token === 'string' ? req.params.token : '';
    const opened = (await openDocumentLink(deps, token));
    res.set({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    if (!opened.ok) {
      res.status(opened.status).type('text/plain; charset=utf-8').send(opened.message);
      return;
    }
    res.status(200).set({ 'content-type': opened.contentType, 'content-disposition': `attachment; filename="${opened.filename}"` }).send(opened.body);
  };
}
