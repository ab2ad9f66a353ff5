/**
 * `core.forYou`: a signed-in reader's own ranking of recent papers, learned
 * from their upvotes (the rule: domain/for-you.ts; the vectors: the search's
 * meaning side). The window ends where trending's clock does (now, or the end
 * of the newest listed day), so an instance that stopped gathering still has
 * a page.
 */
import { FOR_YOU, forYouScore, voteWeight } from '../domain/for-you.ts';
import type { ListedPaper } from '../domain/paper.ts';
import { addDays, dayOf } from '../domain/period.ts';
import { trendingClock } from '../domain/trending.ts';
import type { SearchService } from '../search/search-service.ts';
import { latestListedDay, listPapersBetween, trendingRowsBetween } from '../store/listings-repo.ts';
import { papersByIds } from '../store/digest-sources-repo.ts';
import type { Store } from '../store/store.ts';
import { upvotesOfUser } from '../store/votes-repo.ts';

export interface ForYouPaper {
  readonly listed: ListedPaper;
  readonly score: number;
  /** the upvoted paper closest in meaning to it */
  readonly because: { readonly id: string; readonly title: string } | null;
}

export interface ForYouView {
  /** ready; no-votes: nothing to learn from yet; no-meaning: the instance has no meaning side in use */
  readonly state: 'ready' | 'no-votes' | 'no-meaning';
  /** upvotes the ranking learned from */
  readonly votes: number;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly papers: readonly ForYouPaper[];
}

export class ForYou {
  constructor(
    private readonly store: Store,
    private readonly search: () => Promise<SearchService>,
  ) {}

  async page(userId: number, now: Date): Promise<ForYouView> {
    const db = this.store.db;
    // the day of the instant just before the clock: the newest listed day when the clock stopped at its end
    const lastDay = dayOf(new Date(trendingClock(now, await latestListedDay(db)).getTime() - 1));
    const firstDay = addDays(lastDay, -(FOR_YOU.windowDays - 1));
    const base = { firstDay, lastDay, papers: [] };
    const votes = await upvotesOfUser(db, userId, FOR_YOU.maxSeeds);
    if (votes.length === 0) return { state: 'no-votes', votes: 0, ...base };
    const voted = new Set(votes.map((v) => v.paperId));
    const rows = (await trendingRowsBetween(db, firstDay, lastDay)).filter((r) => !voted.has(r.paperId));
    const taste = await (await this.search()).taste(votes.map((v) => ({ id: v.paperId, weight: voteWeight(v.votedAt, now) })));
    if (!taste) return { state: 'no-meaning', votes: votes.length, ...base };
    const similarity = await taste.similarities(rows.map((r) => r.paperId));
    const ranked = rows
      .flatMap((r) => {
        const s = similarity.get(r.paperId);
        return s === undefined ? [] : [{ paperId: r.paperId, score: forYouScore(s, r.importedUpvotes + r.local.upvotes) }];
      })
      .sort((a, b) => b.score - a.score || (a.paperId < b.paperId ? -1 : 1))
      .slice(0, FOR_YOU.pageSize);
    const ids = ranked.map((r) => r.paperId);
    const [full, closest] = await Promise.all([
      listPapersBetween(db, firstDay, lastDay, { offset: 0, limit: Math.max(1, ids.length) }, 'upvotes', ids),
      taste.closestSeeds(ids),
    ]);
    const seeds = await papersByIds(db, [...new Set(closest.values())]);
    const byId = new Map(full.map((p) => [p.paper.id, p]));
    const papers = ranked.flatMap((r): ForYouPaper[] => {
      const listed = byId.get(r.paperId);
      if (!listed) return [];
      const seed = seeds.get(closest.get(r.paperId) ?? '');
      return [{ listed, score: r.score, because: seed ? { id: seed.id, title: seed.title } : null }];
    });
    return { state: 'ready', votes: votes.length, firstDay, lastDay, papers };
  }
}
