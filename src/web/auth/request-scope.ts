/**
 * What pages may know about the request they are rendered for, without every
 * page component passing it down: who is signed in, and the CSRF token for
 * forms. Read through Hono's context storage (AsyncLocalStorage); outside a
 * request (a component rendered by a test) there is no viewer.
 */
import { tryGetContext } from 'hono/context-storage';
import type { Viewer } from '../../domain/account.ts';
import { csrfToken } from './csrf.ts';

export function currentViewer(): Viewer | null {
  return tryGetContext()?.get('viewer') ?? null;
}

/** The CSRF token for a form on this page (sets the cookie when the visitor has none yet). */
export function currentCsrf(): string {
  const c = tryGetContext();
  if (!c) return '';
  return csrfToken(c);
}

/** The path (with query) of the page being rendered: where "sign in" should lead back to. */
export function currentPath(): string {
  const c = tryGetContext();
  if (!c) return '/';
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}

const NONE: ReadonlySet<string> = new Set();

/** The papers the signed-in reader has upvoted (empty for anonymous visitors and outside a request). */
export function currentVotedPapers(): ReadonlySet<string> {
  return tryGetContext()?.get('votedPapers') ?? NONE;
}
