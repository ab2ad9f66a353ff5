/**
 * Cross-site request forgery: every form that changes something carries a
 * token that a page on another site cannot know. Double-submit: the token
 * lives in an HttpOnly, SameSite=Lax cookie (`pb_csrf`) and is repeated in
 * the form (`_csrf`) or, for htmx requests, the `X-CSRF-Token` header; a
 * write whose two copies differ is refused with 403 before any route runs.
 * Requests with an API token carry no cookies and need no CSRF token. As a
 * second line, a write whose `Origin` names another site is refused too.
 *
 * Pages served to anonymous visitors from the page cache carry no token:
 * they have no forms that change anything (the sign-in form is never cached).
 *
 * One exemption: `POST /digest/unsubscribe` (RFC 8058 one-click unsubscribe).
 * Mail providers send that POST from their own servers, with no cookies and no
 * page to take a token from, so a CSRF token cannot exist there. It is safe
 * without one: the request is authenticated by the HMAC-signed token in its
 * URL, which names one subscription and is only in that subscriber's mail, and
 * all it can do is stop mail to that address — a forged cross-site POST needs
 * the secret link already and gains nothing more than the link itself gives.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../domain/errors.ts';
import { isApiPath } from '../api-path.ts';

export const CSRF_COOKIE = 'pb_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** writes authenticated by a signed token in the URL instead of a cookie (see above) */
const CSRF_EXEMPT = new Set(['POST /digest/unsubscribe']);

/** The visitor's CSRF token, made (and set as a cookie) on first use. */
export function csrfToken(c: Context): string {
  const known = c.get('csrfToken') ?? getCookie(c, CSRF_COOKIE);
  if (known && TOKEN.test(known)) {
    c.set('csrfToken', known);
    return known;
  }
  const token = randomBytes(24).toString('base64url');
  setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: c.get('secureCookies'), path: '/', maxAge: 60 * 60 * 24 * 365 });
  c.set('csrfToken', token);
  return token;
}

/** `hasRoute(method, path)`: a write to a route that does not exist is left to the 404/405 answers. */
export function checkCsrf(baseUrl: string, hasRoute: (method: string, path: string) => boolean): MiddlewareHandler {
  const ourOrigin = new URL(baseUrl).origin;
  return async (c, next) => {
    if (!UNSAFE.has(c.req.method) || c.get('bearer') || !hasRoute(c.req.method, c.req.path)) return next();
    if (CSRF_EXEMPT.has(`${c.req.method} ${c.req.path}`)) return next();
    // an API call with no session carries nothing a forged request could borrow: the route answers 401
    if (isApiPath(c.req.path) && !c.get('viewer')) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== 'null' && origin !== ourOrigin && origin !== new URL(c.req.url).origin) {
      throw new AppError('forbidden', 'This form was sent from another site, so it was refused. Go back to the page and try again.');
    }
    const cookie = getCookie(c, CSRF_COOKIE);
    const sent = c.req.header(CSRF_HEADER) ?? (await formField(c));
    if (!cookie || !sent || !same(cookie, sent)) {
      throw new AppError('forbidden', 'This form has expired or did not come from this site (its security token is missing or wrong). Reload the page and try again.');
    }
    return next();
  };
}

async function formField(c: Context): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  const body = await c.req.parseBody();
  const v = body[CSRF_FIELD];
  return typeof v === 'string' ? v : undefined;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
