/**
 * `GET /api/daily_papers?date=|week=|month=&sort=&p=&limit=` in the Daily Papers shape.
 *
 * `sort`: `upvotes` (the default: most upvotes first, imported + local),
 * `publishedAt` (newest listing first; without a period, every listing), or
 * `trending` (the trending page's order, domain/trending.ts; takes no period).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { invalidInput } from '../../domain/errors.ts';
import { dayPeriod, parsePeriod, type PeriodKind } from '../../domain/period.ts';
import { periodHelp, wholeNumber } from '../param-rules.ts';
import { cached, clockHour, JSON_TYPE } from '../respond.ts';
import type { WebContext } from '../web-context.ts';
import { dailyItemJson } from '../../app/daily-papers-shape.ts';
import { TRENDING } from '../../domain/trending.ts';

const query = z.object({
  date: z.string().optional(),
  week: z.string().optional(),
  month: z.string().optional(),
  p: z.string().optional(),
  limit: z.string().optional(),
  sort: z.string().optional(),
});

const SORTS = ['upvotes', 'publishedAt', 'trending'] as const;
type Sort = (typeof SORTS)[number];
const isSort = (s: string): s is Sort => (SORTS as readonly string[]).includes(s);

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
    const sort = q.sort ?? 'upvotes';
    if (!isSort(sort)) throw invalidInput(`sort ${JSON.stringify(q.sort)} is invalid: use ${SORTS.join(', ')}`);
    if (sort === 'trending' && key) throw invalidInput(`sort=trending ranks the papers of the last ${TRENDING.windowDays} days: leave out ${key}`);
    const page = wholeNumber('p', q.p, 0, P_RULE);
    const limit = wholeNumber('limit', q.limit, 50, LIMIT_RULE);
    if (sort === 'trending') {
      const now = new Date();
      return cached(c, ctx, JSON_TYPE, `/api/daily_papers?sort=trending&p=${page}&limit=${limit}&hour=${clockHour(now)}`, async () => {
        const view = await ctx.core.trending(page, limit, now);
        return { body: JSON.stringify(view.papers.map(dailyItemJson)) };
      });
    }
    const cacheKey = `/api/daily_papers?${period ? period.label : "latest"}&sort=${sort}&p=${page}&limit=${limit}`;
    return cached(c, ctx, JSON_TYPE, cacheKey, async () => {
      if (sort === 'publishedAt' && !period) return { body: JSON.stringify((await ctx.core.newestListings(page, limit)).map(dailyItemJson)) };
      const chosen = period ?? dayPeriod(await ctx.core.latestDay());
      const view = await ctx.core.listing(chosen, page, limit, sort === 'publishedAt' ? 'newest' : 'upvotes');
      return { body: JSON.stringify(view.papers.map(dailyItemJson)) };
    });
  });
}
