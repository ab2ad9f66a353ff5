/**
 * The sending engine's knobs (listmonk style: documented settings, not constants in code).
 * config.ts reads them from `PAPERBOY_DIGEST_*` and checks their ranges; the app hands them
 * here as plain numbers. See the configuration table in the README.
 */
export interface DigestSendSettings {
  /** messages in flight at once (`PAPERBOY_DIGEST_CONCURRENCY`); more than the SMTP pool's connections only queues in the pool */
  readonly concurrency: number;
  /** (subscriber, period) rows claimed per write transaction (`PAPERBOY_DIGEST_BATCH_SIZE`) */
  readonly batchSize: number;
  /** how long a claim is ours before another sender may take it over (`PAPERBOY_DIGEST_LEASE_SECONDS`) */
  readonly leaseMs: number;
  /** claims per (subscriber, period) before it is given up (`PAPERBOY_DIGEST_MAX_ATTEMPTS`) */
  readonly maxAttempts: number;
  /** hard bounces after which a subscriber is paused (`PAPERBOY_DIGEST_PAUSE_AFTER_BOUNCES`) */
  readonly pauseAfterHardBounces: number;
  /** the first wait after a temporary failure; doubles with each attempt up to `retryMaxMs` */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** at most this many messages per second, 0 for no limit (`PAPERBOY_DIGEST_RATE`) */
  readonly ratePerSecond: number;
  /** failures in a row that are not about an address (server down, sign-in refused) before a run stops and gives its claims back */
  readonly stopAfterFailuresInRow: number;
}

export const DIGEST_SEND_DEFAULTS: DigestSendSettings = {
  concurrency: 5,
  batchSize: 100,
  leaseMs: 15 * 60_000,
  maxAttempts: 5,
  pauseAfterHardBounces: 3,
  retryBaseMs: 5 * 60_000,
  retryMaxMs: 2 * 3_600_000,
  ratePerSecond: 0,
  stopAfterFailuresInRow: 10,
};

/** The wait before attempt `attempts + 1` after a temporary failure. */
export function retryDelayMs(settings: DigestSendSettings, attempts: number): number {
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
}

/** `<digest.{subscriberId}.{period}@{host}>`: the same for every attempt, so a resend is recognisable. */
export function digestMessageId(subscriberId: number, period: string, domain: string): string {
  return `<digest.${subscriberId}.${period}@${domain}>`;
}
