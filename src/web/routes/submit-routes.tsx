/** @jsxImportSource hono/jsx */
/** `/papers/submit`: the form (GET) and the submission (POST). Registered before `/papers/{id}`, which would read "submit" as an id. */
import type { Context, Hono } from 'hono';
import { AppError, RateLimited } from '../../domain/errors.ts';
import { formFields } from '../auth/form.ts';
import { requireViewer } from '../auth/request-viewer.ts';
import { htmlDocument } from '../pages/layout.tsx';
import { paperPath } from '../pages/paths.ts';
import { SubmitPage, type SubmitPageProps } from '../pages/submit-page.tsx';
import { localLocation } from '../redirect.ts';
import type { WebContext } from '../web-context.ts';

/** Refusals the form shows on the page itself, with what was typed; anything else is the error page. */
const SHOWN_ON_FORM = { invalid_input: 400, not_found: 404, rate_limited: 429, unavailable: 503 } as const;

export function registerSubmitRoutes(app: Hono, ctx: WebContext): void {
  const page = async (c: Context, extra: Omit<SubmitPageProps, 'today' | 'quota'>, status: 200 | 400 | 404 | 409 | 429 | 503 = 200) => {
    const viewer = requireViewer(c, 'submit a paper');
    const quota = await ctx.core.submissions.quota(viewer);
    return c.html(htmlDocument(<SubmitPage today={quota.day} quota={quota} {...extra} />), status, { 'cache-control': 'no-store' });
  };

  app.get('/papers/submit', (c) => {
    if (!c.get('viewer')) return c.redirect('/signin?next=%2Fpapers%2Fsubmit', 303);
    return page(c, {});
  });

  app.post('/papers/submit', async (c) => {
    const viewer = requireViewer(c, 'submit a paper');
    const form = await formFields(c, 2000);
    const typed = (form.arxivId ?? '').trim();
    try {
      const r = await ctx.core.submissions.submit(viewer, { arxivId: typed });
      if (r.duplicateOf) return page(c, { typed, duplicate: { paperId: r.paperId, day: r.duplicateOf.day } }, 409);
      // to the paper's page, which says it is listed and offers the links form
      return c.redirect(localLocation(`${paperPath(r.paperId)}?submitted=${r.day}`), 303);
    } catch (e) {
      if (e instanceof AppError && e.code in SHOWN_ON_FORM) {
        if (e instanceof RateLimited) c.header('retry-after', String(e.retryAfterSeconds));
        return page(c, { typed, error: e.message }, SHOWN_ON_FORM[e.code as keyof typeof SHOWN_ON_FORM]);
      }
      throw e;
    }
  });
}
