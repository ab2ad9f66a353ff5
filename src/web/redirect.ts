/**
 * Redirects that cannot leave the site. Every Location Paperboy sends is a path
 * on its own origin: one `/`, then anything but `/` or `\` (browsers read `//host`
 * and `/\host` as another site, and drop tabs and newlines before they look),
 * printable ASCII only. Locations are built from the percent-encoded path, never
 * from the decoded one, where `%5C` and `%09` have become `\` and a tab.
 */
import type { Context } from 'hono';

const PROBE_ORIGIN = 'http://paperboy.invalid';
const SAFE_LOCAL = /^\/(?![/\\])[\x21-\x7e]*$/;

/** `location` when it is a path on this origin, else `/`. */
export function localLocation(location: string): string {
  if (!SAFE_LOCAL.test(location)) return '/';
  return new URL(location, PROBE_ORIGIN).origin === PROBE_ORIGIN ? location : '/';
}

export function localRedirect(c: Context, location: string, status: 301 | 302): Response {
  return c.redirect(localLocation(location), status);
}

/**
 * `/papers/date/2026-08-21/?page=1` → `/papers/date/2026-08-21?page=1`, from the
 * encoded path; a run of leading slashes (or backslashes) becomes one. Null when
 * the path has no trailing slash to drop.
 */
export function withoutTrailingSlash(url: URL): string | null {
  const path = url.pathname;
  if (path.length <= 1 || !path.endsWith('/')) return null;
  const trimmed = path.replace(/\/+$/, '').replace(/^[/\\]+/, '');
  return `/${trimmed}${url.search}`;
}
