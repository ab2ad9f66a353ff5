import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { communityHarness, type CommunityHarness } from './community-harness.ts';
import type { BrowserSession } from './browser-session.ts';
import { XSS_PAYLOADS } from './xss-payloads.ts';

const PAPER = '2608.19880';
const PAGE = `/papers/${PAPER}`;

let h: CommunityHarness;
beforeEach(async () => {
  h = await communityHarness();
});
afterEach(async () => {
  expect(h.errors).toEqual([]);
  await h.close();
});

/** posts a comment from the paper page's form; returns the response */
function comment(b: BrowserSession, body: string, parent?: number, paper = PAPER): Promise<Response> {
  return b.submit(PAGE, `/papers/${paper}/comments`, parent === undefined ? { body } : { body, parent: String(parent) });
}

function idFrom(res: Response): number {
  const m = /#c-(\d+)$/.exec(res.headers.get('location') ?? '');
  if (!m) throw new Error(`no comment anchor in ${res.headers.get('location')}`);
  return Number(m[1]);
}

async function pageHtml(b: BrowserSession, path = PAGE): Promise<string> {
  return (await b.get(path)).text();
}

const storedBody = async (id: number) => (await h.store.db.selectFrom('comments').select(['body_markdown', 'deleted_at', 'hidden_at', 'edited_at']).where('id', '=', id).executeTakeFirstOrThrow());

describe('discussion (happy path)', () => {
  it('comment, reply, edit, delete: each answers 303 back to the comment and the page shows it', async () => {
    const ada = await h.signIn('ada@example.org');
    const bob = await h.signIn('bob@example.org');
    const first = await comment(ada, 'This **works** on my data. cc @bob');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(new RegExp(`^${PAGE}#c-\\d+$`));
    const id = idFrom(first);
    const reply = await comment(bob, 'Which data, @ada?', id);
    expect(reply.status).toBe(303);
    const replyId = idFrom(reply);

    let html = await pageHtml(bob);
    expect(html).toContain('id="comments"');
    expect(html).toContain(`id="c-${id}"`);
    expect(html).toContain('<strong>works</strong>');
    expect(html).toContain('<a href="/u/bob" rel="nofollow ugc noopener" class="mention">@bob</a>');
    expect(html).toMatch(new RegExp(`class="comment depth-1" id="c-${replyId}"`));
    // bob can edit and delete his own reply, not ada's comment
    expect(html).toContain(`action="/comments/${replyId}/edit"`);
    expect(html).not.toContain(`action="/comments/${id}/edit"`);

    const edited = await ada.submit(PAGE, `/comments/${id}/edit`, { body: 'This works on *my* data.' });
    expect(edited.status).toBe(303);
    expect(edited.headers.get('location')).toBe(`${PAGE}#c-${id}`);
    html = await pageHtml(ada);
    expect(html).toContain('<em>my</em>');
    expect(html).toContain('· edited');

    // deleting a comment with a reply leaves a placeholder; the reply stays readable
    const deleted = await ada.submit(PAGE, `/comments/${id}/delete`, {});
    expect(deleted.status).toBe(303);
    expect((await storedBody(id)).body_markdown).toBe('');
    html = await pageHtml(h.browser());
    expect(html).toContain('[deleted]');
    expect(html).not.toContain('my</em> data');
    expect(html).toContain('Which data');
  });

  it('the count on cards and on the paper page adds local comments to the imported count and links to #comments', async () => {
    const before = await (await h.app.request(PAGE)).text();
    const imported = Number(/(\d+) comments?<\/a>/.exec(before)?.[1] ?? '0');
    const ada = await h.signIn('ada@example.org');
    await comment(ada, 'one');
    await comment(ada, 'two');
    const after = await (await h.app.request(PAGE)).text(); // anonymous: the cache was invalidated by the write
    expect(after).toContain(`<a href="#comments">${imported + 2} comment${imported + 2 === 1 ? '' : 's'}</a>`);
    expect(after).toContain('Sign in to comment');
    expect(after).not.toContain('name="_csrf"'); // anonymous pages are shared: no tokens in them
    const day = await h.core.paper(PAPER);
    const listingDay = day!.listings[0]!.day;
    const listing = await (await h.app.request(`/papers/date/${listingDay}`)).text();
    expect(listing).toMatch(new RegExp(`<a class="comment-count" href="${PAGE}#comments">[\\s\\S]*?${imported + 2} comments</a>`));
    const api = (await (await h.app.request(`/api/papers/${PAPER}`)).json()) as { numComments: number };
    expect(api.numComments).toBe(imported + 2);
  });

  it('an admin hides and unhides; others see "hidden by a moderator" and the count drops', async () => {
    const admin = await h.signIn('admin@example.org');
    const ada = await h.signIn('ada@example.org');
    const id = idFrom(await comment(ada, 'spam spam spam'));
    const hidden = await admin.submit(PAGE, `/comments/${id}/hide`, {});
    expect(hidden.status).toBe(303);
    expect(hidden.headers.get('location')).toBe(`${PAGE}#c-${id}`);
    expect((await storedBody(id)).hidden_at).not.toBeNull();
    const anon = await (await h.app.request(PAGE)).text();
    expect(anon).toContain('[hidden by a moderator]');
    expect(anon).not.toContain('spam spam spam');
    expect(await pageHtml(ada)).not.toContain('spam spam spam');
    const adminView = await pageHtml(admin);
    expect(adminView).toContain('spam spam spam');
    expect(adminView).toContain('only admins see this');
    expect(adminView).toContain(`action="/comments/${id}/unhide"`);
    expect((await h.core.comments.hiddenForModeration()).map((c) => c.comment.id)).toEqual([id]);
    expect((await h.core.comments.thread(PAPER, null)).visibleCount).toBe(0);
    expect((await admin.submit(PAGE, `/comments/${id}/unhide`, {})).status).toBe(303);
    expect(await (await h.app.request(PAGE)).text()).toContain('spam spam spam');
  });

  it('replies beyond depth 4 are shown at depth 4 saying whom they answer', async () => {
    const ada = await h.signIn('ada@example.org');
    let parent: number | undefined;
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      h.advance(1000);
      parent = idFrom(await comment(ada, `level ${i}`, parent));
      ids.push(parent);
    }
    const html = await pageHtml(ada);
    expect(html).toMatch(new RegExp(`class="comment depth-4" id="c-${ids[4]}"`));
    expect(html).toMatch(new RegExp(`class="comment depth-4" id="c-${ids[5]}"`));
    expect(html).toContain('replying to @ada');
  });

  it('the profile lists recent visible comments with links to them', async () => {
    const ada = await h.signIn('ada@example.org');
    const id = idFrom(await comment(ada, 'A thought worth keeping'));
    const gone = idFrom(await comment(ada, 'A thought deleted'));
    await ada.submit(PAGE, `/comments/${gone}/delete`, {});
    const html = await (await h.app.request('/u/ada')).text();
    expect(html).toContain('A thought worth keeping');
    expect(html).not.toContain('A thought deleted');
    expect(html).toContain(`href="${PAGE}#c-${id}"`);
  });

  it('the edit page shows your comment in a form', async () => {
    const ada = await h.signIn('ada@example.org');
    const id = idFrom(await comment(ada, 'draft words'));
    const page = await ada.get(`/comments/${id}/edit`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('draft words</textarea>');
  });
});

describe('discussion (errors change nothing)', () => {
  const count = async () => Number((await h.store.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('an empty (or blank) comment is a 400 that says so, with the form again', async () => {
    const ada = await h.signIn('ada@example.org');
    const res = await comment(ada, '   \n  ');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('the comment is empty');
    expect(html).toContain('id="comment-new"');
    expect(await count()).toBe(0);
  });

  it('a comment over 10,000 characters is refused and kept in the form', async () => {
    const ada = await h.signIn('ada@example.org');
    const res = await comment(ada, 'x'.repeat(10_001));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('at most 10,000 characters; this one has 10,001');
    expect(html).toContain('x'.repeat(10_001));
    expect(await count()).toBe(0);
    expect((await comment(ada, 'y'.repeat(10_000))).status).toBe(303);
  });

  it('a parent on another paper, an unknown parent or a junk parent is refused', async () => {
    const ada = await h.signIn('ada@example.org');
    const elsewhere = idFrom(await comment(ada, 'on another paper', undefined, '2608.11924'));
    expect((await comment(ada, 'reply', elsewhere)).status).toBe(400);
    expect((await comment(ada, 'reply', 99_999)).status).toBe(400);
    const junk = await ada.submit(PAGE, `${PAGE}/comments`, { body: 'x', parent: '1 OR 1=1' });
    expect(junk.status).toBe(400);
    expect(await count()).toBe(1);
  });

  it('a reply to a deleted comment is refused', async () => {
    const ada = await h.signIn('ada@example.org');
    const id = idFrom(await comment(ada, 'soon gone'));
    await ada.submit(PAGE, `/comments/${id}/delete`, {});
    const res = await comment(ada, 'reply', id);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('was deleted');
  });

  it('an unknown paper is a 404; a junk paper id a 400; an unknown comment a 404', async () => {
    const ada = await h.signIn('ada@example.org');
    expect((await comment(ada, 'hello', undefined, '2612.99999')).status).toBe(404);
    expect((await comment(ada, 'hello', undefined, 'not-a-paper')).status).toBe(400);
    expect((await ada.submit(PAGE, '/comments/424242/edit', { body: 'x' })).status).toBe(404);
    expect((await ada.submit(PAGE, '/comments/abc/delete', {})).status).toBe(400);
    expect(await count()).toBe(0);
  });

  it('editing to an empty body is a 400 on the edit page and keeps the old words', async () => {
    const ada = await h.signIn('ada@example.org');
    const id = idFrom(await comment(ada, 'original'));
    const res = await ada.submit(PAGE, `/comments/${id}/edit`, { body: '  ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('the comment is empty');
    expect((await storedBody(id)).body_markdown).toBe('original');
  });
});

describe('discussion (security)', () => {
  it('another user cannot edit or delete your comment: 403 and nothing changes', async () => {
    await h.signIn('admin@example.org');
    const ada = await h.signIn('ada@example.org');
    const eve = await h.signIn('eve@example.org');
    const id = idFrom(await comment(ada, 'mine'));
    const edit = await eve.submit(PAGE, `/comments/${id}/edit`, { body: 'pwned' });
    expect(edit.status).toBe(403);
    expect(await edit.text()).toContain('someone else');
    expect((await eve.submit(PAGE, `/comments/${id}/delete`, {})).status).toBe(403);
    expect((await eve.get(`/comments/${id}/edit`)).status).toBe(403);
    expect(await storedBody(id)).toMatchObject({ body_markdown: 'mine', deleted_at: null, edited_at: null });
  });

  it('even an admin cannot edit or delete someone else’s comment (they hide it)', async () => {
    const admin = await h.signIn('admin@example.org');
    const ada = await h.signIn('ada@example.org');
    const id = idFrom(await comment(ada, 'mine'));
    expect((await admin.submit(PAGE, `/comments/${id}/edit`, { body: 'changed' })).status).toBe(403);
    expect((await admin.submit(PAGE, `/comments/${id}/delete`, {})).status).toBe(403);
    expect((await storedBody(id)).body_markdown).toBe('mine');
  });

  it('a non-admin cannot hide or unhide: 403', async () => {
    await h.signIn('admin@example.org');
    const ada = await h.signIn('ada@example.org');
    const eve = await h.signIn('eve@example.org');
    const id = idFrom(await comment(ada, 'fine words'));
    expect((await eve.submit(PAGE, `/comments/${id}/hide`, {})).status).toBe(403);
    expect((await ada.submit(PAGE, `/comments/${id}/hide`, {})).status).toBe(403);
    expect((await eve.submit(PAGE, `/comments/${id}/unhide`, {})).status).toBe(403);
    expect((await storedBody(id)).hidden_at).toBeNull();
  });

  it('anonymous writes are 401 with a way to sign in; nothing is written', async () => {
    const anon = h.browser();
    // the (shared, cached) anonymous paper page has no form and no token; the sign-in page sets one
    const token = await anon.csrfFrom('/signin');
    const posted = await anon.request(`${PAGE}/comments`, { form: { _csrf: token, body: 'hello' } });
    expect(posted.status).toBe(401);
    expect(await posted.text()).toContain('Sign in to comment');
    expect(await h.store.db.selectFrom('comments').selectAll().execute()).toEqual([]);
  });

  it('a missing or wrong CSRF token is a 403 and nothing is written', async () => {
    const ada = await h.signIn('ada@example.org');
    const missing = await ada.request(`${PAGE}/comments`, { form: { body: 'hello' } });
    expect(missing.status).toBe(403);
    const wrong = await ada.request(`${PAGE}/comments`, { form: { body: 'hello', _csrf: 'forged' } });
    expect(wrong.status).toBe(403);
    const id = idFrom(await comment(ada, 'real'));
    expect((await ada.request(`/comments/${id}/delete`, { form: {} })).status).toBe(403);
    expect((await storedBody(id)).deleted_at).toBeNull();
    expect(await h.store.db.selectFrom('comments').selectAll().execute()).toHaveLength(1);
  });

  it('comments are rate limited per account: the 11th in a minute is a 429 with Retry-After', async () => {
    const ada = await h.signIn('ada@example.org');
    const token = await ada.csrfFrom(PAGE);
    for (let i = 0; i < 10; i++) {
      expect((await ada.request(`${PAGE}/comments`, { form: { _csrf: token, body: `c${i}` } })).status).toBe(303);
    }
    const refused = await ada.request(`${PAGE}/comments`, { form: { _csrf: token, body: 'one too many' } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Too many comments');
    // another account is not affected; after the window, ada may comment again
    const bob = await h.signIn('bob@example.org');
    expect((await comment(bob, 'hi')).status).toBe(303);
    h.advance(61_000);
    expect((await ada.request(`${PAGE}/comments`, { form: { _csrf: token, body: 'later' } })).status).toBe(303);
    expect(await h.store.db.selectFrom('comments').selectAll().execute()).toHaveLength(12);
  });

  it('stored XSS attempts come back as inert text or safe links', async () => {
    const ada = await h.signIn('ada@example.org');
    for (const payload of XSS_PAYLOADS) {
      h.advance(7_000); // stay under the comment rate limit
      expect((await comment(ada, payload)).status).toBe(303);
    }
    const html = await (await h.app.request(PAGE)).text();
    const thread = html.slice(html.indexOf('id="comments"'), html.indexOf('</section>', html.indexOf('id="comments"')));
    // every tag in the thread: no active element, no event handler, no link but http(s), mailto, a local path or an anchor
    const tags = [...thread.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)];
    expect(tags.length).toBeGreaterThan(50);
    for (const [tag, name, attrs] of tags) {
      expect(['script', 'img', 'svg', 'iframe', 'object', 'embed', 'style', 'link', 'meta', 'base'], tag).not.toContain(name!.toLowerCase());
      expect(attrs, tag).not.toMatch(/\son[a-z]+\s*=/i);
      for (const href of attrs!.matchAll(/\b(?:href|src|action)="([^"]*)"/g)) expect(href[1], tag).toMatch(/^(https?:\/\/|mailto:|\/(?![/\\])|#)/);
    }
    // raw HTML is shown as text, not dropped
    expect(thread).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(thread).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
