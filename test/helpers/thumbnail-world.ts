/**
 * A database with listed papers and a real HTTP server on 127.0.0.1 that
 * serves their PDFs and images, for the thumbnail tests. Everything is made at
 * test time (test-images.ts); no test reaches outside this machine.
 */
import { loadConfig, type Config } from '../../src/config.ts';
import { Paperboy, type OpenOptions } from '../../src/app/paperboy.ts';
import { parsePaperId } from '../../src/domain/paper-id.ts';
import { upsertListing } from '../../src/store/listings-repo.ts';
import { upsertPaper } from '../../src/store/papers-repo.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { paperRecord } from '../fixtures/records.ts';
import { startReplayServer, type ReplayServer } from './replay-server.ts';

export interface ThumbnailWorld {
  readonly store: Store;
  readonly server: ReplayServer;
  readonly config: Config;
  readonly core: Paperboy;
  /** requests the server saw for this path */
  hits(path: string): number;
  close(): Promise<void>;
}

export interface ListedForTest {
  readonly id: string;
  readonly day: string;
  /** path on the test server of the image a listing names */
  readonly image?: string;
  readonly title?: string;
}

export async function thumbnailWorld(papers: readonly ListedForTest[], env: Record<string, string> = {}, options: OpenOptions = {}): Promise<ThumbnailWorld> {
  const server = await startReplayServer();
  const store = await openStore(':memory:');
  for (const p of papers) {
    await upsertPaper(store.db, paperRecord({ id: p.id, source: parsePaperId(p.id)!.source, title: p.title ?? `Paper ${p.id}` }), { now: '2026-08-22T12:00:00.000Z', observedAt: `${p.day}T00:00:00.000Z` });
    await upsertListing(store.db, {
      paperId: p.id,
      day: p.day,
      submittedAt: `${p.day}T06:00:00.000Z`,
      submittedOnDailyAt: null,
      thumbnail: p.image ? `${server.base}${p.image}` : null,
      authorParticipating: false,
      submittedById: null,
      upvotes: 1,
      numComments: 0,
    });
  }
  const config = loadConfig({
    PAPERBOY_DB: ':memory:',
    PAPERBOY_BASE_URL: 'https://papers.example.org',
    PAPERBOY_EMBEDDER: 'none',
    PAPERBOY_REQUEST_INTERVAL_MS: '0',
    PAPERBOY_THUMBNAILS: 'all',
    ARXIV_PDF_URL: `${server.base}/pdf`,
    ...env,
  });
  const core = await Paperboy.over(store, config, options);
  return {
    store,
    server,
    config,
    core,
    hits: (path) => server.requests.filter((r) => r.url === path).length,
    close: async () => {
      await core.close();
      await server.close();
    },
  };
}
