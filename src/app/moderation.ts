/**
 * What a moderator sees on `/admin`: the accounts, and who hit a rate limit
 * lately. Other parts add their queues (hidden comments, pending claims)
 * through their own use cases; this gathers them for one page.
 */
import type { Account, Viewer } from '../domain/account.ts';
import { forbidden } from '../domain/errors.ts';
import { listAccounts, recentRateLimitHits, type RateLimitHitSummary } from '../store/accounts-repo.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { ListedComment } from '../store/comments-repo.ts';
import type { AuthorClaim } from '../domain/author-claim.ts';

export interface ModerationOverview {
  readonly accounts: readonly Account[];
  /** refusals of the last 7 days, by kind and subject, latest first */
  readonly rateLimitHits: readonly RateLimitHitSummary[];
  /** comments a moderator hid, newest first */
  readonly hiddenComments: readonly ListedComment[];
  /** authorship claims waiting for a decision */
  readonly pendingClaims: readonly AuthorClaim[];
}

/** The queues other parts keep, as the moderation page reads them. */
export interface ModerationQueues {
  hiddenComments(): Promise<ListedComment[]>;
  pendingClaims(): Promise<AuthorClaim[]>;
}

export const RATE_LIMIT_HITS_DAYS = 7;

export class Moderation {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly queues: ModerationQueues,
  ) {}

  async overview(viewer: Viewer): Promise<ModerationOverview> {
    requireAdmin(viewer);
    const since = new Date(this.clock().getTime() - RATE_LIMIT_HITS_DAYS * 86_400_000).toISOString();
    const [accounts, rateLimitHits, hiddenComments, pendingClaims] = await Promise.all([
      listAccounts(this.store.db, 500),
      recentRateLimitHits(this.store.db, since, 100),
      this.queues.hiddenComments(),
      this.queues.pendingClaims(),
    ]);
    return { accounts, rateLimitHits, hiddenComments, pendingClaims };
  }
}

/** Moderation is for administrators only; the check lives in the core, whatever the adapter. */
export function requireAdmin(viewer: Viewer): void {
  if (!viewer.isAdmin) throw forbidden('Only an administrator can do that.');
}
