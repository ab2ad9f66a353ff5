import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHarness, type Harness } from './web-harness.ts';
import { meaningNote } from '../../src/web/pages/search-page.tsx';

let h: Harness;
beforeAll(async () => {
  h = await demoHarness();
});
afterAll(async () => {
  await h.store.close();
});

describe('search page', () => {
  it('shows highlighted results for a query, and keeps the query in the boxes', async () => {
    const res = await h.get('/search?q=terminal+tasks');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<mark>Terminal</mark> <mark>Task</mark> Synthesis");
    expect(html).toContain('href="/papers/2608.18580"');
    expect(html).toContain('value="terminal tasks"');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
  });

  it('says the results are by words only while meaning is still being learned', async () => {
    const html = await (await h.get('/search?q=agents+learning')).text();
    expect(html).not.toContain('matched by words and by meaning');
    expect(html).toContain('by words only for now: meaning is being learned from the papers');
  });

  it('says how far meaning has got, and nothing once every paper has it', () => {
    const partial = { state: 'partial', model: 'builtin-v1:ab', papers: 9900, embedded: 1234 } as const;
    expect(meaningNote(partial, true)).toBe(' · 1,234 of 9,900 papers searchable by meaning so far');
    expect(meaningNote(partial, false)).toBe(' · by words only for now: 1,234 of 9,900 papers indexed by meaning so far');
    expect(meaningNote({ state: 'waiting', model: null, papers: 3, embedded: 0 }, false)).toBe(' · by words only: too few papers yet to learn meaning from');
    expect(meaningNote({ state: 'ready', model: 'builtin-v1:ab', papers: 10, embedded: 10 }, true)).toBe('');
    expect(meaningNote({ state: 'off', model: null, papers: 10, embedded: 0 }, false)).toBe('');
  });

  it('shows on each result what a listing card shows: votes and who submitted it', async () => {
    const html = await (await h.get('/search?q=terminal+tasks')).text();
    const card = html.slice(html.indexOf('href="/papers/2608.18580"') - 2000, html.indexOf('href="/papers/2608.18580"') + 3000);
    expect(card).toMatch(/aria-label="\d+ upvotes?\. Sign in to upvote"/);
  });

  it('without a query shows the form and tips, not an error', async () => {
    const res = await h.get('/search');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Search tips');
  });

  it('a query mistake is a 400 page that keeps the query and says how to fix it', async () => {
    const res = await h.get('/search?q=agents+after%3Alast-week');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('after:last-week is not a date');
    expect(html).toContain('value="agents after:last-week"');
  });

  it.each(['%22%22%22', '*', 'NEAR(a+b)', '%F0%9F%9A%80', 'a%00b', encodeURIComponent('x'.repeat(400))])('odd query %s is answered, never a 500', async (q) => {
    const res = await h.get(`/search?q=${q}`);
    expect([200, 400]).toContain(res.status);
    expect(h.errors).toEqual([]);
  });

  it('a 10 kB query is a 400 that names the limit', async () => {
    const res = await h.get(`/search?q=${'x'.repeat(10_000)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('500 characters');
  });

  it('escapes the query everywhere it is shown', async () => {
    const html = await (await h.get(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('the header of every page has a search box', async () => {
    expect(await (await h.get('/')).text()).toContain('<form class="header-search" action="/search" method="get" role="search">');
  });

  it('paper pages list related papers', async () => {
    const html = await (await h.get('/papers/2608.18580')).text();
    expect(html).toContain('Related papers');
    expect((html.match(/<section class="related"[\s\S]*?<\/section>/)?.[0].match(/<li>/g) ?? []).length).toBeGreaterThan(0);
  });
});

describe('GET /api/papers/search', () => {
  it('answers in the Daily Papers paper shape, best first', async () => {
    const res = await h.get('/api/papers/search?q=terminal+task+synthesis&limit=3');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { paper: { id: string; title: string; authors: unknown[] }; title: string }[];
    expect(body).toHaveLength(3);
    expect(body[0]!.paper.id).toBe('2608.18580');
    expect(body[0]!.paper.authors.length).toBeGreaterThan(0);
  });

  it.each([
    ['', 'q is required'],
    ['?q=x&limit=0', 'limit'],
    ['?q=x&limit=abc', 'limit'],
    [`?q=${'x'.repeat(600)}`, '500'],
    ['?q=x+date%3A2026-99', 'date:'],
  ])('%s is a 400 with a JSON error', async (query, message) => {
    const res = await h.get(`/api/papers/search${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
  });
});

describe('search: page and limit follow one rule, and errors say the last page', () => {
  it('accepts leading zeros in page and limit, on the API and the page', async () => {
    const ids = async (path: string) => ((await (await h.get(path)).json()) as { paper: { id: string } }[]).map((i) => i.paper.id);
    const expected = await ids('/api/papers/search?q=agents&limit=3&page=2');
    expect(expected).toHaveLength(3);
    expect(await ids('/api/papers/search?q=agents&limit=003&page=00002')).toEqual(expected);
    expect((await h.get('/search?q=agents&page=002')).status).toBe(200);
  });

  it.each([
    ['/api/papers/search?q=x&page=1000', 'page must be a whole number from 1 to 10 (search shows the best 200 results, 20 per page'],
    ['/api/papers/search?q=x&limit=100&page=3', 'page must be a whole number from 1 to 2 (search shows the best 200 results, 100 per page'],
    ['/api/papers/search?q=x&limit=3&page=67', 'from 1 to 66'],
    ['/api/papers/search?q=x&page=0', 'page must be a whole number from 1 to 10'],
    ['/api/papers/search?q=x&limit=0000000001', 'limit must be a whole number from 1 to 100'],
  ])('%s is a JSON 400 that says the allowed range', async (path, message) => {
    const res = await h.get(path);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
  });

  it('the search page says its last page, and its page size does not come from the address', async () => {
    const res = await h.get('/search?q=x&page=1000');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('page must be a whole number from 1 to 10 (search shows the best 200 results, 20 per page');
    expect((await h.get('/search?q=agents&limit=100&page=5')).status).toBe(200);
  });
});
