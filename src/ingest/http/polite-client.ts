/**
 * HTTP for harvesting other people's servers politely (arXiv's rule: at most
 * one request every 3 seconds, one connection at a time):
 *  - requests to one host are queued: one in flight per client, and each start
 *    waits for a turn (`HostTurns`) spaced `minIntervalMs` after the last one;
 *    the turns live in memory by default, or in the database so that every
 *    process sharing it keeps one spacing (src/ingest/http/host-turns.ts);
 *  - a descriptive User-Agent;
 *  - 429, 5xx, timeouts and dropped connections are retried with exponential
 *    backoff, honouring Retry-After, a bounded number of times, then a clear error;
 *  - a body is read as a stream and given up on (connection closed, no retry)
 *    as soon as it is larger than `maxResponseBytes`, or at once when its
 *    Content-Length says so;
 *  - other statuses are returned to the caller (arXiv explains a 400 in its body).
 * Time is injectable (`Clock`) so tests check the spacing without sleeping.
 */
import { AppError } from '../../domain/errors.ts';
import { systemClock, type Clock } from './clock.ts';
import { MemoryHostTurns, type HostTurns } from './host-turns.ts';

export { systemClock, type Clock } from './clock.ts';

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
  /** the largest body read; a larger response fails at once, without retries */
  readonly maxResponseBytes?: number;
  /** whose turn it is to ask a host (default: kept in this client's memory) */
  readonly turns?: HostTurns;
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

export interface FetchedBytes {
  readonly status: number;
  readonly bytes: Uint8Array;
  readonly headers: Headers;
}

export interface BytesOptions {
  /** the largest body read for this request (at most the client's `maxResponseBytes`) */
  readonly maxBytes?: number;
  readonly accept?: string;
}

/** the default of PAPERBOY_MAX_RESPONSE_MB (src/config.ts) */
export const DEFAULT_MAX_RESPONSE_BYTES = 200 * 1024 * 1024;

export const DEFAULT_USER_AGENT = 'Paperboy/0.1 (self-hosted research-paper hub; polite harvester: one request every 3 s)';

export class PoliteClient {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly o: Required<Omit<PoliteClientOptions, 'onEvent'>> & Pick<PoliteClientOptions, 'onEvent'>;

  constructor(options: PoliteClientOptions = {}) {
    const clock = options.clock ?? systemClock;
    // Node loads its fetch machinery on first use (tens of ms): load it now rather than between
    // taking a turn and sending, so that the time a turn claims is the time the request leaves
    if (options.fetch === undefined) new Headers();
    this.o = {
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      minIntervalMs: options.minIntervalMs ?? 3000,
      timeoutMs: options.timeoutMs ?? 60_000,
      maxAttempts: options.maxAttempts ?? 5,
      backoffBaseMs: options.backoffBaseMs ?? 5000,
      maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      turns: options.turns ?? new MemoryHostTurns(clock),
      clock,
      fetch: options.fetch ?? fetch,
      onEvent: options.onEvent,
    };
  }

  /** GET a URL as text, queued behind other requests to the same host. */
  get(url: string): Promise<FetchedText> {
    return this.queued(url, () => this.attempt(url));
  }

  /**
   * GET a URL as bytes (an image, a PDF), with the same turns, retries and
   * limit as `get`; `maxBytes` may lower the limit for this request.
   */
  getBytes(url: string, options: BytesOptions = {}): Promise<FetchedBytes> {
    const limit = Math.min(options.maxBytes ?? this.o.maxResponseBytes, this.o.maxResponseBytes);
    return this.queued(url, () => this.attemptBytes(url, limit, options.accept ?? '*/*'));
  }

  private queued<T extends { status: number; headers: Headers }>(url: string, attempt: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    const previous = this.queues.get(host) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.withRetries(url, host, attempt));
    this.queues.set(host, next);
    return next;
  }

  private async withRetries<T extends { status: number; headers: Headers }>(url: string, host: string, send: () => Promise<T>): Promise<T> {
    let lastReason = '';
    for (let attempt = 1; attempt <= this.o.maxAttempts; attempt++) {
      await this.o.turns.take(host, this.o.minIntervalMs);
      this.o.onEvent?.({ kind: 'request', url, attempt, at: this.o.clock.now() });
      let retryAfterMs: number | null = null;
      try {
        const res = await send();
        if (res.status !== 429 && res.status < 500) return res;
        lastReason = `HTTP ${res.status}`;
        retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.o.clock.now());
      } catch (e) {
        // an attempt throws AppError only for what trying again cannot fix (a body over the limit)
        if (e instanceof AppError) throw e;
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

  private attempt(url: string): Promise<FetchedText> {
    const accept = 'application/atom+xml, application/xml, text/xml, application/json;q=0.9, */*;q=0.5';
    return this.fetchOnce(url, accept, async (res, controller) => {
      const body = await readBodyUpTo(res, this.o.maxResponseBytes, (detail) => {
        controller.abort(); // closes the connection: the rest is never downloaded
        return tooLarge(url, this.o.maxResponseBytes, detail);
      });
      return { status: res.status, body, headers: res.headers };
    });
  }

  private attemptBytes(url: string, limit: number, accept: string): Promise<FetchedBytes> {
    return this.fetchOnce(url, accept, async (res, controller) => {
      const bytes = await readBytesUpTo(res, limit, (detail) => {
        controller.abort();
        return tooLarge(url, limit, detail);
      });
      return { status: res.status, bytes, headers: res.headers };
    });
  }

  private async fetchOnce<T>(url: string, accept: string, read: (res: Response, controller: AbortController) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.o.timeoutMs);
    try {
      const res = await this.o.fetch(url, { headers: { 'user-agent': this.o.userAgent, accept }, signal: controller.signal });
      return await read(res, controller);
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (controller.signal.aborted) throw new Error(`timed out after ${this.o.timeoutMs} ms`);
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new Error(cause ? `connection failed (${cause})` : `connection failed (${(e as Error).message})`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Hands the body to `take` chunk by chunk as it arrives, so no more than
 * `limit` bytes are ever held. `refuse` is called (and its error thrown) when
 * the Content-Length or the bytes read so far pass `limit`.
 */
async function readChunksUpTo(res: Response, limit: number, refuse: (detail: string) => Error, take: (chunk: Uint8Array) => void): Promise<void> {
  const declared = res.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    throw refuse(`it announced ${Number(declared).toLocaleString('en-US')} bytes`);
  }
  if (res.body === null) return;
  const reader = res.body.getReader();
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > limit) {
      const error = refuse(`stopped after ${read.toLocaleString('en-US')} bytes`);
      reader.cancel().catch(() => undefined);
      throw error;
    }
    take(value);
  }
}

/** The body as text (UTF-8, as `Response.text()` decodes it), decoded as it arrives: no second copy of the bytes. */
async function readBodyUpTo(res: Response, limit: number, refuse: (detail: string) => Error): Promise<string> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  await readChunksUpTo(res, limit, refuse, (chunk) => parts.push(decoder.decode(chunk, { stream: true })));
  parts.push(decoder.decode());
  return parts.join('');
}

/** The body as bytes, read as it arrives and given up on past `limit`. */
async function readBytesUpTo(res: Response, limit: number, refuse: (detail: string) => Error): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await readChunksUpTo(res, limit, refuse, (chunk) => parts.push(chunk));
  return Buffer.concat(parts);
}

function tooLarge(url: string, limit: number, detail: string): AppError {
  const mb = Number((limit / (1024 * 1024)).toFixed(2));
  return new AppError('unavailable', `${url}: response is larger than the ${mb} MB limit (PAPERBOY_MAX_RESPONSE_MB); ${detail}. Raise the limit if this source really sends that much`);
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
