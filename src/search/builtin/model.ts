import { availableParallelism } from 'node:os';
import { trainContrastive } from './contrastive.ts';
import type { SparseRows } from './lsa.ts';
import { runLsa, runLsaOnWorker, type LsaJob, type LsaResult } from './lsa-thread.ts';
import { Rng } from '../numeric/random.ts';
import { BagBuilder, buildVocabulary, encodeTokens, tokenizeDoc, type EncodedDoc, type Vocabulary } from './vocabulary.ts';

/** A matrix stored as int8 with one scale per row (value = data * scale). */
export interface QuantizedMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Int8Array;
  readonly scales: Float32Array;
}

/**
 * The built-in embedder's model. A paper's vector is the concatenation of two
 * L2-normalised parts, weighted so that a dot product is
 * `lsaWeight * cos(lsa) + (1 - lsaWeight) * cos(contrastive)`:
 *  - `lsa`: idf-weighted sum of corpus word vectors (latent semantic analysis
 *    of the tf-idf matrix, unigrams only);
 *  - `contrastive`: a bag of unigram and hashed-bigram rows trained with
 *    in-batch negatives on (title or sentence, rest of the paper) pairs.
 */
export interface BuiltinModel {
  readonly version: 1;
  readonly vocab: Vocabulary;
  readonly lsa: QuantizedMatrix;
  readonly contrastive: QuantizedMatrix;
  readonly lsaWeight: number;
  readonly info: BuiltinModelInfo;
}

export interface BuiltinModelInfo {
  readonly documents: number;
  readonly seed: number;
  readonly epochs: number;
  readonly losses: readonly number[];
  readonly trainMs: number;
  /** wall time of each phase (LSA and contrastive overlap when the LSA ran on a worker thread) */
  readonly phaseMs: { readonly tokenize: number; readonly lsa: number; readonly contrastive: number };
  /** share of the contrastive phase's work done by its helper thread (0 or absent: none) */
  readonly contrastiveHelperShare?: number;
}

export interface BuiltinHyperparameters {
  lsaDims: number;
  contrastiveDims: number;
  lsaWeight: number;
  maxTerms: number;
  minDf: number;
  /** bigram buckets; 0 = chosen from the corpus size */
  buckets: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  temperature: number;
  dropout: number;
  titleShare: number;
  /** share of draws that use a paper's summary as its pseudo-query, for papers that have one */
  summaryShare: number;
  lsaPowerIterations: number;
  /** LSA term vector component j is scaled by sigma_j^lsaSigmaPower */
  lsaSigmaPower: number;
}

export const DEFAULT_HYPERPARAMETERS: BuiltinHyperparameters = {
  lsaDims: 256,
  contrastiveDims: 256,
  lsaWeight: 0.3,
  maxTerms: 60_000,
  minDf: 2,
  buckets: 0,
  epochs: 0,
  batchSize: 256,
  learningRate: 0.05,
  temperature: 0.1,
  dropout: 0.3,
  titleShare: 0.5,
  summaryShare: 0.5,
  lsaPowerIterations: 1,
  lsaSigmaPower: -0.5,
};

export interface TrainOptions {
  onProgress?(done: number, total: number): void;
  seed?: number;
  /** training stops starting new epochs after this long (the model stays usable) */
  timeBudgetMs?: number;
  hyperparameters?: Partial<BuiltinHyperparameters>;
  /**
   * where the LSA phase runs: on a worker thread, overlapping the contrastive
   * phase ('worker'), or before it on this thread ('inline'). Same result either
   * way. Default: 'worker' from LSA_WORKER_MIN_DOCUMENTS papers on.
   */
  lsaThread?: 'worker' | 'inline';
  /**
   * whether the contrastive phase shares each batch with a helper thread
   * ('worker': both cores once the LSA is done, and beside it before) or runs
   * on this thread alone ('inline'). Same result either way. Default: 'worker'
   * from CONTRASTIVE_WORKER_MIN_DOCUMENTS papers on, on a machine with two cores or more.
   */
  contrastiveThread?: 'worker' | 'inline';
}

/**
 * Default cap on training wall time. ~80k papers train in ~45 s on two idle
 * cores (tokenize ~5 s, then the LSA, ~20 s, on a worker beside the
 * contrastive epochs: ~940 batches of 256 shared with a helper thread, ~53 ms
 * each while the LSA runs and ~28 ms after), 60-80 s on two cores shared with
 * other jobs, so the cap only bites on a heavily loaded machine.
 */
export const DEFAULT_TIME_BUDGET_MS = 120_000;

/** Below this many papers the LSA takes a few seconds at most: not worth a thread. */
export const LSA_WORKER_MIN_DOCUMENTS = 10_000;

/** Below this many papers the contrastive phase is over in a few seconds: not worth starting a helper. */
export const CONTRASTIVE_WORKER_MIN_DOCUMENTS = 2_000;

function bucketsFor(documents: number): number {
  let b = 1024;
  while (b < documents * 2 && b < 65_536) b *= 2;
  return b;
}

function epochsFor(documents: number): number {
  return Math.max(3, Math.min(40, Math.ceil(240_000 / Math.max(1, documents))));
}

export function quantize(m: Float32Array, rows: number, cols: number): QuantizedMatrix {
  const data = new Int8Array(rows * cols);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let mx = 0;
    for (let k = 0; k < cols; k++) mx = Math.max(mx, Math.abs(m[r * cols + k]!));
    const s = mx > 0 ? mx / 127 : 0;
    scales[r] = s;
    if (s > 0) for (let k = 0; k < cols; k++) data[r * cols + k] = Math.round(m[r * cols + k]! / s);
  }
  return { rows, cols, data, scales };
}

/** A paper as training reads it: its tokens as vocabulary ids, where the title ends, where sentences start. */
export function encodeDocument(title: string, abstract: string, vocab: Vocabulary): EncodedDoc {
  return encodeTokenized(tokenizeDoc(title, abstract), vocab);
}

function encodeTokenized(t: ReturnType<typeof tokenizeDoc>, vocab: Vocabulary): EncodedDoc {
  return { ids: encodeTokens(t.tokens, vocab), titleEnd: t.titleEnd, sentenceStarts: Int32Array.from(t.sentenceStarts) };
}

function tfidfRows(docs: readonly EncodedDoc[], vocab: Vocabulary): SparseRows {
  const V = vocab.terms.length;
  const noBigrams: Vocabulary = { ...vocab, buckets: 0 };
  const bag = new BagBuilder(noBigrams, 8192);
  const rowPtr = new Int32Array(docs.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  docs.forEach((doc, r) => {
    bag.reset();
    bag.addSpan(doc.ids, 0, doc.ids.length);
    bag.finish();
    let s = 0;
    for (let i = 0; i < bag.length; i++) s += bag.weights[i]! * bag.weights[i]!;
    const norm = Math.sqrt(s) || 1;
    for (let i = 0; i < bag.length; i++) {
      cols.push(bag.ids[i]!);
      vals.push(bag.weights[i]! / norm);
    }
    rowPtr[r + 1] = cols.length;
  });
  return { rows: docs.length, cols: V, rowPtr, colIdx: Int32Array.from(cols), values: Float32Array.from(vals) };
}

/**
 * A paper as training reads it. `summary`: a one-line description written
 * elsewhere (Daily Papers' ai_summary), used only as a training pseudo-query,
 * never part of the paper's own vector or vocabulary.
 */
export interface TrainingText {
  readonly title: string;
  readonly abstract: string;
  readonly summary?: string | null;
}

/**
 * Learns a model from the instance's own papers. Deterministic for a seed
 * (whichever threads the LSA and the contrastive batches run on) as long as the time budget (DEFAULT_TIME_BUDGET_MS) does not cut training short: the
 * budget is a hard cap on the contrastive phase (checked every batch), and a
 * model cut short is still complete and usable, only less trained. Epochs
 * scale down with corpus size (40 for a few thousand papers, 3 at ~85k).
 * Tiny corpora work (a handful of papers gives a weak but valid model; an
 * empty one gives all-zero vectors).
 */
export async function trainBuiltinModel(
  docs: readonly TrainingText[],
  options: TrainOptions = {},
): Promise<BuiltinModel> {
  const started = Date.now();
  const hp: BuiltinHyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...options.hyperparameters };
  const seed = options.seed ?? 1;
  const deadline = started + (options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
  const rng = new Rng(seed);
  const n = docs.length;
  const epochs = hp.epochs > 0 ? hp.epochs : epochsFor(n);
  const total = n * (2 + epochs);
  const progress = (done: number) => options.onProgress?.(Math.min(done, total), total);
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  const tokenized = docs.map((d) => tokenizeDoc(d.title ?? '', d.abstract ?? ''));
  const vocab = buildVocabulary(
    tokenized.map((t) => t.tokens),
    { maxTerms: hp.maxTerms, minDf: hp.minDf, buckets: hp.buckets > 0 ? hp.buckets : bucketsFor(n) },
  );
  // tokenized once above (the vocabulary needs the tokens first), then encoded as encodeDocument does
  const encoded: EncodedDoc[] = tokenized.map((t, i) => {
    const doc = encodeTokenized(t, vocab);
    const summary = docs[i]!.summary;
    return summary ? { ...doc, summary: encodeTokens(tokenizeDoc('', summary).tokens, vocab) } : doc;
  });
  progress(n);
  await tick();
  const tokenizeMs = Date.now() - started;

  const V = vocab.terms.length;
  // the LSA has its own seed, so it can run beside the contrastive phase
  const lsaJob: LsaJob = { x: tfidfRows(encoded, vocab), dims: hp.lsaDims, seed: (seed ^ 0x15a15a) >>> 0, powerIterations: hp.lsaPowerIterations, sigmaPower: hp.lsaSigmaPower };
  const onWorker = (options.lsaThread ?? (n >= LSA_WORKER_MIN_DOCUMENTS ? 'worker' : 'inline')) === 'worker';
  let lsa: LsaResult | undefined;
  let lsaPending: Promise<LsaResult> | undefined;
  if (onWorker) {
    lsaPending = runLsaOnWorker(lsaJob).then((r) => (lsa = r));
  } else {
    lsa = runLsa(lsaJob);
    progress(2 * n);
    await tick();
  }
  const contrastiveStarted = Date.now();

  const result = trainContrastive(encoded, vocab, {
    dims: hp.contrastiveDims,
    epochs,
    batchSize: hp.batchSize,
    learningRate: hp.learningRate,
    temperature: hp.temperature,
    dropout: hp.dropout,
    titleShare: hp.titleShare,
    summaryShare: hp.summaryShare,
    deadline,
    thread: options.contrastiveThread ?? (n >= CONTRASTIVE_WORKER_MIN_DOCUMENTS && availableParallelism() > 1 ? 'worker' : 'inline'),
    onBatch: (done) => progress((lsa ? 2 * n : n) + done),
  }, rng);
  const contrastiveMs = Date.now() - contrastiveStarted;
  const lsaDone = lsa ?? (await lsaPending!);
  progress(total);

  return {
    version: 1,
    vocab,
    lsa: quantize(lsaDone.vectors, V, hp.lsaDims),
    contrastive: quantize(result.table, V + vocab.buckets, hp.contrastiveDims),
    lsaWeight: hp.lsaWeight,
    info: { documents: n, seed, epochs: result.epochsRun, losses: result.losses, trainMs: Date.now() - started,
      phaseMs: { tokenize: tokenizeMs, lsa: lsaDone.ms, contrastive: contrastiveMs }, contrastiveHelperShare: result.helperShare },
  };
}
