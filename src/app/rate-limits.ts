/**
 * The rate limits every write and sign-in goes through (rules and counting:
 * domain/rate-limit.ts). A refusal is an error (`RateLimited`, a 429 with
 * Retry-After on the web) and is recorded for the moderation page.
 */
import { RateLimited } from '../domain/errors.ts';
import { RATE_RULES, RateLimiter, type RateBucket } from '../domain/rate-limit.ts';
import { recordRateLimitHit } from '../store/accounts-repo.ts';
import type { Store } from '../store/store.ts';
import type { AppLog } from './app-log.ts';
import type { Clock } from './clock.ts';

export class RateLimits {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: AppLog,
    private readonly scale = 1,
  ) {
    this.limiter = new RateLimiter(RATE_RULES, scale);
  }

  /** Counts one action of `bucket` by `subject`, or throws RateLimited. */
  async take(bucket: RateBucket, subject: string): Promise<void> {
    const now = this.clock();
    const decision = this.limiter.take(bucket, subject, now.getTime());
    if (decision.allowed) return;
    const rule = { ...RATE_RULES[bucket], limit: RATE_RULES[bucket].limit * this.scale };
    await recordRateLimitHit(this.store.db, bucket, subject, now.toISOString()).catch((e: unknown) => this.log.error({ err: e }, 'could not record a rate-limit hit'));
    const wait = Math.ceil(decision.retryAfterSeconds);
    throw new RateLimited(`Too many ${rule.what}: at most ${rule.limit} in ${describeWindow(rule.windowSeconds)}. Try again in ${describeWait(wait)}.`, wait);
  }
}

function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'an hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'a minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
