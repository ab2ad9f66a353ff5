import type { BuiltinModel, QuantizedMatrix } from './model.ts';
import { encodeDocument } from './model.ts';
import { tokenize } from './tokenize.ts';
import { BagBuilder, encodeTokens, type Vocabulary } from './vocabulary.ts';

function accumulate(bag: BagBuilder, m: QuantizedMatrix, out: Float32Array, offset: number, rowLimit: number): number {
  const d = m.cols;
  for (let i = 0; i < bag.length; i++) {
    const row = bag.ids[i]!;
    if (row >= rowLimit) continue;
    const w = bag.weights[i]! * m.scales[row]!;
    if (w === 0) continue;
    const r = row * d;
    for (let k = 0; k < d; k++) out[offset + k] = out[offset + k]! + (w * m.data[r + k]!);
  }
  let s = 0;
  for (let k = 0; k < d; k++) s += out[offset + k]! * out[offset + k]!;
  return Math.sqrt(s);
}

/** Vectors of a model, reusing scratch space between calls (not re-entrant). */
export class BuiltinVectorizer {
  private readonly bag: BagBuilder;
  readonly dimensions: number;
  constructor(private readonly model: BuiltinModel) {
    this.bag = new BagBuilder(model.vocab, 16_384);
    this.dimensions = model.lsa.cols + model.contrastive.cols;
  }

  /** a text's vector from its term ids (-1 = unknown); all zeros when no word is known */
  vectorOf(ids: Int32Array): Float32Array {
    const { lsa, contrastive, lsaWeight, vocab } = this.model;
    const out = new Float32Array(this.dimensions);
    this.bag.reset();
    this.bag.addSpan(ids, 0, ids.length);
    this.bag.finish();
    const nl = accumulate(this.bag, lsa, out, 0, vocab.terms.length);
    const nc = accumulate(this.bag, contrastive, out, lsa.cols, Infinity);
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

  document(title: string, abstract: string): Float32Array {
    return this.vectorOf(encodeDocument(title, abstract, this.model.vocab).ids);
  }

  query(text: string): Float32Array {
    return this.vectorOf(encodeTokens(tokenize(text), this.model.vocab as Vocabulary));
  }
}
