/**
 * A feed (Atom today: web/render/atom-feed.ts): what a feed reader follows,
 * its newest entry first. Which papers and in what order is decided in
 * app/feeds.ts; this is the shape, and the rule for when an entry is new.
 */
import type { ListingRecord, PaperRecord } from './paper.ts';

export interface FeedEntry {
  readonly paper: PaperRecord;
  /** when the paper entered this feed (ISO instant): its listing, or its publication */
  readonly at: string;
  readonly upvotes: number | null;
}

export interface Feed {
  readonly entries: readonly FeedEntry[];
  /** the newest entry's `at`, or `fallback` for a feed with no entries (an instant that only moves with the data) */
  readonly updated: string;
}

/** When a listed paper entered a listing feed: put on the daily page, else its listing's item time, else its day. */
export function listedAt(listing: ListingRecord): string {
  return listing.submittedOnDailyAt ?? listing.submittedAt ?? `${listing.day}T00:00:00.000Z`;
}

/** The feed of these entries, newest `at` first (ties: the given order). */
export function feedOf(entries: readonly FeedEntry[], fallback: string): Feed {
  const sorted = entries.map((e, i) => ({ e, i })).sort((a, b) => (a.e.at < b.e.at ? 1 : a.e.at > b.e.at ? -1 : a.i - b.i)).map((x) => x.e);
  return { entries: sorted, updated: sorted[0]?.at ?? fallback };
}
