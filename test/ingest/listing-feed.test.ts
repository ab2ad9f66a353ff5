import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoliteClient } from '../../src/ingest/http/polite-client.ts';
import { ingestListingFeed } from '../../src/ingest/sources/listing-feed.ts';
import { storeStats } from '../../src/store/stats-repo.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { fixtureText } from '../fixtures/files.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.ts';

let store: Store;
let server: ReplayServer;
const client = () => new PoliteClient({ clock: new FakeClock(), maxAttempts: 2 });

beforeEach(async () => {
  store = await openStore(':memory:');
  server = await startReplayServer();
});
afterEach(async () => {
  await server.close();
  await store.close();
});

describe('arXiv listing feeds', () => {
  it('takes the day’s new, cross-listed and replaced papers once per listing date', async () => {
    server.route({ match: (u) => u.pathname === '/rss/cs.AI', reply: { body: fixtureText('arxiv-rss/rss-cs.AI.xml') } });
    const first = await ingestListingFeed(store, client(), { baseUrl: `${server.base}/rss`, category: 'cs.AI' });
    expect(first.papers.added).toBeGreaterThan(0);
    expect(first.alreadySeen).toBe(false);
    expect(Object.values(first.announced).reduce((a, b) => a + b, 0)).toBe(first.papers.added + first.papers.updated + first.papers.unchanged);
    const papers = (await storeStats(store.db)).papers;
    const again = await ingestListingFeed(store, client(), { baseUrl: `${server.base}/rss`, category: 'cs.AI' });
    expect(again.alreadySeen).toBe(true);
    expect(again.papers.added).toBe(0);
    expect((await storeStats(store.db)).papers).toBe(papers);
  });

  it('a wrong category is a clear error', async () => {
    await expect(ingestListingFeed(store, client(), { baseUrl: `${server.base}/rss`, category: 'cs.NOPE' })).rejects.toThrow('is the category right');
  });
});
