/**
 * Which methods a path answers to, read from the app's own routes, so a wrong
 * method gets 405 with an honest `Allow` header and an unknown path stays 404.
 * Middleware (`app.use`, registered for every method) does not count as a route.
 */
import type { Hono } from 'hono';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** e.g. `['GET', 'HEAD']`; empty when no route matches the path. HEAD comes with GET. */
export function allowedMethods(app: Hono, path: string): string[] {
  const allowed: string[] = [];
  for (const method of METHODS) {
    const [matches] = app.router.match(method, path);
    if (!matches.some(([[, route]]) => route.method === method)) continue;
    allowed.push(method);
    if (method === 'GET') allowed.push('HEAD');
  }
  return allowed;
}

/** True when `method` has no route at `path` but another method does. */
export function methodNotAllowed(allowed: readonly string[], method: string): boolean {
  return allowed.length > 0 && !allowed.includes(method.toUpperCase());
}
