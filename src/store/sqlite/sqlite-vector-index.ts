/**
 * VectorIndex on SQLite: an inverted-file (IVF) index. SQLite is the durable
 * store; the coarse scan runs in memory.
 *
 *   vector_items       rowid → the paper's vector (float16): exact scores, vectorsOf, retraining
 *   vector_list_items  rowid → its list (IVF cell) and the `seq` of the write that put it there
 *   vector_lists       list → centroid (float32) and its parent (a top-level centroid, level 0);
 *                      empty until there are enough vectors to train
 *   vector_state       int8 scale, vector count, how many vectors the lists were trained on,
 *                      `generation` (bumped by every training) and `seq` (bumped by every upsert)
 *
 * nearest(): score every centroid (SIMD, row-scorer.ts), scan the `probes`
 * nearest lists' int8 codes (SIMD, inverted-lists.ts), rescore the best few
 * hundred with the stored float16 vectors. The int8 codes are not stored: they
 * are computed from vector_items when the first query loads the lists into
 * memory. Before each query the index checks vector_state: a new generation
 * (another connection retrained) reloads everything, a new seq loads only the
 * rows written since (another connection, or this one, upserted).
 *
 * Below TRAIN_AT vectors there is one list and the scan is exhaustive. The
 * lists are retrained (and every assignment rewritten) when the collection has
 * doubled since the last training, so there are ~LISTS_PER_SQRT·sqrt(n) lists;
 * `rebuild()` does it on demand. The arithmetic is in ivf.ts.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { PaperText, VectorHit, VectorIndex } from '../vector-index.ts';
import { InvertedLists } from './inverted-lists.ts';
import { CoarseQuantizer, decodeHalf, decodeHalfInto, dotHalf, encodeHalf, halfToInt8, int8Scale, rng, trainPartitions, type HalfRows, type Partitions } from './ivf.ts';
import { RowScorer } from './row-scorer.ts';

export interface IvfOptions {
  /** lists scanned per query (more: better recall, slower); default: a twelfth of the lists, enough for MIN_SCAN vectors, at least MIN_PROBES */
  readonly probes?: number;
  /** below this many vectors there is a single list (exact scan) */
  readonly trainAt?: number;
  /** vectors sampled to learn the lists; default max(MIN_SAMPLE, SAMPLE_PER_LIST × lists) */
  readonly sampleSize?: number;
}

const MIN_PROBES = 32;
const PROBE_SHARE = 12;
const MIN_SCAN = 8192;
const LISTS_PER_SQRT = 4;
const DEFAULT_TRAIN_AT = 4096;
const MIN_SAMPLE = 30_000;
const SAMPLE_PER_LIST = 25;
/** retrain when the collection has grown by this factor since the last training */
const REGROW = 2;
/** candidates rescored with the stored vectors: at least this many, and 1.5 k (int8 ranks almost exactly) */
const MIN_RESCORE = 128;
const LEGACY_TABLES = ['paper_vectors', 'vector_codes'];
const TABLES = ['vector_items', 'vector_list_items', 'vector_lists', 'vector_state'];

interface State {
  scale: number;
  trained_on: number;
  /** bumped by every training, so other connections know to reload everything */
  generation: number;
  items: number;
  /** bumped by every upsert; vector_list_items.seq says which upsert wrote a row */
  seq: number;
}
const NO_STATE: State = { scale: 127, trained_on: 0, generation: 0, items: 0, seq: 0 };

/** What is loaded in memory, as of (generation, seq) of vector_state. */
interface Loaded {
  generation: number;
  seq: number;
  quantizer: CoarseQuantizer | null;
  lists: InvertedLists;
}

export function sqliteVectorIndex(raw: SqliteDatabase.Database, options: IvfOptions = {}): VectorIndex & { probes: number | null; probesNow(): number } {
  const trainAt = options.trainAt ?? DEFAULT_TRAIN_AT;
  const meta = raw.prepare<[], { model: string; dimensions: number }>('SELECT model, dimensions FROM search_vectors_meta WHERE id = 1');
  const tableNames = (): Set<string> => new Set(raw.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`).pluck().all());
  const tablesExist = (): boolean => {
    const names = tableNames();
    return TABLES.every((t) => names.has(t));
  };

  const statements = () => ({
    state: raw.prepare<[], State>('SELECT scale, trained_on, generation, items, seq FROM vector_state WHERE id = 1'),
    saveState: raw.prepare<[number, number, number, number, number]>(
      'INSERT OR REPLACE INTO vector_state(id, scale, trained_on, generation, items, seq) VALUES (1, ?, ?, ?, ?, ?)',
    ),
    lists: raw.prepare<[], { level: number; list: number; parent: number; centroid: Buffer }>('SELECT level, list, parent, centroid FROM vector_lists ORDER BY level, list'),
    insertItem: raw.prepare('INSERT OR REPLACE INTO vector_items(rowid, vector) VALUES (?, ?)'),
    hasItem: raw.prepare<[number], { one: number }>('SELECT 1 AS one FROM vector_items WHERE rowid = ?'),
    assign: raw.prepare<[number, number, number]>('INSERT OR REPLACE INTO vector_list_items(rowid, list, seq) VALUES (?, ?, ?)'),
    items: raw.prepare<[string], { rowid: number; vector: Buffer }>('SELECT rowid, vector FROM vector_items WHERE rowid IN (SELECT value FROM json_each(?))'),
    itemsAfter: raw.prepare<[number, number], { rowid: number; vector: Buffer }>('SELECT rowid, vector FROM vector_items WHERE rowid > ? ORDER BY rowid LIMIT ?'),
    assignedAfter: raw.prepare<[number, number], { rowid: number; list: number; vector: Buffer }>(
      `SELECT i.rowid AS rowid, a.list AS list, i.vector AS vector FROM vector_items i JOIN vector_list_items a ON a.rowid = i.rowid
       WHERE i.rowid > ? ORDER BY i.rowid LIMIT ?`,
    ),
    changedSince: raw.prepare<[number], { rowid: number; list: number; vector: Buffer }>(
      `SELECT a.rowid AS rowid, a.list AS list, i.vector AS vector FROM vector_list_items a JOIN vector_items i ON i.rowid = a.rowid WHERE a.seq > ?`,
    ),
    missing: raw.prepare<[number], PaperText>(
      `SELECT p.rowid AS rowid, p.id AS id, p.title AS title, p.abstract AS abstract FROM papers p
       WHERE NOT EXISTS (SELECT 1 FROM vector_items v WHERE v.rowid = p.rowid) ORDER BY p.rowid LIMIT ?`,
    ),
    countItems: raw.prepare<[], { n: number }>('SELECT count(*) AS n FROM vector_items'),
  });
  type Statements = ReturnType<typeof statements>;
  let dims = meta.get()?.dimensions ?? 0;
  // the coarse quantizer (centroids, a few MB) for upserts, reloaded when the generation moves
  let quantizerCache: { generation: number; quantizer: CoarseQuantizer | null } | null = null;
  // the int8 lists for queries (~dim bytes per vector), loaded by the first nearest()
  let loaded: Loaded | null = null;

  const createVectorTables = () => {
    raw.exec('CREATE TABLE IF NOT EXISTS vector_items (rowid INTEGER PRIMARY KEY, vector BLOB NOT NULL)');
    raw.exec('CREATE TABLE IF NOT EXISTS vector_list_items (rowid INTEGER PRIMARY KEY, list INTEGER NOT NULL, seq INTEGER NOT NULL)');
    raw.exec('CREATE INDEX IF NOT EXISTS vector_list_items_seq ON vector_list_items(seq)');
    raw.exec('CREATE TABLE IF NOT EXISTS vector_lists (level INTEGER NOT NULL, list INTEGER NOT NULL, parent INTEGER NOT NULL, centroid BLOB NOT NULL, PRIMARY KEY (level, list))');
    raw.exec(
      'CREATE TABLE IF NOT EXISTS vector_state (id INTEGER PRIMARY KEY CHECK (id = 1), scale REAL NOT NULL, trained_on INTEGER NOT NULL, generation INTEGER NOT NULL, items INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0)',
    );
  };
  const dropAll = () => {
    for (const t of [...LEGACY_TABLES, ...TABLES]) raw.exec(`DROP TABLE IF EXISTS ${t}`);
  };

  const floats = (b: Buffer): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const readPartitions = (s: Statements): Partitions | null => {
    const rows = s.lists.all();
    const tops = rows.filter((r) => r.level === 0);
    const leaves = rows.filter((r) => r.level === 1);
    if (leaves.length === 0) return null;
    const pack = (rs: typeof rows): Float32Array => {
      const out = new Float32Array(rs.length * dims);
      rs.forEach((r, i) => out.set(floats(r.centroid), i * dims));
      return out;
    };
    const leavesOfTop: number[][] = tops.map(() => []);
    for (const l of leaves) leavesOfTop[l.parent]!.push(l.list);
    return { dim: dims, tops: pack(tops), topCount: tops.length, leaves: pack(leaves), leafCount: leaves.length, leavesOfTop };
  };
  const quantizerOf = (s: Statements, state: State): CoarseQuantizer | null => {
    if (quantizerCache?.generation !== state.generation) {
      const partitions = readPartitions(s);
      quantizerCache = { generation: state.generation, quantizer: partitions ? new CoarseQuantizer(partitions) : null };
    }
    return quantizerCache.quantizer;
  };

  /** Learns the lists from a sample of the stored vectors and rewrites every assignment. */
  const train = (s: Statements, previous: State): State => {
    const total = s.countItems.get()!.n;
    const lists = total >= trainAt ? Math.max(1, Math.round(LISTS_PER_SQRT * Math.sqrt(total))) : 1;
    const sampleSize = Math.min(total, options.sampleSize ?? Math.max(MIN_SAMPLE, SAMPLE_PER_LIST * lists));
    // reservoir sample of float16 rows, read in rowid batches
    const rowBytes = dims * 2;
    const sample = new Uint8Array(sampleSize * rowBytes);
    const random = rng(total);
    let seen = 0;
    let after = -1;
    for (;;) {
      const batch = s.itemsAfter.all(after, 10_000);
      if (batch.length === 0) break;
      for (const r of batch) {
        const j = seen < sampleSize ? seen : Math.floor(random() * (seen + 1));
        if (j < sampleSize) sample.set(r.vector, j * rowBytes);
        seen++;
      }
      after = batch[batch.length - 1]!.rowid;
    }
    const rows: HalfRows = { count: Math.min(seen, sampleSize), dim: dims, bytes: sample };
    const scale = int8Scale(rows);
    const partitions = lists > 1 ? trainPartitions(rows, lists) : null;
    raw.exec('DELETE FROM vector_lists');
    raw.exec('DELETE FROM vector_list_items');
    if (partitions) {
      const put = raw.prepare('INSERT INTO vector_lists(level, list, parent, centroid) VALUES (?, ?, ?, ?)');
      const blob = (packed: Float32Array, i: number) => Buffer.from(packed.slice(i * dims, (i + 1) * dims).buffer);
      for (let t = 0; t < partitions.topCount; t++) {
        put.run(0, t, -1, blob(partitions.tops, t));
        for (const leaf of partitions.leavesOfTop[t]!) put.run(1, leaf, t, blob(partitions.leaves, leaf));
      }
    }
    const quantizer = partitions ? new CoarseQuantizer(partitions) : null;
    const seq = previous.seq + 1;
    after = -1;
    for (;;) {
      const batch = s.itemsAfter.all(after, 10_000);
      if (batch.length === 0) break;
      for (const r of batch) s.assign.run(r.rowid, quantizer ? quantizer.assign(decodeHalf(r.vector)) : 0, seq);
      after = batch[batch.length - 1]!.rowid;
    }
    const state = { scale, trained_on: total, generation: previous.generation + 1, items: total, seq };
    s.saveState.run(state.scale, state.trained_on, state.generation, state.items, state.seq);
    quantizerCache = { generation: state.generation, quantizer };
    return state;
  };

  const needsTraining = (state: State): boolean =>
    state.items > 0 && (state.trained_on === 0 || (state.items >= trainAt && state.items >= state.trained_on * REGROW));

  /**
   * Brings the in-memory lists up to date with the database, in one read
   * snapshot: everything after a training, else the rows written since.
   */
  const sync = (s: Statements, seen: State): Loaded | null => {
    if (loaded && loaded.generation === seen.generation && loaded.seq === seen.seq) return loaded;
    return raw.transaction((): Loaded | null => {
      const state = s.state.get();
      if (!state) return null;
      if (!loaded || loaded.generation !== state.generation) {
        const quantizer = quantizerOf(s, state);
        const listCount = quantizer?.lists ?? 1;
        const lut = halfToInt8(state.scale);
        // reuse the old lists' memory: WebAssembly memory never shrinks, and a second copy would double the RSS
        const lists = loaded?.lists.dim === dims ? loaded.lists.reset(listCount, lut) : new InvertedLists(dims, listCount, lut);
        loaded = null;
        let after = -1;
        for (;;) {
          const batch = s.assignedAfter.all(after, 20_000);
          if (batch.length === 0) break;
          for (const r of batch) lists.add(r.rowid, r.list, r.vector);
          after = batch[batch.length - 1]!.rowid;
        }
        loaded = { generation: state.generation, seq: state.seq, quantizer, lists };
      } else if (state.seq !== loaded.seq) {
        for (const r of s.changedSince.iterate(loaded.seq)) loaded.lists.add(r.rowid, r.list, r.vector);
        loaded.seq = state.seq;
      }
      return loaded;
    })();
  };

  let st: Statements | null = null;
  const open = (): Statements | null => {
    if (st) return st;
    if (!meta.get()) return null;
    const names = tableNames();
    if (!names.has('vector_items')) return null;
    if (!TABLES.every((t) => names.has(t)) || LEGACY_TABLES.some((t) => names.has(t))) migrate();
    st = statements();
    return st;
  };
  /** An index of the old format (int8 codes in a sqlite-vec table): keep the vectors, relearn the rest. */
  const migrate = () => {
    raw.transaction(() => {
      for (const t of LEGACY_TABLES) raw.exec(`DROP TABLE IF EXISTS ${t}`);
      const hasSeq = raw.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('vector_state')`).all().some((c) => c.name === 'seq');
      if (tableNames().has('vector_state') && !hasSeq) raw.exec('ALTER TABLE vector_state ADD COLUMN seq INTEGER NOT NULL DEFAULT 0');
      createVectorTables();
      const s = statements();
      const previous = s.state.get() ?? NO_STATE;
      if (s.countItems.get()!.n > 0) train(s, previous);
    }).immediate();
  };
  if (meta.get()) {
    dims = meta.get()!.dimensions;
    open();
  }

  const need = (): Statements => {
    const s = open();
    if (!s) throw new Error('the vector index is not prepared: call prepare(model, dimensions) first');
    return s;
  };
  /** a share of the lists, but enough of them to scan MIN_SCAN vectors (cheap) on smaller collections */
  const defaultProbes = (lists: number, items: number) =>
    Math.min(lists, Math.max(MIN_PROBES, Math.round(lists / PROBE_SHARE), Math.ceil((lists * MIN_SCAN) / Math.max(1, items))));

  const index = {
    /** null: chosen from the number of lists */
    probes: (options.probes ?? null) as number | null,
    probesNow(): number {
      const s = open();
      const state = s?.state.get();
      const lists = s && state ? (quantizerOf(s, state)?.lists ?? 1) : 1;
      return index.probes ?? defaultProbes(lists, state?.items ?? 0);
    },
    current: () => meta.get() ?? null,
    prepare(model: string, dimensions: number): boolean {
      const now = meta.get();
      if (now && now.model === model && now.dimensions === dimensions && tablesExist()) {
        dims = dimensions;
        open();
        return false;
      }
      raw.transaction(() => {
        dropAll();
        createVectorTables();
        raw.prepare('INSERT OR REPLACE INTO search_vectors_meta(id, model, dimensions) VALUES (1, ?, ?)').run(model, dimensions);
      })();
      dims = dimensions;
      st = statements();
      quantizerCache = null;
      loaded = null;
      return now !== undefined;
    },
    upsert(items: readonly { rowid: number; vector: Float32Array }[]): void {
      if (items.length === 0) return;
      raw.transaction(() => {
        const s = need();
        const state = { ...(s.state.get() ?? NO_STATE) };
        const quantizer = quantizerOf(s, state);
        state.seq++;
        for (const { rowid, vector } of items) {
          if (vector.length !== dims) throw new Error(`vector of ${vector.length} dimensions for an index of ${dims}`);
          if (s.hasItem.get(rowid) === undefined) state.items++;
          s.insertItem.run(rowid, encodeHalf(vector));
          s.assign.run(rowid, quantizer ? quantizer.assign(vector) : 0, state.seq);
        }
        s.saveState.run(state.scale, state.trained_on, state.generation, state.items, state.seq);
        if (needsTraining(state)) train(s, state);
      }).immediate(); // take the write lock first: the state row is read, then written
    },
    nearest(vector: Float32Array, k: number): VectorHit[] {
      const s = open();
      if (!s || k <= 0) return [];
      const state = s.state.get();
      if (!state || state.items === 0) return [];
      const mem = sync(s, state);
      if (!mem) return [];
      const probes = mem.quantizer ? mem.quantizer.probe(vector, index.probes ?? defaultProbes(mem.quantizer.lists, mem.lists.size)) : [0];
      let maxAbs = 0;
      for (let i = 0; i < vector.length; i++) maxAbs = Math.max(maxAbs, Math.abs(vector[i]!));
      const code = new Int8Array(vector.length);
      if (maxAbs > 0) for (let i = 0; i < vector.length; i++) code[i] = Math.round((vector[i]! * 127) / maxAbs);
      const pool = mem.lists.scan(code, probes, Math.min(4096, Math.max(MIN_RESCORE, Math.ceil(1.5 * k))));
      const hits = s.items.all(JSON.stringify(Array.from(pool.rowids))).map((r) => ({ rowid: r.rowid, similarity: dotHalf(vector, r.vector) }));
      hits.sort((a, b) => b.similarity - a.similarity || a.rowid - b.rowid);
      return hits.slice(0, k);
    },
    vectorsOf(rowids: readonly number[]): Map<number, Float32Array> {
      const out = new Map<number, Float32Array>();
      const s = open();
      if (!s || rowids.length === 0) return out;
      for (const r of s.items.all(JSON.stringify(rowids))) out.set(r.rowid, decodeHalf(r.vector));
      return out;
    },
    exactNearest(queries: readonly Float32Array[], k: number): VectorHit[][] {
      const best = queries.map(() => [] as VectorHit[]);
      const s = open();
      if (!s || k <= 0 || queries.length === 0) return best;
      // one pass over the stored vectors, each scored against every query at once (SIMD); keep each top-k sorted
      const scorer = new RowScorer(queries.length, dims);
      queries.forEach((q, i) => scorer.setRow(i, q));
      const v = scorer.query();
      const floor = queries.map(() => -Infinity);
      let after = -1;
      for (;;) {
        const batch = s.itemsAfter.all(after, 5_000);
        if (batch.length === 0) break;
        for (const r of batch) {
          decodeHalfInto(r.vector, 0, v); // straight into the scorer's query slot
          const sims = scorer.scoreQuery();
          for (let q = 0; q < queries.length; q++) {
            const sim = sims[q]!;
            const list = best[q]!;
            if (sim <= floor[q]! && list.length >= k) continue;
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
    count: () => {
      const s = open();
      return s ? (s.state.get()?.items ?? 0) : 0;
    },
    clear(): void {
      raw.transaction(() => {
        dropAll();
        raw.exec('DELETE FROM search_vectors_meta');
      })();
      st = null;
      quantizerCache = null;
      loaded = null;
    },
  };
  return index;
}
