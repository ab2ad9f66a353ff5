import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { afterEach, describe, expect, it } from 'vitest';
import { rng } from '../../src/search/numeric/random.ts';
import { decodeHalf, encodeHalf } from '../../src/search/vector/half.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import type { VectorHit } from '../../src/store/vector-index.ts';
import { engines } from './engines.ts';

const DIM = 24;

function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  return v.map((x) => x / n);
}

/** Clustered random unit vectors, like embeddings of papers on a few hundred topics. */
function clustered(n: number, seed: number, topics = 60): Float32Array[] {
  const random = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centers = Array.from({ length: topics }, () => unit(Float32Array.from({ length: DIM }, gauss)));
  return Array.from({ length: n }, () => {
    const c = centers[Math.floor(random() * topics)]!;
    return unit(Float32Array.from({ length: DIM }, (_, i) => c[i]! + 0.15 * gauss()));
  });
}

function bruteForce(vectors: readonly Float32Array[], q: Float32Array, k: number): number[] {
  return vectors
    .map((v, i) => ({ rowid: i + 1, s: v.reduce((acc, x, j) => acc + x * q[j]!, 0) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((h) => h.rowid);
}

function upsertAll(store: Store, vectors: readonly Float32Array[], from = 1): void {
  for (let i = 0; i < vectors.length; i += 500) store.vectors.upsert(vectors.slice(i, i + 500).map((vector, j) => ({ rowid: from + i + j, vector })));
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
    /** a database file holding these vectors (model 'm'), closed again */
    const fileWithVectors = async (vectors: readonly Float32Array[]): Promise<string> => {
      const file = tempDbFile();
      const store = await openStore(file);
      store.vectors.prepare('m', DIM);
      upsertAll(store, vectors);
      await store.close();
      return file;
    };

    it('finds at least 95% of the exact top 10 once it has partitioned a large collection', async () => {
      const store = await fresh();
      const vectors = clustered(12_000, 1);
      store.vectors.prepare('m', DIM);
      upsertAll(store, vectors);
      expect(store.vectors.count()).toBe(12_000);
      const queries = clustered(60, 2);
      let recall = 0;
      for (const q of queries) recall += recallAt10(store.vectors.nearest(q, 10), bruteForce(vectors, q, 10));
      expect(recall / queries.length).toBeGreaterThanOrEqual(0.95);
      // and exactNearest is the brute force itself
      const exact = store.vectors.exactNearest(queries.slice(0, 5), 10);
      queries.slice(0, 5).forEach((q, i) => expect(exact[i]!.map((h) => h.rowid)).toEqual(bruteForce(vectors, q, 10)));
    });

    it('reports exact similarities, best first', async () => {
      const store = await fresh();
      const vectors = clustered(300, 3);
      store.vectors.prepare('m', DIM);
      upsertAll(store, vectors);
      const hits = store.vectors.nearest(vectors[41]!, 5);
      expect(hits[0]).toMatchObject({ rowid: 42 });
      expect(hits[0]!.similarity).toBeCloseTo(1, 3);
      for (let i = 1; i < hits.length; i++) expect(hits[i]!.similarity).toBeLessThanOrEqual(hits[i - 1]!.similarity);
      const dotted = vectors[hits[3]!.rowid - 1]!.reduce((acc, x, j) => acc + x * vectors[41]![j]!, 0);
      expect(hits[3]!.similarity).toBeCloseTo(dotted, 3);
    });

    it('finds papers added after the partitions were learned, and moves a paper whose vector changed', async () => {
      const store = await fresh();
      const vectors = clustered(6_000, 4);
      store.vectors.prepare('m', DIM);
      upsertAll(store, vectors);
      const added = clustered(50, 5);
      store.vectors.upsert(added.map((vector, i) => ({ rowid: 10_000 + i, vector })));
      expect(store.vectors.count()).toBe(6_050);
      for (let i = 0; i < added.length; i++) expect(store.vectors.nearest(added[i]!, 1)[0]!.rowid).toBe(10_000 + i);

      const moved = added[0]!;
      store.vectors.upsert([{ rowid: 7, vector: moved }]);
      expect(store.vectors.count()).toBe(6_050);
      expect(store.vectors.nearest(moved, 2).map((h) => h.rowid).sort((a, b) => a - b)).toEqual([7, 10_000]);
      expect(store.vectors.nearest(vectors[6]!, 3).map((h) => h.rowid)).not.toContain(7);
      expect(store.vectors.vectorsOf([7]).get(7)![3]).toBeCloseTo(moved[3]!, 3);
    });

    it('keeps vectors, partitions and model across a restart', async () => {
      const file = tempDbFile();
      const vectors = clustered(5_000, 6);
      const queries = clustered(10, 7);
      let before: VectorHit[][];
      {
        const store = await openStore(file);
        store.vectors.prepare('model-a', DIM);
        upsertAll(store, vectors);
        before = queries.map((q) => store.vectors.nearest(q, 10));
        await store.close();
      }
      const store = await openStore(file);
      open.push(store);
      expect(store.vectors.current()).toEqual({ model: 'model-a', dimensions: DIM });
      expect(store.vectors.count()).toBe(5_000);
      expect(queries.map((q) => store.vectors.nearest(q, 10))).toEqual(before);
      expect(store.vectors.prepare('model-a', DIM)).toBe(false);
      expect(store.vectors.count()).toBe(5_000);
    });

    it('drops every vector when the model or the dimension changes', async () => {
      const store = await fresh();
      store.vectors.prepare('model-a', DIM);
      upsertAll(store, clustered(100, 8));
      expect(store.vectors.prepare('model-b', DIM)).toBe(true);
      expect(store.vectors.count()).toBe(0);
      expect(store.vectors.nearest(clustered(1, 9)[0]!, 5)).toEqual([]);
      expect(store.vectors.current()).toEqual({ model: 'model-b', dimensions: DIM });
      upsertAll(store, clustered(10, 10));
      expect(store.vectors.prepare('model-b', DIM * 2)).toBe(true);
      expect(store.vectors.count()).toBe(0);
      expect(() => store.vectors.upsert([{ rowid: 1, vector: new Float32Array(DIM) }])).toThrow(/dimensions/);
    });

    it('clear forgets the model; nothing is found before prepare', async () => {
      const store = await fresh();
      expect(store.vectors.nearest(new Float32Array(DIM), 3)).toEqual([]);
      expect(() => store.vectors.upsert([{ rowid: 1, vector: clustered(1, 11)[0]! }])).toThrow(/prepare/);
      store.vectors.prepare('m', DIM);
      upsertAll(store, clustered(20, 12));
      store.vectors.clear();
      expect(store.vectors.current()).toBeNull();
      expect(store.vectors.count()).toBe(0);
    });

    it('sees what another connection writes: new and changed vectors, and a retraining', async () => {
      const file = tempDbFile();
      const server = await openStore(file);
      open.push(server);
      const vectors = clustered(5_000, 14);
      server.vectors.prepare('m', DIM);
      upsertAll(server, vectors);
      expect(server.vectors.nearest(vectors[10]!, 1)[0]!.rowid).toBe(11); // loads the lists in memory
      const cli = await openStore(file);
      open.push(cli);
      const added = clustered(20, 15);
      cli.vectors.upsert(added.map((vector, i) => ({ rowid: 20_000 + i, vector })));
      cli.vectors.upsert([{ rowid: 11, vector: added[0]! }]); // moved next to 20000
      for (let i = 0; i < added.length; i++) expect(server.vectors.nearest(added[i]!, 1)[0]!.similarity).toBeCloseTo(1, 3);
      expect(server.vectors.nearest(added[0]!, 2).map((h) => h.rowid).sort((a, b) => a - b)).toEqual([11, 20_000]);
      expect(server.vectors.nearest(vectors[10]!, 5).map((h) => h.rowid)).not.toContain(11);
      expect(server.vectors.count()).toBe(5_020);
      cli.vectors.rebuild();
      for (const i of [0, 2_500, 4_999]) expect(server.vectors.nearest(vectors[i]!, 1)[0]!.rowid).toBe(i + 1);
      expect(server.vectors.nearest(added[5]!, 1)[0]!.rowid).toBe(20_005);
    });

    it('sees another connection start over with a new model, even one of another dimension', async () => {
      const file = tempDbFile();
      const server = await openStore(file);
      open.push(server);
      const before = clustered(1_000, 30);
      server.vectors.prepare('model-a', DIM);
      upsertAll(server, before);
      expect(server.vectors.nearest(before[10]!, 1)[0]!.rowid).toBe(11); // loads the lists in memory
      // what `paperboy reindex` does in another process: the same steps, so the same number of
      // writes and trainings as the collection the server has loaded
      const cli = await openStore(file);
      open.push(cli);
      const after = clustered(1_000, 31);
      cli.vectors.clear();
      cli.vectors.prepare('model-b', DIM);
      upsertAll(cli, after);
      expect(server.vectors.current()).toEqual({ model: 'model-b', dimensions: DIM });
      for (const i of [0, 100, 333, 500, 750, 999]) expect(server.vectors.nearest(after[i]!, 1)[0]).toEqual({ rowid: i + 1, similarity: expect.closeTo(1, 3) });
      // and again with longer vectors
      const wide = Array.from({ length: 300 }, (_, i) => unit(Float32Array.from({ length: DIM * 2 }, (_, j) => Math.sin((i + 1) * (j + 1) * 0.37))));
      cli.vectors.prepare('model-c', DIM * 2);
      for (let i = 0; i < wide.length; i += 100) cli.vectors.upsert(wide.slice(i, i + 100).map((vector, j) => ({ rowid: i + j + 1, vector })));
      expect(server.vectors.nearest(before[0]!, 3)).toEqual([]); // a query of the old model's length finds nothing rather than nonsense
      for (const i of [0, 150, 299]) expect(server.vectors.nearest(wide[i]!, 1)[0]).toEqual({ rowid: i + 1, similarity: expect.closeTo(1, 3) });
    });

    it('migrates an index of the old format (int8 codes in a sqlite-vec table) without losing vectors', async () => {
      const vectors = clustered(5_000, 16);
      const file = await fileWithVectors(vectors);
      // rewrite the tables the way the sqlite-vec version left them
      const raw = new SqliteDatabase(file);
      sqliteVec.load(raw);
      raw.exec('DROP TABLE vector_list_items');
      raw.exec('DROP TABLE vector_codebook');
      raw.exec(`CREATE VIRTUAL TABLE vector_codes USING vec0(list integer partition key, code int8[${DIM}], chunk_size=128)`);
      raw.prepare('INSERT INTO vector_codes(rowid, list, code) VALUES (1, 0, vec_int8(?))').run(Buffer.alloc(DIM));
      raw.exec('DROP TABLE vector_state');
      raw.exec('CREATE TABLE vector_state (id INTEGER PRIMARY KEY CHECK (id = 1), scale REAL NOT NULL, trained_on INTEGER NOT NULL, generation INTEGER NOT NULL, items INTEGER NOT NULL)');
      raw.exec('INSERT INTO vector_state VALUES (1, 300, 5000, 3, 5000)');
      raw.close();
      const store = await openStore(file);
      open.push(store);
      expect(store.vectors.count()).toBe(5_000);
      for (const i of [0, 1_234, 4_999]) expect(store.vectors.nearest(vectors[i]!, 1)[0]!.rowid).toBe(i + 1);
      const check = new SqliteDatabase(file, { readonly: true });
      const tables = check.prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'vector_codes%'`).all();
      check.close();
      expect(tables).toEqual([]);
    });

    it('migrates an index of the int8 format (codes computed at load, no codebook) without losing vectors', async () => {
      const vectors = clustered(5_000, 17);
      const file = await fileWithVectors(vectors);
      // rewrite the tables the way the int8 version left them
      const raw = new SqliteDatabase(file);
      raw.exec('DROP TABLE vector_codebook');
      raw.exec('ALTER TABLE vector_list_items DROP COLUMN code');
      raw.exec('DROP TABLE vector_state');
      raw.exec('CREATE TABLE vector_state (id INTEGER PRIMARY KEY CHECK (id = 1), scale REAL NOT NULL, trained_on INTEGER NOT NULL, generation INTEGER NOT NULL, items INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0)');
      raw.exec('INSERT INTO vector_state VALUES (1, 300, 5000, 4, 5000, 17)');
      raw.close();
      const store = await openStore(file);
      open.push(store);
      expect(store.vectors.count()).toBe(5_000);
      for (const i of [0, 1_234, 4_999]) expect(store.vectors.nearest(vectors[i]!, 1)[0]!.rowid).toBe(i + 1);
      const check = new SqliteDatabase(file, { readonly: true });
      const state = check.prepare('SELECT * FROM vector_state').get();
      const codes = check.prepare('SELECT count(*) AS n, min(length(code)) AS bytes FROM vector_list_items').get();
      check.close();
      expect(state).toEqual({ id: 1, trained_on: 5_000, generation: 5, items: 5_000, seq: 18 });
      expect(codes).toEqual({ n: 5_000, bytes: 32 });
    });

    it('rebuild relearns the partitions and keeps every vector findable', async () => {
      const store = await fresh();
      const vectors = clustered(5_000, 13);
      store.vectors.prepare('m', DIM);
      upsertAll(store, vectors);
      store.vectors.rebuild();
      expect(store.vectors.count()).toBe(5_000);
      for (const i of [0, 999, 4_999]) expect(store.vectors.nearest(vectors[i]!, 1)[0]!.rowid).toBe(i + 1);
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
