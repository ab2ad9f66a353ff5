/**
 * HTTP for harvesting other people's servers politely (arXiv's rule: at most
 * one request every 3 seconds, one connection at a time):
 *  - requests to one host are queued: one in flight, starts spaced by `minIntervalMs`;
 *  - a descriptive User-Agent;
 *  - 429, 5xx, timeouts and dropped connections are retried with exponential
 *    backoff, honouring Retry-After, a bounded number of times, then a clear error;
 *  - other statuses are returned to the caller (arXiv explains a 400 in its body).
 * Time is injectable (`Clock`) so tests check the spacing without sleeping.
 */
import { AppError } from '../../domain/errors.ts';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PoliteClientOptions {
  readonly userAgent?: string;
  /** gap between the starts of two requests to one host */
  readonly minIntervalMs?: number;
  /** one attempt may take this long, headers and body together */
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  /** longest single wait; a Retry-After beyond it fails at once */
  readonly maxBackoffMs?: number;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
  /** told about each request and retry, for progress output and tests */
  readonly onEvent?: (e: ClientEvent) => void;
}

export type ClientEvent =
  | { kind: 'request'; url: string; attempt: number; at: number }
  | { kind: 'retry'; url: string; attempt: number; waitMs: number; reason: string };

export interface FetchedText {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

export const DEFAULT_USER_AGENT = 'Paperboy/0.1 (self-hosted research-paper hub; polite harvester: one request every 3 s)';

export class PoliteClient {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly lastStart = new Map<string, number>();
  private readonly o: Required<Omit<PoliteClientOptions, 'onEvent'>> & Pick<PoliteClientOptions, 'onEvent'>;

  constructor(options: PoliteClientOptions = {}) {
    this.o = {
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      minIntervalMs: options.minIntervalMs ?? 3000,
      timeoutMs: options.timeoutMs ?? 60_000,
      maxAttempts: options.maxAttempts ?? 5,
      backoffBaseMs: options.backoffBaseMs ?? 5000,
      maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
      clock: options.clock ?? systemClock,
      fetch: options.fetch ?? fetch,
      onEvent: options.onEvent,
    };
  }

  /** GET a URL as text, queued behind other requests to the same host. */
  get(url: string): Promise<FetchedText> {
    const host = new URL(url).host;
    const previous = this.queues.get(host) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.withRetries(url, host));
    this.queues.set(host, next);
    return next;
  }

  private async waitForTurn(host: string): Promise<void> {
    const last = this.lastStart.get(host);
    if (last !== undefined) {
      const wait = last + this.o.minIntervalMs - this.o.clock.now();
      if (wait > 0) await this.o.clock.sleep(wait);
    }
    this.lastStart.set(host, this.o.clock.now());
  }

  private async withRetries(url: string, host: string): Promise<FetchedText> {
    let lastReason = '';
    for (let attempt = 1; attempt <= this.o.maxAttempts; attempt++) {
      await this.waitForTurn(host);
      this.o.onEvent?.({ kind: 'request', url, attempt, at: this.o.clock.now() });
      let retryAfterMs: number | null = null;
      try {
        const res = await this.attempt(url);
        if (res.status !== 429 && res.status < 500) return res;
        lastReason = `HTTP ${res.status}`;
        retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.o.clock.now());
      } catch (e) {
        lastReason = (e as Error).message;
      }
      if (attempt === this.o.maxAttempts) break;
      const backoff = Math.min(this.o.backoffBaseMs * 2 ** (attempt - 1), this.o.maxBackoffMs);
      if (retryAfterMs !== null && retryAfterMs > this.o.maxBackoffMs) {
        throw new AppError('unavailable', `${host} asks us to wait ${Math.ceil(retryAfterMs / 1000)} s before retrying (${url}); try again later`);
      }
      const waitMs = Math.max(retryAfterMs ?? backoff, 0);
      this.o.onEvent?.({ kind: 'retry', url, attempt, waitMs, reason: lastReason });
      await this.o.clock.sleep(waitMs);
    }
    throw new AppError('unavailable', `${host} did not answer after ${this.o.maxAttempts} attempts (last: ${lastReason}) for ${url}`);
  }

  private async attempt(url: string): Promise<FetchedText> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.o.timeoutMs);
    try {
      const res = await this.o.fetch(url, { headers: { 'user-agent': this.o.userAgent, accept: 'application/atom+xml, application/xml, text/xml, application/json;q=0.9, */*;q=0.5' }, signal: controller.signal });
      const body = await res.text();
      return { status: res.status, body, headers: res.headers };
    } catch (e) {
      if (controller.signal.aborted) throw new Error(`timed out after ${this.o.timeoutMs} ms`);
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new Error(cause ? `connection failed (${cause})` : `connection failed (${(e as Error).message})`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
