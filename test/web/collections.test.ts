import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserSession } from './browser-session.ts';
import { communityHarness, type CommunityHarness } from './community-harness.ts';

let h: CommunityHarness;
let paperA: string;
let paperB: string;
beforeEach(async () => {
  h = await communityHarness();
  const rows = await h.store.db.selectFrom('papers').select('id').orderBy('id').limit(2).execute();
  [paperA, paperB] = rows.map((r) => r.id) as [string, string];
});
afterEach(async () => {
  await h.close();
});

/** Creates a collection through the form; returns its address (path). */
async function create(b: BrowserSession, title: string, visibility: 'public' | 'private' = 'private', description = ''): Promise<string> {
  const res = await b.submit('/collections', '/collections', { title, description, visibility });
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/^\/collections\/\d+-[a-z0-9-]+\?done=created$/);
  return location.replace(/\?.*$/, '');
}

/** The core's Viewer for an account signed in by name. */
async function viewer(username: string) {
  const a = (await h.core.accounts.list()).find((x) => x.username === username)!;
  return { id: a.id, username: a.username, isAdmin: a.isAdmin };
}

const idOf = (address: string) => Number(/^\/collections\/(\d+)/.exec(address)![1]);

describe('collections (happy path)', () => {
  it('create, add from the paper page, list, rename, remove and delete', async () => {
    const ada = await h.signIn('ada@example.org');
    expect((await ada.get('/collections')).status).toBe(200);
    const address = await create(ada, 'Reading group: Diffusion!', 'public', 'Papers for Thursday.');
    expect(address).toMatch(/^\/collections\/\d+-reading-group-diffusion$/);
    const id = idOf(address);

    // the paper page's form: one of mine, or a new one
    const paperPage = `/papers/${paperA}`;
    expect(await (await ada.get(paperPage)).text()).toContain('Reading group: Diffusion!');
    const added = await ada.submit(paperPage, '/collections/add-paper', { paper_id: paperA, collection: String(id), new_title: '' });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`/papers/${paperA}#collections`);
    const shortcut = await ada.submit(paperPage, '/collections/add-paper', { paper_id: paperB, collection: 'new', new_title: 'To read later' });
    expect(shortcut.status).toBe(303);
    const mine = await h.core.collections.mine(await viewer('ada'));
    expect(mine.map((c) => [c.title, c.paperCount, c.isPublic])).toEqual([
      ['To read later', 1, false],
      ['Reading group: Diffusion!', 1, true],
    ]);
    // the paper page says where it is
    const again = await (await ada.get(paperPage)).text();
    expect(again).toMatch(/In your\s*<a href="\/collections\/\d+-reading-group-diffusion">Reading group: Diffusion!<\/a>/);

    // anyone sees a public collection, with its paper
    const page = await h.browser().get(address);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Papers for Thursday.');
    expect(html).toContain(`href="/papers/${paperA}"`);
    expect(html).not.toContain('/edit'); // no owner controls for a visitor

    // rename: the address follows the title; the old one redirects
    const renamed = await ada.submit(`${address}/edit`, `${address}/edit`, { title: 'Diffusion club', description: 'Thursdays.', visibility: 'public' });
    expect(renamed.status).toBe(303);
    expect(renamed.headers.get('location')).toBe(`/collections/${id}-diffusion-club?done=saved`);
    const old = await h.browser().get(address);
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe(`/collections/${id}-diffusion-club`);

    // remove the paper, then delete the collection
    const removed = await ada.submit(`/collections/${id}-diffusion-club`, `/collections/${id}/remove`, { paper_id: paperA });
    expect(removed.status).toBe(303);
    expect((await h.core.collections.view(null, id)).papers).toHaveLength(0);
    const deleted = await ada.submit(`/collections/${id}/edit`, `/collections/${id}/delete`, { confirm: 'yes' });
    expect(deleted.status).toBe(303);
    expect((await h.browser().get(`/collections/${id}`)).status).toBe(404);
  });

  it('the profile lists public collections only', async () => {
    const ada = await h.signIn('ada@example.org');
    await create(ada, 'Open list', 'public');
    await create(ada, 'Secret list', 'private');
    const profile = await (await h.browser().get('/u/ada')).text();
    expect(profile).toContain('Open list');
    expect(profile).not.toContain('Secret list');
    // not even the owner's own view of the profile shows the private one (the page is the same for everyone)
    expect(await (await ada.get('/u/ada')).text()).not.toContain('Secret list');
  });

  it('anonymous visitors are sent to sign in for /collections', async () => {
    const res = await h.browser().get('/collections');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?next=%2Fcollections');
  });
});

describe('collections (errors)', () => {
  it('refuses empty and too long titles and descriptions with 400, changing nothing', async () => {
    const ada = await h.signIn('ada@example.org');
    for (const [form, message] of [
      [{ title: '   ', description: '', visibility: 'public' }, 'Give the collection a title.'],
      [{ title: 'x'.repeat(101), description: '', visibility: 'public' }, 'at most 100 characters'],
      [{ title: 'ok', description: 'y'.repeat(2001), visibility: 'public' }, 'at most 2000 characters'],
      [{ title: 'ok', description: '', visibility: 'everyone' }, 'Visibility is'],
    ] as const) {
      const res = await ada.submit('/collections', '/collections', form);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(await h.core.collections.mine(await viewer('ada'))).toHaveLength(0);
  });

  it('adding a paper that is not here is a 404', async () => {
    const ada = await h.signIn('ada@example.org');
    const id = idOf(await create(ada, 'List'));
    const res = await ada.submit('/collections', '/collections/add-paper', { paper_id: '2101.00001', collection: String(id) });
    expect(res.status).toBe(404);
  });

  it('at most 100 collections per account', async () => {
    await h.signIn('ada@example.org');
    const ada = await viewer('ada');
    for (let i = 0; i < 100; i++) {
      if (i % 50 === 0) h.advance(61_000); // stay under the edits rate limit
      await h.core.collections.create(ada, { title: `List ${i}`, description: '', isPublic: false });
    }
    h.advance(61_000);
    await expect(h.core.collections.create(ada, { title: 'One more', description: '', isPublic: false })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('collections (security)', () => {
  it('a private collection does not exist for anyone else (404), not even its title', async () => {
    const ada = await h.signIn('ada@example.org');
    const bob = await h.signIn('bob@example.org');
    const address = await create(ada, 'My private plans', 'private');
    expect((await ada.get(address)).status).toBe(200);
    for (const who of [bob, h.browser()]) {
      const res = await who.get(address);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('My private plans');
    }
    const id = idOf(address);
    const res = await bob.submit('/collections', `/collections/${id}/edit`, { title: 'Mine now', visibility: 'public' });
    expect(res.status).toBe(404);
    expect((await bob.submit('/collections', '/collections/add-paper', { paper_id: paperA, collection: String(id) })).status).toBe(404);
    expect((await h.core.collections.view(await viewer('ada'), id)).collection.title).toBe('My private plans');
  });

  it('another account cannot add to, remove from, rename or delete my public collection (403, unchanged)', async () => {
    const ada = await h.signIn('ada@example.org');
    const bob = await h.signIn('bob@example.org');
    const address = await create(ada, 'Shared reading', 'public', 'Ada’s picks');
    const id = idOf(address);
    await ada.submit(`/papers/${paperA}`, '/collections/add-paper', { paper_id: paperA, collection: String(id) });
    const before = await h.core.collections.view(null, id);

    const attempts = [
      bob.submit('/collections', '/collections/add-paper', { paper_id: paperB, collection: String(id) }),
      bob.submit('/collections', `/collections/${id}/remove`, { paper_id: paperA }),
      bob.submit('/collections', `/collections/${id}/edit`, { title: 'Bob was here', description: '', visibility: 'private' }),
      bob.submit('/collections', `/collections/${id}/delete`, { confirm: 'yes' }),
      bob.get(`/collections/${id}/edit`),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(403);
    const after = await h.core.collections.view(null, id);
    expect(after.collection).toEqual(before.collection);
    expect(after.papers.map((p) => p.detail.paper.id)).toEqual([paperA]);
  });

  it('a form without the CSRF token is refused (403) and changes nothing', async () => {
    const ada = await h.signIn('ada@example.org');
    const res = await ada.request('/collections', { form: { title: 'Forged', visibility: 'public' } });
    expect(res.status).toBe(403);
    expect(await h.core.collections.mine(await viewer('ada'))).toHaveLength(0);
  });

  it('titles and descriptions are escaped wherever they show', async () => {
    const ada = await h.signIn('ada@example.org');
    const title = '<script>alert(1)</script>';
    const description = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href="javascript:alert(2)">y</a>';
    const address = await create(ada, title, 'public', description);
    await ada.submit(`/papers/${paperA}`, '/collections/add-paper', { paper_id: paperA, collection: String(idOf(address)) });
    const pages = [await (await h.browser().get(address)).text(), await (await h.browser().get('/u/ada')).text(), await (await ada.get('/collections')).text(), await (await ada.get(`/papers/${paperA}`)).text()];
    for (const html of pages) {
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toMatch(/href="javascript:/i);
    }
  });

  it('signed-out visitors cannot change anything (401)', async () => {
    const anon = h.browser();
    const res = await anon.submit('/signin', '/collections', { title: 'x', visibility: 'public' });
    expect(res.status).toBe(401);
  });
});
