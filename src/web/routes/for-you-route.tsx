/** @jsxImportSource hono/jsx */
/** `/papers/for-you`: signed in only (others are sent to sign in and back); rendered per person, never cached. */
import type { Hono } from 'hono';
import { htmlDocument } from '../pages/layout.tsx';
import { FOR_YOU_PATH, ForYouPage } from '../pages/for-you-page.tsx';
import { HTML } from '../respond.ts';
import type { WebContext } from '../web-context.ts';

export function registerForYouPage(app: Hono, ctx: WebContext): void {
  app.get(FOR_YOU_PATH, async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect(`/signin?next=${encodeURIComponent(FOR_YOU_PATH)}`, 303);
    const view = await ctx.core.forYou.page(viewer.id, new Date());
    return c.body(htmlDocument(<ForYouPage view={view} />), 200, { 'content-type': HTML, 'cache-control': 'private, no-cache' });
  });
}
