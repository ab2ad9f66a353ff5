/** What search needs to search by meaning: an embedder, and the model the stored vectors must come from. */
import type { Embedder } from './embedder.ts';

/** Semantic search is available when an embedder is ready and the vector index holds its vectors. */
export interface SemanticSide {
  readonly embedder: Embedder;
  /** the model name the vector index must have been built with */
  readonly vectorModel: string;
  /** a built-in model, stored in the database (a newer one may replace it) */
  readonly builtin?: boolean;
}
