import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeHalf, encodeHalf } from '../../../src/search/vector/half.ts';
import { openVectorIndex, type IvfVectorIndex } from '../../../src/search/vector/ivf-index.ts';
import type { VectorHit } from '../../../src/search/vector/vector-index.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { engines } from '../../store/engines.ts';
import { clustered as clusteredOf, unit } from './clustered.ts';

const DIM = 24;

/** Clustered random unit vectors, like embeddings of papers on a few hundred topics. */
const clustered = (n: number, seed: number, topics = 60): Float32Array[] => clusteredOf(n, seed, DIM, topics);

function bruteForce(vectors: readonly Float32Array[], q: Float32Array, k: number): number[] {
  return vectors
    .map((v, i) => ({ rowid: i + 1, s: v.reduce((acc, x, j) => acc + x * q[j]!, 0) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((h) => h.rowid);
}

/** one index per store, as a process keeps one */
const indexes = new WeakMap<Store, IvfVectorIndex>();
function ix(store: Store): IvfVectorIndex {
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = openVectorIndex(store)));
  return index;
}

function upsertAll(store: Store, vectors: readonly Float32Array[], from = 1): void {
  for (let i = 0; i < vectors.length; i += 500) ix(store).upsert(vectors.slice(i, i + 500).map((vector, j) => ({ rowid: from + i + j, vector })));
}

const recallAt10 = (got: readonly VectorHit[], truth: readonly number[]): number => {
  const g = new Set(got.slice(0, 10).map((h) => h.rowid));
  return truth.filter((r) => g.has(r)).length / truth.length;
};

for (const engine of engines) {
  describe(`vector index (${engine.name})`, () => {
    const open: Store[] = [];
    const tmpDirs: string[] = [];
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    });
    const fresh = async (): Promise<Store> => {
      const s = await engine.open();
      open.push(s);
      return s;
    };
    /** a database file in a temporary folder removed after the test */
    const tempDbFile = (): string => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-vectors-'));
      tmpDirs.push(dir);
      return path.join(dir, 'db.sqlite');
    };
    /**
     * A server that holds `vectors` of `model` in memory, and a second connection to the
     * same file (another process, such as `paperboy reindex`) that changes them behind its back.
     */
    const serverAndOtherConnection = async (model: string, vectors: readonly Float32Array[]): Promise<{ server: Store; cli: Store }> => {
      const file = tempDbFile();
      const server = await openStore(file);
      open.push(server);
      ix(server).prepare(model, DIM);
      upsertAll(server, vectors);
      expect(ix(server).nearest(vectors[10]!, 1)[0]!.rowid).toBe(11); // loads the lists in memory
      const cli = await openStore(file);
      open.push(cli);
      return { server, cli };
    };

    it('finds at least 95% of the exact top 10 once it has partitioned a large collection', async () => {
      const store = await fresh();
      const vectors = clustered(12_000, 1);
      ix(store).prepare('m', DIM);
      upsertAll(store, vectors);
      expect(ix(store).count()).toBe(12_000);
      const queries = clustered(60, 2);
      let recall = 0;
      for (const q of queries) recall += recallAt10(ix(store).nearest(q, 10), bruteForce(vectors, q, 10));
      expect(recall / queries.length).toBeGreaterThanOrEqual(0.95);
      // and exactNearest is the brute force itself
      const exact = ix(store).exactNearest(queries.slice(0, 5), 10);
      queries.slice(0, 5).forEach((q, i) => expect(exact[i]!.map((h) => h.rowid)).toEqual(bruteForce(vectors, q, 10)));
    });

    it('reports exact similarities, best first', async () => {
      const store = await fresh();
      const vectors = clustered(300, 3);
      ix(store).prepare('m', DIM);
      upsertAll(store, vectors);
      const hits = ix(store).nearest(vectors[41]!, 5);
      expect(hits[0]).toMatchObject({ rowid: 42 });
      expect(hits[0]!.similarity).toBeCloseTo(1, 3);
      for (let i = 1; i < hits.length; i++) expect(hits[i]!.similarity).toBeLessThanOrEqual(hits[i - 1]!.similarity);
      const dotted = vectors[hits[3]!.rowid - 1]!.reduce((acc, x, j) => acc + x * vectors[41]![j]!, 0);
      expect(hits[3]!.similarity).toBeCloseTo(dotted, 3);
    });

    it('finds papers added after the partitions were learned, and moves a paper whose vector changed', async () => {
      const store = await fresh();
      const vectors = clustered(6_000, 4);
      ix(store).prepare('m', DIM);
      upsertAll(store, vectors);
      const added = clustered(50, 5);
      ix(store).upsert(added.map((vector, i) => ({ rowid: 10_000 + i, vector })));
      expect(ix(store).count()).toBe(6_050);
      for (let i = 0; i < added.length; i++) expect(ix(store).nearest(added[i]!, 1)[0]!.rowid).toBe(10_000 + i);

      const moved = added[0]!;
      ix(store).upsert([{ rowid: 7, vector: moved }]);
      expect(ix(store).count()).toBe(6_050);
      expect(ix(store).nearest(moved, 2).map((h) => h.rowid).sort((a, b) => a - b)).toEqual([7, 10_000]);
      expect(ix(store).nearest(vectors[6]!, 3).map((h) => h.rowid)).not.toContain(7);
      expect(ix(store).vectorsOf([7]).get(7)![3]).toBeCloseTo(moved[3]!, 3);
    });

    it('keeps vectors, partitions and model across a restart', async () => {
      const file = tempDbFile();
      const vectors = clustered(5_000, 6);
      const queries = clustered(10, 7);
      let before: VectorHit[][];
      {
        const store = await openStore(file);
        ix(store).prepare('model-a', DIM);
        upsertAll(store, vectors);
        before = queries.map((q) => ix(store).nearest(q, 10));
        await store.close();
      }
      const store = await openStore(file);
      open.push(store);
      expect(ix(store).current()).toEqual({ model: 'model-a', dimensions: DIM });
      expect(ix(store).count()).toBe(5_000);
      expect(queries.map((q) => ix(store).nearest(q, 10))).toEqual(before);
      expect(ix(store).prepare('model-a', DIM)).toBe(false);
      expect(ix(store).count()).toBe(5_000);
    });

    it('drops every vector when the model or the dimension changes', async () => {
      const store = await fresh();
      ix(store).prepare('model-a', DIM);
      upsertAll(store, clustered(100, 8));
      expect(ix(store).prepare('model-b', DIM)).toBe(true);
      expect(ix(store).count()).toBe(0);
      expect(ix(store).nearest(clustered(1, 9)[0]!, 5)).toEqual([]);
      expect(ix(store).current()).toEqual({ model: 'model-b', dimensions: DIM });
      upsertAll(store, clustered(10, 10));
      expect(ix(store).prepare('model-b', DIM * 2)).toBe(true);
      expect(ix(store).count()).toBe(0);
      expect(() => ix(store).upsert([{ rowid: 1, vector: new Float32Array(DIM) }])).toThrow(/dimensions/);
    });

    it('clear forgets the model; nothing is found before prepare', async () => {
      const store = await fresh();
      expect(ix(store).nearest(new Float32Array(DIM), 3)).toEqual([]);
      expect(() => ix(store).upsert([{ rowid: 1, vector: clustered(1, 11)[0]! }])).toThrow(/prepare/);
      ix(store).prepare('m', DIM);
      upsertAll(store, clustered(20, 12));
      ix(store).clear();
      expect(ix(store).current()).toBeNull();
      expect(ix(store).count()).toBe(0);
    });

    it('sees what another connection writes: new and changed vectors, and a retraining', async () => {
      const vectors = clustered(5_000, 14);
      const { server, cli } = await serverAndOtherConnection('m', vectors);
      const added = clustered(20, 15);
      ix(cli).upsert(added.map((vector, i) => ({ rowid: 20_000 + i, vector })));
      ix(cli).upsert([{ rowid: 11, vector: added[0]! }]); // moved next to 20000
      for (let i = 0; i < added.length; i++) expect(ix(server).nearest(added[i]!, 1)[0]!.similarity).toBeCloseTo(1, 3);
      expect(ix(server).nearest(added[0]!, 2).map((h) => h.rowid).sort((a, b) => a - b)).toEqual([11, 20_000]);
      expect(ix(server).nearest(vectors[10]!, 5).map((h) => h.rowid)).not.toContain(11);
      expect(ix(server).count()).toBe(5_020);
      ix(cli).rebuild();
      for (const i of [0, 2_500, 4_999]) expect(ix(server).nearest(vectors[i]!, 1)[0]!.rowid).toBe(i + 1);
      expect(ix(server).nearest(added[5]!, 1)[0]!.rowid).toBe(20_005);
    });

    it('sees another connection start over with a new model, even one of another dimension', async () => {
      const before = clustered(1_000, 30);
      const { server, cli } = await serverAndOtherConnection('model-a', before);
      // what `paperboy reindex` does in another process: the same steps, so the same number of
      // writes and trainings as the collection the server has loaded
      const after = clustered(1_000, 31);
      ix(cli).clear();
      ix(cli).prepare('model-b', DIM);
      upsertAll(cli, after);
      expect(ix(server).current()).toEqual({ model: 'model-b', dimensions: DIM });
      for (const i of [0, 100, 333, 500, 750, 999]) expect(ix(server).nearest(after[i]!, 1)[0]).toEqual({ rowid: i + 1, similarity: expect.closeTo(1, 3) });
      // and again with longer vectors
      const wide = Array.from({ length: 300 }, (_, i) => unit(Float32Array.from({ length: DIM * 2 }, (_, j) => Math.sin((i + 1) * (j + 1) * 0.37))));
      ix(cli).prepare('model-c', DIM * 2);
      for (let i = 0; i < wide.length; i += 100) ix(cli).upsert(wide.slice(i, i + 100).map((vector, j) => ({ rowid: i + j + 1, vector })));
      expect(ix(server).nearest(before[0]!, 3)).toEqual([]); // a query of the old model's length finds nothing rather than nonsense
      for (const i of [0, 150, 299]) expect(ix(server).nearest(wide[i]!, 1)[0]).toEqual({ rowid: i + 1, similarity: expect.closeTo(1, 3) });
    });

    it('never mixes two models: a writer whose model was replaced by another connection writes nothing', async () => {
      // the server embeds with model a; meanwhile another process (a reindex) starts over with model b
      const { server, cli } = await serverAndOtherConnection('a', clustered(300, 21));
      ix(cli).clear();
      ix(cli).prepare('b', DIM);
      const ours = clustered(50, 22);
      expect(ix(cli).upsert(ours.map((vector, i) => ({ rowid: i + 1, vector })), 'b')).toBe(true);
      // the server's next batch of model a must not land in b's index, nor overwrite b's vectors
      expect(ix(server).upsert(clustered(20, 23).map((vector, i) => ({ rowid: i + 1, vector })), 'a')).toBe(false);
      expect(ix(cli).current()).toEqual({ model: 'b', dimensions: DIM });
      expect(ix(cli).count()).toBe(50);
      expect(ix(cli).vectorsOf([1]).get(1)!.every((x, j) => Math.abs(x - ours[0]![j]!) < 1e-3)).toBe(true);
      // and preparing for the model already there (read again under the write lock) drops nothing
      expect(ix(server).prepare('b', DIM)).toBe(false);
      expect(ix(cli).count()).toBe(50);
    });

    it('rebuild relearns the partitions and keeps every vector findable', async () => {
      const store = await fresh();
      const vectors = clustered(5_000, 13);
      ix(store).prepare('m', DIM);
      upsertAll(store, vectors);
      ix(store).rebuild();
      expect(ix(store).count()).toBe(5_000);
      for (const i of [0, 999, 4_999]) expect(ix(store).nearest(vectors[i]!, 1)[0]!.rowid).toBe(i + 1);
    });
  });
}

describe('float16 storage', () => {
  it('round-trips unit-vector components within 1e-3', () => {
    const v = unit(Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * 1.7) * (i % 13 === 0 ? 10 : 1)));
    const back = decodeHalf(encodeHalf(v));
    for (let i = 0; i < v.length; i++) expect(Math.abs(back[i]! - v[i]!)).toBeLessThan(1e-3);
    const odd = decodeHalf(encodeHalf(Float32Array.of(0, -0.5, 1e-6, 2)));
    expect([odd[0], odd[1], odd[3]]).toEqual([0, -0.5, 2]);
    expect(odd[2]).toBeCloseTo(1e-6, 7); // subnormal in float16
  });
});
