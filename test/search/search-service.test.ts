import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { AppError } from '../../src/domain/errors.ts';
import { DEMO_FILE } from '../../src/ingest/demo-data.ts';
import { importFiles } from '../../src/ingest/import-files.ts';
import { embedMissing, openSemantic, shouldRetrain } from '../../src/search/semantic-index.ts';
import { SearchService } from '../../src/search/search-service.ts';
import { MARK_START } from '../../src/search/lexical/highlight-marks.ts';
import { openVectorIndex } from '../../src/search/vector/ivf-index.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { latestModel, saveModel } from '../../src/store/search-models-repo.ts';
import { BUILTIN_EMBEDDER_VERSION } from '../../src/search/builtin/index.ts';

let store: Store;
let lexical: SearchService;
let fused: SearchService;

beforeAll(async () => {
  store = await openStore(':memory:');
  await importFiles(store.db, [DEMO_FILE]);
  lexical = new SearchService(store);
  const config = loadConfig({ PAPERBOY_DB: ':memory:' });
  const side = await openSemantic(store, config, { train: 'auto' });
  expect(side).not.toBeNull();
  const vectors = openVectorIndex(store);
  expect(await embedMissing(store, vectors, side!)).toBe(440);
  fused = new SearchService(store, side, null, null, vectors);
}, 120_000);
afterAll(async () => {
  await store.close();
});

const ids = (r: { hits: readonly { paper: { id: string } }[] }) => r.hits.map((h) => h.paper.id);

describe('lexical search', () => {
  it('finds papers by their words and marks the matches', async () => {
    const r = await lexical.search('terminal tasks', { limit: 5 });
    expect(r.semantic).toBe(false);
    expect(ids(r)).toContain('2608.18580'); // FACET: ... Terminal Task Synthesis
    const facet = r.hits.find((h) => h.paper.id === '2608.18580')!;
    expect(facet.highlight?.title).toContain(MARK_START);
  });

  it('filters by author, exclusion and date', async () => {
    expect(ids(await lexical.search('terminal author:"Kou Shi"', { limit: 10 }))).toEqual(['2608.18580']);
    expect(ids(await lexical.search('terminal tasks -synthesis', { limit: 20 }))).not.toContain('2608.18580');
    const recent = await lexical.search('agents after:2026-08-20', { limit: 50 });
    expect(recent.hits.length).toBeGreaterThan(0);
    for (const h of recent.hits) expect(h.paper.publishedAt! >= '2026-08-20').toBe(true);
  });

  it('pages through the same ranking', async () => {
    const all = ids(await lexical.search('language models', { limit: 20 }));
    const second = ids(await lexical.search('language models', { limit: 10, offset: 10 }));
    expect(second).toEqual(all.slice(10, 20));
  });

  it('refuses an empty query with a hint', async () => {
    await expect(lexical.search('  * ( ) ', { limit: 5 })).rejects.toThrow(AppError);
    await expect(lexical.search('', { limit: 5 })).rejects.toThrow('author:Name');
  });
});

describe('fused search (built-in embedder trained on the demo papers)', () => {
  it('says it used meaning, and still finds a paper by its own words', async () => {
    const r = await fused.search('programmable plugins reshape static environments for agent learning', { limit: 5 });
    expect(r.semantic).toBe(true);
    expect(ids(r).slice(0, 3)).toContain('2608.19880'); // EnvHarness
  });

  it('keeps filters on the semantic side too', async () => {
    const r = await fused.search('agents after:2026-08-20', { limit: 30 });
    for (const h of r.hits) expect(h.paper.publishedAt! >= '2026-08-20').toBe(true);
    // every hit is by the author; the one about terminals comes first
    const byAuthor = await fused.search('terminal author:"Kou Shi"', { limit: 10 });
    expect(ids(byAuthor)[0]).toBe('2608.18580');
    for (const h of byAuthor.hits) expect(h.paper.authors.map((a) => a.name)).toContain('Kou Shi');
  });

  it('finds related papers, never the paper itself', async () => {
    const related = await fused.related('2608.19880', 5);
    expect(related).toHaveLength(5);
    expect(related.map((p) => p.id)).not.toContain('2608.19880');
  });
});

describe('when to retrain the built-in model', () => {
  it('waits until the corpus has grown by half and by at least 200 papers', () => {
    expect(shouldRetrain(440, 600)).toBe(false);
    expect(shouldRetrain(440, 660)).toBe(true);
    expect(shouldRetrain(100, 250)).toBe(false);
    expect(shouldRetrain(100, 300)).toBe(true);
  });
});

describe('embedding papers with a model another process has replaced', () => {
  it('leaves the index to the newer model: an older side neither starts it over nor writes into it', async () => {
    const side = await openSemantic(store, { embedder: { kind: 'builtin' }, embedderApiKey: null }, { train: 'never' });
    const stored = await latestModel(store.db, BUILTIN_EMBEDDER_VERSION);
    // another process trains a newer model and starts the index over for it
    await saveModel(store.db, BUILTIN_EMBEDDER_VERSION, { ...stored!, name: 'builtin-v1:newer', createdAt: new Date(Date.now() + 1000).toISOString() });
    const theirs = openVectorIndex(store);
    theirs.clear();
    theirs.prepare('builtin-v1:newer', side!.embedder.dimensions);
    try {
      expect(await embedMissing(store, openVectorIndex(store), side!)).toBe(0);
      expect(theirs.current()?.model).toBe('builtin-v1:newer');
      expect(theirs.count()).toBe(0);
    } finally {
      // put the demo model and its vectors back for the other tests of this file
      await saveModel(store.db, BUILTIN_EMBEDDER_VERSION, stored!);
      expect(await embedMissing(store, theirs, side!)).toBe(440);
    }
  }, 60_000);
});
