/**
 * `POST /api/papers/submit` with `{"arxivId": "2608.12345"}` (an id or a link,
 * as on the form) and `Authorization: Bearer TOKEN`: lists the paper on today's
 * page as the token's account. Answers 201 with the listing as a Daily Papers
 * item; 409 `{error, listedOn, item}` when it was already listed; 400, 401,
 * 404, 429 (+ Retry-After) and 503 as `{error}`.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { dailyItemJson } from '../../app/daily-papers-shape.ts';
import { AppError, invalidInput } from '../../domain/errors.ts';
import { SUBMIT_ID_HELP } from '../../domain/submission.ts';
import { requireViewer } from '../auth/request-viewer.ts';
import type { WebContext } from '../web-context.ts';

const body = z.object({ arxivId: z.string().max(2000) }).strict();

export function registerSubmitApi(app: Hono, ctx: WebContext): void {
  app.post('/api/papers/submit', async (c) => {
    const viewer = requireViewer(c, 'submit a paper (send Authorization: Bearer TOKEN; make a token at /settings)');
    c.header('cache-control', 'no-store');
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      throw invalidInput(`Send a JSON body such as {"arxivId": "2608.12345"}, where arxivId is ${SUBMIT_ID_HELP}.`);
    }
    const parsed = body.safeParse(json);
    if (!parsed.success) throw invalidInput(`Send a JSON body with only "arxivId": ${SUBMIT_ID_HELP}.`);
    const r = await ctx.core.submissions.submit(viewer, { arxivId: parsed.data.arxivId });
    const item = await ctx.core.submissions.listed(r.paperId, r.day);
    if (!item) throw new AppError('internal', `the listing of ${r.paperId} on ${r.day} vanished`);
    if (r.duplicateOf) return c.json({ error: `${r.paperId} is already listed on ${r.duplicateOf.day}; it was not listed again.`, listedOn: r.duplicateOf.day, item: dailyItemJson(item) }, 409);
    return c.json(dailyItemJson(item), 201);
  });
}
