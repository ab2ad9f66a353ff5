/**
 * What the vector index (src/search/vector/) keeps in the database, and
 * nothing of how it searches: the papers' vectors, their list assignments and
 * codes, the lists' centroids, the codebook, the counters other connections
 * watch, and which model the vectors come from. Bytes in, bytes out: the
 * encodings (float16 vectors, float32 centroids, 4-bit codes) are the index's.
 * The tables come from migration 0006_vector_index; one file per engine
 * implements it (sqlite/sqlite-vectors-repo.ts).
 *
 * Synchronous on purpose: a search reads the counters and rescoring rows in
 * the middle of in-memory work, and SQLite answers these reads in microseconds.
 */
export interface PaperText {
  readonly rowid: number;
  readonly id: string;
  readonly title: string;
  readonly abstract: string;
}

/** The model and dimensions every stored vector belongs to (`search_vectors_meta`). */
export interface VectorModel {
  readonly model: string;
  readonly dimensions: number;
}

/** The `vector_state` row. */
export interface VectorState {
  /** vectors the lists and codebook were learned from (0: not trained yet) */
  readonly trainedOn: number;
  /** bumped by every training (and start-over), so other connections know to reload everything */
  readonly generation: number;
  /** vectors stored */
  readonly items: number;
  /** bumped by every write of assignments; each assignment records the seq that wrote it */
  readonly seq: number;
}

export interface StoredVector {
  readonly rowid: number;
  readonly vector: Uint8Array;
}

export interface Assignment {
  readonly rowid: number;
  readonly list: number;
  readonly code: Uint8Array;
}

/** A list's centroid (level 1) or one of the top centroids the lists are grouped under (level 0, parent -1). */
export interface ListRow {
  readonly level: number;
  readonly list: number;
  readonly parent: number;
  readonly centroid: Uint8Array;
}

export interface CodebookRow {
  readonly reduced: number;
  readonly basis: Uint8Array;
  readonly steps: Uint8Array;
}

export interface VectorsRepo {
  /** Runs `fn` in a transaction that takes the write lock first, so what it reads stays true until it writes. */
  write<T>(fn: () => T): T;
  /** Runs `fn` in one read snapshot. */
  read<T>(fn: () => T): T;

  model(): VectorModel | null;
  setModel(model: VectorModel): void;
  forgetModel(): void;

  state(): VectorState | null;
  saveState(state: VectorState): void;
  /** Empties every vector table and writes `state`: a start-over, counters carried on by the caller. */
  startOver(state: VectorState): void;

  countVectors(): number;
  hasVector(rowid: number): boolean;
  putVector(rowid: number, vector: Uint8Array): void;
  vectors(rowids: ArrayLike<number>): StoredVector[];
  /** Every stored vector in rowid order, read `batch` rows a query. */
  forEachVector(batch: number, visit: (row: StoredVector) => void): void;

  assign(rowid: number, list: number, seq: number, code: Uint8Array): void;
  clearAssignments(): void;
  /** Every assignment in rowid order, read `batch` rows a query. */
  forEachAssignment(batch: number, visit: (row: Assignment) => void): void;
  /** The assignments written by writes after `seq`. */
  assignedAfter(seq: number): Iterable<Assignment>;

  /** Centroids ordered by level, then list. */
  lists(): ListRow[];
  clearLists(): void;
  putList(row: ListRow): void;

  codebook(): CodebookRow | null;
  saveCodebook(row: CodebookRow): void;

  /** Papers that have no vector yet, oldest first. */
  papersWithoutVector(limit: number): PaperText[];
}
