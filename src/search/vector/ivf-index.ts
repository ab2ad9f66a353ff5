/**
 * The VectorIndex: an inverted-file (IVF) index. The store keeps its rows
 * (store/vectors-repo.ts, tables of migration 0006_vector_index); the coarse
 * scan runs in memory. No SQL here.
 *
 *   vectors      rowid → the paper's vector (float16, half.ts): exact scores, vectorsOf, retraining
 *   assignments  rowid → its list (IVF cell), its 4-bit code (codebook.ts, 128 bytes) and
 *                the `seq` of the write that put it there
 *   lists        list → centroid (float32) and its parent (a top-level centroid, level 0);
 *                empty until there are enough vectors to train
 *   codebook     the directions and steps the codes are made with
 *   state        vector count, how many vectors the index was trained on,
 *                `generation` (bumped by every training) and `seq` (bumped by every upsert)
 *
 * nearest(): score every centroid (SIMD, numeric/row-scorer.ts), scan the
 * `probes` nearest lists' codes (SIMD, inverted-lists.ts), rescore the best few
 * hundred with the stored float16 vectors. The first query loads the codes (not
 * the vectors) into memory: ~130–170 MB of WebAssembly memory at 1M vectors.
 * Before each query the index checks the state: a new generation (another
 * connection retrained) reloads everything, a new seq loads only the rows
 * written since (another connection, or this one, upserted). The two counters
 * never go back: clear() and prepare() for a new model carry them on, so a
 * connection that loaded the old vectors cannot mistake the new ones (written
 * by the same steps, hence reaching the same counts) for what it has.
 *
 * Below TRAIN_AT vectors there is one list and the scan is exhaustive. The
 * index is retrained (lists, codebook, and every assignment and code
 * rewritten) when the collection has doubled since the last training, so
 * there are ~4·sqrt(n) lists; `rebuild()` does it on demand. The arithmetic is
 * in training.ts, partitions.ts and codebook.ts.
 *
 * A database of an older format comes out of migration 0006 with its vectors
 * but untrained (trained_on 0); the index trains it when it opens.
 */
import type { Store } from '../../store/store.ts';
import type { VectorState } from '../../store/vectors-repo.ts';
import { RowScorer } from '../numeric/row-scorer.ts';
import { decodeHalf, decodeHalfInto, dotHalf, encodeHalf } from './half.ts';
import { InvertedLists } from './inverted-lists.ts';
import type { Codebook } from './codebook.ts';
import type { CoarseQuantizer } from './partitions.ts';
import { readTrained, train, type Trained } from './training.ts';
import type { VectorHit, VectorIndex } from './vector-index.ts';

export interface IvfOptions {
  /** lists scanned per query (more: better recall, slower); default: a ninth of the lists, enough for MIN_SCAN vectors, at least MIN_PROBES */
  readonly probes?: number;
  /** below this many vectors there is a single list (exact scan) */
  readonly trainAt?: number;
  /** vectors sampled to learn the lists; default max(MIN_SAMPLE, SAMPLE_PER_LIST × lists) */
  readonly sampleSize?: number;
}

/** The index with its tuning knobs, for benchmarks. */
export type IvfVectorIndex = VectorIndex & {
  /** lists probed per query; null: chosen from the number of lists */
  probes: number | null;
  /** candidates rescored with the stored vectors; null: max(MIN_RESCORE, RESCORE_PER_K · k) */
  rescore: number | null;
  probesNow(): number;
};

const MIN_PROBES = 32;
const PROBE_SHARE = 9;
const MIN_SCAN = 8192;
const DEFAULT_TRAIN_AT = 4096;
/** retrain when the collection has grown by this factor since the last training */
const REGROW = 2;
const EMPTY = new Uint8Array(0);
/** candidates rescored with the stored vectors: at least this many, and RESCORE_PER_K · k */
const MIN_RESCORE = 160;
const RESCORE_PER_K = 2;

const NO_STATE: VectorState = { trainedOn: 0, generation: 0, items: 0, seq: 0 };

/** What is loaded in memory, as of (generation, seq) of the state. */
interface Loaded {
  generation: number;
  seq: number;
  quantizer: CoarseQuantizer | null;
  codebook: Codebook;
  lists: InvertedLists;
}

/**
 * The vector index over `store`'s vector rows. Keep one per process and pass
 * it around (SearchService, embedMissing): each one holds its own copy of the
 * lists in memory once it has answered a query.
 */
export function openVectorIndex(store: Pick<Store, 'vectorsRepo'>, options: IvfOptions = {}): IvfVectorIndex {
  const repo = store.vectorsRepo;
  const training = { trainAt: options.trainAt ?? DEFAULT_TRAIN_AT, sampleSize: options.sampleSize };
  let dims = repo.model()?.dimensions ?? 0;
  // the centroids and codebook (a few MB) for upserts and queries, reloaded when the generation moves
  let trainedCache: Trained | null = null;
  // the codes for queries (codeBytes per vector), loaded by the first nearest()
  let loaded: Loaded | null = null;

  const trainedOf = (state: VectorState): Trained => {
    if (trainedCache?.generation !== state.generation) {
      // another connection may have started over with a model of another dimension
      dims = repo.model()?.dimensions ?? dims;
      trainedCache = readTrained(repo, dims, state.generation);
    }
    return trainedCache;
  };
  const retrain = (previous: VectorState): VectorState => {
    const { state, trained } = train(repo, dims, previous, training);
    trainedCache = trained;
    return state;
  };

  // small collections retrain at every doubling too: the codebook learned from a few vectors would not describe the rest
  const needsTraining = (state: VectorState): boolean => state.items > 0 && (state.trainedOn === 0 || state.items >= state.trainedOn * REGROW);

  /**
   * Brings the in-memory lists up to date with the database, in one read
   * snapshot: everything after a training, else the rows written since.
   */
  const sync = (seen: VectorState): Loaded | null => {
    if (loaded && loaded.generation === seen.generation && loaded.seq === seen.seq) return loaded;
    return repo.read((): Loaded | null => {
      const state = repo.state();
      if (!state) return null;
      if (!loaded || loaded.generation !== state.generation) {
        const { quantizer, codebook } = trainedOf(state);
        if (!codebook) return null;
        const listCount = quantizer?.lists ?? 1;
        // reuse the old lists' memory: WebAssembly memory never shrinks, and a second copy would double the RSS
        const lists = loaded?.lists.codeBytes === codebook.codeBytes ? loaded.lists.reset(listCount) : new InvertedLists(codebook.codeBytes, listCount);
        loaded = null;
        repo.forEachAssignment(20_000, (r) => lists.add(r.rowid, r.list, r.code));
        loaded = { generation: state.generation, seq: state.seq, quantizer, codebook, lists };
      } else if (state.seq !== loaded.seq) {
        for (const r of repo.assignedAfter(loaded.seq)) loaded.lists.add(r.rowid, r.list, r.code);
        loaded.seq = state.seq;
      }
      return loaded;
    });
  };

  let opened = false;
  /** True once there is a model; trains an index migration 0006 left untrained (an older format's vectors). */
  const open = (): boolean => {
    if (opened) return true;
    const model = repo.model();
    if (!model) return false;
    dims = model.dimensions;
    const state = repo.state();
    if (state && state.items > 0 && state.trainedOn === 0) {
      repo.write(() => {
        const now = repo.state();
        if (now && now.items > 0 && now.trainedOn === 0) retrain(now); // not another connection's job already
      });
    }
    opened = true;
    return true;
  };
  open();

  const need = (): void => {
    if (!open()) throw new Error('the vector index is not prepared: call prepare(model, dimensions) first');
  };
  /** Empties the index, leaving a state one generation (and seq) on, so other connections reload. */
  const startOver = () => {
    const previous = repo.state() ?? NO_STATE;
    repo.startOver({ trainedOn: 0, generation: previous.generation + 1, items: 0, seq: previous.seq + 1 });
  };
  /** a share of the lists, but enough of them to scan MIN_SCAN vectors (cheap) on smaller collections */
  const defaultProbes = (lists: number, items: number) =>
    Math.min(lists, Math.max(MIN_PROBES, Math.round(lists / PROBE_SHARE), Math.ceil((lists * MIN_SCAN) / Math.max(1, items))));

  const index: IvfVectorIndex = {
    probes: options.probes ?? null,
    rescore: null,
    probesNow(): number {
      const state = open() ? repo.state() : null;
      const lists = state ? (trainedOf(state).quantizer?.lists ?? 1) : 1;
      return index.probes ?? defaultProbes(lists, state?.items ?? 0);
    },
    current: () => repo.model(),
    prepare(model: string, dimensions: number): boolean {
      const same = (m: { model: string; dimensions: number } | null): boolean => m !== null && m.model === model && m.dimensions === dimensions;
      const now = repo.model();
      // read again under the write lock: another process may have prepared the same model meanwhile
      const startedOver =
        !same(now) &&
        repo.write(() => {
          if (same(repo.model())) return false;
          startOver();
          repo.setModel({ model, dimensions });
          return true;
        });
      if (!startedOver) {
        dims = dimensions;
        open();
        return false;
      }
      dims = dimensions;
      opened = true;
      trainedCache = null;
      loaded = null;
      return now !== null;
    },
    upsert(items: readonly { rowid: number; vector: Float32Array }[], model?: string): boolean {
      if (items.length === 0) return true;
      // take the write lock first: the state row (and the model) is read, then written
      return repo.write(() => {
        if (model !== undefined && repo.model()?.model !== model) return false;
        need();
        const before = repo.state() ?? NO_STATE;
        const { quantizer, codebook } = trainedOf(before);
        const seq = before.seq + 1;
        let count = before.items;
        for (const { rowid, vector } of items) {
          if (vector.length !== dims) throw new Error(`vector of ${vector.length} dimensions for an index of ${dims}`);
          if (!repo.hasVector(rowid)) count++;
          repo.putVector(rowid, encodeHalf(vector));
          // before the first training there is no codebook; the training below writes every code
          repo.assign(rowid, quantizer ? quantizer.assign(vector) : 0, seq, codebook ? codebook.encode(vector) : EMPTY);
        }
        const state: VectorState = { ...before, items: count, seq };
        repo.saveState(state);
        if (needsTraining(state)) retrain(state);
        return true;
      });
    },
    nearest(vector: Float32Array, k: number): VectorHit[] {
      if (!open() || k <= 0) return [];
      const state = repo.state();
      if (!state || state.items === 0) return [];
      const mem = sync(state);
      // a query from another model than the stored vectors' (another connection just started over)
      if (!mem || vector.length !== dims) return [];
      const probes = mem.quantizer ? mem.quantizer.probe(vector, index.probes ?? defaultProbes(mem.quantizer.lists, mem.lists.size)) : [0];
      const pool = mem.lists.scan(mem.codebook.query(vector), probes, Math.max(k, Math.min(4096, index.rescore ?? Math.max(MIN_RESCORE, RESCORE_PER_K * k))));
      const hits = repo.vectors(pool.rowids).map((r) => ({ rowid: r.rowid, similarity: dotHalf(vector, r.vector) }));
      hits.sort((a, b) => b.similarity - a.similarity || a.rowid - b.rowid);
      return hits.slice(0, k);
    },
    vectorsOf(rowids: readonly number[]): Map<number, Float32Array> {
      const out = new Map<number, Float32Array>();
      if (!open() || rowids.length === 0) return out;
      for (const r of repo.vectors(rowids)) out.set(r.rowid, decodeHalf(r.vector));
      return out;
    },
    exactNearest(queries: readonly Float32Array[], k: number): VectorHit[][] {
      const best = queries.map(() => [] as VectorHit[]);
      if (!open() || k <= 0 || queries.length === 0) return best;
      // one pass over the stored vectors, each scored against every query at once (SIMD); keep each top-k sorted
      const scorer = new RowScorer(queries.length, dims);
      queries.forEach((q, i) => scorer.setRow(i, q));
      const v = scorer.query();
      const floor = queries.map(() => -Infinity);
      repo.forEachVector(5_000, (r) => {
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
      need();
      repo.write(() => retrain(repo.state() ?? NO_STATE));
    },
    papersWithoutVector(limit: number) {
      need();
      return repo.papersWithoutVector(limit);
    },
    count: () => (open() ? (repo.state()?.items ?? 0) : 0),
    clear(): void {
      repo.write(() => {
        startOver();
        repo.forgetModel();
      });
      opened = false;
      trainedCache = null;
      loaded = null;
    },
  };
  return index;
}
