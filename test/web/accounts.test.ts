import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxMessages, signInLinkFor } from '../helpers/outbox.ts';
import { communityHarness, type CommunityHarness } from './community-harness.ts';

let h: CommunityHarness;
beforeEach(async () => {
  h = await communityHarness();
});
afterEach(async () => {
  await h.close();
});

const signedInAs = async (b: { get(p: string): Promise<Response> }) => {
  const html = await (await b.get('/')).text();
  return /class="account-name"[^>]*>@([a-z0-9_-]+)</.exec(html)?.[1] ?? null;
};

describe('signing in by email link (happy path)', () => {
  it('mails a link; the link signs in, creates the account and makes the first account admin', async () => {
    const b = h.browser();
    const sent = await b.submit('/signin', '/signin', { email: 'Ada.Lovelace@Example.org', next: '/papers/week' });
    expect(sent.status).toBe(200);
    const page = await sent.text();
    expect(page).toContain('ada.lovelace@example.org');
    expect(page).toContain(h.outbox); // the embedded default says where the mail went
    const [mail] = await outboxMessages(h.outbox);
    expect(mail!.subject).toBe('Your link to join Paperboy');
    expect(mail!.html).toContain('/signin/verify?token=');
    const link = new URL(await signInLinkFor(h.outbox, 'ada.lovelace@example.org'));
    expect(link.origin).toBe('https://papers.example.org');
    const token = link.searchParams.get('token')!;
    // opening the link shows a button; it does not use the link up
    const confirm = await b.get(`/signin/verify?token=${token}`);
    expect(await confirm.text()).toContain('Continue');
    const done = await b.submit(`/signin/verify?token=${token}`, '/signin/verify', { token });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/settings?welcome=1&next=%2Fpapers%2Fweek'); // the welcome links back to /papers/week
    const cookie = done.headers.getSetCookie().find((c) => c.startsWith('pb_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i); // the public URL is https
    expect(await signedInAs(b)).toBe('ada-lovelace');
    const [account] = await h.core.accounts.list();
    expect(account).toMatchObject({ username: 'ada-lovelace', email: 'ada.lovelace@example.org', isAdmin: true });
  });

  it('a second account is not admin; signing in again returns to where you were', async () => {
    await h.signIn('first@example.org');
    const b = await h.signIn('second@example.org');
    expect(await signedInAs(b)).toBe('second');
    expect((await h.core.accounts.list()).map((a) => a.isAdmin)).toEqual([true, false]);
    const again = h.browser();
    await again.submit('/signin', '/signin', { email: 'second@example.org', next: '/papers/week' });
    const token = new URL(await signInLinkFor(h.outbox, 'second@example.org')).searchParams.get('token')!;
    const done = await again.submit(`/signin/verify?token=${token}`, '/signin/verify', { token });
    expect(done.headers.get('location')).toBe('/papers/week');
  });

  it('the session is stored hashed: the cookie value is nowhere in the database', async () => {
    const b = await h.signIn('ada@example.org');
    const token = b.cookies.get('pb_session')!;
    const rows = await h.store.db.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    const links = await h.store.db.selectFrom('sign_in_links').selectAll().execute();
    const mailed = new URL(await signInLinkFor(h.outbox, 'ada@example.org')).searchParams.get('token')!;
    expect(JSON.stringify(links)).not.toContain(mailed);
  });
});

describe('sign-in links are single use and expire', () => {
  it('a used link is refused the second time', async () => {
    const b = h.browser();
    await b.submit('/signin', '/signin', { email: 'ada@example.org' });
    const token = new URL(await signInLinkFor(h.outbox, 'ada@example.org')).searchParams.get('token')!;
    expect((await b.submit(`/signin/verify?token=${token}`, '/signin/verify', { token })).status).toBe(303);
    const other = h.browser();
    const again = await other.submit(`/signin/verify?token=${token}`, '/signin/verify', { token });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already been used');
    expect(await signedInAs(other)).toBeNull();
  });

  it('a link older than 15 minutes is refused', async () => {
    const b = h.browser();
    await b.submit('/signin', '/signin', { email: 'ada@example.org' });
    const token = new URL(await signInLinkFor(h.outbox, 'ada@example.org')).searchParams.get('token')!;
    h.advance(15 * 60_000 + 1000);
    const late = await b.submit(`/signin/verify?token=${token}`, '/signin/verify', { token });
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('expired');
  });

  it('a made-up or truncated token is refused and creates nothing', async () => {
    const b = h.browser();
    const res = await b.submit('/signin', '/signin/verify', { token: 'x'.repeat(43) });
    expect(res.status).toBe(400);
    expect((await b.get('/signin/verify?token=abc')).status).toBe(400);
    expect(await h.core.accounts.list()).toEqual([]);
  });

  it('two uses of one link at the same moment: exactly one signs in', async () => {
    const b = h.browser();
    await b.submit('/signin', '/signin', { email: 'ada@example.org' });
    const token = new URL(await signInLinkFor(h.outbox, 'ada@example.org')).searchParams.get('token')!;
    const results = await Promise.allSettled([h.core.accounts.completeSignIn(token), h.core.accounts.completeSignIn(token), h.core.accounts.completeSignIn(token)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await h.store.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
  });
});

describe('bad input changes nothing', () => {
  it.each([[''], ['not-an-email'], ['a@b'], ['<script>@x.org'], [`${'a'.repeat(250)}@example.org`]])('refuses the address %j with a message, sends nothing', async (email) => {
    const b = h.browser();
    const res = await b.submit('/signin', '/signin', { email });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('<script>@');
    expect(await outboxMessages(h.outbox)).toEqual([]);
  });

  it('a new account sent to sign in from a page gets its welcome with the way back to that page', async () => {
    await h.signIn('first-for-next@example.org'); // not the first account either way
    const b = h.browser();
    await b.submit('/signin', '/signin', { email: 'grace@example.org', next: '/papers/for-you' });
    const token = new URL(await signInLinkFor(h.outbox, 'grace@example.org')).searchParams.get('token')!;
    const done = await b.submit(`/signin/verify?token=${token}`, '/signin/verify', { token });
    expect(done.headers.get('location')).toBe('/settings?welcome=1&next=%2Fpapers%2Ffor-you');
    const page = await (await b.get(done.headers.get('location')!)).text();
    expect(page).toContain('Welcome to Paperboy!');
    expect(page).toContain('<a href="/papers/for-you">Continue to where you were going</a>');
    // a next that leaves the site is no link
    const evil = await (await b.get('/settings?welcome=1&next=%2F%2Fevil.example%2F')).text();
    expect(evil).not.toContain('Continue to where you were going');
  });

  it('a next path to another site is ignored (never an open redirect)', async () => {
    const b = h.browser();
    await b.submit('/signin', '/signin', { email: 'ada@example.org', next: '//evil.example/' });
    await b.submit('/signin', '/signin', { email: 'ada@example.org', next: '//evil.example/' });
    const token = new URL(await signInLinkFor(h.outbox, 'ada@example.org')).searchParams.get('token')!;
    await h.signIn('first@example.org'); // ada is not the first account, so the link leads to `next`
    const done = await b.submit(`/signin/verify?token=${token}`, '/signin/verify', { token });
    expect(done.headers.get('location')).toBe('/settings?welcome=1');
  });
});

describe('CSRF', () => {
  it('a form without the token, or with another visitor’s, is refused with 403 and changes nothing', async () => {
    const b = h.browser();
    await b.get('/signin');
    const bare = await b.request('/signin', { form: { email: 'ada@example.org' } });
    expect(bare.status).toBe(403);
    const other = await h.browser().csrfFrom('/signin');
    const wrong = await b.request('/signin', { form: { email: 'ada@example.org', _csrf: other } });
    expect(wrong.status).toBe(403);
    expect(await outboxMessages(h.outbox)).toEqual([]);
  });

  it('a form posted from another site is refused even with a token', async () => {
    const b = h.browser();
    const token = await b.csrfFrom('/signin');
    const res = await b.request('/signin', { form: { email: 'ada@example.org', _csrf: token }, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('signing out needs the token too', async () => {
    const b = await h.signIn('ada@example.org');
    expect((await b.request('/signout', { form: {} })).status).toBe(403);
    expect(await signedInAs(b)).toBe('ada');
  });
});

describe('rate limits', () => {
  it('a sixth sign-in email to one address within 15 minutes gets 429 with Retry-After', async () => {
    const b = h.browser();
    for (let i = 0; i < 5; i += 1) expect((await b.submit('/signin', '/signin', { email: 'ada@example.org' })).status).toBe(200);
    const res = await b.submit('/signin', '/signin', { email: 'ada@example.org' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.text()).toContain('Too many sign-in emails');
    expect(await outboxMessages(h.outbox)).toHaveLength(5);
    const hits = await h.store.db.selectFrom('rate_limit_hits').selectAll().execute();
    expect(hits.map((x) => x.bucket)).toEqual(['signInPerEmail']);
  });
});

describe('signing out', () => {
  it('signs out this browser only; everywhere ends every session', async () => {
    const one = await h.signIn('ada@example.org');
    const two = await h.signIn('ada@example.org');
    const out = await one.submit('/', '/signout', {});
    expect(out.status).toBe(303);
    expect(await signedInAs(one)).toBeNull();
    expect(await signedInAs(two)).toBe('ada');
    const three = await h.signIn('ada@example.org');
    await three.submit('/settings', '/signout/everywhere', {});
    expect(await signedInAs(two)).toBeNull();
    expect(await signedInAs(three)).toBeNull();
  });

  it('a session ends after 30 days without use', async () => {
    const b = await h.signIn('ada@example.org');
    h.advance(31 * 86_400_000);
    expect(await signedInAs(b)).toBeNull();
  });
});

describe('settings and profile', () => {
  it('renames, refuses a taken or bad name, and the profile page follows', async () => {
    await h.signIn('ada@example.org');
    const b = await h.signIn('grace@example.org');
    expect((await b.submit('/settings', '/settings/profile', { username: 'ada', fullname: '' })).status).toBe(409);
    const bad = await b.submit('/settings', '/settings/profile', { username: 'No Spaces', fullname: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('cannot be a username');
    const ok = await b.submit('/settings', '/settings/profile', { username: 'grace-h', fullname: 'Grace <b>Hopper</b>' });
    expect(ok.status).toBe(303);
    const profile = await (await h.browser().get('/u/grace-h')).text();
    expect(profile).toContain('Grace &lt;b&gt;Hopper&lt;/b&gt;');
    expect(profile).not.toContain('grace@example.org'); // emails are private
    expect((await h.browser().get('/u/grace')).status).toBe(404);
  });

  it('settings needs a signed-in browser', async () => {
    const res = await h.browser().get('/settings');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?next=%2Fsettings');
  });

  it('upstream submitters have profile pages with their submissions', async () => {
    const res = await h.browser().get('/u/taesiri');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('named by imported Daily Papers listings');
  });
});

describe('API tokens', () => {
  it('a token made on the settings page acts as its owner; revoked, it stops working', async () => {
    const b = await h.signIn('ada@example.org');
    const made = await (await b.submit('/settings', '/settings/tokens', { name: 'my script' })).text();
    const token = /id="new-token">\s*([^<\s]+)/.exec(made)![1]!;
    expect(token).toMatch(/^pb_/);
    const who = await h.app.request('/api/whoami', { headers: { authorization: `Bearer ${token}` } });
    expect(await who.json()).toEqual({ user: { name: 'ada', isAdmin: true } });
    // the token is shown once: the settings page lists its name only
    expect(await (await b.get('/settings')).text()).not.toContain(token);
    const id = /\/settings\/tokens\/(\d+)\/revoke/.exec(await (await b.get('/settings')).text())![1]!;
    expect((await b.submit('/settings', `/settings/tokens/${id}/revoke`, {})).status).toBe(303);
    const after = await h.app.request('/api/whoami', { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('nobody can revoke another account’s token', async () => {
    const ada = await h.signIn('ada@example.org');
    await ada.submit('/settings', '/settings/tokens', { name: 'mine' });
    const id = /\/settings\/tokens\/(\d+)\/revoke/.exec(await (await ada.get('/settings')).text())![1]!;
    const grace = await h.signIn('grace@example.org');
    const res = await grace.submit('/settings', `/settings/tokens/${id}/revoke`, {});
    expect(res.status).toBe(404);
    expect(await h.store.db.selectFrom('api_tokens').selectAll().execute()).toHaveLength(1);
  });

  it('a wrong Bearer token is a 401 in JSON; no token is a 401 on whoami', async () => {
    const bad = await h.app.request('/api/whoami', { headers: { authorization: 'Bearer pb_nope' } });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toContain('not valid');
    expect((await h.app.request('/api/whoami')).status).toBe(401);
  });
});

describe('pages for signed-in people are theirs alone', () => {
  it('the page cache never serves one person’s page to another', async () => {
    const anon = h.browser();
    await anon.get('/'); // cached for anonymous visitors
    const ada = await h.signIn('ada@example.org');
    const html = await (await ada.get('/')).text();
    expect(html).toContain('@ada');
    expect(await (await anon.get('/')).text()).not.toContain('@ada');
  });
});

describe('the moderation page', () => {
  it('is for administrators: anonymous 401, a member 403, the admin sees accounts and rate-limit hits', async () => {
    expect((await h.browser().get('/admin')).status).toBe(401);
    const admin = await h.signIn('ada@example.org');
    const member = await h.signIn('grace@example.org');
    expect((await member.get('/admin')).status).toBe(403);
    const b = h.browser();
    for (let i = 0; i < 6; i += 1) await b.submit('/signin', '/signin', { email: 'spam@example.org' });
    const page = await (await admin.get('/admin')).text();
    expect(page).toContain('@grace');
    expect(page).toContain('grace@example.org');
    expect(page).toContain('signInPerEmail');
    expect(page).toContain('spam@example.org');
    expect(page).toContain('No claims are waiting.');
    expect(page).toContain('No comment is hidden.');
  });

  it('lists hidden comments with an unhide button, and pending claims', async () => {
    const admin = await h.signIn('ada@example.org');
    const member = await h.signIn('grace@example.org');
    const paper = '2608.14036';
    await member.submit(`/papers/${paper}`, `/papers/${paper}/comments`, { body: 'rude words here' });
    const id = /id="c-(\d+)"/.exec(await (await member.get(`/papers/${paper}`)).text())![1]!;
    await admin.submit(`/papers/${paper}`, `/comments/${id}/hide`, {});
    const page = await (await admin.get('/admin')).text();
    expect(page).toContain('rude words here');
    expect(page).toContain(`/comments/${id}/unhide`);
    expect(page).toContain('@grace');
  });
});

describe('who is asking is looked up only where it matters', () => {
  it('static files, thumbnails and the health probe never read the session; pages do', async () => {
    const b = await h.signIn('ada@example.org');
    const accounts = h.core.accounts;
    const original = accounts.viewerForSession.bind(accounts);
    let lookups = 0;
    accounts.viewerForSession = (token: string) => {
      lookups += 1;
      return original(token);
    };
    await b.get('/static/app.css');
    await b.get('/favicon.ico');
    await b.get('/healthz');
    await b.get('/thumbnails/2608.14036');
    expect(lookups).toBe(0);
    await b.get('/');
    expect(lookups).toBe(1);
  });
});
