import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHarness, type Harness } from './web-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await demoHarness();
});
afterAll(async () => {
  await h.store.close();
});

const cardCount = (html: string): number => (html.match(/<article class="paper-card"/g) ?? []).length;

describe('listing pages: happy paths', () => {
  it('/ shows the latest listed day, most upvoted first, with a doctype', async () => {
    const res = await h.get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('Friday, August 21, 2026');
    expect(cardCount(html)).toBe(17);
    const votes = [...html.matchAll(/<span class="vote-count">(\d+)<\/span>/g)].map((m) => Number(m[1]));
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
    expect(html).toContain('<link rel="canonical" href="https://papers.example.org/papers/date/2026-08-21"/>');
  });

  it('a day page links to the nearest listed days, skipping the weekend', async () => {
    const html = await (await h.get('/papers/date/2026-08-17')).text();
    expect(cardCount(html)).toBe(23);
    expect(html).toMatch(/<a rel="prev" href="\/papers\/date\/2026-08-14">/);
    expect(html).toMatch(/<a rel="next" href="\/papers\/date\/2026-08-18">/);
  });

  it('the first listed day has no earlier link and the last has no later one', async () => {
    expect(await (await h.get('/papers/date/2026-07-27')).text()).not.toContain('rel="prev"');
    expect(await (await h.get('/papers/date/2026-08-21')).text()).not.toContain('rel="next"');
  });

  it('an empty day explains itself and links to the days around it', async () => {
    const res = await h.get('/papers/date/2026-08-15');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('class="empty-day"');
    expect(html).toContain('href="/papers/date/2026-08-14"');
    expect(html).toContain('href="/papers/date/2026-08-17"');
    expect(cardCount(html)).toBe(0);
  });

  it('a week page lists the whole ISO week and links to neighbouring weeks', async () => {
    const html = await (await h.get('/papers/week/2026-W33')).text();
    // 2026-W33 is Aug 10..16: 21+20+20+20+23 listings
    expect(html).toContain('104 papers');
    expect(cardCount(html)).toBe(50);
    expect(html).toContain('Page 1 of 3');
    expect(html).toContain('href="/papers/week/2026-W32"');
    expect(html).toContain('href="/papers/week/2026-W34"');
    const page3 = await (await h.get('/papers/week/2026-W33?page=3')).text();
    expect(cardCount(page3)).toBe(4);
    expect(page3).toMatch(/<ol class="paper-list" start="101">/);
  });

  it('a month page covers the month', async () => {
    const html = await (await h.get('/papers/month/2026-07')).text();
    expect(html).toContain('July 2026');
    expect(html).toContain('109 papers');
    expect(html).toContain('href="/papers/month/2026-08"');
  });

  it('label-less shortcuts redirect to the period of the latest listing', async () => {
    const res = await h.get('/papers/week');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/papers/week/2026-W34');
    expect((await h.get('/papers/month')).headers.get('location')).toBe('/papers/month/2026-08');
  });
});

describe('listing pages: errors', () => {
  it.each([
    ['/papers/date/2026-13-45', 'is not a date'],
    ['/papers/date/2026-02-30', 'is not a date'],
    ['/papers/date/yesterday', 'YYYY-MM-DD'],
    ['/papers/week/2026-W54', 'YYYY-Www'],
    ['/papers/month/2026-00', 'YYYY-MM'],
    ['/papers/date/2026-08-21?page=0', 'page must be a whole number'],
    ['/papers/date/2026-08-21?page=abc', 'page must be a whole number'],
    ['/papers/date/0000-01-01', 'YYYY-MM-DD, e.g. 2026-08-21, in the years 1990 to 2999'],
    ['/papers/date/2026-08-21?page=0000000001', 'page must be a whole number from 1 to 99999'],
  ])('%s is a 400 page that says how to fix it', async (path, hint) => {
    const res = await h.get(path);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('400');
    expect(html).toContain(hint);
    expect(h.errors).toEqual([]);
  });

  it('a page number with leading zeros is the same page', async () => {
    expect((await h.get('/papers/date/2026-08-21?page=001')).status).toBe(200);
  });

  it('an unknown path is a helpful 404 page', async () => {
    const res = await h.get('/nothing/here');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('/papers/date/YYYY-MM-DD');
  });
});

describe('an empty instance', () => {
  it('says how to import papers instead of failing', async () => {
    const empty = await demoHarness({ demo: false });
    const res = await empty.get('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('paperboy import FILE');
    await empty.store.close();
  });
});
