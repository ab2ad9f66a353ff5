/** @jsxImportSource hono/jsx */
/** `/authors/{name}`: an author's papers here. The name is URL-encoded (spaces, accents, dots); any spacing and case finds the same author. */
import type { Hono } from 'hono';
import { authorNameKey } from '../../domain/author-name.ts';
import { AuthorPage } from '../pages/author-page.tsx';
import { htmlDocument } from '../pages/layout.tsx';
import { wholeNumber } from '../param-rules.ts';
import { cached, HTML } from '../respond.ts';
import type { WebContext } from '../web-context.ts';

export function registerAuthorPage(app: Hono, ctx: WebContext): void {
  app.get('/authors/:name{.+}', async (c) => {
    const name = c.req.param('name');
    const page = wholeNumber('page', c.req.query('page'), 1, { min: 1, max: 10_000 });
    return cached(c, ctx, HTML, `/authors/${encodeURIComponent(authorNameKey(name))}?page=${page}`, async () => {
      const data = await ctx.core.authors.page(name, page);
      return { status: data.total === 0 ? 404 : 200, body: htmlDocument(<AuthorPage data={data} baseUrl={ctx.config.baseUrl} />) };
    });
  });
}
