/** @jsxImportSource hono/jsx */
/** `/papers/trending` and `/about/ranking`. */
import type { Hono } from 'hono';
import { wholeNumber } from '../param-rules.ts';
import { errorPageHtml } from '../pages/error-page.tsx';
import { htmlDocument } from '../pages/layout.tsx';
import { RankingPage } from '../pages/ranking-page.tsx';
import { RANKING_PATH, TRENDING_PATH, TrendingPage } from '../pages/trending-page.tsx';
import { cached, clockHour, HTML } from '../respond.ts';
import type { WebContext } from '../web-context.ts';

export const TRENDING_PAGE_SIZE = 30;

export function registerTrendingPages(app: Hono, ctx: WebContext): void {
  app.get(TRENDING_PATH, (c) => {
    const page = wholeNumber('page', c.req.query('page'), 1, { min: 1, max: 99_999 }) - 1;
    const now = new Date();
    return cached(c, ctx, HTML, `${TRENDING_PATH}?page=${page}&hour=${clockHour(now)}`, async () => {
      const view = await ctx.core.trending(page, TRENDING_PAGE_SIZE, now);
      const pages = Math.max(1, Math.ceil(view.total / TRENDING_PAGE_SIZE));
      if (page >= pages) return { status: 404, body: errorPageHtml(404, `There is no page ${page + 1} here: trending has ${pages} page${pages === 1 ? '' : 's'} of papers.`) };
      return { body: htmlDocument(<TrendingPage view={view} baseUrl={ctx.config.baseUrl} now={now} />) };
    });
  });

  app.get(RANKING_PATH, (c) => cached(c, ctx, HTML, RANKING_PATH, async () => ({ body: htmlDocument(<RankingPage baseUrl={ctx.config.baseUrl} />) })));
}
