/**
 * What the trending page and `GET /api/daily_papers?sort=trending` need: the
 * papers of the trending window, ranked by the score of domain/trending.ts,
 * one page of them.
 *
 * The candidates are read light (ids, counts, when listed: store
 * trendingRowsBetween), ranked here, and only the page shown is loaded in full.
 */
import type { ListedPaper } from '../domain/paper.ts';
import { dayOf } from '../domain/period.ts';
import { listedInstant, rankTrending, trendingClock, trendingFirstDay } from '../domain/trending.ts';
import { latestListedDay, listPapersBetween, trendingRowsBetween } from '../store/listings-repo.ts';
import type { Store } from '../store/store.ts';

export type TrendingPaper = ListedPaper & {
  readonly score: number;
  /** hours from listing to the clock */
  readonly ageHours: number;
};

export interface TrendingView {
  /** the instant the scores are measured at (trendingClock): now, or the end of the newest listed day */
  readonly clock: string;
  /** the first day whose listings take part */
  readonly firstDay: string;
  readonly papers: readonly TrendingPaper[];
  /** papers in the window */
  readonly total: number;
  /** 0-based page index and size */
  readonly page: number;
  readonly pageSize: number;
}

export async function loadTrending(store: Store, page: number, pageSize: number, now: Date): Promise<TrendingView> {
  const clock = trendingClock(now, await latestListedDay(store.db));
  const firstDay = trendingFirstDay(clock);
  const lastDay = dayOf(clock);
  const rows = await trendingRowsBetween(store.db, firstDay, lastDay);
  const ranked = rankTrending(
    rows.map((r) => ({
      paperId: r.paperId,
      listedAt: listedInstant(r),
      upvotes: r.importedUpvotes + r.local.upvotes,
      comments: r.importedComments + r.local.comments,
    })),
    clock,
  );
  const shown = ranked.slice(page * pageSize, (page + 1) * pageSize);
  const full = await listPapersBetween(store.db, firstDay, lastDay, { offset: 0, limit: Math.max(1, shown.length) }, 'upvotes', shown.map((r) => r.paperId));
  const byId = new Map(full.map((p) => [p.paper.id, p]));
  const papers: TrendingPaper[] = [];
  for (const r of shown) {
    const item = byId.get(r.paperId);
    // a paper deleted between the two reads is left out rather than shown half
    if (item) papers.push({ ...item, score: r.score, ageHours: r.ageHours });
  }
  return { clock: clock.toISOString(), firstDay, papers, total: ranked.length, page, pageSize };
}
