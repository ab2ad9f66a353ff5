import { RowScorer, topIndexes } from '../../src/search/numeric/row-scorer.ts';

/** Exact (brute-force) cosine search over a matrix of L2-normalised vectors. */
export class VectorIndex {
  private scorer: RowScorer | null = null;

  readonly matrix: Float32Array;
  constructor(readonly ids: readonly string[], vectors: readonly Float32Array[], readonly dims: number) {
    this.matrix = new Float32Array(ids.length * dims);
    vectors.forEach((v, i) => this.matrix.set(v, i * dims));
    this.position = new Map(ids.map((x, i) => [x, i]));
  }

  private readonly position: Map<string, number>;

  score(q: Float32Array, id: string): number {
    const i = this.position.get(id);
    if (i === undefined) return NaN;
    let s = 0;
    const o = i * this.dims;
    for (let k = 0; k < this.dims; k++) s += q[k]! * this.matrix[o + k]!;
    return s;
  }

  /** top `limit` by dot product; `dimsFrom/dimsTo` restrict to a slice of the vector (to score one part alone) */
  search(q: Float32Array, limit: number, dimsFrom = 0, dimsTo = this.dims): Map<string, number> {
    if (dimsFrom === 0 && dimsTo === this.dims && this.ids.length > 0) {
      // the whole vector: the product's SIMD kernel (several times faster than the loop below)
      this.scorer ??= new RowScorer(this.ids.length, this.dims, this.matrix);
      const scores = this.scorer.score(q);
      return new Map(topIndexes(scores, limit).map((i) => [this.ids[i]!, scores[i]!]));
    }
    const n = this.ids.length;
    const d = this.dims;
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * d;
      for (let k = dimsFrom; k < dimsTo; k++) s += q[k]! * this.matrix[o + k]!;
      scores[i] = s;
    }
    // keep the best `limit` in a small sorted buffer (limit << n)
    const top: number[] = [];
    let floor = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      if (top.length >= limit && s <= floor) continue;
      let j = top.length;
      top.push(i);
      while (j > 0 && scores[top[j - 1]!]! < s) {
        top[j] = top[j - 1]!;
        j--;
      }
      top[j] = i;
      if (top.length > limit) top.pop();
      if (top.length >= limit) floor = scores[top[top.length - 1]!]!;
    }
    const out = new Map<string, number>();
    for (const i of top) out.set(this.ids[i]!, scores[i]!);
    return out;
  }
}
