/** @jsxImportSource hono/jsx */
/**
 * `/papers/{id}/links`: GET the links form on its own, POST a change (the
 * paper page's "Edit links" form sends it here). Registered before
 * `/papers/{id}`, whose id pattern would swallow the `/links`.
 */
import type { Context, Hono } from 'hono';
import { AppError, forbidden, invalidInput, notFound } from '../../domain/errors.ts';
import { PAPER_ID_HELP, parsePaperId } from '../../domain/paper-id.ts';
import { formFields } from '../auth/form.ts';
import { requireViewer } from '../auth/request-viewer.ts';
import { htmlDocument } from '../pages/layout.tsx';
import { LinksEditPage } from '../pages/paper-links-section.tsx';
import { paperPath } from '../pages/paths.ts';
import { localLocation } from '../redirect.ts';
import type { WebContext } from '../web-context.ts';

function paperIdOf(raw: string): string {
  const parsed = parsePaperId(raw);
  if (!parsed) throw invalidInput(`“${raw}” is not a paper id. Use ${PAPER_ID_HELP}.`);
  return parsed.id;
}

export function registerPaperLinksRoutes(app: Hono, ctx: WebContext): void {
  const page = async (c: Context, id: string, extra: { typed?: { githubRepo: string; projectPage: string }; error?: string }, status: 200 | 400) => {
    const viewer = requireViewer(c, "change a paper's links");
    const paper = await ctx.core.paper(id);
    if (!paper) throw notFound(`There is no paper ${id} here.`);
    const editing = await ctx.core.links.editing(viewer, id);
    if (!editing) throw forbidden('Only the people who submitted this paper, its claimed authors and administrators can change its links.');
    return c.html(htmlDocument(<LinksEditPage editing={editing} title={paper.paper.title} {...extra} />), status, { 'cache-control': 'no-store' });
  };

  app.get('/papers/:id{.+}/links', (c) => {
    const id = paperIdOf(c.req.param('id'));
    if (!c.get('viewer')) return c.redirect(`/signin?next=${encodeURIComponent(`${paperPath(id)}/links`)}`, 303);
    return page(c, id, {}, 200);
  });

  app.post('/papers/:id{.+}/links', async (c) => {
    const viewer = requireViewer(c, "change a paper's links");
    const id = paperIdOf(c.req.param('id'));
    const form = await formFields(c, 5000);
    const typed = { githubRepo: form.githubRepo ?? '', projectPage: form.projectPage ?? '' };
    try {
      await ctx.core.links.update(viewer, id, typed);
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid_input') return page(c, id, { typed, error: e.message }, 400);
      throw e;
    }
    return c.redirect(localLocation(`${paperPath(id)}?links=saved`), 303);
  });
}
