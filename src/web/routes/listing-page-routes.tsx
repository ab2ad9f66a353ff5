/** @jsxImportSource hono/jsx */
/** `/`, `/papers/date/D`, `/papers/week/W`, `/papers/month/M` and their label-less shortcuts. */
import type { Hono } from 'hono';
import { invalidInput } from '../../domain/errors.ts';
import { dayOf, dayPeriod, parsePeriod, periodContaining, type Period, type PeriodKind } from '../../domain/period.ts';
import { ListingPage } from '../pages/listing-page.tsx';
import { periodHelp, wholeNumber } from '../param-rules.ts';
import { htmlDocument } from '../pages/layout.tsx';
import { periodPath } from '../pages/paths.ts';
import { localRedirect } from '../redirect.ts';
import { cached, HTML, type Rendered } from '../respond.ts';
import { errorPageHtml } from '../pages/error-page.tsx';
import type { WebContext } from '../web-context.ts';

const PAGE_SIZE = 50;
const SEGMENT: Record<string, PeriodKind> = { date: 'day', week: 'week', month: 'month' };

/** 1-based in the address, 0-based here; a page past the data is a 404 that says how many there are. */
function parsePageParam(value: string | undefined): number {
  return wholeNumber('page', value, 1, { min: 1, max: 99_999 }) - 1;
}

export function registerListingPages(app: Hono, ctx: WebContext): void {
  // `today` is part of the cache keys: whether a period is in the future changes without a write
  const render = async (period: Period, page: number, isHome: boolean, today: string): Promise<Rendered> => {
    const view = await ctx.core.listing(period, page, PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(view.total / PAGE_SIZE));
    if (page >= pages) {
      return { status: 404, body: errorPageHtml(404, `There is no page ${page + 1} here: this ${period.kind === 'day' ? 'day' : period.kind} has ${pages} page${pages === 1 ? '' : 's'} of papers.`) };
    }
    const gatheredAt = isHome ? await ctx.core.lastGatheredAt() : null;
    return { body: htmlDocument(<ListingPage view={view} baseUrl={ctx.config.baseUrl} isHome={isHome} today={today} gatheredAt={gatheredAt} />) };
  };

  app.get('/', async (c) => {
    const page = parsePageParam(c.req.query('page'));
    // the latest day moves only when the data does, and so does the cache
    const today = dayOf(new Date());
    return cached(c, ctx, HTML, `/?page=${page}&today=${today}`, async () => render(dayPeriod(await ctx.core.latestDay()), page, true, today));
  });

  for (const [segment, kind] of Object.entries(SEGMENT)) {
    // `/papers/week` → the week of the latest listing
    app.get(`/papers/${segment}`, async (c) => {
      const day = await ctx.core.latestDay();
      return localRedirect(c, periodPath(periodContaining(kind, day)), 302);
    });
    app.get(`/papers/${segment}/:label`, (c) => {
      const label = c.req.param('label');
      const period = parsePeriod(kind, label);
      if (!period) throw invalidInput(`“${label}” is not a ${kind === 'day' ? 'date' : kind}. Use ${periodHelp(kind)}.`);
      const page = parsePageParam(c.req.query('page'));
      const today = dayOf(new Date());
      return cached(c, ctx, HTML, `${periodPath(period)}?page=${page}&today=${today}`, () => render(period, page, false, today));
    });
  }
}
