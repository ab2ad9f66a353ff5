/**
 * What this instance's own community adds to a paper, and how it combines with
 * what an upstream (the Daily Papers) said.
 *
 * Two kinds of counts live side by side and are never mixed up in storage:
 * - *imported*: the upstream's upvotes and comments of a listing, as last
 *   imported (`daily_listings`; they only grow, the larger snapshot wins);
 * - *local*: votes and comments cast here (`votes`, and the per-paper counters
 *   in `paper_activity`), one vote per user per paper.
 *
 * The count shown and ranked is their sum: "12 upvotes · 10 on Daily Papers,
 * 2 here". The two groups of voters are different people on different sites, so
 * adding is the honest total; someone who voted on both is counted twice, which
 * we cannot know and accept. A re-import never touches local votes, and a local
 * vote never touches the imported number.
 */

/** The community's counters of one paper on this instance; zeros when nobody here touched it. */
export interface LocalActivity {
  readonly upvotes: number;
  readonly comments: number;
  /** when a vote or comment was last added here (ISO instant), null when never */
  readonly lastActivityAt: string | null;
}

export const NO_LOCAL_ACTIVITY: LocalActivity = { upvotes: 0, comments: 0, lastActivityAt: null };

/** A shown count and where it comes from. */
export interface CountParts {
  /** imported + local: what is shown and ranked */
  readonly total: number;
  /** the upstream's (Daily Papers') count at the last import */
  readonly imported: number;
  /** cast on this instance */
  readonly local: number;
}

export function combineCounts(imported: number, local: number): CountParts {
  return { total: imported + local, imported, local };
}

/** The name of the upstream whose counts are imported, as pages say it. */
export const UPSTREAM_NAME = 'Daily Papers';
