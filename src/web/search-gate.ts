/**
 * Admission for uncached searches, so they cannot stall the rest of the server.
 *
 * A search is CPU work on the one JavaScript thread (embedding the query,
 * scanning vectors, scoring, highlighting, rendering) and most of it runs
 * without a real await (better-sqlite3 answers synchronously). Fifty of them
 * started at once run back to back before the event loop reads the next
 * socket, so a `/healthz` or a cached page that arrives behind them waits for
 * all fifty (bench/event-loop.ts: /healthz p99 0.6-1.3 s at 440 papers, 2.9 s at 9.9k).
 *
 * The gate lets `limit` searches run at a time (PAPERBOY_SEARCH_CONCURRENCY:
 * by default 1 with the built-in embedder, 4 with an ONNX or HTTP one); the
 * others wait in a FIFO queue of at most `maxQueue`, and one more is refused at once
 * (the routes answer 503 with Retry-After). A finished search hands its slot
 * over with `setImmediate`, never in the same microtask chain, so the event
 * loop reads sockets between two searches; a search also starts in a fresh
 * turn of the loop and its holder can `yieldToEventLoop()` between its phases
 * (search, then render).
 */
import type { Context } from 'hono';
import { AppError } from '../domain/errors.ts';
import { errorPageHtml } from './pages/error-page.tsx';

/** Searches that may run at once unless told otherwise (PAPERBOY_SEARCH_CONCURRENCY); more would only interleave on the one thread. */
export const SEARCH_CONCURRENCY = 1;
/** Searches that may wait for a slot; one more is refused (503). */
export const SEARCH_QUEUE = 100;
/** What a refused search is told to wait, in seconds. */
export const RETRY_AFTER_SECONDS = 1;

/** The queue is full: a 503 with Retry-After (see `gatedSearch`). */
export class GateFullError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('unavailable', `Too many searches are waiting right now. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`);
    this.name = 'GateFullError';
  }
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SearchGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit = SEARCH_CONCURRENCY,
    readonly maxQueue = SEARCH_QUEUE,
  ) {
    if (!(limit >= 1)) throw new RangeError('a search gate needs a limit of at least 1');
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `work` once a slot is free (in a later turn of the event loop); throws GateFullError when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limit && this.waiting.length === 0) {
      this.running++;
      await yieldToEventLoop(); // let requests read in the same turn go first
    } else {
      if (this.waiting.length >= this.maxQueue) throw new GateFullError(RETRY_AFTER_SECONDS);
      // the slot is handed over (running stays counted) by release()
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) setImmediate(next);
    else this.running--;
  }
}

export async function gatedSearch(c: Context, as: 'json' | 'html', respond: () => Promise<Response>): Promise<Response> {
  try {
    return await respond();
  } catch (e) {
    if (!(e instanceof GateFullError)) throw e;
    c.header('retry-after', String(e.retryAfterSeconds));
    c.header('cache-control', 'no-store');
    return as === 'json' ? c.json({ error: e.message }, 503) : c.html(errorPageHtml(503, e.message), 503);
  }
}
