/**
 * What a listing page (day, week, month) or the daily API needs: the papers of
 * the period, one page of them, and the nearest periods that have papers.
 */
import type { ListedPaper } from '../domain/paper.ts';
import { dayOf, periodContaining, type Period } from '../domain/period.ts';
import { countPapersListedBetween, latestListedDay, listedDaysAround, listPapersBetween, type ListingOrder } from '../store/listings-repo.ts';
import type { Store } from '../store/store.ts';
import { thumbnailMetas, type ThumbnailMeta } from '../store/thumbnails-repo.ts';

export interface ListingView {
  readonly period: Period;
  readonly papers: readonly ListedPaper[];
  readonly total: number;
  /** 0-based page index and size */
  readonly page: number;
  readonly pageSize: number;
  /** nearest period of the same kind before/after this one that has papers */
  readonly previous: Period | null;
  readonly next: Period | null;
  /** sizes and hashes of the stored thumbnails of these papers, by id (those without one are absent) */
  readonly thumbnails: ReadonlyMap<string, ThumbnailMeta>;
}

/** `order`: most upvotes (imported + local) first, or the newest listing first (store ListingOrder). */
export async function loadListing(store: Store, period: Period, page: number, pageSize: number, order: ListingOrder = 'upvotes'): Promise<ListingView> {
  const [papers, total, around] = await Promise.all([
    listPapersBetween(store.db, period.start, period.end, { offset: page * pageSize, limit: pageSize }, order),
    countPapersListedBetween(store.db, period.start, period.end),
    listedDaysAround(store.db, period.start, period.end),
  ]);
  const thumbnails = await thumbnailMetas(store.db, papers.map((p) => p.paper.id));
  return {
    period,
    papers,
    thumbnails,
    total,
    page,
    pageSize,
    previous: around.previous ? periodContaining(period.kind, around.previous) : null,
    next: around.next ? periodContaining(period.kind, around.next) : null,
  };
}

/** The newest day with papers; today (UTC) on an empty instance. */
export async function latestDay(store: Store): Promise<string> {
  return (await latestListedDay(store.db)) ?? dayOf(new Date());
}

/** Every listed paper, the newest listing first (the Daily Papers API's `sort=publishedAt` without a date). */
export function newestListings(store: Store, page: number, pageSize: number): Promise<ListedPaper[]> {
  return listPapersBetween(store.db, '0000-01-01', '9999-12-31', { offset: page * pageSize, limit: pageSize }, 'newest');
}
