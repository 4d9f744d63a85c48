import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived signed links to documents served by the bot itself so people can have them from Teams: a
 * request's documents (the evidence pack, the appraisal record) and the dashboard's printable report.
 * The token names the document, what it is of (the request; the report's scope and filters), the council
 * and the person it was issued to, and when it stops working; the MAC stops anyone editing any of them.
 * Opening a link still checks the database: the person must still be active staff of that council and
 * still allowed to see what the link shows.
 */

export const DOCUMENT_KINDS = ['evidence', 'appraisal', 'report'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** The documents of one placement request. */
export type RequestDocumentKind = Exclude<DocumentKind, 'report'>;

export interface RequestDocumentClaims {
  kind: RequestDocumentKind;
  councilId: number;
  requestId: number;
  staffId: number;
  /** Unix seconds. */
  expiresAt: number;
}

/**
 * The dashboard report as the card showed it: the scope, the filters as given (checked again when the
 * link is opened) and the day the card was drawn, so a period such as "last 24 months" means the same days.
 */
export interface ReportClaims {
  kind: 'report';
  scope: 'council' | 'regional';
  councilId: number;
  staffId: number;
  /** YYYY-MM-DD. */
  asOf: string;
  period: string;
  /** 'any' or the lot number. */
  lot: string;
  /** 'any' or the SEN2 need code. */
  need: string;
  /** Unix seconds. */
  expiresAt: number;
}

export type DocumentClaims = RequestDocumentClaims | ReportClaims;

/** Bound into the MAC so the secret never signs something else that looks the same. */
const MAC_CONTEXT = 'placement-desk/document-link/v1:';

export type DocumentTokenCheck = { ok: true; claims: DocumentClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

function mac(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(MAC_CONTEXT).update(payload).digest();
}

const REQUEST_TOKEN = /^(evidence|appraisal)\.([1-9]\d{0,15})\.([1-9]\d{0,15})\.([1-9]\d{0,15})\.([1-9]\d{0,11})\.([A-Za-z0-9_-]{43})$/;
const REPORT_TOKEN = /^report\.(council|regional)\.([1-9]\d{0,15})\.([1-9]\d{0,15})\.(\d{4})(\d{2})(\d{2})\.([a-z0-9]{1,12})\.(any|[1-9])\.(any|[A-Z]{1,8})\.([1-9]\d{0,11})\.([A-Za-z0-9_-]{43})$/;

function payloadOf(claims: DocumentClaims): string {
  // Fixed order, a small alphabet: the payload has one spelling.
  if (claims.kind !== 'report') return `${claims.kind}.${claims.councilId}.${claims.requestId}.${claims.staffId}.${claims.expiresAt}`;
  return `report.${claims.scope}.${claims.councilId}.${claims.staffId}.${claims.asOf.replace(/-/g, '')}.${claims.period}.${claims.lot}.${claims.need}.${claims.expiresAt}`;
}

export function signDocumentToken(claims: DocumentClaims, secret: string): string {
  if (secret.length < 32) throw new RangeError('The document link secret must be at least 32 characters');
  const payload = payloadOf(claims);
  if (!(claims.kind === 'report' ? REPORT_TOKEN : REQUEST_TOKEN).test(`${payload}.${'A'.repeat(43)}`)) throw new RangeError('These document link claims cannot be signed');
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

function claimsOf(token: string): { claims: DocumentClaims; mac: string } | undefined {
  const r = REQUEST_TOKEN.exec(token);
  if (r) return { claims: { kind: r[1] as RequestDocumentKind, councilId: Number(r[2]), requestId: Number(r[3]), staffId: Number(r[4]), expiresAt: Number(r[5]) }, mac: r[6]! };
  const p = REPORT_TOKEN.exec(token);
  if (p) {
    return {
      claims: { kind: 'report', scope: p[1] as ReportClaims['scope'], councilId: Number(p[2]), staffId: Number(p[3]), asOf: `${p[4]}-${p[5]}-${p[6]}`, period: p[7]!, lot: p[8]!, need: p[9]!, expiresAt: Number(p[10]) },
      mac: p[11]!,
    };
  }
  return undefined;
}

export function checkDocumentToken(token: string, secret: string, now: Date): DocumentTokenCheck {
  const parsed = claimsOf(token);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(parsed.mac, 'base64url');
  const expected = mac(token.slice(0, token.lastIndexOf('.')), secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (now.getTime() >= parsed.claims.expiresAt * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims: parsed.claims };
}
