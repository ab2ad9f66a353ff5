/**
 * Atom feeds for feed readers (render/atom-feed.ts; what they carry: app/feeds.ts):
 *   /feeds/latest.atom          the papers most recently listed here
 *   /feeds/trending.atom        the trending page's papers (moves with the hour, like the page)
 *   /feeds/search.atom?q=       a search to follow: its best matches, newest first
 *   /feeds/author.atom?name=    an author's papers, newest first
 * Public and the same for everyone: registered before the middleware that reads
 * the session, cached until the data changes, with ETags (readers poll), and
 * readable from any origin, errors too (app.ts: web-based readers fetch them from their own).
 */
import type { Context, Hono } from 'hono';
import { AppError } from '../../domain/errors.ts';
import type { Feed } from '../../domain/feed.ts';
import { atomFeed, ATOM, type AtomFeedMeta } from '../render/atom-feed.ts';
import { authorFeedPath, authorPath, LATEST_FEED_PATH, searchFeedPath, TRENDING_FEED_PATH } from '../pages/paths.ts';
import { TRENDING_PATH } from '../pages/trending-page.tsx';
import { cached, clockHour } from '../respond.ts';
import { parseSearchParams } from '../search-params.ts';
import { gatedSearch } from '../search-gate.ts';
import { authorNameKey } from '../../domain/author-name.ts';
import type { WebContext } from '../web-context.ts';

/** config.baseUrl has no trailing slash (config.ts), as every canonical link assumes */
function absolute(ctx: WebContext, path: string): string {
  return `${ctx.config.baseUrl}${path}`;
}

type FeedMeta = Omit<AtomFeedMeta, 'baseUrl'>;

/** The feed as Atom from the page cache, `load` running only when the data changed since. */
function answer(c: Context, ctx: WebContext, key: string, load: () => Promise<{ meta: FeedMeta; feed: Feed }>): Promise<Response> {
  return cached(c, ctx, ATOM, key, async () => {
    const { meta, feed } = await load();
    return { body: atomFeed({ ...meta, baseUrl: ctx.config.baseUrl }, feed) };
  });
}

export function registerFeedRoutes(app: Hono, ctx: WebContext): void {
  app.get(LATEST_FEED_PATH, (c) =>
    answer(c, ctx, LATEST_FEED_PATH, async () => ({
      meta: {
        title: 'Paperboy: latest papers',
        subtitle: 'The papers most recently listed on this Paperboy, newest first.',
        selfUrl: absolute(ctx, LATEST_FEED_PATH),
        pageUrl: absolute(ctx, '/'),
      },
      feed: await ctx.core.feeds.latest(),
    })),
  );

  app.get(TRENDING_FEED_PATH, (c) => {
    const now = new Date();
    return answer(c, ctx, `${TRENDING_FEED_PATH}?hour=${clockHour(now)}`, async () => ({
      meta: {
        title: 'Paperboy: trending papers',
        subtitle: 'The papers of the last 7 days with the most upvotes and discussion for their age.',
        selfUrl: absolute(ctx, TRENDING_FEED_PATH),
        pageUrl: absolute(ctx, TRENDING_PATH),
      },
      feed: await ctx.core.feeds.trending(now),
    }));
  });

  app.get('/feeds/search.atom', async (c) => {
    const { q } = parseSearchParams(c.req.query(), { limit: 1, fixed: true });
    if (q.trim() === '') throw new AppError('invalid_input', 'q is required: the words to search for, e.g. /feeds/search.atom?q=diffusion+video');
    return gatedSearch(c, 'html', () =>
      answer(c, ctx, searchFeedPath(q), async () => ({
        meta: {
          title: `Paperboy: “${q}”`,
          subtitle: `Papers matching “${q}”, newest first.`,
          selfUrl: absolute(ctx, searchFeedPath(q)),
          pageUrl: absolute(ctx, `/search?q=${encodeURIComponent(q)}`),
        },
        feed: await ctx.searchGate.run(() => ctx.core.feeds.matching(q)),
      })),
    );
  });

  app.get('/feeds/author.atom', (c) => {
    const name = c.req.query('name') ?? '';
    if (authorNameKey(name) === '') throw new AppError('invalid_input', 'name is required: the author to follow, e.g. /feeds/author.atom?name=Jane%20Doe');
    // one cached answer per author, however the name is spaced or cased
    return answer(c, ctx, `/feeds/author.atom?key=${encodeURIComponent(authorNameKey(name))}`, async () => {
      const { feed, name: shown } = await ctx.core.feeds.author(name);
      return {
        meta: {
          title: `Paperboy: papers by ${shown}`,
          subtitle: `Papers with ${shown} among their authors, newest first.`,
          selfUrl: absolute(ctx, authorFeedPath(shown)),
          pageUrl: absolute(ctx, authorPath(shown)),
        },
        feed,
      };
    });
  });
}
