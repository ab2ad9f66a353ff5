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

export interface ModerationOverview {
  readonly accounts: readonly Account[];
  /** refusals of the last 7 days, by kind and subject, latest first */
  readonly rateLimitHits: readonly RateLimitHitSummary[];
}

export const RATE_LIMIT_HITS_DAYS = 7;

export class Moderation {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async overview(viewer: Viewer): Promise<ModerationOverview> {
    requireAdmin(viewer);
    const since = new Date(this.clock().getTime() - RATE_LIMIT_HITS_DAYS * 86_400_000).toISOString();
    const [accounts, rateLimitHits] = await Promise.all([listAccounts(this.store.db, 500), recentRateLimitHits(this.store.db, since, 100)]);
    return { accounts, rateLimitHits };
  }
}

/** Moderation is for administrators only; the check lives in the core, whatever the adapter. */
export function requireAdmin(viewer: Viewer): void {
  if (!viewer.isAdmin) throw forbidden('Only an administrator can do that.');
}
