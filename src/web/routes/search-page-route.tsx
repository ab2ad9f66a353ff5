/** @jsxImportSource hono/jsx */
/**
 * `/search?q=&page=`: the search page. Query mistakes are shown on the page with a 400.
 * A query that names a paper here by its arXiv id or link opens that paper (302).
 * Uncached searches go through the search gate (search-gate.ts): 503 with Retry-After when too many wait.
 */
import type { Hono } from 'hono';
import { AppError } from '../../domain/errors.ts';
import { htmlDocument } from '../pages/layout.tsx';
import { paperPath } from '../pages/paths.ts';
import { SearchPage } from '../pages/search-page.tsx';
import { localRedirect } from '../redirect.ts';
import { cached, HTML } from '../respond.ts';
import { parseSearchParams } from '../search-params.ts';
import { gatedSearch, yieldToEventLoop } from '../search-gate.ts';
import type { WebContext } from '../web-context.ts';

const PAGE_SIZE = 20;

export function registerSearchPage(app: Hono, ctx: WebContext): void {
  app.get('/search', async (c) => {
    const query = c.req.query();
    if ((query.q ?? '').trim() === '') return c.html(htmlDocument(<SearchPage q="" result={null} page={0} pageSize={PAGE_SIZE} />));
    const p = parseSearchParams(query, { limit: PAGE_SIZE, fixed: true });
    // a pasted arXiv id or link: one indexed read, before any search
    const pasted = await ctx.core.pastedPaper(p.q);
    if (pasted !== null) return localRedirect(c, paperPath(pasted), 302);
    const key = `/search?q=${encodeURIComponent(p.q)}&page=${p.page}`;
    return gatedSearch(c, 'html', () =>
      cached(c, ctx, HTML, key, () =>
        ctx.searchGate.run(async () => {
          try {
            const { result, details, thumbnails } = await ctx.core.searchWithDetails(p.q, { limit: PAGE_SIZE, offset: p.page * PAGE_SIZE });
            const meaning = await ctx.core.semanticStatus();
            await yieldToEventLoop(); // searching and rendering are two turns of the event loop, not one
            return { body: htmlDocument(<SearchPage q={p.q} result={result} page={p.page} pageSize={PAGE_SIZE} meaning={meaning} details={details} thumbnails={thumbnails} />) };
          } catch (e) {
            if (!(e instanceof AppError) || e.code !== 'invalid_input') throw e;
            return { status: 400, body: htmlDocument(<SearchPage q={p.q} result={null} page={0} pageSize={PAGE_SIZE} error={e.message} />) };
          }
        }),
      ),
    );
  });
}
