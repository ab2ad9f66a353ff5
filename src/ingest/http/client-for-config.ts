/** The polite client the configuration asks for, refusing to ask arXiv faster than it allows. */
import type { Config } from '../../config.ts';
import { AppError } from '../../domain/errors.ts';
import { PoliteClient } from './polite-client.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** arXiv asks for one request every 3 s; only sources on this machine (tests) may be asked faster. */
export function politeClientFor(config: Config, urls: readonly string[]): PoliteClient {
  if (config.requestIntervalMs < 3000) {
    for (const url of urls) {
      const host = new URL(url).hostname;
      if (!LOOPBACK.has(host)) {
        throw new AppError('config', `PAPERBOY_REQUEST_INTERVAL_MS=${config.requestIntervalMs} is below 3000: that is only allowed for sources on this machine, not ${host}`);
      }
    }
  }
  return new PoliteClient({ minIntervalMs: config.requestIntervalMs });
}
