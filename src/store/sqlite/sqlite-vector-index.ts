/**
 * VectorIndex on SQLite: an inverted-file (IVF) index. SQLite is the durable
 * store; the coarse scan runs in memory.
 *
 *   vector_items       rowid → the paper's vector (float16): exact scores, vectorsOf, retraining
 *   vector_list_items  rowid → its list (IVF cell), its 4-bit code (codebook.ts, 128 bytes) and
 *                      the `seq` of the write that put it there
 *   vector_lists       list → centroid (float32) and its parent (a top-level centroid, level 0);
 *                      empty until there are enough vectors to train
 *   vector_codebook    the directions and steps the codes are made with
 *   vector_state       vector count, how many vectors the index was trained on,
 *                      `generation` (bumped by every training) and `seq` (bumped by every upsert)
 *
 * nearest(): score every centroid (SIMD, row-scorer.ts), scan the `probes`
 * nearest lists' codes (SIMD, inverted-lists.ts), rescore the best few hundred
 * with the stored float16 vectors. The first query loads the codes (not the
 * vectors) into memory: ~130–170 MB of WebAssembly memory at 1M vectors. Before each query the index
 * checks vector_state: a new generation (another connection retrained)
 * reloads everything, a new seq loads only the rows written since (another
 * connection, or this one, upserted). The two counters never go back: clear()
 * and prepare() for a new model carry them on into the fresh tables, so a
 * connection that loaded the old vectors cannot mistake the new ones (written
 * by the same steps, hence reaching the same counts) for what it has.
 *
 * Below TRAIN_AT vectors there is one list and the scan is exhaustive. The
 * index is retrained (lists, codebook, and every assignment and code
 * rewritten) when the collection has doubled since the last training, so
 * there are ~LISTS_PER_SQRT·sqrt(n) lists; `rebuild()` does it on demand. The
 * arithmetic is in ivf.ts and codebook.ts.
 *
 * Older formats are migrated on open, keeping vector_items and retraining the
 * rest: int8 codes in a sqlite-vec table (vector_codes), and lists without
 * stored codes (codes computed from the vectors at load).
 */
import type SqliteDatabase from 'better-sqlite3';
import type { PaperText, VectorHit, VectorIndex } from '../vector-index.ts';
import { rng } from '../../search/numeric/random.ts';
import { RowScorer } from '../../search/numeric/row-scorer.ts';
import { Codebook, learnCodebook } from '../../search/vector/codebook.ts';
import { decodeHalf, decodeHalfInto, dotHalf, encodeHalf, type HalfRows } from '../../search/vector/half.ts';
import { InvertedLists } from '../../search/vector/inverted-lists.ts';
import { CoarseQuantizer, trainPartitions, type Partitions } from '../../search/vector/partitions.ts';

export interface IvfOptions {
  /** lists scanned per query (more: better recall, slower); default: a ninth of the lists, enough for MIN_SCAN vectors, at least MIN_PROBES */
  readonly probes?: number;
  /** below this many vectors there is a single list (exact scan) */
  readonly trainAt?: number;
  /** vectors sampled to learn the lists; default max(MIN_SAMPLE, SAMPLE_PER_LIST × lists) */
  readonly sampleSize?: number;
}

const MIN_PROBES = 32;
const PROBE_SHARE = 9;
const MIN_SCAN = 8192;
const LISTS_PER_SQRT = 4;
const DEFAULT_TRAIN_AT = 4096;
const MIN_SAMPLE = 30_000;
const SAMPLE_PER_LIST = 25;
/** retrain when the collection has grown by this factor since the last training */
const REGROW = 2;
const EMPTY = Buffer.alloc(0);
/** candidates rescored with the stored vectors: at least this many, and RESCORE_PER_K · k */
const MIN_RESCORE = 160;
const RESCORE_PER_K = 2;
const LEGACY_TABLES = ['paper_vectors', 'vector_codes'];
const TABLES = ['vector_items', 'vector_list_items', 'vector_lists', 'vector_codebook', 'vector_state'];

interface State {
  trained_on: number;
  /** bumped by every training, so other connections know to reload everything */
  generation: number;
  items: number;
  /** bumped by every upsert; vector_list_items.seq says which upsert wrote a row */
  seq: number;
}
const NO_STATE: State = { trained_on: 0, generation: 0, items: 0, seq: 0 };

/** Visits every row of a `… WHERE rowid > ? ORDER BY rowid LIMIT ?` statement, `size` rows a query. */
function forEachRowAfter<R extends { rowid: number }>(stmt: SqliteDatabase.Statement<[number, number], R>, size: number, visit: (row: R) => void): void {
  let after = -1;
  for (;;) {
    const batch = stmt.all(after, size);
    if (batch.length === 0) return;
    for (const r of batch) visit(r);
    after = batch[batch.length - 1]!.rowid;
  }
}

/** What a training learned: the lists' centroids (none below TRAIN_AT) and the codebook. */
interface Trained {
  generation: number;
  quantizer: CoarseQuantizer | null;
  codebook: Codebook | null;
}

/** What is loaded in memory, as of (generation, seq) of vector_state. */
interface Loaded {
  generation: number;
  seq: number;
  quantizer: CoarseQuantizer | null;
  codebook: Codebook;
  lists: InvertedLists;
}

export function sqliteVectorIndex(
  raw: SqliteDatabase.Database,
  options: IvfOptions = {},
): VectorIndex & { probes: number | null; rescore: number | null; probesNow(): number } {
  const trainAt = options.trainAt ?? DEFAULT_TRAIN_AT;
  const meta = raw.prepare<[], { model: string; dimensions: number }>('SELECT model, dimensions FROM search_vectors_meta WHERE id = 1');
  const tableNames = (): Set<string> => new Set(raw.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`).pluck().all());
  const tablesExist = (): boolean => {
    const names = tableNames();
    return TABLES.every((t) => names.has(t));
  };

  const statements = () => ({
    state: raw.prepare<[], State>('SELECT trained_on, generation, items, seq FROM vector_state WHERE id = 1'),
    saveState: raw.prepare<[number, number, number, number]>('INSERT OR REPLACE INTO vector_state(id, trained_on, generation, items, seq) VALUES (1, ?, ?, ?, ?)'),
    lists: raw.prepare<[], { level: number; list: number; parent: number; centroid: Buffer }>('SELECT level, list, parent, centroid FROM vector_lists ORDER BY level, list'),
    codebook: raw.prepare<[], { reduced: number; basis: Buffer; steps: Buffer }>('SELECT reduced, basis, steps FROM vector_codebook WHERE id = 1'),
    saveCodebook: raw.prepare<[number, Buffer, Buffer]>('INSERT OR REPLACE INTO vector_codebook(id, reduced, basis, steps) VALUES (1, ?, ?, ?)'),
    insertItem: raw.prepare('INSERT OR REPLACE INTO vector_items(rowid, vector) VALUES (?, ?)'),
    hasItem: raw.prepare<[number], { one: number }>('SELECT 1 AS one FROM vector_items WHERE rowid = ?'),
    assign: raw.prepare<[number, number, number, Buffer]>('INSERT OR REPLACE INTO vector_list_items(rowid, list, seq, code) VALUES (?, ?, ?, ?)'),
    items: raw.prepare<[string], { rowid: number; vector: Buffer }>('SELECT rowid, vector FROM vector_items WHERE rowid IN (SELECT value FROM json_each(?))'),
    itemsAfter: raw.prepare<[number, number], { rowid: number; vector: Buffer }>('SELECT rowid, vector FROM vector_items WHERE rowid > ? ORDER BY rowid LIMIT ?'),
    codesAfter: raw.prepare<[number, number], { rowid: number; list: number; code: Buffer }>(
      'SELECT rowid, list, code FROM vector_list_items WHERE rowid > ? ORDER BY rowid LIMIT ?',
    ),
    changedSince: raw.prepare<[number], { rowid: number; list: number; code: Buffer }>('SELECT rowid, list, code FROM vector_list_items WHERE seq > ?'),
    missing: raw.prepare<[number], PaperText>(
      `SELECT p.rowid AS rowid, p.id AS id, p.title AS title, p.abstract AS abstract FROM papers p
       WHERE NOT EXISTS (SELECT 1 FROM vector_items v WHERE v.rowid = p.rowid) ORDER BY p.rowid LIMIT ?`,
    ),
    countItems: raw.prepare<[], { n: number }>('SELECT count(*) AS n FROM vector_items'),
  });
  type Statements = ReturnType<typeof statements>;
  let dims = meta.get()?.dimensions ?? 0;
  // the centroids and codebook (a few MB) for upserts and queries, reloaded when the generation moves
  let trainedCache: Trained | null = null;
  // the codes for queries (codeBytes per vector), loaded by the first nearest()
  let loaded: Loaded | null = null;

  const createVectorTables = () => {
    raw.exec('CREATE TABLE IF NOT EXISTS vector_items (rowid INTEGER PRIMARY KEY, vector BLOB NOT NULL)');
    raw.exec('CREATE TABLE IF NOT EXISTS vector_list_items (rowid INTEGER PRIMARY KEY, list INTEGER NOT NULL, seq INTEGER NOT NULL, code BLOB NOT NULL)');
    raw.exec('CREATE INDEX IF NOT EXISTS vector_list_items_seq ON vector_list_items(seq)');
    raw.exec('CREATE TABLE IF NOT EXISTS vector_lists (level INTEGER NOT NULL, list INTEGER NOT NULL, parent INTEGER NOT NULL, centroid BLOB NOT NULL, PRIMARY KEY (level, list))');
    raw.exec('CREATE TABLE IF NOT EXISTS vector_codebook (id INTEGER PRIMARY KEY CHECK (id = 1), reduced INTEGER NOT NULL, basis BLOB NOT NULL, steps BLOB NOT NULL)');
    raw.exec(
      'CREATE TABLE IF NOT EXISTS vector_state (id INTEGER PRIMARY KEY CHECK (id = 1), trained_on INTEGER NOT NULL, generation INTEGER NOT NULL, items INTEGER NOT NULL, seq INTEGER NOT NULL)',
    );
  };
  const columnsOf = (table: string): Set<string> => new Set(raw.prepare<[string], string>('SELECT name FROM pragma_table_info(?)').pluck().all(table));
  /** generation and seq as stored (zero when there are none), for a fresh set of tables to carry on from */
  const storedCounters = (): State => {
    if (!tableNames().has('vector_state')) return NO_STATE;
    const row = raw.prepare(`SELECT generation, ${columnsOf('vector_state').has('seq') ? 'seq' : '0 AS seq'} FROM vector_state WHERE id = 1`).get() as
      | { generation: number; seq: number }
      | undefined;
    return row ? { ...NO_STATE, generation: row.generation, seq: row.seq } : NO_STATE;
  };
  /** Drops every table, leaving an empty vector_state one generation on, so other connections reload. */
  const dropAll = () => {
    const previous = storedCounters();
    for (const t of [...LEGACY_TABLES, ...TABLES]) raw.exec(`DROP TABLE IF EXISTS ${t}`);
    createVectorTables();
    raw.prepare('INSERT INTO vector_state(id, trained_on, generation, items, seq) VALUES (1, 0, ?, 0, ?)').run(previous.generation + 1, previous.seq + 1);
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
  const readCodebook = (s: Statements): Codebook | null => {
    const row = s.codebook.get();
    if (!row) return null;
    return new Codebook({ dim: dims, reduced: row.reduced, basis: floats(row.basis), steps: floats(row.steps) });
  };
  const trainedOf = (s: Statements, state: State): Trained => {
    if (trainedCache?.generation !== state.generation) {
      // another connection may have started over with a model of another dimension
      dims = meta.get()?.dimensions ?? dims;
      const partitions = readPartitions(s);
      trainedCache = { generation: state.generation, quantizer: partitions ? new CoarseQuantizer(partitions) : null, codebook: readCodebook(s) };
    }
    return trainedCache;
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
    forEachRowAfter(s.itemsAfter, 10_000, (r) => {
      const j = seen < sampleSize ? seen : Math.floor(random() * (seen + 1));
      if (j < sampleSize) sample.set(r.vector, j * rowBytes);
      seen++;
    });
    const rows: HalfRows = { count: Math.min(seen, sampleSize), dim: dims, bytes: sample };
    const codebookData = learnCodebook(rows);
    const codebook = new Codebook(codebookData);
    const blobOf = (f: Float32Array) => Buffer.from(f.buffer, f.byteOffset, f.byteLength);
    s.saveCodebook.run(codebookData.reduced, blobOf(codebookData.basis), blobOf(codebookData.steps));
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
    forEachRowAfter(s.itemsAfter, 10_000, (r) => {
      const v = decodeHalf(r.vector);
      s.assign.run(r.rowid, quantizer ? quantizer.assign(v) : 0, seq, codebook.encode(v));
    });
    const state = { trained_on: total, generation: previous.generation + 1, items: total, seq };
    s.saveState.run(state.trained_on, state.generation, state.items, state.seq);
    trainedCache = { generation: state.generation, quantizer, codebook };
    return state;
  };

  // small collections retrain at every doubling too: the codebook learned from a few vectors would not describe the rest
  const needsTraining = (state: State): boolean => state.items > 0 && (state.trained_on === 0 || state.items >= state.trained_on * REGROW);

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
        const { quantizer, codebook } = trainedOf(s, state);
        if (!codebook) return null;
        const listCount = quantizer?.lists ?? 1;
        // reuse the old lists' memory: WebAssembly memory never shrinks, and a second copy would double the RSS
        const lists = loaded?.lists.codeBytes === codebook.codeBytes ? loaded.lists.reset(listCount) : new InvertedLists(codebook.codeBytes, listCount);
        loaded = null;
        forEachRowAfter(s.codesAfter, 20_000, (r) => lists.add(r.rowid, r.list, r.code));
        loaded = { generation: state.generation, seq: state.seq, quantizer, codebook, lists };
      } else if (state.seq !== loaded.seq) {
        for (const r of s.changedSince.iterate(loaded.seq)) loaded.lists.add(r.rowid, r.list, r.code);
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
    if (!TABLES.every((t) => names.has(t)) || LEGACY_TABLES.some((t) => names.has(t)) || !columnsOf('vector_list_items').has('code')) migrate();
    st = statements();
    return st;
  };
  /**
   * An index of an older format (int8 codes in a sqlite-vec table, or lists
   * without stored codes): keep the vectors, relearn the rest. The generation
   * and seq carry on, so other connections see the change.
   */
  const migrate = () => {
    raw.transaction(() => {
      const previous = storedCounters();
      for (const t of [...LEGACY_TABLES, 'vector_list_items', 'vector_codebook', 'vector_state']) raw.exec(`DROP TABLE IF EXISTS ${t}`);
      createVectorTables();
      const s = statements();
      if (s.countItems.get()!.n > 0) train(s, previous);
      else s.saveState.run(0, previous.generation + 1, 0, previous.seq);
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
    /** candidates rescored with the stored vectors; null: max(MIN_RESCORE, RESCORE_PER_K · k) */
    rescore: null as number | null,
    probesNow(): number {
      const s = open();
      const state = s?.state.get();
      const lists = s && state ? (trainedOf(s, state).quantizer?.lists ?? 1) : 1;
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
        raw.prepare('INSERT OR REPLACE INTO search_vectors_meta(id, model, dimensions) VALUES (1, ?, ?)').run(model, dimensions);
      })();
      dims = dimensions;
      st = statements();
      trainedCache = null;
      loaded = null;
      return now !== undefined;
    },
    upsert(items: readonly { rowid: number; vector: Float32Array }[]): void {
      if (items.length === 0) return;
      raw.transaction(() => {
        const s = need();
        const state = { ...(s.state.get() ?? NO_STATE) };
        const { quantizer, codebook } = trainedOf(s, state);
        state.seq++;
        for (const { rowid, vector } of items) {
          if (vector.length !== dims) throw new Error(`vector of ${vector.length} dimensions for an index of ${dims}`);
          if (s.hasItem.get(rowid) === undefined) state.items++;
          s.insertItem.run(rowid, encodeHalf(vector));
          // before the first training there is no codebook; the training below writes every code
          s.assign.run(rowid, quantizer ? quantizer.assign(vector) : 0, state.seq, codebook ? codebook.encode(vector) : EMPTY);
        }
        s.saveState.run(state.trained_on, state.generation, state.items, state.seq);
        if (needsTraining(state)) train(s, state);
      }).immediate(); // take the write lock first: the state row is read, then written
    },
    nearest(vector: Float32Array, k: number): VectorHit[] {
      const s = open();
      if (!s || k <= 0) return [];
      const state = s.state.get();
      if (!state || state.items === 0) return [];
      const mem = sync(s, state);
      // a query from another model than the stored vectors' (another connection just started over)
      if (!mem || vector.length !== dims) return [];
      const probes = mem.quantizer ? mem.quantizer.probe(vector, index.probes ?? defaultProbes(mem.quantizer.lists, mem.lists.size)) : [0];
      const pool = mem.lists.scan(mem.codebook.query(vector), probes, Math.max(k, Math.min(4096, index.rescore ?? Math.max(MIN_RESCORE, RESCORE_PER_K * k))));
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
      forEachRowAfter(s.itemsAfter, 5_000, (r) => {
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
      });
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
      trainedCache = null;
      loaded = null;
    },
  };
  return index;
}
