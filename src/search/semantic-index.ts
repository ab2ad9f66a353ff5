/**
 * Keeping the semantic side of search up to date: which embedder is in use,
 * training the built-in one on this instance's papers, and embedding papers
 * that have no vector yet. Resumable and idempotent: only papers without a
 * vector are embedded, and a retrained model (new name) starts the vectors over.
 */
import { countPapers } from '../store/papers-repo.ts';
import { allPaperTexts, latestModel, latestModelMeta, saveModel } from '../store/search-models-repo.ts';
import type { Store } from '../store/store.ts';
import { BUILTIN_EMBEDDER_VERSION, createBuiltinEmbedder, deserializeBuiltinModel } from './builtin/index.ts';
import type { Embedder } from './embedder.ts';
import { openEmbedder, type EmbedderSpec } from './embedder-spec.ts';
import type { SemanticSide } from './semantic-side.ts';
import type { VectorIndex } from './vector/vector-index.ts';
import { trainInWorker } from './train-in-worker.ts';

export type Progress = (phase: 'train' | 'embed', done: number, total: number) => void;

const EMBED_BATCH = 256;
/** The built-in model is retrained once the corpus has grown by half (and by at least this many papers). */
const RETRAIN_MIN_NEW_PAPERS = 200;
const RETRAIN_GROWTH = 1.5;
/** Below this many papers there is too little to learn from; search stays lexical. */
export const MIN_PAPERS_TO_TRAIN = 20;

export function shouldRetrain(trainedOn: number, papers: number): boolean {
  return papers - trainedOn >= RETRAIN_MIN_NEW_PAPERS && papers >= trainedOn * RETRAIN_GROWTH;
}

function sideOf(embedder: Embedder, vectorModel = embedder.name, builtin = false): SemanticSide {
  return { embedder, vectorModel, builtin };
}

/** The stored built-in model; `reuse` when it is that model already (deserialising one costs). */
async function storedBuiltin(store: Store, reuse: SemanticSide | null): Promise<{ side: SemanticSide; trainedOn: number } | null> {
  const meta = await latestModelMeta(store.db, BUILTIN_EMBEDDER_VERSION);
  if (!meta) return null;
  if (reuse?.builtin && reuse.vectorModel === meta.name) return { side: reuse, trainedOn: meta.trainedOn };
  const stored = await latestModel(store.db, BUILTIN_EMBEDDER_VERSION);
  if (!stored) return null;
  return { side: sideOf(createBuiltinEmbedder(deserializeBuiltinModel(stored.bytes)), stored.name, true), trainedOn: stored.trainedOn };
}

/** Trains the built-in embedder on every paper and keeps the model in the database. */
export async function trainBuiltin(store: Store, onProgress?: Progress): Promise<SemanticSide> {
  const texts = await allPaperTexts(store.db);
  const bytes = await trainInWorker(texts, (d, t) => onProgress?.('train', d, t));
  // Embed with the model exactly as stored (serialisation quantises), so documents
  // embedded now and queries embedded after a restart come from the same weights.
  const embedder = createBuiltinEmbedder(deserializeBuiltinModel(bytes));
  await saveModel(store.db, BUILTIN_EMBEDDER_VERSION, { name: embedder.name, bytes, trainedOn: texts.length, createdAt: new Date().toISOString() });
  return sideOf(embedder, embedder.name, true);
}

/** Which embedder to use: the embedder spec and, for an http one, its bearer token (Config has both). */
export interface SemanticConfig {
  readonly embedder: EmbedderSpec;
  readonly embedderApiKey: string | null;
}

/**
 * The semantic side as configured, training the built-in model when there is
 * none yet or the corpus has outgrown it (`train: 'auto'`), always (`'always'`,
 * as `paperboy reindex` does) or never. Null when there is nothing to use yet.
 * `reuse`, a side opened before, is returned as it is while it is still the
 * one to use (an ONNX or HTTP embedder is opened once; a built-in model until
 * a newer one is stored), so asking again after every change costs a query.
 */
export async function openSemantic(
  store: Store,
  embedder: SemanticConfig,
  options: { train: 'auto' | 'always' | 'never'; onProgress?: Progress; reuse?: SemanticSide | null },
): Promise<SemanticSide | null> {
  const spec = embedder.embedder;
  if (spec.kind === 'none') return null;
  const reuse = options.reuse ?? null;
  if (spec.kind !== 'builtin') {
    if (reuse && !reuse.builtin) return reuse;
    return sideOf(await openEmbedder(spec, { builtin: () => Promise.reject(new Error('unreachable')), ...(embedder.embedderApiKey ? { apiKey: embedder.embedderApiKey } : {}) }));
  }
  const stored = await storedBuiltin(store, reuse);
  if (options.train === 'never') return stored?.side ?? null;
  const papers = await countPapers(store.db);
  if (papers < MIN_PAPERS_TO_TRAIN) return stored?.side ?? null;
  if (options.train === 'always' || !stored || shouldRetrain(stored.trainedOn, papers)) return trainBuiltin(store, options.onProgress);
  return stored.side;
}

/**
 * Embeds every paper that has no vector for this side's model into `vectors`
 * (the process's index: SearchService.vectors, or openVectorIndex(store));
 * returns how many it embedded.
 */
export async function embedMissing(store: Store, vectors: VectorIndex, side: SemanticSide, onProgress?: Progress, stopped: () => boolean = () => false): Promise<number> {
  // A built-in model another process has replaced since this side was opened must not take the
  // index back from the newer one (its vectors would be wiped and re-embedded with the old model).
  if (side.builtin && (await latestModel(store.db, BUILTIN_EMBEDDER_VERSION))?.name !== side.vectorModel) return 0;
  vectors.prepare(side.vectorModel, side.embedder.dimensions);
  const total = (await countPapers(store.db)) - vectors.count();
  let done = 0;
  for (;;) {
    const batch = vectors.papersWithoutVector(EMBED_BATCH);
    if (batch.length === 0 || stopped()) break;
    const embedded = await side.embedder.embedDocuments(batch);
    // another process started the index over for another model meanwhile: it is theirs now
    if (!vectors.upsert(batch.map((p, i) => ({ rowid: p.rowid, vector: embedded[i]! })), side.vectorModel)) break;
    done += batch.length;
    onProgress?.('embed', done, Math.max(total, done));
  }
  return done;
}
