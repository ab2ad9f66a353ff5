/**
 * `/thumbnails/{id}`: the stored picture of a paper's first page, same-origin
 * (the page security policy allows `img-src 'self'` only). Pages link to it
 * with `?v={hash}`: that address never changes content, so it is cached for a
 * year; without it, a day. The ETag is the hash; If-None-Match answers 304.
 */
import type { Hono } from 'hono';
import { AppError } from '../../domain/errors.ts';
import { PAPER_ID_HELP, parsePaperId } from '../../domain/paper-id.ts';
import { thumbnailPath } from '../pages/paths.ts';
import { localRedirect } from '../redirect.ts';
import type { WebContext } from '../web-context.ts';

export function registerThumbnails(app: Hono, ctx: WebContext): void {
  app.get('/thumbnails/:id{.+}', async (c) => {
    const raw = c.req.param('id');
    const parsed = parsePaperId(raw);
    if (!parsed) throw new AppError('invalid_input', `“${raw}” is not a paper id. Use ${PAPER_ID_HELP}.`);
    const v = c.req.query('v');
    const hash = v !== undefined && /^[0-9a-f]{1,64}$/.test(v) ? v : undefined;
    // one address per paper, as for its page: versions and prefixes redirect
    if (thumbnailPath(parsed.id) !== c.req.path) return localRedirect(c, thumbnailPath(parsed.id, hash), 301);
    const t = await ctx.core.thumbnail(parsed.id);
    if (!t) return c.text(`No thumbnail for ${parsed.id} here.`, 404, { 'cache-control': 'no-cache' });
    const etag = `"${t.hash}"`;
    const headers = {
      etag,
      'cache-control': v === t.hash ? 'public, max-age=31536000, immutable' : 'public, max-age=86400',
    };
    if (ifNoneMatch(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    return new Response(t.bytes, { headers: { ...headers, 'content-type': t.contentType, 'content-length': String(t.bytes.byteLength) } });
  });
}

/** If-None-Match as browsers send it: one tag, a list, `*`, or weak tags. */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
