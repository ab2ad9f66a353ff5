/**
 * The arithmetic behind the approximate vector index (sqlite-vector-index.ts),
 * free of SQL: spherical k-means for the inverted-file partitions and float16
 * storage for the exact vectors (the scan's 4-bit codes are in codebook.ts).
 *
 * IVF in one paragraph: the vectors are split into `lists` by their nearest
 * centroid; a query scores every centroid, scans only the `probes` nearest
 * lists (4-bit codes, in memory: inverted-lists.ts) and rescores the best few
 * hundred with the stored vectors. Centroids are learned in two levels (a few
 * top centroids, then leaves inside each), so assigning a million vectors costs
 * ~(top + beam * leaves-per-top) dot products each instead of `lists`. Every
 * dot product with centroids runs in the SIMD kernel (row-scorer.ts).
 */
import { RowScorer } from './row-scorer.ts';

export function dotF32(a: Float32Array, b: Float32Array, bOffset = 0): number {
  let s = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) s += a[i]! * b[bOffset + i]!;
  return s;
}

function normalizeInPlace(v: Float32Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
}

/** A small deterministic PRNG (mulberry32), so training is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Vectors stored as packed float16 (count × dim × 2 bytes): the training sample, half the memory of float32. */
export interface HalfRows {
  readonly count: number;
  readonly dim: number;
  readonly bytes: Uint8Array;
}

/**
 * Spherical k-means (max dot product, normalised means) over the rows
 * `members` of `rows`; the assignment step runs in the SIMD kernel.
 * Returns `k` unit centroids packed in one Float32Array (k × dim).
 */
export function sphericalKMeans(rows: HalfRows, members: Int32Array, k: number, iterations: number, random: () => number): Float32Array {
  const dim = rows.dim;
  k = Math.max(1, Math.min(k, members.length));
  const centroids = new Float32Array(k * dim);
  const point = new Float32Array(dim);
  // distinct random members as the start
  const order = Int32Array.from(members);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
    decodeHalfInto(rows.bytes, order[i]! * dim * 2, point);
    centroids.set(point, i * dim);
  }
  if (k === 1 && iterations > 0) iterations = 1;
  const scorer = new RowScorer(k, dim, centroids);
  const q = scorer.query();
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let it = 0; it < iterations; it++) {
    sums.fill(0);
    counts.fill(0);
    for (let p = 0; p < members.length; p++) {
      decodeHalfInto(rows.bytes, members[p]! * dim * 2, q);
      const s = scorer.scoreQuery();
      let c = 0;
      for (let i = 1; i < k; i++) if (s[i]! > s[c]!) c = i;
      counts[c]!++;
      const o = c * dim;
      for (let d = 0; d < dim; d++) sums[o + d]! += q[d]!;
    }
    for (let c = 0; c < k; c++) {
      const row = centroids.subarray(c * dim, (c + 1) * dim);
      if (counts[c] === 0) {
        decodeHalfInto(rows.bytes, members[Math.floor(random() * members.length)]! * dim * 2, row); // reseed an empty cluster
      } else {
        for (let d = 0; d < dim; d++) row[d] = sums[c * dim + d]!;
        normalizeInPlace(row);
      }
      scorer.setRow(c, row);
    }
  }
  return centroids;
}

/** A trained two-level coarse quantizer: `leaves` are the lists, grouped under `tops`. */
export interface Partitions {
  readonly dim: number;
  readonly tops: Float32Array;
  readonly topCount: number;
  /** leaf centroids (lists), packed; the leaves of one top are consecutive */
  readonly leaves: Float32Array;
  readonly leafCount: number;
  /** for each top centroid, the leaf indexes under it */
  readonly leavesOfTop: readonly (readonly number[])[];
}

/** Learns about `lists` partitions from `sample` (unit vectors). */
export function trainPartitions(sample: HalfRows, lists: number, seed = 1, iterations = 8): Partitions {
  const dim = sample.dim;
  const random = rng(seed);
  const all = Int32Array.from({ length: sample.count }, (_, i) => i);
  const topCount = Math.max(1, Math.min(Math.round(Math.sqrt(lists)), sample.count));
  const tops = sphericalKMeans(sample, all, topCount, iterations, random);
  const topScorer = new RowScorer(topCount, dim, tops);
  const memberLists: number[][] = Array.from({ length: topCount }, () => []);
  const q = topScorer.query();
  for (let p = 0; p < sample.count; p++) {
    decodeHalfInto(sample.bytes, p * dim * 2, q);
    const s = topScorer.scoreQuery();
    let t = 0;
    for (let i = 1; i < topCount; i++) if (s[i]! > s[t]!) t = i;
    memberLists[t]!.push(p);
  }
  const leafRows: Float32Array[] = [];
  const leavesOfTop: number[][] = [];
  for (let t = 0; t < topCount; t++) {
    const m = memberLists[t]!;
    const want = m.length === 0 ? 0 : Math.max(1, Math.round((lists * m.length) / sample.count));
    const c = want > 0 ? sphericalKMeans(sample, Int32Array.from(m), want, iterations, random) : new Float32Array(0);
    const mine: number[] = [];
    for (let i = 0; i < c.length / dim; i++) {
      mine.push(leafRows.length);
      leafRows.push(c.subarray(i * dim, (i + 1) * dim));
    }
    leavesOfTop.push(mine);
  }
  const leaves = new Float32Array(leafRows.length * dim);
  leafRows.forEach((r, i) => leaves.set(r, i * dim));
  return { dim, tops, topCount, leaves, leafCount: leafRows.length, leavesOfTop };
}

/**
 * The partitions loaded into the SIMD scorers: which list a vector belongs to
 * (best leaf under the `beam` best tops), and which lists a query probes
 * (the best leaves of all, scored flat).
 */
export class CoarseQuantizer {
  readonly partitions: Partitions;
  private readonly tops: RowScorer;
  private readonly leaves: RowScorer;
  private readonly firstLeaf: Int32Array;

  constructor(p: Partitions) {
    this.partitions = p;
    this.tops = new RowScorer(p.topCount, p.dim, p.tops);
    this.leaves = new RowScorer(p.leafCount, p.dim, p.leaves);
    this.firstLeaf = new Int32Array(p.topCount);
    p.leavesOfTop.forEach((leaves, t) => {
      this.firstLeaf[t] = leaves[0] ?? 0;
      leaves.forEach((l, i) => {
        if (l !== leaves[0]! + i) throw new Error('the leaves of a top centroid must be numbered consecutively');
      });
    });
  }

  get lists(): number {
    return this.partitions.leafCount;
  }

  /** The list `v` belongs to. */
  assign(v: Float32Array, beam = 3): number {
    let best = 0;
    let bestScore = -Infinity;
    for (const t of bestFew(this.tops.score(v), beam)) {
      const n = this.partitions.leavesOfTop[t]!.length;
      if (n === 0) continue;
      const s = this.leaves.score(v, this.firstLeaf[t]!, n);
      for (let i = 0; i < n; i++) {
        if (s[i]! > bestScore) {
          bestScore = s[i]!;
          best = this.firstLeaf[t]! + i;
        }
      }
    }
    return best;
  }

  /** The `probes` lists nearest to `v`, best first. */
  probe(v: Float32Array, probes: number): number[] {
    return this.leaves.top(v, probes);
  }
}

/** Indexes of the `m` largest of `scores` (m small: a linear pass per pick, no sort). */
function bestFew(scores: Float32Array, m: number): number[] {
  const picked: number[] = [];
  for (let j = 0; j < Math.min(m, scores.length); j++) {
    let best = -1;
    for (let i = 0; i < scores.length; i++) if (!picked.includes(i) && (best < 0 || scores[i]! > scores[best]!)) best = i;
    picked.push(best);
  }
  return picked;
}

// float16 storage: half the bytes of float32, error ~1e-4 on unit-vector components.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const HALF_TO_FLOAT = (() => {
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    t[h] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
  }
  return t;
})();

function toHalf(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const e = ((b >>> 23) & 0xff) - 127 + 15;
  const m = b & 0x7fffff;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const mm = (m | 0x800000) >> (1 - e);
    return sign | ((mm + 0x1000) >> 13);
  }
  return sign | (e << 10) | ((m + 0x1000) >> 13); // rounding may carry into the exponent, which is still correct
}

export function encodeHalf(v: Float32Array): Buffer {
  const h = new Uint16Array(v.length);
  for (let i = 0; i < v.length; i++) h[i] = toHalf(v[i]!);
  return Buffer.from(h.buffer, h.byteOffset, h.byteLength);
}

export function decodeHalf(b: Uint8Array): Float32Array {
  const out = new Float32Array(b.byteLength >> 1);
  decodeHalfInto(b, 0, out);
  return out;
}

/** Decodes `out.length` float16 values of `b` from byte `offset` into `out`. */
export function decodeHalfInto(b: Uint8Array, offset: number, out: Float32Array): void {
  for (let i = 0, o = offset; i < out.length; i++, o += 2) out[i] = HALF_TO_FLOAT[b[o]! | (b[o + 1]! << 8)]!;
}

/** Dot product of a float query with a stored float16 vector, without decoding it first. */
export function dotHalf(q: Float32Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) s += q[i]! * HALF_TO_FLOAT[b[2 * i]! | (b[2 * i + 1]! << 8)]!;
  return s;
}
