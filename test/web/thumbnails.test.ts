import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp, SECURITY_HEADERS } from '../../src/web/app.ts';
import { onePagePdf, solidPng } from '../helpers/test-images.ts';
import { thumbnailWorld, type ThumbnailWorld } from '../helpers/thumbnail-world.ts';

let world: ThumbnailWorld;
let app: Hono;
let hash: string;

beforeAll(async () => {
  world = await thumbnailWorld([
    { id: '2608.00021', day: '2026-08-21', title: 'Pictures of <b>pages</b> & "quotes"' },
    { id: 'hep-th/9901001', day: '2026-08-21', image: '/img/old.png' },
    { id: 'openreview:Xyz_1', day: '2026-08-21', image: '/img/or.png' },
    { id: '2608.00022', day: '2026-08-21' },
  ]);
  world.server.route({ match: (u) => u.pathname === '/pdf/2608.00021', reply: { body: onePagePdf() } });
  world.server.route({ match: (u) => u.pathname.startsWith('/img/'), reply: { headers: { 'content-type': 'image/png' }, body: solidPng(240, 130) } });
  world.server.route({ match: (u) => u.pathname === '/pdf/2608.00022', reply: { status: 404, body: 'no' } });
  expect(await world.core.fillThumbnails(10)).toMatchObject({ stored: 3, failed: 1 });
  hash = (await world.core.thumbnail('2608.00021'))!.hash;
  app = createApp({ core: world.core, config: world.config });
});

afterAll(() => world.close());

describe('GET /thumbnails/{id}', () => {
  it('serves the stored PNG with its type, an ETag and a day of caching', async () => {
    const res = await app.request('/thumbnails/2608.00021');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('etag')).toBe(`"${hash}"`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(res.headers.get('content-security-policy')).toBe(SECURITY_HEADERS['content-security-policy']);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.byteLength);
    expect([...body.subarray(1, 4)]).toEqual([...Buffer.from('PNG')]);
  });

  it('is cached for a year, immutable, under its hash (the address pages use)', async () => {
    const res = await app.request(`/thumbnails/2608.00021?v=${hash}`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // an old hash is not this content: not cached for good
    expect((await app.request('/thumbnails/2608.00021?v=0123abcd')).headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('answers 304 to If-None-Match with its ETag, and 200 to another', async () => {
    const same = await app.request('/thumbnails/2608.00021', { headers: { 'if-none-match': `W/"x", "${hash}"` } });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(`"${hash}"`);
    expect(await same.text()).toBe('');
    expect((await app.request('/thumbnails/2608.00021', { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('serves old-style and other-source ids under readable addresses', async () => {
    expect((await app.request('/thumbnails/hep-th/9901001')).status).toBe(200);
    expect((await app.request('/thumbnails/openreview:Xyz_1')).status).toBe(200);
  });

  it('redirects other spellings of an id to the one address, keeping a hash but nothing else', async () => {
    const res = await app.request(`/thumbnails/arXiv:2608.00021v2?v=${hash}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/thumbnails/2608.00021?v=${hash}`);
    const junk = await app.request('/thumbnails/2608.00021v1?v=%2F%2Fevil.example');
    expect(junk.headers.get('location')).toBe('/thumbnails/2608.00021');
  });

  it('is 404 for a paper without one, and 400 for what is not a paper id', async () => {
    const none = await app.request('/thumbnails/2608.00022');
    expect(none.status).toBe(404);
    expect(none.headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('/thumbnails/2608.99999')).status).toBe(404);
    const bad = await app.request('/thumbnails/not%20an%20id');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('is not a paper id');
  });
});

describe('pages show the thumbnail when there is one', () => {
  it('cards carry the image with its size, alt text and lazy loading; a card without one has no image', async () => {
    const html = await (await app.request('/papers/date/2026-08-21')).text();
    const img = html.match(/<img class="card-thumb"[^>]*>/g) ?? [];
    expect(img).toHaveLength(3);
    const first = img.find((i) => i.includes('/thumbnails/2608.00021'))!;
    expect(first).toContain(`src="/thumbnails/2608.00021?v=${hash}"`);
    expect(first).toContain('width="112"');
    expect(first).toContain('height="145"'); // 112 * 725 / 560
    expect(first).toContain('loading="lazy"');
    // the title is escaped inside the alt text
    expect(first).toContain('alt="First page of “Pictures of &lt;b&gt;pages&lt;/b&gt; &amp; &quot;quotes&quot;”"');
    expect(html).toContain('src="/thumbnails/hep-th/9901001?v=');
    expect(html).toContain('src="/thumbnails/openreview:Xyz_1?v=');
    expect(html).not.toContain('/thumbnails/2608.00022');
  });

  it('search results show it on their cards too', async () => {
    const html = await (await app.request('/search?q=pictures')).text();
    expect(html).toContain(`<img class="card-thumb" src="/thumbnails/2608.00021?v=${hash}"`);
  });

  it('the paper page shows it larger, without lazy loading; a paper without one shows none', async () => {
    const html = await (await app.request('/papers/2608.00021')).text();
    const img = html.match(/<img class="paper-thumb-img"[^>]*>/)?.[0];
    expect(img).toContain(`src="/thumbnails/2608.00021?v=${hash}"`);
    expect(img).toContain('width="180"');
    expect(img).toContain('height="233"'); // 180 * 725 / 560
    expect(img).not.toContain('loading=');
    const without = await (await app.request('/papers/2608.00022')).text();
    expect(without).not.toContain('paper-thumb');
  });
});
