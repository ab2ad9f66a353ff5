/** The polite client the configuration asks for, refusing to ask arXiv faster than it allows. */
import type { Config } from '../../config.ts';
import { AppError } from '../../domain/errors.ts';
import type { Store } from '../../store/store.ts';
import { DatabaseHostTurns } from './host-turns.ts';
import { PoliteClient } from './polite-client.ts';
import type { Clock } from './clock.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** arXiv asks for one request every 3 s; only sources on this machine (tests) may be asked faster. */
export function checkRequestInterval(config: Config, urls: readonly string[]): void {
  if (config.requestIntervalMs < 3000) {
    for (const url of urls) {
      const host = new URL(url).hostname;
      if (!LOOPBACK.has(host)) {
        throw new AppError('config', `PAPERBOY_REQUEST_INTERVAL_MS=${config.requestIntervalMs} is below 3000: that is only allowed for sources on this machine, not ${host}`);
      }
    }
  }
}

/**
 * A client for harvesting `urls` into `store`. Its turns per host are kept in
 * the store's database, so every process using the same database (another
 * `paperboy ingest`, the schedules of `paperboy serve`) keeps the interval
 * together; responses are read up to PAPERBOY_MAX_RESPONSE_MB.
 */
export function politeClientFor(config: Config, urls: readonly string[], store: Pick<Store, 'db'>): PoliteClient {
  checkRequestInterval(config, urls);
  return new PoliteClient({ minIntervalMs: config.requestIntervalMs, maxResponseBytes: config.maxResponseBytes, turns: new DatabaseHostTurns(store.db) });
}

/**
 * The client thumbnails are fetched with: the same turns per host as every
 * harvest on this database, but a short patience (two attempts, 30 s each),
 * because a missing picture is worth less than a harvest. `fetch` and `clock`
 * let the caller cut waits short when it stops.
 */
export function thumbnailClientFor(config: Config, store: Pick<Store, 'db'>, options: { fetch?: typeof fetch; clock?: Clock } = {}): PoliteClient {
  return new PoliteClient({
    minIntervalMs: Math.max(config.requestIntervalMs, 0),
    maxResponseBytes: config.maxResponseBytes,
    maxAttempts: 2,
    timeoutMs: 30_000,
    backoffBaseMs: 5_000,
    maxBackoffMs: 60_000,
    turns: new DatabaseHostTurns(store.db, options.clock),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
