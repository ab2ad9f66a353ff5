/**
 * A fixed set of float32 rows (centroids, or a batch of queries) kept in
 * WebAssembly memory and scored against one vector at a time with the SIMD
 * kernel (simd-kernels.ts): ~30 ns per 512-d row instead of ~400 ns in JS.
 * The vector index uses it to pick the lists a query probes, to assign vectors to lists, by
 * k-means while training, and by the exact (brute-force) search.
 */
import { kernels, STRIDE_ALIGN, type Kernels } from './simd-kernels.ts';

const PAGE = 65536;

export class RowScorer {
  readonly count: number;
  readonly dim: number;
  private readonly kernel: Kernels;
  /** row length in bytes, zero-padded to the kernel's alignment */
  private readonly stride: number;
  private readonly rowsAt: number;
  private readonly outAt: number;
  private floats: Float32Array;

  constructor(count: number, dim: number, rows?: Float32Array) {
    this.count = count;
    this.dim = dim;
    this.stride = Math.ceil((dim * 4) / STRIDE_ALIGN) * STRIDE_ALIGN;
    // layout: [query][rows][scores]
    this.rowsAt = this.stride;
    this.outAt = this.rowsAt + count * this.stride;
    this.kernel = kernels(Math.ceil((this.outAt + count * 4 + 16) / PAGE));
    this.floats = new Float32Array(this.kernel.memory.buffer);
    if (rows) for (let i = 0; i < count; i++) this.setRow(i, rows, i * dim);
  }

  /** Copies `dim` floats of `source` from `offset` into row `i`. */
  setRow(i: number, source: Float32Array, offset = 0): void {
    this.floats.set(source.subarray(offset, offset + this.dim), (this.rowsAt + i * this.stride) >> 2);
  }

  /** The query's floats, to fill in place before `score` (saves a copy when decoding). */
  query(): Float32Array {
    return this.floats.subarray(0, this.dim);
  }

  /** Scores rows [first, first + n) against the vector written by `query()`; a view valid until the next call. */
  scoreQuery(first = 0, n = this.count - first): Float32Array {
    this.kernel.dotF32(0, this.rowsAt + first * this.stride, n, this.stride, this.outAt);
    return this.floats.subarray(this.outAt >> 2, (this.outAt >> 2) + n);
  }

  /** Dot products of `v` with rows [first, first + n); a view valid until the next call. */
  score(v: Float32Array, first = 0, n = this.count - first): Float32Array {
    this.floats.set(v.subarray(0, this.dim), 0);
    return this.scoreQuery(first, n);
  }

  /** Index of the best row in [first, first + n) for `v`. */
  best(v: Float32Array, first = 0, n = this.count - first): number {
    const s = this.score(v, first, n);
    let best = 0;
    for (let i = 1; i < n; i++) if (s[i]! > s[best]!) best = i;
    return first + best;
  }

  /** Indexes of the `m` best rows for `v`, best first. */
  top(v: Float32Array, m: number): number[] {
    return topIndexes(this.score(v), m);
  }
}

/** Indexes of the `m` largest values of `scores`, largest first. */
export function topIndexes(scores: Float32Array, m: number): number[] {
  const n = scores.length;
  m = Math.min(m, n);
  if (m <= 0) return [];
  let threshold = -Infinity;
  if (m < n) {
    const sorted = Float32Array.from(scores).sort(); // native numeric sort, fast
    threshold = sorted[n - m]!;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (scores[i]! >= threshold) out.push(i);
  out.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return out.length > m ? out.slice(0, m) : out;
}
