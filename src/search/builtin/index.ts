/**
 * The built-in offline embedder: learned from this instance's own papers (no
 * download), see model.ts for what it is and bench/quality/ for what it buys.
 */
import type { Embedder, EmbeddingInput } from '../embedder.ts';
import { BuiltinVectorizer } from './embed.ts';
import type { BuiltinModel } from './model.ts';

export { trainBuiltinModel, DEFAULT_HYPERPARAMETERS } from './model.ts';
export type { BuiltinModel, BuiltinHyperparameters, TrainOptions, TrainingText } from './model.ts';
export { serializeBuiltinModel, deserializeBuiltinModel, builtinModelFingerprint } from './serialize.ts';
import { builtinModelFingerprint } from './serialize.ts';

export const BUILTIN_EMBEDDER_VERSION = 'builtin-v1';

/**
 * An Embedder over a trained model. Its name is `builtin-v1:<fingerprint>`: a
 * retrained model gets a new name, so vectors of two trainings are never mixed.
 */
export function createBuiltinEmbedder(model: BuiltinModel): Embedder {
  const vectorizer = new BuiltinVectorizer(model);
  const name = `${BUILTIN_EMBEDDER_VERSION}:${builtinModelFingerprint(model)}`;
  return {
    name,
    dimensions: vectorizer.dimensions,
    async embedDocuments(docs: readonly EmbeddingInput[]): Promise<Float32Array[]> {
      const out: Float32Array[] = [];
      for (let i = 0; i < docs.length; i++) {
        out.push(vectorizer.document(docs[i]!.title ?? '', docs[i]!.abstract ?? ''));
        // yield now and then so a big batch does not starve the event loop
        if (i % 2000 === 1999) await new Promise<void>((r) => setImmediate(r));
      }
      return out;
    },
    async embedQuery(query: string): Promise<Float32Array> {
      return vectorizer.query(query);
    },
  };
}
