import { createHmac } from 'node:crypto';
import { recordStaffAudit } from '../../db/repositories/audit.js';
import { findActiveActorById, type Actor } from '../../db/repositories/staff.js';
import { parseDashboardFilters, type DashboardFilters } from '../../domain/dashboard.js';
import { checkDocumentToken, signDocumentToken, type DocumentKind, type ReportClaims, type RequestDocumentKind } from '../../domain/document-link.js';
import { AppError } from '../../domain/errors.js';
import type { Config } from '../../config.js';
import type { ServiceDeps } from '../deps.js';
import { buildAppraisalRecord } from '../appraisals/appraisal-record.js';
import { appraisalMarkdown } from '../appraisals/appraisal-markdown.js';
import { buildEvidenceRecord } from '../evidence/evidence-record.js';
import { evidenceHtml } from '../evidence/evidence-render.js';
import { escapeHtml, markdownToHtml } from '../evidence/markdown-html.js';
import { assertMaySee, type DashboardScope } from '../regional/dashboard.js';
import { dashboardReportHtml } from '../regional/dashboard-report.js';
import { loadVisibleRequest } from '../requests/load-request.js';

export const DOCUMENT_LABELS: Record<DocumentKind, string> = { evidence: 'evidence pack', appraisal: 'options appraisal record', report: 'printable report (HTML)' };

/** The signing key: its own setting, or one derived from the reply-address secret so dev mode needs none. */
export function documentLinkSecret(config: Config): string {
  return config.DOCUMENT_LINK_SECRET ?? createHmac('sha256', config.REPLY_TOKEN_SECRET).update('placement-desk/document-link-key/v1').digest('base64url');
}

export interface DocumentLink {
  url: string;
  minutes: number;
}

/**
 * A link for this person to one document of a request they can see, valid for DOCUMENT_LINK_MINUTES.
 * The request is looked up (and its visibility checked) here, so no link is made for what they may not see.
 */
function linkExpiry(deps: ServiceDeps, now: Date): { minutes: number; expiresAt: number } {
  const minutes = deps.config.DOCUMENT_LINK_MINUTES;
  return { minutes, expiresAt: Math.floor(now.getTime() / 1000) + minutes * 60 };
}

const linkUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/+$/, '')}/documents/${token}`;

export async function issueDocumentLink(deps: ServiceDeps, baseUrl: string, actor: Actor, requestId: number, kind: RequestDocumentKind): Promise<DocumentLink> {
  const request = (await loadVisibleRequest(deps, actor, { id: requestId }));
  const now = deps.clock.now();
  const { minutes, expiresAt } = linkExpiry(deps, now);
  const token = signDocumentToken({ kind, councilId: actor.councilId, requestId: request.id, staffId: actor.staffId, expiresAt }, documentLinkSecret(deps.config));
  (await recordStaffAudit(deps.db, now, actor, {
    action: 'document_link.issued',
    entityType: 'placement_request',
    entityId: request.id,
    details: { kind, expiresAt: new Date(expiresAt * 1000).toISOString() },
  }));
  return { url: linkUrl(baseUrl, token), minutes };
}

/**
 * A link for this person to the dashboard's printable report, of the scope and with the filters the card
 * shows, on the day it was drawn. The role is checked here too, so no link is made for what they may not see.
 */
export async function issueReportLink(deps: ServiceDeps, baseUrl: string, actor: Actor, scope: DashboardScope, filters: DashboardFilters, asOf: string): Promise<DocumentLink> {
  assertMaySee(actor, scope);
  const now = deps.clock.now();
  const { minutes, expiresAt } = linkExpiry(deps, now);
  const claims: ReportClaims = { kind: 'report', scope, councilId: actor.councilId, staffId: actor.staffId, asOf, period: filters.period.key, lot: filters.lot === null ? 'any' : String(filters.lot), need: filters.need ?? 'any', expiresAt };
  const token = signDocumentToken(claims, documentLinkSecret(deps.config));
  (await recordStaffAudit(deps.db, now, actor, {
    action: 'document_link.issued',
    entityType: 'dashboard',
    entityId: scope,
    details: { kind: 'report', period: claims.period, lot: claims.lot, need: claims.need, expiresAt: new Date(expiresAt * 1000).toISOString() },
  }));
  return { url: linkUrl(baseUrl, token), minutes };
}

export type OpenedDocument =
  | { ok: true; filename: string; contentType: string; body: string }
  | { ok: false; status: 404 | 410; message: string };

const NOT_FOUND: OpenedDocument = { ok: false, status: 404, message: 'This link does not work. Ask Placement Desk in Teams for the document again.' };

/**
 * Opens a document link. Everything is checked again against the database: the person must still be
 * active staff of the council the link was made in, and still allowed to see the request.
 */
export async function openDocumentLink(deps: ServiceDeps, token: string): Promise<OpenedDocument> {
  const now = deps.clock.now();
  const check = checkDocumentToken(token, documentLinkSecret(deps.config), now);
  if (!check.ok) {
    deps.log.info({ reason: check.reason }, 'document link refused');
    return check.reason === 'expired'
      ? { ok: false, status: 410, message: `This link has expired (links work for ${deps.config.DOCUMENT_LINK_MINUTES} minutes). Ask Placement Desk in Teams for the document again.` }
      : NOT_FOUND;
  }
  const { claims } = check;
  const actor = (await findActiveActorById(deps.db, claims.staffId));
  if (!actor || actor.councilId !== claims.councilId) {
    deps.log.info({ reason: 'staff' }, 'document link refused');
    return NOT_FOUND;
  }
  if (claims.kind === 'report') return openReport(deps, actor, claims, now);
  let request;
  try {
    request = (await loadVisibleRequest(deps, actor, { id: claims.requestId }));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    deps.log.info({ reason: 'request' }, 'document link refused');
    return NOT_FOUND;
  }
  const scope = { councilId: actor.councilId };
  const body =
    claims.kind === 'evidence'
      ? evidenceHtml((await buildEvidenceRecord(deps, scope, request, actor.councilName)), now)
      : htmlDocument(`Options appraisal: request ${request.reference}`, markdownToHtml(appraisalMarkdown((await buildAppraisalRecord(deps, scope, request, actor.councilName)), now)));
  (await recordStaffAudit(deps.db, now, actor, { action: 'document.opened', entityType: 'placement_request', entityId: request.id, details: { kind: claims.kind } }));
  return { ok: true, filename: `${claims.kind === 'evidence' ? 'evidence-pack' : 'options-appraisal'}-${request.reference}.html`, contentType: 'text/html; charset=utf-8', body };
}

/** The report made now (never cached) from the database, if the person still has a role that may see it. */
async function openReport(deps: ServiceDeps, actor: Actor, claims: ReportClaims, now: Date): Promise<OpenedDocument> {
  try {
    assertMaySee(actor, claims.scope);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    deps.log.info({ reason: 'role' }, 'document link refused');
    return NOT_FOUND;
  }
  const parsed = parseDashboardFilters({ period: claims.period, lot: claims.lot, need: claims.need }, claims.asOf);
  if (!parsed.ok) {
    deps.log.info({ reason: 'filters' }, 'document link refused');
    return NOT_FOUND;
  }
  const body = await dashboardReportHtml(deps, actor, claims.scope, parsed.filters);
  (await recordStaffAudit(deps.db, now, actor, { action: 'document.opened', entityType: 'dashboard', entityId: claims.scope, details: { kind: 'report', period: claims.period, lot: claims.lot, need: claims.need } }));
  return { ok: true, filename: `${claims.scope === 'regional' ? 'regional-dashboard' : 'council-dashboard'}-${claims.asOf}.html`, contentType: 'text/html; charset=utf-8', body };
}

function htmlDocument(title: string, bodyHtml: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 960px; line-height: 1.45; } table { border-collapse: collapse; } td, th { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; }</style>',
    '</head>',
    '<body>',
    bodyHtml,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
