/** `GET /api/papers/{id}`: one paper in the Daily Papers shape. */
import type { Hono } from 'hono';
import { AppError, invalidInput } from '../../domain/errors.ts';
import { PAPER_ID_HELP, parsePaperId } from '../../domain/paper-id.ts';
import { cached, JSON_TYPE } from '../respond.ts';
import type { WebContext } from '../web-context.ts';
import { paperDetailJson } from '../../app/daily-papers-shape.ts';

export function registerPapersApi(app: Hono, ctx: WebContext): void {
  app.get('/api/papers/:id{.+}', (c) => {
    const raw = c.req.param('id');
    const parsed = parsePaperId(raw);
    if (!parsed) throw invalidInput(`${JSON.stringify(raw)} is not a paper id: use ${PAPER_ID_HELP}`);
    return cached(c, ctx, JSON_TYPE, `/api/papers/${parsed.id}`, async () => {
      const detail = await ctx.core.paper(parsed.id);
      if (!detail) throw new AppError('not_found', `paper ${parsed.id} not found`);
      return { body: JSON.stringify(paperDetailJson(detail)) };
    });
  });
}
