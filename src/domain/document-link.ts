import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived signed links to a request's documents (the evidence pack, the appraisal record), served by
 * the bot itself so people can have them from Teams. The token names the document, the request, the
 * council and the person it was issued to, and when it stops working; the MAC stops anyone editing any
 * of them. Opening a link still checks the database: the person must still be active staff of that
 * council and still allowed to see the request.
 */

export const DOCUMENT_KINDS = ['evidence', 'appraisal'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentClaims {
  kind: DocumentKind;
  councilId: number;
  requestId: number;
  staffId: number;
  /** Unix seconds. */
  expiresAt: number;
}

/** Bound into the MAC so the secret never signs something else that looks the same. */
const MAC_CONTEXT = 'placement-desk/document-link/v1:';

export type DocumentTokenCheck = { ok: true; claims: DocumentClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

function mac(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(MAC_CONTEXT).update(payload).digest();
}

export function signDocumentToken(claims: DocumentClaims, secret: string): string {
  if (secret.length < 32) throw new RangeError('The document link secret must be at least 32 characters');
  // Fixed order, integers only: the payload is small and has one spelling.
  const payload = `${claims.kind}.${claims.councilId}.${claims.requestId}.${claims.staffId}.${claims.expiresAt}`;
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

export function checkDocumentToken(token: string, secret: string, now: Date): DocumentTokenCheck {
  const m = /^(evidence|appraisal)\.([1-9]\d{0,15})\.([1-9]\d{0,15})\.([1-9]\d{0,15})\.([1-9]\d{0,11})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const payload = token.slice(0, token.lastIndexOf('.'));
  const given = Buffer.from(m[6]!, 'base64url');
  const expected = mac(payload, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  const claims: DocumentClaims = { kind: m[1] as DocumentKind, councilId: Number(m[2]), requestId: Number(m[3]), staffId: Number(m[4]), expiresAt: Number(m[5]) };
  if (now.getTime() >= claims.expiresAt * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
