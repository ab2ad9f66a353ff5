/**
 * Upvotes: the use cases of voting, `core.votes` (paperboy.ts). The web route
 * (after sign-in) and any script call these; the store does the counting in one
 * write transaction (store/votes-repo.ts).
 *
 * `set(userId, paperId, on)` is what a form posts: "upvote" (on) or "unvote"
 * (off). It is idempotent, so a double click, a resubmitted form or a retried
 * request ends where the person meant. `toggle` flips and is for callers that
 * send each request exactly once (the votes benchmark).
 */
import type { Kysely } from 'kysely';
import { combineCounts, type CountParts } from '../domain/community.ts';
import { invalidInput } from '../domain/errors.ts';
import { PAPER_ID_HELP, parsePaperId } from '../domain/paper-id.ts';
import type { Database } from '../store/schema.ts';
import { setVote, toggleVote, votedPaperIds, votesOf, type VoteResult } from '../store/votes-repo.ts';
import type { Viewer } from '../domain/account.ts';
import type { RateLimits } from './rate-limits.ts';

export interface VoteOutcome {
  /** the canonical id of the paper voted on */
  readonly paperId: string;
  /** whether the user's vote is now there */
  readonly voted: boolean;
  /** whether anything changed (`set` to what already was: false) */
  readonly changed: boolean;
  /** the paper's upvotes now: total, imported and local */
  readonly upvotes: CountParts;
}

export class Votes {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => Date = () => new Date(),
    private readonly limits: RateLimits | null = null,
  ) {}

  /** A signed-in reader upvotes (`on`) or takes it back: rate-limited per account, then `set`. */
  async vote(viewer: Viewer, paperId: string, on: boolean): Promise<VoteOutcome> {
    await this.limits?.take('votes', `user:${viewer.id}`);
    return this.set(viewer.id, paperId, on);
  }

  /** Every paper the user has upvoted (pages mark them; a set of ids, one indexed read). */
  allOf(userId: number): Promise<ReadonlySet<string>> {
    return votedPaperIds(this.db, checkUser(userId));
  }

  /** Upvote (`on`) or take the upvote back; asking for what already is changes nothing. */
  async set(userId: number, paperId: string, on: boolean): Promise<VoteOutcome> {
    const id = checkPaper(paperId);
    return outcome(id, await setVote(this.db, checkUser(userId), id, on, this.clock().toISOString()));
  }

  /** Flips the user's vote on the paper. */
  async toggle(userId: number, paperId: string): Promise<VoteOutcome> {
    const id = checkPaper(paperId);
    return outcome(id, await toggleVote(this.db, checkUser(userId), id, this.clock().toISOString()));
  }

  /** Which of these papers (canonical ids) the user has upvoted, for "you voted" on cards. */
  ofUser(userId: number, paperIds: readonly string[]): Promise<ReadonlySet<string>> {
    return votesOf(this.db, checkUser(userId), paperIds);
  }
}

function outcome(paperId: string, r: VoteResult): VoteOutcome {
  return { paperId, voted: r.voted, changed: r.changed, upvotes: combineCounts(r.importedUpvotes, r.localUpvotes) };
}

function checkUser(userId: number): number {
  if (!Number.isSafeInteger(userId) || userId < 1) throw invalidInput(`user id ${String(userId)} is not a user: it must be a whole number from 1`);
  return userId;
}

function checkPaper(paperId: string): string {
  const parsed = parsePaperId(paperId);
  if (!parsed) throw invalidInput(`“${paperId}” is not a paper id. Use ${PAPER_ID_HELP}.`);
  return parsed.id;
}
