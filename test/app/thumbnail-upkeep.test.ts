import { afterEach, describe, expect, it } from 'vitest';
import { ThumbnailUpkeep, retryDelayMs } from '../../src/app/thumbnail-upkeep.ts';
import { sniffImage } from '../../src/ingest/thumbnails/image-format.ts';
import { thumbnailAttempts } from '../../src/store/thumbnails-repo.ts';
import { onePagePdf, solidPng } from '../helpers/test-images.ts';
import { thumbnailWorld, type ThumbnailWorld } from '../helpers/thumbnail-world.ts';

let world: ThumbnailWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const pdfReply = { headers: { 'content-type': 'application/pdf' }, body: onePagePdf() };
const pngReply = { headers: { 'content-type': 'image/png' }, body: solidPng(120, 64) };

describe('thumbnails from PDFs (pdftoppm)', () => {
  it('fetches an arXiv paper’s PDF, renders page 1 as a 560 px PNG and stores it', async () => {
    world = await thumbnailWorld([{ id: '2608.00001', day: '2026-08-21' }]);
    world.server.route({ match: (u) => u.pathname === '/pdf/2608.00001', reply: pdfReply });
    const r = await world.core.fillThumbnails(10);
    expect(r).toMatchObject({ tried: 1, stored: 1, fromPdf: 1, fromUpstream: 0, failed: 0 });
    const t = await world.core.thumbnail('2608.00001');
    expect(t).not.toBeNull();
    // US Letter (612 x 792 pt) at 560 px wide
    expect({ width: t!.width, height: t!.height, type: t!.contentType, source: t!.source }).toEqual({ width: 560, height: 725, type: 'image/png', source: 'pdf' });
    expect(sniffImage(t!.bytes)).toEqual({ contentType: 'image/png', width: 560, height: 725 });
    // a second run has nothing to do and asks nobody
    expect((await world.core.fillThumbnails(10)).tried).toBe(0);
    expect(world.hits('/pdf/2608.00001')).toBe(1);
    expect(await world.core.thumbnailStatus()).toMatchObject({ listed: 1, stored: 1, bySource: { upstream: 0, pdf: 1 }, failing: 0, mode: 'all', pdfRenderer: true });
  });

  it('old-style ids fetch the PDF under their slash (hep-th/9901001)', async () => {
    world = await thumbnailWorld([{ id: 'hep-th/9901001', day: '2026-08-21' }]);
    world.server.route({ match: (u) => u.pathname === '/pdf/hep-th/9901001', reply: pdfReply });
    expect(await world.core.fillThumbnails(10)).toMatchObject({ stored: 1, fromPdf: 1 });
  });

  it('a body that is not a PDF is refused and the paper backs off', async () => {
    world = await thumbnailWorld([{ id: '2608.00002', day: '2026-08-21' }]);
    world.server.route({ match: (u) => u.pathname === '/pdf/2608.00002', reply: { headers: { 'content-type': 'text/html' }, body: '<html>captcha</html>' } });
    const r = await world.core.fillThumbnails(10);
    expect(r).toMatchObject({ tried: 1, stored: 0, failed: 1 });
    expect(r.firstError).toMatch(/not a PDF/);
    expect(await world.core.thumbnail('2608.00002')).toBeNull();
  });
});

describe('thumbnails an upstream names', () => {
  it('are fetched once, stored, and never fetched again', async () => {
    world = await thumbnailWorld([{ id: '2608.00003', day: '2026-08-21', image: '/img/3.png' }]);
    world.server.route({ match: (u) => u.pathname === '/img/3.png', reply: pngReply });
    expect(await world.core.fillThumbnails(10)).toMatchObject({ stored: 1, fromUpstream: 1 });
    expect(await world.core.fillThumbnails(10)).toMatchObject({ tried: 0 });
    expect(await world.core.ensureThumbnail('2608.00003')).toMatchObject({ width: 120, height: 64, source: 'upstream' });
    expect(world.hits('/img/3.png')).toBe(1);
    // the PDF was never needed
    expect(world.hits('/pdf/2608.00003')).toBe(0);
  });

  it('a body that is not an image is refused (whatever its Content-Type), and the PDF is used instead', async () => {
    world = await thumbnailWorld([{ id: '2608.00004', day: '2026-08-21', image: '/img/4.png' }]);
    world.server.route({ match: (u) => u.pathname === '/img/4.png', reply: { headers: { 'content-type': 'image/png' }, body: '<svg onload="alert(1)"></svg>' } });
    world.server.route({ match: (u) => u.pathname === '/pdf/2608.00004', reply: pdfReply });
    expect(await world.core.fillThumbnails(10)).toMatchObject({ stored: 1, fromPdf: 1 });
    expect((await world.core.thumbnail('2608.00004'))?.contentType).toBe('image/png');
  });

  it('with PAPERBOY_THUMBNAILS=upstream a refused image is a failure: no PDF is fetched', async () => {
    world = await thumbnailWorld([{ id: '2608.00005', day: '2026-08-21', image: '/img/5.png' }, { id: '2608.00006', day: '2026-08-20' }], { PAPERBOY_THUMBNAILS: 'upstream' });
    world.server.route({ match: (u) => u.pathname === '/img/5.png', reply: { headers: { 'content-type': 'image/png' }, body: 'GIF89 but not really' } });
    const r = await world.core.fillThumbnails(10);
    // the paper without an image is not even a candidate
    expect(r).toMatchObject({ tried: 1, stored: 0, failed: 1 });
    expect(r.firstError).toMatch(/not an image \(expected PNG, JPEG, WebP or GIF/);
    expect(world.server.requests.filter((q) => q.url.startsWith('/pdf/'))).toEqual([]);
  });

  it('an image larger than the cap is refused without reading it all', async () => {
    world = await thumbnailWorld([{ id: 'openreview:Big1', day: '2026-08-21', image: '/img/big.png' }]);
    world.server.route({ match: (u) => u.pathname === '/img/big.png', reply: { headers: { 'content-type': 'image/png' }, body: 'x'.repeat(1024), repeatUpTo: 64 * 1024 * 1024 } });
    const r = await world.core.fillThumbnails(10);
    expect(r).toMatchObject({ stored: 0, failed: 1 });
    expect(r.firstError).toMatch(/larger than the 5 MB limit/);
    expect(world.server.requests[0]?.sent).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('failures back off', () => {
  it('a paper that failed is not asked for again until its time comes, later after each failure', async () => {
    world = await thumbnailWorld([{ id: '2608.00007', day: '2026-08-21' }]);
    world.server.route({ match: (u) => u.pathname === '/pdf/2608.00007', reply: { status: 404, body: 'no such paper' } });
    const before = Date.now();
    expect(await world.core.fillThumbnails(10)).toMatchObject({ tried: 1, failed: 1 });
    expect(await world.core.fillThumbnails(10)).toMatchObject({ tried: 0 });
    expect(world.hits('/pdf/2608.00007')).toBe(1);
    const bookkeeping = await thumbnailAttempts(world.store.db, '2608.00007');
    expect(bookkeeping.attempts).toBe(1);
    expect(bookkeeping.lastError).toMatch(/HTTP 404/);
    const wait = Date.parse(bookkeeping.nextAttemptAt!) - before;
    expect(wait).toBeGreaterThanOrEqual(retryDelayMs(1) - 1000);
    expect(wait).toBeLessThanOrEqual(retryDelayMs(1) + 60_000);
    expect(retryDelayMs(2)).toBeGreaterThan(retryDelayMs(1));
    expect(retryDelayMs(50)).toBe(7 * 24 * 60 * 60_000);
    expect(await world.core.thumbnailStatus()).toMatchObject({ failing: 1, stored: 0 });
  });

  it('ensureThumbnail (after a submission) tries now, whatever the backoff, and stores the picture', async () => {
    world = await thumbnailWorld([{ id: '2608.00008', day: '2026-08-21' }]);
    world.server.route({ match: (u) => u.pathname === '/pdf/2608.00008', reply: { status: 404, body: 'not yet' }, times: 1 });
    world.server.route({ match: (u) => u.pathname === '/pdf/2608.00008', reply: pdfReply });
    expect(await world.core.fillThumbnails(10)).toMatchObject({ failed: 1 });
    expect(await world.core.fillThumbnails(10)).toMatchObject({ tried: 0 });
    expect(await world.core.ensureThumbnail('2608.00008')).toMatchObject({ width: 560, height: 725, source: 'pdf' });
    expect((await thumbnailAttempts(world.store.db, '2608.00008')).attempts).toBe(0);
    expect(world.hits('/pdf/2608.00008')).toBe(2);
    await expect(world.core.ensureThumbnail('2608.99999')).rejects.toThrow(/no paper 2608.99999/);
  });
});

describe('PAPERBOY_THUMBNAILS=off', () => {
  it('fetches nothing, by hand, after a submission or in the background', async () => {
    world = await thumbnailWorld([{ id: '2608.00009', day: '2026-08-21', image: '/img/9.png' }], { PAPERBOY_THUMBNAILS: 'off' }, { serve: true });
    world.server.route({ match: () => true, reply: pngReply });
    world.core.startBackground();
    expect(await world.core.fillThumbnails(10)).toMatchObject({ tried: 0 });
    expect(await world.core.ensureThumbnail('2608.00009')).toBeNull();
    await new Promise((r) => setTimeout(r, 200));
    expect(world.server.requests).toEqual([]);
    expect(await world.core.thumbnailStatus()).toMatchObject({ mode: 'off', stored: 0 });
  });
});

describe('the background job of paperboy serve', () => {
  it('fills thumbnails of listed papers, newest listings first, and stops cleanly on close', async () => {
    world = await thumbnailWorld(
      [
        { id: '2608.00010', day: '2026-08-19' },
        { id: '2608.00011', day: '2026-08-21' },
      ],
      {},
      { serve: true },
    );
    world.server.route({ match: (u) => u.pathname.startsWith('/pdf/'), reply: pdfReply });
    world.core.startBackground();
    const until = Date.now() + 15_000;
    while (Date.now() < until && (await world.core.thumbnailStatus()).stored < 2) await new Promise((r) => setTimeout(r, 50));
    expect((await world.core.thumbnailStatus()).stored).toBe(2);
    expect(world.server.requests.map((q) => q.url)).toEqual(['/pdf/2608.00011', '/pdf/2608.00010']);
  });

  it('stops at once when closed in the middle of a slow fetch, writing nothing for it', async () => {
    world = await thumbnailWorld([{ id: '2608.00012', day: '2026-08-21' }], {}, { serve: true });
    world.server.route({ match: () => true, reply: { stall: true } });
    world.core.startBackground();
    while (world.server.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    const store = world.store;
    const thumbsBefore = await store.db.selectFrom('thumbnails').selectAll().execute();
    await world.close();
    world = null;
    expect(performance.now() - started).toBeLessThan(3000);
    expect(thumbsBefore).toEqual([]);
  });
});

describe('the background job on a large database', () => {
  it('reads a bounded window of listings per run, walking on to older ones from run to run', async () => {
    const papers = [1, 2, 3, 4, 5, 6].map((i) => ({ id: `2608.0010${i}`, day: `2026-08-1${i}` }));
    world = await thumbnailWorld(papers);
    world.server.route({ match: (u) => u.pathname.startsWith('/pdf/'), reply: pdfReply });
    // the three newest already have one
    for (const id of ['2608.00106', '2608.00105', '2608.00104']) expect(await world.core.ensureThumbnail(id)).not.toBeNull();
    const upkeep = new ThumbnailUpkeep(world.store, world.config, { info: () => undefined, warn: () => undefined, error: () => undefined }, { windowRows: 2 });
    upkeep.follow(20);
    const until = Date.now() + 15_000;
    while (Date.now() < until && (await upkeep.status()).stored < 6) await new Promise((r) => setTimeout(r, 20));
    await upkeep.stop();
    expect((await upkeep.status()).stored).toBe(6);
    expect(world.server.requests.map((q) => q.url).slice(3)).toEqual(['/pdf/2608.00103', '/pdf/2608.00102', '/pdf/2608.00101']);
  });
});

describe('without pdftoppm', () => {
  it('skips PDFs with one log line, still fetches upstream images, and says so in its status', async () => {
    world = await thumbnailWorld([
      { id: '2608.00013', day: '2026-08-21' },
      { id: '2608.00014', day: '2026-08-20', image: '/img/14.png' },
    ]);
    world.server.route({ match: (u) => u.pathname === '/img/14.png', reply: pngReply });
    const lines: string[] = [];
    const log = { info: () => undefined, warn: (_: object, m: string) => lines.push(m), error: (_: object, m: string) => lines.push(m) };
    const upkeep = new ThumbnailUpkeep(world.store, world.config, log, { program: '/nonexistent/pdftoppm' });
    const r = await upkeep.fill(10);
    expect(r).toMatchObject({ tried: 1, stored: 1, fromUpstream: 1, pdfSkipped: true });
    await upkeep.fill(10);
    expect(lines).toEqual([expect.stringMatching(/pdftoppm is not installed \(Debian\/Ubuntu: apt-get install poppler-utils\)/)]);
    expect(await upkeep.status()).toMatchObject({ pdfRenderer: false, stored: 1 });
    expect(world.server.requests.filter((q) => q.url.startsWith('/pdf/'))).toEqual([]);
    await upkeep.stop();
  });
});
