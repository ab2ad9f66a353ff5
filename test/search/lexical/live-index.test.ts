import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../../src/ingest/demo-data.ts';
import { importFiles } from '../../../src/ingest/import-files.ts';
import { LiveLexicalIndex } from '../../../src/search/lexical/live-index.ts';
import { parseQuery } from '../../../src/search/query.ts';
import { SearchService } from '../../../src/search/search-service.ts';
import { openStore, type Store } from '../../../src/store/store.ts';

let dir: string;
let file: string;
let store: Store;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-live-index-'));
  file = path.join(dir, 'db.sqlite');
  store = await openStore(file);
  await importFiles(store.db, [DEMO_FILE]);
}, 60_000);
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ids = (r: { hits: readonly { paper: { id: string } }[] }) => r.hits.map((h) => h.paper.id);
const rowidOf = async (s: Store, id: string) => (await sql<{ rowid: number }>`SELECT rowid FROM papers WHERE id = ${id}`.execute(s.db)).rows[0]!.rowid;

describe('the live in-memory word index', () => {
  it('answers like FTS5 once built, and hands queries with filters back to FTS5', async () => {
    const live = new LiveLexicalIndex(store);
    expect(await live.search(parseQuery('terminal tasks'), 10)).toBeNull(); // not built yet
    await live.start();
    const withIndex = new SearchService(store, null, live);
    const withFts = new SearchService(store);
    for (const q of ['terminal tasks', 'language models reasoning', '"language models" agents', 'GPT-4 vision', 'agents -benchmark', 'naïve']) {
      const a = await withIndex.search(q, { limit: 20 });
      const b = await withFts.search(q, { limit: 20 });
      expect(ids(a), q).toEqual(ids(b));
      a.hits.forEach((h, i) => expect(h.score).toBeCloseTo(b.hits[i]!.score, 9));
    }
    expect(await live.search(parseQuery('agents author:"Kou Shi"'), 10)).toBeNull();
    expect(await live.search(parseQuery('agents cat:cs.AI'), 10)).toBeNull();
    expect(await live.search(parseQuery('agents after:2026-01-01'), 10)).toBeNull();
  });

  it('searches a hyphenated word as its parts, the same way with or without the in-memory index', async () => {
    const live = new LiveLexicalIndex(store);
    await live.start();
    const a = await new SearchService(store, null, live).search('long-horizon GPT-4', { limit: 30 });
    const b = await new SearchService(store).search('long-horizon GPT-4', { limit: 30 });
    expect(a.hits.length).toBe(30);
    expect(ids(a)).toEqual(ids(b));
    expect(ids(await new SearchService(store, null, live).search('long horizon gpt 4', { limit: 30 }))).toEqual(ids(a));
  });

  it('sees papers another process adds, edits and deletes', async () => {
    const live = new LiveLexicalIndex(store);
    await live.start();
    const other = await openStore(file);
    try {
      const facet = await rowidOf(other, '2608.18580');
      await sql`UPDATE papers SET title = 'Quokka husbandry in the wild' WHERE rowid = ${facet}`.execute(other.db);
      const edited = await live.search(parseQuery('quokka'), 10);
      expect(edited?.hits.map((h) => h.rowid)).toEqual([facet]);
      await sql`INSERT INTO papers (id, source, version, title, abstract, authors_json, categories_json, primary_category, published_at,
          ai_keywords_json, content_hash, created_at, modified_at)
        VALUES ('2699.00001', 'arxiv', 1, 'Quokka social behaviour', 'Field notes.', '[]', '[]', NULL, NULL, '[]', 'h', 'now', 'now')`.execute(other.db);
      const added = await rowidOf(other, '2699.00001');
      expect((await live.search(parseQuery('quokka'), 10))?.hits.map((h) => h.rowid).sort()).toEqual([facet, added].sort());
      await sql`PRAGMA foreign_keys = OFF`.execute(other.db);
      // the replayed papers' word pairs: the edited title's pair is gone with it, the new paper's is there
      const pairScore = async (text: string) => {
        const r = await live.search(parseQuery(text), 10);
        return new Map(r!.hits.map((h) => [h.rowid, h.score]));
      };
      const withPair = await pairScore('quokka social');
      const withoutPair = await pairScore('social quokka'); // same words, not adjacent in that order
      expect(withPair.get(added)!).toBeGreaterThan(withoutPair.get(added)!);
      expect(withPair.get(facet)).toBeCloseTo(withoutPair.get(facet)!, 12);
      const fts = await new SearchService(store).search('quokka social', { limit: 10 });
      expect(fts.hits.find((h) => h.paper.id === '2699.00001')!.score).toBeCloseTo(withPair.get(added)!, 9);
      await sql`DELETE FROM papers WHERE rowid = ${facet}`.execute(other.db);
      expect((await live.search(parseQuery('quokka'), 10))?.hits.map((h) => h.rowid)).toEqual([added]);
    } finally {
      await other.close();
    }
  });

  it('answers through FTS5 while a large backlog is applied, then catches up', async () => {
    const live = new LiveLexicalIndex(store, { inlineChanges: 5, batch: 50 });
    await live.start();
    const other = await openStore(file);
    try {
      await sql`UPDATE papers SET abstract = abstract || ' wombat' WHERE rowid IN (SELECT rowid FROM papers ORDER BY rowid LIMIT 120)`.execute(other.db);
    } finally {
      await other.close();
    }
    expect(await live.search(parseQuery('wombat'), 200)).toBeNull(); // 120 changes > 5: in the background
    let r = null;
    for (let i = 0; i < 200 && r === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      r = await live.search(parseQuery('wombat'), 200);
    }
    expect(r?.hits).toHaveLength(120);
  });

  it('rebuilds when the change log no longer reaches back far enough', async () => {
    const live = new LiveLexicalIndex(store);
    await live.start();
    await sql`UPDATE papers SET abstract = abstract || ' platypus' WHERE rowid IN (SELECT rowid FROM papers ORDER BY rowid LIMIT 3)`.execute(store.db);
    await sql`DELETE FROM search_changes`.execute(store.db); // as if pruned past this reader
    await sql`UPDATE papers SET abstract = abstract || ' echidna' WHERE rowid IN (SELECT rowid FROM papers ORDER BY rowid LIMIT 2)`.execute(store.db);
    await sql`DELETE FROM search_changes WHERE seq < (SELECT max(seq) FROM search_changes)`.execute(store.db);
    expect(await live.search(parseQuery('platypus'), 10)).toBeNull(); // rebuilding
    await live.start();
    expect((await live.search(parseQuery('platypus'), 10))?.hits).toHaveLength(3);
    expect((await live.search(parseQuery('echidna'), 10))?.hits).toHaveLength(2);
  });

  it('logs text changes only: re-importing the same papers changes nothing', async () => {
    const count = async () => (await sql<{ n: number }>`SELECT count(*) AS n FROM search_changes`.execute(store.db)).rows[0]!.n;
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(440);
    await importFiles(store.db, [DEMO_FILE]);
    expect(await count()).toBe(before);
    await sql`UPDATE papers SET title = title WHERE rowid = 1`.execute(store.db);
    expect(await count()).toBe(before);
  });

  it('takes hostile and odd input without failing: sane results or a clear refusal', async () => {
    const live = new LiveLexicalIndex(store);
    await live.start();
    const service = new SearchService(store, null, live);
    for (const q of ['"unclosed phrase', 'NEAR(agents tasks)', 'a* OR b^ : ( ) +', '🧪🤖 agents', 'עברית agents', 'e\u0301\u0301\u0301 café', '----', 'x-'.repeat(200), '"" - -- author:', 'GPT-4-o-mini-2024']) {
      const r: unknown = await service.search(q, { limit: 5 }).catch((e: unknown) => e);
      if (r instanceof Error) expect(r.message, q).toMatch(/type some words|characters long/);
      else expect(Array.isArray((r as { hits: unknown }).hits), q).toBe(true);
    }
    await expect(service.search('x'.repeat(10_000), { limit: 5 })).rejects.toThrow(/characters long/);
  });

  it('hands a search to FTS5 when it cannot bring itself up to date, instead of failing it', async () => {
    const live = new LiveLexicalIndex(store);
    await live.start();
    await sql`UPDATE papers SET abstract = abstract || ' wombat' WHERE rowid = 1`.execute(store.db);
    await sql`ALTER TABLE search_changes RENAME TO search_changes_gone`.execute(store.db);
    expect(await live.search(parseQuery('wombat'), 10)).toBeNull();
    const r = await new SearchService(store, null, live).search('wombat', { limit: 10 });
    expect(r.hits).toHaveLength(1);
    await sql`ALTER TABLE search_changes_gone RENAME TO search_changes`.execute(store.db);
    expect((await live.search(parseQuery('wombat'), 10))?.hits).toHaveLength(1);
  });

  it('stops a build when asked (shutting down)', async () => {
    const live = new LiveLexicalIndex(store, { batch: 10 });
    const building = live.start();
    live.stop();
    await building;
    expect(live.ready).toBe(false);
  });
});
