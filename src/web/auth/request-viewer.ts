/**
 * Who is asking, for every request: a signed-in browser (the `pb_session`
 * cookie) or a script with a personal API token (`Authorization: Bearer pb_…`,
 * JSON API only). Sets `viewer` (null when nobody is signed in) and, for
 * browsers, `sessionToken`. Pages read the viewer through `currentViewer()`
 * (request-scope.ts) so that the header can say who is signed in without
 * every page passing it down.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Viewer } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import type { WebContext } from '../web-context.ts';
import { isApiPath } from '../api-path.ts';

declare module 'hono' {
  interface ContextVariableMap {
    viewer: Viewer | null;
    sessionToken: string | null;
    /** the request came with a valid API token (no cookies: CSRF does not apply) */
    bearer: boolean;
    csrfToken: string | undefined;
    /** cookies get `Secure` when the public URL is https */
    secureCookies: boolean;
    /** the papers a signed-in reader has upvoted (pages they GET mark them) */
    votedPapers: ReadonlySet<string>;
  }
}

export const SESSION_COOKIE = 'pb_session';

export function identify(ctx: WebContext): MiddlewareHandler {
  return async (c, next) => {
    c.set('viewer', null);
    c.set('sessionToken', null);
    c.set('bearer', false);
    c.set('secureCookies', ctx.config.baseUrl.startsWith('https:'));
    const auth = c.req.header('authorization');
    if (auth !== undefined && isApiPath(c.req.path)) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const viewer = m ? await ctx.core.accounts.viewerForApiToken(m[1]!) : null;
      if (!viewer) throw new AppError('unauthorized', 'That API token is not valid (revoked, or mistyped). Make a new one on your settings page: /settings');
      c.set('viewer', viewer);
      c.set('bearer', true);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const viewer = await ctx.core.accounts.viewerForSession(token);
      if (viewer) {
        c.set('viewer', viewer);
        c.set('sessionToken', token);
        // one indexed read of the reader's votes, so any card on the page can show "you upvoted"
        // (known cost: proportional to the reader's votes; fine into the tens of thousands)
        if (c.req.method === 'GET' && !isApiPath(c.req.path)) c.set('votedPapers', await ctx.core.votes.allOf(viewer.id));
      }
    }
    return next();
  };
}

/** The signed-in viewer, or an `unauthorized` error that says what to do. */
export function requireViewer(c: Context, doing = 'do that'): Viewer {
  const viewer = c.get('viewer');
  if (!viewer) throw new AppError('unauthorized', `Sign in to ${doing}.`);
  return viewer;
}

export function requireAdmin(c: Context): Viewer {
  const viewer = requireViewer(c, 'see this page');
  if (!viewer.isAdmin) throw new AppError('forbidden', 'Only an administrator can do that.');
  return viewer;
}
