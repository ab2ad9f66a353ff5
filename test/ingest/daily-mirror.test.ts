import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { DEMO_FILE } from '../../src/ingest/demo-data.ts';
import { importFiles } from '../../src/ingest/import-files.ts';
import { dailyStateKey, mirrorDailyPapers, pendingDays } from '../../src/ingest/sources/daily-mirror.ts';
import { readState } from '../../src/store/ingest-state-repo.ts';
import { listPapersBetween } from '../../src/store/listings-repo.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { createApp } from '../../src/web/app.ts';
import { Paperboy } from '../../src/app/paperboy.ts';
import { useHarvestHarness } from '../helpers/harvest-harness.ts';
import { fixtureText } from '../fixtures/files.ts';

// The upstream is a real Paperboy serving the demo papers over HTTP.
let upstreamStore: Store;
let upstream: ServerType;
let upstreamUrl: string;
const h = useHarvestHarness();

beforeAll(async () => {
  upstreamStore = await openStore(':memory:');
  await importFiles(upstreamStore.db, [DEMO_FILE]);
  const config = loadConfig({ PAPERBOY_DB: ':memory:' });
  const app = createApp({ core: await Paperboy.over(upstreamStore, config), config });
  upstream = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => upstream.once('listening', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => upstream.close(r));
  await upstreamStore.close();
});

describe('mirroring another Paperboy', () => {
  it('lists here what it lists there, with the same upvotes, and a rerun adds nothing', async () => {
    const report = await mirrorDailyPapers(h.store, h.client(), { upstream: upstreamUrl, dates: ['2026-08-21', '2026-08-22'] });
    expect(report.papers).toEqual({ added: 17, updated: 0, unchanged: 0 });
    expect(report.failed).toEqual([]);
    const here = await listPapersBetween(h.store.db, '2026-08-21', '2026-08-21', { offset: 0, limit: 50 });
    const there = await listPapersBetween(upstreamStore.db, '2026-08-21', '2026-08-21', { offset: 0, limit: 50 });
    expect(here.map((l) => [l.paper.id, l.listing.upvotes, l.submitter?.username])).toEqual(there.map((l) => [l.paper.id, l.listing.upvotes, l.submitter?.username]));
    expect(await readState(h.store.db, dailyStateKey(upstreamUrl))).toEqual({ lastDate: '2026-08-22' });

    const again = await mirrorDailyPapers(h.store, h.client(), { upstream: upstreamUrl, dates: ['2026-08-21'] });
    expect(again.papers).toEqual({ added: 0, updated: 0, unchanged: 17 });
    expect(again.listings).toEqual({ added: 0, updated: 0, unchanged: 17 });
  });

  it('a schedule fetches from the last day done (again) up to today', async () => {
    await mirrorDailyPapers(h.store, h.client(), { upstream: upstreamUrl, dates: ['2026-08-20'] });
    expect(await pendingDays(h.store, upstreamUrl, '2026-08-22')).toEqual(['2026-08-20', '2026-08-21', '2026-08-22']);
    expect(await pendingDays(h.store, 'http://never.example', '2026-08-22', 3)).toEqual(['2026-08-20', '2026-08-21', '2026-08-22']);
  });
});

describe('an upstream with long days and bad answers', () => {
  const realItem = () => JSON.parse(fixtureText('daily-2026-07-15.json'))[0];
  const items = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const item = realItem();
      item.paper.id = `2607.${String(10000 + from + i)}`;
      return item;
    });

  it('pages with limit=100 until a short page', async () => {
    h.server.route({ match: (u) => u.searchParams.get('p') === '0', reply: { body: JSON.stringify(items(0, 100)) } });
    h.server.route({ match: (u) => u.searchParams.get('p') === '1', reply: { body: JSON.stringify(items(100, 5)) } });
    const report = await mirrorDailyPapers(h.store, h.client(), { upstream: h.server.base, dates: ['2026-07-15'] });
    expect(report.papers.added).toBe(105);
    expect(h.server.requests.map((r) => r.url)).toEqual(['/api/daily_papers?date=2026-07-15&limit=100&p=0', '/api/daily_papers?date=2026-07-15&limit=100&p=1']);
  });

  it('reports bad items, one line per bad field, and keeps the good ones', async () => {
    const bad = items(0, 3);
    delete bad[1].paper.title;
    bad[1].numComments = 'many';
    h.server.route({ match: () => true, reply: { body: JSON.stringify(bad) } });
    const report = await mirrorDailyPapers(h.store, h.client(), { upstream: h.server.base, dates: ['2026-07-15'] });
    expect(report.papers.added).toBe(2);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.where).toContain('item 2');
    expect(report.failed[0]!.reason.split('\n')).toEqual(['paper.title: Invalid input: expected string, received undefined', 'numComments: Invalid input: expected number, received string']);
  });

  it('keeps an item with hostile links without them, warns about each, and puts user picture paths on the upstream', async () => {
    const [item] = items(0, 1);
    item.paper.githubRepo = 'javascript:alert(1)';
    item.submittedBy = { ...item.submittedBy, avatarUrl: '/avatars/x.svg' };
    h.server.route({ match: () => true, reply: { body: JSON.stringify([item]) } });
    const report = await mirrorDailyPapers(h.store, h.client(), { upstream: h.server.base, dates: ['2026-07-15'] });
    expect(report.papers.added).toBe(1);
    expect(report.failed).toEqual([]);
    expect(report.warnings).toEqual([
      { where: expect.stringContaining('item 1') as string, message: `paper ${item.paper.id}: paper.githubRepo "javascript:alert(1)" dropped: javascript: links are not allowed, only http(s)` },
    ]);
    const [listed] = await listPapersBetween(h.store.db, '2026-07-15', '2026-07-15', { offset: 0, limit: 5 });
    expect(listed!.paper.githubRepo).toBeNull();
    expect(listed!.submitter?.avatarUrl).toBe(`${new URL(h.server.base).origin}/avatars/x.svg`);
  });

  it('an upstream that is down fails clearly and records no progress for the day', async () => {
    h.server.route({ match: () => true, reply: { status: 502 } });
    await expect(mirrorDailyPapers(h.store, h.client(), { upstream: h.server.base, dates: ['2026-07-15'] })).rejects.toThrow('did not answer after 2 attempts');
    expect(await readState(h.store.db, dailyStateKey(h.server.base))).toBeNull();
  });

  it('an upstream that does not speak the Daily Papers API is named as such', async () => {
    h.server.route({ match: () => true, reply: { body: '<html>hello</html>' } });
    await expect(mirrorDailyPapers(h.store, h.client(), { upstream: h.server.base, dates: ['2026-07-15'] })).rejects.toThrow('did not answer JSON');
  });
});
