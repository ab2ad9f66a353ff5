/**
 * The vocabulary of papers, people and daily listings.
 *
 * - A *paper* is a work identified by its canonical id (see paper-id.ts).
 * - A *listing* says a paper was on the daily page of one day, who submitted
 *   it there, and how many upvotes and comments it has gathered.
 * - A *user* is a person known by a unique username (accounts come later; for
 *   now users exist so that "submitted by" can name someone).
 */
import type { LocalActivity } from './community.ts';

export interface Author {
  readonly name: string;
  /** username of the user who claimed this authorship, if any */
  readonly username?: string;
}

export interface Organization {
  readonly name: string;
  readonly fullname?: string;
}

export interface PaperRecord {
  readonly id: string;
  readonly source: string;
  readonly version: number | null;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly Author[];
  readonly categories: readonly string[];
  readonly primaryCategory: string | null;
  /** ISO-8601 instant of first publication */
  readonly publishedAt: string | null;
  /** ISO-8601 instant of the latest version */
  readonly updatedAt: string | null;
  readonly comment: string | null;
  readonly doi: string | null;
  readonly journalRef: string | null;
  readonly githubRepo: string | null;
  readonly githubStars: number | null;
  readonly projectPage: string | null;
  readonly aiSummary: string | null;
  readonly aiKeywords: readonly string[];
  readonly organization: Organization | null;
}

/**
 * The fields only the Daily Papers fills (code and project links, stars, AI
 * summary and keywords, organization), empty: the tail of a record from a
 * source that has none of them, such as arXiv.
 */
export const NO_DAILY_PAPERS_FIELDS = {
  githubRepo: null,
  githubStars: null,
  projectPage: null,
  aiSummary: null,
  aiKeywords: [],
  organization: null,
} as const satisfies Partial<PaperRecord>;

export interface UserRecord {
  readonly username: string;
  readonly fullname: string | null;
  readonly avatarUrl: string | null;
  readonly isPro: boolean;
  /** `user` or `org` */
  readonly kind: string;
}

export interface ListingRecord {
  readonly paperId: string;
  /** the day the paper was listed, `YYYY-MM-DD` */
  readonly day: string;
  /** ISO-8601 instant of the listing item (Daily Papers' item `publishedAt`) */
  readonly submittedAt: string;
  /** ISO-8601 instant it was put on the daily page, when the source says */
  readonly submittedOnDailyAt: string | null;
  readonly submittedBy: string | null;
  readonly upvotes: number;
  readonly numComments: number;
  /** image URL the source gave for the listing */
  readonly thumbnail: string | null;
  /** an author takes part in the discussion */
  readonly authorParticipating: boolean;
}

/**
 * Two snapshots of one listing (same paper, same day). Counts only grow
 * between snapshots, so the larger wins whatever the import order; a missing
 * submitter or thumbnail never erases a known one.
 */
export function mergeListing(existing: ListingRecord, incoming: ListingRecord): ListingRecord {
  return {
    paperId: existing.paperId,
    day: existing.day,
    submittedAt: existing.submittedAt <= incoming.submittedAt ? existing.submittedAt : incoming.submittedAt,
    submittedOnDailyAt: incoming.submittedOnDailyAt ?? existing.submittedOnDailyAt,
    submittedBy: incoming.submittedBy ?? existing.submittedBy,
    upvotes: Math.max(existing.upvotes, incoming.upvotes),
    numComments: Math.max(existing.numComments, incoming.numComments),
    thumbnail: incoming.thumbnail ?? existing.thumbnail,
    authorParticipating: existing.authorParticipating || incoming.authorParticipating,
  };
}

/** Comments on the paper: the most any of its listings gathered. */
export function paperComments(listings: readonly ListingRecord[]): number {
  return listings.reduce((max, l) => Math.max(max, l.numComments), 0);
}

/** A paper together with its (latest) listing, as pages and the API show it. */
export interface ListedPaper {
  readonly paper: PaperRecord;
  /** the listing's counts are the imported ones; `local` holds this instance's (community.ts) */
  readonly listing: ListingRecord;
  readonly submitter: UserRecord | null;
  readonly local: LocalActivity;
}

export interface PaperDetail {
  readonly paper: PaperRecord;
  /** every day the paper was listed, newest first */
  readonly listings: readonly ListingRecord[];
  readonly submitter: UserRecord | null;
  /** votes and comments cast on this instance */
  readonly local: LocalActivity;
}

/** Titles come hard-wrapped from arXiv ("Large Multimodal\n  Models"). */
export function normalizeTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim();
}

const PARAGRAPH_BREAK = /\n[ \t]*\n/;
/** what `/\s+/g` matches, less the single spaces that would be replaced by a space: same result, far fewer replacements */
const WHITESPACE_RUN = /\s\s+|[^\S ]/g;

/**
 * Abstracts come hard-wrapped at ~80 columns. Joins wrapped lines, keeps blank
 * lines as paragraph breaks, and trims.
 */
export function normalizeAbstract(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // one paragraph (the common case): collapse whitespace in one pass
  if (!PARAGRAPH_BREAK.test(lf)) return lf.replace(WHITESPACE_RUN, ' ').trim();
  return lf
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((para) => para.replace(/\s+/g, ' ').trim())
    .filter((para) => para.length > 0)
    .join('\n\n');
}

/** Upvotes of the paper: the highest count among its listings. */
export function paperUpvotes(listings: readonly ListingRecord[]): number {
  return listings.reduce((max, l) => Math.max(max, l.upvotes), 0);
}

/** "Ada Lovelace, Alan Turing, Grace Hopper et al." */
export function authorLine(authors: readonly Author[], max = 3): string {
  const names = authors.map((a) => a.name);
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} et al.`;
}
