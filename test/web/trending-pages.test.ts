import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { loadConfig } from '../../src/config.ts';
import { Paperboy } from '../../src/app/paperboy.ts';
import { DEMO_FILE } from '../../src/ingest/demo-data.ts';
import { importFiles } from '../../src/ingest/import-files.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { upsertUser } from '../../src/store/users-repo.ts';
import { createApp } from '../../src/web/app.ts';
import { NOW, seed } from '../store/engines.ts';

interface Site {
  readonly app: Hono;
  readonly store: Store;
  readonly core: Paperboy;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** a new user's id */
  user(name: string): Promise<number>;
}

async function site(fill: (store: Store) => Promise<void>): Promise<Site> {
  const store = await openStore(':memory:');
  await fill(store);
  const config = loadConfig({ PAPERBOY_DB: ':memory:', PAPERBOY_BASE_URL: 'https://papers.example.org' });
  const core = await Paperboy.over(store, config);
  const app = createApp({ core, config });
  return {
    app,
    store,
    core,
    get: (path, headers) => Promise.resolve(app.request(path, { headers: headers ?? {} })),
    user: (name) => upsertUser(store.db, { username: name, fullname: null, avatarUrl: null, isPro: false, kind: 'user' }, NOW),
  };
}

const ids = (html: string) => [...html.matchAll(/<a class="paper-title" id="t-\d+" href="\/papers\/([^"]+)"/g)].map((m) => m[1]);
const votes = (html: string) => [...html.matchAll(/<span class="vote-count">(\d+)<\/span>/g)].map((m) => Number(m[1]));

describe('trending on the demo data (newest day 2026-08-21, long before today)', () => {
  let s: Site;
  beforeAll(async () => {
    s = await site((store) => importFiles(store.db, [DEMO_FILE]).then(() => undefined));
  });
  afterAll(async () => {
    await s.core.close();
  });

  it('/papers/trending is not empty: it is measured at the end of the newest day and says so', async () => {
    const res = await s.get('/papers/trending');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 class="listing-title">Trending papers</h1>');
    expect(html).toContain('href="/about/ranking"');
    expect(html).toContain('As of the end of Fri, Aug 21, 2026, the newest day with papers here');
    expect(ids(html).length).toBe(30);
    expect(html).toMatch(/<a href="\/papers\/trending" aria-current="page">Trending<\/a>/);
    // the top is 2026-08-21's most upvoted paper, the second page goes on from 31
    expect(ids(html)[0]).toBe('2608.19880');
    const page2 = await (await s.get('/papers/trending?page=2')).text();
    expect(page2).toMatch(/<ol class="paper-list" start="31">/);
  });

  it('every page links to Trending in the header', async () => {
    expect(await (await s.get('/')).text()).toContain('<a href="/papers/trending">Trending</a>');
  });

  it('a page past the end is a 404 that says how many there are; a bad page is a 400', async () => {
    const res = await s.get('/papers/trending?page=999');
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/trending has \d+ pages/);
    expect((await s.get('/papers/trending?page=0')).status).toBe(400);
  });

  it('GET /api/daily_papers?sort=trending answers in the Daily Papers shape, in the page’s order', async () => {
    const res = await s.get('/api/daily_papers?sort=trending&limit=30');
    expect(res.status).toBe(200);
    const body = (await res.json()) as any[];
    const page = await (await s.get('/papers/trending')).text();
    expect(body.map((i) => i.paper.id)).toEqual(ids(page));
    const first = body[0];
    expect(first).toMatchObject({ title: first.paper.title, numComments: expect.any(Number) });
    expect(first.paper).toMatchObject({ id: '2608.19880', upvotes: 163, upvoteParts: { imported: 163, local: 0 } });
    expect(first.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(((await (await s.get('/api/daily_papers?sort=trending&limit=5&p=1')).json()) as any[]).map((i) => i.paper.id)).toEqual(
      body.slice(5, 10).map((i) => i.paper.id),
    );
  });

  it('sort=publishedAt lists the newest listings first; with a date, that day newest first', async () => {
    const all = (await (await s.get('/api/daily_papers?sort=publishedAt&limit=100')).json()) as any[];
    const days = all.map((i) => i.paper.submittedOnDailyAt as string);
    expect(days).toEqual([...days].sort().reverse());
    expect(all[0].paper.submittedOnDailyAt.slice(0, 10)).toBe('2026-08-21');
    const day = (await (await s.get('/api/daily_papers?date=2026-08-20&sort=publishedAt')).json()) as any[];
    const byUpvotes = (await (await s.get('/api/daily_papers?date=2026-08-20')).json()) as any[];
    expect(new Set(day.map((i) => i.paper.id))).toEqual(new Set(byUpvotes.map((i) => i.paper.id)));
    const published = day.map((i) => i.publishedAt as string);
    expect(published).toEqual([...published].sort().reverse());
  });

  it.each([
    ['sort=hot', 'sort "hot" is invalid: use upvotes, publishedAt, trending'],
    ['sort=', 'sort "" is invalid'],
    ['sort=trending&date=2026-08-21', 'sort=trending ranks the papers of the last 7 days: leave out date'],
  ])('GET /api/daily_papers?%s is a 400 that says what to use', async (query, message) => {
    const res = await s.get(`/api/daily_papers?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
  });

  it('/about/ranking explains the formula with its constants and how the two kinds of votes add up', async () => {
    const res = await s.get('/about/ranking');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('How papers are ranked');
    expect(html).toContain('class="katex-display"');
    for (const text of ['gravity 1.5', 'weighs 0.5 of a vote', 'plus 2', 'last <strong>7 days</strong>', 'about 4.5× the votes', 'on Daily Papers, 2 here', 'paper.upvoteParts']) {
      expect(html).toContain(text);
    }
  });
});

describe('votes on pages: totals, parts, order and the page cache', () => {
  let s: Site;
  beforeAll(async () => {
    s = await site((store) =>
      seed(store.db, [
        { id: '2608.00001', day: '2026-08-21', upvotes: 10, comments: 1 },
        { id: '2608.00002', day: '2026-08-20', upvotes: 25 },
        { id: '2608.00003', day: '2026-08-20', upvotes: 30 },
        { id: '2608.00004', day: '2026-08-14', upvotes: 500 },
        { id: '2608.00005', day: '2026-08-21', upvotes: 9 },
      ]),
    );
  });
  afterAll(async () => {
    await s.core.close();
  });

  it('the trending page orders a controlled fixture as the formula says', async () => {
    // at 2026-08-22T00:00Z: (30)/50^1.5 = .0849, (10 + .5)/26^1.5 = .0792, 25/50^1.5 = .0707, 9/26^1.5 = .0679; 2608.00004 is out of the window
    const html = await (await s.get('/papers/trending')).text();
    expect(ids(html)).toEqual(['2608.00003', '2608.00001', '2608.00002', '2608.00005']);
    expect(html).toContain('score 0.0849');
  });

  it('a vote changes the cached day page at once: the count, the parts and the order', async () => {
    const first = await s.get('/papers/date/2026-08-21');
    const etag = first.headers.get('etag')!;
    expect(ids(await first.text())).toEqual(['2608.00001', '2608.00005']);
    // served from the cache while nothing changes
    expect((await s.get('/papers/date/2026-08-21', { 'if-none-match': etag })).status).toBe(304);
    await s.core.votes.set(await s.user('ada'), '2608.00005', true);
    await s.core.votes.set(await s.user('bob'), '2608.00005', true);
    const after = await s.get('/papers/date/2026-08-21', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    const html = await after.text();
    // 9 + 2 = 11 > 10: most upvotes first counts the total
    expect(ids(html)).toEqual(['2608.00005', '2608.00001']);
    expect(votes(html)).toEqual([11, 10]);
    // the label may go on (the vote button adds what pressing it does)
    expect(html).toContain('aria-label="11 upvotes · 9 on Daily Papers, 2 here');
  });

  it('week and month pages are top lists by the total', async () => {
    const week = await (await s.get('/papers/week/2026-W34')).text();
    const totals = votes(week);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(totals).toContain(11);
    expect(ids(await (await s.get('/papers/month/2026-08')).text())[0]).toBe('2608.00004');
  });

  it('the paper page shows the total and where it comes from', async () => {
    const html = await (await s.get('/papers/2608.00005')).text();
    expect(html).toContain('<span class="vote-count">11</span>');
    expect(html).toMatch(/9 on Daily Papers<br\/>2 here/);
  });

  it('the API gives the total in upvotes and the parts beside it', async () => {
    const body = (await (await s.get('/api/daily_papers?date=2026-08-21')).json()) as any[];
    expect(body[0].paper).toMatchObject({ id: '2608.00005', upvotes: 11, upvoteParts: { imported: 9, local: 2 } });
    const paper = (await (await s.get('/api/papers/2608.00005')).json()) as any;
    expect(paper).toMatchObject({ upvotes: 11, upvoteParts: { imported: 9, local: 2 } });
  });

  it('trending and its API follow the votes too', async () => {
    const before = ((await (await s.get('/api/daily_papers?sort=trending')).json()) as any[]).map((i) => i.paper.id);
    for (const name of ['c', 'd', 'e', 'f']) await s.core.votes.set(await s.user(name), '2608.00002', true);
    const after = ((await (await s.get('/api/daily_papers?sort=trending')).json()) as any[]).map((i) => i.paper.id);
    expect(before.indexOf('2608.00002')).toBeGreaterThan(after.indexOf('2608.00002'));
  });
});
