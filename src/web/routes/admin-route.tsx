/** @jsxImportSource hono/jsx */
/** `/admin`: moderation, for administrators only (the core checks it too). */
import type { Hono } from 'hono';
import { requireViewer } from '../auth/request-viewer.ts';
import { AdminPage } from '../pages/admin-page.tsx';
import { htmlDocument } from '../pages/layout.tsx';
import type { WebContext } from '../web-context.ts';

export function registerAdminRoute(app: Hono, ctx: WebContext): void {
  app.get('/admin', async (c) => {
    const viewer = requireViewer(c, 'moderate');
    const overview = await ctx.core.moderation.overview(viewer);
    return c.html(htmlDocument(<AdminPage overview={overview} />), 200, { 'cache-control': 'no-store' });
  });
}
