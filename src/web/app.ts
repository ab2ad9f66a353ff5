/**
 * The web application: HTML pages, the JSON API and static files. Thin: routes
 * validate input, call the store and render. Errors carry codes (AppError);
 * this is the one place that maps them to HTTP statuses.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Config } from '../config.ts';
import { contextStorage } from 'hono/context-storage';
import { AppError, RateLimited, type AppErrorCode } from '../domain/errors.ts';
import type { Paperboy } from '../app/paperboy.ts';
import { registerDailyPapersApi } from './api/daily-papers-route.ts';
import { registerPapersApi } from './api/papers-route.ts';
import { registerSearchApi } from './api/search-route.ts';
import { registerSearchPage } from './routes/search-page-route.tsx';
import { PageCache } from './page-cache.ts';
import { SearchGate } from './search-gate.ts';
import { allowedMethods, methodNotAllowed } from './allowed-methods.ts';
import { errorPageHtml, notFoundPageHtml } from './pages/error-page.tsx';
import { registerListingPages } from './routes/listing-page-routes.tsx';
import { registerPaperPage } from './routes/paper-page-route.tsx';
import { registerTrendingPages } from './routes/trending-page-route.tsx';
import { registerStaticFiles } from './routes/static-files.ts';
import { registerThumbnails } from './routes/thumbnail-route.ts';
import { localRedirect, withoutTrailingSlash } from './redirect.ts';
import type { WebContext } from './web-context.ts';
import { checkCsrf } from './auth/csrf.ts';
import { isApiPath } from './api-path.ts';
import { identify } from './auth/request-viewer.ts';
import { registerSignInRoutes } from './routes/sign-in-routes.tsx';
import { registerSettingsRoutes } from './routes/settings-routes.tsx';
import { registerProfileRoute } from './routes/profile-route.tsx';
import { registerWhoamiApi } from './api/whoami-route.ts';
import { registerAdminRoute } from './routes/admin-route.tsx';
import { registerVoteRoutes } from './routes/vote-route.tsx';
import { registerCollectionRoutes } from './routes/collections-routes.tsx';
import { registerAuthorPage } from './routes/author-page-route.tsx';
import { registerClaimRoutes } from './routes/claim-routes.tsx';
import { registerCommentRoutes } from './routes/comment-routes.tsx';
import { registerSubmitApi } from './api/submit-route.ts';
import { registerSubmitRoutes } from './routes/submit-routes.tsx';
import { registerPaperLinksRoutes } from './routes/paper-links-route.tsx';
import { registerDigestRoutes } from './routes/digest-routes.tsx';
import { registerFeedRoutes } from './routes/feed-routes.ts';
import { registerForYouPage } from './routes/for-you-route.tsx';

export interface AppDeps {
  /** the application core every route calls */
  readonly core: Paperboy;
  readonly config: Config;
  /** called with unexpected errors (500s) */
  readonly onUnexpectedError?: (error: unknown, path: string) => void;
}

const STATUS: Record<AppErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  config: 500,
  unavailable: 503,
  internal: 500,
};

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

export function createApp(deps: AppDeps): Hono {
  const ctx: WebContext = {
    core: deps.core,
    config: deps.config,
    cache: new PageCache(deps.config.pageCacheBytes),
    searchGate: new SearchGate(deps.config.searchConcurrency),
  };
  const app = new Hono({ strict: true });

  app.use(async (c, next) => {
    const path = c.req.path;
    // `/papers/date/2026-08-21/` → without the slash, and never to another site
    const target = withoutTrailingSlash(new URL(c.req.url));
    if (target !== null) return withHeaders(localRedirect(c, target, 301), path);
    await next();
    c.res = withHeaders(c.res, path);
  });
  // files, probes and feeds answer the same to everyone: registered before the middleware that looks up
  // who is asking (a session read, and a signed-in reader's votes), which they would only pay for
  app.get('/healthz', (c) => c.json({ ok: true }));
  registerStaticFiles(app);
  registerThumbnails(app, ctx);
  registerFeedRoutes(app, ctx);
  app.use(contextStorage());
  app.use(identify(ctx));
  app.use(checkCsrf(deps.config.baseUrl, (method, path) => allowedMethods(app, path).includes(method)));

  registerDailyPapersApi(app, ctx);
  registerSearchApi(app, ctx);
  registerPapersApi(app, ctx);
  registerSearchPage(app, ctx);
  // before `/papers/{id}`, whose id pattern would take "submit" and ".../links"
  registerSubmitRoutes(app, ctx);
  registerSubmitApi(app, ctx);
  registerPaperLinksRoutes(app, ctx);
  registerListingPages(app, ctx);
  // before the paper page, whose `/papers/:id` would take `trending` or `for-you` for an id
  registerTrendingPages(app, ctx);
  registerForYouPage(app, ctx);
  registerPaperPage(app, ctx);
  registerWhoamiApi(app);
  registerSignInRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerProfileRoute(app, ctx);
  registerAdminRoute(app, ctx);
  registerVoteRoutes(app, ctx);
  registerCollectionRoutes(app, ctx);
  registerAuthorPage(app, ctx);
  registerClaimRoutes(app, ctx);
  registerCommentRoutes(app, ctx);
  registerDigestRoutes(app, ctx);

  app.notFound((c) => {
    const allowed = allowedMethods(app, c.req.path);
    if (methodNotAllowed(allowed, c.req.method)) {
      const message = `${c.req.method} is not allowed here: use ${allowed.join(' or ')}`;
      c.header('allow', allowed.join(', '));
      if (isApi(c)) return c.json({ error: message }, 405);
      return c.html(errorPageHtml(405, message), 405);
    }
    if (isApi(c)) return c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404);
    return c.html(notFoundPageHtml(c.req.path), 404);
  });

  app.onError((err, c) => {
    const code: AppErrorCode = err instanceof AppError ? err.code : 'internal';
    const status = STATUS[code];
    if (status >= 500) deps.onUnexpectedError?.(err, c.req.path);
    const message = status >= 500 ? 'Something went wrong on our side. It has been logged.' : err.message;
    if (err instanceof RateLimited) c.header('retry-after', String(err.retryAfterSeconds));
    if (isApi(c)) return c.json({ error: message }, status);
    return c.html(errorPageHtml(status, message, c.req.method === 'GET' ? pathWithQuery(c) : undefined), status);
  });

  return app;
}

/**
 * Security headers on every response; the JSON API and the feeds may be read from any origin
 * (public; the API's writes need a Bearer token, which no browser sends by itself), errors included.
 */
function withHeaders(res: Response, path: string): Response {
  const headers = new Headers(res.headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  if (isApiPath(path) || path.startsWith('/feeds/')) headers.set('access-control-allow-origin', '*');
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}


function pathWithQuery(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}

function isApi(c: Context): boolean {
  return isApiPath(c.req.path);
}
