import { addInt8Rows } from '../numeric/kernels.ts';
import type { BuiltinModel, QuantizedMatrix } from './model.ts';
import { stem, words } from './tokenize.ts';
import { BagBuilder, type Vocabulary } from './vocabulary.ts';

/** Surface words remembered per vectorizer (word -> term id) before the cache starts over. */
const WORD_CACHE_LIMIT = 300_000;

/** Vectors of a model, reusing scratch space between calls (not re-entrant). */
export class BuiltinVectorizer {
  private readonly bag: BagBuilder;
  private readonly rowWeights: Float64Array;
  private readonly rowIds: Int32Array;
  private readonly acc: Float64Array;
  /** folded word -> term id (-1 = unknown): one lookup per word instead of stem + vocabulary */
  private readonly wordIds = new Map<string, number>();
  readonly dimensions: number;

  constructor(private readonly model: BuiltinModel) {
    this.bag = new BagBuilder(model.vocab, 16_384);
    this.rowWeights = new Float64Array(16_384);
    this.rowIds = new Int32Array(16_384);
    this.acc = new Float64Array(Math.max(model.lsa.cols, model.contrastive.cols));
    this.dimensions = model.lsa.cols + model.contrastive.cols;
  }

  /** out[offset, offset + m.cols) = sum of the bag's rows of `m` below rowLimit (weight x row scale); returns its norm */
  private accumulate(m: QuantizedMatrix, rowLimit: number, out: Float32Array, offset: number): number {
    const { bag, rowIds, rowWeights, acc } = this;
    let n = 0;
    for (let i = 0; i < bag.length; i++) {
      const row = bag.ids[i]!;
      if (row >= rowLimit) continue;
      const w = bag.weights[i]! * m.scales[row]!;
      if (w === 0) continue;
      rowIds[n] = row;
      rowWeights[n] = w;
      n++;
    }
    const d = m.cols;
    acc.fill(0, 0, d);
    addInt8Rows(acc, m.data, d, rowIds, rowWeights, n);
    let s = 0;
    for (let k = 0; k < d; k++) {
      out[offset + k] = acc[k]!;
      s += acc[k]! * acc[k]!;
    }
    return Math.sqrt(s);
  }

  /** a text's vector from its term ids (-1 = unknown); all zeros when no word is known */
  vectorOf(ids: Int32Array): Float32Array {
    const { lsa, contrastive, lsaWeight, vocab } = this.model;
    const out = new Float32Array(this.dimensions);
    this.bag.reset();
    this.bag.addSpan(ids, 0, ids.length);
    this.bag.finish();
    const nl = this.accumulate(lsa, vocab.terms.length, out, 0);
    const nc = this.accumulate(contrastive, Infinity, out, lsa.cols);
    const a = nl > 0 ? Math.sqrt(lsaWeight) / nl : 0;
    const c = nc > 0 ? Math.sqrt(1 - lsaWeight) / nc : 0;
    for (let k = 0; k < lsa.cols; k++) out[k] = out[k]! * (a);
    for (let k = lsa.cols; k < out.length; k++) out[k] = out[k]! * (c);
    let s = 0;
    for (let k = 0; k < out.length; k++) s += out[k]! * out[k]!;
    const norm = Math.sqrt(s);
    if (norm > 0) for (let k = 0; k < out.length; k++) out[k] = out[k]! / (norm);
    return out;
  }

  /** term ids of the texts' words, one after the other (as training reads a paper: title, then abstract) */
  idsOf(...texts: string[]): Int32Array {
    const ws = texts.length === 1 ? words(texts[0]!) : texts.flatMap(words);
    const ids = new Int32Array(ws.length);
    const index = (this.model.vocab as Vocabulary).index;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      let id = this.wordIds.get(w);
      if (id === undefined) {
        id = index.get(stem(w)) ?? -1;
        if (this.wordIds.size >= WORD_CACHE_LIMIT) this.wordIds.clear();
        this.wordIds.set(w, id);
      }
      ids[i] = id;
    }
    return ids;
  }

  document(title: string, abstract: string): Float32Array {
    return this.vectorOf(this.idsOf(title, abstract));
  }

  query(text: string): Float32Array {
    return this.vectorOf(this.idsOf(text));
  }
}
