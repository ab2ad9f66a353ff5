/**
 * The arithmetic behind the approximate vector index (sqlite-vector-index.ts),
 * free of SQL: spherical k-means for the inverted-file partitions, int8 codes
 * for the coarse scan and float16 storage for the exact vectors.
 *
 * IVF in one paragraph: the vectors are split into `lists` by their nearest
 * centroid; a query scores every centroid, scans only the `probes` nearest
 * lists (int8 codes, in C by sqlite-vec) and rescores the best few hundred with
 * the stored vectors. Centroids are learned in two levels (a few top centroids,
 * then leaves inside each), so assigning a million vectors costs
 * ~(top + beam * leaves-per-top) dot products each instead of `lists`.
 */

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

/**
 * Spherical k-means (max dot product, normalised means) over `points`.
 * Returns `k` unit centroids packed in one Float32Array (k × dim).
 */
export function sphericalKMeans(points: readonly Float32Array[], k: number, dim: number, iterations: number, random: () => number): Float32Array {
  k = Math.max(1, Math.min(k, points.length));
  const centroids = new Float32Array(k * dim);
  // distinct random points as the start
  const order = points.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
    centroids.set(points[order[i]!]!, i * dim);
  }
  const assign = new Int32Array(points.length);
  for (let it = 0; it < iterations; it++) {
    for (let p = 0; p < points.length; p++) assign[p] = nearestRow(points[p]!, centroids, k, dim);
    const sums = new Float64Array(k * dim);
    const counts = new Int32Array(k);
    for (let p = 0; p < points.length; p++) {
      const c = assign[p]!;
      counts[c]!++;
      const v = points[p]!;
      const o = c * dim;
      for (let d = 0; d < dim; d++) sums[o + d]! += v[d]!;
    }
    for (let c = 0; c < k; c++) {
      const row = centroids.subarray(c * dim, (c + 1) * dim);
      if (counts[c] === 0) {
        row.set(points[Math.floor(random() * points.length)]!); // reseed an empty cluster
        continue;
      }
      for (let d = 0; d < dim; d++) row[d] = sums[c * dim + d]!;
      normalizeInPlace(row);
    }
  }
  return centroids;
}

/** Index of the row of `rows` (n × dim) with the largest dot product with `v`. */
export function nearestRow(v: Float32Array, rows: Float32Array, n: number, dim: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let r = 0; r < n; r++) {
    const s = dotF32(v, rows, r * dim);
    if (s > bestScore) {
      bestScore = s;
      best = r;
    }
  }
  return best;
}

/** Indexes of the `m` rows with the largest dot products, best first. */
export function topRows(v: Float32Array, rows: Float32Array, n: number, dim: number, m: number): number[] {
  const scores = new Float32Array(n);
  for (let r = 0; r < n; r++) scores[r] = dotF32(v, rows, r * dim);
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => scores[b]! - scores[a]!);
  return idx.slice(0, Math.min(m, n));
}

/** A trained two-level coarse quantizer: `leaves` are the lists, grouped under `tops`. */
export interface Partitions {
  readonly dim: number;
  readonly tops: Float32Array;
  readonly topCount: number;
  /** leaf centroids (lists), packed */
  readonly leaves: Float32Array;
  readonly leafCount: number;
  /** for each top centroid, the leaf indexes under it */
  readonly leavesOfTop: readonly (readonly number[])[];
}

/** Learns about `lists` partitions from `sample` (unit vectors). */
export function trainPartitions(sample: readonly Float32Array[], lists: number, dim: number, seed = 1): Partitions {
  const random = rng(seed);
  const topCount = Math.max(1, Math.min(Math.round(Math.sqrt(lists)), sample.length));
  const tops = sphericalKMeans(sample, topCount, dim, 8, random);
  const members: Float32Array[][] = Array.from({ length: topCount }, () => []);
  for (const v of sample) members[nearestRow(v, tops, topCount, dim)]!.push(v);
  const leafRows: Float32Array[] = [];
  const leavesOfTop: number[][] = [];
  for (let t = 0; t < topCount; t++) {
    const m = members[t]!;
    const want = m.length === 0 ? 0 : Math.max(1, Math.round((lists * m.length) / sample.length));
    const c = want > 0 ? sphericalKMeans(m, want, dim, 8, random) : new Float32Array(0);
    const mine: number[] = [];
    for (let i = 0; i < c.length / dim; i++) {
      mine.push(leafRows.length);
      leafRows.push(c.slice(i * dim, (i + 1) * dim));
    }
    leavesOfTop.push(mine);
  }
  const leaves = new Float32Array(leafRows.length * dim);
  leafRows.forEach((r, i) => leaves.set(r, i * dim));
  return { dim, tops, topCount, leaves, leafCount: leafRows.length, leavesOfTop };
}

/** The list a vector belongs to: best leaf under the `beam` best top centroids. */
export function assignList(p: Partitions, v: Float32Array, beam = 2): number {
  let best = 0;
  let bestScore = -Infinity;
  for (const t of topRows(v, p.tops, p.topCount, p.dim, beam)) {
    for (const leaf of p.leavesOfTop[t]!) {
      const s = dotF32(v, p.leaves, leaf * p.dim);
      if (s > bestScore) {
        bestScore = s;
        best = leaf;
      }
    }
  }
  return best;
}

/** Int8 code of a unit vector: components times `scale`, rounded and clipped to ±127. */
export function quantize(v: Float32Array, scale: number): Int8Array {
  const out = new Int8Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Math.max(-127, Math.min(127, Math.round(v[i]! * scale)));
  return out;
}

/** A scale that maps the 99.9th percentile of |component| in the sample to 127. */
export function int8Scale(sample: readonly Float32Array[]): number {
  const abs: number[] = [];
  for (const v of sample) for (let i = 0; i < v.length; i += 7) abs.push(Math.abs(v[i]!));
  if (abs.length === 0) return 127;
  abs.sort((a, b) => a - b);
  const q = abs[Math.min(abs.length - 1, Math.floor(abs.length * 0.999))]!;
  return q > 0 ? 127 / q : 127;
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
  const n = b.byteLength >> 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = HALF_TO_FLOAT[b[2 * i]! | (b[2 * i + 1]! << 8)]!;
  return out;
}

/** Dot product of a float query with a stored float16 vector, without decoding it first. */
export function dotHalf(q: Float32Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) s += q[i]! * HALF_TO_FLOAT[b[2 * i]! | (b[2 * i + 1]! << 8)]!;
  return s;
}
