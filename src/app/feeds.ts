/**
 * `core.feeds`: what the Atom feeds carry (web/routes/feed-routes.ts renders them).
 * - latest: the papers most recently listed here, newest first;
 * - trending: the trending page's first papers, in its order (the feed's
 *   `updated` is its newest listing, so a reader sees new arrivals);
 * - author: an author's papers here (by name key, as the author page), newest
 *   listing or publication first; an empty or too long name is `invalid_input`;
 * - search: a saved search to follow: of the query's best FEED_SEARCH_POOL
 *   matches, the newest FEED_SIZE by publication, so a new paper that ranks
 *   among them appears at the top. Papers found by meaning alone are left out
 *   when any paper matches the words: ordered by date, the pool's weak tail
 *   would otherwise sit beside its best. A query the search refuses is
 *   `invalid_input`.
 */
import { feedOf, listedAt, type Feed, type FeedEntry } from '../domain/feed.ts';
import { invalidInput } from '../domain/errors.ts';
import type { ListedPaper, PaperDetail, PaperRecord } from '../domain/paper.ts';
import type { SearchOptions, SearchResult } from '../search/search-service.ts';
import { lastGatheredAt } from '../store/stats-repo.ts';
import type { Store } from '../store/store.ts';
import { newestListings } from './listing-view.ts';
import { loadTrending } from './trending-view.ts';
import type { Authors } from './authors.ts';

export const FEED_SIZE = 30;
/** how many of a search's best matches its feed orders by date */
export const FEED_SEARCH_POOL = 100;
/** an instant for a feed with no entries on an instance that never gathered papers */
const EPOCH = '1970-01-01T00:00:00.000Z';

/** When a paper that was never listed entered a feed: its publication (or latest version). */
function publishedAt(paper: PaperRecord): string {
  return paper.publishedAt ?? paper.updatedAt ?? EPOCH;
}

function listedEntry(p: ListedPaper): FeedEntry {
  return { paper: p.paper, at: listedAt(p.listing), upvotes: p.listing.upvotes + p.local.upvotes };
}

export class Feeds {
  constructor(
    private readonly store: Store,
    private readonly search: (query: string, options: SearchOptions) => Promise<SearchResult>,
    private readonly authors: Authors,
  ) {}

  private async fallback(): Promise<string> {
    return (await lastGatheredAt(this.store.db)) ?? EPOCH;
  }

  async latest(): Promise<Feed> {
    const papers = await newestListings(this.store, 0, FEED_SIZE);
    return feedOf(papers.map(listedEntry), await this.fallback());
  }

  async trending(now: Date): Promise<Feed> {
    const view = await loadTrending(this.store, 0, FEED_SIZE, now);
    const entries = view.papers.map(listedEntry);
    // in the trending order, not by date: the feed is the page (only `updated` follows the rule)
    return { entries, updated: feedOf(entries, await this.fallback()).updated };
  }

  /** An author's papers (the first author page's), and the name as most papers spell it. */
  async author(name: string): Promise<{ name: string; feed: Feed }> {
    const page = await this.authors.page(name, 1);
    const entries = page.papers.map((d: PaperDetail): FeedEntry => {
      const listing = d.listings[0];
      return {
        paper: d.paper,
        at: listing ? listedAt(listing) : publishedAt(d.paper),
        upvotes: listing ? listing.upvotes + d.local.upvotes : null,
      };
    });
    return { name: page.name, feed: feedOf(entries, await this.fallback()) };
  }

  async matching(query: string): Promise<Feed> {
    if (query.trim() === '') throw invalidInput('q is required: the words to search for');
    const result = await this.search(query, { limit: FEED_SEARCH_POOL });
    const byWords = result.hits.filter((h) => h.matchedWords);
    const entries = (byWords.length > 0 ? byWords : result.hits).map((h): FeedEntry => ({ paper: h.paper, at: publishedAt(h.paper), upvotes: null }));
    const feed = feedOf(entries, await this.fallback());
    return { ...feed, entries: feed.entries.slice(0, FEED_SIZE) };
  }
}
