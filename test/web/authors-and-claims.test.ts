import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaperLines } from '../helpers/import-papers.ts';
import type { BrowserSession } from './browser-session.ts';
import { communityHarness, type CommunityHarness } from './community-harness.ts';

let h: CommunityHarness;
beforeEach(async () => {
  h = await communityHarness();
  await importPaperLines(h.core, [
    { id: '2601.00001', title: 'Spacing one', abstract: 'A.', authors: ['Jane  Doe', 'José Núñez-Ávila', 'J. R. R. Tolkien'], published: '2026-01-02' },
    { id: '2601.00002', title: 'Spacing two', abstract: 'B.', authors: ['jane doe', 'Alan Turing'], published: '2026-01-03' },
    {
      id: '2601.00003',
      title: '<script>alert("title")</script> and <img src=x onerror=alert(1)>',
      abstract: 'See <a href="javascript:alert(2)">this</a> and <svg onload=alert(3)></svg>.',
      authors: ['<script>alert("author")</script>', 'javascript:alert(4)', '<img src=x onerror=alert(5)>'],
      published: '2026-01-04',
    },
  ]);
});
afterEach(async () => {
  await h.close();
});

/** The core's Viewer of the account signed in as `name`@example.org. */
async function viewer(name: string) {
  const a = (await h.core.accounts.list()).find((x) => x.email === `${name}@example.org`)!;
  return { id: a.id, username: a.username, isAdmin: a.isAdmin };
}

const claim = (b: BrowserSession, paperId: string, authorName: string) => b.submit(`/papers/${paperId}`, '/claims', { paper_id: paperId, author_name: authorName });

describe('author pages', () => {
  it('author names on a paper page link to their pages; spacing and case do not matter', async () => {
    const paper = await (await h.browser().get('/papers/2601.00001')).text();
    expect(paper).toContain('<a class="author-link" href="/authors/Jane%20Doe">Jane  Doe</a>');
    expect(paper).toContain('href="/authors/Jos%C3%A9%20N%C3%BA%C3%B1ez-%C3%81vila"');
    expect(paper).toContain('href="/authors/J.%20R.%20R.%20Tolkien"');

    for (const path of ['/authors/Jane%20Doe', '/authors/JANE%20%20DOE', '/authors/jane%20doe']) {
      const res = await h.browser().get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('href="/papers/2601.00001"');
      expect(html).toContain('href="/papers/2601.00002"');
      expect(html).toContain('2 papers here');
    }
    const accented = await h.browser().get('/authors/Jos%C3%A9%20N%C3%BA%C3%B1ez-%C3%81vila');
    expect(accented.status).toBe(200);
    expect(await accented.text()).toContain('href="/papers/2601.00001"');
    const dotted = await h.browser().get('/authors/J.%20R.%20R.%20Tolkien');
    expect(dotted.status).toBe(200);
    expect(await dotted.text()).toContain('href="/papers/2601.00001"');
    const nobody = await h.browser().get('/authors/No%20Such%20Person');
    expect(nobody.status).toBe(404);
    expect(await nobody.text()).toContain('No paper here lists an author called “No Such Person”');
  });

  it('names with slashes, percent signs and question marks have working addresses; bare dots are not links', async () => {
    await importPaperLines(h.core, [{ id: '2601.00009', title: 'Odd names', abstract: 'C.', authors: ['A/B Team', '100% Human', '..', 'Émile?#x'] }]);
    const paper = await (await h.browser().get('/papers/2601.00009')).text();
    // `..` (even as %2E%2E) is a path step to any URL parser: that name is shown without a link
    expect(paper).toContain('<span class="author">..</span>');
    for (const href of ['/authors/A%2FB%20Team', '/authors/100%25%20Human', '/authors/%C3%89mile%3F%23x']) {
      expect(paper).toContain(`href="${href}"`);
      const res = await h.browser().get(href);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('href="/papers/2601.00009"');
    }
  });

  it('the author rows follow a paper whose authors change on a later import', async () => {
    await importPaperLines(h.core, [{ id: '2601.00002', title: 'Spacing two', abstract: 'B.', authors: ['Alan Turing', 'Grace Hopper'], published: '2026-01-03', updated: '2026-02-01' }]);
    const jane = await (await h.browser().get('/authors/jane%20doe')).text();
    expect(jane).toContain('1 paper here');
    expect(jane).not.toContain('href="/papers/2601.00002"');
    expect((await h.browser().get('/authors/Grace%20Hopper')).status).toBe(200);
  });

  it('papers written by the bulk import (the demo data) are found by their authors', async () => {
    const demo = await h.store.db.selectFrom('papers').select(['id', 'authors_json']).where('id', 'not like', '2601.%').limit(1).executeTakeFirstOrThrow();
    const first = (JSON.parse(demo.authors_json) as { name: string }[])[0]!.name;
    const html = await (await h.browser().get(`/authors/${encodeURIComponent(first)}`)).text();
    expect(html).toContain(`href="/papers/${demo.id}"`);
  });
});

describe('authorship claims (happy path)', () => {
  it('claim, approve, and the badge shows on the paper page and the profile', async () => {
    const admin = await h.signIn('admin@example.org');
    const jane = await h.signIn('jane@example.org');
    const form = await (await jane.get('/papers/2601.00001')).text();
    expect(form).toContain('Claim authorship');
    expect(form).toContain('<option value="Jane  Doe">Jane  Doe</option>');

    const res = await claim(jane, '2601.00001', 'jane doe');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/papers/2601.00001#claim');
    expect(await (await jane.get('/papers/2601.00001')).text()).toContain('an administrator will look at it soon');
    // nothing public yet
    expect(await (await h.browser().get('/papers/2601.00001')).text()).not.toContain('✓ @jane');

    const queue = await (await admin.get('/admin/claims')).text();
    expect(queue).toContain('@jane');
    expect(queue).toContain('Spacing one');
    const [pending] = await h.core.claims.pending();
    expect(pending).toMatchObject({ paperId: '2601.00001', username: 'jane', authorName: 'Jane  Doe', status: 'pending' });
    const decided = await admin.submit('/admin/claims', `/admin/claims/${pending!.id}`, { decision: 'approve' });
    expect(decided.status).toBe(303);
    expect(await h.core.claims.pending()).toEqual([]);

    const paper = await (await h.browser().get('/papers/2601.00001')).text();
    expect(paper).toMatch(/<a class="author-link" href="\/authors\/Jane%20Doe">Jane  Doe<\/a><a class="claimed-badge" href="\/u\/jane"[^>]*>✓ @jane<\/a>/);
    const profile = await (await h.browser().get('/u/jane')).text();
    expect(profile).toContain('Claimed papers');
    expect(profile).toContain('href="/papers/2601.00001"');
    expect(await (await h.browser().get('/authors/jane%20doe')).text()).toContain('✓ @jane');
    const janeId = (await viewer('jane')).id;
    expect(await h.core.claims.claimedAuthorUserIds('2601.00001')).toEqual([janeId]);
    expect(await h.core.claims.claimedAuthorUserIds('2601.00002')).toEqual([]);
    expect(await (await jane.get('/papers/2601.00001')).text()).toContain('You are confirmed as');
  });

  it('a rejected claim shows no badge and may be made again', async () => {
    const admin = await viewerSignedIn('admin@example.org');
    const jane = await h.signIn('jane@example.org');
    await claim(jane, '2601.00002', 'Alan Turing');
    const [k] = await h.core.claims.pending();
    expect((await h.core.claims.decide(admin, k!.id, 'reject')).status).toBe('rejected');
    expect(await (await h.browser().get('/papers/2601.00002')).text()).not.toContain('claimed-badge');
    expect((await claim(jane, '2601.00002', 'jane doe')).status).toBe(303);
  });
});

async function viewerSignedIn(email: string) {
  await h.signIn(email);
  return viewer(email.split('@')[0]!);
}

describe('authorship claims (errors and security)', () => {
  it('a name that is not on the paper is a 400; a second claim on the same paper is a 409', async () => {
    await h.signIn('admin@example.org');
    const jane = await h.signIn('jane@example.org');
    const wrong = await claim(jane, '2601.00001', 'Alan Turing');
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('is not an author of this paper');
    expect((await claim(jane, '2601.00001', 'Jane Doe')).status).toBe(303);
    expect((await claim(jane, '2601.00001', 'Jane Doe')).status).toBe(409);
    expect((await claim(jane, '2601.00001', 'J. R. R. Tolkien')).status).toBe(409);
    expect((await claim(jane, '2109.99999', 'Jane Doe')).status).toBe(404);
    expect(await h.core.claims.pending()).toHaveLength(1);
  });

  it('an author name approved for someone else cannot be claimed again (409)', async () => {
    const admin = await viewerSignedIn('admin@example.org');
    const jane = await h.signIn('jane@example.org');
    const mallory = await h.signIn('mallory@example.org');
    await claim(jane, '2601.00001', 'Jane Doe');
    await claim(mallory, '2601.00001', 'JANE DOE'); // both pending: the admin decides
    const [first, second] = await h.core.claims.pending();
    await h.core.claims.decide(admin, first!.id, 'approve');
    await expect(h.core.claims.decide(admin, second!.id, 'approve')).rejects.toMatchObject({ code: 'conflict' });
    const bob = await h.signIn('bob@example.org');
    expect((await claim(bob, '2601.00001', 'jane doe')).status).toBe(409);
  });

  it('only an administrator sees the queue and decides (403), and nothing changes', async () => {
    await h.signIn('admin@example.org');
    const jane = await h.signIn('jane@example.org');
    await claim(jane, '2601.00001', 'Jane Doe');
    const [k] = await h.core.claims.pending();
    expect((await jane.get('/admin/claims')).status).toBe(403);
    const res = await jane.submit('/papers/2601.00001', `/admin/claims/${k!.id}`, { decision: 'approve' });
    expect(res.status).toBe(403);
    await expect(h.core.claims.decide(await viewer('jane'), k!.id, 'approve')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await h.core.claims.pending()).map((c) => c.status)).toEqual(['pending']);
    expect((await h.browser().get('/admin/claims')).status).toBe(303); // signed out: to sign in
  });

  it('claims without the CSRF token are refused (403)', async () => {
    const jane = await h.signIn('jane@example.org');
    const res = await jane.request('/claims', { form: { paper_id: '2601.00001', author_name: 'Jane Doe' } });
    expect(res.status).toBe(403);
    expect(await h.core.claims.pending()).toEqual([]);
  });

  it('imported titles, abstracts and author names with markup are escaped on the paper, author, admin and profile pages', async () => {
    const adminSession = await h.signIn('admin@example.org');
    const eve = await h.signIn('eve@example.org');
    expect((await claim(eve, '2601.00003', '<script>alert("author")</script>')).status).toBe(303);
    const [k] = await h.core.claims.pending();
    const queue = await (await adminSession.get('/admin/claims')).text();
    await h.core.claims.decide(await viewer('admin'), k!.id, 'approve');
    const pages = [
      await (await h.browser().get('/papers/2601.00003')).text(),
      await (await eve.get('/papers/2601.00003')).text(),
      await (await h.browser().get(`/authors/${encodeURIComponent('<script>alert("author")</script>')}`)).text(),
      await (await h.browser().get(`/authors/${encodeURIComponent('<img src=x onerror=alert(5)>')}`)).text(),
      await (await h.browser().get('/u/eve')).text(),
      queue,
    ];
    for (const html of pages) {
      expect(html).not.toMatch(/<script>alert/);
      expect(html).not.toMatch(/<img src=x/);
      expect(html).not.toMatch(/<svg onload/);
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).toContain('&lt;script&gt;alert(');
    }
    // the author link of a name like a URL is a path on this site
    expect(pages[0]).toContain('href="/authors/javascript%3Aalert(4)"');
  });
});
