import { splitSentences, tokenize } from './tokenize.ts';

/**
 * The model's vocabulary: stemmed unigrams kept by document frequency, plus
 * adjacent unigram pairs hashed into a fixed number of buckets. Row `u` of a
 * model matrix is unigram `u`; row `terms.length + b` is bigram bucket `b`.
 */
export interface Vocabulary {
  readonly terms: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** per unigram: BM25-style idf */
  readonly idf: Float32Array;
  readonly buckets: number;
  /** per bigram bucket: idf of the bucket (0 for a bucket never seen) */
  readonly bucketIdf: Float32Array;
  readonly documents: number;
}

export interface VocabularyOptions {
  readonly maxTerms: number;
  readonly minDf: number;
  readonly buckets: number;
}

export function idfOf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export function bigramBucket(a: number, b: number, buckets: number): number {
  let h = Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 7, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) % buckets;
}

/** A paper as the model reads it: term ids (-1 = unknown word), title first. */
export interface EncodedDoc {
  readonly ids: Int32Array;
  /** ids[0, titleEnd) are the title */
  readonly titleEnd: number;
  /** start offsets of abstract sentences within ids, ascending, first = titleEnd */
  readonly sentenceStarts: Int32Array;
  /** term ids of a short description of the paper written elsewhere (a summary), if it has one */
  readonly summary?: Int32Array;
}

export function buildVocabulary(tokenized: readonly (readonly string[])[], options: VocabularyOptions): Vocabulary {
  const n = tokenized.length;
  const df = new Map<string, number>();
  for (const toks of tokenized) {
    for (const t of new Set(toks)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const minDf = n >= 50 ? options.minDf : 1;
  const kept = [...df.entries()]
    .filter(([t, c]) => c >= minDf && t.length >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, options.maxTerms);
  const terms = kept.map(([t]) => t);
  const index = new Map<string, number>();
  terms.forEach((t, i) => index.set(t, i));
  const idf = new Float32Array(terms.length);
  kept.forEach(([, c], i) => (idf[i] = idfOf(c, n)));

  const bucketDf = new Int32Array(options.buckets);
  const seen = new Int32Array(options.buckets).fill(-1);
  tokenized.forEach((toks, d) => {
    let prev = -1;
    for (const t of toks) {
      const id = index.get(t) ?? -1;
      if (prev >= 0 && id >= 0) {
        const b = bigramBucket(prev, id, options.buckets);
        if (seen[b] !== d) {
          seen[b] = d;
          bucketDf[b]!++;
        }
      }
      prev = id;
    }
  });
  const bucketIdf = new Float32Array(options.buckets);
  for (let b = 0; b < options.buckets; b++) if (bucketDf[b]! > 0) bucketIdf[b] = idfOf(bucketDf[b]!, n);
  return { terms, index, idf, buckets: options.buckets, bucketIdf, documents: n };
}

export function encodeTokens(tokens: readonly string[], vocab: Vocabulary): Int32Array {
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) ids[i] = vocab.index.get(tokens[i]!) ?? -1;
  return ids;
}

export function tokenizeDoc(title: string, abstract: string): { tokens: string[]; titleEnd: number; sentenceStarts: number[] } {
  const tokens = tokenize(title);
  const titleEnd = tokens.length;
  const sentenceStarts: number[] = [];
  for (const s of splitSentences(abstract)) {
    const st = tokenize(s);
    if (st.length === 0) continue;
    sentenceStarts.push(tokens.length);
    for (const t of st) tokens.push(t);
  }
  return { tokens, titleEnd, sentenceStarts };
}

/**
 * Accumulates a weighted bag of rows (unigrams and bigram buckets) for one
 * span set of a document: weight = idf * (1 + ln tf). Reused across calls.
 */
export class BagBuilder {
  readonly ids: Int32Array;
  readonly weights: Float32Array;
  length = 0;
  private readonly tf: Float32Array;
  private readonly slot: Int32Array;
  private readonly V: number;

  constructor(private readonly vocab: Vocabulary, maxLen = 8192) {
    this.V = vocab.terms.length;
    this.ids = new Int32Array(maxLen);
    this.weights = new Float32Array(maxLen);
    this.tf = new Float32Array(maxLen);
    this.slot = new Int32Array(this.V + vocab.buckets).fill(-1);
  }

  reset(): void {
    for (let i = 0; i < this.length; i++) this.slot[this.ids[i]!] = -1;
    this.length = 0;
  }

  private addRow(row: number): void {
    const s = this.slot[row]!;
    if (s >= 0) {
      this.tf[s]!++;
      return;
    }
    if (this.length >= this.ids.length) return;
    this.slot[row] = this.length;
    this.ids[this.length] = row;
    this.tf[this.length] = 1;
    this.length++;
  }

  /** Adds ids[from, to); `keep` (if given) decides per token whether it stays (term dropout). */
  addSpan(ids: Int32Array, from: number, to: number, keep?: () => boolean): void {
    let prev = -1;
    const H = this.vocab.buckets;
    for (let i = from; i < to; i++) {
      let id = ids[i]!;
      if (id >= 0 && keep && !keep()) id = -1;
      if (id >= 0) {
        this.addRow(id);
        if (prev >= 0 && H > 0) this.addRow(this.V + bigramBucket(prev, id, H));
      }
      prev = id;
    }
  }

  /** Turns term counts into weights; returns the number of rows. */
  finish(): number {
    const { idf, bucketIdf } = this.vocab;
    for (let i = 0; i < this.length; i++) {
      const row = this.ids[i]!;
      const w = row < this.V ? idf[row]! : bucketIdf[row - this.V]!;
      this.weights[i] = w * (1 + Math.log(this.tf[i]!));
    }
    return this.length;
  }
}
