/**
 * VectorIndex on SQLite: an inverted-file (IVF) index whose every part lives in
 * the database, so it survives restarts and grows paper by paper.
 *
 *   vector_items   rowid → the paper's vector (float16): exact scores, vectorsOf, retraining
 *   vector_codes   sqlite-vec vec0 table: int8 code per paper, partitioned by list (IVF cell)
 *   vector_lists   list → centroid (float32) and its parent (a top-level centroid, level 0);
 *                  empty until there are enough vectors to train
 *   vector_state   int8 scale, vector count, how many vectors the lists were trained on
 *
 * nearest(): score every centroid (in memory), scan the `probes` nearest lists'
 * int8 codes in C (sqlite-vec), rescore the best few hundred with the stored
 * vectors. Below TRAIN_AT vectors there is one list and the scan is exhaustive.
 * The lists are retrained (and every code rewritten) when the collection has
 * doubled since the last training, so cells stay ~sqrt(n) large; `rebuild()`
 * does it on demand. The arithmetic is in ivf.ts.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { PaperText, VectorHit, VectorIndex } from '../vector-index.ts';
import { assignList, decodeHalf, dotHalf, encodeHalf, int8Scale, quantize, rng, topRows, trainPartitions, type Partitions } from './ivf.ts';

export interface IvfOptions {
  /** lists scanned per query (more: better recall, slower); default max(MIN_PROBES, sqrt(lists)) */
  readonly probes?: number;
  /** below this many vectors there is a single list (exact scan) */
  readonly trainAt?: number;
  /** vectors sampled to learn the lists */
  readonly sampleSize?: number;
}

const MIN_PROBES = 48;
const DEFAULT_TRAIN_AT = 4096;
const DEFAULT_SAMPLE = 30_000;
/** retrain when the collection has grown by this factor since the last training */
const REGROW = 2;
/** candidates rescored with the stored vectors: at least this many, and twice k */
const MIN_RESCORE = 64;
const LEGACY_TABLE = 'paper_vectors';

interface State {
  scale: number;
  trained_on: number;
  /** bumped by every training, so other connections know to reload the centroids */
  generation: number;
  items: number;
}
const NO_STATE: State = { scale: 127, trained_on: 0, generation: 0, items: 0 };

export function sqliteVectorIndex(raw: SqliteDatabase.Database, options: IvfOptions = {}): VectorIndex & { probes: number | null; probesNow(): number } {
  const trainAt = options.trainAt ?? DEFAULT_TRAIN_AT;
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE;
  const meta = raw.prepare<[], { model: string; dimensions: number }>('SELECT model, dimensions FROM search_vectors_meta WHERE id = 1');
  const tablesExist = (): boolean =>
    (raw.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name IN ('vector_items', 'vector_codes', 'vector_lists', 'vector_state')`).get() as { n: number }).n === 4;

  const statements = () => ({
    state: raw.prepare<[], State>('SELECT scale, trained_on, generation, items FROM vector_state WHERE id = 1'),
    saveState: raw.prepare<[number, number, number, number]>('INSERT OR REPLACE INTO vector_state(id, scale, trained_on, generation, items) VALUES (1, ?, ?, ?, ?)'),
    lists: raw.prepare<[], { level: number; list: number; parent: number; centroid: Buffer }>('SELECT level, list, parent, centroid FROM vector_lists ORDER BY level, list'),
    insertItem: raw.prepare('INSERT OR REPLACE INTO vector_items(rowid, vector) VALUES (?, ?)'),
    hasItem: raw.prepare<[number], { one: number }>('SELECT 1 AS one FROM vector_items WHERE rowid = ?'),
    deleteCode: raw.prepare('DELETE FROM vector_codes WHERE rowid = ?'),
    insertCode: raw.prepare('INSERT INTO vector_codes(rowid, list, code) VALUES (?, ?, vec_int8(?))'),
    scan: raw.prepare<[Buffer, number, number], { rowid: number; distance: number }>(
      'SELECT rowid, distance FROM vector_codes WHERE code MATCH vec_int8(?) AND k = ? AND list = ?',
    ),
    items: raw.prepare<[string], { rowid: number; vector: Buffer }>('SELECT rowid, vector FROM vector_items WHERE rowid IN (SELECT value FROM json_each(?))'),
    itemsAfter: raw.prepare<[number, number], { rowid: number; vector: Buffer }>('SELECT rowid, vector FROM vector_items WHERE rowid > ? ORDER BY rowid LIMIT ?'),
    missing: raw.prepare<[number], PaperText>(
      `SELECT p.rowid AS rowid, p.id AS id, p.title AS title, p.abstract AS abstract FROM papers p
       WHERE NOT EXISTS (SELECT 1 FROM vector_items v WHERE v.rowid = p.rowid) ORDER BY p.rowid LIMIT ?`,
    ),
    countItems: raw.prepare<[], { n: number }>('SELECT count(*) AS n FROM vector_items'),
  });
  type Statements = ReturnType<typeof statements>;
  let st: Statements | null = tablesExist() && meta.get() ? statements() : null;
  let dims = meta.get()?.dimensions ?? 0;
  // In-memory copy of the centroids (a few MB), reloaded when the generation moves.
  let cache: { generation: number; partitions: Partitions | null } | null = null;

  const need = (): Statements => {
    if (!st) throw new Error('the vector index is not prepared: call prepare(model, dimensions) first');
    return st;
  };

  const floats = (b: Buffer): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const partitionsOf = (s: Statements, state: State): Partitions | null => {
    if (cache && cache.generation === state.generation) return cache.partitions;
    const rows = s.lists.all();
    const tops = rows.filter((r) => r.level === 0);
    const leaves = rows.filter((r) => r.level === 1);
    let partitions: Partitions | null = null;
    if (leaves.length > 0) {
      const pack = (rs: typeof rows): Float32Array => {
        const out = new Float32Array(rs.length * dims);
        rs.forEach((r, i) => out.set(floats(r.centroid), i * dims));
        return out;
      };
      const leavesOfTop: number[][] = tops.map(() => []);
      for (const l of leaves) leavesOfTop[l.parent]!.push(l.list);
      partitions = { dim: dims, tops: pack(tops), topCount: tops.length, leaves: pack(leaves), leafCount: leaves.length, leavesOfTop };
    }
    cache = { generation: state.generation, partitions };
    return partitions;
  };

  const createTables = (dimensions: number) => {
    raw.exec(`DROP TABLE IF EXISTS ${LEGACY_TABLE}`);
    raw.exec('DROP TABLE IF EXISTS vector_codes');
    raw.exec('DROP TABLE IF EXISTS vector_items');
    raw.exec('DROP TABLE IF EXISTS vector_lists');
    raw.exec('DROP TABLE IF EXISTS vector_state');
    raw.exec('CREATE TABLE vector_items (rowid INTEGER PRIMARY KEY, vector BLOB NOT NULL)');
    raw.exec(`CREATE VIRTUAL TABLE vector_codes USING vec0(list integer partition key, code int8[${dimensions}], chunk_size=128)`);
    raw.exec('CREATE TABLE vector_lists (level INTEGER NOT NULL, list INTEGER NOT NULL, parent INTEGER NOT NULL, centroid BLOB NOT NULL, PRIMARY KEY (level, list))');
    raw.exec(
      'CREATE TABLE vector_state (id INTEGER PRIMARY KEY CHECK (id = 1), scale REAL NOT NULL, trained_on INTEGER NOT NULL, generation INTEGER NOT NULL, items INTEGER NOT NULL)',
    );
  };

  /** Learns the lists from a sample of the stored vectors and rewrites every code. */
  const train = (s: Statements, previous: State): State => {
    const total = s.countItems.get()!.n;
    // reservoir sample, reading the vectors in rowid batches
    const random = rng(total);
    const sample: Float32Array[] = [];
    let seen = 0;
    let after = -1;
    for (;;) {
      const batch = s.itemsAfter.all(after, 10_000);
      if (batch.length === 0) break;
      for (const r of batch) {
        if (sample.length < sampleSize) sample.push(decodeHalf(r.vector));
        else {
          const j = Math.floor(random() * (seen + 1));
          if (j < sampleSize) sample[j] = decodeHalf(r.vector);
        }
        seen++;
      }
      after = batch[batch.length - 1]!.rowid;
    }
    const scale = int8Scale(sample);
    const partitions = total >= trainAt ? trainPartitions(sample, Math.max(1, Math.round(Math.sqrt(total))), dims) : null;
    raw.exec('DELETE FROM vector_lists');
    raw.exec('DROP TABLE vector_codes');
    raw.exec(`CREATE VIRTUAL TABLE vector_codes USING vec0(list integer partition key, code int8[${dims}], chunk_size=128)`);
    const fresh = statements();
    if (partitions) {
      const put = raw.prepare('INSERT INTO vector_lists(level, list, parent, centroid) VALUES (?, ?, ?, ?)');
      const blob = (rows: Float32Array, i: number) => Buffer.from(rows.slice(i * dims, (i + 1) * dims).buffer);
      for (let t = 0; t < partitions.topCount; t++) {
        put.run(0, t, -1, blob(partitions.tops, t));
        for (const leaf of partitions.leavesOfTop[t]!) put.run(1, leaf, t, blob(partitions.leaves, leaf));
      }
    }
    after = -1;
    for (;;) {
      const batch = fresh.itemsAfter.all(after, 10_000);
      if (batch.length === 0) break;
      for (const r of batch) {
        const v = decodeHalf(r.vector);
        const list = partitions ? assignList(partitions, v) : 0;
        fresh.insertCode.run(BigInt(r.rowid), BigInt(list), Buffer.from(quantize(v, scale).buffer));
      }
      after = batch[batch.length - 1]!.rowid;
    }
    const state = { scale, trained_on: total, generation: previous.generation + 1, items: total };
    fresh.saveState.run(state.scale, state.trained_on, state.generation, state.items);
    st = fresh;
    cache = { generation: state.generation, partitions };
    return state;
  };

  const needsTraining = (state: State): boolean =>
    state.items > 0 && (state.trained_on === 0 || (state.items >= trainAt && state.items >= state.trained_on * REGROW));

  const index = {
    /** null: chosen from the number of lists */
    probes: (options.probes ?? null) as number | null,
    probesNow(): number {
      const s = st?.state.get();
      const lists = s && st ? (partitionsOf(st, s)?.leafCount ?? 1) : 1;
      return index.probes ?? Math.max(MIN_PROBES, Math.round(Math.sqrt(lists)));
    },
    current: () => meta.get() ?? null,
    prepare(model: string, dimensions: number): boolean {
      const now = meta.get();
      if (now && now.model === model && now.dimensions === dimensions && tablesExist()) {
        st ??= statements();
        dims = dimensions;
        return false;
      }
      raw.transaction(() => {
        createTables(dimensions);
        raw.prepare('INSERT OR REPLACE INTO search_vectors_meta(id, model, dimensions) VALUES (1, ?, ?)').run(model, dimensions);
      })();
      dims = dimensions;
      st = statements();
      cache = null;
      return now !== undefined;
    },
    upsert(items: readonly { rowid: number; vector: Float32Array }[]): void {
      if (items.length === 0) return;
      raw.transaction(() => {
        const s = need();
        const state = { ...(s.state.get() ?? NO_STATE) };
        const partitions = partitionsOf(s, state);
        for (const { rowid, vector } of items) {
          if (vector.length !== dims) throw new Error(`vector of ${vector.length} dimensions for an index of ${dims}`);
          const existed = s.hasItem.get(rowid) !== undefined;
          s.insertItem.run(rowid, encodeHalf(vector));
          if (existed) s.deleteCode.run(BigInt(rowid));
          else state.items++;
          // codes for the first vectors are written by the first training, which sets the scale
          if (state.trained_on > 0) {
            const list = partitions ? assignList(partitions, vector) : 0;
            s.insertCode.run(BigInt(rowid), BigInt(list), Buffer.from(quantize(vector, state.scale).buffer));
          }
        }
        s.saveState.run(state.scale, state.trained_on, state.generation, state.items);
        if (needsTraining(state)) train(s, state);
      }).immediate(); // take the write lock first: the state row is read, then written
    },
    nearest(vector: Float32Array, k: number): VectorHit[] {
      if (!st || k <= 0) return [];
      const s = st;
      const state = s.state.get();
      if (!state || state.trained_on === 0) return [];
      const partitions = partitionsOf(s, state);
      const code = Buffer.from(quantize(vector, state.scale).buffer);
      const rescore = Math.min(4096, Math.max(MIN_RESCORE, 2 * k));
      const lists = partitions ? topRows(vector, partitions.leaves, partitions.leafCount, dims, index.probes ?? Math.max(MIN_PROBES, Math.round(Math.sqrt(partitions.leafCount)))) : [0];
      // each list contributes at most its share of the rescoring pool, with headroom
      const perList = lists.length === 1 ? rescore : Math.min(rescore, Math.max(16, Math.ceil((4 * rescore) / lists.length)));
      const found: { rowid: number; distance: number }[] = [];
      for (const list of lists) for (const r of s.scan.all(code, perList, list)) found.push(r);
      found.sort((a, b) => a.distance - b.distance);
      const pool = found.slice(0, rescore).map((r) => r.rowid);
      const hits = s.items.all(JSON.stringify(pool)).map((r) => ({ rowid: r.rowid, similarity: dotHalf(vector, r.vector) }));
      hits.sort((a, b) => b.similarity - a.similarity || a.rowid - b.rowid);
      return hits.slice(0, k);
    },
    vectorsOf(rowids: readonly number[]): Map<number, Float32Array> {
      const out = new Map<number, Float32Array>();
      if (!st || rowids.length === 0) return out;
      for (const r of st.items.all(JSON.stringify(rowids))) out.set(r.rowid, decodeHalf(r.vector));
      return out;
    },
    exactNearest(queries: readonly Float32Array[], k: number): VectorHit[][] {
      const best = queries.map(() => [] as VectorHit[]);
      if (!st || k <= 0) return best;
      const s = st;
      // one pass over the stored vectors for every query; keep each top-k sorted
      const floor = queries.map(() => -Infinity);
      let after = -1;
      for (;;) {
        const batch = s.itemsAfter.all(after, 5_000);
        if (batch.length === 0) break;
        for (const r of batch) {
          const v = decodeHalf(r.vector);
          for (let q = 0; q < queries.length; q++) {
            const qv = queries[q]!;
            let sim = 0;
            for (let i = 0; i < v.length; i++) sim += qv[i]! * v[i]!;
            if (sim <= floor[q]! && best[q]!.length >= k) continue;
            const list = best[q]!;
            list.push({ rowid: r.rowid, similarity: sim });
            list.sort((a, b) => b.similarity - a.similarity || a.rowid - b.rowid);
            if (list.length > k) list.pop();
            if (list.length >= k) floor[q] = list[list.length - 1]!.similarity;
          }
        }
        after = batch[batch.length - 1]!.rowid;
      }
      return best;
    },
    rebuild(): void {
      const s = need();
      raw.transaction(() => train(s, s.state.get() ?? NO_STATE)).immediate();
    },
    papersWithoutVector: (limit: number) => need().missing.all(limit),
    count: () => (st ? (st.state.get()?.items ?? 0) : 0),
    clear(): void {
      raw.transaction(() => {
        raw.exec(`DROP TABLE IF EXISTS ${LEGACY_TABLE}`);
        for (const t of ['vector_codes', 'vector_items', 'vector_lists', 'vector_state']) raw.exec(`DROP TABLE IF EXISTS ${t}`);
        raw.exec('DELETE FROM search_vectors_meta');
      })();
      st = null;
      cache = null;
    },
  };
  return index;
}
