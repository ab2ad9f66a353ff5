import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { communityHarness, type CommunityHarness } from './community-harness.ts';

let h: CommunityHarness;
beforeEach(async () => {
  h = await communityHarness();
});
afterEach(async () => {
  await h.close();
});

const PAPER = '2608.14036';
const upvotesOn = async (b: { get(p: string): Promise<Response> }, id = PAPER) => {
  const html = await (await b.get(`/papers/${id}`)).text();
  return Number(/class="vote-count">(\d+)</.exec(html)![1]);
};

describe('upvoting (happy path)', () => {
  it('a form post upvotes and goes back to the page; posting again takes it back; works without JS', async () => {
    const b = await h.signIn('ada@example.org');
    const before = await upvotesOn(h.browser());
    const res = await b.submit(`/papers/${PAPER}`, `/papers/${PAPER}/upvote`, { vote: 'on' });
    expect(res.status).toBe(303);
    expect(await upvotesOn(h.browser())).toBe(before + 1);
    const page = await (await b.get(`/papers/${PAPER}`)).text();
    expect(page).toContain('aria-pressed="true"');
    expect(page).toContain('name="vote" value="off"');
    // the same vote again changes nothing (a double click, a retried form)
    await b.submit(`/papers/${PAPER}`, `/papers/${PAPER}/upvote`, { vote: 'on' });
    expect(await upvotesOn(h.browser())).toBe(before + 1);
    await b.submit(`/papers/${PAPER}`, `/papers/${PAPER}/upvote`, { vote: 'off' });
    expect(await upvotesOn(h.browser())).toBe(before);
  });

  it('htmx gets the new vote box in place', async () => {
    const b = await h.signIn('ada@example.org');
    const token = await b.csrfFrom('/');
    const res = await b.request(`/papers/${PAPER}/upvote`, { form: { _csrf: token, vote: 'on' }, headers: { 'hx-request': 'true' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<form class="vote-form"/);
    expect(html).toContain('aria-pressed="true"');
  });

  it('cards mark what the reader upvoted; anonymous visitors get a sign-in link instead of a button', async () => {
    const b = await h.signIn('ada@example.org');
    await b.submit('/', `/papers/${PAPER}/upvote`, { vote: 'on' });
    const listing = await (await b.get('/papers/date/2026-08-19')).text();
    expect(listing.match(/aria-pressed="true"/g)).toHaveLength(1);
    const anon = await (await h.browser().get(`/papers/${PAPER}`)).text();
    expect(anon).toContain(`href="/signin?next=%2Fpapers%2F${PAPER}"`);
    expect(anon).not.toContain('vote-form');
  });

  it('the API upvotes with a Bearer token (POST) and takes it back (DELETE)', async () => {
    const b = await h.signIn('ada@example.org');
    const made = await (await b.submit('/settings', '/settings/tokens', { name: 'votes' })).text();
    const token = /id="new-token">\s*([^<\s]+)/.exec(made)![1]!;
    const auth = { authorization: `Bearer ${token}` };
    const up = await h.app.request(`/api/papers/${PAPER}/upvote`, { method: 'POST', headers: auth });
    expect(up.status).toBe(200);
    const body = (await up.json()) as { voted: boolean; upvotes: number; upvoteParts: { local: number } };
    expect(body.voted).toBe(true);
    expect(body.upvoteParts.local).toBe(1);
    const down = (await (await h.app.request(`/api/papers/${PAPER}/upvote`, { method: 'DELETE', headers: auth })).json()) as { voted: boolean; upvoteParts: { local: number } };
    expect(down).toMatchObject({ voted: false, upvoteParts: { local: 0 } });
  });
});

describe('upvoting: errors and security', () => {
  it('anonymous: 401 and nothing counted', async () => {
    const b = h.browser();
    const token = await b.csrfFrom('/signin');
    expect((await b.request(`/papers/${PAPER}/upvote`, { form: { _csrf: token, vote: 'on' } })).status).toBe(401);
    expect((await h.app.request(`/api/papers/${PAPER}/upvote`, { method: 'POST' })).status).toBe(401);
    expect(await h.store.db.selectFrom('votes').selectAll().execute()).toEqual([]);
  });

  it('without the CSRF token: 403 and nothing counted', async () => {
    const b = await h.signIn('ada@example.org');
    expect((await b.request(`/papers/${PAPER}/upvote`, { form: { vote: 'on' } })).status).toBe(403);
    expect(await h.store.db.selectFrom('votes').selectAll().execute()).toEqual([]);
  });

  it('an unknown paper is a 404, a bad id or vote value a 400', async () => {
    const b = await h.signIn('ada@example.org');
    expect((await b.submit('/', '/papers/2601.00001/upvote', { vote: 'on' })).status).toBe(404);
    expect((await b.submit('/', '/papers/not-an-id/upvote', { vote: 'on' })).status).toBe(400);
    expect((await b.submit('/', `/papers/${PAPER}/upvote`, { vote: 'maybe' })).status).toBe(400);
  });

  it('more than 120 votes a minute from one account: 429 with Retry-After', async () => {
    const b = await h.signIn('ada@example.org');
    const token = await b.csrfFrom('/');
    let last: Response | undefined;
    for (let i = 0; i < 121; i += 1) last = await b.request(`/papers/${PAPER}/upvote`, { form: { _csrf: token, vote: i % 2 === 0 ? 'on' : 'off' } });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a vote form cannot send the reader to another site afterwards', async () => {
    const b = await h.signIn('ada@example.org');
    const token = await b.csrfFrom('/');
    const res = await b.request(`/papers/${PAPER}/upvote`, { form: { _csrf: token, vote: 'on' }, headers: { referer: 'https://evil.example/x' } });
    expect(res.headers.get('location')).toBe(`/papers/${PAPER}`);
  });
});
