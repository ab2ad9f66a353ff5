/**
 * Paper vectors for semantic search, one per paper, all from one embedder
 * model. The implementation is ivf-index.ts: an approximate IVF index whose
 * rows the store keeps (store/vectors-repo.ts), scanned in memory with
 * WebAssembly SIMD. PostgreSQL (pgvector) may bring another one later.
 */
import type { PaperText } from '../../store/vectors-repo.ts';

export type { PaperText };

export interface VectorHit {
  readonly rowid: number;
  /** cosine similarity, 1 = same direction */
  readonly similarity: number;
}

export interface VectorIndex {
  /** model and dimensions the stored vectors belong to, or null when there are none */
  current(): { model: string; dimensions: number } | null;
  /**
   * Prepares the index for `model`. When it was built for another model (or
   * dimension), every stored vector is dropped: vectors of two models never mix.
   * Returns true when that happened.
   */
  prepare(model: string, dimensions: number): boolean;
  /**
   * Stores the vectors. With `model`, only while the index still belongs to that
   * model: another process may have started it over for a new one since this
   * caller prepared it, and vectors of two models must never mix. Returns
   * whether it wrote (false: the index belongs to another model now).
   */
  upsert(items: readonly { rowid: number; vector: Float32Array }[], model?: string): boolean;
  /**
   * The k stored vectors most similar to `vector`, best first. Approximate: it
   * may miss a few true neighbours (recall@10 >= 0.95 is the goal, see
   * bench/search.ts), but the similarities it reports are exact (to the
   * ~1e-4 of float16 storage).
   */
  nearest(vector: Float32Array, k: number): VectorHit[];
  /**
   * Exact (brute-force) k nearest for each query, in one pass over every stored
   * vector: the ground truth `nearest` is measured against. Slow on large
   * collections; for tests and benchmarks.
   */
  exactNearest(queries: readonly Float32Array[], k: number): VectorHit[][];
  /** Relearns the index's partitions from the vectors stored now (upsert also does it as the collection grows). */
  rebuild(): void;
  vectorsOf(rowids: readonly number[]): Map<number, Float32Array>;
  /** papers that have no vector yet, oldest first */
  papersWithoutVector(limit: number): PaperText[];
  count(): number;
  clear(): void;
}
