/** @jsxImportSource hono/jsx */
/**
 * Discussion writes, all plain form POSTs answered with 303 back to the
 * paper page at the comment (`#c-{id}`):
 *   POST /papers/{id}/comments        add (field `parent`: reply to that comment)
 *   POST /comments/{id}/edit          your own
 *   POST /comments/{id}/delete        your own
 *   POST /comments/{id}/hide|unhide   admins
 *   GET  /comments/{id}/edit          an edit page (the thread also has an inline form)
 * Who may do what is checked by the core (core.comments); a refused comment
 * comes back in its form with the reason (400).
 */
import type { Context, Hono } from 'hono';
import { AppError, invalidInput } from '../../domain/errors.ts';
import { PAPER_ID_HELP, parsePaperId } from '../../domain/paper-id.ts';
import { formFields } from '../auth/form.ts';
import { requireViewer } from '../auth/request-viewer.ts';
import { CommentEditPage } from '../pages/comment-edit-page.tsx';
import { commentAnchor } from '../pages/comment-thread.tsx';
import { htmlDocument } from '../pages/layout.tsx';
import { paperPath } from '../pages/paths.ts';
import type { WebContext } from '../web-context.ts';
import { renderPaperPage } from './paper-page-route.tsx';

/** a form field may be longer than a comment, so the core can say how much longer */
const FIELD_MAX = 50_000;
const noStore = { 'cache-control': 'no-store' };

function commentId(c: Context): number {
  const id = c.req.param('id') ?? '';
  if (!/^\d{1,12}$/.test(id)) throw invalidInput(`“${id}” is not a comment id.`);
  return Number(id);
}

function backTo(paperId: string, id: number | null): string {
  return `${paperPath(paperId)}#${id === null ? 'comments' : commentAnchor(id)}`;
}

export function registerCommentRoutes(app: Hono, ctx: WebContext): void {
  app.post('/papers/:id{.+}/comments', async (c) => {
    const viewer = requireViewer(c, 'comment');
    const raw = c.req.param('id');
    const parsed = parsePaperId(raw);
    if (!parsed) throw invalidInput(`“${raw}” is not a paper id. Use ${PAPER_ID_HELP}.`);
    const form = await formFields(c, FIELD_MAX);
    const parentField = (form.parent ?? '').trim();
    if (parentField !== '' && !/^\d{1,12}$/.test(parentField)) throw invalidInput(`“${parentField}” is not a comment id to reply to.`);
    const parentId = parentField === '' ? null : Number(parentField);
    const body = form.body ?? '';
    try {
      const id = await ctx.core.comments.add(viewer, parsed.id, body, parentId);
      return c.redirect(backTo(parsed.id, id), 303);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'invalid_input') throw e;
      const page = await renderPaperPage(c, ctx, parsed.id, viewer, { parentId, body, error: e.message });
      return c.html(page.body, 400, noStore);
    }
  });

  app.get('/comments/:id/edit', async (c) => {
    const viewer = requireViewer(c, 'edit your comment');
    const comment = await ctx.core.comments.forEditing(viewer, commentId(c));
    return c.html(htmlDocument(<CommentEditPage comment={comment} />), 200, noStore);
  });

  app.post('/comments/:id/edit', async (c) => {
    const viewer = requireViewer(c, 'edit your comment');
    const id = commentId(c);
    const form = await formFields(c, FIELD_MAX);
    const body = form.body ?? '';
    try {
      const row = await ctx.core.comments.edit(viewer, id, body);
      return c.redirect(backTo(row.paperId, id), 303);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'invalid_input') throw e;
      const comment = await ctx.core.comments.forEditing(viewer, id);
      return c.html(htmlDocument(<CommentEditPage comment={comment} body={body} error={e.message} />), 400, noStore);
    }
  });

  app.post('/comments/:id/delete', async (c) => {
    const viewer = requireViewer(c, 'delete your comment');
    const id = commentId(c);
    const row = await ctx.core.comments.delete(viewer, id);
    return c.redirect(backTo(row.paperId, null), 303);
  });

  for (const [action, hidden] of [
    ['hide', true],
    ['unhide', false],
  ] as const) {
    app.post(`/comments/:id/${action}`, async (c) => {
      const viewer = requireViewer(c, 'moderate comments');
      const id = commentId(c);
      const row = await ctx.core.comments.hide(viewer, id, hidden);
      return c.redirect(backTo(row.paperId, id), 303);
    });
  }
}
