import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { outboxMessages } from '../helpers/outbox.ts';
import { communityHarness, type CommunityHarness } from './community-harness.ts';

let h: CommunityHarness;
beforeEach(async () => {
  h = await communityHarness();
});
afterEach(async () => {
  await h.close();
});

const to = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.text : '');
const mailsTo = async (email: string) => (await outboxMessages(h.outbox)).filter((m) => to(m).includes(email));
const linkIn = (m: ParsedMail, path: string) => {
  const found = new RegExp(`https://papers\\.example\\.org${path.replace(/[?]/g, '\\?')}\\?token=[A-Za-z0-9._-]+`).exec(m.text ?? '');
  if (!found) throw new Error(`no ${path} link in “${m.subject}”`);
  return new URL(found[0]);
};
const row = (email: string) => h.store.db.selectFrom('digest_subscribers').selectAll().where('email', '=', email).executeTakeFirst();
const subscribe = (email: string, b = h.browser()) => b.submit('/subscribe', '/subscribe', { email });

describe('subscribing (double opt-in)', () => {
  it('every page header links to the subscribe form with nothing per-visitor in it (cached pages carry it)', async () => {
    for (const path of ['/', '/papers/week/2026-W34', '/papers/2608.16590']) {
      const res = await h.browser().get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<header class="site-header">[\s\S]*<a class="button small header-subscribe" href="\/subscribe"[\s\S]*<\/header>/);
    }
    const page = await (await h.browser().get('/subscribe?email=ada%40example.org')).text();
    expect(page).toContain('value="ada@example.org"');
    expect(page).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it('subscribe → one confirmation mail → the link shows a button → confirming makes it active', async () => {
    const sent = await subscribe('Ada@Example.org');
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Check your inbox');
    expect(await row('ada@example.org')).toMatchObject({ status: 'pending', confirmed_at: null, user_id: null });
    const mails = await mailsTo('ada@example.org');
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your Paperboy digest subscription']);
    const link = linkIn(mails[0]!, '/subscribe/confirm');
    const b = h.browser();
    // opening the link (a mail scanner does) changes nothing
    const page = await b.get(`${link.pathname}${link.search}`);
    expect(await page.text()).toContain('Confirm my subscription');
    expect((await row('ada@example.org'))!.status).toBe('pending');
    const done = await b.submit(`${link.pathname}${link.search}`, '/subscribe/confirm', { token: link.searchParams.get('token')! });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(/^\/digest\/settings\?token=[^&]+&done=confirmed$/);
    expect(await row('ada@example.org')).toMatchObject({ status: 'active' });
    expect((await row('ada@example.org'))!.confirmed_at).not.toBeNull();
    const settings = await b.get(done.headers.get('location')!);
    expect(settings.status).toBe(200);
    expect(await settings.text()).toContain('Confirmed: your digest starts');
  });

  it('nothing but confirmations goes to a pending address', async () => {
    await subscribe('pending@example.org');
    await subscribe('pending@example.org');
    const mails = await mailsTo('pending@example.org');
    expect(mails).toHaveLength(2);
    expect(new Set(mails.map((m) => m.subject))).toEqual(new Set(['Confirm your Paperboy digest subscription']));
    expect((await row('pending@example.org'))!.status).toBe('pending');
  });

  it('an already active address gets the same answer, and at most a “manage here” mail', async () => {
    await subscribe('active@example.org');
    const link = linkIn((await mailsTo('active@example.org'))[0]!, '/subscribe/confirm');
    const b = h.browser();
    await b.submit(`${link.pathname}${link.search}`, '/subscribe/confirm', { token: link.searchParams.get('token')! });
    const answerFor = async (email: string) => (await (await subscribe(email)).text()).replaceAll(email, 'EMAIL').replaceAll(encodeURIComponent(email), 'EMAIL').replace(/name="_csrf" value="[^"]+"/g, '');
    const active = await answerFor('active@example.org');
    const fresh = await answerFor('fresh@example.org');
    expect(active).toBe(fresh);
    const mails = await mailsTo('active@example.org');
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your Paperboy digest subscription', 'You are already subscribed to Paperboy']);
    expect(linkIn(mails[1]!, '/digest/settings').pathname).toBe('/digest/settings');
    expect((await row('active@example.org'))!.status).toBe('active');
  });

  it('a bad address is a 400 that says what is wrong, and nothing is stored or sent', async () => {
    const r = await subscribe('not-an-address');
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('does not look like an email address');
    expect(await h.store.db.selectFrom('digest_subscribers').selectAll().execute()).toEqual([]);
    expect(await outboxMessages(h.outbox)).toEqual([]);
  });

  it('too many requests for one address are refused with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await subscribe('busy@example.org')).status).toBe(200);
    const r = await subscribe('busy@example.org');
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await mailsTo('busy@example.org')).toHaveLength(3);
  });

  it('a POST without the CSRF token is refused', async () => {
    const r = await h.browser().request('/subscribe', { form: { email: 'x@example.org' } });
    expect(r.status).toBe(403);
  });

  it('a signed-in account subscribing its own address is active at once, linked, with no mail', async () => {
    const b = await h.signIn('reader@example.org');
    const before = (await outboxMessages(h.outbox)).length;
    const r = await b.submit('/subscribe', '/subscribe', { email: 'reader@example.org' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/digest/settings?done=subscribed');
    const sub = (await row('reader@example.org'))!;
    expect(sub.status).toBe('active');
    expect(sub.user_id).not.toBeNull();
    expect((await outboxMessages(h.outbox)).length).toBe(before);
    const settings = await b.get('/digest/settings?done=subscribed');
    expect(await settings.text()).toContain('reader@example.org');
    // another address while signed in: a confirmation like anyone's, never linked to the account
    await b.submit('/subscribe', '/subscribe', { email: 'someone-else@example.org' });
    expect(await row('someone-else@example.org')).toMatchObject({ status: 'pending', user_id: null });
  });
});

describe('settings through a signed link', () => {
  const activeWithLink = async (email: string) => {
    await subscribe(email);
    const link = linkIn((await mailsTo(email))[0]!, '/subscribe/confirm');
    const done = await h.browser().submit(`${link.pathname}${link.search}`, '/subscribe/confirm', { token: link.searchParams.get('token')! });
    return new URL(done.headers.get('location')!, 'https://papers.example.org').searchParams.get('token')!;
  };
  const form = { frequency: 'weekly', sendHour: '7', timeZone: 'Europe/Berlin', paperCount: '5', includeTrending: 'on', categories: 'cs.CL, math.GT', keywords: 'diffusion\nagent memory' };

  it('works without signing in and saves the settings', async () => {
    const token = await activeWithLink('ada@example.org');
    const b = h.browser();
    const page = await b.get(`/digest/settings?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ada@example.org');
    const saved = await b.submit(`/digest/settings?token=${token}`, '/digest/settings', { token, ...form });
    expect(saved.status).toBe(303);
    expect(await row('ada@example.org')).toMatchObject({ frequency: 'weekly', send_hour: 7, time_zone: 'Europe/Berlin', paper_count: 5, include_trending: 1, include_similar: 0, categories_json: '["cs.CL","math.GT"]', keywords_json: '["diffusion","agent memory"]' });
  });

  it('a tampered link is refused (403), an incomplete one is a 400, and neither shows anything', async () => {
    const token = await activeWithLink('ada@example.org');
    await activeWithLink('bob@example.org');
    const [id, expires, sig] = token.split('.');
    const other = Number(id) === 1 ? 2 : 1;
    const tampered = await h.browser().get(`/digest/settings?token=${other}.${expires}.${sig}`);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).not.toContain('bob@example.org');
    expect((await h.browser().get(`/digest/settings?token=${token.slice(0, 20)}`)).status).toBe(400);
    // a settings token is not an unsubscribe token
    expect((await h.browser().request(`/digest/unsubscribe?token=${token}`, { method: 'POST' })).status).toBe(403);
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'not a time zone'],
    [{ sendHour: '24' }, 'from 0 to 23'],
    [{ paperCount: '0' }, 'from 1 to 50'],
    [{ categories: 'cs.CL, not a category!' }, 'is not an arXiv category'],
    [{ keywords: 'after:yesterday' }, 'is not a search Paperboy understands'],
  ])('refuses %j with a 400 and changes nothing', async (change, message) => {
    const token = await activeWithLink('ada@example.org');
    const before = await row('ada@example.org');
    const b = h.browser();
    const r = await b.submit(`/digest/settings?token=${token}`, '/digest/settings', { token, ...form, ...change });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain(message);
    expect(await row('ada@example.org')).toEqual(before);
  });

  it('without a link or a session, the settings page sends you to sign in', async () => {
    const r = await h.browser().get('/digest/settings');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/signin?next=%2Fdigest%2Fsettings');
  });
});

describe('unsubscribing', () => {
  const unsubscribeLink = async (email: string) => {
    await subscribe(email);
    const link = linkIn((await mailsTo(email))[0]!, '/subscribe/confirm');
    await h.browser().submit(`${link.pathname}${link.search}`, '/subscribe/confirm', { token: link.searchParams.get('token')! });
    const sub = (await row(email))!;
    const composer = await h.core.digests.composer();
    const digest = await composer.compose({ ...(await h.core.digests.byManageToken((await h.core.digests.manageToken({ id: sub.id } as never)))) }, 'D2026-08-21');
    const header = digest!.headers!['List-Unsubscribe']!;
    return new URL(/<(https:[^>]+)>/.exec(header)![1]!);
  };

  it('one click (RFC 8058): a POST with the List-Unsubscribe=One-Click body and no cookies', async () => {
    const url = await unsubscribeLink('ada@example.org');
    const r = await h.app.request(`${url.pathname}${url.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(r.status).toBe(200);
    expect(await row('ada@example.org')).toMatchObject({ status: 'unsubscribed' });
    expect((await row('ada@example.org'))!.unsubscribed_at).not.toBeNull();
    // again, posted from a webmail's page on another origin: still fine (idempotent; the token is the authentication)
    const again = await h.app.request(`${url.pathname}${url.search}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://webmail.example.com' }, body: 'List-Unsubscribe=One-Click' });
    expect(again.status).toBe(200);
  });

  it('the link opened in a browser shows a button; only the button unsubscribes', async () => {
    const url = await unsubscribeLink('ada@example.org');
    const b = h.browser();
    const page = await b.get(`${url.pathname}${url.search}`);
    expect(await page.text()).toContain('Stop sending digests to <strong>ada@example.org</strong>');
    expect((await row('ada@example.org'))!.status).toBe('active');
    const done = await b.request(`${url.pathname}${url.search}`, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are unsubscribed');
    expect((await row('ada@example.org'))!.status).toBe('unsubscribed');
  });

  it('an altered one-click token unsubscribes nobody', async () => {
    const url = await unsubscribeLink('ada@example.org');
    const token = url.searchParams.get('token')!;
    const r = await h.app.request(`/digest/unsubscribe?token=${token.slice(0, -3)}abc`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(r.status).toBe(403);
    expect((await row('ada@example.org'))!.status).toBe('active');
  });
});

describe('the web version and the admin preview', () => {
  it('the digest links to its web version, which shows the same digest; another period with the same token is refused', async () => {
    const b = await h.signIn('admin@example.org');
    await b.submit('/subscribe', '/subscribe', { email: 'admin@example.org' });
    const sub = (await row('admin@example.org'))!;
    const digest = await (await h.core.digests.composer()).compose((await h.core.digests.ofViewer({ id: sub.user_id!, username: 'admin', isAdmin: true }))!, 'D2026-08-21');
    const view = new URL(/https:\/\/papers\.example\.org\/digest\/view\?[^"\s]+/.exec(digest!.text)![0]);
    const page = await h.browser().get(`${view.pathname}${view.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(digest!.html);
    const other = await h.browser().get(`/digest/view?period=D2026-08-20&token=${view.searchParams.get('token')}`);
    expect(other.status).toBe(403);
  });

  it('/digest/preview is for admins only and renders any subscriber’s digest', async () => {
    const admin = await h.signIn('admin@example.org');
    await subscribe('reader@example.org');
    expect((await h.browser().get('/digest/preview?email=reader@example.org')).status).toBe(401);
    const someone = await h.signIn('someone@example.org');
    expect((await someone.get('/digest/preview?email=reader@example.org')).status).toBe(403);
    const picker = await admin.get('/digest/preview');
    expect(await picker.text()).toContain('reader@example.org');
    const shown = await admin.get('/digest/preview?email=reader@example.org&period=D2026-08-21');
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('Your papers for Thursday 20 August');
    expect(html).not.toMatch(/<script|<img/i);
    const bad = await admin.get('/digest/preview?email=reader@example.org&period=2026-08-21');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('is not a digest period');
  });
});
