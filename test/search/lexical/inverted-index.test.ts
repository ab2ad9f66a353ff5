import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../../src/ingest/demo-data.ts';
import { importFiles } from '../../../src/ingest/import-files.ts';
import { indexTerms } from '../../../src/search/lexical/index-tokens.ts';
import { InvertedIndex } from '../../../src/search/lexical/inverted-index.ts';
import { planQuery } from '../../../src/search/lexical/live-index.ts';
import { ftsExpression, pairExpression, PAIR_WEIGHT, parseQuery } from '../../../src/search/query.ts';
import { DEFAULT_FIELD_WEIGHTS, lexicalSearch } from '../../../src/store/search-repo.ts';
import { searchableTextsAfter } from '../../../src/store/search-text-repo.ts';
import { openStore, type Store } from '../../../src/store/store.ts';

let store: Store;
let index: InvertedIndex;

beforeAll(async () => {
  store = await openStore(':memory:');
  await importFiles(store.db, [DEMO_FILE]);
  index = new InvertedIndex(DEFAULT_FIELD_WEIGHTS);
  for (const t of await searchableTextsAfter(store.db, -1, 10_000)) index.set(t.rowid, t);
}, 60_000);
afterAll(async () => {
  await store.close();
});

const W = DEFAULT_FIELD_WEIGHTS;
async function fts(match: string, limit = 1000): Promise<{ rowid: number; score: number }[]> {
  const r = await sql<{ rowid: number; score: number }>`
    SELECT rowid, -bm25(papers_fts, ${W.title}, ${W.abstract}, ${W.authors}) AS score
    FROM papers_fts WHERE papers_fts MATCH ${match} ORDER BY score DESC, rowid LIMIT ${limit}`.execute(store.db);
  return r.rows;
}
const term = (w: string) => indexTerms(w)[0]!;

describe('in-memory BM25 against SQLite FTS5 bm25() on the demo papers', () => {
  const queries = [
    ['terminal', 'tasks'],
    ['language', 'models', 'reasoning'],
    ['agents', 'agent', 'agentic'], // three words, one stem: counted three times, as FTS5 does
    ['diffusion', 'image', 'editing', 'video', 'generation', 'benchmark'],
    ['the', 'of'], // in nearly every paper: IDF clamped to 1e-6
    ['naïve', 'résumé'],
    ['zzzunknownword'],
  ];
  for (const words of queries) {
    it(`ranks and scores "${words.join(' ')}" exactly like FTS5`, async () => {
      const expected = await fts(words.map((w) => `"${w}"`).join(' OR '));
      const got = index.search({ terms: words.map(term), limit: 1000 }).hits;
      expect(got.map((h) => h.rowid)).toEqual(expected.map((h) => h.rowid));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 9));
    });
  }

  it('leaves out papers with an excluded word, as FTS5 NOT does', async () => {
    const expected = await fts('("agents" OR "tasks") NOT ("benchmark")');
    const got = index.search({ terms: ['agents', 'tasks'].map(term), excludedTerms: [term('benchmark')], limit: 1000 }).hits;
    expect(expected.length).toBeGreaterThan(5);
    expect(got.map((h) => h.rowid)).toEqual(expected.map((h) => h.rowid));
  });

  it('adds phrase contributions computed elsewhere, and those papers match', async () => {
    const phrase = await fts('"language models"');
    const expected = await fts('"reasoning" OR "language models"');
    const got = index.search({ terms: [term('reasoning')], extra: new Map(phrase.map((p) => [p.rowid, p.score])), limit: 1000 }).hits;
    expect(got.map((h) => h.rowid)).toEqual(expected.map((h) => h.rowid));
    got.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 9));
  });

  it('scores requested papers outside the top k, and only those that match', async () => {
    const all = await fts('"agents" OR "terminal"');
    const outside = all.slice(20, 25).map((h) => h.rowid);
    const r = index.search({ terms: [term('agents'), term('terminal')], limit: 5, alsoScore: [...outside, 999_999] });
    expect(r.hits).toHaveLength(5);
    expect([...r.scores.keys()].sort()).toEqual([...outside].sort());
    for (const h of all.slice(20, 25)) expect(r.scores.get(h.rowid)).toBeCloseTo(h.score, 9);
  });

  it('breaks score ties by the lower rowid', () => {
    const small = new InvertedIndex(W);
    for (const rowid of [7, 3, 5]) small.set(rowid, { title: 'same words', abstract: 'same', authors: '' });
    expect(small.search({ terms: ['same'], limit: 3 }).hits.map((h) => h.rowid)).toEqual([3, 5, 7]);
  });
});

describe('adjacent word pairs against FTS5 phrase bm25() on the demo papers', () => {
  const queries = [
    'large language models for reasoning',
    'video generation benchmark',
    'reinforcement learning agents',
    'image editing with diffusion models',
    'graph-based retrieval augmented generation',
    'models model language models', // one pair of index terms twice ("model model"), scored once
    'the of and',
  ];
  // sorted as FTS5 would give them, ties by rowid
  const ordered = (rows: readonly { rowid: number; score: number }[]) => [...rows].sort((a, b) => b.score - a.score || a.rowid - b.rowid);
  let pairsFound = 0;

  for (const text of queries) {
    it(`scores the pairs of "${text}" as ${PAIR_WEIGHT} x FTS5's bm25 of the phrases`, async () => {
      const q = parseQuery(text);
      const { pairs } = planQuery(q);
      const match = pairExpression(q);
      const expected = match ? (await fts(match)).map((r) => ({ rowid: r.rowid, score: PAIR_WEIGHT * r.score })) : [];
      pairsFound += expected.length;
      const got = index.search({ terms: [], pairs, pairWeight: PAIR_WEIGHT, limit: 1000 }).hits;
      expect(got.map((h) => h.rowid)).toEqual(ordered(expected).map((h) => h.rowid));
      ordered(expected).forEach((e, i) => expect(Math.abs(got[i]!.score - e.score)).toBeLessThan(1e-9));
    });

    it(`ranks words plus pairs of "${text}" exactly as the FTS5 fallback does`, async () => {
      const q = parseQuery(text);
      const { terms, pairs } = planQuery(q);
      const pairMatch = pairExpression(q);
      const expected = ordered(await lexicalSearch(store.db, ftsExpression(q), q, 1000, W, pairMatch ? { match: pairMatch, weight: PAIR_WEIGHT } : null));
      const got = index.search({ terms, pairs, pairWeight: PAIR_WEIGHT, limit: 1000 }).hits;
      expect(expected.length).toBeGreaterThan(0);
      expect(got.map((h) => h.rowid)).toEqual(expected.map((h) => h.rowid));
      expected.forEach((e, i) => expect(Math.abs(got[i]!.score - e.score)).toBeLessThan(1e-9));
    });
  }

  it('found pairs in the demo papers (the tests above compare something)', () => {
    expect(pairsFound).toBeGreaterThan(20);
  });

  it('counts a pair within a column only, and in authors too, as FTS5 phrases do', async () => {
    const small = new InvertedIndex(W);
    small.set(1, { title: 'deep graph', abstract: 'networks here', authors: 'Ada Lovelace' });
    small.set(2, { title: 'graph networks', abstract: 'deep graph networks', authors: '' });
    expect(small.pairFrequency(term('graph'), term('networks'))).toBe(1); // not across title and abstract
    expect(small.pairFrequency('ada', term('lovelace'))).toBe(1);
    expect(small.pairFrequency('deep', 'graph')).toBe(2);
    expect(small.pairFrequency('graph', 'deep')).toBe(0); // order matters
    small.set(3, { title: 'the graph of networks', abstract: '', authors: '' });
    expect(small.pairFrequency('the', 'graph')).toBe(0); // pairs with a stop word are not kept (never asked for)
    expect(small.pairFrequency('graph', term('networks'))).toBe(1); // and nothing bridges the stop word
  });
});

describe('keeping the index in step', () => {
  it('replaces a paper\'s text, forgets removed papers, and compacts to the same answers', () => {
    const small = new InvertedIndex(W);
    small.set(1, { title: 'Graph neural networks', abstract: 'message passing on graphs', authors: '' });
    small.set(2, { title: 'Protein folding', abstract: 'structure prediction', authors: '' });
    small.set(3, { title: 'Graph transformers', abstract: 'attention over graphs', authors: '' });
    expect(small.search({ terms: ['graph'], limit: 10 }).hits.map((h) => h.rowid)).toEqual(expect.arrayContaining([1, 3]));
    small.set(1, { title: 'Speech recognition', abstract: 'audio', authors: '' });
    expect(small.search({ terms: ['graph'], limit: 10 }).hits.map((h) => h.rowid)).toEqual([3]);
    expect(small.search({ terms: [term('speech')], limit: 10 }).hits.map((h) => h.rowid)).toEqual([1]);
    expect(small.remove(2)).toBe(true);
    expect(small.remove(2)).toBe(false);
    expect(small.size).toBe(2);
    expect(small.deadShare).toBeCloseTo(2 / 4);
    const before = small.search({ terms: ['graph', term('speech'), term('audio')], limit: 10 }).hits;
    small.compact();
    expect(small.deadShare).toBe(0);
    expect(small.search({ terms: ['graph', term('speech'), term('audio')], limit: 10 }).hits).toEqual(before);
    expect(small.search({ terms: [term('protein')], limit: 10 }).hits).toEqual([]);
  });

  it('answers the same whether postings are packed, in tails added after packing, or compacted', async () => {
    const texts = await searchableTextsAfter(store.db, -1, 10_000);
    const staged = new InvertedIndex(W);
    texts.slice(0, 200).forEach((t) => staged.set(t.rowid, t));
    staged.pack();
    texts.slice(200).forEach((t) => staged.set(t.rowid, t)); // tails after the packed arena
    texts.slice(0, 50).forEach((t) => staged.set(t.rowid, { ...t, abstract: `${t.abstract} wombat` })); // replaced: dead slots
    expect(staged.unpackedShare).toBeGreaterThan(0);
    const fresh = new InvertedIndex(W);
    texts.forEach((t, i) => fresh.set(t.rowid, i < 50 ? { ...t, abstract: `${t.abstract} wombat` } : t));
    const queries = ['agents tasks', 'wombat language models', 'video diffusion models', 'large language models'].map((t) => planQuery(parseQuery(t)));
    const answer = (ix: InvertedIndex) => queries.map(({ terms, pairs }) => ix.search({ terms, pairs, pairWeight: PAIR_WEIGHT, limit: 1000 }).hits);
    const matching = (ix: InvertedIndex) => answer(ix).map((hits) => hits.map((h) => h.rowid).sort((a, b) => a - b));
    // replaced papers' old postings still count in document frequencies until compaction, so only
    // which papers match is the same before it
    expect(matching(staged)).toEqual(matching(fresh));
    staged.pack();
    expect(staged.unpackedShare).toBe(0);
    expect(matching(staged)).toEqual(matching(fresh));
    staged.compact();
    expect(answer(staged)).toEqual(answer(fresh));
  });

  it('refuses a rowid that is not a non-negative integer', () => {
    const small = new InvertedIndex(W);
    expect(() => small.set(-1, { title: 'x', abstract: '', authors: '' })).toThrow(/rowid/);
    expect(() => small.set(1.5, { title: 'x', abstract: '', authors: '' })).toThrow(/rowid/);
  });
});
