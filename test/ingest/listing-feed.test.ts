import { describe, expect, it } from 'vitest';
import { ingestListingFeed } from '../../src/ingest/sources/listing-feed.ts';
import { storeStats } from '../../src/store/stats-repo.ts';
import { fixtureText } from '../fixtures/files.ts';
import { useHarvestHarness } from '../helpers/harvest-harness.ts';

const h = useHarvestHarness();

describe('arXiv listing feeds', () => {
  it('takes the day’s new, cross-listed and replaced papers once per listing date', async () => {
    h.server.route({ match: (u) => u.pathname === '/rss/cs.AI', reply: { body: fixtureText('arxiv-rss/rss-cs.AI.xml') } });
    const first = await ingestListingFeed(h.store, h.client(), { baseUrl: `${h.server.base}/rss`, category: 'cs.AI' });
    expect(first.papers.added).toBeGreaterThan(0);
    expect(first.alreadySeen).toBe(false);
    expect(Object.values(first.announced).reduce((a, b) => a + b, 0)).toBe(first.papers.added + first.papers.updated + first.papers.unchanged);
    const papers = (await storeStats(h.store.db)).papers;
    const again = await ingestListingFeed(h.store, h.client(), { baseUrl: `${h.server.base}/rss`, category: 'cs.AI' });
    expect(again.alreadySeen).toBe(true);
    expect(again.papers.added).toBe(0);
    expect((await storeStats(h.store.db)).papers).toBe(papers);
  });

  it('a wrong category is a clear error', async () => {
    await expect(ingestListingFeed(h.store, h.client(), { baseUrl: `${h.server.base}/rss`, category: 'cs.NOPE' })).rejects.toThrow('is the category right');
  });
});
