/**
 * Trending: a time-decay score in the manner of Hacker News and Lobsters.
 *
 *     score = (upvotes + c · comments) / (ageHours + h)^G
 *
 * - `upvotes`, `comments`: the totals shown on the card, imported + local
 *   (community.ts).
 * - `ageHours`: hours from when the paper was listed (`listedInstant`) to the
 *   trending clock (`trendingClock`), never below 0.
 * - G = 1.5 (gravity), h = 2 hours (offset), c = 0.5 (a comment is half a vote),
 *   and only listings of the last 7 days before the clock take part.
 *
 * Why these constants (scripts/trending-constants.py, on the 580 recorded days
 * of Daily Papers, 2024-05 .. 2026-08: each day's list taken at noon UTC over
 * the 7 days before, c = 0.5; "yesterday" is the previous listed day):
 *
 * | G   | top 10 listed today / yesterday / older | same papers as the day's top 10 | yesterday's #1: in top 10, median rank | top 10 changed since yesterday |
 * |-----|------------------------------------------|---------------------------------|-----------------------------------------|--------------------------------|
 * | 1.0 | 69% / 19% / 13%                          | 69%                             | 82%, #6                                 | 70%                            |
 * | 1.2 | 75% / 16% /  9%                          | 74%                             | 74%, #7                                 | 75%                            |
 * | 1.5 | 82% / 13% /  5%                          | 80%                             | 63%, #9                                 | 83%                            |
 * | 1.8 | 86% / 11% /  3%                          | 84%                             | 50%, #10                                | 87%                            |
 *
 * Papers arrive in one batch a day, not one by one as on Hacker News. With HN's
 * G = 1.8 trending is little more than "top of today"; at G ≤ 1.2 last week's
 * hits stay near the top for days. At 1.5 a paper listed a day earlier needs
 * about 4.5× the votes to rank level at noon: the list is mostly today's
 * papers, with yesterday's big ones still among the first ten (its #1 at a
 * median rank of 9) and older ones only when they were exceptional. The 2-hour
 * offset is HN's: a paper listed a moment ago is not divided by ~0. Imported
 * comment counts are nearly flat (median 1, 94% of papers have at least one,
 * mostly a bot's reply), so a comment weighs half a vote: it breaks ties among
 * similar papers and lets a lively local discussion count without outweighing
 * votes. Beyond 7 days a paper needs over 15× the votes of one listed a day
 * before: the window bounds the work without changing the top of the list.
 */
import { addDays, dayOf } from './period.ts';

export const TRENDING = {
  /** G: how fast age pulls a paper down */
  gravity: 1.5,
  /** c: a comment counts as this many votes */
  commentWeight: 0.5,
  /** h: added to the age so that a brand-new listing is not divided by ~0 */
  offsetHours: 2,
  /** only papers listed in the last this-many days before the clock take part */
  windowDays: 7,
} as const;

const HOUR_MS = 3_600_000;

/** The score of a paper with these totals, listed `ageHours` before the clock. */
export function trendingScore(upvotes: number, comments: number, ageHours: number): number {
  const age = Math.max(0, ageHours);
  return (upvotes + TRENDING.commentWeight * comments) / (age + TRENDING.offsetHours) ** TRENDING.gravity;
}

/**
 * When a listing went on the daily page: the recorded instant when the source
 * gives one on the listing's own day, else the start of that day (UTC). Older
 * Daily Papers responses have no instant, and newer ones often give midnight.
 */
export function listedInstant(listing: { readonly day: string; readonly submittedOnDailyAt: string | null }): string {
  const at = listing.submittedOnDailyAt;
  if (at !== null) {
    const d = new Date(at);
    if (!Number.isNaN(d.getTime()) && dayOf(d) === listing.day) return d.toISOString();
  }
  return `${listing.day}T00:00:00.000Z`;
}

/**
 * The instant trending is measured at: now, but never later than the end of
 * the newest listed day. A live instance gets papers every weekday, so this is
 * now; over a weekend or on an instance that stopped gathering (the demo data
 * ends on 2026-08-21) the clock stops at the end of the newest day, so the list
 * shows what was trending then instead of aging everything out of the window.
 */
export function trendingClock(now: Date, newestDay: string | null): Date {
  if (newestDay === null) return now;
  const endOfNewest = new Date(`${addDays(newestDay, 1)}T00:00:00.000Z`);
  return endOfNewest.getTime() < now.getTime() ? endOfNewest : now;
}

/** The first day whose listings can take part at this clock (a day range for the store's query). */
export function trendingFirstDay(clock: Date): string {
  return dayOf(new Date(clock.getTime() - TRENDING.windowDays * 24 * HOUR_MS));
}

export interface TrendingInput {
  readonly paperId: string;
  /** ISO instant the paper was listed (listedInstant) */
  readonly listedAt: string;
  /** totals: imported + local */
  readonly upvotes: number;
  readonly comments: number;
}

export type Ranked<T> = T & { readonly score: number; readonly ageHours: number };

/**
 * The papers listed within the window before `clock` (from `windowDays` × 24 h
 * before it, inclusive: at the end of a day, that day and the 6 before it), best score first; ties go
 * to more upvotes, then the newer listing, then the id (a stable order).
 */
export function rankTrending<T extends TrendingInput>(items: readonly T[], clock: Date): Ranked<T>[] {
  const start = clock.getTime() - TRENDING.windowDays * 24 * HOUR_MS;
  const ranked: Ranked<T>[] = [];
  for (const item of items) {
    const at = Date.parse(item.listedAt);
    if (!(at >= start)) continue;
    const ageHours = Math.max(0, (clock.getTime() - at) / HOUR_MS);
    ranked.push({ ...item, score: trendingScore(item.upvotes, item.comments, ageHours), ageHours });
  }
  return ranked.sort(
    (a, b) => b.score - a.score || b.upvotes - a.upvotes || b.listedAt.localeCompare(a.listedAt) || (a.paperId < b.paperId ? -1 : a.paperId > b.paperId ? 1 : 0),
  );
}
