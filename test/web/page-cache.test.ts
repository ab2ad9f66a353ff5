import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { Paperboy } from '../../src/app/paperboy.ts';
import { ENTRY_OVERHEAD_BYTES, PageCache } from '../../src/web/page-cache.ts';
import { demoHarness } from './web-harness.ts';

const KB = 1024;
/** Text that does not compress much, so gzip copies are big enough to matter. */
const noise = (chars: number): string => randomBytes(chars).toString('base64').slice(0, chars);
const cost = (key: string, bodyBytes: number) => bodyBytes + ENTRY_OVERHEAD_BYTES + 2 * key.length;

describe('PageCache: bounded by bytes', () => {
  it('never holds more bytes than its budget, however many entries come in', () => {
    const cache = new PageCache(100 * KB);
    for (let i = 0; i < 1000; i++) {
      const entry = cache.put(`/k${i}`, 1, 200, 'text/html', noise(1 + ((i * 7919) % (12 * KB))));
      if (i % 3 === 0) cache.gzipped(`/k${i}`, entry);
      expect(cache.bytes).toBeLessThanOrEqual(100 * KB);
    }
    expect(cache.size).toBeGreaterThan(5);
    expect(cache.size).toBeLessThan(1000);
  });

  it('counts the body, the key and a per-entry overhead', () => {
    const cache = new PageCache(1024 * KB);
    cache.put('/a', 1, 200, 'text/html', 'x'.repeat(500));
    cache.put('/b', 1, 200, 'text/html', 'é'.repeat(500)); // 2 bytes each in UTF-8
    expect(cache.bytes).toBe(cost('/a', 500) + cost('/b', 1000));
    cache.put('/a', 1, 200, 'text/html', 'x'.repeat(100)); // replacing an entry does not count it twice
    expect(cache.bytes).toBe(cost('/a', 100) + cost('/b', 1000));
  });

  it('counts the gzip copy once it is made, and evicts for it', () => {
    const cache = new PageCache(3 * cost('/0', 10 * KB));
    const entries = [0, 1, 2].map((i) => cache.put(`/${i}`, 1, 200, 'text/html', noise(10 * KB)));
    expect(cache.size).toBe(3);
    const before = cache.bytes;
    const gzip = cache.gzipped('/2', entries[2]!)!;
    expect(gzip.byteLength).toBeGreaterThan(5 * KB);
    expect(cache.gzipped('/2', entries[2]!)).toBe(gzip); // made once
    // the gzip copy pushed the total over the budget: the least recently used entry went
    expect(cache.get('/0', 1)).toBeUndefined();
    expect(cache.bytes).toBe(before - cost('/0', 10 * KB) + gzip.byteLength);
    expect(cache.get('/2', 1)).toBe(entries[2]);
  });

  it('evicts the least recently used entry: a hit refreshes an entry', () => {
    const cache = new PageCache(3 * cost('/0', KB));
    for (const i of [0, 1, 2]) cache.put(`/${i}`, 1, 200, 'text/html', 'x'.repeat(KB));
    expect(cache.get('/0', 1)).toBeDefined(); // /1 is now the least recently used
    cache.put('/3', 1, 200, 'text/html', 'x'.repeat(KB));
    expect(cache.get('/1', 1)).toBeUndefined();
    for (const key of ['/0', '/2', '/3']) expect(cache.get(key, 1)).toBeDefined();
  });

  it('does not keep an entry bigger than the whole budget, and keeps the others', () => {
    const cache = new PageCache(10 * KB);
    cache.put('/small', 1, 200, 'text/html', 'x'.repeat(KB));
    const big = cache.put('/big', 1, 200, 'text/html', noise(20 * KB));
    expect(new TextDecoder().decode(big.body)).toHaveLength(20 * KB); // still served
    expect(cache.gzipped('/big', big)).not.toBeNull();
    expect(cache.get('/big', 1)).toBeUndefined();
    expect(cache.get('/small', 1)).toBeDefined();
    expect(cache.bytes).toBe(cost('/small', KB));
  });

  it('a budget of 0 caches nothing', () => {
    const cache = new PageCache(0);
    const entry = cache.put('/a', 1, 200, 'text/html', noise(4 * KB));
    expect(cache.gzipped('/a', entry)).not.toBeNull();
    expect(cache.get('/a', 1)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('an entry rendered under an older data version is dropped and uncounted', () => {
    const cache = new PageCache(100 * KB);
    cache.put('/a', 1, 200, 'text/html', 'x'.repeat(KB));
    expect(cache.get('/a', 2)).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });
});

describe('the app uses PAPERBOY_PAGE_CACHE_MB', () => {
  it.each([
    ['0', 0, 2],
    ['', 64 * 1024 * KB, 1],
  ])('PAPERBOY_PAGE_CACHE_MB=%j: a budget of %i bytes, %i renders for two requests', async (mb, bytes, renders) => {
    const h = await demoHarness();
    const put = vi.spyOn(PageCache.prototype, 'put');
    try {
      const config = loadConfig({ PAPERBOY_DB: ':memory:', PAPERBOY_PAGE_CACHE_MB: mb });
      const app = createApp({ core: await Paperboy.over(h.store, config), config });
      const a = await app.request('/papers/date/2026-08-21', { headers: { 'accept-encoding': 'gzip' } });
      const b = await app.request('/papers/date/2026-08-21', { headers: { 'if-none-match': a.headers.get('etag')! } });
      expect(a.headers.get('content-encoding')).toBe('gzip');
      expect(b.status).toBe(304);
      expect(put).toHaveBeenCalledTimes(renders);
      expect((put.mock.contexts[0] as PageCache).maxBytes).toBe(bytes);
    } finally {
      put.mockRestore();
      await h.store.close();
    }
  });
});
