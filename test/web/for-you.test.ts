/**
 * "Papers for you": a ranking of one's own, learned from one's upvotes, with
 * meaning on (the built-in embedder trained on the demo papers). Two readers
 * with different tastes get different pages; upvoted papers are left out;
 * each paper says which upvote it follows from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOR_YOU, forYouScore, voteWeight } from '../../src/domain/for-you.ts';
import { communityHarness, type CommunityHarness } from './community-harness.ts';
import type { BrowserSession } from './browser-session.ts';

let h: CommunityHarness;
let titles: Map<string, string>;

beforeAll(async () => {
  h = await communityHarness({ env: { PAPERBOY_EMBEDDER: 'builtin' } });
  await h.core.catchUpSemantic();
  titles = new Map((await h.store.db.selectFrom('papers').select(['id', 'title']).execute()).map((p) => [p.id, p.title]));
}, 180_000);
afterAll(async () => {
  await h.close();
});

const about = (re: RegExp) => [...titles].filter(([, t]) => re.test(t)).map(([id]) => id);

async function upvote(b: BrowserSession, ids: readonly string[]): Promise<void> {
  for (const id of ids) expect((await b.submit(`/papers/${id}`, `/papers/${id}/upvote`, { vote: 'on' })).status).toBe(303);
}

async function ranked(b: BrowserSession): Promise<{ ids: string[]; because: string[]; html: string }> {
  const res = await b.get('/papers/for-you');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('private, no-cache');
  const html = await res.text();
  const ids = [...html.matchAll(/<a class="paper-title"[^>]*? href="\/papers\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
  const because = [...html.matchAll(/Because you upvoted <a href="\/papers\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
  return { ids, because, html };
}

describe('papers for you', () => {
  it('sends a visitor who is not signed in to sign in, and back', async () => {
    const res = await h.browser().get('/papers/for-you');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?next=%2Fpapers%2Ffor-you');
  });

  it('asks a reader with no upvotes to upvote first, and the account menu links the page', async () => {
    const b = await h.signIn('new@example.org');
    const { html, ids } = await ranked(b);
    expect(html).toContain('Nothing to learn from yet');
    expect(ids).toEqual([]);
    expect(html).toContain('<a href="/papers/for-you">Papers for you</a>');
  });

  it('ranks by each reader\'s own upvotes: two tastes, two pages; upvoted papers left out; each says why', async () => {
    const diffusion = about(/diffusion/i);
    const agents = about(/\bagent/i).filter((id) => !diffusion.includes(id));
    expect(diffusion.length).toBeGreaterThan(8);
    expect(agents.length).toBeGreaterThan(8);
    const ada = await h.signIn('ada@example.org');
    const bob = await h.signIn('bob@example.org');
    await upvote(ada, diffusion.slice(0, 4));
    await upvote(bob, agents.slice(0, 4));
    const a = await ranked(ada);
    const b = await ranked(bob);
    expect(a.ids).toHaveLength(FOR_YOU.pageSize);
    expect(a.html).toContain('Papers you upvoted are left out.');
    // the demo ends on 2026-08-21: the window is the 30 days up to it
    expect(a.html).toContain('Papers listed from Thu, Jul 23, 2026 to Fri, Aug 21, 2026');
    for (const id of diffusion.slice(0, 4)) expect(a.ids).not.toContain(id);
    // the first ten follow the taste: far more of the topic than its share of the papers (~5 %)
    const share = (ids: string[], topic: string[]) => ids.slice(0, 10).filter((id) => topic.includes(id)).length;
    expect(share(a.ids, diffusion)).toBeGreaterThanOrEqual(4);
    expect(share(b.ids, agents)).toBeGreaterThanOrEqual(4);
    expect(share(b.ids, diffusion)).toBeLessThan(share(a.ids, diffusion));
    // "because you upvoted …" names one of the reader's own upvotes
    expect(a.because.length).toBe(a.ids.length);
    for (const id of a.because) expect(diffusion.slice(0, 4)).toContain(id);
    for (const id of b.because) expect(agents.slice(0, 4)).toContain(id);
    expect(h.errors).toEqual([]);
  }, 60_000);
});

describe('without a meaning index', () => {
  it('says the ranking is not available rather than showing something else as "for you"', async () => {
    const plain = await communityHarness();
    try {
      const b = await plain.signIn('ada@example.org');
      const [id] = [...titles.keys()];
      await upvote(b, [id!]);
      const res = await b.get('/papers/for-you');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Not available on this instance yet');
    } finally {
      await plain.close();
    }
  });
});

describe('the rule', () => {
  it('halves an upvote\'s weight every half-life, and lifts popular papers a little', () => {
    const now = new Date('2026-08-21T12:00:00Z');
    expect(voteWeight('2026-08-21T12:00:00Z', now)).toBe(1);
    expect(voteWeight(new Date(now.getTime() - FOR_YOU.halfLifeDays * 86_400_000).toISOString(), now)).toBeCloseTo(0.5, 12);
    expect(voteWeight('2027-01-01T00:00:00Z', now)).toBe(1); // a clock behind a vote: no bonus
    expect(voteWeight('not a date', now)).toBe(0);
    expect(forYouScore(0.5, 0)).toBe(0.5);
    expect(forYouScore(0.5, 150)).toBeCloseTo(0.5 + FOR_YOU.popularity * Math.log(151), 12);
    // closeness decides between a close paper and a popular far one
    expect(forYouScore(0.6, 0)).toBeGreaterThan(forYouScore(0.4, 300));
  });
});
