/**
 * The search gate (src/web/search-gate.ts): uncached searches beyond the
 * concurrency limit wait in a bounded FIFO queue, one more is refused with 503
 * and Retry-After, and a finished search hands its slot over in a later turn
 * of the event loop, so sockets are read between two searches. No timing:
 * searches here block on promises the test resolves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { DEMO_FILE } from '../../src/ingest/demo-data.ts';
import { importFiles } from '../../src/ingest/import-files.ts';
import type { SearchOptions } from '../../src/search/search-service.ts';
import { Paperboy } from '../../src/app/paperboy.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { createApp } from '../../src/web/app.ts';
import { GateFullError, SEARCH_QUEUE, SearchGate } from '../../src/web/search-gate.ts';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A promise and the function that resolves it. */
function blocker() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The real search, but a query starting with "held" first waits until the test releases it. */
/** Holds every search whose query starts with "held" until released (the API's searchWithDetails searches through it too). */
function holdSearches(core: Paperboy) {
  const started: string[] = [];
  const hold = blocker();
  const search = core.search.bind(core);
  const held = async (input: string): Promise<void> => {
    if (input.startsWith('held')) {
      started.push(input);
      await hold.opened;
    }
  };
  Object.assign(core, {
    search: async (input: string, options: SearchOptions) => (await held(input), search(input, options)),
  });
  return { started, release: () => hold.open() };
}

describe('SearchGate', () => {
  it('runs at most `limit` at once and queues the rest in order', async () => {
    const gate = new SearchGate(1, 5);
    const order: number[] = [];
    const holds = [blocker(), blocker(), blocker()];
    const runs = holds.map((h, i) =>
      gate.run(async () => {
        order.push(i);
        await h.opened;
        return i;
      }),
    );
    await nextTurn();
    await nextTurn();
    expect(order).toEqual([0]);
    expect(gate.queued).toBe(2);
    holds[2]!.open();
    holds[1]!.open();
    holds[0]!.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(order).toEqual([0, 1, 2]);
    expect(gate.active).toBe(0);
  });

  it('refuses a search when the queue is full, with a Retry-After', async () => {
    const gate = new SearchGate(1, 1);
    const hold = blocker();
    const first = gate.run(() => hold.opened);
    const second = gate.run(() => Promise.resolve('second'));
    const third = gate.run(() => Promise.resolve('third'));
    await expect(third).rejects.toBeInstanceOf(GateFullError);
    await expect(third).rejects.toMatchObject({ code: 'unavailable', retryAfterSeconds: 1 });
    hold.open();
    await first;
    expect(await second).toBe('second');
  });

  it('hands a slot over in a later turn of the event loop, not in the same microtask chain', async () => {
    const gate = new SearchGate(1, 5);
    const hold = blocker();
    let secondStarted = false;
    const first = gate.run(() => hold.opened);
    const second = gate.run(async () => {
      secondStarted = true;
    });
    await nextTurn();
    hold.open();
    await first;
    // the first search is done and its awaiters ran: the second must still wait for the event loop
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(secondStarted).toBe(false);
    await nextTurn();
    await nextTurn();
    expect(secondStarted).toBe(true);
    await second;
  });

  it('a failing search frees its slot', async () => {
    const gate = new SearchGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.active).toBe(0);
    expect(await gate.run(() => Promise.resolve(7))).toBe(7);
  });
});

describe('search routes behind the gate', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:');
    await importFiles(store.db, [DEMO_FILE]);
  });
  afterAll(async () => {
    await store.close();
  });

  const RUNNING = 2;
  async function app() {
    const config = loadConfig({ PAPERBOY_DB: ':memory:', PAPERBOY_BASE_URL: 'https://papers.example.org', PAPERBOY_SEARCH_CONCURRENCY: String(RUNNING) });
    const core = await Paperboy.over(store, config);
    return { app: createApp({ core, config }), search: holdSearches(core) };
  }

  it('answers 503 with Retry-After to an uncached search beyond the queue, page and API alike; cached searches and cheap routes still answer', async () => {
    const { app: a, search } = await app();
    expect((await a.request('/api/papers/search?q=terminal+tasks')).status).toBe(200);
    const held = Array.from({ length: RUNNING + SEARCH_QUEUE }, (_, i) => Promise.resolve(a.request(`/api/papers/search?q=held+agents+${i}`)));
    // let the held ones take their slots and places in the queue
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(search.started).toHaveLength(RUNNING); // PAPERBOY_SEARCH_CONCURRENCY, the rest queued

    const api = await a.request('/api/papers/search?q=held+one+more');
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('1');
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect((await api.json()) as unknown).toEqual({ error: expect.stringContaining('Too many searches') });
    const page = await a.request('/search?q=held+one+more');
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('1');
    expect(await page.text()).toContain('Too many searches');
    expect((await a.request('/healthz')).status).toBe(200);
    expect((await a.request('/api/papers/search?q=terminal+tasks')).status).toBe(200); // from the page cache, not queued

    search.release();
    const answers = await Promise.all(held);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    expect(search.started).toHaveLength(RUNNING + SEARCH_QUEUE);
    // the refusal was not cached: the same search now runs
    expect((await a.request('/api/papers/search?q=held+one+more')).status).toBe(200);
  });
});
