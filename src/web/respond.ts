/**
 * Responses built once and served from the page cache until the data changes,
 * with ETags so browsers revalidate for free.
 */
import type { Context } from 'hono';
import type { CachedResponse, PageCache } from './page-cache.ts';
import type { Paperboy } from '../app/paperboy.ts';

export interface Rendered {
  readonly status?: 200 | 400 | 404;
  readonly body: string;
}

export const HTML = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * `key` names the response by its validated inputs only (path and the
 * parameters the route understood), so junk query strings cannot fill the cache.
 * Search answers also depend on the semantic side in use, which can change
 * without a write (a server switching to a model another process stored), so
 * its generation is part of the key.
 */
export async function cached(
  c: Context,
  deps: { cache: PageCache; core: Pick<Paperboy, 'dataVersion' | 'searchGeneration'> },
  contentType: string,
  key: string,
  render: () => Promise<Rendered>,
): Promise<Response> {
  // a signed-in visitor's pages show their own votes and forms: rendered for them, never cached
  if (c.get('viewer')) {
    const r = await render();
    return c.body(r.body, r.status ?? 200, { 'content-type': contentType, 'cache-control': 'private, no-cache' });
  }
  key = `${contentType === HTML ? 'h' : 'j'}${deps.core.searchGeneration}${key}`;
  const version = deps.core.dataVersion();
  const entry = deps.cache.get(key, version) ?? store(deps.cache, key, version, contentType, await render());
  return send(c, entry, () => deps.cache.gzipped(key, entry));
}

function store(cache: PageCache, key: string, version: number, contentType: string, r: Rendered): CachedResponse {
  return cache.put(key, version, r.status ?? 200, contentType, r.body);
}

function send(c: Context, entry: CachedResponse, gzipped: () => Uint8Array | null): Response {
  if (entry.status === 200 && c.req.header('if-none-match') === entry.etag) {
    return new Response(null, { status: 304, headers: { etag: entry.etag } });
  }
  const headers: Record<string, string> = { 'content-type': entry.contentType, etag: entry.etag, 'cache-control': 'no-cache', vary: 'Accept-Encoding' };
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '') ? gzipped() : null;
  if (gzip) headers['content-encoding'] = 'gzip';
  const body = gzip ?? entry.body;
  headers['content-length'] = String(body.byteLength);
  return new Response(body, { status: entry.status, headers });
}

/**
 * The hour, for cache keys of answers that move with the clock as well as with
 * the data (trending): such an answer is reused for the rest of its hour at most.
 */
export function clockHour(now: Date): string {
  return now.toISOString().slice(0, 13);
}
