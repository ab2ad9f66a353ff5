/** `GET /api/daily_papers?date=|week=|month=&p=&limit=` in the Daily Papers shape. */
import type { Hono } from 'hono';
import { z } from 'zod';
import { invalidInput } from '../../domain/errors.ts';
import { dayPeriod, parsePeriod, type PeriodKind } from '../../domain/period.ts';
import { periodHelp, wholeNumber } from '../param-rules.ts';
import { cached, JSON_TYPE } from '../respond.ts';
import type { WebContext } from '../web-context.ts';
import { dailyItemJson } from '../../app/daily-papers-shape.ts';

const query = z.object({
  date: z.string().optional(),
  week: z.string().optional(),
  month: z.string().optional(),
  p: z.string().optional(),
  limit: z.string().optional(),
});

/** `p` is 0-based; pages past the data are empty, not errors. */
const P_RULE = { min: 0, max: 99_999 };
const LIMIT_RULE = { min: 1, max: 100 };

const KEYS: Record<'date' | 'week' | 'month', PeriodKind> = { date: 'day', week: 'week', month: 'month' };

export function registerDailyPapersApi(app: Hono, ctx: WebContext): void {
  app.get('/api/daily_papers', (c) => {
    const parsed = query.safeParse(c.req.query());
    if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => i.message).join('; '));
    const q = parsed.data;
    const given = (Object.keys(KEYS) as (keyof typeof KEYS)[]).filter((k) => q[k] !== undefined);
    if (given.length > 1) throw invalidInput(`give at most one of date, week, month (got ${given.join(', ')})`);
    const key = given[0];
    let period = null;
    if (key) {
      const kind = KEYS[key];
      period = parsePeriod(kind, q[key]!);
      if (!period) throw invalidInput(`${key} ${JSON.stringify(q[key])} is invalid: use ${periodHelp(kind)}`);
    }
    const page = wholeNumber('p', q.p, 0, P_RULE);
    const limit = wholeNumber('limit', q.limit, 50, LIMIT_RULE);
    const cacheKey = `/api/daily_papers?${period ? period.label : "latest"}&p=${page}&limit=${limit}`;
    return cached(c, ctx, JSON_TYPE, cacheKey, async () => {
      const chosen = period ?? dayPeriod(await ctx.core.latestDay());
      const view = await ctx.core.listing(chosen, page, limit);
      return { body: JSON.stringify(view.papers.map(dailyItemJson)) };
    });
  });
}
