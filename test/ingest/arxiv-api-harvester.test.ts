import { describe, expect, it } from 'vitest';
import { categoryStateKey, fetchByIds, harvestCategory } from '../../src/ingest/sources/arxiv-api-harvester.ts';
import { readState } from '../../src/store/ingest-state-repo.ts';
import { findPaper } from '../../src/store/papers-repo.ts';
import { listVersions } from '../../src/store/paper-versions-repo.ts';
import { storeStats } from '../../src/store/stats-repo.ts';
import { fixtureText } from '../fixtures/files.ts';
import { useHarvestHarness } from '../helpers/harvest-harness.ts';

const api = (name: string) => fixtureText(`arxiv-api/head/${name}`);
const PAGE_0 = api('q_testing_s0_m10_bc5a6c384fe9.xml');
const PAGE_10 = api('q_testing_s10_m10_34e56e15aaac.xml');
const EMPTY = api('id_0000.0000_s0_m100_8b51d9633a68.xml');

const h = useHarvestHarness();

const byStart = () => ({
  match: (u: URL) => u.searchParams.has('search_query'),
  reply: (u: URL) => ({ body: u.searchParams.get('start') === '0' ? PAGE_0 : u.searchParams.get('start') === '10' ? PAGE_10 : EMPTY }),
});

describe('category harvest through the query API', () => {
  it('pages oldest first until an empty page, three seconds apart', async () => {
    h.server.route(byStart());
    const events: number[] = [];
    const polite = h.client({ onEvent: (e) => e.kind === 'request' && events.push(e.at) });
    const report = await harvestCategory(h.store, polite, { baseUrl: `${h.server.base}/api/query`, category: 'cs.AI', since: '2026-11-01', pageSize: 10, now: () => new Date('2026-11-25T12:00:00Z') });
    expect(report.papers.added).toBe(20);
    expect(report.requests).toBe(3);
    const first = new URL(h.server.requests[0]!.url, 'http://x');
    expect(first.searchParams.get('search_query')).toBe('cat:cs.AI AND submittedDate:[202611010000 TO 202611252359]');
    expect(first.searchParams.get('sortBy')).toBe('submittedDate');
    expect(first.searchParams.get('sortOrder')).toBe('ascending');
    expect(events[1]! - events[0]!).toBeGreaterThanOrEqual(3000);
    expect(await readState(h.store.db, categoryStateKey(`${h.server.base}/api/query`, 'cs.AI'))).toMatchObject({ start: 20, done: true });
  });

  it('a rerun after a failure continues at the page that failed', async () => {
    h.server.route({ match: (u) => u.searchParams.get('start') === '10', reply: { status: 503 }, times: 2 });
    h.server.route(byStart());
    const o = { baseUrl: `${h.server.base}/api/query`, category: 'cs.AI', since: '2026-11-01', pageSize: 10 };
    await expect(harvestCategory(h.store, h.client(), o)).rejects.toThrow('did not answer after 2 attempts');
    expect((await storeStats(h.store.db)).papers).toBe(10);
    const report = await harvestCategory(h.store, h.client(), o);
    expect(report.papers.added).toBe(10);
    expect(new URL(h.server.requests.at(-2)!.url, 'http://x').searchParams.get('start')).toBe('10');
  });
});

describe('papers by id', () => {
  it('fetches new- and old-style ids, with version, categories and history', async () => {
    h.server.route({ match: (u) => u.searchParams.get('id_list') === '2104.12255v1', reply: { body: api('id_2104.12255v1_s0_m100_6ae69987ffe1.xml') } });
    h.server.route({ match: (u) => u.searchParams.get('id_list') === 'astro-ph/0601001', reply: { body: api('id_astro-ph_0601001_s0_m100_3150dca9dc76.xml') } });
    const a = await fetchByIds(h.store, h.client(), { baseUrl: `${h.server.base}/api/query`, ids: ['2104.12255v1'] });
    const b = await fetchByIds(h.store, h.client(), { baseUrl: `${h.server.base}/api/query`, ids: ['astro-ph/0601001'] });
    expect(a.papers.added + b.papers.added).toBe(2);
    const paper = await findPaper(h.store.db, '2104.12255');
    expect(paper).toMatchObject({ source: 'arxiv', version: 1 });
    expect(paper!.categories.length).toBeGreaterThan(0);
    expect(await listVersions(h.store.db, '2104.12255')).toHaveLength(1);
    expect(await findPaper(h.store.db, 'astro-ph/0601001')).not.toBeNull();
  });

  it('reports ids arXiv does not have, and explains arXiv’s own errors', async () => {
    h.server.route({ match: (u) => u.searchParams.get('id_list') === '0000.0000', reply: { body: EMPTY } });
    h.server.route({ match: (u) => u.searchParams.get('id_list') === '0712.0001', reply: { status: 400, body: api('id_abc_s0_m100_b79c8dcf6bc3.xml') } });
    const missing = await fetchByIds(h.store, h.client(), { baseUrl: `${h.server.base}/api/query`, ids: ['0000.0000'] }).catch((e: Error) => e);
    // 0000.0000 is not even a valid id
    expect(String(missing)).toContain('is not an arXiv id');
    await expect(fetchByIds(h.store, h.client(), { baseUrl: `${h.server.base}/api/query`, ids: ['0712.0001'] })).rejects.toThrow('arXiv refused the query');
  });
});
