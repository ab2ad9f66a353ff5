/**
 * `GET /api/papers/search?q=&limit=` — results in the Daily Papers item shape.
 * Uncached searches go through the search gate (search-gate.ts): 503 with Retry-After when too many wait.
 */
import type { Hono } from 'hono';
import { parseSearchParams } from '../search-params.ts';
import { cached, JSON_TYPE } from '../respond.ts';
import { gatedSearch, yieldToEventLoop } from '../search-gate.ts';
import type { WebContext } from '../web-context.ts';
import { paperDetailJson } from '../../app/daily-papers-shape.ts';

export function registerSearchApi(app: Hono, ctx: WebContext): void {
  app.get('/api/papers/search', (c) => {
    const p = parseSearchParams(c.req.query(), { limit: 20 });
    const key = `/api/papers/search?q=${encodeURIComponent(p.q)}&page=${p.page}&limit=${p.limit}`;
    return gatedSearch(c, 'json', () =>
      cached(c, ctx, JSON_TYPE, key, () =>
        ctx.searchGate.run(async () => {
          const { result, details } = await ctx.core.searchWithDetails(p.q, { limit: p.limit, offset: p.page * p.limit });
          await yieldToEventLoop(); // searching and shaping the answer are two turns of the event loop, not one
          const items = result.hits.flatMap((hit) => {
            const detail = details.get(hit.paper.id);
            return detail ? [{ paper: paperDetailJson(detail), title: hit.paper.title, summary: hit.paper.abstract, score: Math.round(hit.score * 1000) / 1000 }] : [];
          });
          return { body: JSON.stringify(items) };
        }),
      ),
    );
  });
}
