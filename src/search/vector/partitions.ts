/**
 * The inverted-file partitions of the approximate vector index (ivf-index.ts):
 * spherical k-means and the two-level coarse quantizer. The exact vectors'
 * float16 form is in half.ts, the scan's 4-bit codes in codebook.ts.
 *
 * IVF in one paragraph: the vectors are split into `lists` by their nearest
 * centroid; a query scores every centroid, scans only the `probes` nearest
 * lists (4-bit codes, in memory: inverted-lists.ts) and rescores the best few
 * hundred with the stored vectors. Centroids are learned in two levels (a few
 * top centroids, then leaves inside each), so assigning a million vectors costs
 * ~(top + beam * leaves-per-top) dot products each instead of `lists`. Every
 * dot product with centroids runs in the SIMD kernel (numeric/row-scorer.ts).
 */
import { normalizeInPlace } from '../numeric/linalg.ts';
import { rng } from '../numeric/random.ts';
import { RowScorer } from '../numeric/row-scorer.ts';
import { decodeHalfInto, type HalfRows } from './half.ts';

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
