/** @jsxImportSource hono/jsx */
/**
 * Authorship claims: `POST /claims` (a signed-in person claims an author name
 * on a paper) and the administrator's queue `/admin/claims` with its
 * approve/reject POST. Self-contained so a general admin page can take the
 * queue over (`PendingClaims` in pages/admin-claims-page.tsx).
 */
import type { Hono } from 'hono';
import { invalidInput } from '../../domain/errors.ts';
import { parsePaperId } from '../../domain/paper-id.ts';
import { formFields } from '../auth/form.ts';
import { requireAdmin, requireViewer } from '../auth/request-viewer.ts';
import { AdminClaimsPage } from '../pages/admin-claims-page.tsx';
import { htmlDocument } from '../pages/layout.tsx';
import { paperPath } from '../pages/paths.ts';
import type { WebContext } from '../web-context.ts';

export function registerClaimRoutes(app: Hono, ctx: WebContext): void {
  app.post('/claims', async (c) => {
    const viewer = requireViewer(c, 'claim authorship');
    const form = await formFields(c, 1000);
    const parsed = parsePaperId(form.paper_id ?? '');
    if (!parsed) throw invalidInput(`“${form.paper_id ?? ''}” is not a paper id.`);
    await ctx.core.claims.claim(viewer, parsed.id, form.author_name ?? '');
    return c.redirect(`${paperPath(parsed.id)}#claim`, 303);
  });

  app.get('/admin/claims', async (c) => {
    if (!c.get('viewer')) return c.redirect('/signin?next=%2Fadmin%2Fclaims', 303);
    requireAdmin(c);
    const notice = { approve: 'Approved: the name now shows the badge.', reject: 'Rejected.' }[c.req.query('done') ?? ''];
    const claims = await ctx.core.claims.pending();
    return c.html(htmlDocument(<AdminClaimsPage claims={claims} {...(notice ? { notice } : {})} />), 200, { 'cache-control': 'no-store' });
  });

  app.post('/admin/claims/:id', async (c) => {
    const viewer = requireAdmin(c);
    const id = c.req.param('id');
    if (!/^\d{1,12}$/.test(id)) throw invalidInput(`“${id}” is not a claim id.`);
    const decision = (await formFields(c, 100)).decision;
    if (decision !== 'approve' && decision !== 'reject') throw invalidInput('Decide with “approve” or “reject”.');
    await ctx.core.claims.decide(viewer, Number(id), decision);
    return c.redirect(`/admin/claims?done=${decision}`, 303);
  });
}
