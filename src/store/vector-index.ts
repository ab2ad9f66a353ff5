/**
 * Paper vectors for semantic search, one per paper, all from one embedder
 * model. Engine-specific implementations: sqlite/sqlite-vector-index.ts
 * (sqlite-vec); PostgreSQL (pgvector) comes later.
 */
export interface VectorHit {
  readonly rowid: number;
  /** cosine similarity, 1 = same direction */
  readonly similarity: number;
}

export interface PaperText {
  readonly rowid: number;
  readonly id: string;
  readonly title: string;
  readonly abstract: string;
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
  upsert(items: readonly { rowid: number; vector: Float32Array }[]): void;
  nearest(vector: Float32Array, k: number): VectorHit[];
  vectorsOf(rowids: readonly number[]): Map<number, Float32Array>;
  /** papers that have no vector yet, oldest first */
  papersWithoutVector(limit: number): PaperText[];
  count(): number;
  clear(): void;
}
