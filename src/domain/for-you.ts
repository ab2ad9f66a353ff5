/**
 * "For you": a ranking of recent papers of one's own, learned from one's
 * upvotes (app/for-you.ts does the reading; the meaning side gives the vectors).
 *
 * The reader's profile is the weighted mean of the vectors of the papers they
 * upvoted, a vote's weight halving every HALF_LIFE_DAYS (tastes move); a
 * candidate is a paper listed in the WINDOW_DAYS before the clock that they have
 * not upvoted, scored
 *
 *     score = cos(profile, paper) + POPULARITY * ln(1 + upvotes)
 *
 * so what is close to what they liked comes first, and among equally close
 * papers the ones others liked too. Each shown paper names the upvoted paper
 * closest to it ("because you upvoted …").
 */
export const FOR_YOU = {
  windowDays: 30,
  halfLifeDays: 60,
  /** the most recent upvotes that make the profile */
  maxSeeds: 200,
  /** 0.02 * ln(1 + 150 upvotes) ≈ 0.1: a strong but not decisive lift */
  popularity: 0.02,
  pageSize: 30,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** How much an upvote cast at `votedAt` counts at `now` (1 for one cast now). */
export function voteWeight(votedAt: string, now: Date): number {
  const ageDays = Math.max(0, (now.getTime() - Date.parse(votedAt)) / DAY_MS);
  return Number.isFinite(ageDays) ? 0.5 ** (ageDays / FOR_YOU.halfLifeDays) : 0;
}

export function forYouScore(similarity: number, upvotes: number): number {
  return similarity + FOR_YOU.popularity * Math.log1p(Math.max(0, upvotes));
}
