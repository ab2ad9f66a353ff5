/**
 * Rate limits on writes and sign-ins: at most `limit` actions of one kind per
 * subject (an account, an email address or a network address) within
 * `windowSeconds`, counted over a sliding window of the exact times.
 *
 * The limiter is in memory, per process: a server is one process, and a
 * limit that resets when it restarts costs an abuser nothing they could not
 * get by waiting. Daily submission limits, which must survive restarts, are
 * counted in the database instead (see the submissions use case).
 */
export interface RateRule {
  readonly limit: number;
  readonly windowSeconds: number;
  /** what is limited, in words: "sign-in emails", "votes" */
  readonly what: string;
}

export const RATE_RULES = {
  /** sign-in links mailed to one address */
  signInPerEmail: { limit: 5, windowSeconds: 15 * 60, what: 'sign-in emails to this address' },
  /** sign-in requests from one network address */
  signInPerAddress: { limit: 20, windowSeconds: 15 * 60, what: 'sign-in requests from your network' },
  /** digest subscription requests (confirmation mails) for one address */
  subscribePerEmail: { limit: 3, windowSeconds: 60 * 60, what: 'subscription emails to this address' },
  /** digest subscription requests from one network address */
  subscribePerAddress: { limit: 20, windowSeconds: 60 * 60, what: 'subscription requests from your network' },
  votes: { limit: 120, windowSeconds: 60, what: 'votes' },
  comments: { limit: 10, windowSeconds: 60, what: 'comments' },
  submissions: { limit: 10, windowSeconds: 60 * 60, what: 'submissions' },
  /** collections, claims, links, settings, API tokens */
  edits: { limit: 60, windowSeconds: 60, what: 'changes' },
} as const satisfies Record<string, RateRule>;

export type RateBucket = keyof typeof RATE_RULES;

export interface RateDecision {
  readonly allowed: boolean;
  /** when refused: seconds until the oldest counted action leaves the window */
  readonly retryAfterSeconds: number;
}

/** Sliding-window counters keyed by bucket and subject. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  private readonly rules: Readonly<Record<string, RateRule>>;

  /** `scale` multiplies every limit (load tests; PAPERBOY_RATE_LIMIT_SCALE) */
  constructor(rules: Readonly<Record<string, RateRule>> = RATE_RULES, scale = 1) {
    this.rules = Object.fromEntries(Object.entries(rules).map(([k, r]) => [k, { ...r, limit: r.limit * scale }]));
  }

  /** Counts one action when allowed; a refused action is not counted (retrying does not push the window). */
  take(bucket: string, subject: string, nowMs: number): RateDecision {
    const rule = this.rules[bucket];
    if (!rule) throw new Error(`unknown rate bucket ${bucket}`);
    const key = `${bucket}\u0000${subject}`;
    const from = nowMs - rule.windowSeconds * 1000;
    const times = (this.hits.get(key) ?? []).filter((t) => t > from);
    if (times.length >= rule.limit) {
      this.hits.set(key, times);
      return { allowed: false, retryAfterSeconds: (times[0]! - from) / 1000 };
    }
    times.push(nowMs);
    this.hits.set(key, times);
    if (this.hits.size > 50_000) this.sweep(nowMs);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Forgets subjects whose every action has left its window (bounds memory under many subjects). */
  private sweep(nowMs: number): void {
    for (const [key, times] of this.hits) {
      const rule = this.rules[key.slice(0, key.indexOf('\u0000'))]!;
      if (times.every((t) => t <= nowMs - rule.windowSeconds * 1000)) this.hits.delete(key);
    }
  }
}
