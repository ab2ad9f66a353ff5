import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntryWriter } from '../../src/ingest/entry-writer.ts';
import type { DailyEntry } from '../../src/ingest/daily-papers-format.ts';
import { demoHarness, type Harness } from './web-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await demoHarness();
});
afterAll(async () => {
  await h.store.close();
});

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function json(path: string): Promise<{ status: number; body: any }> {
  const res = await h.get(path);
  return { status: res.status, body: await res.json() };
}

describe('GET /api/daily_papers', () => {
  it('returns a day in the Daily Papers item shape', async () => {
    const { status, body } = await json('/api/daily_papers?date=2026-08-21');
    expect(status).toBe(200);
    expect(body).toHaveLength(17);
    const first = body[0];
    expect(first.paper.id).toBe('2608.19880');
    expect(first.paper.title).toBe('EnvHarness: Awakening Static Worlds for Agent Learning');
    expect(first.paper.upvotes).toBe(163);
    expect(first.paper.authors[0]).toMatchObject({ name: 'Chengsong Huang', hidden: false });
    expect(first.paper.authors[0]._id).toMatch(/^[0-9a-f]{24}$/);
    expect(first.paper.publishedAt).toMatch(ISO_Z);
    expect(first.publishedAt).toMatch(ISO_Z);
    expect(first.paper.ai_summary).toContain('EnvHarness');
    expect(first.paper.githubRepo).toBe('https://github.com/google-research/envharness');
    expect(first.title).toBe(first.paper.title);
    expect(typeof first.summary).toBe('string');
    expect(first.numComments).toBe(1);
    expect(first.submittedBy).toMatchObject({ name: 'taesiri', user: 'taesiri' });
    for (const item of body) expect(item.publishedAt).toMatch(ISO_Z);
  });

  it('defaults to the latest day and pages with p and limit', async () => {
    const all = (await json('/api/daily_papers')).body;
    expect(all).toHaveLength(17);
    const page1 = (await json('/api/daily_papers?date=2026-08-21&limit=5&p=1')).body;
    expect(page1.map((i: any) => i.paper.id)).toEqual(all.slice(5, 10).map((i: any) => i.paper.id));
  });

  it('serves weeks and months', async () => {
    expect((await json('/api/daily_papers?week=2026-W33&limit=100')).body).toHaveLength(100);
    expect((await json('/api/daily_papers?month=2026-07&limit=100')).body).toHaveLength(100);
    expect((await json('/api/daily_papers?month=2026-07&limit=100&p=1')).body).toHaveLength(9);
    expect((await json('/api/daily_papers?date=2026-08-22')).body).toEqual([]);
  });

  it.each([
    ['date=nope', 'date "nope" is invalid'],
    ['date=2026-02-30', 'YYYY-MM-DD'],
    ['week=2026-34', 'YYYY-Www'],
    ['month=2026-13', 'YYYY-MM'],
    ['date=2026-08-21&week=2026-W34', 'at most one of'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['p=-1', 'p must be'],
  ])('?%s is a 400 with a JSON error', async (query, message) => {
    const { status, body } = await json(`/api/daily_papers?${query}`);
    expect(status).toBe(400);
    expect(body.error).toContain(message);
  });
});

describe('GET /api/daily_papers: one rule for numbers, messages with the allowed range', () => {
  it('accepts leading zeros in p and limit alike', async () => {
    const expected = (await json('/api/daily_papers?date=2026-08-21&limit=3&p=1')).body.map((i: any) => i.paper.id);
    for (const query of ['limit=00003&p=00001', 'limit=003&p=1', 'limit=3&p=000000001']) {
      const { status, body } = await json(`/api/daily_papers?date=2026-08-21&${query}`);
      expect(status).toBe(200);
      expect(body.map((i: any) => i.paper.id)).toEqual(expected);
    }
  });

  it.each([
    ['limit=0000000001', 'limit must be a whole number from 1 to 100'],
    ['limit=1e2', 'limit must be a whole number from 1 to 100'],
    ['limit=+5', 'limit must be a whole number from 1 to 100'],
    ['p=0000000001', 'p must be a whole number from 0 to 99999'],
    ['p=100000', 'p must be a whole number from 0 to 99999'],
    ['p=1.5', 'p must be a whole number from 0 to 99999'],
    ['date=0000-01-01', 'YYYY-MM-DD, e.g. 2026-08-21, in the years 1990 to 2999'],
    ['week=3000-W01', 'YYYY-Www (ISO week), e.g. 2026-W34, in the years 1990 to 2999'],
    ['month=1989-12', 'YYYY-MM, e.g. 2026-08, in the years 1990 to 2999'],
  ])('?%s is a 400 that says the allowed range', async (query, message) => {
    const { status, body } = await json(`/api/daily_papers?${query}`);
    expect(status).toBe(400);
    expect(body.error).toContain(message);
  });
});

describe('GET /api/papers/{id}', () => {
  it('returns the paper object', async () => {
    const { status, body } = await json('/api/papers/2608.19880');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: '2608.19880', upvotes: 163, title: 'EnvHarness: Awakening Static Worlds for Agent Learning' });
    expect(body.publishedAt).toMatch(ISO_Z);
    expect(body.submittedOnDailyAt).toBe('2026-08-21T00:00:00.000Z');
  });

  it('404s with a JSON error for unknown papers and 400s for bad ids', async () => {
    expect(await json('/api/papers/2612.99999')).toEqual({ status: 404, body: { error: 'paper 2612.99999 not found' } });
    const bad = await json('/api/papers/%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('is not a paper id');
  });

  it('unknown API endpoints are JSON 404s', async () => {
    expect((await json('/api/nope')).status).toBe(404);
  });
});

describe('Daily Papers fields carried through', () => {
  it('keeps the thumbnail, the submission instant and author participation of the source', async () => {
    const { body } = await json('/api/daily_papers?date=2026-08-21');
    const first = body[0];
    expect(first.thumbnail).toBe('https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png');
    expect(first.paper.submittedOnDailyAt).toMatch(ISO_Z);
    expect(typeof first.isAuthorParticipating).toBe('boolean');
    expect(first.submittedBy).toMatchObject({ isHf: false, isMod: false, isHfAdmin: false });
  });

  it('a repeated or empty limit is a single clear error', async () => {
    const { status, body } = await json('/api/daily_papers?limit=%00');
    expect(status).toBe(400);
    expect(body.error).toBe('limit must be a whole number from 1 to 100');
  });
});

describe('links stored before imports checked them', () => {
  it('are not served: hostile ones are left out, a GitHub owner/name is served as its URL', async () => {
    const empty = await demoHarness({ demo: false });
    const entry = (id: string, githubRepo: string, projectPage: string, thumbnail: string, avatarUrl: string): DailyEntry => ({
      paper: {
        id, source: 'arxiv', version: null, title: `Paper ${id}`, abstract: 'A.', authors: [], categories: [], primaryCategory: null,
        publishedAt: null, updatedAt: null, comment: null, doi: null, journalRef: null, githubRepo, githubStars: null, projectPage,
        aiSummary: null, aiKeywords: [], organization: null,
      },
      listing: { paperId: id, day: '2026-08-20', submittedAt: '2026-08-20T08:00:00.000Z', submittedOnDailyAt: null, upvotes: 1, numComments: 0, thumbnail, authorParticipating: false },
      submitter: { username: `user-${id}`, fullname: null, avatarUrl, isPro: false, kind: 'user' },
    });
    try {
      await new EntryWriter().writeDaily(empty.store.db, entry('2608.00001', 'javascript:alert(1)', 'data:text/html,x', 'vbscript:x', '/avatars/a.svg'), '2026-08-20T09:00:00.000Z');
      await new EntryWriter().writeDaily(empty.store.db, entry('2608.00002', 'owner/name', 'https://example.org/p', 'https://example.org/t.png', 'https://example.org/a.png'), '2026-08-20T09:00:00.000Z');

      const paper = await (await empty.get('/api/papers/2608.00001')).json();
      expect(paper).toMatchObject({ id: '2608.00001' });
      expect(paper).not.toHaveProperty('githubRepo');
      expect(paper).not.toHaveProperty('projectPage');
      const day = (await (await empty.get('/api/daily_papers?date=2026-08-20')).json()) as any[];
      const hostile = day.find((i: any) => i.paper.id === '2608.00001');
      expect(JSON.stringify(hostile)).not.toMatch(/javascript|data:|vbscript|avatars/);
      expect(hostile.submittedBy).not.toHaveProperty('avatarUrl');
      const fine = day.find((i: any) => i.paper.id === '2608.00002');
      expect(fine).toMatchObject({ thumbnail: 'https://example.org/t.png', submittedBy: { avatarUrl: 'https://example.org/a.png' } });
      expect(fine.paper).toMatchObject({ githubRepo: 'https://github.com/owner/name', projectPage: 'https://example.org/p' });
    } finally {
      await empty.store.close();
    }
  });
});
