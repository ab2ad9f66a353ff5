/**
 * Signed links: a token that proves the server made it for one subscriber and
 * one purpose, without storing anything. `id.expiry.signature`, where the
 * signature is HMAC-SHA256 (instance secret) over `purpose|id|expiry`, so a
 * token for one purpose (the settings page) is worth nothing for another (a
 * web version of another period), and changing the id breaks the signature.
 * `expiry` is seconds since the epoch, or 0 for a link that keeps working
 * (unsubscribe and settings links in old digests must keep working: RFC 8058).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedClaim {
  readonly id: number;
  /** seconds since the epoch; 0: never expires */
  readonly expires: number;
}

export type TokenCheck = { readonly ok: true; readonly id: number } | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

const TOKEN = /^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function signature(secret: string, purpose: string, id: number, expires: number): string {
  return createHmac('sha256', secret).update(`${purpose}|${id}|${expires}`).digest('base64url');
}

export function signToken(secret: string, purpose: string, claim: SignedClaim): string {
  return `${claim.id}.${claim.expires}.${signature(secret, purpose, claim.id, claim.expires)}`;
}

export function verifyToken(secret: string, purpose: string, token: string, nowMs: number): TokenCheck {
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const id = Number(m[1]);
  const expires = Number(m[2]);
  const expected = Buffer.from(signature(secret, purpose, id, expires));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  if (expires !== 0 && expires * 1000 < nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, id };
}
