/** Editing a paper's code and project links (issue 11 "Links"): who may, what is kept, and that imports leave an edit alone. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertPaper } from '../../src/store/papers-repo.ts';
import { paperRecord } from '../fixtures/records.ts';
import type { BrowserSession } from './browser-session.ts';
import { communityHarness, type CommunityHarness } from './community-harness.ts';

let h: CommunityHarness;
let admin: BrowserSession;
let ada: BrowserSession;
let bob: BrowserSession;
const ID = '2401.00001';
const PAGE = `/papers/${ID}`;

beforeEach(async () => {
  h = await communityHarness({ env: { PAPERBOY_THUMBNAILS: 'off' } });
  admin = await h.signIn('boss@example.org');
  ada = await h.signIn('ada@example.org');
  bob = await h.signIn('bob@example.org');
  await upsertPaper(h.store.db, paperRecord({ id: ID, title: 'Links Under Test', githubRepo: 'https://github.com/upstream/repo', githubStars: 42 }), { now: new Date().toISOString(), observedAt: '2026-01-01T00:00:00Z' });
  expect((await ada.submit('/papers/submit', '/papers/submit', { arxivId: ID })).status).toBe(303);
});
afterEach(async () => {
  await h.close();
});

const stored = () => h.store.db.selectFrom('papers').select(['github_repo', 'github_stars', 'project_page', 'github_repo_local', 'project_page_local']).where('id', '=', ID).executeTakeFirstOrThrow();
const edit = (b: BrowserSession, form: { githubRepo: string; projectPage: string }) => b.submit(PAGE, `${PAGE}/links`, form);

describe('who may edit links', () => {
  it('the submitter sees the form, saves an owner/name and a project page; the edit is logged and shown', async () => {
    const page = await (await ada.get(PAGE)).text();
    expect(page).toContain('Edit code and project links');
    const r = await edit(ada, { githubRepo: 'ada/real-code', projectPage: 'https://ada.example.org/project' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${PAGE}?links=saved`);
    expect(await stored()).toEqual({ github_repo: 'https://github.com/ada/real-code', github_stars: null, project_page: 'https://ada.example.org/project', github_repo_local: 1, project_page_local: 1 });
    const after = await (await ada.get(`${PAGE}?links=saved`)).text();
    expect(after).toContain('Links saved.');
    expect(after).toContain('href="https://github.com/ada/real-code"');
    expect(after).toContain('Last changed by <a href="/u/ada">@ada</a>');
    const log = await h.core.links.history(ID);
    expect(log.map((e) => [e.field, e.oldValue, e.newValue, e.username])).toEqual(
      expect.arrayContaining([
        ['githubRepo', 'https://github.com/upstream/repo', 'https://github.com/ada/real-code', 'ada'],
        ['projectPage', null, 'https://ada.example.org/project', 'ada'],
      ]),
    );
  });

  it('an administrator may edit; an empty field removes the link', async () => {
    expect((await edit(admin, { githubRepo: '', projectPage: '' })).status).toBe(303);
    expect(await stored()).toMatchObject({ github_repo: null, project_page: null, github_repo_local: 1 });
  });

  it('an author whose claim an administrator approved may edit; before approval they may not', async () => {
    const viewerOf = async (b: BrowserSession) => (await h.core.accounts.viewerForSession(b.cookies.get('pb_session')!))!;
    const claim = await h.core.claims.claim(await viewerOf(bob), ID, 'Ada Lovelace');
    expect((await edit(bob, { githubRepo: 'bob/code', projectPage: '' })).status).toBe(403);
    await h.core.claims.decide(await viewerOf(admin), claim.id, 'approve');
    expect(await (await bob.get(PAGE)).text()).toContain('Edit code and project links');
    expect((await edit(bob, { githubRepo: 'bob/code', projectPage: '' })).status).toBe(303);
    expect(await stored()).toMatchObject({ github_repo: 'https://github.com/bob/code' });
  });

  it('another user gets no form, and a POST is 403 with nothing changed', async () => {
    expect(await (await bob.get(PAGE)).text()).not.toContain('Edit code and project links');
    expect(await (await h.browser().get(PAGE)).text()).not.toContain('Edit code and project links');
    const before = await stored();
    const r = await edit(bob, { githubRepo: 'bob/evil', projectPage: 'https://bob.example.org' });
    expect(r.status).toBe(403);
    expect(await stored()).toEqual(before);
    expect((await bob.get(`${PAGE}/links`)).status).toBe(403);
    expect(await h.core.links.history(ID)).toEqual([]);
  });

  it('nobody signed in: 401 (after CSRF) and unchanged', async () => {
    const before = await stored();
    const r = await h.browser().submit('/signin', `${PAGE}/links`, { githubRepo: 'x/y', projectPage: '' });
    expect(r.status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it('a form without its CSRF token is refused with 403', async () => {
    const before = await stored();
    const r = await ada.request(`${PAGE}/links`, { form: { githubRepo: 'ada/x', projectPage: '' } });
    expect(r.status).toBe(403);
    expect(await stored()).toEqual(before);
  });
});

describe('what is kept', () => {
  it.each([
    ['javascript:alert(1)', 'https://ok.example.org', 'javascript: links are not allowed'],
    ['https://github.com/x/y', 'javascript:alert(document.cookie)', 'javascript: links are not allowed'],
    ['not a url', '', 'not accepted'],
    ['', 'data:text/html,<script>alert(1)</script>', 'data: links are not allowed'],
    ['', '//evil.example.org/x', 'not accepted'],
    ['', 'https://user:pw@example.org/', 'user name or password'],
  ])('refuses githubRepo %j / projectPage %j with 400 and a message; nothing changes', async (githubRepo, projectPage, says) => {
    const before = await stored();
    const r = await edit(ada, { githubRepo, projectPage });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain(says);
    expect(html).toContain('Code and project links'); // the form again, with what was typed
    expect(html).not.toMatch(/<script>alert/);
    expect(await stored()).toEqual(before);
  });
});

describe('a later import', () => {
  it('keeps a link edited here (local edit wins) and still updates the links nobody edited', async () => {
    expect((await edit(ada, { githubRepo: 'ada/real-code', projectPage: '' })).status).toBe(303);
    // projectPage was empty and stays empty, but it was submitted as part of the form: only changed fields become local
    expect(await stored()).toMatchObject({ github_repo_local: 1, project_page_local: 0 });
    await upsertPaper(
      h.store.db,
      paperRecord({ id: ID, title: 'Links Under Test v2', githubRepo: 'https://github.com/upstream/other', githubStars: 99, projectPage: 'https://upstream.example.org' }),
      { now: new Date().toISOString(), observedAt: '2026-06-01T00:00:00Z' },
    );
    const after = await h.core.paper(ID);
    expect(after!.paper.title).toBe('Links Under Test v2');
    expect(after!.paper.githubRepo).toBe('https://github.com/ada/real-code');
    expect(after!.paper.githubStars).toBeNull();
    expect(after!.paper.projectPage).toBe('https://upstream.example.org');
  });
});
