/**
 * Submitting a paper (issue 11) through the web form and the JSON API, with
 * the arXiv API played by a real HTTP server on 127.0.0.1 serving recorded
 * responses (test/fixtures/arxiv-api).
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBMISSIONS_PER_DAY } from '../../src/domain/submission.ts';
import { upsertPaper } from '../../src/store/papers-repo.ts';
import { upsertListing } from '../../src/store/listings-repo.ts';
import { upsertUser } from '../../src/store/users-repo.ts';
import { fixtureText } from '../fixtures/files.ts';
import { paperRecord } from '../fixtures/records.ts';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.ts';
import type { BrowserSession } from './browser-session.ts';
import { communityHarness, type CommunityHarness } from './community-harness.ts';

let arxiv: ReplayServer;
let h: CommunityHarness;
let admin: BrowserSession;
let ada: BrowserSession;

const FOUND = '2104.12255';
/** a well-formed id arXiv answers with an empty feed */
const UNKNOWN = '2608.99999';
/** arXiv answers 503 for this one */
const DOWN = '2608.55555';
/** here, but never listed */
const LOCAL = '2401.00001';

beforeAll(async () => {
  arxiv = await startReplayServer();
  const idIs = (id: string) => (u: URL) => u.pathname === '/api/query' && u.searchParams.get('id_list') === id;
  arxiv.route({ match: idIs(FOUND), reply: { body: fixtureText('arxiv-api/head/id_2104.12255v1_s0_m100_6ae69987ffe1.xml') } });
  arxiv.route({ match: idIs(UNKNOWN), reply: { body: fixtureText('arxiv-api/head/id_0000.0000_s0_m100_8b51d9633a68.xml') } });
  arxiv.route({ match: idIs(DOWN), reply: { status: 503, headers: { 'retry-after': '0' }, body: 'Service Unavailable' } });
});
afterAll(async () => {
  await arxiv.close();
});

const harness = (apiUrl: string) => communityHarness({ env: { ARXIV_API_URL: apiUrl, PAPERBOY_REQUEST_INTERVAL_MS: '0', PAPERBOY_THUMBNAILS: 'off' } });

beforeEach(async () => {
  h = await harness(`${arxiv.base}/api/query`);
  admin = await h.signIn('boss@example.org'); // the first account is admin
  ada = await h.signIn('ada@example.org');
  await upsertPaper(h.store.db, paperRecord({ id: LOCAL, title: 'A Local Paper Nobody Listed' }), { now: new Date().toISOString(), observedAt: null });
});
afterEach(async () => {
  await h.close();
});

const today = () => new Date().toISOString().slice(0, 10);
const listingsOf = (paperId: string) => h.store.db.selectFrom('daily_listings as l').innerJoin('users as u', 'u.id', 'l.submitted_by').select(['l.day', 'u.username', 'l.submitted_at']).where('l.paper_id', '=', paperId).execute();
const counts = async () => ({
  papers: Number((await h.store.db.selectFrom('papers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  listings: Number((await h.store.db.selectFrom('daily_listings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
});
const submit = (b: BrowserSession, arxivId: string) => b.submit('/papers/submit', '/papers/submit', { arxivId });
const demoListed = async () => (await h.store.db.selectFrom('daily_listings').select(['paper_id', 'day']).orderBy('day', 'desc').executeTakeFirstOrThrow());

describe('submitting a paper (happy paths)', () => {
  it('the header offers Submit to signed-in people only; the page explains what happens', async () => {
    expect(await (await h.browser().get('/')).text()).not.toContain('href="/papers/submit"');
    const anonymous = await h.browser().get('/papers/submit');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/signin?next=%2Fpapers%2Fsubmit');
    expect(await (await ada.get('/')).text()).toContain('href="/papers/submit"');
    const page = await (await ada.get('/papers/submit')).text();
    expect(page).toContain('Submit a paper');
    expect(page).toContain('What happens');
    expect(page).toContain(`${SUBMISSIONS_PER_DAY} submissions left today`);
  });

  it('a paper that is here is listed on today’s page with the submitter, without asking arXiv', async () => {
    const asked = arxiv.requests.length;
    const r = await submit(ada, `arXiv:${LOCAL}v3`);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/papers/${LOCAL}?submitted=${today()}`);
    expect(arxiv.requests.length).toBe(asked);
    const [listing, ...more] = await listingsOf(LOCAL);
    expect(more).toHaveLength(0);
    expect(listing).toMatchObject({ day: today(), username: 'ada' });
    const paperPage = await (await ada.get(r.headers.get('location')!)).text();
    expect(paperPage).toContain('Submitted by');
    expect(paperPage).toContain('Submitted: the paper is on the daily page of');
    expect(paperPage).toContain('Edit code and project links');
    const day = await (await h.browser().get(`/papers/date/${today()}`)).text();
    expect(day).toContain('A Local Paper Nobody Listed');
    expect(day).toContain('ada');
  });

  it('a paper that is not here is fetched from arXiv (any accepted form of its id) and listed', async () => {
    const before = await counts();
    const r = await submit(ada, `https://arxiv.org/pdf/${FOUND}v1`);
    expect(r.status, await r.clone().text()).toBe(303);
    expect(arxiv.requests.at(-1)!.url).toContain(`id_list=${FOUND}`);
    expect(arxiv.requests.at(-1)!.userAgent).toContain('Paperboy');
    expect(await counts()).toEqual({ papers: before.papers + 1, listings: before.listings + 1 });
    const paper = await h.core.paper(FOUND);
    expect(paper!.paper.authors[0]!.name).toBe('Quan Thoi Minh Nguyen');
    expect(paper!.submitter!.username).toBe('ada');
    expect(paper!.listings[0]!.day).toBe(today());
  });

  it('also from a huggingface.co/papers link', async () => {
    const r = await submit(ada, `https://huggingface.co/papers/${LOCAL}`);
    expect(r.status).toBe(303);
    expect(await listingsOf(LOCAL)).toHaveLength(1);
  });

  it('the JSON API submits with a Bearer token and answers with the Daily Papers item', async () => {
    const token = (await h.core.accounts.createApiToken((await h.core.accounts.viewerForSession(ada.cookies.get('pb_session')!))!, 'script')).token;
    const r = await h.app.request('/api/papers/submit', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ arxivId: FOUND }) });
    expect(r.status, await r.clone().text()).toBe(201);
    const item = (await r.json()) as { paper: { id: string; submittedOnDailyAt: string }; submittedBy: { name: string }; title: string };
    expect(item.paper.id).toBe(FOUND);
    expect(item.submittedBy.name).toBe('ada');
    expect(item.paper.submittedOnDailyAt.slice(0, 10)).toBe(today());
    // the same again is a duplicate: 409 with where it is
    const again = await h.app.request('/api/papers/submit', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ arxivId: `arXiv:${FOUND}` }) });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ listedOn: today(), item: { paper: { id: FOUND } } });
  });
});

describe('duplicates', () => {
  it('a paper listed on an earlier day is not listed again; the page links to that listing and the paper', async () => {
    const { paper_id: id, day } = await demoListed();
    const before = await counts();
    const r = await submit(ada, `https://arxiv.org/abs/${id}`);
    expect(r.status).toBe(409);
    const html = await r.text();
    expect(html).toContain('Already listed');
    expect(html).toContain(`href="/papers/date/${day}"`);
    expect(html).toContain(`href="/papers/${id}"`);
    expect(await counts()).toEqual(before);
  });

  it('a paper submitted today by someone else is a duplicate too, and does not use up the second person’s quota', async () => {
    expect((await submit(admin, LOCAL)).status).toBe(303);
    const r = await submit(ada, LOCAL);
    expect(r.status).toBe(409);
    expect(await listingsOf(LOCAL)).toEqual([expect.objectContaining({ username: 'boss' })]);
    expect(await (await ada.get('/papers/submit')).text()).toContain(`${SUBMISSIONS_PER_DAY} submissions left today`);
  });
});

describe('the daily limit', () => {
  const localIds = Array.from({ length: SUBMISSIONS_PER_DAY + 1 }, (_, i) => `2401.1000${i}`);
  beforeEach(async () => {
    for (const id of localIds) await upsertPaper(h.store.db, paperRecord({ id, title: `Paper ${id}` }), { now: new Date().toISOString(), observedAt: null });
  });

  it(`allows ${SUBMISSIONS_PER_DAY} a day, then 429 with Retry-After until midnight UTC; the next day it works again`, async () => {
    for (const id of localIds.slice(0, SUBMISSIONS_PER_DAY)) expect((await submit(ada, id)).status).toBe(303);
    const refused = await submit(ada, localIds.at(-1)!);
    expect(refused.status).toBe(429);
    const now = new Date();
    const untilMidnight = (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000;
    expect(Math.abs(Number(refused.headers.get('retry-after')) - untilMidnight)).toBeLessThan(5);
    expect(await refused.text()).toContain(`the limit is ${SUBMISSIONS_PER_DAY} a day`);
    expect(await listingsOf(localIds.at(-1)!)).toHaveLength(0);
    h.advance(untilMidnight * 1000 + 1000);
    expect((await submit(ada, localIds.at(-1)!)).status).toBe(303);
  });

  it('administrators have no daily limit', async () => {
    for (const id of localIds) expect((await submit(admin, id)).status).toBe(303);
    expect(await (await admin.get('/papers/submit')).text()).toContain('No daily limit for administrators');
  });
});

describe('refusals change nothing', () => {
  it('an unparseable id is a 400 that names the accepted forms', async () => {
    const before = await counts();
    for (const bad of ['not a paper', 'javascript:alert(1)', '<script>alert(1)</script>', 'https://example.org/abs/2104.12255', '2613.00001', '']) {
      const r = await submit(ada, bad);
      expect(r.status, bad).toBe(400);
      const html = await r.text();
      expect(html).toContain('arXiv id such as 2608.12345');
      expect(html).not.toContain('<script>alert');
    }
    expect(await counts()).toEqual(before);
  });

  it('an id arXiv does not know is a 404 “arXiv has no paper …”', async () => {
    const before = await counts();
    const r = await submit(ada, UNKNOWN);
    expect(r.status).toBe(404);
    expect(await r.text()).toContain(`arXiv has no paper ${UNKNOWN}`);
    expect(await counts()).toEqual(before);
  });

  it('arXiv answering 503 is a 503 that says to try again; nothing is written', async () => {
    const before = await counts();
    const r = await submit(ada, DOWN);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('try again');
    expect(await counts()).toEqual(before);
    expect(h.errors).toEqual([]);
  });

  it('arXiv unreachable (connection refused) is a 503 too', { timeout: 20_000 }, async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const down = await harness(`http://127.0.0.1:${closedPort}/api/query`);
    try {
      const b = await down.signIn('bob@example.org');
      const before = await down.store.db.selectFrom('daily_listings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const r = await b.submit('/papers/submit', '/papers/submit', { arxivId: FOUND });
      expect(r.status).toBe(503);
      expect(await r.text()).toContain('arXiv did not answer');
      expect(await down.core.paper(FOUND)).toBeNull();
      expect(await down.store.db.selectFrom('daily_listings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(before);
    } finally {
      await down.close();
    }
  });

  it('without a session: the form POST is 401 (after CSRF), the API 401 without a token', async () => {
    const anon = h.browser();
    const r = await anon.submit('/signin', '/papers/submit', { arxivId: LOCAL });
    expect(r.status).toBe(401);
    const api = await h.app.request('/api/papers/submit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ arxivId: LOCAL }) });
    expect(api.status).toBe(401);
    expect(await listingsOf(LOCAL)).toHaveLength(0);
  });

  it('a form without its CSRF token is refused with 403', async () => {
    const r = await ada.request('/papers/submit', { form: { arxivId: LOCAL } });
    expect(r.status).toBe(403);
    expect(await listingsOf(LOCAL)).toHaveLength(0);
  });

  it('the API refuses a body that is not {"arxivId": …} with 400', async () => {
    const token = (await h.core.accounts.createApiToken((await h.core.accounts.viewerForSession(ada.cookies.get('pb_session')!))!, 'script')).token;
    for (const body of ['not json', '{"id": "2104.12255"}', '{"arxivId": 2104.12255}']) {
      const r = await h.app.request('/api/papers/submit', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      expect(r.status, body).toBe(400);
      expect(((await r.json()) as { error: string }).error).toContain('arxivId');
    }
  });
});

describe('after a submission', () => {
  it('an import of the same day’s listing from upstream keeps the local submitter (and takes its counts)', async () => {
    expect((await submit(ada, LOCAL)).status).toBe(303);
    const now = new Date().toISOString();
    const ak = await upsertUser(h.store.db, { username: 'akhaliq', fullname: 'AK', avatarUrl: null, isPro: false, kind: 'user' }, now);
    await upsertListing(h.store.db, { paperId: LOCAL, day: today(), submittedAt: now, submittedOnDailyAt: now, submittedById: ak, upvotes: 7, numComments: 2, thumbnail: null, authorParticipating: false });
    const detail = await h.core.paper(LOCAL);
    expect(detail!.submitter!.username).toBe('ada');
    expect(detail!.listings[0]).toMatchObject({ upvotes: 7, numComments: 2, submittedBy: 'ada' });
  });


  it('runs the afterSubmit hooks with the new paper (once per new listing, not for duplicates)', async () => {
    const seen: string[] = [];
    h.core.submissions.afterSubmit.push(async (id) => {
      seen.push(id);
    });
    await submit(ada, LOCAL);
    await submit(ada, LOCAL);
    await h.core.submissions.settled();
    expect(seen).toEqual([LOCAL]);
  });
});
